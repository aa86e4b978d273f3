"""Reading report files: every encoding and format gives the same text; bad files are refused."""

from __future__ import annotations

import io
import random
import struct
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pypdf
import pytest
from builders import build_docx, build_pdf, save_document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from fpdf import FPDF

from analytics import readers
from analytics.errors import ReportError
from analytics.readers import join_pdf_lines, normalize_text, read_document, safe_name

# A made-up report in the genre (no sentence of a real report).
REPORT = """XX县农业农村局党组书记抓基层党建工作述职报告

今年以来，在县委的坚强领导下，本人认真履行党建工作第一责任人职责，现将有关情况报告如下：

一、履职情况
（一）抓理论武装。全年组织党组理论学习中心组集中学习11次，开展党员集中学习36次，本人讲专题党课4次，推动学习成果转化为推进乡村振兴的实际成效。
（二）抓组织建设。严格落实“三会一课”制度，召开支委会12次、党员大会4次，开展主题党日活动12次；发展党员3名，预备党员转正2名，培养入党积极分子7名。
（三）抓作风建设。专题研究党风廉政建设工作2次，开展谈心谈话60余人次，收缴党费1.2万元。

二、存在问题
一是理论学习不够深入，学用结合不够紧密。二是党建工作创新不足，活动载体单一。三是党建与业务融合不够，存在“两张皮”现象。

三、下一步工作打算
持续深化理论武装，推动党建与业务深度融合，全面提升基层党组织组织力。"""

REPORT_LINES = [line for line in REPORT.split("\n") if line.strip()]


# --- builders (the shared document builders live in tests/builders.py) ------------------------


def build_encrypted_pdf() -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(build_pdf(REPORT_LINES[:3]))))
    writer.encrypt("密码123456")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def build_scanned_pdf() -> bytes:
    """A page holding only a picture, as a scanner makes it."""
    from PIL import Image

    image = Image.new("L", (200, 280), color=235)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=190)
    return bytes(pdf.output())


def build_blank_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    return bytes(pdf.output())


def build_zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def build_inflating_bomb() -> bytes:
    """A .docx whose document.xml inflates 64 MB of zeros from about 64 KB (ratio ~1000)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        info = zipfile.ZipInfo("word/document.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        chunk = b"\0" * (1 << 20)
        with archive.open(info, "w") as handle:
            for _ in range(64):
                handle.write(chunk)
    return buffer.getvalue()


def build_declared_bomb() -> bytes:
    """A real .docx whose document.xml declares 1 GB uncompressed (sizes patched in the zip)."""
    data = bytearray(build_docx(REPORT_LINES[:2]))
    name = b"word/document.xml"
    gigabyte = struct.pack("<I", 1 << 30)
    for signature, size_at, name_at in ((b"PK\x01\x02", 24, 46), (b"PK\x03\x04", 22, 30)):
        start = 0
        while (pos := data.find(signature, start)) >= 0:
            if data[pos + name_at : pos + name_at + len(name)] == name:
                data[pos + size_at : pos + size_at + 4] = gigabyte
            start = pos + 4
    return bytes(data)


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def build_encrypted_office() -> bytes:
    """An OLE container with an EncryptedPackage stream, as Word saves a password-protected file."""
    return OLE_MAGIC + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 1024


# --- every encoding and format gives the same text ----------------------------------------------


@pytest.mark.parametrize(
    ("codec", "encoding"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gbk", "gb18030"),
        ("gb2312", "gb18030"),
        ("gb18030", "gb18030"),
        ("utf-16", "utf-16"),
        ("utf-16-le", "utf-16-le"),
        ("utf-16-be", "utf-16-be"),
        ("utf-32", "utf-32"),
    ],
)
def test_every_text_encoding_reads_the_same(codec: str, encoding: str) -> None:
    doc = read_document(REPORT.encode(codec), "2023_XX县农业农村局.txt")
    assert doc.text == REPORT
    assert doc.format == "txt"
    assert doc.encoding == encoding


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_line_endings_become_newlines(newline: str) -> None:
    data = REPORT.replace("\n", newline).encode("gbk")
    assert read_document(data, "报告.txt").text == REPORT


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("发展党员３名  \n", "发展党员３名"),  # full-width digits stay, trailing spaces go
        ("\ufeff一、履职情况\u200b\n正文。", "一、履职情况\n正文。"),
        ("标题\n\n\n\n\n正文。", "标题\n\n正文。"),
        ("　　首行缩进保留。\u3000\u3000", "　　首行缩进保留。"),
        ("第一行\x0c第二行", "第一行\n第二行"),
        ("\n\n正文。\n\n", "正文。"),
        ("ｆｕｌｌ－ｗｉｄｔｈ ＡＢＣ１２３", "ｆｕｌｌ－ｗｉｄｔｈ ＡＢＣ１２３"),
    ],
)
def test_normalisation(text: str, expected: str) -> None:
    assert normalize_text(text) == expected
    assert read_document(text.encode("utf-8"), "a.txt").text == expected


def test_short_gbk_text_is_not_mistaken_for_another_codec() -> None:
    for text in ["党建", "发展党员3名", "述职报告：二〇二三年"]:
        assert read_document(text.encode("gbk"), "短.txt").text == text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", ["党建工作述职报告", "发展党员三名预备党员转正两名", "述职"])
def test_utf16_without_bom_or_nuls_is_recognised(codec: str, text: str) -> None:
    data = text.encode(codec)
    assert b"\x00" not in data
    assert read_document(data, "无BOM.txt").text == text


def test_docx_paragraph_per_line_reads_the_same_as_text() -> None:
    doc = read_document(build_docx(REPORT.split("\n")), "2023_XX县农业农村局.docx")
    assert doc.text == REPORT
    assert doc.format == "docx"
    assert doc.encoding is None


def test_txt_extension_holding_docx_bytes_is_read_as_docx() -> None:
    doc = read_document(build_docx(REPORT.split("\n")), "改了扩展名.txt")
    assert (doc.format, doc.text) == ("docx", REPORT)


@pytest.fixture(scope="module")
def report_pdf() -> bytes:
    return build_pdf(REPORT_LINES * 3, footer=True)


def test_pdf_reads_the_same_text_modulo_line_wrapping(report_pdf: bytes) -> None:
    doc = read_document(report_pdf, "2023_XX县农业农村局.pdf")
    assert doc.format == "pdf"
    assert "".join(doc.text.split()) == "".join(REPORT.split()) * 3


def test_pdf_paragraphs_and_headings_come_back_as_lines(report_pdf: bytes) -> None:
    """Wrapped lines are re-joined, headings stay on their own line, page numbers are dropped."""
    doc = read_document(report_pdf, "报告.pdf")
    assert doc.text.split("\n") == REPORT_LINES * 3


def test_pdf_figure_broken_from_its_measure_word_reads_whole() -> None:
    # fillers of every length put the line break at every position, so also between 3 and 名
    paragraphs = [
        "本单位" + "党" * n + "全年发展党员3名，预备党员转正12名，培养积极分子20名。"
        for n in range(45)
    ]
    doc = read_document(build_pdf(paragraphs), "报告.pdf")
    assert doc.text.split("\n") == paragraphs


# --- .docx content -------------------------------------------------------------------------------


def test_docx_table_figures_survive_in_document_order() -> None:
    data = build_docx(
        ["一、基本情况"],
        table=[["项目", "数量"], ["发展党员", "3名"], ["召开党员大会", "4次"]],
        after=["二、存在问题"],
    )
    lines = read_document(data, "表格.docx").text.split("\n")
    assert lines == [
        "一、基本情况",
        "项目\t数量",
        "发展党员\t3名",
        "召开党员大会\t4次",
        "二、存在问题",
    ]


def test_docx_merged_cells_appear_once() -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "2023年党建工作主要数据"
    table.cell(1, 0).text = "发展党员"
    table.cell(1, 1).text = "3名"
    table.cell(1, 2).text = "预备党员转正2名"
    vertical = document.add_table(rows=2, cols=2)
    vertical.cell(0, 0).merge(vertical.cell(1, 0)).text = "组织生活"
    vertical.cell(0, 1).text = "召开组织生活会2次"
    vertical.cell(1, 1).text = "开展谈心谈话30人次"
    text = read_document(save_document(document), "合并.docx").text
    assert text.split("\n") == [
        "2023年党建工作主要数据",
        "发展党员\t3名\t预备党员转正2名",
        "组织生活\t召开组织生活会2次",
        "\t开展谈心谈话30人次",  # under the merge: its column stays, empty
    ]


def test_docx_empty_cells_keep_the_columns_of_the_header() -> None:
    data = build_docx(
        table=[
            ["指标", "目标值", "完成值", "单位", ""],
            ["发展党员", "", "6", "名", ""],
            ["", "", "", "", ""],
            ["召开党员大会", "4", "5", "次", ""],
        ]
    )
    lines = read_document(data, "指标表.docx").text.split("\n")
    assert lines == ["指标\t目标值\t完成值\t单位", "发展党员\t\t6\t名", "召开党员大会\t4\t5\t次"]


def test_docx_cell_with_several_paragraphs_keeps_them_as_lines() -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "述职内容"
    cell = table.cell(0, 1)
    cell.text = "一、履职情况"
    cell.add_paragraph("全年发展党员3名。")
    cell.add_paragraph("二、存在问题")
    text = read_document(save_document(document), "表格式述职.docx").text
    assert text.split("\n") == ["述职内容", "一、履职情况", "全年发展党员3名。", "二、存在问题"]


def test_docx_tracked_deletions_are_left_out_and_insertions_kept() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("全年发展党员")
    paragraph._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="1" w:author="a">'
            "<w:r><w:delText>5</w:delText></w:r></w:del>"
        )
    )
    paragraph._p.append(
        parse_xml(f'<w:ins {nsdecls("w")} w:id="2" w:author="a"><w:r><w:t>3</w:t></w:r></w:ins>')
    )
    paragraph.add_run("名。")
    assert read_document(save_document(document), "修订.docx").text == "全年发展党员3名。"


def _add_numbering(document: object, fmt: str, template: str) -> str:
    """Add a one-level list definition to the document's numbering part; returns its numId."""
    numbering = document.part.numbering_part.element  # type: ignore[attr-defined]
    numbering.append(
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:lvl w:ilvl="0">'
            f'<w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{template}"/>'
            "</w:lvl></w:abstractNum>"
        )
    )
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )
    return "90"


def _number(paragraph: object, num_id: str) -> None:
    props = paragraph._p.get_or_add_pPr()  # type: ignore[attr-defined]
    props.append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'
        )
    )


@pytest.mark.parametrize(
    ("fmt", "template", "labels"),
    [
        ("chineseCounting", "%1、", ["一、", "二、", "三、"]),
        ("chineseCountingThousand", "（%1）", ["（一）", "（二）", "（三）"]),
        ("decimal", "%1.", ["1.", "2.", "3."]),
        ("decimalEnclosedCircle", "%1", ["①", "②", "③"]),
        ("bullet", "●", ["", "", ""]),
    ],
)
def test_docx_automatic_numbering_is_written_out(
    fmt: str, template: str, labels: list[str]
) -> None:
    document = docx.Document()
    num_id = _add_numbering(document, fmt, template)
    titles = ["履职情况", "存在问题", "下一步打算"]
    for title in titles:
        _number(document.add_paragraph(title), num_id)
    text = read_document(save_document(document), "编号.docx").text
    assert text.split("\n") == [label + title for label, title in zip(labels, titles, strict=True)]


def test_docx_numbering_counts_on_past_plain_paragraphs() -> None:
    document = docx.Document()
    num_id = _add_numbering(document, "chineseCounting", "%1、")
    _number(document.add_paragraph("履职情况"), num_id)
    document.add_paragraph("全年发展党员3名。")
    _number(document.add_paragraph("存在问题"), num_id)
    text = read_document(save_document(document), "编号.docx").text
    assert text.split("\n") == ["一、履职情况", "全年发展党员3名。", "二、存在问题"]


@pytest.mark.parametrize(
    ("n", "fmt", "expected"),
    [
        (1, "chineseCounting", "一"),
        (10, "chineseCounting", "十"),
        (11, "chineseCounting", "十一"),
        (20, "chineseCounting", "二十"),
        (105, "chineseCounting", "一百零五"),
        (3, "chineseLegalSimplified", "叁"),
        (2, "ideographTraditional", "乙"),
        (4, "upperRoman", "IV"),
        (28, "lowerLetter", "bb"),
        (7, "decimalFullWidth", "７"),
    ],
)
def test_list_number_formats(n: int, fmt: str, expected: str) -> None:
    assert readers._format_number(n, fmt) == expected


# --- PDF line re-joining ------------------------------------------------------------------------

W = 12.0  # character width in points
RIGHT = 550.0


def full(text: str) -> tuple[str, float, float]:
    """A line reaching the right margin."""
    return (text, RIGHT - W * len(text), RIGHT)


def short(text: str) -> tuple[str, float, float]:
    """A line ending well before the right margin (a paragraph's last line, a title)."""
    return (text, 40.0, 40.0 + W * len(text))


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        pytest.param(
            [
                [
                    full("全年组织召开党组理论学习中心组学习会议十二次，开展党员集中学习"),
                    short("三十六次。"),
                ]
            ],
            "全年组织召开党组理论学习中心组学习会议十二次，开展党员集中学习三十六次。",
            id="sentence-rejoined",
        ),
        pytest.param(
            [[full("坚持把发展党员工作作为重点，全年发展党员3"), short("名，预备党员转正2名。")]],
            "坚持把发展党员工作作为重点，全年发展党员3名，预备党员转正2名。",
            id="number-and-measure-word",
        ),
        pytest.param(
            [[full("按照上级要求，现将本人抓基层党建工作情况报告如下："), short("一、履职情况")]],
            "按照上级要求，现将本人抓基层党建工作情况报告如下：\n一、履职情况",
            id="colon-ends-paragraph",
        ),
        pytest.param(
            [
                [
                    full("认真落实各项制度，扎实推进基层党组织标准化规范化建设工作"),
                    full("（二）抓好队伍建设"),
                ]
            ],
            "认真落实各项制度，扎实推进基层党组织标准化规范化建设工作\n（二）抓好队伍建设",
            id="next-line-is-a-heading",
        ),
        pytest.param(
            [
                [
                    full("认真落实各项制度，扎实推进基层党组织标准化规范化建设工作"),
                    full("一是理论学习不深入。"),
                ]
            ],
            "认真落实各项制度，扎实推进基层党组织标准化规范化建设工作\n一是理论学习不深入。",
            id="next-line-starts-yishi",
        ),
        pytest.param(
            [
                [
                    short("中共XX县农业农村局党组"),
                    short("书记抓基层党建工作述职报告"),
                    full("今年以来，在县委的坚强领导下，本人认真履行第一责任人职责，"),
                ]
            ],
            "中共XX县农业农村局党组\n书记抓基层党建工作述职报告\n今年以来，在县委的坚强领导下，本人认真履行第一责任人职责，",
            id="short-title-lines-stay",
        ),
        pytest.param(
            [
                [full("全年开展主题党日活动十二次，组织党员"), short("- 1 -")],
                [short("第2页"), short("参加志愿服务三十余次。")],
            ],
            "全年开展主题党日活动十二次，组织党员参加志愿服务三十余次。",
            id="page-numbers-dropped-and-pages-joined",
        ),
        pytest.param(
            [[full("围绕中心工作，推动 党 建 与 业 务 深度融合，坚持"), short("以党建促发展。")]],
            "围绕中心工作，推动党建与业务深度融合，坚持以党建促发展。",
            id="spaces-between-chinese-characters-dropped",
        ),
        pytest.param(
            [[short("围绕“四下基层”、乡村振兴"), short("、信访化解等主题开展专题研讨。")]],
            "围绕“四下基层”、乡村振兴、信访化解等主题开展专题研讨。",
            id="line-opening-with-punctuation-continues",
        ),
        pytest.param(
            [
                [
                    (
                        "镇党委理论学习中心组全年集中学习十四次，班子成员围绕主题开展专题研讨，形成",
                        40,
                        480,
                    ),
                    (
                        "一批调研成果，推动解决群众急难愁盼问题，全年确定入党积极分子四十五名，发展",
                        40,
                        560,
                    ),
                    ("党员十六名。", 40, 120),
                ]
            ],
            "镇党委理论学习中心组全年集中学习十四次，班子成员围绕主题开展专题研讨，形成"
            "一批调研成果，推动解决群众急难愁盼问题，全年确定入党积极分子四十五名，发展党员十六名。",
            id="full-by-character-count-when-widths-are-wrong",
        ),
        pytest.param(
            [[full("学习《Party building and rural"), short("revitalization》一书。")]],
            "学习《Party building and rural revitalization》一书。",
            id="english-word-wrap-keeps-a-space",
        ),
    ],
)
def test_join_pdf_lines(pages: list[list[tuple[str, float, float]]], expected: str) -> None:
    assert join_pdf_lines(pages) == expected


def test_repeated_page_header_is_dropped() -> None:
    pages = [
        [
            short("XX县农业农村局2023年度述职报告"),
            full(f"第{i}段正文内容，扎实推进基层党组织建设工作，确保责任"),
            short("落实到位。"),
            short(f"第{i}页"),
        ]
        for i in range(1, 5)
    ]
    text = join_pdf_lines(pages)
    assert text.split("\n") == [
        f"第{i}段正文内容，扎实推进基层党组织建设工作，确保责任落实到位。" for i in range(1, 5)
    ]


# --- every bad input is refused with a clear message ---------------------------------------------

_TEXT_GOOD = REPORT.encode("utf-8")
_DOCX_GOOD = build_docx(REPORT_LINES)


BAD_INPUTS: list[tuple[str, Callable[[], bytes], str, dict[str, float]]] = [
    ("空.txt", lambda: b"", "文件是空的", {}),
    ("空白.txt", lambda: b"  \r\n\n\t  \n", "文件是空的", {}),
    ("全角空白.txt", lambda: "\u3000\u3000\n\n".encode(), "文件是空的", {}),
    ("只有BOM.txt", lambda: b"\xff\xfe", "文件是空的", {}),
    ("二进制.txt", lambda: random.Random(7).randbytes(4096), "不是可识别的文本文件", {}),
    ("带NUL.txt", lambda: b"\x00\x01\x02\x03" * 300 + b"abc", "不是可识别的文本文件", {}),
    (
        "控制字符.txt",
        lambda: bytes(range(1, 9)) * 200 + "党建".encode(),
        "不是可识别的文本文件",
        {},
    ),
    (
        "图片.txt",
        lambda: b"\x89PNG\r\n\x1a\n" + random.Random(1).randbytes(2000),
        "不是可识别的文本文件",
        {},
    ),
    ("截断.docx", lambda: _DOCX_GOOD[: len(_DOCX_GOOD) // 2], "文件已损坏", {}),
    ("坏压缩包.docx", lambda: b"PK\x03\x04" + random.Random(3).randbytes(3000), "文件已损坏", {}),
    ("不是zip.docx", lambda: _TEXT_GOOD, "文件已损坏", {}),
    ("压缩炸弹.docx", build_inflating_bomb, "疑似压缩炸弹", {}),
    ("声明1GB.docx", build_declared_bomb, "疑似压缩炸弹", {}),
    ("资料.docx", lambda: build_zip({"说明.txt": _TEXT_GOOD}), "不是 Word 文档", {}),
    (
        "表格.docx",
        lambda: build_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>"}),
        "Excel",
        {},
    ),
    ("空文档.docx", lambda: build_docx([]), "没有文字内容", {}),
    ("只有空段落.docx", lambda: build_docx(["", "   ", "\u3000"]), "没有文字内容", {}),
    ("旧版.doc", lambda: OLE_MAGIC + b"\0" * 2048, "旧版 Word(.doc)", {}),
    ("旧版改名.txt", lambda: OLE_MAGIC + b"\0" * 2048, "另存为 .docx", {}),
    ("旧版改名.docx", lambda: OLE_MAGIC + b"\0" * 2048, "另存为 .docx", {}),
    ("WPS.wps", lambda: OLE_MAGIC + b"\0" * 2048, "另存为 .docx", {}),
    ("加密.docx", build_encrypted_office, "文件已加密", {}),
    ("富文本.txt", lambda: b"{\\rtf1\\ansi \\b bold\\b0}", "RTF", {}),
    ("加密.pdf", build_encrypted_pdf, "PDF 已加密", {}),
    ("扫描件.pdf", build_scanned_pdf, "扫描件（没有文字层）", {}),
    ("空白页.pdf", build_blank_pdf, "扫描件（没有文字层）", {}),
    ("坏.pdf", lambda: b"%PDF-1.7\n" + random.Random(5).randbytes(2000), "PDF 文件已损坏", {}),
    ("不是pdf.pdf", lambda: _TEXT_GOOD, "PDF 文件已损坏", {}),
    ("超时.pdf", lambda: build_pdf(REPORT_LINES), "解析超时", {"pdf_timeout": 0.001}),
    ("数据.xlsx", lambda: _DOCX_GOOD, "不支持 .xlsx 格式", {}),
    ("照片.jpg", lambda: b"\xff\xd8\xff\xe0" + b"\0" * 100, "不支持 .jpg 格式", {}),
    ("setup.exe", lambda: b"MZ\x90\x00" + b"\0" * 100, "不支持 .exe 格式", {}),
    ("没有扩展名", lambda: _TEXT_GOOD, "没有扩展名", {}),
    ("太大.txt", lambda: _TEXT_GOOD, "文件超过 0.001 MB 上限", {"max_bytes": 1024}),
    ("太大.docx", lambda: _DOCX_GOOD, "上限", {"max_bytes": 1024}),
]


@pytest.mark.parametrize(
    ("name", "make", "fragment", "options"), BAD_INPUTS, ids=[case[0] for case in BAD_INPUTS]
)
def test_bad_input_is_refused_with_a_clear_message(
    name: str, make: Callable[[], bytes], fragment: str, options: dict[str, float]
) -> None:
    data = make()
    with pytest.raises(ReportError) as caught:
        read_document(
            data,
            name,
            max_bytes=int(options.get("max_bytes", readers.DEFAULT_MAX_BYTES)),
            pdf_timeout=options.get("pdf_timeout", readers.DEFAULT_PDF_TIMEOUT),
        )
    err = caught.value
    assert fragment in err.message
    assert err.file == name
    assert err.text.startswith(f"《{name}》：")
    assert "Traceback" not in err.text and "Error" not in err.message


def test_size_limit_is_shown_in_megabytes() -> None:
    data = b"a" * (readers.DEFAULT_MAX_BYTES + 1)
    with pytest.raises(ReportError, match="文件超过 20 MB 上限"):
        read_document(data, "大.txt")


def test_zip_bomb_is_refused_without_inflating_it() -> None:
    bomb = build_inflating_bomb()
    tracemalloc.start()
    try:
        with pytest.raises(ReportError, match="压缩炸弹"):
            read_document(bomb, "炸弹.docx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024  # the 64 MB part was never inflated


def test_garbled_cid_text_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    garbled = [[("(cid:1234)(cid:88)(cid:2041)(cid:77)", 40.0, 300.0)] * 20]
    monkeypatch.setattr(readers, "_parse_pdf_isolated", lambda data, timeout: ("ok", garbled))
    with pytest.raises(ReportError, match="文字无法识别"):
        read_document(build_blank_pdf(), "乱码.pdf")


def test_a_few_cid_codes_are_dropped_and_the_rest_read(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = [[short("全年发展党员3名(cid:17)。")]]
    monkeypatch.setattr(readers, "_parse_pdf_isolated", lambda data, timeout: ("ok", pages))
    assert read_document(build_blank_pdf(), "少量乱码.pdf").text == "全年发展党员3名。"


# --- reading from disk ---------------------------------------------------------------------------


def test_read_file_bytes_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "报告.txt"
    path.write_bytes(_TEXT_GOOD)
    assert readers.read_file_bytes(path, name="报告.txt", max_bytes=10**6) == _TEXT_GOOD


def test_read_file_bytes_refuses_by_size_on_disk_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "巨大.pdf"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024**3)  # a sparse 50 GB file: reading it would never finish
    with pytest.raises(ReportError, match="文件超过 20 MB 上限") as caught:
        readers.read_file_bytes(path, name="巨大.pdf", max_bytes=readers.DEFAULT_MAX_BYTES)
    assert caught.value.file == "巨大.pdf"


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda tmp: tmp / "不存在.txt", "找不到该文件"),
        (lambda tmp: tmp, "这是一个文件夹"),
    ],
    ids=["missing", "folder"],
)
def test_read_file_bytes_refuses_unreadable_paths(
    tmp_path: Path, make: Callable[[Path], Path], fragment: str
) -> None:
    with pytest.raises(ReportError, match=fragment) as caught:
        readers.read_file_bytes(make(tmp_path), name="报告.txt", max_bytes=10**6)
    assert caught.value.file == "报告.txt"


# --- hostile file names --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2023_XX县农业农村局.docx", "2023_XX县农业农村局.docx"),
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\Windows\\system.ini.txt", "system.ini.txt"),
        ("报告\x00\x1b[31m红色\x07.txt", "报告[31m红色.txt"),
        ("报告\u202etxt.exe", "报告txt.exe"),
        ("换行\n注入.txt", "换行注入.txt"),
        ("<script>alert(1)</script>.txt", "script>.txt"),
        ("..", "未命名文件"),
        ("", "未命名文件"),
        ("   ", "未命名文件"),
    ],
)
def test_safe_name(name: str, expected: str) -> None:
    assert safe_name(name) == expected


def test_safe_name_shortens_long_names_keeping_the_extension() -> None:
    name = "很长的文件名" * 60 + ".docx"
    shown = safe_name(name)
    assert len(shown) <= 120
    assert shown.endswith("….docx")
    assert shown.startswith("很长的文件名")


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd.txt",
        "a" * 300 + ".txt",
        "报告\x00\r\n\x1b.txt",
        "<img src=x onerror=alert(1)>.txt",
        "C:\\Users\\某人\\桌面\\报告.txt",
    ],
)
def test_hostile_names_break_nothing(name: str) -> None:
    assert read_document(_TEXT_GOOD, name).text == REPORT
    with pytest.raises(ReportError) as caught:
        read_document(b"", name)
    assert caught.value.file == safe_name(name)
    assert all(ch.isprintable() for ch in caught.value.text)
    assert "/" not in caught.value.file and "\\" not in caught.value.file


# --- the real seed reports ------------------------------------------------------------------------


@pytest.mark.shared
@pytest.mark.parametrize("codec", ["utf-8", "gbk", "utf-16"])
def test_seed_reports_read_the_same_in_every_encoding_and_as_docx(
    seeds_dir: Path, codec: str
) -> None:
    for path in sorted(seeds_dir.glob("*.txt")):
        original = read_document(path.read_bytes(), path.name)
        assert original.format == "txt"
        assert len(original.text) > 1000
        assert read_document(original.text.encode(codec), path.name).text == original.text
        as_docx = build_docx(original.text.split("\n"))
        assert read_document(as_docx, path.stem + ".docx").text == original.text
