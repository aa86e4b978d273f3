"""Fuzz inputs: random bytes and mutations of the sample corpus's .txt, .docx and .pdf files.

Every generator takes a ``random.Random`` so that the same code drives both the hypothesis
strategies of the test suite (``st.randoms()``, shrinkable and replayable) and the long runs of
``scripts/fuzz.py`` (a seeded ``random.Random``: input ``i`` of seed ``s`` can be rebuilt).
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "sample_reports"

# Runs that once made a stage slow, or could: whitespace of every kind, punctuation, digits,
# Chinese numerals, heading markers, table cells, measure words after figures.
RUN_ATOMS: tuple[str, ...] = (
    "\t",
    "\n",
    "\r\n",
    " ",
    "\u3000",
    "\xa0",
    "\t\n",
    " \n",
    "\n\t",
    "，",
    "。",
    "、",
    "；",
    "：",
    "…",
    "—",
    "-",
    "#",
    "*",
    "·",
    "（",
    "）",
    "“",
    "”",
    "《",
    "1",
    "１",
    "9",
    "0.5",
    "1,000",
    "一",
    "十",
    "万",
    "亿",
    "一万",
    "两千",
    "零",
    "第一",
    "一、",
    "（一）",
    "1.",
    "一是",
    "\t3名",
    "3名",
    "5次",
    "100元",
    "党员",
    "党支部",
    "问题",
    "存在问题",
    "书记",
    "2023年",
    "二〇二三年",
    "约",
    "余",
    "多",
    "%",
    "％",
)
# Characters that are odd in text: direction marks and overrides, zero-width, combining marks,
# private use, replacement, BOM, NUL, controls, emoji, rare CJK (extension B), halves of
# nothing (lone surrogates cannot be encoded: they go in as their UTF-8 replacement).
ODD_CHARS: tuple[str, ...] = (
    "\u200b",
    "\u200d",
    "\u200e",
    "\u202e",
    "\u2066",
    "\u2028",
    "\u2029",
    "\u0301",
    "\u20dd",
    "\ue000",
    "\ue001",
    "\ufffd",
    "\ufeff",
    "\x00",
    "\x07",
    "\x1b",
    "\x85",
    "\x0c",
    "\x0b",
    "\U0001f600",
    "\U00020000",
    "\u30fb",
    "\uff0e",
    "\u2460",
    "\u3007",
    "\u5146",
)
HUGE_NUMERALS: tuple[str, ...] = (
    "9" * 5000 + "名",
    "1" * 4400 + ".5次",
    "１" * 600 + "人",
    "1" * 30 + "万亿元",
    "一万万万万亿" * 50 + "名",
    "九千九百九十九万九千九百九十九亿人次",
    "1e308名",
    "0." + "0" * 400 + "1名",
    "一" * 2000 + "名",
)
ENCODINGS: tuple[str, ...] = ("utf-8", "gb18030", "utf-16", "utf-8-sig", "big5")


@dataclass(frozen=True)
class FuzzInput:
    """One input: the bytes, the file name they are offered under, and how they were made."""

    data: bytes
    name: str
    kind: str


def sample_files(suffix: str) -> list[Path]:
    """The sample corpus's files of one format, in name order."""
    return sorted(SAMPLES.glob(f"*{suffix}"))


def _sample_texts() -> list[str]:
    texts = []
    for path in sample_files(".txt"):
        data = path.read_bytes()
        for codec in ("utf-8", "gb18030"):
            try:
                texts.append(data.decode(codec))
                break
            except UnicodeDecodeError:
                continue
    return texts


_TEXTS: list[str] = []
_BLOBS: dict[str, list[bytes]] = {}


def texts() -> list[str]:
    """The sample .txt reports as text (read once)."""
    if not _TEXTS:
        _TEXTS.extend(_sample_texts())
    return _TEXTS


def blobs(suffix: str) -> list[bytes]:
    """The sample files of one format as bytes (read once)."""
    if suffix not in _BLOBS:
        _BLOBS[suffix] = [p.read_bytes() for p in sample_files(suffix)]
    return _BLOBS[suffix]


# --- text mutations ---------------------------------------------------------------------------


def _run(rng: random.Random, *, max_chars: int) -> str:
    seg = "".join(rng.choice(RUN_ATOMS) for _ in range(rng.randint(1, 3)))
    return seg * max(1, rng.randint(1, max_chars) // len(seg))


def mutate_text(rng: random.Random, text: str, *, max_run: int = 40_000) -> str:
    """One to three edits of a report's text: runs, odd characters, huge numerals, slices,
    duplicated chunks, line-end rewrites, deleted spans."""
    for _ in range(rng.randint(1, 3)):
        pos = rng.randint(0, len(text))
        op = rng.randrange(9)
        if op == 0:
            text = text[:pos] + _run(rng, max_chars=max_run) + text[pos:]
        elif op == 1:
            odd = "".join(rng.choice(ODD_CHARS) for _ in range(rng.randint(1, 50)))
            text = text[:pos] + odd + text[pos:]
        elif op == 2:
            text = text[:pos] + rng.choice(HUGE_NUMERALS) + text[pos:]
        elif op == 3:  # a window of the report
            end = min(len(text), pos + rng.randint(1, 4000))
            text = text[pos:end]
        elif op == 4:  # a chunk repeated (a WPS export that repeats a table row or heading)
            end = min(len(text), pos + rng.randint(1, 200))
            text = text[:pos] + text[pos:end] * rng.randint(2, 300) + text[end:]
        elif op == 5:
            text = text.replace("\n", rng.choice(["\t\n", "\n\t", " \n", "\n\n\n", "\t", "\r"]))
        elif op == 6:
            end = min(len(text), pos + rng.randint(1, 2000))
            text = text[:pos] + text[end:]
        elif op == 7:  # every line a table row
            text = "\n".join("\t".join(line.split("，")) for line in text.split("\n"))
        else:  # every line a heading
            marks = ["一、", "（一）", "1.", "第一章", "一是"]
            text = "\n".join(rng.choice(marks) + line for line in text.split("\n"))
    return text


def mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    """Byte-level edits: flipped bytes, truncation, inserted random bytes, repeated chunks."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if not buf:
            buf.extend(rng.randbytes(rng.randint(1, 64)))
        pos = rng.randrange(len(buf))
        op = rng.randrange(4)
        if op == 0:
            for _ in range(rng.randint(1, 16)):
                buf[rng.randrange(len(buf))] = rng.randrange(256)
        elif op == 1:
            del buf[pos:]
        elif op == 2:
            buf[pos:pos] = rng.randbytes(rng.randint(1, 256))
        else:
            end = min(len(buf), pos + rng.randint(1, 512))
            buf[pos:pos] = bytes(buf[pos:end]) * rng.randint(2, 50)
    return bytes(buf)


def text_input(rng: random.Random) -> FuzzInput:
    """A mutated sample .txt, encoded in a Chinese encoding (or mutated after encoding)."""
    text = mutate_text(rng, rng.choice(texts()))
    codec = rng.choice(ENCODINGS)
    data = text.encode(codec, errors="replace")
    if rng.random() < 0.2:
        data = mutate_bytes(rng, data)
    return FuzzInput(data, "报告.txt", f"txt:{codec}")


_MAGIC = (b"PK\x03\x04", b"%PDF-1.7\n", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")


def random_input(rng: random.Random) -> FuzzInput:
    """Random bytes under a random accepted (or refused) extension."""
    data = rng.randbytes(rng.choice([0, 1, 7, 100, 1000, 4096, 65536]) or 1)
    if rng.random() < 0.2:  # a valid magic number first, then garbage (a PDF rarely: slow)
        data = rng.choices(_MAGIC, weights=(10, 1, 10))[0] + data
    name = "随机" + rng.choice([".txt", ".docx", ".pdf", ".doc", "", ".TXT"])
    return FuzzInput(data, name, "bytes")


# --- .docx mutations ---------------------------------------------------------------------------

_BODY_OPEN = re.compile(rb"<w:body>")
_T_TEXT = re.compile(rb"(<w:t(?: [^>]*)?>)([^<]*)(</w:t>)")


def _rezip(original: bytes, replace: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(original)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            dst.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
    return out.getvalue()


def _xml_escape(text: str) -> bytes:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode("utf-8")


def mutate_docx_xml(rng: random.Random, xml: bytes) -> bytes:
    """Edits of word/document.xml: text runs, deep nesting, repeated paragraphs, broken XML."""
    op = rng.randrange(5)
    if op == 0:  # mutated text inside the runs
        runs = list(_T_TEXT.finditer(xml))
        if runs:
            m = rng.choice(runs)
            text = mutate_text(rng, m.group(2).decode("utf-8", "replace"), max_run=20_000)
            text = "".join(c for c in text if c >= " " or c in "\t\n")  # XML 1.0 characters
            xml = xml[: m.start(2)] + _xml_escape(text) + xml[m.end(2) :]
    elif op == 1:  # deep nesting of content controls or tables around a paragraph
        depth = rng.choice([10, 100, 200, 500, 2000])
        para = "<w:p><w:r><w:t>发展党员3名</w:t></w:r></w:p>".encode()
        if rng.random() < 0.5:
            nest = b"<w:sdt><w:sdtContent>" * depth + para + b"</w:sdtContent></w:sdt>" * depth
        else:
            cell_open = b"<w:tbl><w:tr><w:tc>"
            nest = cell_open * depth + para + b"</w:tc></w:tr></w:tbl>" * depth
        xml = _BODY_OPEN.sub(b"<w:body>" + nest, xml, count=1)
    elif op == 2:  # a paragraph repeated many times
        paras = re.findall(rb"<w:p[ >].*?</w:p>", xml, flags=re.S)
        if paras:
            chunk = rng.choice(paras) * rng.randint(10, 2000)
            xml = _BODY_OPEN.sub(b"<w:body>" + chunk, xml, count=1)
    elif op == 3:  # many tabs and breaks inside runs
        filler = rng.choice([b"<w:tab/>", b"<w:br/>", b"<w:cr/>"]) * rng.randint(100, 20000)
        xml = xml.replace(b"</w:t></w:r>", b"</w:t>" + filler + b"</w:r>", 1)
    else:
        xml = mutate_bytes(rng, xml)
    return xml


def docx_input(rng: random.Random) -> FuzzInput:
    """A sample .docx with its document.xml mutated (or the zip's bytes mutated)."""
    original = rng.choice(blobs(".docx"))
    if rng.random() < 0.25:
        return FuzzInput(mutate_bytes(rng, original), "报告.docx", "docx:bytes")
    with zipfile.ZipFile(io.BytesIO(original)) as archive:
        xml = archive.read("word/document.xml")
    data = _rezip(original, {"word/document.xml": mutate_docx_xml(rng, xml)})
    return FuzzInput(data, "报告.docx", "docx:xml")


def pdf_input(rng: random.Random) -> FuzzInput:
    """A sample .pdf with its bytes mutated."""
    return FuzzInput(mutate_bytes(rng, rng.choice(blobs(".pdf"))), "报告.pdf", "pdf")


# How often each kind is drawn by scripts/fuzz.py (PDFs are parsed in a child process, about a
# second each: few of them).
GENERATORS: tuple[tuple[Callable[[random.Random], FuzzInput], float], ...] = (
    (random_input, 0.40),
    (text_input, 0.45),
    (docx_input, 0.148),
    (pdf_input, 0.002),
)


def any_input(rng: random.Random) -> FuzzInput:
    """One input of a kind drawn by the weights of GENERATORS."""
    makers, weights = zip(*GENERATORS, strict=True)
    return rng.choices(makers, weights=weights)[0](rng)
