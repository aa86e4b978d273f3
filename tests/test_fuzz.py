"""Fuzzing with a small example budget: no input crashes the readers or the whole analysis.

The long runs are ``scripts/fuzz.py --inputs N`` (same generators, in a child process with a
hang timeout); figures in docs/RELIABILITY.md.
"""

from __future__ import annotations

import json
import random
from typing import Any

import fuzz_inputs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics import pipeline, readers
from analytics.errors import ReportError
from analytics.review import anachronism, coverage, specificity
from analytics.tokenize import load_tokenizer

FAST = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _analyse_or_refuse(data: bytes, name: str) -> None:
    """The file is analysed into JSON-safe output, or refused with a Chinese message."""
    try:
        report = pipeline.analyse_bytes(data, name, tokenizer=load_tokenizer())
    except ReportError as err:
        assert err.message and err.file
        return
    record = pipeline.extract_record(report)
    json.dumps(record, allow_nan=False, ensure_ascii=False)
    for mention in record["mentions"]:
        assert abs(mention["value"]) < 10**15


@FAST
@given(st.binary(max_size=4096), st.sampled_from(["a.txt", "a.docx", "a.pdf", "a.doc", "a"]))
def test_random_bytes_are_read_or_refused(data: bytes, name: str) -> None:
    try:
        doc = readers.read_document(data, name, pdf_timeout=10)
    except ReportError as err:
        assert err.message
        return
    assert doc.text.strip()


@FAST
@given(st.randoms(use_true_random=False))
def test_mutated_text_reports_are_analysed_or_refused(rng: random.Random) -> None:
    item = fuzz_inputs.text_input(rng)
    _analyse_or_refuse(item.data, item.name)


@FAST
@given(st.randoms(use_true_random=False))
def test_mutated_docx_reports_are_analysed_or_refused(rng: random.Random) -> None:
    item = fuzz_inputs.docx_input(rng)
    _analyse_or_refuse(item.data, item.name)


@settings(FAST, max_examples=3)
@given(st.randoms(use_true_random=False))
def test_mutated_pdf_reports_are_analysed_or_refused(rng: random.Random) -> None:
    item = fuzz_inputs.pdf_input(rng)
    _analyse_or_refuse(item.data, item.name)


@pytest.mark.parametrize("numeral", fuzz_inputs.HUGE_NUMERALS)
def test_huge_numerals_make_no_figure_and_safe_json(numeral: str) -> None:
    text = f"某社区党委书记述职报告\n今年发展党员{numeral}，开展活动5次。\n"
    report = pipeline.analyse_bytes(text.encode(), "a.txt", tokenizer=load_tokenizer())
    json.dumps(pipeline.extract_record(report), allow_nan=False)
    assert all(abs(m.value) <= 10**12 for m in report.mentions)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("发展党员3名。", 3),
        ("发展党员9999999999名。", None),  # more people than a unit can have
        ("开展活动20000000次。", None),
        ("开展主题党日活动12次。", 12),
    ],
)
def test_a_figure_above_its_ceiling_is_no_figure(text: str, expected: int | None) -> None:
    from analytics import metrics, sections

    body = "某单位党委书记述职报告\n" + text
    values = [m.value for m in metrics.extract_mentions(body, sections.split_sections(body))]
    assert (expected in values) if expected is not None else values == []


def test_a_file_over_the_time_budget_is_refused_and_the_batch_goes_on(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from analytics.corpus import SourceFile

    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("某单位党委书记述职报告\n发展党员3名。", encoding="utf-8")
    sources = [SourceFile(tmp_path / n, n, None) for n in ("a.txt", "b.txt")]
    refused = list(pipeline.analyse_sources(sources, options=pipeline.ReadOptions(time_budget=0)))
    assert [type(r) for r in refused] == [ReportError, ReportError]
    assert all("分析超时" in r.message for r in refused if isinstance(r, ReportError))
    kept = list(pipeline.analyse_sources(sources))
    assert all(not isinstance(r, ReportError) for r in kept)


@pytest.mark.timeout(120)
def test_the_tab_run_that_hung_the_section_split_is_analysed() -> None:
    # Found by scripts/fuzz.py (seed 9, input 34395): a run of tabs after a line start made the
    # sentence-start cue pattern quadratic (minutes for 56 KB); now it is one linear scan.
    text = "某单位党委书记述职报告\n" + "\t?" * 28_000 + "\n存在的问题\n一是学习不深入。\n"
    report = pipeline.analyse_bytes(text.encode(), "a.txt", tokenizer=load_tokenizer())
    assert report.text


@pytest.mark.timeout(120)
def test_a_line_of_alternating_tabs_and_wide_spaces_is_analysed() -> None:
    # Found by scripts/fuzz.py (seed 9, input 88620, 25 KB GB18030): a line of alternating tabs
    # and ideographic spaces made the bare-heading pattern cubic (1,000 pairs took 145 s); the
    # spaces around a bare heading's title are now taken possessively, in one linear scan.
    text = "某单位党委书记述职报告\n存在的问题\n" + "\t\u3000" * 8_000 + "党建，\n下一步打算：\n"
    report = pipeline.analyse_bytes(text.encode("gb18030"), "a.txt", tokenizer=load_tokenizer())
    titles = [h.title for h in report.sections.headings]
    assert titles == ["存在的问题", "下一步打算"]
    assert report.sections.problems is not None and report.sections.next_steps is not None


@pytest.mark.timeout(120)
def test_a_table_row_of_thousands_of_figures_is_analysed_with_short_evidence() -> None:
    # Found by scripts/fuzz.py (seed 9, input 65614, 53 KB): one line of 11,600 tab-separated
    # figures. Every figure's evidence was the whole row (quadratic time, and an evidence column
    # of 47,000 characters per figure); now a long row is shown as its label and the cells
    # around the figure.
    label = "全年局党组会议专题研究党建工作"
    text = "某局党组书记2023年抓基层党建工作述职报告\n" + label + "\t9" * 20_000 + "\n"
    report = pipeline.analyse_bytes(text.encode(), "a.txt", tokenizer=load_tokenizer())
    cells = [m for m in report.mentions if m.evidence.startswith(label)]
    assert len(cells) > 1000
    assert max(len(m.evidence) for m in cells) < 400
    assert all(text[m.start : m.end] == "9" for m in cells)
    middle = cells[len(cells) // 2].evidence
    assert middle.startswith(label + " | … | ") and middle.endswith(" | …")


_RUN = 200_000  # before the possessive rewrite each of these took 2-20 minutes at this size


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("case", "call", "expected"),
    [
        (
            "a topic line with a long run of spaces inside its name",
            lambda: [t.name for t in coverage.parse_topic_list("理论学习" + " " * _RUN + "x")],
            ["理论学习" + " " * _RUN + "x"],
        ),
        (
            "a next-steps part of blank lines with no item label",
            lambda: specificity.next_step_items("下一步\n" + " \n" * _RUN + "x", 0, 5 + 2 * _RUN),
            [(4 + 2 * _RUN, 5 + 2 * _RUN)],
        ),
        (
            "blank lines before a line that is no 2023年以来",
            lambda: anachronism.report_anachronisms("\n" * _RUN + "x", year=2024, unit_type="机关"),
            [],
        ),
    ],
)
def test_long_whitespace_runs_are_read_in_linear_time(case: str, call: Any, expected: Any) -> None:
    # scripts/regex_audit.py found these patterns quadratic (a run of whitespace re-read from
    # every position in it); each is now read once, and still gives the same answer.
    assert call() == expected, case


def test_a_docx_whose_zip_declares_an_unknown_version_is_refused() -> None:
    # Found by scripts/fuzz.py (seed 10, inputs 53310, 71293, 78246): a damaged central-directory
    # header declared "zip file version 7.8" and zipfile raised NotImplementedError.
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "sample_reports" / "2023_临江区财政局.docx"
    data = bytearray(path.read_bytes())
    entry = data.index(b"PK\x01\x02")
    data[entry + 6 : entry + 8] = (78).to_bytes(2, "little")  # version needed to extract
    with pytest.raises(ReportError) as caught:
        pipeline.analyse_bytes(bytes(data), "报告.docx", tokenizer=load_tokenizer())
    assert "报告.docx" in str(caught.value) or caught.value.file == "报告.docx"
    assert "损坏" in caught.value.message
