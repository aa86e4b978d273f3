"""Report documents built for tests and the sample corpus: .docx (python-docx), .pdf (fpdf2)."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

import docx
import pypdf
from fpdf import FPDF
from pylopdf_fonts_zh_cn import sans_path
from pypdf.generic import ArrayObject, NameObject, NumberObject


def build_docx(
    lines: Sequence[str] = (),
    *,
    table: Sequence[Sequence[str]] | None = None,
    after: Sequence[str] = (),
) -> bytes:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    if table is not None:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    for line in after:
        document.add_paragraph(line)
    return save_document(document)


def save_document(document: object) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)  # type: ignore[attr-defined]
    return buffer.getvalue()


class _PagedPdf(FPDF):
    """A PDF with the page number centred in the footer, as reports are printed."""

    def footer(self) -> None:
        self.set_y(-12)
        self.cell(0, 8, f"- {self.page_no()} -", align="C")


def build_pdf(paragraphs: Sequence[str], *, footer: bool = False, size: int = 12) -> bytes:
    """A text-layer PDF of the paragraphs (Noto Sans SC), wrapped by fpdf2 at the margin.

    fpdf2 encodes an OpenType font with an embedded CMap pdfminer cannot map; the codes are the
    font's CIDs, so declaring Identity-H makes the text layer readable as in Word/WPS exports.
    """
    pdf = _PagedPdf() if footer else FPDF()
    pdf.add_font("noto", fname=str(sans_path()))
    pdf.set_font("noto", size=size)
    pdf.add_page()
    for paragraph in paragraphs:
        pdf.multi_cell(0, 8, paragraph, new_x="LMARGIN", new_y="NEXT")
    return _identity_encoding(bytes(pdf.output()))


def _identity_encoding(data: bytes) -> bytes:
    """Declare each font Identity-H, with the widths re-keyed from the font's CIDs to the codes."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    for page in writer.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            encoding = font.get("/Encoding")
            if encoding is None or not hasattr(encoding.get_object(), "get_data"):
                continue  # not the embedded CJK font
            cmap = encoding.get_object().get_data().decode("latin-1")
            code_to_cid = {int(c, 16): int(cid) for c, cid in _CIDCHAR.findall(cmap)}
            descendant = font["/DescendantFonts"][0].get_object()
            widths = _cid_widths(list(descendant.get("/W", [])))
            default = int(descendant.get("/DW", 1000))
            rekeyed = ArrayObject()
            for code, cid in sorted(code_to_cid.items()):
                rekeyed.append(NumberObject(code))
                rekeyed.append(ArrayObject([NumberObject(widths.get(cid, default))]))
            descendant[NameObject("/W")] = rekeyed
            font[NameObject("/Encoding")] = NameObject("/Identity-H")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


_CIDCHAR = re.compile(r"<([0-9A-Fa-f]{4})>\s+(\d+)")


def _cid_widths(array: list[object]) -> dict[int, int]:
    """A CIDFont /W array ("c [w1 w2 …]" or "c_first c_last w") as CID → width."""
    widths: dict[int, int] = {}
    i = 0
    while i < len(array):
        first = int(array[i])  # type: ignore[call-overload]
        nxt = array[i + 1]
        if isinstance(nxt, list):
            for k, w in enumerate(nxt):
                widths[first + k] = int(w)
            i += 2
        else:
            for cid in range(first, int(nxt) + 1):  # type: ignore[call-overload]
                widths[cid] = int(array[i + 2])  # type: ignore[call-overload]
            i += 3
    return widths
