"""Build sample_reports/ (mixed formats, manifest, annotations) from the sources in sample_src/.

The sample corpus is written as plain UTF-8 text in ``sample_src/``; this script turns each
source into the format its final name asks for, so that the corpus exercises every reader:
``.docx`` (lines beginning with ``|`` become a Word table), text-layer ``.pdf`` (Noto Sans SC
from the ``pylopdf-fonts-zh-cn`` package, lines wrapped by the page width), GBK ``.txt`` and
UTF-8 ``.txt``.
It also writes ``manifest.csv`` and merges the annotation parts into ``expected.json``.

Usage: python scripts/build_sample_corpus.py   (needs the test extra: fpdf2)
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "sample_src"
OUT = ROOT / "sample_reports"

# Final file name → how it is written. Every other final name is UTF-8 text.
GBK = {"柳河镇党委书记2024年度抓基层党建工作述职报告.txt", "2022_临江区市场监督管理局.txt"}
MANIFEST = [
    # file, unit, unit_type, year, secretary (blank cells are allowed)
    ("qsjt_2024.pdf", "青山建设投资集团有限公司党委", "soe", "2024", "刘志远"),
    ("rmyy_述职_2023.txt", "青山市人民医院党委", "hospital", "2023", "孙立新"),
    ("述职报告-石桥村-2022.docx", "", "", "", "王建军"),
]


def _docx(text: str) -> bytes:
    from docx import Document

    doc = Document()
    table_rows: list[list[str]] = []

    def flush() -> None:
        if not table_rows:
            return
        width = max(len(r) for r in table_rows)
        table = doc.add_table(rows=len(table_rows), cols=width)
        table.style = "Table Grid"
        for i, row in enumerate(table_rows):
            for j, cell in enumerate(row):
                table.cell(i, j).text = cell
        table_rows.clear()

    for line in text.split("\n"):
        if line.startswith("|"):
            table_rows.append([c.strip() for c in line.strip().strip("|").split("|")])
            continue
        flush()
        if line.strip():
            doc.add_paragraph(line)
    flush()
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _pdf(text: str) -> bytes:
    from fpdf import FPDF
    from pylopdf_fonts_zh_cn import sans_path

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_font("NotoSansSC", fname=str(sans_path()))
    pdf.set_font("NotoSansSC", size=11)
    pdf.add_page()
    for line in text.split("\n"):
        if not line.strip():
            continue
        pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT", wrapmode="CHAR")
        pdf.ln(1)
    return _identity_h(bytes(pdf.output()))


def _identity_h(data: bytes) -> bytes:
    """Name the fonts' encoding Identity-H, as Word and WPS do.

    fpdf2 embeds its own encoding CMap stream, which pdfminer cannot decode (it extracts nothing);
    the glyph codes are plain two-byte CIDs, so the standard Identity-H name says the same thing.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for page in writer.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if font.get("/Subtype") == "/Type0":
                font[NameObject("/Encoding")] = NameObject("/Identity-H")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def build() -> list[str]:
    """Write every final file; returns the final names written."""
    parts = sorted(SRC.glob("annotations_*.json"))
    if not parts:
        sys.exit("sample_src/annotations_*.json not found")
    reports: dict[str, object] = {}
    for part in parts:
        reports.update(json.loads(part.read_text(encoding="utf-8"))["reports"])
    OUT.mkdir(exist_ok=True)
    for old in OUT.iterdir():
        if old.is_file():
            old.unlink()
    written = []
    for final in sorted(reports):
        stem = Path(final).stem
        src = SRC / f"{stem}.txt"
        text = src.read_text(encoding="utf-8").replace("\r\n", "\n")
        suffix = Path(final).suffix
        if suffix == ".docx":
            data = _docx(text)
        elif suffix == ".pdf":
            data = _pdf(text)
        elif final in GBK:
            data = text.encode("gbk")
        else:
            data = text.encode("utf-8")
        (OUT / final).write_bytes(data)
        written.append(final)
    with (OUT / "manifest.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "unit", "unit_type", "year", "secretary"])
        writer.writerows(row for row in MANIFEST if row[0] in reports)
    about = (
        "Figures, metadata and problem categories a careful reader takes from each sample report "
        "(same format as the contract's seeds/expected.json). 'metrics' must be found with exactly "
        "these values; 'optional' may be found; 'never' lists numbers that are no metric's value."
    )
    (OUT / "expected.json").write_text(
        json.dumps({"about": about, "reports": reports}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    return written


if __name__ == "__main__":
    names = build()
    print(f"wrote {len(names)} reports to {OUT}")
