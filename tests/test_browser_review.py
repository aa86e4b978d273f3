"""审阅 in a real headless Chromium: open a flagged report at its evidence from the ranking."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from dashboard_server import CHROMIUM, LAUNCH_ARGS, NO_CHROMIUM, ROOT, running_dashboard, settle

from analytics import ingest
from analytics.store import Store
from analytics.tokenize import load_tokenizer

SAMPLES = ROOT / "sample_reports"
TIMEOUT_MS = 90_000
FILES = (
    "2023_青山市统计局.txt",
    "2024_青山市统计局.txt",
    "2023_青山市审计局.txt",
    "2024_青山市审计局.txt",
)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
if not CHROMIUM.is_file():
    pytest.skip(NO_CHROMIUM, allow_module_level=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("review-browser-data")
    store = Store.open(data_dir)
    tokenizer = load_tokenizer()
    try:
        for name in FILES:
            ingest.ingest_bytes(store, (SAMPLES / name).read_bytes(), name, tokenizer=tokenizer)
        store.set_setting("samples_loaded", "1")
    finally:
        store.close()
    with running_dashboard(
        data_dir, tmp_path_factory.mktemp("review-browser-log") / "streamlit.log"
    ) as base:
        yield base


def _settle(page: Any) -> None:
    settle(page, timeout_ms=TIMEOUT_MS)


def test_a_flagged_report_opens_at_its_evidence_from_the_ranking(server: str) -> None:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        page = browser.new_page(locale="zh-CN", viewport={"width": 1500, "height": 1100})
        page.set_default_timeout(TIMEOUT_MS)
        try:
            page.goto(f"{server}/review")
            page.get_by_role("heading", name=re.compile("审阅")).first.wait_for()
            _settle(page)
            first = page.locator("[data-testid='stPageLink'] a").first
            first.wait_for()
            assert "青山市统计局 · 2024年" in first.inner_text()  # the copy with a changed date
            first.click()
            page.get_by_role("heading", name=re.compile("报告")).first.wait_for()
            page.get_by_text("审阅发现的依据").wait_for()
            _settle(page)
            assert "report=" in page.url and "ev=" in page.url
            evidence = page.locator(".review-text mark").first
            evidence.wait_for()
            assert len(evidence.inner_text()) > 10
            assert page.locator(".review-text script").count() == 0
            artifacts = ROOT / "test-artifacts"
            artifacts.mkdir(exist_ok=True)
            page.screenshot(path=str(artifacts / "7_审阅_打开依据.png"))
        finally:
            browser.close()
