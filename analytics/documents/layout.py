"""Official page layout for every .docx (in the manner of GB/T 9704): A4, margins, fonts, fields."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Any, Final

import docx
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE


@dataclass(frozen=True)
class Face:
    """A font role: the East Asian face Word on Windows ships, and the Latin face beside it."""

    east_asian: str
    latin: str
    size_pt: float
    bold: bool = False


# Chinese type sizes in points: 二号 22 pt, 三号 16 pt, 四号 14 pt.
SIZE_2: Final = 22.0
SIZE_3: Final = 16.0
SIZE_4: Final = 14.0

# Faces every Windows PC with Chinese support has (黑体 SimHei, 仿宋 FangSong, 楷体 KaiTi); where
# they are missing (Linux, LibreOffice) fontconfig falls back to an installed CJK face, so the text
# still renders. 小标宋 is not shipped with Windows, so titles use 黑体 as GB/T 9704 permits.
TITLE: Final = Face("黑体", "Times New Roman", SIZE_2)
HEADING_1: Final = Face("黑体", "Times New Roman", SIZE_3)
HEADING_2: Final = Face("楷体", "Times New Roman", SIZE_3)
BODY: Final = Face("仿宋", "Times New Roman", SIZE_3)
TABLE: Final = Face("仿宋", "Times New Roman", SIZE_4)
PAGE_NUMBER: Final = Face("宋体", "Times New Roman", SIZE_4)

# GB/T 9704-2012 §5.2: A4; type area 156 mm x 225 mm; top margin 37 mm, left 28 mm; 22 lines of
# 28 characters. Right and bottom margins follow from the type area.
PAGE_WIDTH_MM: Final = 210
PAGE_HEIGHT_MM: Final = 297
MARGIN_TOP_MM: Final = 37
MARGIN_LEFT_MM: Final = 28
MARGIN_RIGHT_MM: Final = 26
MARGIN_BOTTOM_MM: Final = 35
LINES_PER_PAGE: Final = 22
CHARS_PER_LINE: Final = 28
# 225 mm / 22 lines = 10.2 mm = 28.9 pt exact line pitch.
LINE_PITCH_PT: Final = round(225 / LINES_PER_PAGE / 25.4 * 72, 1)
TYPE_AREA_WIDTH_PT: Final = (PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM) / 25.4 * 72
# Word's document grid puts CHARS_PER_LINE characters on a line by narrowing the character
# pitch: charSpace is the change per character in 1/4096 pt (28 x 15.79 pt = 156 mm).
CHAR_SPACE: Final = math.floor((TYPE_AREA_WIDTH_PT / CHARS_PER_LINE - 16.0) * 4096)

STYLE_TITLE: Final = "公文标题"
STYLE_BODY: Final = "公文正文"
STYLE_HEADING_1: Final = "Heading 1"
STYLE_HEADING_2: Final = "Heading 2"
STYLE_QUOTE: Final = "公文引文"
STYLE_PART_TITLE: Final = "汇编篇名"  # a report's title in the 汇编: outline level 1, in the TOC
STYLE_LEVEL_1: Final = "公文一级标题"  # 一、 headings inside a report: 黑体
STYLE_LEVEL_2: Final = "公文二级标题"  # （一） headings inside a report: 楷体
STYLE_NOTE: Final = "公文附注"


def _set_faces(element: Any, face: Face) -> None:
    """Put the face names on a style's or run's rPr; python-docx sets only the Latin slots."""
    r_pr = element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    fonts.set(qn("w:ascii"), face.latin)
    fonts.set(qn("w:hAnsi"), face.latin)
    fonts.set(qn("w:eastAsia"), face.east_asian)
    fonts.set(qn("w:hint"), "eastAsia")


def _style(document: Any, name: str, face: Face, *, base: str | None = None) -> Any:
    styles = document.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        if base is not None:
            style.base_style = styles[base]
    style.font.name = face.latin
    style.font.size = Pt(face.size_pt)
    style.font.bold = face.bold
    style.font.italic = False
    style.font.color.rgb = None
    _set_faces(style.element, face)
    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PITCH_PT)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    return style


def new_document(*, title: str) -> Any:
    """An empty A4 document with the official styles, page numbers in the footer, and metadata."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width = Mm(PAGE_WIDTH_MM)
    section.page_height = Mm(PAGE_HEIGHT_MM)
    section.top_margin = Mm(MARGIN_TOP_MM)
    section.bottom_margin = Mm(MARGIN_BOTTOM_MM)
    section.left_margin = Mm(MARGIN_LEFT_MM)
    section.right_margin = Mm(MARGIN_RIGHT_MM)
    section.footer_distance = Mm(20)
    _document_grid(section)

    normal = _style(document, "Normal", BODY)
    normal.paragraph_format.first_line_indent = Pt(BODY.size_pt * 2)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _style(document, STYLE_BODY, BODY, base="Normal")
    title_style = _style(document, STYLE_TITLE, TITLE, base="Normal")
    title_style.paragraph_format.first_line_indent = Pt(0)
    title_style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title_style.paragraph_format.line_spacing = Pt(LINE_PITCH_PT * 1.2)
    title_style.paragraph_format.space_after = Pt(LINE_PITCH_PT)
    for name, face in ((STYLE_HEADING_1, HEADING_1), (STYLE_HEADING_2, HEADING_2)):
        heading = _style(document, name, face)
        heading.paragraph_format.first_line_indent = Pt(BODY.size_pt * 2)
        heading.paragraph_format.keep_with_next = True
        heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    quote = _style(document, STYLE_QUOTE, HEADING_2, base="Normal")
    quote.paragraph_format.first_line_indent = Pt(BODY.size_pt * 2)
    note = _style(document, STYLE_NOTE, TABLE, base="Normal")
    note.paragraph_format.first_line_indent = Pt(0)
    part = _style(document, STYLE_PART_TITLE, TITLE, base="Normal")
    part.paragraph_format.first_line_indent = Pt(0)
    part.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    part.paragraph_format.line_spacing = Pt(LINE_PITCH_PT * 1.2)
    part.paragraph_format.space_after = Pt(LINE_PITCH_PT)
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), "0")
    part.element.get_or_add_pPr().append(outline)
    for name, face in ((STYLE_LEVEL_1, HEADING_1), (STYLE_LEVEL_2, HEADING_2)):
        level = _style(document, name, face, base="Normal")
        level.paragraph_format.keep_with_next = True
    _page_number_footer(section)
    document.core_properties.title = title
    document.core_properties.language = "zh-CN"
    return document


def _document_grid(section: Any) -> None:
    """Lines and characters on a grid: LINES_PER_PAGE lines of CHARS_PER_LINE characters."""
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH_PT * 20)))
    grid.set(qn("w:charSpace"), str(CHAR_SPACE))


def _field(paragraph: Any, instruction: str, placeholder: str = "") -> None:
    """A Word field (PAGE, TOC …) as begin/instr/separate/result/end runs: python-docx has none."""

    def run_with(child: Any) -> None:
        run = paragraph.add_run()
        run._r.append(child)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    if placeholder:
        paragraph.add_run(placeholder)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _page_number_footer(section: Any) -> None:
    """The page number centred in the footer as “— N —” in 宋体 四号 (GB/T 9704 §7.5)."""
    footer = section.footer
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Pt(0)
    paragraph.add_run("— ")
    _field(paragraph, "PAGE", "1")
    paragraph.add_run(" —")
    for run in paragraph.runs:
        run.font.size = Pt(PAGE_NUMBER.size_pt)
        _set_faces(run._r, PAGE_NUMBER)


def clean(text: str) -> str:
    """Text Word can hold: XML-illegal control characters (found in odd exports) removed."""
    return str(ILLEGAL_CHARACTERS_RE.sub("", text))


def add_paragraph(document: Any, text: str, *, style: str) -> Any:
    return document.add_paragraph(clean(text), style=style)


def add_title(document: Any, text: str) -> Any:
    return add_paragraph(document, text, style=STYLE_TITLE)


def add_heading(document: Any, text: str, *, level: int = 1) -> Any:
    return add_paragraph(document, text, style=STYLE_HEADING_1 if level == 1 else STYLE_HEADING_2)


def add_body(document: Any, text: str) -> Any:
    return add_paragraph(document, text, style=STYLE_BODY)


def add_quote(document: Any, text: str) -> Any:
    """A quotation from a report, in 楷体 so that quoted words stand apart from the draft's own."""
    return add_paragraph(document, text, style=STYLE_QUOTE)


def add_note(document: Any, text: str, *, centred: bool = False) -> Any:
    paragraph = add_paragraph(document, text, style=STYLE_NOTE)
    if centred:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def add_table(document: Any, header: list[str], rows: list[list[str]]) -> Any:
    """A bordered table in 仿宋 四号 with a bold header row."""
    table = document.add_table(rows=1 + len(rows), cols=len(header))
    table.style = document.styles["Table Grid"]
    for r, values in enumerate([header, *rows]):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.text = ""
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.first_line_indent = Pt(0)
            paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
            run = paragraph.add_run(clean(value))
            run.font.size = Pt(TABLE.size_pt)
            run.font.bold = r == 0
            _set_faces(run._r, TABLE)
    return table


def add_page_break(document: Any) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def add_toc(document: Any, entries: list[str]) -> None:
    """A table of contents field over Heading 1, pre-filled with the entries until Word updates it.

    The document also asks Word to update its fields on opening, which fills in page numbers.
    """
    paragraph = document.add_paragraph(style=STYLE_BODY)
    paragraph.paragraph_format.first_line_indent = Pt(0)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _field(paragraph, 'TOC \\o "1-1" \\h \\z \\u')
    # The field's cached result: one line per entry, shown before Word recomputes the field.
    result_end = paragraph._p[-1]
    for entry in entries:
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.set(qn("xml:space"), "preserve")
        text.text = clean(entry)
        run.append(text)
        brk = OxmlElement("w:br")
        run.append(brk)
        result_end.addprevious(run)
    settings = document.settings.element
    update = settings.find(qn("w:updateFields"))
    if update is None:
        update = OxmlElement("w:updateFields")
        settings.append(update)
    update.set(qn("w:val"), "true")


def new_page_section(document: Any) -> None:
    """Start a new page (a report in the 汇编 starts on its own page)."""
    document.add_section(WD_SECTION.NEW_PAGE)


def to_bytes(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
