"""共性问题 and 个性问题: what many units name alike, and what only one unit names."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any, Final

import pandas as pd

from analytics import schema
from analytics.documents import layout
from analytics.documents.materials import Materials

SHINGLE: Final = 6
STOCK_MIN_UNITS: Final = 3
SHARED_MIN_SHARE: Final = 0.5
_NUMBERING: Final = re.compile(
    r"^(?:[一二三四五六七八九十]+是|[（(]?[一二三四五六七八九十\d]+[）)、.．])"
)
_NOT_TEXT: Final = re.compile(r"[^\u4e00-\u9fff0-9A-Za-z]+")


def _core(text: str) -> str:
    return _NOT_TEXT.sub("", _NUMBERING.sub("", text.strip()))


def _examples(pairs: list[tuple[str, str]], *, limit: int = 3) -> str:
    seen: dict[str, str] = {}
    for unit, text in pairs:
        seen.setdefault(unit, text)
        if len(seen) >= limit:
            break
    return "；".join(f"{unit}：“{text}”" for unit, text in seen.items())


def category_spread(problems: pd.DataFrame, *, units_total: int) -> pd.DataFrame:
    """Per category: how many units name it, their share, items, and quotations (schema)."""
    per_cat: dict[str, set[str]] = defaultdict(set)
    items: dict[str, int] = defaultdict(int)
    quotes: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for unit, text, cats in zip(
        problems["unit"], problems["text"], problems["categories"], strict=True
    ):
        for cat in filter(None, str(cats).split(",")):
            per_cat[cat].add(str(unit))
            items[cat] += 1
            quotes[cat].append((str(unit), str(text)))
    rows = [
        (
            cat,
            len(per_cat[cat]),
            round(len(per_cat[cat]) / units_total, 3) if units_total else 0.0,
            items[cat],
            _examples(quotes[cat]),
        )
        for cat in schema.PROBLEM_CATEGORIES
        if cat in per_cat
    ]
    out = pd.DataFrame(rows, columns=list(schema.COMMON_CATEGORIES))
    return out.sort_values(["units", "items"], ascending=False, kind="stable").reset_index(
        drop=True
    )


def stock_phrases(problems: pd.DataFrame, *, min_units: int = STOCK_MIN_UNITS) -> pd.DataFrame:
    """Wordings that at least ``min_units`` units use, with how many units and quotations.

    Items are cut into overlapping runs of SHINGLE characters (numbering and punctuation off);
    a run named by ``min_units`` units is shared, and consecutive shared runs of one item join
    into one phrase. One pass over the characters: the cost grows linearly with the text.
    """
    units_of: dict[str, set[str]] = defaultdict(set)
    cores = [_core(str(t)) for t in problems["text"]]
    for unit, core in zip(problems["unit"], cores, strict=True):
        for i in range(len(core) - SHINGLE + 1):
            units_of[core[i : i + SHINGLE]].add(str(unit))
    phrases: dict[str, set[str]] = defaultdict(set)
    quotes: dict[str, list[tuple[str, str]]] = defaultdict(list)
    counts: dict[str, int] = defaultdict(int)
    for unit, core, text in zip(problems["unit"], cores, problems["text"], strict=True):
        i, n = 0, len(core) - SHINGLE + 1
        while i < n:
            if len(units_of[core[i : i + SHINGLE]]) < min_units:
                i += 1
                continue
            j = i
            while j + 1 < n and len(units_of[core[j + 1 : j + 1 + SHINGLE]]) >= min_units:
                j += 1
            phrase = core[i : j + SHINGLE]
            phrases[phrase].add(str(unit))
            counts[phrase] += 1
            quotes[phrase].append((str(unit), str(text)))
            i = j + 1
    rows = [
        (phrase, len(units), counts[phrase], _examples(quotes[phrase]))
        for phrase, units in phrases.items()
        if len(units) >= min_units
    ]
    out = pd.DataFrame(rows, columns=list(schema.STOCK_PHRASES))
    return out.sort_values(
        ["units", "items", "phrase"], ascending=[False, False, True]
    ).reset_index(drop=True)


def individual_problems(problems: pd.DataFrame) -> pd.DataFrame:
    """Items no other unit writes alike: none of their character runs occurs in another unit."""
    units_of: dict[str, set[str]] = defaultdict(set)
    cores = [_core(str(t)) for t in problems["text"]]
    for unit, core in zip(problems["unit"], cores, strict=True):
        for i in range(len(core) - SHINGLE + 1):
            units_of[core[i : i + SHINGLE]].add(str(unit))
    keep = [
        len(core) >= SHINGLE
        and all(len(units_of[core[i : i + SHINGLE]]) == 1 for i in range(len(core) - SHINGLE + 1))
        for core in cores
    ]
    out = problems.loc[keep, list(schema.INDIVIDUAL_PROBLEMS)]
    return out.reset_index(drop=True)


def commonality_docx(materials: Materials) -> bytes:
    """共性问题和个性问题 as a .docx for the closing speech: counts and quotations."""
    problems = materials.problems
    units = materials.reports["unit"].nunique()
    spread = category_spread(problems, units_total=units)
    phrases = stock_phrases(problems)
    single = individual_problems(problems)
    heading = "述职报告查摆问题的共性问题和个性问题"
    document = layout.new_document(title=heading)
    layout.add_title(document, heading)
    layout.add_body(
        document,
        f"本批共{len(materials.reports)}份报告、{units}个单位，查摆问题{len(problems)}条。",
    )
    layout.add_heading(document, "一、共性问题")
    shared = spread[(spread["share"] >= SHARED_MIN_SHARE) & (spread["units"] >= 2)]
    if shared.empty:
        layout.add_body(document, "没有问题类别被半数以上单位提及。")
    for i, row in enumerate(shared.to_dict("records"), start=1):
        label = schema.PROBLEM_LABELS.get(str(row["category"]), str(row["category"]))
        layout.add_heading(document, f"（{_cn(i)}）{label}", level=2)
        layout.add_body(
            document, f"{row['units']}个单位（占{row['share']:.0%}）提及，共{row['items']}条。"
        )
        layout.add_quote(document, f"原文示例：{row['examples']}")
    layout.add_heading(document, "二、共性表述")
    if phrases.empty:
        layout.add_body(document, f"没有被{STOCK_MIN_UNITS}个以上单位使用的相同问题表述。")
    else:
        layout.add_body(
            document,
            f"以下表述被{STOCK_MIN_UNITS}个以上单位使用，查摆可能不够具体：",
        )
        layout.add_table(
            document,
            ["共性表述", "单位数", "条目数"],
            [
                [str(r["phrase"]), str(r["units"]), str(r["items"])]
                for r in phrases.head(30).to_dict("records")
            ],
        )
    layout.add_heading(document, "三、个性问题")
    only = spread[spread["units"] == 1]
    if not only.empty:
        names = "、".join(schema.PROBLEM_LABELS.get(c, c) for c in only["category"])
        layout.add_body(document, f"只有一个单位提及的问题类别：{names}。")
    if single.empty:
        layout.add_body(document, "没有只由一个单位写出的独特问题表述。")
    for unit, group in single.groupby("unit", sort=True):
        layout.add_heading(document, str(unit), level=2)
        for text in group["text"].head(3):
            layout.add_quote(document, f"原文：“{text}”")
    return layout.to_bytes(document)


def _cn(i: int) -> str:
    words = "一二三四五六七八九十"
    return words[i - 1] if 1 <= i <= len(words) else str(i)


def summary(materials: Materials) -> dict[str, Any]:
    """The three tables of the page section: category spread, stock phrases, individual items."""
    units = materials.reports["unit"].nunique()
    return {
        "categories": category_spread(materials.problems, units_total=units),
        "phrases": stock_phrases(materials.problems),
        "individual": individual_problems(materials.problems),
    }
