"""Downloads: CSV with BOM, Excel workbooks (safe sheet names, no formulas), HTML and PNG/SVG."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import xml.dom.minidom
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
from openpyxl import load_workbook

from analytics import export
from analytics.errors import ReportError

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_MISSING = "no Chromium/Chrome on this machine: static PNG/SVG export cannot run"

HOSTILE = [
    ('=HYPERLINK("http://evil.example","点击")', '\'=HYPERLINK("http://evil.example","点击")'),
    ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
    ("发展党员3名", "发展党员3名"),
    ("一是=学习不够", "一是=学习不够"),
]


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "单位": ["临江区审计局", "青山镇党委", "=1+1"],
            "年度": pd.array([2023, None, 2024], dtype="Int64"),
            "数值": [3, -5, 2.5],
            "待核对": ["否", "是", "否"],
        }
    )


# --- CSV -----------------------------------------------------------------------------------


def test_csv_has_a_bom_and_round_trips_chinese() -> None:
    data = export.csv_bytes(_frame())
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(back.columns) == ["单位", "年度", "数值", "待核对"]
    assert back["单位"].tolist() == ["临江区审计局", "青山镇党委", "'=1+1"]
    assert back["数值"].tolist() == [3, -5, 2.5], "numbers are not neutralised"
    assert pd.isna(back.loc[1, "年度"])


@pytest.mark.parametrize(("text", "written"), HOSTILE)
def test_csv_neutralises_formulas(text: str, written: str) -> None:
    data = export.csv_bytes(pd.DataFrame({"原文依据": [text]}))
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str)
    assert back.loc[0, "原文依据"] == written


def test_csv_does_not_change_its_argument() -> None:
    frame = _frame()
    export.csv_bytes(frame)
    assert frame.loc[2, "单位"] == "=1+1"


# --- Excel ---------------------------------------------------------------------------------


def test_xlsx_round_trip_with_bold_frozen_header() -> None:
    wb = load_workbook(io.BytesIO(export.xlsx_bytes(_frame(), sheet_name="报告")))
    assert wb.sheetnames == ["报告"]
    ws = wb["报告"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("单位", "年度", "数值", "待核对")
    assert rows[1] == ("临江区审计局", 2023, 3, "否")
    assert rows[2] == ("青山镇党委", None, -5, "是")
    assert ws["A1"].font.bold
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["A"].width >= 14, "wide enough for a Chinese unit name"


@pytest.mark.parametrize(("text", "written"), HOSTILE)
def test_xlsx_neutralises_formulas(text: str, written: str) -> None:
    wb = load_workbook(io.BytesIO(export.xlsx_bytes(pd.DataFrame({"原文依据": [text]}))))
    cell = wb.active["A2"]
    assert cell.data_type != "f"
    assert cell.value == written


def test_xlsx_drops_characters_excel_cannot_hold() -> None:
    frame = pd.DataFrame({"问题表述": ["理论学习\x00不够\x1b深入"], "长文本": ["党" * 40_000]})
    ws = load_workbook(io.BytesIO(export.xlsx_bytes(frame))).active
    assert ws["A2"].value == "理论学习不够深入"
    assert len(ws["B2"].value) == export.EXCEL_MAX_CELL_CHARS


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["报告", "指标"], ["报告", "指标"]),
        (["问题/类别[2023]*?"], ["问题_类别_2023___"]),
        (["'引号'"], ["引号"]),
        (["很长的工作表名称" * 6], [("很长的工作表名称" * 6)[:31]]),
        (["数据", "数据", "DATA", "data"], ["数据", "数据(2)", "DATA", "data(2)"]),
        (["", "History"], ["数据", "History_数据"]),
        (["a" * 40, "a" * 40], ["a" * 31, "a" * 28 + "(2)"]),
    ],
)
def test_sheet_names_follow_excel_rules(names: list[str], expected: list[str]) -> None:
    got: list[str] = []
    for name in names:
        got.append(export.sheet_name(name, taken=set(got)))
    assert got == expected


def test_a_workbook_takes_any_table_name() -> None:
    tables = {"问题/类别[2023]": _frame(), "问题/类别[2023]?": _frame(), "x" * 50: _frame()}
    wb = load_workbook(io.BytesIO(export.workbook_bytes(tables)))
    assert wb.sheetnames == ["问题_类别_2023_", "问题_类别_2023__", "x" * 31]


def test_workbook_of_several_tables_and_an_empty_one() -> None:
    tables = {"报告": _frame(), "关键词": pd.DataFrame(columns=["关键词", "词频"])}
    wb = load_workbook(io.BytesIO(export.workbook_bytes(tables)))
    assert wb.sheetnames == ["报告", "关键词"]
    assert [c.value for c in wb["关键词"][1]] == ["关键词", "词频"]
    assert wb["关键词"].max_row == 1
    assert load_workbook(io.BytesIO(export.workbook_bytes({}))).sheetnames == ["数据"]


def test_a_table_over_excels_row_limit_is_refused_in_chinese(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(export, "EXCEL_MAX_ROWS", 3)
    with pytest.raises(ReportError, match="CSV"):
        export.workbook_bytes({"关键词": pd.DataFrame({"词": list("一二三四")})})


# --- charts --------------------------------------------------------------------------------


def _figure() -> go.Figure:
    fig = go.Figure(go.Bar(x=["发展党员", "预备党员转正", "党课"], y=[3, 2, 4]))
    fig.update_layout(title="各单位发展党员情况")
    return fig


def test_figure_html_is_standalone_and_offline() -> None:
    html = export.figure_html(_figure()).decode("utf-8")
    assert "<html>" in html and html.rstrip().endswith("</html>")
    assert "<title>各单位发展党员情况</title>" in html, "the browser tab names the chart"
    assert '<meta charset="utf-8"' in html
    assert not re.search(r"<script[^>]+src=", html), "no script is fetched from the network"
    assert len(html) > 1_000_000, "plotly.js is embedded"
    assert json.dumps("各单位发展党员情况") in html or "各单位发展党员情况" in html


def test_static_export_availability_of_a_given_browser(tmp_path: Path) -> None:
    assert not export.static_export_available(browser_path=str(tmp_path / "no-chromium"))
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n", encoding="utf-8")
    if sys.platform != "win32":  # Windows has no execute bit
        fake.chmod(0o644)
        assert not export.static_export_available(browser_path=str(fake)), "not executable"
        fake.chmod(0o755)
    assert export.static_export_available(browser_path=str(fake))


def test_figure_image_without_a_browser_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ReportError) as info:
        export.figure_image(_figure(), fmt="png", browser_path=str(tmp_path / "none"))
    assert info.value.message == export.NO_BROWSER_MESSAGE
    assert "下载按钮" in info.value.message


@pytest.mark.parametrize("fmt", ["jpg", "pdf", ""])
def test_figure_image_refuses_other_formats(fmt: str) -> None:
    with pytest.raises(ReportError, match="PNG 或 SVG"):
        export.figure_image(_figure(), fmt=fmt)


@pytest.mark.skipif(not export.static_export_available(), reason=CHROMIUM_MISSING)
@pytest.mark.parametrize(
    ("fmt", "signature"), [("png", b"\x89PNG\r\n\x1a\n"), ("svg", b"<svg"), ("PNG", b"\x89PNG")]
)
def test_figure_image(fmt: str, signature: bytes) -> None:
    data = export.figure_image(_figure(), fmt=fmt, width=600, height=400, scale=1)
    assert data.startswith(signature)
    if fmt == "svg":
        assert "发展党员" in data.decode("utf-8")


# --- fonts ---------------------------------------------------------------------------------


def test_font_setup_names_the_font_folder(tmp_path: Path) -> None:
    setup = export.font_setup(
        tmp_path / "字体 & fonts" / "NotoSansSC-Regular.otf", config_dir=tmp_path
    )
    assert setup.config_path == tmp_path / "fonts.conf"
    assert setup.env == {"FONTCONFIG_FILE": str(tmp_path / "fonts.conf")}
    doc = xml.dom.minidom.parseString(setup.config_text)
    dirs = [d.firstChild.data for d in doc.getElementsByTagName("dir")]  # type: ignore[union-attr]
    assert dirs == [str(tmp_path / "字体 & fonts")]
    assert doc.getElementsByTagName("include"), "system fonts stay available"
    bare = export.font_setup(tmp_path / "a.otf", config_dir=tmp_path, include_system=False)
    assert "<include" not in bare.config_text


def test_cjk_font_available_without_fontconfig(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export.shutil, "which", lambda _name: None)
    assert export.cjk_font_available() is False


_RENDER = """
import sys
import plotly.graph_objects as go
from analytics import export
fig = go.Figure(go.Bar(x=["发展党员", "党课"], y=[3, 4]))
fig.update_layout(title="组织生活会召开情况", font_family="Noto Sans SC")
sys.stdout.buffer.write(export.figure_image(fig, fmt="png", width=400, height=300, scale=1))
"""


def _render_with(setup: export.FontSetup) -> bytes:
    setup.config_path.parent.mkdir(parents=True, exist_ok=True)
    setup.config_path.write_text(setup.config_text, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"}
    result = subprocess.run(
        [sys.executable, "-c", _RENDER],
        env={**env, **setup.env},
        cwd=ROOT,
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    return result.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fontconfig is Linux's")
@pytest.mark.skipif(not export.static_export_available(), reason=CHROMIUM_MISSING)
def test_the_pip_font_gives_chromium_chinese_glyphs(tmp_path: Path) -> None:
    """Only the pip font, no system font: Chinese is drawn, not boxes (which a config without
    any CJK font gives, and which look different)."""
    fonts = pytest.importorskip("pylopdf_fonts_zh_cn")
    with_font = export.font_setup(
        Path(fonts.sans_path()), config_dir=tmp_path / "a", include_system=False
    )
    without = export.font_setup(
        tmp_path / "empty" / "none.otf", config_dir=tmp_path / "b", include_system=False
    )
    (tmp_path / "empty").mkdir()
    assert _render_with(with_font) != _render_with(without)
