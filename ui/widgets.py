"""Reusable widgets: a chart with its download buttons, a table with its download buttons."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from analytics import schema, views
from ui import data

NO_STATIC_EXPORT = (
    "本机未找到 Chromium 浏览器，服务器无法生成 PNG/SVG 图片；"
    "请用图表右上角工具栏中的相机按钮保存 PNG，或下载 HTML 交互图。"
)
_BAD_NAME = re.compile(r'[\\/:*?"<>|\[\]\s]+')

_PLOTLY_CONFIG: dict[str, Any] = {"displaylogo": False, "locale": "zh-CN"}
HIDDEN_ON_SCREEN = schema.COLUMN_LABELS["report_id"]
MISSING = "—"  # how a table shows a value the report does not state (downloads keep it empty)
# Columns of sentences: rows tall enough for three wrapped lines instead of one cut line (the
# whole cell also opens on a click).
LONG_TEXT = (schema.COLUMN_LABELS["evidence"], schema.COLUMN_LABELS["text"], "说明")
WRAP_ROW_HEIGHT = 78
SCREEN_ROWS = 1000  # rows of a table on screen; its downloads hold every row


def file_name(name: str) -> str:
    """A name safe for a downloaded file (no slashes, colons or spaces)."""
    return _BAD_NAME.sub("_", name).strip("_") or "导出"


_file_name = file_name


@st.cache_data(max_entries=64, show_spinner=False)
def _figure_html(fig_json: str) -> bytes:
    from analytics import export

    out = export.figure_html(pio.from_json(fig_json))
    return out.encode("utf-8") if isinstance(out, str) else bytes(out)


@st.cache_data(max_entries=64, show_spinner=False)
def _figure_image(fig_json: str, fmt: str) -> bytes:
    from analytics import export

    data.prepare_static_export_fonts()
    return bytes(export.figure_image(pio.from_json(fig_json), fmt=fmt))


def chart(fig: go.Figure, *, name: str, key: str) -> None:
    """Show a plotly figure with buttons to download it as HTML, PNG and SVG.

    The files are made only when a button is clicked (and cached), never on a rerun.
    """
    config = {**_PLOTLY_CONFIG, "toImageButtonOptions": {"filename": _file_name(name)}}
    # theme=None: the screen shows the figure exactly as the downloads draw it.
    st.plotly_chart(fig, key=f"chart-{key}", config=config, width="stretch", theme=None)
    base = _file_name(name)
    row = st.container(horizontal=True, gap="small")
    row.download_button(
        "下载 HTML",
        data=lambda: _figure_html(fig.to_json()),
        file_name=f"{base}.html",
        mime="text/html",
        key=f"html-{key}",
        on_click="ignore",
        icon=":material/download:",
    )
    if data.static_export_available():
        for fmt, mime in (("png", "image/png"), ("svg", "image/svg+xml")):

            def image(fmt: str = fmt) -> bytes:
                return _figure_image(fig.to_json(), fmt)

            row.download_button(
                f"下载 {fmt.upper()}",
                data=image,
                file_name=f"{base}.{fmt}",
                mime=mime,
                key=f"{fmt}-{key}",
                on_click="ignore",
                icon=":material/image:",
            )
    else:
        row.caption(NO_STATIC_EXPORT)


def downloads(shown: pd.DataFrame | Callable[[], pd.DataFrame], *, name: str, key: str) -> None:
    """CSV (UTF-8 with BOM, opens in Excel) and XLSX download buttons for a table as shown.

    ``shown`` may be a function that builds the table: it then runs only when a button is pressed.
    """
    from analytics import export

    def table() -> pd.DataFrame:
        return shown() if callable(shown) else shown

    base = _file_name(name)
    row = st.container(horizontal=True, gap="small")
    row.download_button(
        "下载 CSV",
        data=lambda: export.csv_bytes(table()),
        file_name=f"{base}.csv",
        mime="text/csv",
        key=f"csv-{key}",
        on_click="ignore",
        icon=":material/download:",
    )
    row.download_button(
        "下载 Excel",
        data=lambda: export.xlsx_bytes(table(), sheet_name=base[:31]),
        file_name=f"{base}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"xlsx-{key}",
        on_click="ignore",
        icon=":material/table:",
    )


def table(
    frame: pd.DataFrame,
    *,
    name: str,
    key: str,
    display: bool = True,
    index: bool = False,
    height: int | None = None,
    column_config: dict[str, Any] | None = None,
    rows: int | None = None,
) -> None:
    """Show a table (keys as Chinese labels unless ``display`` is False) with its downloads.

    The screen shows one page of ``rows`` rows (SCREEN_ROWS unless given), with a page number
    to turn; the downloads keep them all, converted for people only when a download is asked
    for (a province's corpus has tables of hundreds of thousands of rows).
    """
    limit = SCREEN_ROWS if rows is None else rows
    source = frame.reset_index() if index else frame
    if len(source) > limit:
        source_on_screen = source.iloc[_page(len(source), limit, key=f"page-{key}")]
    else:
        source_on_screen = source
    on_screen = views.for_display(source_on_screen) if display else source_on_screen
    shown: pd.DataFrame | Callable[[], pd.DataFrame]
    if source_on_screen is source:
        shown = on_screen
    else:
        shown = (lambda: views.for_display(source)) if display else source
    # The report number (a content hash) means nothing on screen; the downloads keep it.
    config = {HIDDEN_ON_SCREEN: None, **(column_config or {})}
    long = [c for c in LONG_TEXT if c in on_screen.columns]
    for column in long:
        config.setdefault(column, st.column_config.TextColumn(width="large"))
    st.dataframe(
        _tidy(on_screen),
        hide_index=True,
        width="stretch",
        height=height if height is not None else "auto",
        row_height=WRAP_ROW_HEIGHT if long else None,
        column_config={k: v for k, v in config.items() if k in on_screen.columns} or None,
        key=f"table-{key}",
        placeholder=MISSING,
    )
    downloads(shown, name=name, key=key)


def _page(total: int, size: int, *, key: str) -> slice:
    """A page number to turn through ``total`` rows, ``size`` a page; the rows of that page."""
    pages = -(-total // size)
    state = st.session_state
    if not isinstance(state.get(key), int):
        state[key] = 1
    elif not 1 <= state[key] <= pages:
        state[key] = min(max(1, state[key]), pages)  # the table shrank under a new filter
    page = int(
        st.number_input(
            f"页码（共 {pages} 页，每页 {size} 行）", min_value=1, max_value=pages, step=1, key=key
        )
    )
    start = (page - 1) * size
    end = min(total, start + size)
    st.caption(f"共 {total} 行，当前显示第 {start + 1}–{end} 行；下载的文件包含全部。")
    return slice(start, end)


def text_table(shown: pd.DataFrame) -> None:
    """A short table of long texts, every cell wrapped in full (for reading side by side)."""
    display = shown.astype(object).where(shown.notna(), MISSING)
    for column in shown.columns:
        if shown[column].dtype.kind == "f":
            display[column] = [v if v == MISSING else f"{v:.2f}" for v in display[column]]
    st.table(display, hide_index=True)


def _tidy(shown: pd.DataFrame) -> pd.DataFrame:
    """Whole-number float columns (floats only because of gaps) shown as integers: 4, not 4.0."""
    out = shown
    for column in shown.columns:
        values = shown[column]
        if values.dtype.kind == "f" and values.notna().any():
            present = values.dropna()
            if (present == present.round()).all() and present.abs().max() < 2**53:
                if out is shown:
                    out = shown.copy()
                out[column] = values.astype("Int64")
    return out


def empty(message: str) -> None:
    """The notice shown when the filter leaves nothing to show."""
    st.info(message, icon=":material/filter_alt_off:")
