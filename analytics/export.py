"""Downloads: CSV and Excel that open cleanly in Excel/WPS, standalone HTML and PNG/SVG charts."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final
from xml.sax.saxutils import escape

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from analytics.errors import ReportError

# A cell starting with one of these is a formula (or a DDE payload) to Excel, WPS and LibreOffice.
FORMULA_PREFIXES: Final = ("=", "+", "-", "@", "\t", "\r")
EXCEL_MAX_ROWS: Final = 1_048_576
EXCEL_MAX_CELL_CHARS: Final = 32_767
SHEET_NAME_MAX: Final = 31
_SHEET_FORBIDDEN: Final = str.maketrans({c: "_" for c in "[]:*?/\\"})
_WIDTH_SAMPLE_ROWS: Final = 500
_WIDTH_RANGE: Final = (6, 60)
BROWSER_NAMES: Final = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
)
IMAGE_FORMATS: Final = ("png", "svg")
NO_BROWSER_MESSAGE: Final = (
    "未找到 Chromium 浏览器，无法导出 PNG/SVG 静态图片；"
    "可使用图表右上角工具栏的下载按钮，或安装 Chromium 后重试"
)


# --- cells -------------------------------------------------------------------------------------


def neutralise(value: object) -> object:
    """A cell value that no spreadsheet will run: text starting like a formula gets a ' prefix."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A new frame whose text cells and headers are neutralised (numbers are left alone)."""
    out = df.copy()
    for col in out.columns:
        if not _is_numeric(out[col]):
            out[col] = out[col].map(neutralise).astype(object)
    out.columns = pd.Index([neutralise(str(c)) for c in out.columns])
    return out


def _xlsx_text(value: object) -> object:
    """Text without the control characters Excel refuses, within Excel's cell length."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)[:EXCEL_MAX_CELL_CHARS]
    return value


def _is_numeric(column: pd.Series) -> bool:
    return bool(pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column))


def _xlsx_columns(frame: pd.DataFrame) -> list[list[object]]:
    """Each column as plain Python values openpyxl can write (None for missing), column-wise."""
    columns = []
    for i in range(frame.shape[1]):
        column = frame.iloc[:, i]
        values = column.astype(object).where(column.notna(), None)
        if not _is_numeric(column):
            values = values.map(_xlsx_text)
        columns.append(values.tolist())
    return columns


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _column_width(header: str, values: pd.Series) -> float:
    sample = [header, *(str(v) for v in values.head(_WIDTH_SAMPLE_ROWS) if v is not None)]
    low, high = _WIDTH_RANGE
    return float(min(high, max(low, max(_display_width(s) for s in sample) + 2)))


# --- CSV and Excel -----------------------------------------------------------------------------


def csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with a byte-order mark, so that Excel shows the Chinese text correctly."""
    return _safe_frame(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def sheet_name(name: str, *, taken: set[str] | None = None) -> str:
    """A name Excel accepts: no []:*?/\\, at most 31 characters, not blank, unique in ``taken``."""
    clean = "".join(ch for ch in str(name) if unicodedata.category(ch)[0] != "C")
    clean = clean.translate(_SHEET_FORBIDDEN).strip().strip("'").strip()
    if not clean or clean.lower() == "history":
        clean = f"{clean}_数据" if clean else "数据"
    clean = clean[:SHEET_NAME_MAX]
    used = {t.lower() for t in taken or set()}
    candidate, n = clean, 2
    while candidate.lower() in used:
        suffix = f"({n})"
        candidate = clean[: SHEET_NAME_MAX - len(suffix)] + suffix
        n += 1
    return candidate


def workbook_bytes(tables: Mapping[str, pd.DataFrame]) -> bytes:
    """An .xlsx workbook with one sheet per table: bold frozen header, readable column widths."""
    for name, df in tables.items():
        if len(df) + 1 > EXCEL_MAX_ROWS:
            raise ReportError(
                f"表格“{name}”有 {len(df)} 行，超过 Excel 单个工作表 {EXCEL_MAX_ROWS} 行的上限；"
                "请先筛选缩小范围，或改为导出 CSV"
            )
    wb = Workbook(write_only=True)
    taken: set[str] = set()
    header_font = Font(bold=True)
    header_alignment = Alignment(vertical="center")
    for name, df in (tables or {"数据": pd.DataFrame()}).items():
        title = sheet_name(name, taken=taken)
        taken.add(title)
        ws = wb.create_sheet(title=title)
        safe = _safe_frame(df)
        headers = [str(c) for c in safe.columns]
        for i, header in enumerate(headers, start=1):
            ws.column_dimensions[get_column_letter(i)].width = _column_width(
                header, safe.iloc[:, i - 1]
            )
        ws.freeze_panes = "A2"
        if headers:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(safe) + 1}"
        cells = []
        for header in headers:
            cell = WriteOnlyCell(ws, value=_xlsx_text(header))
            cell.font = header_font
            cell.alignment = header_alignment
            cells.append(cell)
        ws.append(cells)
        for row in zip(*_xlsx_columns(safe), strict=True):
            ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(df: pd.DataFrame, *, sheet_name: str = "数据") -> bytes:
    """One table as an .xlsx workbook of one sheet."""
    return workbook_bytes({sheet_name: df})


# --- charts ------------------------------------------------------------------------------------


def figure_html(fig: Any) -> bytes:
    """A standalone HTML page of a plotly figure that works offline (plotly.js embedded)."""
    html: str = fig.to_html(
        include_plotlyjs=True, full_html=True, config={"displaylogo": False, "responsive": True}
    )
    title = getattr(getattr(getattr(fig, "layout", None), "title", None), "text", None)
    head = f"<title>{escape(str(title or '图表'))}</title>"
    return html.replace("<head>", f"<head>\n    {head}", 1).encode("utf-8")


def static_export_available(*, browser_path: str | None = None) -> bool:
    """Whether a Chromium/Chrome is there for PNG/SVG export (nothing is downloaded)."""
    if browser_path is not None:
        path = Path(browser_path)
        return path.is_file() and os.access(path, os.X_OK)
    if any(shutil.which(name) for name in BROWSER_NAMES):
        return True
    # Chrome or Edge on Windows and macOS is rarely on PATH: ask the finder kaleido itself uses
    # (registry and usual install folders; skip_local: never its own downloaded copy).
    from choreographer.browsers.chromium import Chromium

    return Chromium.find_browser(skip_local=True) is not None


def figure_image(
    fig: Any,
    *,
    fmt: str,
    width: int = 1200,
    height: int = 700,
    scale: float = 2.0,
    browser_path: str | None = None,
) -> bytes:
    """PNG or SVG of a plotly figure, drawn by a local Chromium through kaleido.

    The first call in a process starts kaleido's browser server (a few seconds); later calls
    reuse it (well under a second). Chinese glyphs need a CJK font that the browser sees: see
    ``cjk_font_available`` and ``font_setup``.
    """
    kind = fmt.lower().lstrip(".")
    if kind not in IMAGE_FORMATS:
        raise ReportError(f"不支持导出“{fmt}”格式的图片，请选择 PNG 或 SVG")
    if not static_export_available(browser_path=browser_path):
        raise ReportError(NO_BROWSER_MESSAGE)
    import kaleido  # heavy, and only needed here

    try:
        options: dict[str, Any] = {"mathjax": False, "silence_warnings": True}
        if browser_path is not None:
            options["path"] = browser_path
        kaleido.start_sync_server(**options)
        data = kaleido.calc_fig_sync(
            fig, opts={"format": kind, "width": width, "height": height, "scale": scale}
        )
    except Exception as exc:  # kaleido raises many kinds; the user needs one sentence
        raise ReportError(
            f"静态图片导出失败（{type(exc).__name__}），"
            "可使用图表右上角工具栏的下载按钮，或稍后重试"
        ) from exc
    return data if isinstance(data, bytes) else str(data).encode("utf-8")


# --- fonts for static images -------------------------------------------------------------------


@dataclass(frozen=True)
class FontSetup:
    """A fontconfig file to write and the environment to set before the first image export."""

    config_path: Path
    config_text: str
    env: dict[str, str]


def cjk_font_available(*, timeout: float = 10.0) -> bool:
    """Whether fontconfig (which Chromium uses on Linux) knows a font with Chinese glyphs."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    try:
        found = subprocess.run(
            [fc_list, ":lang=zh", "family"], capture_output=True, text=True, timeout=timeout
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return found.returncode == 0 and bool(found.stdout.strip())


def font_setup(font_file: Path, *, config_dir: Path, include_system: bool = True) -> FontSetup:
    """How to let Chromium draw Chinese with a font file it would not otherwise see.

    Linux only (Chromium on Windows and macOS uses the system's own Chinese fonts). The shell
    writes ``config_text`` to ``config_path`` and puts ``env`` into the process environment
    before the first ``figure_image`` call, so that the Chromium it starts inherits them.
    With ``include_system`` the system's fonts stay available beside the added one.
    """
    config_path = config_dir / "fonts.conf"
    system = (
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        if include_system
        else ""
    )
    text = (
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        "<fontconfig>\n"
        f"{system}"
        f"  <dir>{escape(str(font_file.parent))}</dir>\n"
        f"  <cachedir>{escape(str(config_dir / 'fontconfig-cache'))}</cachedir>\n"
        "</fontconfig>\n"
    )
    return FontSetup(config_path, text, {"FONTCONFIG_FILE": str(config_path)})
