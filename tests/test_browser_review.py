"""审阅 in a real headless Chromium: open a flagged report at its evidence from the ranking."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from analytics import ingest
from analytics.store import Store
from analytics.tokenize import load_tokenizer

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_reports"
CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
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
    pytest.skip("no Chromium at /usr/bin/chromium", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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
    port = _free_port()
    env = {**os.environ, "PARTY_REPORTS_DATA_DIR": str(data_dir)}
    env.pop("PARTY_REPORTS_PASSWORD", None)
    log = (tmp_path_factory.mktemp("review-browser-log") / "streamlit.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the dashboard did not start (see the streamlit log)")
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _settle(page: Any) -> None:
    page.wait_for_timeout(500)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT_MS
    )
    page.wait_for_timeout(500)


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
