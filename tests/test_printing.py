"""The print view of one report and its PDF (drawn by the local Chromium, text read back)."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from analytics.errors import ReportError
from analytics.printing import pdf, view

TEXT = (
    "区统计局党组书记抓基层党建工作述职报告\n一、履行职责情况\n"
    + "全年发展党员3名，召开支委会12次，讲党课4次。\n" * 60
    + "二、存在的问题\n一是理论学习不够深入<script>x</script>。\n最后一句：下一步将持续改进。\n"
)
HEADER = view.ReportHeader("区统计局", "agency", 2024, None, "2024_区统计局.txt", len(TEXT))
start = TEXT.index("一是")
MENTIONS = pd.DataFrame(
    {
        "metric": ["members_admitted"],
        "value": [3.0],
        "approx": [False],
        "unit_of_measure": ["名"],
        "evidence": ["全年发展党员3名，召开支委会12次，讲党课4次。"],
        "start": [TEXT.index("3名")],
        "end": [TEXT.index("3名") + 2],
    }
)
PROBLEMS = pd.DataFrame(
    {
        "section": ["存在的问题"],
        "text": ["理论学习不够深入"],
        "categories": ["theory_study"],
        "start": [start],
        "end": [start + 12],
    }
)


def test_the_print_view_holds_the_whole_text_and_both_lists() -> None:
    body = view.report_body(HEADER, TEXT, MENTIONS, PROBLEMS)
    assert "最后一句：下一步将持续改进。" in body  # the whole text, not a scroll box's worth
    assert "<mark" in body and "underline wavy" in body
    assert "抽取的数字（1 处）" in body and "问题条目（1 条）" in body
    assert "<td>3名</td>" in body and "<td>理论学习不够深入</td>" in body
    assert "<script>" not in body and "&lt;/script&gt;" in body
    assert "size: A4" in body
    assert "书记：未写明" in body and "区统计局 · 2024年述职报告" in body


def test_a_missing_browser_is_said_in_chinese(tmp_path: object) -> None:
    with pytest.raises(ReportError, match="Chromium"):
        pdf.html_pdf("<p>x</p>", browser_path="/nonexistent/chromium")


@pytest.mark.skipif(pdf.find_browser() is None, reason="no Chromium to print with")
def test_the_pdf_is_a4_and_holds_the_report_text() -> None:
    pypdf = pytest.importorskip("pypdf")
    data = pdf.html_pdf(view.report_document(HEADER, TEXT, MENTIONS, PROBLEMS))
    assert data.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595) < 3 and abs(float(box.height) - 842) < 3  # A4 in points
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "")
    for wanted in ("区统计局", "最后一句：下一步将持续改进", "抽取的数字", "理论学习不够深入"):
        assert wanted in text
