"""Keyword tables: term counts, aggregates, distinctive terms and keyword in context (KWIC)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analytics import schema
from analytics.errors import ReportError
from analytics.keywords import aggregate_terms, distinctive_terms, kwic, term_counts, top_terms
from analytics.tokenize import PartyTokenizer, load_tokenizer


@pytest.fixture(scope="module")
def tokenizer() -> PartyTokenizer:
    return load_tokenizer()


def _terms(rows: list[tuple[str, str, str, int | None, str, int]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(schema.TERMS))
    frame["year"] = frame["year"].astype("Int64")
    return frame


# Three units, each 40 counts: 党建 and 学习 at the same rate everywhere, one term of their own.
CORPUS = _terms(
    [
        ("a1", "市体育局", "agency", 2023, "党建", 12),
        ("a1", "市体育局", "agency", 2023, "学习", 5),
        ("a1", "市体育局", "agency", 2023, "体育", 6),
        ("a2", "市体育局", "agency", 2024, "党建", 8),
        ("a2", "市体育局", "agency", 2024, "学习", 5),
        ("a2", "市体育局", "agency", 2024, "体育", 4),
        ("b1", "区统计局", "agency", 2023, "党建", 20),
        ("b1", "区统计局", "agency", 2023, "学习", 10),
        ("b1", "区统计局", "agency", 2023, "统计", 10),
        ("c1", "石桥村党支部", "village", 2023, "党建", 20),
        ("c1", "石桥村党支部", "village", 2023, "学习", 10),
        ("c1", "石桥村党支部", "village", 2023, "集体经济", 9),
        ("c1", "石桥村党支部", "village", 2023, "统计", 1),
    ]
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "坚持“三会一课”制度。党建引领，党建先行；严格落实三会一课。",
            (("三会一课", 2), ("先行", 1), ("党建", 1), ("党建引领", 1)),
        ),
        ("二〇二三年，XX名、12次。", ()),
        ("", ()),
    ],
)
def test_term_counts_are_sorted_by_count_then_term(
    tokenizer: PartyTokenizer, text: str, expected: tuple[tuple[str, int], ...]
) -> None:
    assert term_counts(text, tokenizer=tokenizer) == expected


def test_term_counts_can_keep_filler(tokenizer: PartyTokenizer) -> None:
    text = "扎实开展党建工作，推进党建工作。"
    assert dict(term_counts(text, tokenizer=tokenizer)) == {"党建": 2}
    kept = dict(term_counts(text, tokenizer=tokenizer, drop_filler=False))
    assert kept["工作"] == 2 and kept["党建"] == 2


def test_aggregate_terms_over_the_corpus() -> None:
    table = aggregate_terms(CORPUS, by=None)
    assert list(table.columns) == ["term", "count", "df"]
    assert table.iloc[0].tolist() == ["党建", 60, 4]
    rows = {r.term: (r.count, r.df) for r in table.itertuples()}
    assert rows["统计"] == (11, 2)
    assert rows["体育"] == (10, 2)
    assert table["count"].is_monotonic_decreasing


def test_aggregate_terms_by_unit_counts_reports_per_unit() -> None:
    table = aggregate_terms(CORPUS, by="unit")
    assert list(table.columns) == ["unit", "term", "count", "df"]
    sport = table[table["unit"] == "市体育局"]
    assert sport.iloc[0].tolist() == ["市体育局", "党建", 20, 2]
    assert set(sport["term"]) == {"党建", "学习", "体育"}


def test_aggregate_terms_leave_their_input_alone() -> None:
    before = CORPUS.copy()
    aggregate_terms(CORPUS, by="year")
    top_terms(CORPUS, n=2, by="unit_type")
    distinctive_terms(CORPUS, column="unit", value="市体育局")
    pd.testing.assert_frame_equal(CORPUS, before)


@pytest.mark.parametrize(
    ("by", "n", "expected_rows"), [(None, 2, 2), ("unit", 2, 6), ("year", 1, 2)]
)
def test_top_terms_per_group(by: str | None, n: int, expected_rows: int) -> None:
    table = top_terms(CORPUS, n=n, by=by)
    assert len(table) == expected_rows
    if by is not None:
        assert table.groupby(by)["term"].count().max() <= n


def test_aggregates_of_no_terms_are_empty() -> None:
    empty = CORPUS.iloc[0:0]
    assert aggregate_terms(empty, by="unit").empty
    assert list(aggregate_terms(empty, by="unit").columns) == ["unit", "term", "count", "df"]
    assert distinctive_terms(empty, column="unit", value="市体育局").empty


def test_grouping_by_an_unknown_column_is_a_chinese_error() -> None:
    with pytest.raises(ReportError, match="无法按"):
        aggregate_terms(CORPUS, by="secretary")


@pytest.mark.parametrize(
    ("column", "value", "first"),
    [
        ("unit", "市体育局", "体育"),
        ("unit", "区统计局", "统计"),
        ("unit_type", "village", "集体经济"),
    ],
)
def test_a_term_only_one_group_uses_comes_first(column: str, value: str, first: str) -> None:
    table = distinctive_terms(CORPUS, column=column, value=value, top=10, min_count=1)
    assert list(table.columns) == ["term", "count", "other_count", "score", "z"]
    assert table.iloc[0]["term"] == first
    assert table.iloc[0]["z"] > 0.5
    assert table.iloc[0]["score"] == table.iloc[0]["z"]
    assert table["z"].is_monotonic_decreasing


def test_a_term_used_at_the_same_rate_everywhere_scores_zero() -> None:
    table = distinctive_terms(
        CORPUS, column="unit", value="区统计局", top=10, min_count=1, min_z=None
    )
    scores = dict(zip(table["term"], table["z"], strict=True))
    assert math.isclose(scores["党建"], 0.0, abs_tol=1e-9)
    assert math.isclose(scores["学习"], 0.0, abs_tol=1e-9)
    assert scores["统计"] > 0


def test_distinctive_terms_counts_and_thresholds() -> None:
    table = distinctive_terms(
        CORPUS, column="unit", value="区统计局", top=10, min_count=2, min_z=None
    )
    row = table.set_index("term").loc["统计"]
    assert (row["count"], row["other_count"]) == (10, 1)
    # 体育 and 集体经济 are absent from the unit (count 0 < min_count)
    assert set(table["term"]) == {"统计", "党建", "学习"}
    # by default only the terms the unit over-uses are listed
    assert distinctive_terms(CORPUS, column="unit", value="区统计局")["term"].tolist() == ["统计"]
    assert len(distinctive_terms(CORPUS, column="unit", value="区统计局", top=1)) == 1


def test_the_whole_corpus_has_nothing_to_be_distinct_from() -> None:
    assert distinctive_terms(CORPUS, column="unit_type", value="agency").shape[0] > 0
    assert distinctive_terms(CORPUS, column="year", value=2022).empty
    everyone = CORPUS.assign(unit_type="agency")
    assert distinctive_terms(everyone, column="unit_type", value="agency").empty


def test_rare_terms_are_shrunk_by_the_prior() -> None:
    # One use of a term nobody else uses is weaker evidence than ten.
    rows = [
        ("x", "甲单位", "agency", 2023, "党建", 50),
        ("x", "甲单位", "agency", 2023, "偶见", 1),
        ("x", "甲单位", "agency", 2023, "常见", 10),
        ("y", "乙单位", "agency", 2023, "党建", 61),
    ]
    table = distinctive_terms(_terms(rows), column="unit", value="甲单位", min_count=1, min_z=None)
    z = dict(zip(table["term"], table["z"], strict=True))
    assert z["常见"] > z["偶见"] > 0 > z["党建"]


TEXTS = pd.DataFrame(
    [
        (
            "r2",
            "区统计局",
            "agency",
            2024,
            "2024_区统计局.txt",
            "落实三会一课。\n党建+统计，三会一课",
        ),
        ("r1", "市体育局", "agency", 2023, "2023_市体育局.txt", "严格落实“三会一课”制度。"),
        ("r3", "区统计局", "agency", 2023, "2023_区统计局.txt", "党建(引领)：党建引领发展。"),
    ],
    columns=[*schema.KEY, "file", "text"],
).astype({"year": "Int64"})


def test_kwic_points_exactly_at_every_occurrence() -> None:
    table = kwic(TEXTS, "三会一课")
    assert list(table.columns) == list(schema.KWIC)
    assert len(table) == 3
    texts = dict(zip(TEXTS["report_id"], TEXTS["text"], strict=True))
    for row in table.itertuples():
        assert texts[row.report_id][row.start : row.end] == row.match == "三会一课"


def test_kwic_is_sorted_by_year_unit_and_position() -> None:
    table = kwic(TEXTS, "三会一课")
    assert table["report_id"].tolist() == ["r1", "r2", "r2"]
    assert table["start"].tolist() == [5, 2, 14]
    assert table["year"].tolist() == [2023, 2024, 2024]


@pytest.mark.parametrize(
    ("width", "left", "right"),
    [(30, "落实三会一课。⏎党建+统计，", ""), (3, "统计，", ""), (0, "", "")],
)
def test_kwic_context_width_and_line_breaks(width: int, left: str, right: str) -> None:
    last = kwic(TEXTS, "三会一课", width=width).iloc[-1]
    assert (last["left"], last["right"]) == (left, right)
    first = kwic(TEXTS, "三会一课", width=width).iloc[1]
    assert first["right"] == "。⏎党建+统计，三会一课"[:width]


@pytest.mark.parametrize(
    ("query", "matches"),
    [
        ("党建+", ["党建+"]),
        ("(引领)", ["(引领)"]),
        ("党建.", []),
        (" 三会一课 ", ["三会一课"] * 3),
        ("哈", []),
    ],
)
def test_plain_queries_are_literal(query: str, matches: list[str]) -> None:
    assert kwic(TEXTS, query)["match"].tolist() == matches


def test_regex_queries() -> None:
    table = kwic(TEXTS, r"党建[+引]", regex=True)
    assert table["match"].tolist() == ["党建引", "党建+"]


def test_occurrences_do_not_overlap() -> None:
    texts = TEXTS.iloc[:1].assign(text="哈哈哈哈哈")
    assert kwic(texts, "哈哈")["start"].tolist() == [0, 2]


@pytest.mark.parametrize("query", ["", "   ", "\n"])
def test_an_empty_query_finds_nothing(query: str) -> None:
    table = kwic(TEXTS, query)
    assert table.empty and list(table.columns) == list(schema.KWIC)


@pytest.mark.parametrize("query", ["党建(", "[三会", "*党建"])
def test_a_bad_regex_is_a_chinese_error(query: str) -> None:
    with pytest.raises(ReportError, match="不是有效的正则表达式"):
        kwic(TEXTS, query, regex=True)
    assert isinstance(kwic(TEXTS, query), pd.DataFrame)  # the same text, literal, is fine


def test_kwic_limit_keeps_the_first_rows() -> None:
    assert kwic(TEXTS, "三会一课", limit=2)["report_id"].tolist() == ["r1", "r2"]
    assert kwic(TEXTS, "三会一课", limit=0).empty
