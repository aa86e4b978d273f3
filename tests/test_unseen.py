"""Accuracy on reports written apart from the extractor (tests/data/unseen), kept as regressions."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics import evaluate

UNSEEN = Path(__file__).parent / "data" / "unseen"
SETS = sorted(p for p in UNSEEN.iterdir() if (p / "expected.json").is_file())


def test_there_are_four_sets_of_ten() -> None:
    assert [p.name for p in SETS] == ["set1", "set2", "set3", "set4"]
    for folder in SETS:
        assert len(list(folder.glob("*.txt"))) == 10


@pytest.mark.parametrize("folder", SETS, ids=lambda p: p.name)
def test_accuracy_on_reports_the_extractor_was_not_written_against(folder: Path) -> None:
    result = evaluate.evaluate_folder(folder / "expected.json", folder)
    report = evaluate.format_result(result)
    assert result.metrics_overall.precision >= 0.98, report
    assert result.metrics_overall.recall >= 0.97, report
    assert result.categories.f1 >= 0.9, report
    assert result.items_checked[0] == result.items_checked[1], report
    for field, (correct, annotated) in result.meta_accuracy.items():
        assert correct >= 0.9 * annotated, (field, report)
