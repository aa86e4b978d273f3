"""views: the pandas shaping behind the dashboard pages (filters, pivots, repeats, highlights)."""

from __future__ import annotations

import hashlib
import html
import math
import re

import pandas as pd
import pytest

from analytics import tables, views
from analytics.records import Mention, Meta, Problem, Report
from analytics.views import Filters


def _report(
    unit: str,
    year: int | None,
    *,
    unit_type: str = "agency",
    figures: tuple[tuple[str, float, str], ...] = (),
    problems: tuple[tuple[str, tuple[str, ...]], ...] = (),
    text: str = "",
) -> Report:
    body = text or f"{unit}{year}年度述职报告。"
    mentions = tuple(
        Mention(metric, value, False, "次", evidence, i, i + 1)
        for i, (metric, value, evidence) in enumerate(figures)
    )
    items = tuple(Problem(item, cats, "problems", 0, 1) for item, cats in problems)
    rid = hashlib.sha256(f"{unit}{year}{body}".encode()).hexdigest()
    return Report(
        report_id=rid,
        file=f"{year}_{unit}.txt",
        format="txt",
        text=body,
        meta=Meta(unit=unit, unit_type=unit_type, year=year),
        mentions=mentions,
        problems=items,
    )


CORPUS = [
    _report(
        "市体育局",
        2022,
        figures=(
            ("party_members", 40, "现有党员40名"),
            ("members_admitted", 2, "发展党员2名"),
            ("party_lectures", 4, "讲党课4次"),
        ),
        problems=(
            ("一是党建活动创新不足，基层组织生活不够丰富，方法单一。", ("innovation",)),
            ("二是理论学习不够深入。", ("theory_study",)),
        ),
    ),
    _report(
        "市体育局",
        2023,
        figures=(
            ("party_members", 50, "现有党员50名"),
            ("members_admitted", 4, "发展党员4名"),
        ),
        problems=(
            ("一是党建活动创新不足，基层组织生活不够丰富，方法比较单一。", ("innovation",)),
            ("二是责任落实不到位。", ("responsibility",)),
        ),
    ),
    _report(
        "区统计局",
        2023,
        figures=(("members_admitted", 6, "发展党员6名"), ("party_lectures", 3, "上党课3场")),
        problems=(("一是党员教育管理不严。", ("member_management",)),),
    ),
    _report(
        "XX村党支部", 2021, unit_type="village", figures=(("theme_party_days", 12, "主题党日12次"),)
    ),
    _report("未识别单位", None, unit_type="other"),
]
REPORTS = tables.reports_frame(CORPUS)
MENTIONS = tables.mentions_frame(CORPUS)
METRICS = tables.metrics_from_mentions(MENTIONS)
PROBLEMS = tables.problems_frame(CORPUS)
CATEGORIES = tables.problem_categories_frame(PROBLEMS)


@pytest.mark.parametrize(
    ("filters", "units"),
    [
        (Filters(), {"市体育局", "区统计局", "XX村党支部", "未识别单位"}),
        (Filters(years=(2023, 2023)), {"市体育局", "区统计局"}),
        (Filters(years=(2021, 2022)), {"市体育局", "XX村党支部"}),
        (Filters(unit_types=("village",)), {"XX村党支部"}),
        (Filters(units=("区统计局",)), {"区统计局"}),
        (Filters(years=(2022, 2023), unit_types=("agency",), units=("市体育局",)), {"市体育局"}),
        (Filters(units=("不存在的单位",)), set()),
    ],
)
def test_filters_keep_the_reports_a_user_asked_for(filters: Filters, units: set[str]) -> None:
    assert set(views.apply_filters(REPORTS, filters)["unit"]) == units


def test_a_year_range_drops_reports_whose_year_is_unknown_but_no_range_keeps_them() -> None:
    assert "未识别单位" in set(views.apply_filters(REPORTS, Filters())["unit"])
    assert "未识别单位" not in set(
        views.apply_filters(REPORTS, Filters(years=(2000, 2100)))["unit"]
    )


def test_filtering_leaves_the_input_frame_unchanged() -> None:
    before = REPORTS.copy()
    views.apply_filters(REPORTS, Filters(years=(2023, 2023)))
    pd.testing.assert_frame_equal(REPORTS, before)


def test_filter_options_list_years_types_and_units_of_the_chosen_types() -> None:
    options = views.filter_options(REPORTS, unit_types=["village"])
    assert options.years == (2021, 2022, 2023)
    assert options.unit_types == ("agency", "village", "other")
    assert options.units == ("XX村党支部",)


def test_display_frames_speak_chinese() -> None:
    shown = views.for_display(METRICS.head(1))
    # The 64-character report number goes last: a sheet opens with the unit, not a hash.
    assert list(shown.columns)[:3] == ["单位", "单位类型", "年度"]
    assert list(shown.columns)[-1] == "报告编号"
    assert shown["指标"].iloc[0] in {"党员人数", "发展党员", "党课"}
    assert shown["单位类型"].iloc[0] == "机关"
    problems = views.for_display(PROBLEMS)
    assert set(problems["问题类别"]) >= {"创新不足", "党员教育管理"}
    assert set(problems["所在部分"]) == {"存在问题"}
    flags = views.for_display(
        pd.DataFrame({"approx": [True, False], "needs_review": [False, None]})
    )
    assert flags.to_dict("list") == {"约数": ["是", "否"], "待核实": ["否", ""]}


def test_corpus_counts() -> None:
    counts = views.corpus_counts(REPORTS)
    assert (counts.reports, counts.units, counts.years, counts.needs_review) == (5, 4, 3, 1)
    assert counts.formats == {"TXT 文本": 5}


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        ({"unit": "市体育局机关党委"}, {"unit": "市体育局机关党委"}),
        ({"unit_type": "国有企业"}, {"unit_type": "soe"}),
        ({"year": 2024.0}, {"year": 2024}),
        ({"secretary": " 张三 "}, {"secretary": "张三"}),
        ({"unit": "  "}, {}),
        ({"year": None}, {}),
    ],
)
def test_metadata_edits_become_corrections(
    edit: dict[str, str | float | None], expected: dict[str, object]
) -> None:
    before = views.metadata_table(REPORTS[REPORTS["unit"] == "区统计局"])
    after = before.copy().astype(object)
    for column, value in edit.items():
        after.at[0, column] = value
    changes = views.metadata_changes(before, after)
    assert changes == ([(before.loc[0, "report_id"], expected)] if expected else [])


def test_reports_to_review_come_first_in_the_metadata_table() -> None:
    table = views.metadata_table(REPORTS)
    assert table.loc[0, "unit"] == "未识别单位"
    assert bool(table.loc[0, "needs_review"])


def test_unit_year_table_has_one_row_per_unit_and_year_and_chinese_metric_columns() -> None:
    table = views.unit_year_table(METRICS, ["members_admitted", "party_lectures"])
    assert list(table.columns) == ["单位", "年度", "发展党员", "党课"]
    row = table[(table["单位"] == "市体育局") & (table["年度"] == 2023)].iloc[0]
    assert row["发展党员"] == 4
    assert pd.isna(row["党课"])
    assert len(table) == 3


def test_per_100_members_uses_the_member_count_of_the_same_report() -> None:
    per_100 = views.per_100_members(METRICS)
    values = {
        (u, int(y)): v
        for u, y, m, v in per_100[["unit", "year", "metric", "value"]].itertuples(index=False)
        if m == "members_admitted"
    }
    assert values == {("市体育局", 2022): 5.0, ("市体育局", 2023): 8.0}  # 区统计局: no count
    assert "party_members" not in set(per_100["metric"])


def test_unit_summary_takes_the_yearly_mean_and_keeps_every_sentence() -> None:
    summary = views.unit_summary(METRICS, "members_admitted").set_index("unit")
    assert summary.loc["市体育局", "value"] == 3
    assert summary.loc["市体育局", "reports"] == 2
    assert summary.loc["市体育局", "evidence"] == "2022年：发展党员2名\n2023年：发展党员4名"
    assert list(summary.index) == ["区统计局", "市体育局"]  # largest first


@pytest.mark.parametrize(
    ("max_units", "series"), [(12, {"市体育局", "区统计局"}), (1, {views.MEAN_LABEL})]
)
def test_year_series_draws_units_or_their_mean_when_there_are_too_many(
    max_units: int, series: set[str]
) -> None:
    out = views.year_series(METRICS, "members_admitted", max_units=max_units)
    assert set(out["series"]) == series
    if series == {views.MEAN_LABEL}:
        assert out.set_index("year").loc[2023, "value"] == 5


def test_metric_matrix_pairs_each_value_with_its_evidence() -> None:
    values, evidence = views.metric_matrix(METRICS, ["members_admitted", "party_lectures"])
    assert list(values.columns) == ["发展党员", "党课"]
    assert values.loc["区统计局", "党课"] == 3
    assert evidence.loc["区统计局", "党课"] == "2023年：上党课3场"
    sport_lectures = float(values.to_dict()["党课"]["市体育局"])
    assert sport_lectures == 4 or math.isnan(sport_lectures)


def test_category_counts_and_matrix() -> None:
    counts = views.category_counts(CATEGORIES, by="year")
    assert set(counts.itertuples(index=False)) >= {(2023, "创新不足", 1), (2022, "理论学习", 1)}
    matrix = views.category_matrix(CATEGORIES)
    assert matrix.loc["市体育局", "创新不足"] == 2
    assert matrix.loc["区统计局", "党员教育管理"] == 1


@pytest.mark.parametrize(
    ("categories", "query", "texts"),
    [
        ((), "", 5),
        (("innovation",), "", 2),
        (("innovation", "member_management"), "", 3),
        ((), "责任", 1),
        (("theory_study",), "创新", 0),
    ],
)
def test_problem_list_filters(categories: tuple[str, ...], query: str, texts: int) -> None:
    assert len(views.problem_list(PROBLEMS, categories=categories, query=query)) == texts


@pytest.mark.parametrize(
    ("a", "b", "similar"),
    [
        ("一是党建活动创新不足，方法单一。", "（一）党建活动创新不足，方法单一", True),
        (
            "一是党建活动创新不足，基层组织生活不够丰富，方法单一。",
            "（二）党建活动创新不足，基层组织生活不够丰富，方法比较单一",
            True,
        ),
        ("一是党建活动创新不足，方法单一。", "二是责任落实不到位，压力传导层层递减。", False),
        ("", "党建活动创新不足", False),
    ],
)
def test_bigram_similarity(a: str, b: str, similar: bool) -> None:
    assert (views.bigram_similarity(a, b) >= 0.8) is similar


def test_only_near_identical_wording_in_consecutive_years_is_a_repeat() -> None:
    repeats = views.repeated_problems(PROBLEMS, threshold=0.8)
    assert len(repeats) == 1
    row = repeats.iloc[0]
    assert row["unit"] == "市体育局" and (row["prev_year"], row["year"]) == (2022, 2023)
    assert row["prev_text"] == "一是党建活动创新不足，基层组织生活不够丰富，方法单一。"
    assert row["text"] == "一是党建活动创新不足，基层组织生活不够丰富，方法比较单一。"
    assert row["similarity"] >= 0.8 and row["category"] == "innovation"


SAME_CATEGORY_NEW_WORDING = [
    _report(
        "区档案馆", 2022, problems=(("一是理论学习不够深入，学用结合不紧密。", ("theory_study",)),)
    ),
    _report(
        "区档案馆",
        2023,
        problems=(("一是理论武装存在短板，跟进学习不够及时。", ("theory_study",)),),
    ),
    _report("区审计局", 2022, problems=(("一是党员教育管理不够严格。", ("member_management",)),)),
    _report("区审计局", 2023, problems=(("一是党员教育管理不够严格。", ("member_management",)),)),
]


def test_a_category_named_again_in_new_words_is_not_flagged_but_stays_as_information() -> None:
    problems = tables.problems_frame(SAME_CATEGORY_NEW_WORDING)
    repeats = views.repeated_problems(problems)
    assert set(repeats["unit"]) == {"区审计局"}
    persistent = views.persistent_categories(problems)
    assert set(zip(persistent["unit"], persistent["category"], strict=True)) == {
        ("区档案馆", "theory_study"),
        ("区审计局", "member_management"),
    }
    summary = views.repeat_summary(repeats, persistent)
    assert summary.to_dict("records") == [
        {
            "单位": "区审计局",
            "雷同表述条数": 1,
            "涉及年度": "2022–2023",
            views.PERSISTENT_COLUMN: "党员教育管理",
        }
    ]


def test_repeat_pairs_put_last_years_item_beside_this_years() -> None:
    repeats = views.repeated_problems(PROBLEMS)
    pairs = views.repeat_pairs(repeats, unit="市体育局")
    assert list(pairs.columns) == ["年度", "上一年度表述", "本年度表述", "相似度", "问题类别"]
    assert views.repeat_pairs(repeats).columns[0] == "单位"
    first = pairs.iloc[0]
    assert first["年度"] == "2022→2023" and first["问题类别"] == "创新不足"
    assert "方法单一" in first["上一年度表述"] and "方法比较单一" in first["本年度表述"]
    assert views.repeat_pairs(repeats, unit="区统计局").empty


def test_no_repeats_give_an_empty_summary() -> None:
    none = views.repeated_problems(PROBLEMS.iloc[0:0])
    assert none.empty and views.repeat_summary(none).empty


def test_years_that_are_not_consecutive_are_not_repeats() -> None:
    gap = [
        _report("某镇党委", 2020, problems=(("一是创新不足。", ("innovation",)),)),
        _report("某镇党委", 2022, problems=(("一是创新不足。", ("innovation",)),)),
    ]
    assert views.repeated_problems(tables.problems_frame(gap)).empty


def test_repeats_are_found_without_comparing_units_with_each_other() -> None:
    """Many units, one item each: the same wording in different units is not a repeat."""
    many = [
        _report(f"第{i}村党支部", year, problems=(("一是组织生活不够丰富。", ("org_life",)),))
        for i in range(300)
        for year in (2023,)
    ]
    assert views.repeated_problems(tables.problems_frame(many)).empty


MATCH_CORPUS = [
    _report(
        "某县委组织部",
        2022,
        problems=(("一是理论学习不够深入，学用结合不紧密。", ("theory_study",)),),
    ),
    _report(
        "某县委组织部",
        2023,
        problems=(
            ("一是理论学习不够深入，学用结合还不紧密。", ("theory_study",)),
            ("二是发展党员质量有待提高。", ("member_management",)),
        ),
    ),
    _report(
        "某县委组织部", 2024, problems=(("一是发展党员质量有待提高。", ("member_management",)),)
    ),
    _report("某街道党工委", 2023, unit_type="street", problems=(("一是阵地建设滞后。", ()),)),
    _report("某街道党工委", 2024, unit_type="street", problems=(("一是阵地建设滞后。", ()),)),
]


@pytest.mark.parametrize(
    ("filters", "threshold", "units_years"),
    [
        (Filters(), 0.8, {("某县委组织部", 2023), ("某县委组织部", 2024), ("某街道党工委", 2024)}),
        (Filters(), 1.0, {("某县委组织部", 2024), ("某街道党工委", 2024)}),
        (Filters(years=(2023, 2024)), 0.8, {("某县委组织部", 2024), ("某街道党工委", 2024)}),
        (Filters(years=(2024, 2024)), 0.5, set()),  # the year before is filtered out
        (Filters(unit_types=("street",)), 0.8, {("某街道党工委", 2024)}),
        (Filters(units=("某县委组织部",)), 0.8, {("某县委组织部", 2023), ("某县委组织部", 2024)}),
    ],
)
def test_repeats_from_the_corpus_wide_matches_equal_repeats_of_the_filtered_items(
    filters: Filters, threshold: float, units_years: set[tuple[str, int]]
) -> None:
    problems = tables.problems_frame(MATCH_CORPUS)
    reports = views.apply_filters(tables.reports_frame(MATCH_CORPUS), filters)
    matches = views.previous_matches(problems)  # once per corpus, whatever the filter
    got = views.repeats_from_matches(
        matches, threshold=threshold, report_ids=reports["report_id"].tolist()
    )
    expected = views.repeated_problems(views.apply_filters(problems, filters), threshold=threshold)
    pd.testing.assert_frame_equal(got, expected)
    assert set(zip(got["unit"], got["year"], strict=True)) == units_years


def test_a_unit_with_two_reports_last_year_is_matched_against_each_and_the_closest_wins() -> None:
    corpus = [
        _report("某镇党委", 2022, problems=(("一是党员教育方式单一。", ("member_management",)),)),
        _report(
            "某镇党委",
            2022,
            text="某镇党委2022年度述职报告（补充）。",
            problems=(("一是党员教育方式单一，吸引力不强。", ("member_management",)),),
        ),
        _report(
            "某镇党委",
            2023,
            problems=(("一是党员教育方式单一，吸引力不强。", ("member_management",)),),
        ),
    ]
    matches = views.previous_matches(tables.problems_frame(corpus))
    assert len(matches) == 2  # one row per report of the year before
    repeats = views.repeats_from_matches(matches, threshold=0.8)
    assert repeats["prev_text"].tolist() == ["一是党员教育方式单一，吸引力不强。"]
    assert repeats["similarity"].tolist() == [1.0]
    first_only = views.repeats_from_matches(
        matches, threshold=0.5, report_ids=[corpus[0].report_id, corpus[2].report_id]
    )
    assert first_only["prev_text"].tolist() == ["一是党员教育方式单一。"]


def test_persistent_categories_from_the_long_form_equal_those_from_the_items() -> None:
    problems = tables.problems_frame(MATCH_CORPUS + SAME_CATEGORY_NEW_WORDING)
    pd.testing.assert_frame_equal(
        views.persistent_from_categories(tables.problem_categories_frame(problems)),
        views.persistent_categories(problems),
    )


def test_compare_metrics_deltas_and_normalisation() -> None:
    table = views.compare_metrics(METRICS, ["市体育局", "区统计局"], year=2023)
    assert list(table.columns) == ["市体育局", "区统计局"]
    assert list(table.loc["发展党员"]) == [4, 6]
    deltas = views.deltas_vs_others(table)
    assert list(deltas.loc["发展党员"]) == [-2, 2]
    normalised = views.normalise_rows(table)
    assert list(normalised.loc["发展党员"]) == pytest.approx([4 / 6, 1.0], abs=1e-3)
    assert list(normalised.loc["党员人数"]) == [1.0, 0.0]


def test_compare_over_all_years_takes_the_yearly_mean() -> None:
    table = views.compare_metrics(METRICS, ["市体育局", "区统计局"])
    assert table.loc["发展党员", "市体育局"] == 3


def test_every_unit_column_lists_the_same_metric_rows_in_spec_order() -> None:
    table = views.compare_metrics(METRICS, ["市体育局", "区统计局"], year=2023)
    deltas = views.deltas_vs_others(table)
    measures = {"发展党员": "名"}
    columns = {u: views.compare_cells(table, deltas, u, measures=measures) for u in table.columns}
    rows = {u: [c.label for c in cells] for u, cells in columns.items()}
    assert rows["市体育局"] == rows["区统计局"] == ["发展党员", "党课", "党员人数"]
    sport = {c.label: c for c in columns["市体育局"]}
    stats = {c.label: c for c in columns["区统计局"]}
    assert (sport["发展党员"].value, sport["发展党员"].delta) == ("4 名", "-2")
    assert sport["发展党员"].compared
    assert (sport["党课"].value, sport["党课"].delta) == (views.MISSING_TEXT, "报告未写明")
    assert (stats["党课"].value, stats["党课"].delta) == ("3", "其他单位未写明")
    assert not stats["党课"].compared  # nobody to compare with: no arrow
    assert (stats["党员人数"].value, stats["党员人数"].delta) == (views.MISSING_TEXT, "报告未写明")


def test_a_unit_level_with_the_others_is_shown_as_level() -> None:
    table = pd.DataFrame({"甲": [12.0], "乙": [12.0]}, index=pd.Index(["主题党日"], name="指标"))
    cell = views.compare_cells(table, views.deltas_vs_others(table), "甲")[0]
    assert (cell.value, cell.delta, cell.compared) == ("12", "与平均持平", False)


def test_metric_measures_take_the_most_common_measure_word() -> None:
    mentions = pd.DataFrame(
        {
            "metric": ["party_lectures", "party_lectures", "party_lectures", "members_admitted"],
            "unit_of_measure": ["次", "场", "次", None],
        }
    )
    assert views.metric_measures(mentions) == {"党课": "次"}


@pytest.mark.parametrize(
    ("key", "per_100", "label"),
    [
        ("members_admitted", False, "发展党员（名）"),
        ("members_admitted", True, "发展党员（名/百名党员）"),
        ("dues", False, "党费"),
        ("dues", True, "党费（每百名党员）"),
    ],
)
def test_axis_labels_carry_the_measure_word(key: str, per_100: bool, label: str) -> None:
    assert views.metric_axis_label(key, {"发展党员": "名"}, per_100=per_100) == label


def test_compare_categories_side_by_side() -> None:
    table = views.compare_categories(CATEGORIES, ["市体育局", "区统计局"])
    assert list(table.loc["创新不足"]) == [2, 0]
    assert list(table.loc["党员教育管理"]) == [0, 1]


MALICIOUS = [
    "<script>window.__pwned = 1</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
]


@pytest.mark.parametrize("payload", MALICIOUS)
def test_report_text_is_escaped_never_rendered_as_html(payload: str) -> None:
    text = f"全年发展党员3名。{payload}存在问题：创新不足。"
    start = text.index("3名")
    mentions = pd.DataFrame(
        [{"metric": "members_admitted", "value": 3, "start": start, "end": start + 2}]
    )
    problems = pd.DataFrame(
        [{"start": text.index("创新"), "end": len(text), "categories": "innovation"}]
    )
    out = views.highlight_html(text, mentions, problems)
    assert payload not in out
    assert "<script" not in out and "<img" not in out and "<svg" not in out
    assert "&lt;" in out


def test_highlight_marks_every_figure_and_problem_with_its_meaning() -> None:
    text = "今年发展党员3名，讲党课4次。存在问题：党建活动创新不足。"
    mentions = pd.DataFrame(
        [
            {"metric": "members_admitted", "value": 3, "start": 6, "end": 8},
            {"metric": "party_lectures", "value": 4.0, "start": 11, "end": 13},
        ]
    )
    problems = pd.DataFrame([{"start": 20, "end": len(text), "categories": "innovation"}])
    out = views.highlight_html(text, mentions, problems)
    assert out.count("<mark") == 2
    assert 'title="发展党员：3"' in out and 'title="党课：4"' in out
    assert 'title="问题：创新不足"' in out
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text  # the text itself is unchanged


def test_highlight_ignores_spans_outside_the_text() -> None:
    out = views.highlight_html(
        "短文本",
        pd.DataFrame([{"metric": "talks", "value": 5, "start": 50, "end": 60}]),
        pd.DataFrame(columns=["start", "end", "categories"]),
    )
    assert "<mark" not in out and "短文本" in out


def test_extraction_counts_show_reports_where_nothing_was_found() -> None:
    counts = views.extraction_counts(REPORTS, MENTIONS, PROBLEMS)
    assert list(counts.index) == list(REPORTS.index)
    by_unit = dict(zip(REPORTS["unit"], counts["figures"], strict=True))
    assert by_unit["未识别单位"] == 0
    assert counts["figures"].sum() == len(MENTIONS)
    assert counts["problems"].sum() == len(PROBLEMS)


def test_reports_without_a_recognised_unit_stay_out_of_unit_charts_with_a_note() -> None:
    kept = views.known_units(REPORTS)
    assert "未识别单位" not in set(kept["unit"]) and len(kept) == len(REPORTS) - 1
    assert views.unknown_unit_note(REPORTS) == (
        "另有 1 份报告未识别出单位，未计入按单位的图表；请在“语料库”页补全单位。"
    )
    assert views.unknown_unit_note(kept) is None


@pytest.mark.parametrize(
    ("a", "b", "mean", "label", "value", "delta"),
    [
        (7.0, 3.0, False, "发展党员", "7 名", "+4"),
        (2.3333, 3.0, True, "发展党员（年均）", "2.3 名", "-0.7"),
        (4.0, 2.5, True, "发展党员", "4 名", "+1.5"),
    ],
)
def test_compare_cells_show_means_with_one_decimal_and_say_so(
    a: float, b: float, mean: bool, label: str, value: str, delta: str
) -> None:
    table = pd.DataFrame({"甲": [a], "乙": [b]}, index=pd.Index(["发展党员"], name="指标"))
    cell = views.compare_cells(
        table, views.deltas_vs_others(table), "甲", measures={"发展党员": "名"}, mean=mean
    )[0]
    assert (cell.label, cell.value, cell.delta) == (label, value, delta)


@pytest.mark.parametrize(
    ("query", "limit", "keep", "listed", "matching"),
    [
        ("", 10, None, ["市体育局", "市体育局", "区统计局", "XX村党支部", "未识别单位"], 5),
        ("", 2, None, ["市体育局", "市体育局"], 5),
        ("统计", 10, None, ["区统计局"], 1),
        ("  统计 ", 10, None, ["区统计局"], 1),  # spaces typed around the word
        ("2022_", 10, None, ["市体育局"], 1),  # a file name
        ("统计", 10, "XX村党支部", ["XX村党支部", "区统计局"], 1),  # the chosen one stays, first
        ("体育", 1, "XX村党支部", ["XX村党支部"], 2),  # within the limit
        ("没有的", 10, None, [], 0),
    ],
)
def test_report_choices_find_by_unit_or_file_and_keep_the_chosen_report(
    query: str, limit: int, keep: str | None, listed: list[str], matching: int
) -> None:
    kept = None if keep is None else REPORTS.loc[REPORTS["unit"] == keep, "report_id"].iloc[0]
    shown, total = views.report_choices(REPORTS, query=query, limit=limit, keep=kept)
    assert shown["unit"].tolist() == listed and total == matching
