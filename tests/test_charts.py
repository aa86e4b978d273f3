"""charts: the plotly figures show the right numbers, Chinese titles and the evidence on hover."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics import charts, views


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("发展党员3名", 28, "发展党员3名"),
        ("一二三四五六", 4, "一二三四<br>五六"),
        ("2022年：讲党课4次\n2023年：讲党课5次", 28, "2022年：讲党课4次<br>2023年：讲党课5次"),
        ("<b>粗体</b>", 28, "&lt;b&gt;粗体&lt;/b&gt;"),
        (None, 28, ""),
    ],
)
def test_wrap_makes_evidence_fit_a_hover_box(text: str | None, width: int, expected: str) -> None:
    assert charts.wrap(text, width) == expected


def test_wrap_cuts_very_long_evidence() -> None:
    out = charts.wrap("党" * 2000, 50, limit=100)
    assert out.endswith("…") and out.count("党") == 100


SUMMARY = pd.DataFrame(
    {
        "unit": ["区统计局", "市体育局"],
        "value": [6.0, 3.0],
        "reports": [1, 2],
        "evidence": ["2023年：发展党员6名", "2022年：发展党员2名\n2023年：发展党员4名"],
    }
)


def test_bar_by_unit_shows_values_and_the_sentence_on_hover() -> None:
    fig = charts.bar_by_unit(SUMMARY, metric_label="发展党员", title="各单位发展党员")
    bar = fig.data[0]
    assert list(bar.y) == ["市体育局", "区统计局"]  # smallest at the bottom
    assert list(bar.x) == [3.0, 6.0]
    assert bar.customdata[0][0] == "2022年：发展党员2名<br>2023年：发展党员4名"
    assert "%{customdata[0]}" in bar.hovertemplate and "发展党员" in bar.hovertemplate
    assert fig.layout.title.text == "各单位发展党员"


def test_line_by_year_draws_one_line_per_unit() -> None:
    series = pd.DataFrame(
        {
            "series": ["市体育局", "市体育局", "区统计局"],
            "year": pd.array([2022, 2023, 2023], dtype="Int64"),
            "value": [2, 4, 6],
            "evidence": ["发展党员2名", "发展党员4名", "发展党员6名"],
        }
    )
    fig = charts.line_by_year(series, metric_label="发展党员", title="发展党员逐年变化")
    lines = {t.name: (list(t.x), list(t.y)) for t in fig.data}
    assert lines == {"市体育局": ([2022, 2023], [2, 4]), "区统计局": ([2023], [6])}
    assert fig.layout.xaxis.title.text == "年度"


def test_metric_heatmap_carries_the_evidence_of_every_cell() -> None:
    values = pd.DataFrame(
        {"发展党员": [2.0, 6.0], "党课": [4.0, None]}, index=["市体育局", "区统计局"]
    )
    evidence = pd.DataFrame(
        {"发展党员": ["发展党员2名", "发展党员6名"], "党课": ["讲党课4次", ""]},
        index=values.index,
    )
    fig = charts.metric_heatmap(values, evidence, title="单位 × 指标热力图")
    heat = fig.data[0]
    assert list(heat.x) == ["发展党员", "党课"] and list(heat.y) == ["市体育局", "区统计局"]
    assert heat.customdata[1][0] == "发展党员6名"
    assert "%{customdata}" in heat.hovertemplate


def test_metric_heatmap_colours_each_metric_on_its_own_scale_and_shows_real_values() -> None:
    values = pd.DataFrame(
        {"党员人数": [40.0, 120.0], "党课": [4.0, None]}, index=["市体育局", "区统计局"]
    )
    evidence = pd.DataFrame({"党员人数": ["", ""], "党课": ["", ""]}, index=values.index)
    heat = charts.metric_heatmap(values, evidence, title="热力图").data[0]
    assert [list(row) for row in heat.text] == [["40", "4"], ["120", ""]]
    assert heat.z[0][0] == pytest.approx(1 / 3) and heat.z[1][0] == 1.0
    assert heat.z[0][1] == 1.0  # the only lecture count is the largest of its column
    assert "%{text}" in heat.hovertemplate


def test_category_heatmap_counts_have_whole_number_ticks() -> None:
    matrix = pd.DataFrame({"创新不足": [4, 1], "理论学习": [0, 3]}, index=["甲", "乙"])
    bar = charts.category_heatmap(matrix, title="x").data[0].colorbar
    assert bar.dtick == 1 and bar.tickformat == "d"


def test_category_heatmap_marks_units_whose_problems_repeat() -> None:
    matrix = pd.DataFrame({"创新不足": [2, 0]}, index=["市体育局", "区统计局"])
    fig = charts.category_heatmap(matrix, title="单位 × 问题类别", marked={"市体育局"})
    assert list(fig.data[0].y) == [f"市体育局{charts.REPEAT_MARK}", "区统计局"]


@pytest.mark.parametrize(
    ("by", "label", "orientation"), [("unit", "单位", "h"), ("year", "年度", "v")]
)
def test_category_bars_stack_one_trace_per_category(by: str, label: str, orientation: str) -> None:
    counts = pd.DataFrame(
        {
            by: ["市体育局", "区统计局"] if by == "unit" else [2022, 2023],
            "category": ["创新不足", "创新不足"],
            "count": [2, 1],
        }
    )
    fig = charts.category_bars(counts, by=by, by_label=label, title="问题类别")
    assert [t.name for t in fig.data] == ["创新不足"]
    assert fig.data[0].orientation == orientation
    assert fig.layout.barmode == "stack"


def test_radar_closes_each_unit_polygon_and_shows_raw_values() -> None:
    table = pd.DataFrame({"甲单位": [4.0, 10.0], "乙单位": [6.0, None]}, index=["发展党员", "党课"])
    fig = charts.radar(views.normalise_rows(table), table, title="指标雷达图")
    first = fig.data[0]
    assert first.name == "甲单位"
    assert list(first.theta) == ["发展党员", "党课", "发展党员"]
    assert list(first.customdata) == ["4", "10", "4"]
    assert list(fig.data[1].customdata) == ["6", "—", "6"]


def test_grouped_bars_and_terms_bar() -> None:
    table = pd.DataFrame({"甲单位": [2, 0], "乙单位": [1, 3]}, index=["创新不足", "责任落实"])
    fig = charts.grouped_bars(table, title="各单位问题类别条数", value_label="问题条数")
    assert [t.name for t in fig.data] == ["甲单位", "乙单位"] and fig.layout.barmode == "group"
    terms = pd.DataFrame({"term": ["党建", "党员"], "count": [31, 27]})
    bars = charts.terms_bar(terms, title="高频词").data[0]
    assert list(bars.y) == ["党员", "党建"]


def test_titles_of_user_strings_are_escaped() -> None:
    fig = charts.terms_bar(pd.DataFrame({"term": ["党建"], "count": [1]}), title="<img src=x>")
    assert fig.layout.title.text == "&lt;img src=x&gt;"


def test_every_problem_category_has_its_own_colour() -> None:
    assert len(set(charts.CATEGORY_COLORS.values())) == len(charts.CATEGORY_COLORS) == 13
    counts = pd.DataFrame(
        {"unit": ["甲", "甲"], "category": ["理论学习", "意识形态"], "count": [2, 1]}
    )
    fig = charts.category_bars(counts, by="unit", by_label="单位", title="x")
    assert {t.marker.color for t in fig.data} == {
        charts.CATEGORY_COLORS["理论学习"],
        charts.CATEGORY_COLORS["意识形态"],
    }


@pytest.mark.parametrize(
    ("values", "dtick"),
    [([0, 1, 2, 3], 1), ([0.0, 2.0, 9.0], 1), ([40, 120], None), ([], 1)],
)
def test_count_axes_tick_whole_numbers_only(values: list[float], dtick: int | None) -> None:
    axis = charts.count_axis(values, title="问题条数")
    assert axis.get("dtick") == dtick and axis["tickformat"] == ",d"
    assert axis["rangemode"] == "tozero" and axis["title"] == "问题条数"


@pytest.mark.parametrize(
    ("value", "text"), [(2.3333, "2.3"), (4.0, "4"), (12, "12"), (float("nan"), "—")]
)
def test_number_text_shows_one_decimal(value: float, text: str) -> None:
    assert charts.number_text(value) == text


def test_a_unit_mean_shows_one_decimal_and_says_it_is_a_mean() -> None:
    summary = pd.DataFrame(
        {"unit": ["甲", "乙"], "value": [2.33, 4.0], "reports": [3, 1], "evidence": ["a", "b"]}
    )
    fig = charts.bar_by_unit(summary, metric_label="发展党员（名）", title="t")
    shown = {row[2] for row in fig.data[0].customdata}
    assert shown == {"2.3（年均值）", "4"}
    assert list(fig.layout.colorway) == list(charts.UNIT_COLORS)


def test_a_yearly_count_line_ticks_whole_numbers() -> None:
    series = pd.DataFrame(
        {"series": ["甲", "甲"], "year": [2022, 2023], "value": [1.0, 3.0], "evidence": ["a", "b"]}
    )
    fig = charts.line_by_year(series, metric_label="党课（次）", title="t")
    assert fig.layout.yaxis.dtick == 1 and fig.layout.yaxis.title.text == "党课（次）"
