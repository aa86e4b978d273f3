"""The two real seed reports give exactly the figures in ../shared/seeds/expected.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from analytics.metrics import extract_mentions
from analytics.records import Meta, Report, Sections

SEEDS = ["000_05de8f40bad0d4d8.txt", "002_0ab65d941972ac99.txt"]

pytestmark = pytest.mark.shared


def _sections(text: str) -> Sections:
    try:
        from analytics.sections import split_sections
    except ImportError:
        return Sections()
    return split_sections(text)


def _load(seeds_dir: Path, name: str) -> tuple[str, Report, dict[str, Any]]:
    expected = json.loads((seeds_dir / "expected.json").read_text(encoding="utf-8"))
    text = (seeds_dir / name).read_text(encoding="utf-8")
    report = Report(
        report_id=name,
        file=name,
        format="txt",
        text=text,
        meta=Meta(),
        mentions=extract_mentions(text, _sections(text)),
    )
    return text, report, expected["reports"][name]


@pytest.mark.parametrize("name", SEEDS)
def test_seed_metrics_are_exactly_the_expected_ones(seeds_dir: Path, name: str) -> None:
    _, report, gold = _load(seeds_dir, name)
    found = report.metrics
    for metric, value in gold["metrics"].items():
        assert found.get(metric) == value, metric
    allowed = set(gold["metrics"]) | set(gold.get("optional", {}))
    assert set(found) <= allowed, f"unexpected metrics: {set(found) - allowed}"
    for metric, value in gold.get("optional", {}).items():
        assert found.get(metric, value) == value, metric


@pytest.mark.parametrize("name", SEEDS)
def test_seed_never_values_are_no_metric(seeds_dir: Path, name: str) -> None:
    _, report, gold = _load(seeds_dir, name)
    values = {m.value for m in report.mentions}
    assert values.isdisjoint(gold.get("never", []))


@pytest.mark.parametrize("name", SEEDS)
def test_seed_mentions_point_at_their_figures(seeds_dir: Path, name: str) -> None:
    text, report, _ = _load(seeds_dir, name)
    assert report.mentions
    for m in report.mentions:
        figure = text[m.start : m.end]
        assert figure.endswith(m.unit_of_measure)
        assert figure in m.evidence
        assert len(m.evidence) <= 120


@pytest.mark.parametrize("name", SEEDS)
def test_seed_metrics_do_not_depend_on_the_sections_split(seeds_dir: Path, name: str) -> None:
    text, report, _ = _load(seeds_dir, name)
    without = Report(
        report_id=name,
        file=name,
        format="txt",
        text=text,
        meta=Meta(),
        mentions=extract_mentions(text, Sections()),
    )
    assert without.metrics == report.metrics
