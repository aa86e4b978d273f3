"""Read one report file (.txt in any Chinese encoding, .docx, text-layer .pdf) into clean text."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from analytics.errors import ReportError
from analytics.records import Document

# lxml elements (python-docx's XML tree); lxml ships no type information.
_Element = Any

__all__ = [
    "ACCEPTED_EXTENSIONS",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_PDF_TIMEOUT",
    "join_pdf_lines",
    "normalize_text",
    "read_document",
    "read_file_bytes",
    "safe_name",
]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_PDF_TIMEOUT = 30.0

ACCEPTED_EXTENSIONS: tuple[str, ...] = (".txt", ".docx", ".pdf")
_LEGACY_WORD_EXTENSIONS = frozenset({".doc", ".dot", ".wps"})
_ACCEPTED_TEXT = "请上传 .txt、.docx 或 .pdf 格式的述职报告。"

# Zip sanity limits for .docx, checked on the declared sizes before anything is inflated.
_ZIP_MAX_TOTAL = 200 * 1024 * 1024
_ZIP_MAX_RATIO = 100
_ZIP_RATIO_MIN_SIZE = 1024 * 1024  # small parts may compress very well; judge the ratio above this
_ZIP_MAX_ENTRIES = 5000

# Text plausibility: a strictly decoded candidate is refused when more than this share of its
# characters are control characters, or (for a guessed codec, where a wrong guess still decodes)
# when more than this share of its characters lie outside GB2312.
_MAX_CONTROL_SHARE = 0.02
_MAX_RARE_SHARE = 0.15
_SAMPLE_CHARS = 20000

_SAFE_NAME_MAX = 120
_UNNAMED = "未命名文件"

# --- messages (what is wrong, what to do) -------------------------------------------------------
_MSG_EMPTY = "文件是空的（没有文字内容），请检查是否选错了文件。"
_MSG_NOT_TEXT = "不是可识别的文本文件（内容像是二进制数据，或编码无法识别），" + _ACCEPTED_TEXT
_MSG_LEGACY_DOC = "这是旧版 Word(.doc) 文件，请在 Word/WPS 中另存为 .docx 后再上传。"
_MSG_RTF = "这是 RTF 格式的文件，请在 Word/WPS 中另存为 .docx 后再上传。"
_MSG_OFFICE_ENCRYPTED = "文件已加密（设置了打开密码），请在 Word/WPS 中取消密码后再上传。"
_MSG_DOCX_CORRUPT = (
    "文件已损坏，无法作为 Word 文档打开，请在 Word/WPS 中重新导出（另存为 .docx）后再上传。"
)
_MSG_ZIP_BOMB = (
    "文件解压后的内容异常巨大（疑似压缩炸弹），已拒绝读取；"
    "请在 Word/WPS 中重新另存为 .docx 后再上传。"
)
_MSG_NOT_WORD_ZIP = "这是一个压缩包，不是 Word 文档（.docx），请解压后上传其中的述职报告。"
_MSG_EXCEL = "这是 Excel 表格，不是 Word 文档，" + _ACCEPTED_TEXT
_MSG_POWERPOINT = "这是 PowerPoint 演示文稿，不是 Word 文档，" + _ACCEPTED_TEXT
_MSG_DOCX_NO_TEXT = "Word 文档中没有文字内容（可能只有图片），请上传含文字的文档，或先做文字识别。"
_MSG_PDF_CORRUPT = "PDF 文件已损坏或内容与扩展名不符，无法打开，请重新导出 PDF 后再上传。"
_MSG_PDF_ENCRYPTED = "PDF 已加密（设置了打开密码），请取消密码后重新导出再上传。"
_MSG_PDF_SCANNED = "这是扫描件（没有文字层），需先 OCR 识别后再上传。"
_MSG_PDF_GARBLED = (
    "PDF 中的文字无法识别（字体缺少编码信息，提取出来是乱码），"
    "请用原始文档重新导出 PDF，或直接上传 .docx。"
)

# --- compiled patterns ----------------------------------------------------------------------------
_CONTROL_IN_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_INVISIBLE = re.compile("[\x00\ufeff\u200b-\u200f\u2060\u00ad]")
_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")
# The lookbehind makes a match start only where a run of spaces starts: linear on long runs.
_TRAILING_SPACE = re.compile("(?<![ \t\u3000\u00a0])[ \t\u3000\u00a0]+$", re.MULTILINE)
_MANY_BLANK_LINES = re.compile(r"\n{3,}")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd]")
_CID = re.compile(r"\(cid:\d+\)")
_SPACE_BETWEEN_CJK = re.compile(
    r"(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])[ \u00a0]+"
    r"(?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])"
)
# Each run of spaces is taken whole (possessive: what follows it is no space), so that two runs
# side by side ("1" + spaces + "x") are not tried at every split: linear on a long line.
_PAGE_NUMBER_LINE = re.compile(
    r"^\s*+(?:[-—–－_·•\s]*+[0-9０-９]{1,4}[-—–－_·•\s]*+"
    r"|第\s*+[0-9０-９一二三四五六七八九十百]+\s*+页"
    r"(?:\s*+[/，,、]?\s*+共\s*+[0-9０-９一二三四五六七八九十百]+\s*+页)?"
    r"|[0-9０-９]{1,4}\s*+/\s*+[0-9０-９]{1,4}"
    r"|(?i:page)\s*+\d+(?:\s*+(?i:of)\s*+\d+)?)\s*$"
)
_DIGITS = re.compile(r"[0-9０-９]+")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_HEADING_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+[、.．]"
    r"|[（(][一二三四五六七八九十百]+[）)]"
    r"|[0-9０-９]{1,2}(?:[、．]|\.(?![0-9]))"
    r"|[（(][0-9０-９]{1,2}[）)]"
    r"|[①-⑳⑴-⒇]"
    r"|[一二三四五六七八九十]是"
    r"|第[一二三四五六七八九十]+[章节部分条，,、])"
)
# A line ends a sentence when its last character (after closing quotes/brackets) is one of these.
_SENTENCE_END = frozenset("。！？；：!?;:…")
_CLOSERS = "”’」』）)】》\"'"
# Punctuation that never opens a line in Chinese typesetting: a line starting with it continues.
_NO_LINE_START = frozenset("，、。；：！？）》」』】”’…,.;:!?)")


# ================================================================================================
# Public helpers
# ================================================================================================


def safe_name(name: str) -> str:
    """A display-safe file name: basename only, no control characters, at most ~120 characters."""
    base = re.split(r"[\\/]", name)[-1] if name else ""
    base = _CONTROL_IN_NAME.sub("", base).strip()
    if base in {"", ".", ".."}:
        return _UNNAMED
    if len(base) <= _SAFE_NAME_MAX:
        return base
    suffix = PurePosixPath(base).suffix
    if len(suffix) > 10:
        suffix = ""
    return base[: _SAFE_NAME_MAX - len(suffix) - 1] + "…" + suffix


def normalize_text(text: str) -> str:
    """Line breaks to \\n, no BOM/NUL/zero-width characters, no trailing spaces, ≤1 blank line.

    Characters are otherwise left as they are (no NFKC: full-width digits stay).
    """
    text = _LINE_BREAKS.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = _TRAILING_SPACE.sub("", text)
    text = _MANY_BLANK_LINES.sub("\n\n", text)
    return text.strip("\n")


def read_file_bytes(path: Path, *, name: str, max_bytes: int) -> bytes:
    """A file's bytes; a file over ``max_bytes`` is refused by its size on disk before reading."""
    shown = safe_name(name)
    try:
        if path.is_dir():
            raise ReportError("这是一个文件夹，不是文件，请选择其中的报告文件。", file=shown)
        size = path.stat().st_size
        if size > max_bytes:
            raise ReportError(_too_big_message(size, max_bytes), file=shown)
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise ReportError("找不到该文件，请检查文件名和路径是否正确。", file=shown) from None
    except OSError:
        raise ReportError(
            "无法读取该文件，请检查文件是否被其他程序占用、是否有读取权限。", file=shown
        ) from None
    if len(data) > max_bytes:
        raise ReportError(_too_big_message(len(data), max_bytes), file=shown)
    return data


def read_document(
    data: bytes,
    filename: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    pdf_timeout: float = DEFAULT_PDF_TIMEOUT,
) -> Document:
    """Read one file's bytes into a Document; raises ReportError(file=safe_name(filename)).

    The type is judged by the bytes (ZIP → .docx, ``%PDF`` → .pdf, OLE → legacy .doc or an
    encrypted Office file, anything else → text) within what the extension allows.
    """
    shown = safe_name(filename)
    if len(data) > max_bytes:
        raise ReportError(_too_big_message(len(data), max_bytes), file=shown)
    ext = _extension(shown)
    if ext not in ACCEPTED_EXTENSIONS and ext not in _LEGACY_WORD_EXTENSIONS:
        if ext:
            raise ReportError(f"不支持 {ext} 格式的文件，{_ACCEPTED_TEXT}", file=shown)
        raise ReportError(f"文件没有扩展名，无法判断格式，{_ACCEPTED_TEXT}", file=shown)
    if not data.strip(b" \t\r\n\x00\x0b\x0c"):
        raise ReportError(_MSG_EMPTY, file=shown)

    kind = _sniff(data, pdf_extension=ext == ".pdf")
    if kind == "zip":
        return _finish(_read_docx(data, shown), "docx", None, shown)
    if kind == "pdf":
        return _finish(_read_pdf(data, shown, timeout=pdf_timeout), "pdf", None, shown)
    if kind == "ole":
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise ReportError(_MSG_OFFICE_ENCRYPTED, file=shown)
        raise ReportError(_MSG_LEGACY_DOC, file=shown)
    if kind == "rtf":
        raise ReportError(_MSG_RTF, file=shown)
    if ext in _LEGACY_WORD_EXTENSIONS:
        raise ReportError(_MSG_LEGACY_DOC, file=shown)
    if ext == ".docx":
        raise ReportError(_MSG_DOCX_CORRUPT, file=shown)
    if ext == ".pdf":
        raise ReportError(_MSG_PDF_CORRUPT, file=shown)
    text, encoding = _decode_text(data, shown)
    return _finish(text, "txt", encoding, shown)


# ================================================================================================
# Dispatch
# ================================================================================================


def _too_big_message(size: int, max_bytes: int) -> str:
    return (
        f"文件超过 {_mb(max_bytes)} MB 上限（本文件约 {_mb(size)} MB），请删去图片或拆分后再上传。"
    )


def _mb(n: int) -> str:
    value = n / (1024 * 1024)
    shown = f"{value:.1f}".rstrip("0").rstrip(".")
    return shown if shown != "0" else f"{value:.3f}".rstrip("0")


def _extension(name: str) -> str:
    return PurePosixPath(name.rstrip(" .")).suffix.lower()


def _sniff(data: bytes, *, pdf_extension: bool) -> str:
    head = data[:1024]
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return "zip"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n\x00").startswith(b"%PDF-") or (
        pdf_extension and b"%PDF-" in head
    ):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        return "rtf"
    return "text"


def _finish(text: str, fmt: str, encoding: str | None, shown: str) -> Document:
    text = normalize_text(text)
    if not text.strip():
        message = {"docx": _MSG_DOCX_NO_TEXT, "pdf": _MSG_PDF_SCANNED}.get(fmt, _MSG_EMPTY)
        raise ReportError(message, file=shown)
    return Document(text=text, format=fmt, encoding=encoding)


# ================================================================================================
# Plain text
# ================================================================================================

# (BOM, codec that decodes what follows it, name reported as the Document's encoding)
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32"),
    (b"\xff\xfe", "utf-16-le", "utf-16"),
    (b"\xfe\xff", "utf-16-be", "utf-16"),
)


def _decode_text(data: bytes, shown: str) -> tuple[str, str]:
    """Strictly decode text bytes: BOM, UTF-16 by its NUL pattern, UTF-8, GB18030, UTF-16."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom) :], codec)
            if text is None or not _plausible(text, check_rare=False):
                raise ReportError(_MSG_NOT_TEXT, file=shown)
            return text, name

    if b"\x00" in data[:65536]:
        # NULs: UTF-16 without a BOM (the high byte of ASCII, and of U+4E00 一) or binary data
        for codec in ("utf-16-le", "utf-16-be"):
            candidate = _strict(data, codec)
            if candidate is not None and _plausible(candidate, check_rare=True):
                return candidate, codec
        raise ReportError(_MSG_NOT_TEXT, file=shown)

    text = _strict(data, "utf-8")
    if text is not None and _plausible(text, check_rare=False):
        return text, "utf-8"
    if text is None:
        for codec in ("gb18030", "utf-16-le", "utf-16-be"):
            candidate = _strict(data, codec)
            if candidate is not None and _plausible(candidate, check_rare=True):
                return candidate, codec
    raise ReportError(_MSG_NOT_TEXT, file=shown)


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, ValueError):
        return None


def _plausible(text: str, *, check_rare: bool) -> bool:
    """Whether strictly decoded text reads as text rather than binary or a wrong codec's output."""
    sample = text[:_SAMPLE_CHARS]
    visible = len(sample) - sum(1 for ch in sample if ch.isspace())
    if visible == 0:
        return True  # whitespace only: reported as empty later
    if len(_CONTROL_CHARS.findall(sample)) > _MAX_CONTROL_SHARE * visible:
        return False
    if not check_rare:
        return True
    # A legacy double-byte codec or UTF-16 guessed wrong still decodes, into characters outside
    # GB2312 (GBK's extension area, Latin Extended, Hangul …); real report text is almost all
    # inside it (ASCII, common hanzi, Chinese punctuation, full-width forms).
    visible_text = "".join(sample.split())
    outside = visible_text.encode("gb2312", errors="replace").count(b"?") - visible_text.count("?")
    return outside <= _MAX_RARE_SHARE * len(visible_text)


# ================================================================================================
# .docx
# ================================================================================================

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIP_SUBTREES = frozenset(
    {
        f"{_W}del",
        f"{_W}moveFrom",
        f"{_W}pPr",
        f"{_W}rPr",
        f"{_W}instrText",
        f"{_W}fldData",
        _MC_FALLBACK,
    }
)


def _check_zip(data: bytes, shown: str) -> zipfile.ZipFile:
    """Open the zip and refuse it by its declared sizes before any part is inflated."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    # NotImplementedError: a zip version or compression method zipfile does not know (a
    # damaged header reads as "zip file version 7.8").
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,
        OSError,
        ValueError,
        EOFError,
    ):
        raise ReportError(_MSG_DOCX_CORRUPT, file=shown) from None
    if len(infos) > _ZIP_MAX_ENTRIES:
        raise ReportError(_MSG_ZIP_BOMB, file=shown)
    total = 0
    for info in infos:
        total += info.file_size
        if info.flag_bits & 0x1:
            raise ReportError(_MSG_OFFICE_ENCRYPTED, file=shown)
        if info.file_size > _ZIP_RATIO_MIN_SIZE and (
            info.compress_size == 0 or info.file_size / info.compress_size > _ZIP_MAX_RATIO
        ):
            raise ReportError(_MSG_ZIP_BOMB, file=shown)
    if total > _ZIP_MAX_TOTAL:
        raise ReportError(_MSG_ZIP_BOMB, file=shown)
    names = set(archive.namelist())
    if "word/document.xml" not in names and not _declares_word_main(archive, names):
        if any(n.startswith("xl/") for n in names):
            raise ReportError(_MSG_EXCEL, file=shown)
        if any(n.startswith("ppt/") for n in names):
            raise ReportError(_MSG_POWERPOINT, file=shown)
        if "[Content_Types].xml" in names:
            raise ReportError(_MSG_DOCX_CORRUPT, file=shown)
        raise ReportError(_MSG_NOT_WORD_ZIP, file=shown)
    return archive


def _declares_word_main(archive: zipfile.ZipFile, names: set[str]) -> bool:
    """Whether [Content_Types].xml names a Word main part (stored under another name)."""
    name = "[Content_Types].xml"
    if name not in names or archive.getinfo(name).file_size > 1024 * 1024:
        return False
    try:
        types = archive.read(name)
    except (zipfile.BadZipFile, NotImplementedError, OSError, ValueError, EOFError):
        return False
    return b"wordprocessingml.document.main+xml" in types


def _read_docx(data: bytes, shown: str) -> str:
    """Body paragraphs and tables of a .docx in document order, one paragraph per line.

    A table row whose cells hold one line each becomes one line with its cells joined by a tab
    ("发展党员\\t3名"), empty cells kept in their columns; a row with a multi-paragraph cell gives
    each cell's lines in turn. Merged cells appear once. Automatic list numbering (一、 （一） 1.)
    is written out.
    """
    archive = _check_zip(data, shown)
    archive.close()
    import docx

    try:
        document: Any = docx.Document(io.BytesIO(data))
        body = document.element.body
        numbering = _Numbering(document)
    except Exception:
        raise ReportError(_MSG_DOCX_CORRUPT, file=shown) from None
    return "\n".join(_block_lines(body, numbering))


def _block_lines(container: _Element, numbering: _Numbering) -> Iterator[str]:
    """Lines of the block-level content (paragraphs, tables, content controls) of a container."""
    for child in container.iterchildren():
        tag = child.tag
        if tag == f"{_W}p":
            text, boxes = _paragraph_text(child)
            yield numbering.label(child) + text if text.strip() else text
            for box in boxes:
                yield from _block_lines(box, numbering)
        elif tag == f"{_W}tbl":
            yield from _table_lines(child, numbering)
        elif tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
            yield from _block_lines(child, numbering)


def _table_lines(table: _Element, numbering: _Numbering) -> Iterator[str]:
    """One line per row of single-line cells, the cells joined by tabs in their grid columns.

    An empty cell, a cell under a vertical merge and each further column a cell spans stay as
    empty strings between the tabs (trailing ones are dropped), so that a value stands in the
    column of its header (指标 | 目标值 | 完成值 | 单位). A row with a multi-paragraph cell gives
    each cell's lines in turn.
    """
    for row in table.iter(f"{_W}tr"):
        if _nearest_table(row) is not table:
            continue
        cells: list[list[str]] = []
        for cell in row.iter(f"{_W}tc"):
            if _nearest_table(cell) is not table:
                continue
            span = _grid_span(cell)
            lines: list[str] = []
            if not _is_merge_continuation(cell):
                lines = [line for line in _block_lines(cell, numbering) if line.strip()]
            cells.append(lines)
            cells.extend([] for _ in range(span - 1))
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue
        if all(len(lines) <= 1 for lines in cells):
            yield "\t".join(lines[0].strip() if lines else "" for lines in cells)
        else:
            for lines in cells:
                yield from lines


def _grid_span(cell: _Element) -> int:
    props = cell.find(f"{_W}tcPr")
    span = props.find(f"{_W}gridSpan") if props is not None else None
    return max(1, min(_int(span.get(f"{_W}val") if span is not None else None, 1), 64))


def _nearest_table(element: _Element) -> _Element | None:
    parent = element.getparent()
    while parent is not None and parent.tag != f"{_W}tbl":
        parent = parent.getparent()
    return parent


def _is_merge_continuation(cell: _Element) -> bool:
    props = cell.find(f"{_W}tcPr")
    if props is None:
        return False
    for tag in (f"{_W}vMerge", f"{_W}hMerge"):
        merge = props.find(tag)
        if merge is not None and merge.get(f"{_W}val", "continue") == "continue":
            return True
    return False


def _paragraph_text(paragraph: _Element) -> tuple[str, list[_Element]]:
    """The paragraph's visible text, and the text boxes anchored in it (read as their own lines)."""
    parts: list[str] = []
    boxes: list[_Element] = []

    def walk(element: _Element) -> None:
        for child in element.iterchildren():
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP_SUBTREES:
                continue
            if tag == f"{_W}t":
                parts.append(child.text or "")
            elif tag == f"{_W}tab" or tag == f"{_W}ptab":
                parts.append("\t")
            elif tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
            elif tag == f"{_W}noBreakHyphen":
                parts.append("-")
            elif tag == f"{_W}txbxContent":
                boxes.append(child)
            else:
                walk(child)

    walk(paragraph)
    return "".join(parts), boxes


class _Numbering:
    """Writes out Word's automatic list numbering, counting in document order."""

    def __init__(self, document: Any) -> None:
        self._abstract_of: dict[str, str] = {}
        self._overrides: dict[str, dict[int, int]] = {}
        self._levels: dict[str, dict[int, tuple[int, str, str]]] = {}
        self._style_num: dict[str, tuple[str | None, int | None]] = {}
        self._style_parent: dict[str, str] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._seen_nums: set[str] = set()
        self._load_numbering(document)
        self._load_styles(document)

    def _load_numbering(self, document: Any) -> None:
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for abstract in root.iterchildren(f"{_W}abstractNum"):
            levels: dict[int, tuple[int, str, str]] = {}
            for lvl in abstract.iterchildren(f"{_W}lvl"):
                ilvl = _int(lvl.get(f"{_W}ilvl"), 0)
                start = _int(_val(lvl, "start"), 1)
                fmt = _val(lvl, "numFmt") or "decimal"
                text = _val(lvl, "lvlText") or ""
                levels[ilvl] = (start, fmt, text)
            self._levels[abstract.get(f"{_W}abstractNumId", "")] = levels
        for num in root.iterchildren(f"{_W}num"):
            num_id = num.get(f"{_W}numId", "")
            self._abstract_of[num_id] = _val(num, "abstractNumId") or ""
            overrides: dict[int, int] = {}
            for override in num.iterchildren(f"{_W}lvlOverride"):
                restart = _val(override, "startOverride")
                if restart is not None:
                    overrides[_int(override.get(f"{_W}ilvl"), 0)] = _int(restart, 1)
            self._overrides[num_id] = overrides

    def _load_styles(self, document: Any) -> None:
        try:
            root = document.styles.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for style in root.iterchildren(f"{_W}style"):
            style_id = style.get(f"{_W}styleId", "")
            based = _val(style, "basedOn")
            if based:
                self._style_parent[style_id] = based
            num_pr = style.find(f"{_W}pPr/{_W}numPr")
            if num_pr is not None:
                ilvl = _val(num_pr, "ilvl")
                self._style_num[style_id] = (
                    _val(num_pr, "numId"),
                    None if ilvl is None else _int(ilvl, 0),
                )

    def _from_style(self, style_id: str | None) -> tuple[str | None, int | None]:
        for _ in range(20):
            if style_id is None:
                break
            if style_id in self._style_num:
                return self._style_num[style_id]
            style_id = self._style_parent.get(style_id)
        return None, None

    def label(self, paragraph: _Element) -> str:
        """The number Word shows before this paragraph ("一、", "（二）", "3."), or ""."""
        if not self._levels:
            return ""
        props = paragraph.find(f"{_W}pPr")
        num_id, ilvl = self._from_style(None if props is None else _val(props, "pStyle"))
        num_pr = None if props is None else props.find(f"{_W}numPr")
        if num_pr is not None:
            num_id = _val(num_pr, "numId") or num_id
            own_level = _val(num_pr, "ilvl")
            if own_level is not None:
                ilvl = _int(own_level, 0)
        if not num_id or num_id == "0":
            return ""
        abstract = self._abstract_of.get(num_id)
        levels = self._levels.get(abstract or "")
        if not levels:
            return ""
        level = ilvl or 0
        counters = self._counters.setdefault(abstract or "", {})
        if num_id not in self._seen_nums:
            self._seen_nums.add(num_id)
            for lvl, start in self._overrides.get(num_id, {}).items():
                counters[lvl] = start - 1
        start, fmt, _ = levels.get(level, (1, "decimal", ""))
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        if fmt in ("bullet", "none"):
            return ""
        template = levels.get(level, (1, fmt, ""))[2]

        def fill(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            k_start, k_fmt, _ = levels.get(k, (1, "decimal", ""))
            return _format_number(counters.get(k, k_start), k_fmt)

        return _LEVEL_PLACEHOLDER.sub(fill, template)


_LEVEL_PLACEHOLDER = re.compile(r"%([1-9])")
_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


def _format_number(n: int, fmt: str) -> str:
    """A list counter in one of Word's number formats (w:numFmt)."""
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "ideographDigital",
        "taiwaneseCounting",
    ):
        return _chinese_number(n, _CN_DIGITS, "十百千")
    if fmt == "chineseLegalSimplified":
        return _chinese_number(n, _CN_LEGAL, "拾佰仟")
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return _TIANGAN[n - 1]
    if fmt == "ideographZodiac" and 1 <= n <= 12:
        return _DIZHI[n - 1]
    if fmt.startswith("decimalEnclosedCircle") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter") and n >= 1:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman") and 1 <= n < 4000:
        roman = _roman(n)
        return roman.lower() if fmt == "lowerRoman" else roman
    return str(n)


def _chinese_number(n: int, digits: str, units: str) -> str:
    if n <= 0 or n >= 10000:
        return str(n)
    parts: list[str] = []
    zero = False
    for power in (3, 2, 1, 0):
        d = n // 10**power % 10
        if d == 0:
            zero = bool(parts)
            continue
        if zero:
            parts.append(digits[0])
            zero = False
        if not (power == 1 and d == 1 and not parts):  # 十一, not 一十一
            parts.append(digits[d])
        if power:
            parts.append(units[power - 1])
    return "".join(parts)


def _roman(n: int) -> str:
    out = []
    for value, numeral in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        count, n = divmod(n, value)
        out.append(numeral * count)
    return "".join(out)


def _val(element: _Element, name: str) -> str | None:
    child = element.find(f"{_W}{name}")
    return None if child is None else child.get(f"{_W}val")


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


# ================================================================================================
# .pdf
# ================================================================================================

_PACKAGE_PARENT = Path(__file__).resolve().parent.parent
_CHILD_COMMAND = (
    "import sys; sys.path.insert(0, sys.argv[1]); "
    "from analytics.readers import pdf_child_main; pdf_child_main()"
)
_CHILD_MAX_MEMORY = 4 * 1024**3

# One PDF line as extracted: its text and its horizontal extent.
PdfLine = tuple[str, float, float]
PdfPages = list[list[PdfLine]]


def _read_pdf(data: bytes, shown: str, *, timeout: float) -> str:
    status, payload = _parse_pdf_isolated(data, timeout=timeout)
    if status == "timeout":
        raise ReportError(
            f"解析超时（超过 {timeout:g} 秒仍未完成），PDF 可能结构异常，"
            "请重新导出 PDF 或另存为 .docx 后再上传。",
            file=shown,
        )
    if status == "encrypted":
        raise ReportError(_MSG_PDF_ENCRYPTED, file=shown)
    if status != "ok" or not isinstance(payload, list):
        raise ReportError(_MSG_PDF_CORRUPT, file=shown)
    pages: PdfPages = payload
    everything = "".join(text for page in pages for text, _, _ in page)
    cids = len(_CID.findall(everything))
    if not "".join(everything.split()):
        raise ReportError(_MSG_PDF_SCANNED, file=shown)
    if cids:
        rest = "".join(_CID.sub("", everything).split())
        if cids >= len(rest):
            raise ReportError(_MSG_PDF_GARBLED, file=shown)
        pages = [[(_CID.sub("", t), x0, x1) for t, x0, x1 in page] for page in pages]
    return join_pdf_lines(pages)


def _parse_pdf_isolated(data: bytes, *, timeout: float) -> tuple[str, object]:
    """Parse in a child Python process, killed after ``timeout`` seconds.

    The child is a fresh interpreter started with ``subprocess`` (the same on Windows and POSIX);
    unlike a multiprocessing "spawn" child it does not re-run the caller's main script (a
    Streamlit page, an unguarded script), and it may be started from a daemonic worker too.
    The bytes go in on stdin; the lines come back as JSON on stdout.
    """
    command = [sys.executable, "-c", _CHILD_COMMAND, str(_PACKAGE_PARENT)]
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        )
    except OSError:
        return _parse_pdf(data)  # no interpreter to start (a frozen build): parse here
    try:
        out, _ = process.communicate(data, timeout=max(timeout, 0.001))
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return "timeout", None
    try:
        result = json.loads(out.decode("utf-8"))
        status, payload = str(result[0]), result[1]
    except (ValueError, IndexError, TypeError, KeyError):
        return "corrupt", None
    if status == "ok":
        return status, [[(str(t), float(x0), float(x1)) for t, x0, x1 in pg] for pg in payload]
    return status, None


def pdf_child_main() -> None:
    """Entry point of the PDF child process: PDF bytes on stdin, JSON result on stdout."""
    _limit_memory()
    data = sys.stdin.buffer.read()
    status, payload = _parse_pdf(data)
    sys.stdout.write(json.dumps([status, payload]))
    sys.stdout.flush()


def _limit_memory() -> None:
    """Cap the child's address space where the platform allows it (not on Windows)."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (_CHILD_MAX_MEMORY, _CHILD_MAX_MEMORY))
    except (ImportError, ValueError, OSError):
        pass


def _parse_pdf(data: bytes) -> tuple[str, object]:
    """("ok", pages of (text, x0, x1) lines) or ("encrypted" | "corrupt", None)."""
    try:
        return "ok", _pdf_lines(data)
    except Exception:
        return ("encrypted" if _pdf_is_encrypted(data) else "corrupt"), None


# Lines as pdfplumber's extract_text_lines makes them (characters whose tops lie within 3 pt of
# the line's first are one line; a gap over 3 pt between characters is a space; a character drawn
# twice at the same place, as fake bold, counts once), built straight from pdfminer's characters
# without its layout analysis: about nine times faster than pdfplumber on the same pages.
_PDF_LINE_TOLERANCE = 3.0
_PDF_SPACE_GAP = 3.0


def _pdf_lines(data: bytes) -> PdfPages:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    manager = PDFResourceManager(caching=True)
    device = PDFPageAggregator(manager, laparams=None)
    interpreter = PDFPageInterpreter(manager, device)
    pages: PdfPages = []
    for page in PDFPage.get_pages(io.BytesIO(data), check_extractable=False):
        interpreter.process_page(page)
        layout = device.get_result()
        seen: set[tuple[str, int, int]] = set()
        chars: list[tuple[float, float, float, str]] = []
        for char in _pdf_chars(layout):
            text = char.get_text()
            key = (text, round(char.x0), round(char.y1))
            if key not in seen:
                seen.add(key)
                chars.append((layout.height - char.y1, char.x0, char.x1, text))
        chars.sort()
        rows: list[list[tuple[float, float, str]]] = []
        top: float | None = None
        for char_top, x0, x1, text in chars:
            if top is None or char_top - top > _PDF_LINE_TOLERANCE:
                rows.append([])
                top = char_top
            rows[-1].append((x0, x1, text))
        lines: list[PdfLine] = []
        for row in rows:
            row.sort()
            parts: list[str] = []
            right: float | None = None
            for x0, x1, text in row:
                if right is not None and x0 - right > _PDF_SPACE_GAP:
                    parts.append(" ")
                parts.append(text)
                right = x1 if right is None else max(right, x1)
            line = "".join(parts).strip()
            if line:
                lines.append((line, float(row[0][0]), float(right or row[0][1])))
        pages.append(lines)
    return pages


def _pdf_chars(container: Any) -> Iterator[Any]:
    """pdfminer's characters of a page, in figures and groups too."""
    from pdfminer.layout import LTChar, LTContainer

    stack = [iter(container)]
    while stack:
        for item in stack[-1]:
            if isinstance(item, LTChar):
                yield item
            elif isinstance(item, LTContainer):
                stack.append(iter(item))
                break
        else:
            stack.pop()


def _pdf_is_encrypted(data: bytes) -> bool:
    try:
        import pypdf

        reader = pypdf.PdfReader(io.BytesIO(data))
        if not reader.is_encrypted:
            return False
        try:
            return not reader.decrypt("")
        except Exception:
            return True
    except Exception:
        return b"/Encrypt" in data


def join_pdf_lines(pages: Sequence[Sequence[PdfLine]]) -> str:
    """Rebuild paragraphs from a PDF's lines (given per page as (text, x0, x1)).

    Bare page numbers and headers/footers repeated on most pages are dropped. A line is joined to
    the next without a space when it is full (it reaches the right margin, or holds about as many
    characters as the fullest lines, for PDFs whose glyph widths are wrong), does not end a
    sentence (。！？；：) and the next line does not start a heading (一、 （一） 1. 一是 …); and
    always when the next line opens with punctuation that cannot start a line (，、。）…). So a
    sentence or a figure broken across lines ("发展党员3" / "名") reads whole, and other line ends
    stay paragraph breaks.
    """
    kept = _drop_page_furniture(pages)
    lines = [
        (cleaned, x1)
        for text, _x0, x1 in (line for page in kept for line in page)
        if (cleaned := _SPACE_BETWEEN_CJK.sub("", text.strip()))
    ]
    if not lines:
        return ""
    right, char_width = _right_margin([line for page in kept for line in page])
    full_length = _high(sorted(len(text) for text, _ in lines))
    out: list[str] = []
    current = ""
    for i, (text, x1) in enumerate(lines):
        current += text
        nxt = lines[i + 1][0] if i + 1 < len(lines) else ""
        full = x1 >= right - 1.5 * char_width or len(text) >= 0.92 * full_length
        if nxt and (nxt[0] in _NO_LINE_START or _continues(text, nxt, full=full)):
            if _ASCII_LETTER.match(current[-1]) and _ASCII_LETTER.match(nxt[0]):
                current += " "  # an English word wrapped to the next line
            continue
        out.append(current)
        current = ""
    if current:
        out.append(current)
    return "\n".join(out)


def _continues(line: str, nxt: str, *, full: bool) -> bool:
    if not full or _HEADING_START.match(nxt):
        return False
    stripped = line.rstrip(_CLOSERS)
    return stripped[-1:] not in _SENTENCE_END


def _high(values: Sequence[float]) -> float:
    """The largest of a few sorted values, or a high percentile of many (ignoring overflows)."""
    return values[-1] if len(values) < 20 else values[int(0.95 * (len(values) - 1))]


def _right_margin(lines: Sequence[PdfLine]) -> tuple[float, float]:
    """The text block's right edge and a typical character width."""
    right = _high(sorted(x1 for _, _, x1 in lines))
    widths = sorted((x1 - x0) / len(t) for t, x0, x1 in lines if len(t.strip()) >= 5 and x1 > x0)
    char_width = widths[len(widths) // 2] if widths else 10.0
    return right, char_width


def _drop_page_furniture(pages: Sequence[Sequence[PdfLine]]) -> list[list[PdfLine]]:
    """Drop bare page numbers near a page's ends, and a first or last line (a running header or
    footer) that recurs, digits aside, on most pages."""
    edge = 2  # lines at each end of a page that may be a page number
    repeated: set[str] = set()
    if len(pages) >= 3:
        counts: Counter[str] = Counter()
        for page in pages:
            texts = [t.strip() for t, _, _ in page if t.strip()]
            counts.update({_furniture_key(t) for t in texts[:1] + texts[-1:]} - {""})
        need = max(3, int(0.6 * len(pages)))
        repeated = {key for key, count in counts.items() if count >= need}
    result: list[list[PdfLine]] = []
    for page in pages:
        lines = [line for line in page if line[0].strip()]
        n = len(lines)
        kept = []
        for i, line in enumerate(lines):
            text = line[0].strip()
            if (i < edge or i >= n - edge) and _PAGE_NUMBER_LINE.match(text):
                continue
            if (i == 0 or i == n - 1) and _furniture_key(text) in repeated:
                continue
            kept.append(line)
        result.append(kept)
    return result


def _furniture_key(text: str) -> str:
    """How a line that may be a running header or footer is compared across pages ("" if it
    cannot be one: too long, or ending a sentence)."""
    if len(text) > 40 or text.rstrip(_CLOSERS)[-1:] in _SENTENCE_END:
        return ""
    return _DIGITS.sub("#", text)
