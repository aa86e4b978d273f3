"""The dashboard in a real headless Chromium: upload, pages, a download, report text kept safe."""

from __future__ import annotations

import hashlib
import io
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dashboard_server import CHROMIUM, LAUNCH_ARGS, NO_CHROMIUM, ROOT, running_dashboard, settle

ARTIFACTS = ROOT / "test-artifacts"
TIMEOUT_MS = 60_000
HAN = re.compile(r"[\u4e00-\u9fff]")

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
if not CHROMIUM.is_file():
    pytest.skip(NO_CHROMIUM, allow_module_level=True)

SCRIPT = "<script>window.__pwned = 1</script>"
GBK_NAME = "2024_区审计局_王五.txt"
GBK_TEXT = (
    "区审计局党组书记抓基层党建工作述职报告\n一、履行职责情况\n"
    "全年发展党员3名，召开支委会12次，开展主题党日活动11次。\n"
    f'在学习笔记中摘录了一段网页代码{SCRIPT}以及<img src=x onerror="window.__pwned=2">。\n'
    "二、存在的问题\n一是党建工作创新不足，方法单一。\n二是理论学习不够深入，学用结合不紧密。\n"
)
DOCX_NAME = "2024_区档案馆.docx"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCX_PARAGRAPHS = [
    "区档案馆党支部书记抓基层党建工作述职报告",
    "一、履行职责情况",
    "全年发展党员2名，讲党课4次，召开组织生活会2次。",
    "二、存在的问题",
    "一是责任落实不到位，压力传导层层递减。",
]


def _docx_bytes() -> bytes:
    from docx import Document

    doc = Document()
    for text in DOCX_PARAGRAPHS:
        doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("browser-data")
    log = tmp_path_factory.mktemp("browser-log") / "streamlit.log"
    with running_dashboard(data_dir, log) as base:
        yield base


@pytest.fixture(scope="module")
def browser_page(server: str) -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        context = browser.new_context(
            accept_downloads=True, locale="zh-CN", viewport={"width": 1500, "height": 1100}
        )
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        try:
            yield page
        finally:
            context.close()
            browser.close()


def _open(page: Any, url: str, title: str) -> None:
    page.goto(url)
    page.get_by_role("heading", name=re.compile(title)).first.wait_for()
    page.wait_for_load_state("networkidle")
    _settle(page)


def _settle(page: Any) -> None:
    settle(page, timeout_ms=TIMEOUT_MS)


def _report_count(page: Any) -> int:
    return int(page.locator("[data-testid='stMetricValue']").first.inner_text())


def _shot(page: Any, name: str) -> str:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    text: str = page.locator("section.stMain, [data-testid='stMain']").first.inner_text()
    assert len(HAN.findall(text)) > 20, f"{name}: too little Chinese text on the page"
    return text


def test_a_bookmark_opens_the_same_view_on_a_freshly_started_server(
    server: str, browser_page: Any
) -> None:
    """The first request of the server is a bookmarked page with filters (the sample corpus is
    loaded on this first start): the page opens inside the shell, with the filters applied."""
    page = browser_page
    t0 = time.monotonic()
    page.goto(f"{server}/metrics?type=agency&from=2023&to=2023")
    page.get_by_role("heading", name=re.compile("指标")).first.wait_for()
    first_page = time.monotonic() - t0
    # The samples arrive in the background; the page fills in by itself, filters kept.
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text("机关").wait_for()
    loaded = time.monotonic() - t0
    _settle(page)
    assert "2023年" in sidebar.inner_text()
    assert "type=agency" in page.url
    body = _shot(page, "0_书签打开_指标")
    assert "单位 × 年度" in body
    print(f"\nfirst page shown after {first_page:.1f} s, sample corpus in after {loaded:.1f} s")


def test_the_dashboard_in_a_real_browser(server: str, browser_page: Any) -> None:
    page = browser_page
    _open(page, server, "语料库")
    _shot(page, "1_语料库_示例语料")
    before = _report_count(page)

    # Upload a GBK .txt and a .docx at once.
    gbk = GBK_TEXT.encode("gbk")
    page.locator("input[type='file']").first.set_input_files(
        [
            {"name": GBK_NAME, "mimeType": "text/plain", "buffer": gbk},
            {
                "name": DOCX_NAME,
                "mimeType": DOCX_MIME,
                "buffer": _docx_bytes(),
            },
        ]
    )
    page.get_by_text(re.compile("本次上传：已添加 2 份")).wait_for()
    _settle(page)
    body = _shot(page, "1_语料库_上传后")
    assert "已添加" in body

    # The new reports are in the corpus: the report picker lists them (the metadata grid is a
    # canvas, so read it through the page that lists reports as text).
    gbk_id = hashlib.sha256(gbk).hexdigest()
    _open(page, f"{server}/report?report={gbk_id}", "报告")
    body = _shot(page, "6_报告")
    assert "区审计局" in body
    # Markup inside a report is shown as text and never runs.
    assert page.get_by_text(SCRIPT, exact=False).count() >= 1
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    assert page.locator(".report-text script, .report-text img").count() == 0
    assert page.locator(".report-text mark").count() >= 3

    # Every page answers in Chinese; compare two units and download a table as CSV.
    for path, title, name in [
        ("metrics", "指标", "2_指标"),
        ("problems", "问题", "3_问题"),
        ("keywords", "关键词", "4_关键词"),
        ("compare", "对比", "5_对比"),
    ]:
        _open(page, f"{server}/{path}", title)
        _shot(page, name)
    assert page.locator("[data-testid='stMetric']").count() >= 2
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile("下载 CSV")).first.click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel opens it as UTF-8
    header = content[3:].decode("utf-8").splitlines()[0]
    assert "指标" in header

    # A chart downloads as PNG, drawn on the server (kaleido + the local Chromium).
    _open(page, f"{server}/problems", "问题")
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name=re.compile("下载 PNG")).first.click()
    assert Path(info.value.path()).read_bytes().startswith(b"\x89PNG")

    # The upload reached the corpus counts too.
    _open(page, server, "语料库")
    assert _report_count(page) == before + 2


def test_every_reviewer_document_downloads_and_opens(server: str, browser_page: Any) -> None:
    """On the 文书 page each kind downloads under its Chinese name and opens as what it claims."""
    import zipfile

    import docx
    from openpyxl import load_workbook

    page = browser_page
    _open(page, f"{server}/documents", "文书")
    _shot(page, "7_文书")
    buttons = page.get_by_role("button", name=re.compile("生成并下载"))
    assert buttons.count() == 5
    seen = {}
    for i in range(5):
        with page.expect_download(timeout=120_000) as info:
            buttons.nth(i).click()
        path = Path(info.value.path())
        name = info.value.suggested_filename
        seen[name] = path
        if name.endswith(".docx"):
            assert docx.Document(str(path)).paragraphs[0].text
        elif name.endswith(".xlsx"):
            assert load_workbook(io.BytesIO(path.read_bytes()), read_only=True).sheetnames
        else:
            with zipfile.ZipFile(path) as archive:
                assert all(n.endswith(".docx") for n in archive.namelist())
    assert set(seen) == {
        "点评初稿.zip",
        "问题清单和整改台账.xlsx",
        "述职报告材料汇编.docx",
        "通报数据.xlsx",
        "共性问题和个性问题.docx",
    }
    # The 报告 page offers this report's draft on its own.
    _open(page, f"{server}/report", "报告")
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name=re.compile("点评初稿")).first.click()
    assert info.value.suggested_filename.startswith("点评_")
    document = docx.Document(info.value.path())
    assert any(p.text == "三、工作要求" for p in document.paragraphs)
