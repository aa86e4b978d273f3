"""Office use under AppTest: corpus extraction counts, a refused year said in Chinese, page state
read from and written to the URL, the print view."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_app import REPORTS, data_dir, run  # noqa: F401  (data_dir is a fixture)


def test_the_corpus_page_counts_figures_and_problems_per_report(data_dir: Path) -> None:  # noqa: F811
    at = run()
    table = at.data_editor[0].value
    by_unit = table.groupby("unit")[["figures", "problems"]].sum()
    assert by_unit.loc["市体育局"].tolist() == [4, 2]
    assert by_unit.loc["区统计局"].tolist() == [2, 1]


@pytest.mark.parametrize("year", [1890, 2300])
def test_an_out_of_range_year_is_refused_with_a_message(data_dir: Path, year: int) -> None:  # noqa: F811
    at = run()
    editor = at.data_editor[0]
    row = list(editor.value["unit"]).index("区统计局")
    assert editor.key is not None
    at.session_state[editor.key] = {
        "edited_rows": {row: {"year": year}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any("未保存" in e and "1949" in e and ".txt" in e for e in errors), errors
    assert 2023 in set(at.data_editor[0].value["year"])


@pytest.mark.parametrize(
    ("page", "query", "key", "value"),
    [
        ("pages/metrics.py", {"m": ["party_lectures"]}, "metric_keys", ["party_lectures"]),
        ("pages/metrics.py", {"per100": "1"}, "per_100", True),
        (
            "pages/compare.py",
            {"cu": ["区统计局", "某镇党委"]},
            "compare_units",
            ["区统计局", "某镇党委"],
        ),
        ("pages/keywords.py", {"q": "创新不足"}, "kwic_query", "创新不足"),
        ("pages/keywords.py", {"top": "20"}, "top_n", 20),
        ("pages/problems.py", {"cat": ["innovation"]}, "problem_categories", ["innovation"]),
        ("pages/problems.py", {"pq": "理论"}, "problem_query", "理论"),
        ("pages/report.py", {"print": "1"}, "print_view", True),
    ],
)
def test_a_link_sets_the_page_state(
    data_dir: Path,  # noqa: F811
    page: str,
    query: dict[str, str | list[str]],
    key: str,
    value: object,
) -> None:
    at = run(page, **query)
    assert at.session_state[key] == value
    for param, wanted in query.items():
        got = at.query_params[param]
        assert (got if isinstance(got, list) else [got]) == (
            wanted if isinstance(wanted, list) else [wanted]
        )


def test_a_stale_or_unknown_link_value_falls_back_to_the_default(data_dir: Path) -> None:  # noqa: F811
    at = run("pages/compare.py", cu=["已撤销的单位"])
    assert len(at.session_state["compare_units"]) == 2


def test_the_print_view_replaces_the_reading_view(data_dir: Path) -> None:  # noqa: F811
    target = REPORTS[2]
    at = run("pages/report.py", report=target.report_id, print="1")
    bodies = [h.proto.body for h in at.get("html")]
    view = next(b for b in bodies if 'class="print-view"' in b)
    assert "抽取的数字（2 处）" in view and "问题条目（1 条）" in view
    assert "区统计局 · 2023年述职报告" in view


def test_a_changed_widget_writes_the_link(data_dir: Path) -> None:  # noqa: F811
    at = run("pages/metrics.py")
    assert "per100" not in at.query_params
    at.toggle(key="per_100").set_value(True).run()
    at.multiselect(key="metric_keys").set_value(["members_admitted"]).run()
    assert at.query_params["per100"] == "1"
    assert at.query_params["m"] == "members_admitted"
    at.toggle(key="per_100").set_value(False).run()
    assert "per100" not in at.query_params
