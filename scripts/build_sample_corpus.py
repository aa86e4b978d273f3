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
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from builders import build_docx, build_pdf  # noqa: E402  (the tests' document builders)

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
    """Paragraph per line; a run of lines beginning with "|" becomes one Word table."""
    lines = [line for line in text.split("\n") if line.strip()]
    rows = [i for i, line in enumerate(lines) if line.startswith("|")]
    if not rows:
        return build_docx(lines)
    table = [[c.strip() for c in lines[i].strip().strip("|").split("|")] for i in rows]
    return build_docx(lines[: rows[0]], table=table, after=lines[rows[-1] + 1 :])


def _pdf(text: str) -> bytes:
    return build_pdf([line for line in text.split("\n") if line.strip()], footer=True, size=11)


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
        if old.is_file() and old.name != "README.md":
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
