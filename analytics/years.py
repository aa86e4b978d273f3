"""The year a report is about, from its text, with reasons to check it when the cue is weak."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Final

from analytics.records import (
    REASON_YEAR_ANONYMISED,
    REASON_YEAR_DATE,
    REASON_YEAR_SINCE,
    REASON_YEAR_UNKNOWN,
)

# Characters that stand for something withheld: "XX镇", "xx社区", "××医院", "***", "___镇",
# "20XX年".
PLACEHOLDERS: Final = "XxＸｘ×*＊_＿"
_ANON = PLACEHOLDERS
_FULLWIDTH_DIGIT_RE: Final = re.compile("[０-９]")
_FULLWIDTH_OFFSET: Final = ord("０") - ord("0")
_CN_DIGITS: Final[dict[str, str]] = {
    "〇": "0", "○": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4",
    "五": "5", "六": "6", "七": "7", "八": "8", "九": "9",
}  # fmt: skip
MIN_YEAR, MAX_YEAR = 1990, 2099

# A year not preceded by a digit. The check sits after "19"/"20" (a lookbehind over three
# characters) so that the regex starts with those digits and the search skips to them.
_YEAR_RE: Final = re.compile(r"((?:19|20)(?<![0-9]..)[0-9]{2})[ \t\u3000]*年")
# "二〇二三年", "一九九八年": Chinese numerals of 19xx / 20xx.
_CN_YEAR_RE: Final = re.compile(r"((?:一九|二[〇○零])[〇○零一二三四五六七八九]{2})年")
_DATE_RE: Final = re.compile(
    r"((?:19|20)[0-9]{2})[ \t\u3000]*年[ \t\u3000]*([0-9]{1,2})[ \t\u3000]*月"
)
# A date alone on its line, as under a title: "（2025年1月）", "2024年12月28日". Each run of
# spaces is taken whole (possessive: what follows it is no space), so that two runs with an
# optional bracket between them are not tried at every split of a long run.
_DATE_LINE_RE: Final = re.compile(
    r"^[ \t\u3000]*+[（(]?[ \t\u3000]*+((?:19|20)[0-9]{2})[ \t\u3000]*+年[ \t\u3000]*+"
    r"([0-9]{1,2})[ \t\u3000]*+月(?:[ \t\u3000]*+[0-9]{1,2}[ \t\u3000]*+日)?"
    r"[ \t\u3000]*+[）)]?[ \t\u3000]*+$",
    re.MULTILINE,
)
# The same in Chinese numerals: "二〇二四年一月", alone on its line or by the signature.
_CN_DATE = (
    r"((?:一九|二[〇○零])[〇○零一二三四五六七八九]{2})[ \t\u3000]*年[ \t\u3000]*"
    r"(十[一二]?|[一二三四五六七八九])[ \t\u3000]*月"
)
_CN_DATE_RE: Final = re.compile(_CN_DATE)
_CN_DATE_LINE_RE: Final = re.compile(
    rf"^[ \t\u3000]*+[（(]?[ \t\u3000]*+{_CN_DATE}[^\n]{{0,6}}?[）)]?[ \t\u3000]*+$",
    re.MULTILINE,
)


def infer_year(text: str) -> int | None:
    """The year reported on: the year most stated with 年度 / 以来 / 现将 cues; None when unclear.

    "2014年以来" deep in the text is history, not the report year; a report dated
    "2024年1月" at its end, or on a line of its own under the title, reports on 2023.
    """
    return year_evidence(text)[0]


def year_evidence(text: str) -> tuple[int | None, tuple[str, ...]]:
    """The year reported on, with review reasons when it is unresolved or rests on a weak cue
    (only a date under the title or by the signature, only a "2023年以来" opening)."""
    if _FULLWIDTH_DIGIT_RE.search(text):  # (str.translate is slow on long CJK text)
        text = _FULLWIDTH_DIGIT_RE.sub(_ascii_digit, text)
    scores: Counter[int] = Counter()
    weak: dict[int, set[str]] = {}
    strong: set[int] = set()
    dated: set[int] = set()
    tail_from = max(0, len(text) - 300)
    head_to = min(len(text), 300)
    dates = {m.start(1): m for m in _DATE_LINE_RE.finditer(text, 0, head_to)}
    dates.update((m.start(1), m) for m in _DATE_RE.finditer(text, tail_from))
    dates.update((m.start(1), m) for m in _CN_DATE_LINE_RE.finditer(text, 0, head_to))
    dates.update((m.start(1), m) for m in _CN_DATE_RE.finditer(text, tail_from))
    for m in dates.values():
        year, month = _date_year(m.group(1)), _date_month(m.group(2))
        if 1 <= month <= 3:
            year -= 1
        elif not 10 <= month <= 12:
            continue
        scores[year] += 2
        weak.setdefault(year, set()).add(REASON_YEAR_DATE)
        dated.add(m.start(1))
    for year, start, end in _year_mentions(text):
        if start in dated:
            continue
        weight = _year_weight(text, start, end)
        if weight <= 0:
            continue
        scores[year] += weight
        if _is_since(text, end) and start < _OPENING_CHARS:
            weak.setdefault(year, set()).add(REASON_YEAR_SINCE)
        else:
            strong.add(year)
    anonymised = _ANON_YEAR_RE.search(text, 0, min(len(text), _OPENING_CHARS)) is not None
    ranked = [(y, s) for y, s in scores.most_common() if s > 0]
    if anonymised:
        # "20XX年以来": the year is withheld; a stray "2021年换届后" is no stand-in for it.
        ranked = [(y, s) for y, s in ranked if s >= _STRONG_YEAR_SCORE]
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None, (REASON_YEAR_ANONYMISED if anonymised else REASON_YEAR_UNKNOWN,)
    year = ranked[0][0]
    if year in strong:
        return year, ()
    return year, tuple(sorted(weak.get(year, ())))


_OPENING_CHARS = 400
_STRONG_YEAR_SCORE = 4
_ANON_YEAR_RE: Final = re.compile(
    rf"(?:19|20)[{_ANON}]{{2}}[ \t]*年|(?<![0-9A-Za-z{_ANON}])[{_ANON}]{{2,4}}[ \t]*年"
    rf"|二[〇○零][{_ANON}]{{1,2}}年"
)
# "2018抓基层党建工作述职报告", "2023度": a year written without 年 before the report's subject.
_BARE_YEAR_RE: Final = re.compile(
    r"(?<![0-9.])((?:19|20)(?<![0-9]..)[0-9]{2})[ \t]*"
    r"(?=度|抓|党建|基层党建|述职|工作总结|工作述职|党委书记|党支部书记|书记"
    r"|(?:社区|村|镇|乡|街道|机关|学校|医院|公司)(?:党委|党总支|党支部|党组)?(?:党建|工作总结|述职))"
)
# What follows a year that makes it the date of an event before the reported one:
# "2021年换届后", "2020年以后", "2019年成立以来".
_EVENT_AFTER_RE: Final = re.compile(
    r"[^，,。；;：:\n]{0,10}?(?:换届后|换届以后|以后|之后|成立以来|组建以来|建成以来|至今)"
    r"|[^，,。；;：:\n]{0,6}?(?:成立|组建|建成|创建|设立|挂牌)(?![^，,。；;：:\n]{0,4}?(?:党支部|党组织)?[0-9一二三四五六七八九十两]+个)"
)
# An election told of in the body ("2021年，经村（社区）换届……"); a title's is the year's work.
_ELECTION_RE: Final = re.compile(r"[^。；;：:\n]{0,12}?换届")


def _date_year(written: str) -> int:
    """ "2024" or "二〇二四" as a number."""
    return int(written) if written.isdigit() else int("".join(_CN_DIGITS[c] for c in written))


def _date_month(written: str) -> int:
    """ "1", "12", "一", "十二" as a number."""
    if written.isdigit():
        return int(written)
    if written.startswith("十"):
        return 10 + (int(_CN_DIGITS[written[1]]) if len(written) > 1 else 0)
    return int(_CN_DIGITS[written])


# "2025年前三季度", "2024年前两个月": part of the year, not the time before it.
_PART_OF_YEAR_RE: Final = re.compile(r"前[一二三两四五六七八九十]+(?:个)?(?:季度|月)")
_PERIOD_RE: Final = re.compile(r"[^，,。；;\n]{0,24}?(?:以来|至今|到现在)")
# A year of plans, not of the work reported: "2024年工作打算", "2024年，我将……".
_PLAN_AFTER_RE: Final = re.compile(
    r"(?:度)?(?:工作打算|工作思路|工作计划|工作安排|工作目标|目标任务|打算)"
    r"|[，,]?[ \t]*(?:(?:我们|我|本人|全[镇乡村局院校])将|将继续|将进一步|要|计划|力争|拟)"
)


def _is_since(text: str, end: int) -> bool:
    return text.startswith(("以来", "来"), end)


def _ascii_digit(m: re.Match[str]) -> str:
    return chr(ord(m.group()) - _FULLWIDTH_OFFSET)


def _year_mentions(text: str) -> Iterable[tuple[int, int, int]]:
    for m in _YEAR_RE.finditer(text):
        yield int(m.group(1)), m.start(), m.end()
    for m in _BARE_YEAR_RE.finditer(text):
        if MIN_YEAR <= int(m.group(1)) <= MAX_YEAR:
            yield int(m.group(1)), m.start(), m.end()
    for m in _CN_YEAR_RE.finditer(text):
        digits = "".join(_CN_DIGITS[c] for c in m.group(1))
        if digits.startswith(("19", "20")):
            yield int(digits), m.start(), m.end()


def _year_weight(text: str, start: int, end: int) -> int:
    before = text[max(0, start - 6) : start]
    after = text[end : end + 6]
    if before.endswith(("-", "—", "~", "至", "到", "－", "–")) or (
        after.startswith(("以前", "之前", "前", "-", "—", "至", "到", "－"))
        and not _PART_OF_YEAR_RE.match(after)
    ):
        return 0
    # A comparison with another year: "较2022年增长", "与2022年相比".
    if before.endswith(("比", "较", "同", "与")):
        return 0
    # (a plan named as a document, "制定《2020年度工作计划》并执行", is the year's own)
    titled = "《" in before and "》" not in before.split("《")[-1]
    if _EVENT_AFTER_RE.match(text, end) or (_PLAN_AFTER_RE.match(text, end) and not titled):
        return 0
    if start >= _OPENING_CHARS and _ELECTION_RE.match(text, end):
        return 0
    # "自2021年担任……书记以来": the start of a longer period ("自2023年以来" is not).
    if before.endswith(("自", "从")) and not _is_since(text, end) and _PERIOD_RE.match(text, end):
        return 0
    opening = start < _OPENING_CHARS
    if _is_since(text, end):
        return 3 if opening else 0
    bare = not text.startswith("年", end - 1)
    weight = 4 if bare else 1
    if after.startswith("度"):
        weight += 3
    if "现将" in before:
        weight += 4
    if after.startswith(("上半年", "全年", "工作", "抓", "党建", "述职", "是")):
        weight += 1
    if opening:
        weight += 1
    return weight


__all__ = ["MAX_YEAR", "MIN_YEAR", "PLACEHOLDERS", "infer_year", "year_evidence"]
