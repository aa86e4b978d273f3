"""The shell around every page: page set-up, the access password, the sidebar and error display."""

from __future__ import annotations

import hmac
import os
import threading

import streamlit as st
from streamlit.navigation.page import Page
from streamlit.runtime.pages_manager import PagesManager

from analytics.errors import ReportError
from ui import chrome, data, filters

PASSWORD_ENV = "PARTY_REPORTS_PASSWORD"
APP_TITLE = "党建述职报告分析"
_AUTH = "_auth_ok"
_SAMPLES_SEEN = "_samples_seen"
_RUNNING = threading.local()  # per script thread: is a page being run by the shell right now?

# (file in pages/, title, icon, url path)
PAGES: tuple[tuple[str, str, str, str], ...] = (
    ("corpus.py", "语料库", ":material/folder_open:", "corpus"),
    ("metrics.py", "指标", ":material/bar_chart:", "metrics"),
    ("problems.py", "问题", ":material/report:", "problems"),
    ("keywords.py", "关键词", ":material/tag:", "keywords"),
    ("compare.py", "对比", ":material/compare_arrows:", "compare"),
    ("report.py", "报告", ":material/article:", "report"),
    ("review.py", "审阅", ":material/fact_check:", "review"),
    ("documents.py", "文书", ":material/description:", "documents"),
)


def require_password() -> None:
    """When $PARTY_REPORTS_PASSWORD is set, ask for it before any page is shown."""
    expected = os.environ.get(PASSWORD_ENV, "")
    if not expected or st.session_state.get(_AUTH):
        return
    st.title(APP_TITLE)
    with st.form("login"):
        given = st.text_input("访问密码", type="password")
        submitted = st.form_submit_button("进入")
    if submitted:
        if hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
            st.session_state[_AUTH] = True
            st.rerun()
        st.error("密码不正确，请重新输入；如不知道密码，请联系系统管理员。")
    st.stop()


def navigation() -> Page:
    """The page list (one list, pages in pages/)."""
    pages = [
        st.Page(f"pages/{file}", title=title, icon=icon, url_path=path, default=i == 0)
        for i, (file, title, icon, path) in enumerate(PAGES)
    ]
    return st.navigation(pages)


def main() -> None:
    """Run the app: password, store, first-start samples, sidebar filters, the chosen page."""
    st.set_page_config(page_title=APP_TITLE, page_icon=str(chrome.ICON), layout="wide")
    chrome.install()
    require_password()
    page = navigation()
    try:
        refreshed = data.refresh_stale()
        if refreshed:
            st.toast(f"已按新版抽取规则重新分析 {refreshed} 份报告。", icon=":material/update:")
        loading = data.sample_job() is not None
        if loading:
            samples_progress()
        current = filters.sidebar(loading=loading)
        with st.sidebar:
            st.divider()
            st.download_button(
                "导出当前筛选的全部表格（Excel）",
                data=lambda: data.workbook(current),
                file_name="党建述职报告_当前筛选.xlsx",
                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                key="workbook",
                on_click="ignore",
                icon=":material/download:",
                width="stretch",
            )
            st.caption(data.source_label())
        _RUNNING.active = True
        try:
            page.run()
        finally:
            _RUNNING.active = False
    except ReportError as err:
        st.error(err.text)


@st.fragment(run_every=1.0)
def samples_progress() -> None:
    """On first start: the sample import's progress; the whole app reruns as reports arrive."""
    job = data.sample_job()
    state = st.session_state
    if job is None:
        if state.pop(_SAMPLES_SEEN, None) is not None:
            st.rerun(scope="app")  # the import just ended: show everything
        return
    st.progress(
        job.done / max(job.total, 1),
        text=f"首次启动：正在导入示例报告（{job.done}/{job.total}），页面会自动更新……",
    )
    if state.get(_SAMPLES_SEEN) != job.done:
        first = _SAMPLES_SEEN not in state
        state[_SAMPLES_SEEN] = job.done
        if not first:
            st.rerun(scope="app")


def page_guard() -> None:
    """Called first by every page: make sure the page runs inside the shell.

    Because the pages live in a folder named ``pages/``, Streamlit starts in its legacy
    pages-folder mode and, until ``st.navigation`` has been called once in the process, runs a
    requested page file directly (a bookmark opened on a freshly started server, or any run under
    AppTest) — without the password, the sidebar or the store. Then run the shell (which calls
    ``st.navigation`` and runs this page inside it) and stop this bare run.
    """
    if getattr(_RUNNING, "active", False):
        return
    PagesManager.uses_pages_directory = False
    main()
    st.stop()
