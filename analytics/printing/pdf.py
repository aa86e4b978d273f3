"""A PDF of an HTML page, printed by a local Chromium (headless --print-to-pdf); no network."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Final

from analytics.errors import ReportError

BROWSER_NAMES: Final = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
DEFAULT_TIMEOUT: Final = 60.0
NO_BROWSER_MESSAGE: Final = (
    "本机未找到 Chromium 浏览器，无法生成 PDF；请打开打印视图，用浏览器的“打印”另存为 PDF"
)


def find_browser(*, browser_path: str | None = None) -> str | None:
    """The Chromium to print with: ``browser_path`` if it runs, else one on PATH."""
    if browser_path is not None:
        path = Path(browser_path)
        return str(path) if path.is_file() and os.access(path, os.X_OK) else None
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def html_pdf(
    page: str, *, browser_path: str | None = None, timeout: float = DEFAULT_TIMEOUT
) -> bytes:
    """The PDF (A4, as the page's @page rule says) of a whole HTML page; raises ReportError."""
    browser = find_browser(browser_path=browser_path)
    if browser is None:
        raise ReportError(NO_BROWSER_MESSAGE)
    with tempfile.TemporaryDirectory(prefix="report-pdf-") as tmp:
        folder = Path(tmp)
        source, target = folder / "report.html", folder / "report.pdf"
        source.write_text(page, encoding="utf-8")
        args = [
            browser,
            "--headless",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            f"--user-data-dir={folder / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={target}",
            source.as_uri(),
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args.insert(1, "--no-sandbox")  # Chromium refuses to start sandboxed as root
        try:
            subprocess.run(args, capture_output=True, timeout=timeout, check=False)
        except (OSError, subprocess.SubprocessError) as exc:
            raise ReportError(f"生成 PDF 失败（{type(exc).__name__}），请稍后重试") from exc
        if not target.is_file() or target.stat().st_size == 0:
            raise ReportError("生成 PDF 失败：浏览器没有输出文件，请稍后重试，或用浏览器的“打印”")
        return target.read_bytes()
