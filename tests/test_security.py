"""A served dashboard: nothing of the corpus without the password; payloads shown as text.

Two dashboard servers run on one store: one with PARTY_REPORTS_PASSWORD set (probed by URL,
Streamlit's own endpoints and a raw websocket client), one without (every page visited in
headless Chromium, which counts the payloads that ran: none may).
"""

from __future__ import annotations

import asyncio
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from dashboard_server import CHROMIUM, LAUNCH_ARGS, free_port, serve, stop, wait_healthy

from analytics import export
from analytics.ingest import ingest_bytes
from analytics.store import Store
from analytics.tokenize import load_tokenizer

PASSWORD = "试验-口令-Xq7"
MARKER = "玄武湖畔测试标记单位"  # appears only in the stored corpus
RUN = "window.__xss=(window.__xss||0)+1"
PAYLOADS = (
    f"<script>{RUN}</script>",
    f'<img src=x onerror="{RUN}">',
    f'<svg onload="{RUN}"></svg>',
    f'<a href="javascript:{RUN}">链接</a>',
    f"[点我](javascript:{RUN})",
    ":red[红色指令]",
    "$\\href{javascript:alert(1)}{公式}$",
    "**粗体**",
    '=HYPERLINK("http://example.invalid","点")',
    "+1+1",
    "@SUM(1)",
)
PAGES = ("corpus", "metrics", "problems", "keywords", "compare", "report")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_exports_neutralise_formulas(payload: str) -> None:
    import io

    import openpyxl
    import pandas as pd

    frame = pd.DataFrame({"单位": [payload], "文本": [f"-{payload}"]})
    csv = export.csv_bytes(frame).decode("utf-8-sig")
    for line in csv.splitlines()[1:]:
        for cell in line.split(","):
            assert not cell.strip('"').startswith(export.FORMULA_PREFIXES)
    book = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(frame)))
    for row in book.active.iter_rows(min_row=2, values_only=True):
        for value in row:
            assert not str(value).startswith(export.FORMULA_PREFIXES)


def _report_text() -> str:
    lines = [f"{MARKER}党委书记抓基层党建工作述职报告", "一、履行职责情况"]
    lines += [f"全年发展党员3名，摘录{p}。" for p in PAYLOADS]
    lines += ["二、存在的问题", f"一是学习不深入{PAYLOADS[0]}。", "二是创新不足:red[问题]。"]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("security-data")
    with Store.open(folder) as store:
        name = f'2024_<img src=x onerror="{RUN}">:red[名].txt'
        result = ingest_bytes(
            store, _report_text().encode("utf-8"), name, tokenizer=load_tokenizer()
        )
        assert result.report_id is not None
        store.correct_meta(result.report_id, unit=f"{MARKER}<script>{RUN}</script>:blue[单位]")
        store.set_setting("samples_loaded", "1")
    return folder


@pytest.fixture(scope="module")
def servers(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    logs = tmp_path_factory.mktemp("security-logs")
    ports = (free_port(), free_port())
    procs = [
        serve(data_dir, ports[0], logs / "locked.log", password=PASSWORD),
        serve(data_dir, ports[1], logs / "open.log"),
    ]
    bases = tuple(f"http://127.0.0.1:{p}" for p in ports)
    try:
        for base, proc in zip(bases, procs, strict=True):
            wait_healthy(base, proc)
        yield bases[0], bases[1]
    finally:
        for proc in procs:
            stop(proc)


def _fetch(url: str, method: str = "GET", body: bytes | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


URLS = (
    "/",
    "/corpus",
    "/report",
    "/metrics?type=agency",
    "/_stcore/health",
    "/_stcore/host-config",
    "/_stcore/allowed-message-origins",
    "/_stcore/script-health-check",
    "/_stcore/metrics",
    "/media/0123456789abcdef0123456789abcdef.txt",
    "/media/../../reports.sqlite3",
    "/reports.sqlite3",
    "/app/static/../reports.sqlite3",
)


@pytest.mark.browser
@pytest.mark.timeout(900)
@pytest.mark.parametrize("path", URLS)
def test_no_url_serves_the_corpus_without_the_password(servers: tuple[str, str], path: str) -> None:
    locked, _ = servers
    _status, body = _fetch(locked + path)
    assert MARKER.encode("utf-8") not in body
    assert b"SQLite format" not in body


@pytest.mark.browser
@pytest.mark.timeout(900)
def test_uploads_need_a_session(servers: tuple[str, str]) -> None:
    locked, _ = servers
    for url in ("/_stcore/upload_file/abc/def", "/_stcore/upload_file/abc"):
        status, _body = _fetch(locked + url, "PUT", b"x")
        assert status >= 400


async def _websocket_frames(base: str, seconds: float) -> list[bytes]:
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from tornado.websocket import websocket_connect

    url = base.replace("http://", "ws://") + "/_stcore/stream"
    conn = await websocket_connect(url, subprotocols=["streamlit"])
    frames: list[bytes] = []
    for page in ("", "report", "corpus"):
        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_name = page
        await conn.write_message(msg.SerializeToString(), binary=True)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                frame = await asyncio.wait_for(conn.read_message(), timeout=1.0)
            except TimeoutError:
                continue
            if frame is None:
                break
            frames.append(frame if isinstance(frame, bytes) else frame.encode("utf-8"))
    conn.close()
    return frames


@pytest.mark.browser
@pytest.mark.timeout(900)
def test_a_raw_websocket_client_gets_the_login_and_nothing_else(servers: tuple[str, str]) -> None:
    locked, opened = servers
    frames = asyncio.run(_websocket_frames(locked, 8.0))
    blob = b"".join(frames)
    assert "访问密码".encode() in blob  # the client did run the app: it got the login form
    assert MARKER.encode("utf-8") not in blob
    control = b"".join(asyncio.run(_websocket_frames(opened, 8.0)))
    assert MARKER.encode("utf-8") in control  # the same client sees the corpus without password


@pytest.mark.browser
@pytest.mark.timeout(900)
def test_no_payload_runs_on_any_page(servers: tuple[str, str]) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.is_file():
        pytest.skip("no Chromium at /usr/bin/chromium")
    locked, opened = servers
    executed: dict[str, int] = {}
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        page.set_default_timeout(60_000)
        page.add_init_script("window.__xss = 0")
        page.on("dialog", lambda dialog: dialog.dismiss())
        for name in PAGES:
            page.goto(f"{opened}/{name}")
            page.wait_for_selector("[data-testid='stSidebar']")
            page.wait_for_timeout(4000)
            executed[name] = int(page.evaluate("() => window.__xss || 0"))
        page.goto(f"{opened}/report")
        page.wait_for_timeout(5000)
        text = page.inner_text("body")
        page.goto(locked)
        page.wait_for_timeout(4000)
        locked_text = page.inner_text("body")
        browser.close()
    assert executed == dict.fromkeys(PAGES, 0)
    assert MARKER in text
    assert MARKER not in locked_text and "访问密码" in locked_text
