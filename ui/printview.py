"""The 报告 page's print view: the report as it prints (A4, no sidebar), print and PDF buttons."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.printing import pdf, view
from ui import chrome, widgets

# In print, only the print view itself (the page's pickers and buttons stay on screen).
_ONLY_THE_VIEW = (
    "@media print { [data-testid='stMainBlockContainer'] [data-testid='stElementContainer']"
    ":not(:has(.print-view)) { display: none !important; } }"
)
_PRINT_BUTTON = (
    '<button class="print-hide" onclick="window.print()" style="font-size:15px;padding:6px 16px;'
    'border:1px solid #c0392b;border-radius:6px;background:#fff;color:#c0392b;cursor:pointer">'
    "打印本报告</button>"
)


def header(row: pd.Series) -> view.ReportHeader:
    """The print header of one row of the reports table."""
    year = row["year"]
    secretary = row["secretary"]
    return view.ReportHeader(
        unit=str(row["unit"]),
        unit_type=str(row["unit_type"]),
        year=None if pd.isna(year) else int(year),
        secretary=secretary if isinstance(secretary, str) else None,
        file=str(row["file"]),
        chars=int(row["chars"]),
    )


def show(row: pd.Series, text: str, mentions: pd.DataFrame, problems: pd.DataFrame) -> None:
    """Draw the print view with its print and PDF buttons."""
    chrome.hide_sidebar()
    st.html(f"<style>{_ONLY_THE_VIEW}</style>")
    top = header(row)
    bar = st.container(horizontal=True, gap="small")
    with bar:
        st.html(_PRINT_BUTTON, unsafe_allow_javascript=True, width="content")
    if pdf.find_browser() is not None:
        page = view.report_document(top, text, mentions, problems)
        name = widgets.file_name(f"{top.unit}_{top.year or '年度未识别'}_述职报告")
        bar.download_button(
            "下载 PDF",
            data=lambda: pdf.html_pdf(page),
            file_name=f"{name}.pdf",
            mime="application/pdf",
            key="report-pdf",
            on_click="ignore",
            icon=":material/picture_as_pdf:",
        )
    else:
        bar.caption(pdf.NO_BROWSER_MESSAGE + "。")
    st.caption("打印或另存为 PDF 时按 A4 纸排版，不含侧边栏；关闭“打印视图”回到阅读视图。")
    st.html(view.report_body(top, text, mentions, problems))
