"""Static chart export gets the bundled Chinese font where the system has none."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from analytics import cloud, export
from ui import data


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fontconfig set-up is Linux-only")
def test_without_a_chinese_system_font_chromium_is_pointed_at_the_bundled_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARTY_REPORTS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("FONTCONFIG_FILE", raising=False)
    monkeypatch.setattr(export, "cjk_font_available", lambda **_: False)
    data.prepare_static_export_fonts.clear()
    try:
        data.prepare_static_export_fonts()
        config = Path(os.environ["FONTCONFIG_FILE"])
        assert config.parent == tmp_path / "fonts"
        assert str(cloud.font_path().parent) in config.read_text(encoding="utf-8")
    finally:
        data.prepare_static_export_fonts.clear()
        os.environ.pop("FONTCONFIG_FILE", None)


def test_with_a_chinese_system_font_nothing_is_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARTY_REPORTS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("FONTCONFIG_FILE", raising=False)
    monkeypatch.setattr(export, "cjk_font_available", lambda **_: True)
    data.prepare_static_export_fonts.clear()
    try:
        data.prepare_static_export_fonts()
        assert "FONTCONFIG_FILE" not in os.environ
        assert not (tmp_path / "fonts").exists()
    finally:
        data.prepare_static_export_fonts.clear()
