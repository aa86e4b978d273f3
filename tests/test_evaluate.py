"""The evaluate command: scoring rules on hand-built predictions, and a folder run end to end."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from analytics.errors import ReportError
from analytics.evaluate import (
    Counts,
    Prediction,
    evaluate_folder,
    format_result,
    score_all,
    score_meta,
    score_metrics,
    score_report,
)
from analytics.records import ManifestRow, Meta, Problem, Report

GOLD: dict[str, Any] = {
    "meta": {"unit_contains": "体育局", "unit_type": "agency", "year": 2023},
    "metrics": {"members_admitted": 2, "members_confirmed": 3},
    "optional": {"trainings": 1000},
    "never": [525, 2023],
    "problem_categories": ["innovation", "org_life"],
    "problem_items_min": 2,
}


def _pred(
    metrics: dict[str, float] | None = None,
    categories: set[str] | None = None,
    items: int = 2,
    meta: Meta | None = None,
) -> Prediction:
    return Prediction(
        metrics=metrics or {},
        categories=frozenset(categories or set()),
        problem_items=items,
        meta=meta or Meta(unit="市体育局", unit_type="agency", year=2023),
    )


@pytest.mark.parametrize(
    ("predicted", "expected"),
    [
        ({"members_admitted": 2, "members_confirmed": 3}, {"members_admitted": Counts(1, 0, 0),
                                                           "members_confirmed": Counts(1, 0, 0)}),
        ({"members_admitted": 5, "members_confirmed": 3}, {"members_admitted": Counts(0, 1, 1),
                                                           "members_confirmed": Counts(1, 0, 0)}),
        ({"members_admitted": 2}, {"members_admitted": Counts(1, 0, 0),
                                   "members_confirmed": Counts(0, 0, 1)}),
        ({"members_admitted": 2, "members_confirmed": 3, "trainings": 1000},
         {"members_admitted": Counts(1, 0, 0), "members_confirmed": Counts(1, 0, 0)}),
        ({"members_admitted": 2, "members_confirmed": 3, "trainings": 20},
         {"members_admitted": Counts(1, 0, 0), "members_confirmed": Counts(1, 0, 0),
          "trainings": Counts(0, 1, 0)}),
        ({"members_admitted": 2, "members_confirmed": 3, "talks": 50},
         {"members_admitted": Counts(1, 0, 0), "members_confirmed": Counts(1, 0, 0),
          "talks": Counts(0, 1, 0)}),
        ({"members_admitted": 2, "members_confirmed": 3, "branches": 525},
         {"members_admitted": Counts(1, 0, 0), "members_confirmed": Counts(1, 0, 0),
          "branches": Counts(0, 1, 0)}),
        ({}, {"members_admitted": Counts(0, 0, 1), "members_confirmed": Counts(0, 0, 1)}),
    ],
    ids=[
        "all-right",
        "wrong-value-is-fp-and-fn",
        "missing-is-fn",
        "optional-same-value-is-neither",
        "optional-other-value-is-fp",
        "key-not-annotated-is-fp",
        "never-value-is-fp-once",
        "nothing-predicted",
    ],
)  # fmt: skip
def test_metric_scoring_rules(predicted: dict[str, float], expected: dict[str, Counts]) -> None:
    counts, _ = score_metrics(predicted, GOLD)
    assert counts == expected


def test_never_value_is_named_in_the_notes() -> None:
    _, notes = score_metrics({"members_admitted": 2, "members_confirmed": 3, "branches": 525}, GOLD)
    assert any("525" in n and "不是指标" in n for n in notes)


@pytest.mark.parametrize(
    ("meta", "gold", "expected"),
    [
        (Meta("市体育局", "agency", 2023), GOLD["meta"], {"unit": True, "unit_type": True,
                                                         "year": True}),
        (Meta("未识别单位", "other", None), GOLD["meta"], {"unit": False, "unit_type": False,
                                                        "year": False}),
        (Meta("市体育局", "agency", 2023, "王五"), {"unit": "市体育局", "secretary": "王五"},
         {"unit": True, "secretary": True}),
        (Meta("市体育局党组", "agency", 2023), {"unit": "市体育局"}, {"unit": False}),
    ],
)  # fmt: skip
def test_meta_scoring(meta: Meta, gold: dict[str, Any], expected: dict[str, bool]) -> None:
    checks, _ = score_meta(meta, gold)
    assert checks == expected


def test_category_scores_are_union_against_union() -> None:
    score = score_report("a.txt", GOLD, _pred(categories={"innovation", "conduct"}))
    assert score.categories == Counts(tp=1, fp=1, fn=1)


def test_item_count_check() -> None:
    assert score_report("a.txt", GOLD, _pred(items=2)).items_ok is True
    assert score_report("a.txt", GOLD, _pred(items=1)).items_ok is False


def test_totals_are_micro_over_reports_and_missing_files_are_listed() -> None:
    gold = {"a.txt": GOLD, "b.txt": GOLD, "c.txt": GOLD}
    predictions: dict[str, Prediction | ReportError] = {
        "a.txt": _pred({"members_admitted": 2, "members_confirmed": 3}, {"innovation", "org_life"}),
        "b.txt": ReportError("文件已损坏，请重新导出后再试。", file="b.txt"),
    }
    result = score_all(gold, predictions)
    assert result.missing == ("c.txt",)
    assert result.metrics_overall == Counts(tp=2, fp=0, fn=2)
    assert result.categories == Counts(tp=2, fp=0, fn=2)
    assert result.categories.f1 == pytest.approx(2 / 3)
    assert result.items_checked == (1, 2)
    assert result.meta_accuracy["unit"] == (1, 2)
    assert result.reports[1].error == "文件已损坏，请重新导出后再试。"


def test_counts_ratios() -> None:
    assert Counts(3, 1, 2).precision == pytest.approx(0.75)
    assert Counts(3, 1, 2).recall == pytest.approx(0.6)
    assert Counts(0, 0, 0).precision is None
    assert Counts(0, 2, 0).f1 is None


def test_format_result_names_keys_scores_and_differences() -> None:
    gold = {"a.txt": GOLD, "c.txt": GOLD}
    result = score_all(gold, {"a.txt": _pred({"members_admitted": 5}, {"innovation"})})
    text = format_result(result)
    assert "members_admitted" in text and "members_confirmed" in text
    assert "缺少的文件" in text and "c.txt" in text
    assert "问题类别" in text and "F1 66.7%" in text
    assert "元数据准确率" in text
    assert "抽取 5，标注 2" in text


# --- the folder run -------------------------------------------------------------------------------


def _report(name: str, metrics: dict[str, int], categories: tuple[str, ...]) -> Report:
    from analytics.records import Mention

    return Report(
        report_id="0" * 64,
        file=name,
        format="txt",
        text="",
        meta=Meta(unit="市体育局", unit_type="agency", year=2023),
        mentions=tuple(Mention(k, v, False, "名", "", 0, 0) for k, v in metrics.items()),
        problems=tuple(Problem("x", (c,), "problems", 0, 1) for c in categories),
    )


def test_evaluate_folder_reads_gold_analyses_files_and_reports_missing(tmp_path: Path) -> None:
    gold_path = tmp_path / "gold.json"
    gold_path.write_text(
        json.dumps({"reports": {"a.txt": GOLD, "bad.txt": GOLD, "gone.txt": GOLD}}),
        encoding="utf-8",
    )
    (tmp_path / "a.txt").write_text("报告", encoding="utf-8")
    (tmp_path / "bad.txt").write_text("坏", encoding="utf-8")
    seen: list[str] = []

    def analyse(path: Path, name: str, manifest: ManifestRow | None) -> Report:
        seen.append(name)
        if name == "bad.txt":
            raise ReportError("无法读取该文件，请检查文件是否完整。", file=name)
        return _report(name, {"members_admitted": 2, "members_confirmed": 3}, ("innovation",))

    result = evaluate_folder(gold_path, tmp_path, analyse=analyse)
    assert sorted(seen) == ["a.txt", "bad.txt"]
    assert result.missing == ("gone.txt",)
    assert [r.file for r in result.reports] == ["a.txt", "bad.txt"]
    assert result.reports[0].metrics["members_admitted"] == Counts(1, 0, 0)
    assert result.reports[1].error is not None
    assert "无法读取" in format_result(result)


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "找不到标注文件"), ("{not json", "不是有效的"), ('{"about": "x"}', "缺少 reports")],
)
def test_bad_gold_file_is_a_chinese_report_error(
    tmp_path: Path, content: str | None, message: str
) -> None:
    gold_path = tmp_path / "gold.json"
    if content is not None:
        gold_path.write_text(content, encoding="utf-8")
    with pytest.raises(ReportError) as err:
        evaluate_folder(gold_path, tmp_path, analyse=lambda p, n, m: _report(n, {}, ()))
    assert message in err.value.message
    assert err.value.file == "gold.json"


def test_missing_folder_is_a_chinese_report_error(tmp_path: Path) -> None:
    gold_path = tmp_path / "gold.json"
    gold_path.write_text(json.dumps({"reports": {"a.txt": GOLD}}), encoding="utf-8")
    with pytest.raises(ReportError, match="找不到报告文件夹"):
        evaluate_folder(gold_path, tmp_path / "nope", analyse=lambda p, n, m: _report(n, {}, ()))


@pytest.mark.shared
def test_seed_gold_file_loads_and_scores_sections_problems_and_metadata(seeds_dir: Path) -> None:
    """The seeds scored with this project's own problems and metadata (metrics left out)."""
    from analytics.metadata import infer_meta
    from analytics.problems import extract_problems
    from analytics.sections import split_sections

    def analyse(path: Path, name: str, manifest: ManifestRow | None) -> Report:
        text = path.read_text(encoding="utf-8")
        return Report(
            report_id="0" * 64,
            file=name,
            format="txt",
            text=text,
            meta=infer_meta(text, filename=name),
            problems=extract_problems(text, split_sections(text)),
        )

    result = evaluate_folder(seeds_dir / "expected.json", seeds_dir, analyse=analyse)
    assert result.missing == ()
    assert result.categories.f1 == pytest.approx(1.0)
    assert result.items_checked == (2, 2)
    assert all(ok == n for ok, n in result.meta_accuracy.values())


@pytest.mark.parametrize(
    ("use_manifest", "expected"), [(True, "青山市人民医院党委"), (False, None)]
)
def test_evaluate_folder_applies_the_folder_manifest(
    tmp_path: Path, use_manifest: bool, expected: str | None
) -> None:
    gold_path = tmp_path / "gold.json"
    gold_path.write_text(json.dumps({"reports": {"rmyy_2023.txt": GOLD}}), encoding="utf-8")
    (tmp_path / "rmyy_2023.txt").write_text("报告", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "file,unit,unit_type,year,secretary\nrmyy_2023.txt,青山市人民医院党委,hospital,2023,\n",
        encoding="utf-8",
    )
    rows: list[ManifestRow | None] = []

    def analyse(path: Path, name: str, manifest: ManifestRow | None) -> Report:
        rows.append(manifest)
        return _report(name, {}, ())

    evaluate_folder(gold_path, tmp_path, analyse=analyse, use_manifest=use_manifest)
    assert [r.unit if r else None for r in rows] == [expected]
