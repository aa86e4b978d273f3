"""Daily office use in a real headless Chromium: nothing leaves the server, no English chrome,
shared links restore each page, the print view prints (PDF read back), search lines readable."""

from __future__ import annotations

import io
import re
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dashboard_server import CHROMIUM, LAUNCH_ARGS, running_dashboard
from test_browser import ARTIFACTS, TIMEOUT_MS, _settle

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

PAGES = [
    ("", "语料库"),
    ("metrics", "指标"),
    ("problems", "问题"),
    ("keywords", "关键词"),
    ("compare", "对比"),
    ("report", "报告"),
]
# Words allowed in Latin letters: file formats and product names, not interface English.
ALLOWED = {"txt", "docx", "pdf", "doc", "csv", "excel", "html", "png", "svg", "xlsx", "word", "wps"}
ENGLISH = re.compile(r"[A-Za-z]{3,}")
FILE_NAME = re.compile(r"[\w.\-（）()]+\.(?:txt|docx|pdf)", re.IGNORECASE)  # a report's file
_STRINGS = """() => {
  const icons = '[data-testid="stIconMaterial"], [data-testid="stExpanderIcon"]';
  const skip = (el) => !el || el.closest('script, style, noscript, ' + icons);
  const out = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const node = walk.currentNode;
    const text = node.nodeValue.trim();
    if (text && !skip(node.parentElement)) out.push(text);
  }
  const sel = '[title], [aria-label], [placeholder], [data-title]';
  for (const el of document.querySelectorAll(sel)) {
    if (skip(el)) continue;
    for (const name of ['title', 'aria-label', 'placeholder', 'data-title']) {
      const value = el.getAttribute(name);
      if (value) out.push(value);
    }
  }
  return out;
}"""


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("office-data")


@pytest.fixture(scope="module")
def server(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_dashboard(
        data_dir, tmp_path_factory.mktemp("office-log") / "streamlit.log"
    ) as base:
        yield base


@pytest.fixture(scope="module")
def office_browser(server: str) -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def tab(office_browser: Any) -> Iterator[Any]:
    context = office_browser.new_context(
        accept_downloads=True, locale="zh-CN", viewport={"width": 1440, "height": 900}
    )
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    try:
        yield tab
    finally:
        context.close()


def _open(page: Any, url: str, title: str) -> None:
    page.goto(url)
    page.get_by_role("heading", name=re.compile(title)).first.wait_for()
    _settle(page)
    # First start: wait until the sample corpus is in (the sidebar's filters appear).
    page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first.wait_for(
        state="attached", timeout=120_000
    )
    _settle(page)


def _corpus_ready(page: Any, server: str) -> None:
    _open(page, server, "语料库")


def _english(strings: list[str], data_dir: Path) -> list[str]:
    found = []
    for text in strings:
        plain = FILE_NAME.sub("", text.replace(str(data_dir), ""))
        words = [w for w in ENGLISH.findall(plain) if w.lower() not in ALLOWED]
        if words:
            found.append(text)
    return sorted(set(found))


def _report_id(page: Any, server: str) -> str:
    _open(page, f"{server}/report", "报告")
    query = urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)
    return query["report"][0]


# --- 5. nothing leaves the machine ------------------------------------------------------------


def test_every_request_goes_to_the_server_itself(server: str, tab: Any) -> None:
    page = tab
    own = urllib.parse.urlparse(server).netloc
    hosts: dict[str, str] = {}
    page.on("request", lambda r: hosts.setdefault(urllib.parse.urlparse(r.url).netloc, r.url))
    _corpus_ready(page, server)
    for path, title in PAGES:
        _open(page, f"{server}/{path}", title)
    _open(page, f"{server}/keywords?q=三会一课", "关键词")
    _open(page, f"{server}/report?print=1", "报告")
    outside = {h: u for h, u in hosts.items() if h not in {own, ""} and not u.startswith("data:")}
    assert not outside, f"requests left the server: {outside}"
    icon = page.locator("link[rel*='icon']").first.get_attribute("href") or ""
    assert not icon.startswith("http") or urllib.parse.urlparse(icon).netloc == own


# --- 4. all Chinese -----------------------------------------------------------------------------


def _reveal_chrome(page: Any) -> None:
    """Open what only shows on demand: a multiselect's list, a table's and a chart's toolbars."""
    main = page.locator("[data-testid='stMain']")
    select = main.locator("[data-testid='stMultiSelect']").first
    if select.count():
        select.click()
        page.wait_for_timeout(400)
        page.keyboard.press("Escape")
    else:
        sidebar = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first
        if sidebar.is_visible():
            sidebar.click()
            page.wait_for_timeout(400)
    grid = main.locator("[data-testid='stDataFrame']").first
    if grid.count():
        grid.hover()
        page.wait_for_timeout(300)
        button = grid.locator("button").first
        if button.count():
            button.hover()
            page.wait_for_timeout(600)
    chart = main.locator(".stPlotlyChart, [data-testid='stPlotlyChart']").first
    if chart.count():
        chart.hover()
        page.wait_for_timeout(300)
        bar = chart.locator(".modebar-btn").first
        if bar.count():
            bar.hover()
            page.wait_for_timeout(400)


def test_no_english_interface_string_on_any_page(server: str, tab: Any, data_dir: Path) -> None:
    page = tab
    _corpus_ready(page, server)
    problems: dict[str, list[str]] = {}
    for path, title in [*PAGES, ("keywords?q=三会一课", "关键词"), ("report?print=1", "报告")]:
        _open(page, f"{server}/{path}", title)
        before = _english(page.evaluate(_STRINGS), data_dir)
        _reveal_chrome(page)
        during = _english(page.evaluate(_STRINGS), data_dir)
        page.keyboard.press("Escape")
        left = sorted(set(before) | set(during))
        if left:
            problems[path or "corpus"] = left
    assert not problems, f"English left on the pages: {problems}"


def test_the_uploader_and_multiselect_speak_chinese(server: str, tab: Any) -> None:
    page = tab
    _corpus_ready(page, server)
    uploader = page.locator("[data-testid='stFileUploaderDropzone']").first
    text = uploader.inner_text()
    assert "上传" in text and "Upload" not in text and "per file" not in text
    page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").nth(1).click()
    page.get_by_text("全选").first.wait_for()
    assert page.get_by_text("Select all", exact=True).count() == 0


# --- 6. links restore the view ------------------------------------------------------------------


def _chips(page: Any, scope: str = "[data-testid='stMain']") -> list[str]:
    tags = page.locator(f"{scope} [data-testid='stMultiSelect'] [data-tag] span[title]")
    return [t.inner_text().strip() for t in tags.all()]


def test_a_shared_link_restores_each_page(server: str, tab: Any) -> None:
    page = tab
    _corpus_ready(page, server)
    # 指标: chosen metrics, the per-100-members toggle and the chart's metric.
    link = "metrics?m=party_lectures&m=theme_party_days&per100=1&focus=theme_party_days"
    _open(page, f"{server}/{link}", "指标")
    assert _chips(page) == ["党课", "主题党日"]
    assert page.get_by_role("switch", name="按每百名党员计算").is_checked()
    assert "（每百名党员）" in page.locator("[data-testid='stMain']").inner_text()
    # Changing a widget writes the URL, so the link can be shared.
    page.get_by_role("switch", name="按每百名党员计算").click(force=True)
    _settle(page)
    assert "per100" not in page.url and "m=party_lectures" in page.url

    # 对比: the compared units and the year.
    units = ["临江区财政局", "柳河镇党委", "丰乐社区党委"]
    query = "&".join(f"cu={urllib.parse.quote(u)}" for u in units)
    _open(page, f"{server}/compare?{query}&cy=2023", "对比")
    assert _chips(page) == units
    assert page.get_by_role("combobox", name="年度").input_value() == "2023年"

    # 关键词: the search word and the top-n slider.
    _open(page, f"{server}/keywords?q={urllib.parse.quote('主题党日')}&top=20", "关键词")
    assert page.get_by_label("检索词").input_value() == "主题党日"
    assert page.locator(".kwic-hit").count() > 0
    assert "前 20 个" in page.locator("[data-testid='stMain']").inner_text()

    # 问题: the chosen categories and the search text.
    _open(page, f"{server}/problems?cat=theory_study&pq={urllib.parse.quote('学习')}", "问题")
    assert _chips(page) == ["理论学习"]
    assert page.get_by_label("条目包含文字").input_value() == "学习"

    # 报告: the selected report and the print view; the sidebar filters stay in the same link.
    rid = _report_id(page, server)
    _open(page, f"{server}/report?report={rid}&print=1&type=community", "报告")
    assert page.locator(".print-view").count() == 1
    assert "type=community" in page.url and f"report={rid}" in page.url


# --- 1. printing --------------------------------------------------------------------------------


def test_the_print_view_prints_the_whole_report_on_a4(server: str, tab: Any) -> None:
    page = tab
    pypdf = pytest.importorskip("pypdf")
    _corpus_ready(page, server)
    rid = _report_id(page, server)
    _open(page, f"{server}/report?report={rid}&print=1", "报告")
    view = page.locator(".print-view")
    assert not page.locator("[data-testid='stSidebar']").is_visible()
    text = view.locator(".report-text").inner_text()
    tail = re.sub(r"\s+", "", text)[-20:]
    ARTIFACTS.mkdir(exist_ok=True)
    view.screenshot(path=str(ARTIFACTS / "print_view.png"))

    # The browser's own print (what Ctrl+P gives), with the print CSS.
    printed = page.pdf(format="A4", print_background=True)
    reader = pypdf.PdfReader(io.BytesIO(printed))
    body = re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))
    assert tail in body, "the print stops before the end of the report"
    assert "抽取的数字" in body and "问题条目" in body
    assert "年度范围" not in body and "打印本报告" not in body  # no sidebar, no buttons
    assert abs(float(reader.pages[0].mediabox.width) - 595) < 3

    # The PDF download, rendered on the server by headless Chromium.
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name=re.compile("下载 PDF")).click()
    download = Path(info.value.path()).read_bytes()
    assert download.startswith(b"%PDF")
    served = pypdf.PdfReader(io.BytesIO(download))
    served_text = re.sub(r"\s+", "", "".join(p.extract_text() for p in served.pages))
    assert tail in served_text and "问题条目" in served_text


def test_printing_any_page_leaves_out_the_sidebar(server: str, tab: Any) -> None:
    page = tab
    pypdf = pytest.importorskip("pypdf")
    _corpus_ready(page, server)
    _open(page, f"{server}/problems", "问题")
    reader = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4")))
    body = "".join(p.extract_text() for p in reader.pages)
    assert "问题条目" in re.sub(r"\s+", "", body)
    assert "导出当前筛选的全部表格" not in body and "数据文件夹" not in body
    # The reading view of a report prints its whole text too (its scroll box opens out).
    rid = _report_id(page, server)
    _open(page, f"{server}/report?report={rid}", "报告")
    tail = re.sub(r"\s+", "", page.locator(".report-text").inner_text())[-20:]
    reader = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert tail in re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))


# --- 3. search results you can read ---------------------------------------------------------------


def test_search_hits_line_up_in_the_middle_of_one_line(server: str, tab: Any) -> None:
    page = tab
    _corpus_ready(page, server)
    _open(page, f"{server}/keywords?q={urllib.parse.quote('三会一课')}", "关键词")
    lines = page.locator(".kwic-row")
    assert lines.count() >= 3
    page.locator(".kwic").scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(".kwic").screenshot(path=str(ARTIFACTS / "search_results.png"))
    width = page.viewport_size["width"]
    lefts, heights = [], []
    for i in range(min(lines.count(), 8)):
        row = lines.nth(i)
        hit = row.locator(".kwic-hit").bounding_box()
        right = row.locator(".kwic-right").bounding_box()
        summary = row.locator("summary").bounding_box()
        assert hit and right and summary
        assert hit["x"] > 0 and right["x"] + 10 < width, (
            "the hit or its right context is off-screen"
        )
        lefts.append(hit["x"])
        heights.append(summary["height"])
    # Every hit in the same column, every line one line high, no ⏎ shown.
    assert max(lefts) - min(lefts) < 4 * 16
    assert max(heights) < 2 * min(heights)
    assert "⏎" not in page.locator(".kwic").inner_text()
    # A click opens the whole sentence.
    first = lines.first
    first.locator("summary").click()
    sentence = first.locator(".kwic-sentence")
    assert sentence.is_visible() and "三会一课" in sentence.inner_text()
    assert first.get_attribute("title")


# --- 7. the small things ------------------------------------------------------------------------


def test_means_show_one_decimal_and_exports_start_with_the_unit(server: str, tab: Any) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    page = tab
    _corpus_ready(page, server)
    units = ["临江区财政局", "柳河镇党委"]
    query = "&".join(f"cu={urllib.parse.quote(u)}" for u in units)
    _open(page, f"{server}/compare?{query}", "对比")
    values = page.locator("[data-testid='stMetricValue']").all_inner_texts()
    labels = page.locator("[data-testid='stMetricLabel']").all_inner_texts()
    assert values
    for value, label in zip(values, labels, strict=True):
        number = value.split()[0]
        assert re.fullmatch(r"—|\d+(\.\d)?", number), f"{label}: {value}"
        if "." in number:
            assert "年均" in label, f"a mean without saying so: {label} {value}"

    # The workbook of every table: each sheet opens with what people read, not a hash.
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name=re.compile("导出当前筛选的全部表格")).click()
    book = openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()), read_only=True)
    for sheet in book.worksheets:
        header = [c.value for c in next(sheet.iter_rows(max_row=1))]
        assert header[0] != "报告编号", sheet.title
        first = next(sheet.iter_rows(min_row=2, max_row=2, values_only=True), None)
        if first is not None:
            assert not re.fullmatch(r"[0-9a-f]{64}", str(first[0])), sheet.title
