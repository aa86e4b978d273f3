"""Find the report files under the paths given and attach the rows of each folder's manifest.csv."""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from analytics.errors import ReportError
from analytics.readers import safe_name
from analytics.records import ManifestRow
from analytics.schema import UNIT_TYPE_LABELS

__all__ = [
    "MANIFEST_NAME",
    "SourceFile",
    "discover",
    "manifest_key",
    "parse_manifest",
    "read_manifest",
]

MANIFEST_NAME = "manifest.csv"

# Files that are never reports: skipped silently when walking folders or named explicitly.
_SKIPPED_NAMES = frozenset(
    {MANIFEST_NAME, "expected.json", "thumbs.db", "desktop.ini", ".ds_store", "readme.txt"}
)
_SKIPPED_SUFFIXES = frozenset({".md", ".lnk", ".tmp", ".bak", ".part", ".crdownload"})
_SKIPPED_FOLDERS = frozenset({"__macosx", "__pycache__"})

_MANIFEST_MAX_BYTES = 5 * 1024 * 1024
_MIN_YEAR, _MAX_YEAR = 1949, 2100

# Header names accepted for each manifest column (English as in SPEC, or the Chinese a user types).
_COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "file": ("file", "filename", "文件", "文件名", "文件名称"),
    "unit": ("unit", "单位", "单位名称"),
    "unit_type": ("unit_type", "type", "单位类型", "类型"),
    "year": ("year", "年度", "年份", "年"),
    "secretary": ("secretary", "书记", "书记姓名", "姓名", "述职人"),
}
_UNIT_TYPE_ALIASES: dict[str, str] = {
    **{key: key for key in UNIT_TYPE_LABELS},
    **{label: key for key, label in UNIT_TYPE_LABELS.items()},
    "乡镇": "township",
    "街道": "township",
    "国企": "soe",
    "企业": "soe",
    "学校": "school",
    "医院": "hospital",
}
_ManifestLookup = Callable[[Path], dict[str, ManifestRow]]

_YEAR = re.compile(r"^\s*(\d{4})\s*(?:年|年度|\.0+)?\s*$")


@dataclass(frozen=True)
class SourceFile:
    """One file to analyse: where it is, its name as shown and in the JSON, its manifest row."""

    path: Path
    name: str
    manifest: ManifestRow | None = None


def discover(paths: Sequence[Path]) -> tuple[list[SourceFile], list[ReportError]]:
    """The files under ``paths`` (folders recursively, sorted) and the problems met on the way.

    Hidden files and folders, manifest.csv itself and obvious non-reports (expected.json, *.md,
    Word lock files ``~$…``) are skipped; files of an unknown type are kept for the reader to
    refuse with a message. A folder's manifest.csv applies to the files in it (matched by name)
    and below it (matched by the path relative to it). A path that does not exist, or a manifest
    that cannot be used, gives a ReportError in the second list.
    """
    sources: list[SourceFile] = []
    problems: list[ReportError] = []
    seen: set[Path] = set()
    manifests: dict[Path, dict[str, ManifestRow]] = {}

    def manifest_of(folder: Path) -> dict[str, ManifestRow]:
        if folder not in manifests:
            manifests[folder] = {}
            found = _manifest_path(folder)
            if found is not None:
                try:
                    manifests[folder] = read_manifest(found)
                except ReportError as err:
                    problems.append(err)
        return manifests[folder]

    def add(file: Path, root: Path) -> None:
        key = _identity(file)
        if key in seen:
            return
        seen.add(key)
        row = _manifest_row(file, root, manifest_of)
        sources.append(SourceFile(path=file, name=file.name, manifest=row))

    for given in paths:
        path = Path(given)
        if path.is_dir():
            for file in _walk(path):
                add(file, path)
        elif path.is_file():
            if not _skipped_file(path.name):
                add(path, path.parent)
        else:
            problems.append(
                ReportError(
                    "找不到这个文件或文件夹，请检查路径是否正确。", file=safe_name(str(path))
                )
            )
    return sources, problems


def read_manifest(path: Path) -> dict[str, ManifestRow]:
    """Rows of a manifest.csv keyed by the normalised ``file`` cell.

    Columns ``file,unit,unit_type,year,secretary`` (any but ``file`` may be missing or blank;
    Chinese headers such as 文件名/单位/单位类型/年度/书记 are accepted); UTF-8 (with or without
    BOM), GBK/GB18030 as Excel saves it on Chinese Windows, or UTF-16; comma- or tab-separated.
    A bad year, an unknown unit type or a repeated file name is a ReportError naming the row.
    """
    shown = _manifest_label(path)
    try:
        if path.stat().st_size > _MANIFEST_MAX_BYTES:
            raise ReportError("清单文件过大，请检查是否选错了文件。", file=shown)
        data = path.read_bytes()
    except OSError:
        raise ReportError(
            "无法读取清单文件，请检查文件是否被占用或没有读取权限。", file=shown
        ) from None
    return parse_manifest(data, shown)


def parse_manifest(data: bytes, shown: str) -> dict[str, ManifestRow]:
    """Rows of a manifest's bytes (as ``read_manifest``); ``shown`` names it in messages."""
    text = _decode_manifest(data, shown)
    lines = text.splitlines()
    header_line = next((line for line in lines if line.strip()), "")
    delimiter = "\t" if header_line.count("\t") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = list(reader)
    while rows and not any(cell.strip() for cell in rows[0]):
        rows.pop(0)
    if not rows:
        return {}
    columns = _columns(rows[0], shown)
    result: dict[str, ManifestRow] = {}
    first_row_of: dict[str, int] = {}
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        values = {
            key: (cells[index].strip() if index < len(cells) else "")
            for key, index in columns.items()
        }
        file_cell = values.get("file", "")
        if not file_cell:
            raise ReportError(
                f"第 {number} 行没有填写文件名（file 列），请补上或删除该行。", file=shown
            )
        key = manifest_key(file_cell)
        if key in first_row_of:
            raise ReportError(
                f"第 {number} 行的文件名“{safe_name(file_cell)}”与第 {first_row_of[key]} 行重复，"
                "请删除重复的行。",
                file=shown,
            )
        first_row_of[key] = number
        result[key] = ManifestRow(
            file=file_cell,
            unit=values.get("unit") or None,
            unit_type=_unit_type(values.get("unit_type", ""), number, shown),
            year=_year(values.get("year", ""), number, shown),
            secretary=values.get("secretary") or None,
        )
    return result


def manifest_key(name: str) -> str:
    """How a manifest's ``file`` cell and a file's relative path are compared."""
    key = unicodedata.normalize("NFC", name.strip()).replace("\\", "/")
    while key.startswith("./"):
        key = key[2:]
    return key.casefold()


# ------------------------------------------------------------------------------------------------


def _walk(root: Path) -> list[Path]:
    """Report files under ``root``, sorted by their path relative to it; symlinked folders are
    not followed (no cycles)."""
    found: list[tuple[tuple[str, ...], Path]] = []
    for folder, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not _skipped_folder(d))
        base = Path(folder)
        rel = base.relative_to(root).parts
        for name in filenames:
            if not _skipped_file(name):
                found.append(((*rel, name), base / name))
    found.sort(key=lambda item: item[0])
    return [path for _, path in found]


def _skipped_folder(name: str) -> bool:
    return name.startswith(".") or name.casefold() in _SKIPPED_FOLDERS


def _skipped_file(name: str) -> bool:
    lowered = name.casefold()
    return (
        name.startswith((".", "~$"))
        or lowered in _SKIPPED_NAMES
        or Path(lowered).suffix in _SKIPPED_SUFFIXES
    )


def _identity(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def _manifest_path(folder: Path) -> Path | None:
    exact = folder / MANIFEST_NAME
    if exact.is_file():
        return exact
    try:
        for entry in sorted(folder.iterdir()):
            if entry.name.casefold() == MANIFEST_NAME and entry.is_file():
                return entry
    except OSError:
        return None
    return None


def _manifest_row(file: Path, root: Path, manifest_of: _ManifestLookup) -> ManifestRow | None:
    """The row for ``file``: its own folder's manifest by name (or ./name), else the nearest
    ancestor's (up to ``root``) by the path relative to that ancestor."""
    folder = file.parent
    rows = manifest_of(folder)
    row = rows.get(manifest_key(file.name))
    if row is not None:
        return row
    try:
        relative = file.relative_to(root)
    except ValueError:
        return None
    parts = relative.parts
    for depth in range(len(parts) - 2, -1, -1):
        ancestor = root.joinpath(*parts[:depth])
        row = manifest_of(ancestor).get(manifest_key("/".join(parts[depth:])))
        if row is not None:
            return row
    return None


def _manifest_label(path: Path) -> str:
    folder = safe_name(path.parent.name) if path.parent.name else ""
    return f"{folder}/{path.name}" if folder and folder != "未命名文件" else path.name


def _decode_manifest(data: bytes, shown: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        codecs: tuple[str, ...] = ("utf-16",)
    elif data.startswith(b"\xef\xbb\xbf"):
        codecs = ("utf-8-sig",)
    else:
        codecs = ("utf-8", "gb18030")
    for codec in codecs:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    raise ReportError(
        "清单文件的编码无法识别，请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再试。", file=shown
    )


def _columns(header: list[str], shown: str) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = cell.strip().lstrip("\ufeff").casefold()
        for key, aliases in _COLUMN_ALIASES.items():
            if name in aliases and key not in columns:
                columns[key] = index
    if "file" not in columns:
        raise ReportError(
            "清单文件第 1 行缺少 file 列，请在表头写明 file,unit,unit_type,year,secretary。",
            file=shown,
        )
    return columns


def _unit_type(value: str, number: int, shown: str) -> str | None:
    if not value:
        return None
    key = _UNIT_TYPE_ALIASES.get(value.strip()) or _UNIT_TYPE_ALIASES.get(value.strip().lower())
    if key is None:
        allowed = "、".join(f"{k}（{label}）" for k, label in UNIT_TYPE_LABELS.items())
        raise ReportError(
            f"第 {number} 行的单位类型“{safe_name(value)}”无法识别，请改为以下之一：{allowed}。",
            file=shown,
        )
    return key


def _year(value: str, number: int, shown: str) -> int | None:
    if not value:
        return None
    match = _YEAR.match(unicodedata.normalize("NFKC", value))
    year = int(match.group(1)) if match else None
    if year is None or not _MIN_YEAR <= year <= _MAX_YEAR:
        raise ReportError(
            f"第 {number} 行的年份“{safe_name(value)}”无效，请填写四位数年份（如 2023）。",
            file=shown,
        )
    return year
