"""Split a report into its heading tree and its parts: work review, problems, causes, next steps."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from importlib import resources
from typing import Final

from analytics.records import Heading, Sections, Span

ACHIEVEMENTS: Final = "achievements"
PROBLEMS: Final = "problems"
CAUSES: Final = "causes"
NEXT_STEPS: Final = "next_steps"
# The parts that follow the work review, in their usual order.
TAIL_KINDS: Final[tuple[str, ...]] = (PROBLEMS, CAUSES, NEXT_STEPS)

_CN_NUM = "一二三四五六七八九十"
_DIGIT = "0-9０-９"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# A heading: its numbering at the start of a line; its title follows up to the end of the line.
# Levels: 第一部分 (0), 一、 (1), （一） (2), 1. / 1、 / １． (3), （1） (4), ① (5).
_HEADING_RE: Final = re.compile(
    rf"^[ \t\u3000]*(?:(?P<l0>第[{_CN_NUM}]{{1,3}}(?:部分|章|篇)[、，,：:．.]?)"
    rf"|(?P<l1>[{_CN_NUM}]{{1,3}}[、．.])"
    rf"|(?P<l2>[（(〔][{_CN_NUM}]{{1,3}}[）)〕][、.．]?)"
    rf"|(?P<l3>[{_DIGIT}]{{1,2}}[.．、，,](?![{_DIGIT}]))"
    rf"|(?P<l4>[（(][{_DIGIT}]{{1,2}}[）)][、.．]?)"
    rf"|(?P<l5>[{_CIRCLED}][、.．]?))"
    r"[ \t\u3000]*",
    re.MULTILINE,
)
# A heading with no numbering: a short line of its own that names a part ("存在的问题",
# "下一步打算："). Only lines that name the problems, causes or next steps are taken.
_BARE_HEADING_RE: Final = re.compile(
    # The spaces around the title are taken possessively: with backtracking, a line of mixed
    # tabs and wide spaces was cubic (fuzz seed 9, input 88620).
    r"^[ \t\u3000]*+(?P<title>[^\n。！？!?；;，,、：:（）()]{2,24}?)"
    r"[ \t\u3000]*+[：:]?[ \t\u3000]*+$",
    re.MULTILINE,
)
# Its level: above every numbered level, so numbered items under it stay items.
_BARE_LEVEL = -1
_LEVEL_GROUPS: Final = ("l0", "l1", "l2", "l3", "l4", "l5")
_LEVEL_OF_GROUP: Final = {group: level for level, group in enumerate(_LEVEL_GROUPS)}
# In text whose line breaks were lost (some PDFs, pasted text), a heading runs on after a
# sentence end: "……取得实效。二、存在的问题一是……". Used when at most one line starts with one.
_RUN_IN_HEADING_RE: Final = re.compile(
    rf"(?<=[。！？!?；;：:])[ \t\u3000]*(?:(?P<l0>第[{_CN_NUM}]{{1,3}}(?:部分|章|篇)[、，,：:．.]?)"
    rf"|(?P<l1>[{_CN_NUM}]{{1,3}}[、．.])"
    rf"|(?P<l2>[（(〔][{_CN_NUM}]{{1,3}}[）)〕][、.．]?))"
    r"[ \t\u3000]*",
)
# A heading's title ends at the first sentence-ending or introducing punctuation.
_TITLE_END_RE: Final = re.compile(r"[。！？!?：:；;]")
# A run-in heading's title also ends where its first item or subheading begins.
_RUN_IN_TITLE_END_RE: Final = re.compile(
    r"[。！？!?：:；;]|一是|[（(]一[）)]|[1１][.．、](?![0-9])"
)
_MAX_TITLE = 80
# Sentence starts: the start of the text or of a line, or just after a sentence end.
# A cue may follow a numbering whose line break was lost: "……。3．下一步工作打算".
_SENTENCE_START = (
    r"(?:^|(?<=[。！？!?；;]))[ \t\u3000]*+"
    r"(?:(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,2})[.．、](?![0-9０-９])"
    r"|[（(][0-9０-９一二三四五六七八九十]{1,2}[）)])?[ \t\u3000]*"
)


def _load_cues() -> dict[str, dict[str, list[str]]]:
    text = resources.files("analytics").joinpath("resources/sections.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return {group: {k: list(v) for k, v in data[group].items()} for group in ("headings", "inline")}


def _compile_any(patterns: Sequence[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def _compile_sentence_start(patterns: Sequence[str]) -> re.Pattern[str]:
    return re.compile(_SENTENCE_START + "(?:" + "|".join(f"(?:{p})" for p in patterns) + ")", re.M)


_CUES: Final = _load_cues()
_HEADING_CUES: Final[dict[str, re.Pattern[str]]] = {
    kind: _compile_any(_CUES["headings"][kind])
    for kind in (
        ACHIEVEMENTS,
        PROBLEMS,
        CAUSES,
        NEXT_STEPS,
        "next_steps_weak",
        "not_problems",
        "problems_nominal",
    )
}
# The nominal problems cue anywhere in a title, to cut a title that ran on into its first
# sentence ("基层组织建设存在的问题通过深入调研发现，……" lost its line break).
_NOMINAL_CUT_RE: Final = _compile_any(
    [p.rstrip("$") for p in _CUES["headings"]["problems_nominal"]]
)
# How far into a run-on title its nominal problems cue may end, and how long the topic in
# front of a nominal cue may be.
_MAX_NOMINAL_CUT = 24
_MAX_NOMINAL_TOPIC = 14
# Labels that open an enumerated paragraph: "四是", "（二）", "3、", "②".
_ITEM_LABEL_RE: Final = re.compile(
    rf"[ \t\u3000]*(?:[{_CN_NUM}]{{1,2}}是|第[{_CN_NUM}]{{1,2}}[，,、：:]"
    rf"|[（(][{_CN_NUM}{_DIGIT}]{{1,2}}[）)]|[{_DIGIT}]{{1,2}}[.．、，,](?![{_DIGIT}])|[{_CIRCLED}])"
)
# A causes cue that points back at problems just stated ("产生以上问题的原因").
_BACK_REFERENCE_RE: Final = re.compile(r"以上|上述|这些|前述")
_TITLE_FILLER_RE: Final = _compile_any(_CUES["headings"]["problem_title_filler"])
# A problems title may keep this many characters besides its cue and filler words.
_MAX_PROBLEMS_TITLE_REST = 3
_INLINE_CUES: Final[dict[str, re.Pattern[str]]] = {
    kind: _compile_sentence_start(_CUES["inline"][kind]) for kind in (PROBLEMS, CAUSES, NEXT_STEPS)
}
# A sentence that recalls earlier problems or their rectification is not the problems part.
_RECALL_RE: Final = re.compile(r"整改|上一?年度|去年|往年|反馈|巡[察视]|销号|已全部|点评|针对")
_SENTENCE_END_RE: Final = re.compile(r"[。！？!?\n]")


def parse_headings(text: str) -> tuple[Heading, ...]:
    """Every numbered heading at a line start: 一、 (1), （一）/(一) (2), 1. / 1、 / （1） (3).

    Text with at most one such line (its line breaks lost) gets its 一、 and （一） headings found
    after sentence ends as well.
    """
    numbered = tuple(_iter_headings(text, _HEADING_RE))
    headings = [*numbered, *_bare_headings(text)]
    starts = {g.start for g in headings}
    run_in = [h for h in _iter_headings(text, _RUN_IN_HEADING_RE) if h.start not in starts]
    if len(numbered) > 1:
        # Lines kept, but the problems heading ran on after a sentence ("……。二、存在的问题……"):
        # only run-in headings that name the problems or their causes are taken.
        run_in = [h for h in run_in if {PROBLEMS, CAUSES} & set(classify_title(h.title))]
    return tuple(sorted([*headings, *run_in], key=lambda h: h.start))


def _bare_headings(text: str) -> Iterator[Heading]:
    """Lines with no numbering that are a part's title: "存在的问题", "下一步工作打算："."""
    seen_problems = False
    for m in _BARE_HEADING_RE.finditer(text):
        if _HEADING_RE.match(text, m.start()):
            continue  # a numbered heading, found as such
        title = m.group("title")
        kinds = classify_title(title, after_problems=seen_problems)
        if any(kind in TAIL_KINDS for kind in kinds):
            seen_problems = seen_problems or PROBLEMS in kinds
            yield Heading(_BARE_LEVEL, "", title, m.start("title"), m.end("title"))


def _iter_headings(text: str, regex: re.Pattern[str]) -> Iterator[Heading]:
    for m in regex.finditer(text):
        # The level groups are the only groups: the one that took part is the last one.
        group = m.lastgroup or ""
        level = _LEVEL_OF_GROUP[group]
        title_start = m.end()
        line_end = text.find("\n", title_start, title_start + _MAX_TITLE * 2)
        raw = text[title_start : line_end if line_end >= 0 else title_start + _MAX_TITLE * 2]
        run_in = regex is _RUN_IN_HEADING_RE
        cut = (_RUN_IN_TITLE_END_RE if run_in else _TITLE_END_RE).search(raw)
        title = (raw[: cut.start()] if cut else raw)[:_MAX_TITLE].rstrip()
        # A run-in title ends at punctuation, at its first item, or at a line break.
        if not title or (run_in and cut is None and line_end < 0):
            continue
        if run_in:
            title = _run_in_part_title(title)
        elif not classify_title(title):
            title = _run_on_problems_title(title)
        yield Heading(
            level=level,
            label=m.group(group),
            title=title,
            start=m.start(group),
            end=title_start + len(title),
        )


def _run_in_part_title(title: str) -> str:
    """A run-in title cut after the part it names: "对照检查发现的问题对照上级要求，……" or
    "产生问题的原因支部书记多为兼职……" have lost the line break after the title.

    The cut is the shortest prefix naming the same parts, extended over cues that follow it
    at once ("存在的问题" + "与不足之处", "存在问题和下一步" + "工作打算").
    """
    whole = classify_title(title)
    matches = sorted(
        (m.start(), m.end()) for kind in TAIL_KINDS for m in _HEADING_CUES[kind].finditer(title)
    )
    for _, end in sorted(matches, key=lambda se: se[1]):
        kinds = classify_title(title[:end])
        if not kinds or (whole and kinds != whole):
            continue
        for next_start, next_end in matches:
            if end <= next_end and next_start <= end + 1 and classify_title(title[:next_end]):
                end = next_end
        return title[:end]
    return title


def _run_on_problems_title(title: str) -> str:
    """A line-start title that ran on into its first sentence, cut after its problems cue.

    "基层组织建设存在的问题通过调研发现，……" becomes "基层组织建设存在的问题"; a title naming
    no part is returned whole.
    """
    for m in _NOMINAL_CUT_RE.finditer(title, 0, _MAX_NOMINAL_CUT):
        if m.end() < len(title) and classify_title(title[: m.end()])[:1] == (PROBLEMS,):
            return title[: m.end()]
    return title


def classify_title(title: str, *, after_problems: bool = False) -> tuple[str, ...]:
    """The parts a heading title names, in report order; () when it names none of them.

    "存在问题和下一步工作打算" names problems then next steps; "上一年度述职反馈问题整改情况" is
    part of the work review (it reviews last year's problems), not the problems section. Weak
    next-step cues ("工作思路", "打算") count only ``after_problems`` or beside a problems cue.
    """
    rest = title
    if _HEADING_CUES["not_problems"].search(rest):
        return (ACHIEVEMENTS,)
    found: dict[str, bool] = {}
    # Causes and next steps are taken out first: "存在问题的原因", "问题整改措施" are not problems.
    weak = None
    for kind in (CAUSES, NEXT_STEPS):
        m = _HEADING_CUES[kind].search(rest)
        if m is None and kind == NEXT_STEPS:
            m = weak = _HEADING_CUES["next_steps_weak"].search(rest)
        found[kind] = m is not None
        if m:
            rest = rest[: m.start()] + "|" + rest[m.end() :]
    found[PROBLEMS] = _names_problems_part(rest)
    if weak is not None and not (after_problems or found[PROBLEMS] or found[CAUSES]):
        found[NEXT_STEPS] = False
    kinds = [k for k in TAIL_KINDS if found[k]]
    if kinds:
        return tuple(kinds)
    if _HEADING_CUES[ACHIEVEMENTS].search(title):
        return (ACHIEVEMENTS,)
    return ()


def _names_problems_part(title: str) -> bool:
    """True for "存在的主要问题", "本人抓党建工作存在的问题"; False for "意识形态工作存在短板"."""
    nominal = _HEADING_CUES["problems_nominal"].search(title)
    if nominal and len(_TITLE_FILLER_RE.sub("", title[: nominal.start()])) <= _MAX_NOMINAL_TOPIC:
        return True
    cues = _HEADING_CUES[PROBLEMS]
    if not cues.search(title):
        return False
    rest = _TITLE_FILLER_RE.sub("", cues.sub("", title))
    return len(rest) <= _MAX_PROBLEMS_TITLE_REST


def _runs(events: Sequence[tuple[int, str]], end: int) -> list[tuple[str, int, int]]:
    """Contiguous runs (kind, start, end) from sorted (position, kind) events."""
    runs: list[tuple[str, int, int]] = []
    ordered = sorted(events)
    for i, (pos, kind) in enumerate(ordered):
        stop = ordered[i + 1][0] if i + 1 < len(ordered) else end
        if stop <= pos:
            continue
        if runs and runs[-1][0] == kind and runs[-1][2] == pos:
            runs[-1] = (kind, runs[-1][1], stop)
        else:
            runs.append((kind, pos, stop))
    return runs


def _sentence_at(text: str, pos: int) -> str:
    m = _SENTENCE_END_RE.search(text, pos)
    return text[pos : m.end() if m else len(text)]


def _first_inline(text: str, kind: str, start: int, end: int, *, skip_recall: bool) -> int | None:
    for m in _INLINE_CUES[kind].finditer(text, start, end):
        pos = m.start()
        while pos < m.end() and text[pos] in " \t\u3000\n":
            pos += 1
        if pos >= end:
            continue
        if skip_recall and _RECALL_RE.search(_sentence_at(text, pos)):
            continue
        return pos
    return None


def _inline_part_end(
    headings: Sequence[Heading], pos: int, taken: set[int]
) -> list[tuple[int, str]]:
    """A problems part opened inside a paragraph ends at the next heading of its outline level
    ("三、……推进情况" after "目前还存在一些问题：……"): the part that heading names, else the
    next steps."""
    above = [h.level for h in headings if h.start < pos and h.level >= 0]
    if not above:
        return []
    level = min(above)
    for h in headings:
        if h.start > pos and 0 <= h.level <= level:
            if h.start in taken:
                return []
            kinds = classify_title(h.title, after_problems=True)
            return [(h.start, kinds[0] if kinds else NEXT_STEPS)]
    return []


def _problems_before_causes(text: str, headings: Sequence[Heading], end: int) -> int | None:
    """Where the problems start when no cue names them but a causes sentence points back.

    An excerpt such as "四是……。五是……。产生以上问题的原因主要有：……" holds its problems in
    the enumerated paragraphs right before the causes cue: the problems start at the first of
    them (never before the heading above them).
    """
    cue = _INLINE_CUES[CAUSES].search(text, 0, end)
    while cue is not None and not _BACK_REFERENCE_RE.search(cue.group()):
        cue = _INLINE_CUES[CAUSES].search(text, cue.end(), end)
    if cue is None:
        return None
    pos = cue.start()
    while pos < cue.end() and text[pos] in " \t\u3000\n":
        pos += 1
    floor = max((h.end for h in headings if h.end <= pos), default=0)
    start = None
    line_start = text.rfind("\n", floor, pos) + 1 or floor
    line_start = max(line_start, floor)
    while True:
        line = text[line_start:pos] if start is None else text[line_start:start]
        if line.strip() and _ITEM_LABEL_RE.match(line):
            start = line_start
        elif start is not None or line.strip():
            break
        if line_start <= floor:
            break
        prev = text.rfind("\n", floor, line_start - 1)
        line_start = max(prev + 1, floor)
    return start


def _heading_events(headings: Sequence[Heading]) -> list[tuple[int, str]]:
    events: list[tuple[int, str]] = []
    tail_level: int | None = None  # level of the heading that opened the problems/causes part
    seen_problems = False
    for h in headings:
        kinds = classify_title(h.title, after_problems=seen_problems)
        seen_problems = seen_problems or PROBLEMS in kinds or CAUSES in kinds
        if kinds:
            events.append((h.start, kinds[0]))
            if kinds[0] not in TAIL_KINDS:
                tail_level = None
            elif tail_level is None or h.level < tail_level:
                tail_level = h.level
        elif tail_level is not None and h.level <= tail_level:
            # An unnamed heading at the same level after the problems part opens the next steps
            # ("三、强化理论武装，……" after "二、存在的问题").
            events.append((h.start, NEXT_STEPS))
            tail_level = h.level
    return events


def split_sections(text: str) -> Sections:
    """The heading tree and the spans of the work review, problems, causes and next steps.

    Headings name the parts; a part that starts inside a paragraph (the causes after
    "产生上述问题的原因主要有：", the next steps at "下一步，") is found by cue words at a sentence
    start; a report without a problems heading gets its problems from a sentence such as
    "但也存在一些问题和不足". Linear in the length of the text.
    """
    end = len(text)
    headings = parse_headings(text)
    events = _heading_events(headings)
    kinds_present = {k for _, k in events}

    if PROBLEMS not in kinds_present:
        # No problems heading: look for a problems cue at a sentence start, before any next steps.
        first_next = min((p for p, k in events if k == NEXT_STEPS), default=end)
        first_causes = min((p for p, k in events if k == CAUSES), default=end)
        pos = _first_inline(text, PROBLEMS, 0, min(first_next, first_causes), skip_recall=True)
        if pos is None:
            pos = _problems_before_causes(text, headings, min(first_next, first_causes))
        if pos is not None:
            events.append((pos, PROBLEMS))
            events.extend(_inline_part_end(headings, pos, {p for p, _ in events}))

    # Causes inside the problems part, then next steps inside problems or causes.
    for kind, sources in ((CAUSES, (PROBLEMS,)), (NEXT_STEPS, (PROBLEMS, CAUSES))):
        for run_kind, start, stop in _runs(events, end):
            if run_kind in sources:
                pos = _first_inline(text, kind, start + 1, stop, skip_recall=False)
                if pos is not None:
                    events.append((pos, kind))
                    break

    runs = _runs(events, end)
    spans = _choose_spans(runs)
    tail_start = min((s.start for s in spans.values()), default=end)
    achievements = _achievements(headings, runs, tail_start)
    return Sections(
        headings=headings,
        achievements=achievements,
        problems=spans.get(PROBLEMS),
        causes=spans.get(CAUSES),
        next_steps=spans.get(NEXT_STEPS),
    )


def _choose_spans(runs: Sequence[tuple[str, int, int]]) -> dict[str, Span]:
    """The problems run (the last one), then the first causes and next-steps runs after it."""
    spans: dict[str, Span] = {}
    problems = [r for r in runs if r[0] == PROBLEMS]
    floor = 0
    if problems:
        _, start, stop = problems[-1]
        spans[PROBLEMS] = Span(start, stop)
        floor = start
    for kind in (CAUSES, NEXT_STEPS):
        after = [r for r in runs if r[0] == kind and r[1] >= floor]
        chosen = after[0] if after else None
        if chosen is None:
            continue
        spans[kind] = Span(chosen[1], chosen[2])
        floor = max(floor, chosen[1])
    return spans


def _achievements(
    headings: Sequence[Heading], runs: Sequence[tuple[str, int, int]], tail_start: int
) -> Span | None:
    start = 0
    review = [r for r in runs if r[0] == ACHIEVEMENTS and r[1] < tail_start]
    if review:
        start = review[0][1]
    elif headings and headings[0].start < tail_start:
        start = headings[0].start
    return Span(start, tail_start) if tail_start > start else None


def section_of(sections: Sections, pos: int) -> str | None:
    """Which part a character position falls in, or None (preamble, closing, no part)."""
    parts: Mapping[str, Span | None] = {
        ACHIEVEMENTS: sections.achievements,
        PROBLEMS: sections.problems,
        CAUSES: sections.causes,
        NEXT_STEPS: sections.next_steps,
    }
    for kind, span in parts.items():
        if span is not None and pos in span:
            return kind
    return None


__all__ = ["classify_title", "parse_headings", "section_of", "split_sections"]
