"""The sample corpus: its shape, its golden extraction snapshot, its accuracy against annotations.

The golden file records what the extractor gives today for every sample report (metadata,
table values, problem categories); a change that moves any of them shows up here and must be
reviewed.
Regenerate after a reviewed change:  UPDATE_GOLDEN=1 python -m pytest tests/test_sample_corpus.py
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from analytics import evaluate, pipeline, readers
from analytics.corpus import discover
from analytics.records import Report

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_reports"
GOLDEN = Path(__file__).parent / "golden" / "sample_corpus.json"
EXPECTED = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))["reports"]


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    sources, problems = discover([SAMPLES])
    assert problems == []
    out: dict[str, Report] = {}
    for result in pipeline.analyse_sources(sources, workers=1):
        assert isinstance(result, Report), result
        out[result.file] = result
    return out


def snapshot(report: Report) -> dict[str, Any]:
    return {
        "meta": {
            "unit": report.meta.unit,
            "unit_type": report.meta.unit_type,
            "year": report.meta.year,
            "secretary": report.meta.secretary,
        },
        "metrics": dict(sorted(report.metrics.items())),
        "problem_categories": sorted({c for p in report.problems for c in p.categories}),
        "problem_items": len(report.problems),
    }


def test_the_corpus_has_the_promised_shape(reports: dict[str, Report]) -> None:
    assert len(reports) >= 24
    assert set(reports) == set(EXPECTED)
    units = {r.meta.unit for r in reports.values()}
    types = {r.meta.unit_type for r in reports.values()}
    years = {r.meta.year for r in reports.values()}
    assert len(units) >= 8 and len(types) >= 5 and {2022, 2023, 2024} <= years
    formats = Counter(r.format for r in reports.values())
    assert formats["docx"] >= 3 and formats["pdf"] >= 2
    gbk = [r for r in SAMPLES.glob("*.txt") if not _is_utf8(r.read_bytes())]
    assert len(gbk) >= 2
    for report in reports.values():
        assert 2000 <= len(report.text) <= 5200, (report.file, len(report.text))
    assert (SAMPLES / "manifest.csv").is_file()


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_every_format_reads_back_the_text_it_was_built_from() -> None:
    for final in EXPECTED:
        source = ROOT / "sample_src" / f"{Path(final).stem}.txt"
        text = readers.read_document((SAMPLES / final).read_bytes(), final).text
        want = source.read_text(encoding="utf-8")

        def squash(s: str) -> str:
            return "".join(s.split()).replace("|", "")

        assert squash(text) == squash(want), final


def test_extraction_matches_the_golden_snapshot(reports: dict[str, Report]) -> None:
    got = {name: snapshot(r) for name, r in sorted(reports.items())}
    if os.environ.get("UPDATE_GOLDEN") == "1" or not GOLDEN.exists():
        GOLDEN.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        if os.environ.get("UPDATE_GOLDEN") != "1":
            pytest.fail("golden file was missing and has been written; review and commit it")
    assert got == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_accuracy_against_the_annotations() -> None:
    result = evaluate.evaluate_folder(SAMPLES / "expected.json", SAMPLES)
    assert result.metrics_overall.precision >= 0.98, evaluate.format_result(result)
    assert result.metrics_overall.recall >= 0.95, evaluate.format_result(result)
    assert result.categories.f1 >= 0.9, evaluate.format_result(result)
