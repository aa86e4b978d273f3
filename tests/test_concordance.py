"""Keyword in context as concordance lines: one line per hit, the sentence behind it, escaped."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analytics import keywords, views

TEXT = (
    "一、履行职责情况\n全年召开支委会12次，落实“三会一课”制度。\n"
    "二、存在的问题\n一是“三会一课”质量不高，<b>流于形式</b>。"
)


def _texts(text: str = TEXT) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "report_id": ["r1"],
            "unit": ["区统计局"],
            "unit_type": ["agency"],
            "year": [2024],
            "file": ["2024_区统计局.txt"],
            "text": [text],
        }
    )


def _lines(html: str) -> list[str]:
    return re.findall(r"<details.*?</details>", html)


def test_one_line_per_hit_with_the_hit_marked_between_its_contexts() -> None:
    texts = _texts()
    found = keywords.kwic(texts, "三会一课")
    html = views.concordance_html(found, texts, width=8)
    lines = _lines(html)
    assert len(lines) == 2
    first = lines[0]
    left = re.search(r'kwic-left"><span>(.*?)</span>', first)
    right = re.search(r'kwic-right">(.*?)</span>', first)
    assert left and left.group(1) == "会12次，落实“"
    assert right and right.group(1) == "”制度。 二、存"  # a line break shows as a space
    assert "⏎" not in html
    assert "区统计局 · 2024年" in first


@pytest.mark.parametrize(
    ("hit", "sentence"),
    [
        (0, "全年召开支委会12次，落实“三会一课”制度。"),
        (1, "一是“三会一课”质量不高，&lt;b&gt;流于形式&lt;/b&gt;。"),
    ],
)
def test_the_full_sentence_opens_on_click_and_hover(hit: int, sentence: str) -> None:
    texts = _texts()
    line = _lines(views.concordance_html(keywords.kwic(texts, "三会一课"), texts))[hit]
    opened = re.search(r'kwic-sentence">(.*?)<span class="kwic-file">', line)
    assert opened and opened.group(1).replace("<mark>", "").replace("</mark>", "") == sentence
    assert f'title="{sentence}"' in line.replace("&quot;", '"')


def test_markup_in_a_report_stays_text_and_the_limit_holds() -> None:
    texts = _texts("<script>x</script>重点。" * 30)
    found = keywords.kwic(texts, "重点")
    html = views.concordance_html(found, texts, limit=5)
    assert len(_lines(html)) == 5
    assert "<script>" not in html and "&lt;script&gt;" in html
