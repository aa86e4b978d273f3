"""Static chart exports read back: the PNG's colours and edges, the SVG's fills, labels, layout.

The figures are built after importing streamlit (as in the dashboard, where plotly's default
template becomes Streamlit's placeholder-coloured one): the exports must still be in colour.
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest
import streamlit  # noqa: F401  (sets plotly's default template, as the running dashboard does)

from analytics import charts, export, views

pytestmark = pytest.mark.skipif(
    not export.static_export_available(), reason="no Chromium for static export"
)
Image = pytest.importorskip("PIL.Image")

UNITS = ["临江区财政局", "丰乐社区党委", "柳河镇党委"]
METRICS = ["发展党员", "党课", "主题党日", "谈心谈话", "党员大会", "志愿服务"]
# Each unit leads on two metrics, so that every polygon has area of its own.
RAW = pd.DataFrame(
    {UNITS[0]: [9, 8, 1, 1, 2, 1], UNITS[1]: [1, 2, 9, 8, 1, 1], UNITS[2]: [1, 1, 2, 1, 9, 8]},
    index=METRICS,
)
WIDTH, HEIGHT = 900, 600


def _radar() -> Any:
    return charts.radar(views.normalise_rows(RAW), RAW, title="指标雷达图")


def _bars() -> Any:
    summary = pd.DataFrame(
        {
            "unit": UNITS,
            "value": [12500.0, 38700.0, 2.0],
            "reports": [1, 2, 1],
            "evidence": ["党费收缴12500元。", "党费38700元。", "党费2元。"],
        }
    )
    return charts.bar_by_unit(summary, metric_label="党费（元）", title="各单位党费")


def _png(fig: Any) -> Any:
    data = export.figure_image(fig, fmt="png", width=WIDTH, height=HEIGHT, scale=1)
    return Image.open(io.BytesIO(data)).convert("RGB")


def _svg(fig: Any) -> str:
    return export.figure_image(fig, fmt="svg", width=WIDTH, height=HEIGHT, scale=1).decode()


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def _near(pixels: list[tuple[int, int, int]], colour: tuple[int, int, int], tol: int = 14) -> int:
    return sum(1 for p in pixels if all(abs(a - b) <= tol for a, b in zip(p, colour, strict=True)))


def test_the_radar_png_shows_each_unit_in_its_own_colour() -> None:
    image = _png(_radar())
    pixels = [image.getpixel((x, y)) for y in range(image.height) for x in range(image.width)]
    for i, _unit in enumerate(UNITS):
        r, g, b = _rgb(charts.UNIT_COLORS[i])
        # The outline is drawn at the trace's opacity over the white paper.
        a = 0.55
        blended = (
            round(r * a + 255 * (1 - a)),
            round(g * a + 255 * (1 - a)),
            round(b * a + 255 * (1 - a)),
        )
        assert _near(pixels, blended) > 150, f"unit {i} colour {blended} not found"
    greys = _near(pixels, (128, 128, 128), tol=6)
    assert greys < 0.01 * len(pixels)


@pytest.mark.parametrize("build", [_radar, _bars], ids=["radar", "bars"])
def test_nothing_touches_the_png_edge(build: Any) -> None:
    """A label cut at the canvas edge leaves coloured pixels on the outermost rows/columns."""
    image = _png(build())
    w, h = image.size
    edge = [image.getpixel((x, y)) for x in range(w) for y in (0, 1, h - 2, h - 1)]
    edge += [image.getpixel((x, y)) for y in range(h) for x in (0, 1, w - 2, w - 1)]
    assert all(min(p) >= 245 for p in edge), "something is drawn at the image's edge"


def test_the_radar_svg_has_unit_fills_and_every_label() -> None:
    svg = _svg(_radar())
    fills = set(re.findall(r"fill: ?(rgb\(\d+, ?\d+, ?\d+\))", svg))
    for colour in charts.UNIT_COLORS[: len(UNITS)]:
        r, g, b = _rgb(colour)
        assert f"rgb({r}, {g}, {b})" in fills
    assert not {"rgb(0, 0, 1)", "rgb(0, 0, 2)"} & fills
    for label in [*UNITS, *METRICS, "指标雷达图"]:
        assert f">{label}<" in svg, label


@pytest.fixture(scope="module")
def svg_page() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("no chromium to lay out the SVG")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page()
        try:
            yield page
        finally:
            browser.close()


_BOXES = """() => {
  const svg = document.querySelector('svg');
  const o = svg.getBoundingClientRect();
  return [...svg.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => {
    const r = t.getBoundingClientRect();
    const g = t.closest('g[class]');
    const cls = (t.getAttribute('class') || '') + ' ' + (g ? g.getAttribute('class') : '');
    return {text: t.textContent, cls,
            x0: r.left - o.left, y0: r.top - o.top, x1: r.right - o.left, y1: r.bottom - o.top};
  });
}"""


def _boxes(page: Any, svg: str) -> list[dict[str, Any]]:
    page.set_content(f"<html><body style='margin:0'>{svg}</body></html>")
    boxes: list[dict[str, Any]] = page.evaluate(_BOXES)
    return boxes


@pytest.mark.parametrize("build", [_radar, _bars], ids=["radar", "bars"])
def test_every_svg_label_lies_inside_the_canvas(svg_page: Any, build: Any) -> None:
    boxes = _boxes(svg_page, _svg(build()))
    assert boxes
    for box in boxes:
        assert box["x0"] >= 0 and box["y0"] >= 0, box
        assert box["x1"] <= WIDTH and box["y1"] <= HEIGHT, box


def test_the_bar_axis_title_covers_no_tick(svg_page: Any) -> None:
    boxes = _boxes(svg_page, _svg(_bars()))
    title = [b for b in boxes if "xtitle" in b["cls"]]
    ticks = [b for b in boxes if "xtick" in b["cls"]]
    assert title and ticks
    t = title[0]
    for tick in ticks:
        apart = t["x1"] <= tick["x0"] or tick["x1"] <= t["x0"]
        apart = apart or t["y1"] <= tick["y0"] or tick["y1"] <= t["y0"]
        assert apart, (t, tick)
    assert "党费（元）" in t["text"]
