"""Split the problems section and its causes into items and tag each with SPEC §4 categories."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Sequence
from importlib import resources
from typing import Any, Final

from analytics.records import Heading, Problem, Sections, Span
from analytics.schema import PROBLEM_CATEGORIES
from analytics.sections import TAIL_KINDS, classify_title

OTHER: Final = "other"


def _load_lexicon() -> dict[str, Any]:
    path = resources.files("analytics").joinpath("resources/problem_lexicon.toml")
    data = tomllib.loads(path.read_text("utf-8"))
    for table in (data["categories"], data["shortfall"]["topics"]):
        unknown = set(table) - set(PROBLEM_CATEGORIES)
        if unknown:
            raise ValueError(f"problem_lexicon.toml names unknown categories: {sorted(unknown)}")
    return data


def _any(patterns: list[str]) -> str:
    return "(?:" + "|".join(f"(?:{p})" for p in patterns) + ")"


def _compile_lexicon(lexicon: dict[str, Any]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """One regex per category: its phrases, or a topic word beside a shortfall word."""
    phrases: dict[str, list[str]] = lexicon["categories"]
    shortfall = lexicon["shortfall"]
    topics: dict[str, list[str]] = shortfall["topics"]
    after, before = _any(shortfall["after"]), _any(shortfall["before"])
    compiled: list[tuple[str, re.Pattern[str]]] = []
    for key in PROBLEM_CATEGORIES:
        alternatives = [f"(?:{p})" for p in phrases.get(key, [])]
        if key in topics:
            topic = _any(topics[key])
            gap = f"[^，,。；;！？!?]{{0,{_SHORTFALL_GAP}}}?"
            alternatives += [f"{topic}{gap}{after}", f"{before}[^，,。；;！？!?]{{0,8}}?{topic}"]
        if alternatives:
            compiled.append((key, re.compile(_with_first_chars("|".join(alternatives)))))
    return tuple(compiled)


# --- a cheap guard before each category's alternation ---------------------------------------------
# A category's regex has a hundred alternatives, all tried at every position of an item. Prefixed
# with a lookahead on the characters a match can start with, it skips most positions after a
# single character test. The set is read from the lexicon's own pattern text; a construct the
# reader does not know leaves that category without the guard (same matches, only slower).


class _UnknownSyntax(Exception):
    """A regex construct the first-character reader does not handle."""


# (characters a match may start with, or None for any; whether it may match empty; next index)
_First = tuple[set[str] | None, bool, int]


def _with_first_chars(pattern: str) -> str:
    """``pattern`` behind a lookahead on its possible first characters, when those are known."""
    try:
        firsts, nullable, end = _first_of_alternation(pattern, 0)
    except _UnknownSyntax:
        return pattern
    if end != len(pattern) or nullable or not firsts:
        return pattern
    chars = "".join(re.escape(c) for c in sorted(firsts))
    return f"(?=[{chars}])(?:{pattern})"


def _union(a: set[str] | None, b: set[str] | None) -> set[str] | None:
    return None if a is None or b is None else a | b


def _first_of_alternation(p: str, i: int) -> _First:
    firsts: set[str] | None = set()
    nullable = False
    while True:
        branch, empty, i = _first_of_sequence(p, i)
        firsts, nullable = _union(firsts, branch), nullable or empty
        if i < len(p) and p[i] == "|":
            i += 1
            continue
        return firsts, nullable, i


def _first_of_sequence(p: str, i: int) -> _First:
    firsts: set[str] | None = set()
    nullable = True
    while i < len(p) and p[i] not in "|)":
        atom, empty, i = _first_of_atom(p, i)
        i, optional = _skip_quantifier(p, i)
        if nullable:
            firsts, nullable = _union(firsts, atom), empty or optional
    return firsts, nullable, i


def _skip_quantifier(p: str, i: int) -> tuple[int, bool]:
    """The index after a quantifier at ``i`` (if any), and whether it allows zero repeats."""
    if i < len(p) and p[i] in "?*+":
        optional = p[i] in "?*"
        i += 1
    elif i < len(p) and p[i] == "{":
        close = p.find("}", i)
        low = p[i + 1 : close].split(",")[0] if close > 0 else ""
        if not low.isdigit():
            raise _UnknownSyntax(p[i:])
        optional, i = int(low) == 0, close + 1
    else:
        return i, False
    if i < len(p) and p[i] in "?+":  # lazy or possessive
        i += 1
    return i, optional


def _first_of_atom(p: str, i: int) -> _First:
    c = p[i]
    if c == "(":
        j, zero_width = i + 1, False
        if p.startswith("?:", j):
            j += 2
        elif p.startswith(("?=", "?!"), j):
            j, zero_width = j + 2, True
        elif p.startswith(("?<=", "?<!"), j):
            j, zero_width = j + 3, True
        elif p.startswith("?P<", j):
            j = p.index(">", j) + 1
        elif p.startswith("?", j):
            raise _UnknownSyntax(p[i:])
        firsts, nullable, j = _first_of_alternation(p, j)
        if j >= len(p) or p[j] != ")":
            raise _UnknownSyntax(p[i:])
        return (set(), True, j + 1) if zero_width else (firsts, nullable, j + 1)
    if c == "[":
        return _first_of_class(p, i)
    if c == "\\":
        if i + 1 >= len(p) or p[i + 1].isalnum():  # \d, \s, \b, \u3000, backreferences …
            raise _UnknownSyntax(p[i:])
        return {p[i + 1]}, False, i + 2
    if c in "^$":
        return set(), True, i + 1
    if c == ".":
        return None, False, i + 1
    if c in "*+?{}])":
        raise _UnknownSyntax(p[i:])
    return {c}, False, i + 1


def _first_of_class(p: str, i: int) -> _First:
    j = i + 1
    negated = p.startswith("^", j)
    j += negated
    chars: set[str] = set()
    start = j
    while j < len(p) and (p[j] != "]" or j == start):
        c = p[j]
        if c == "\\":
            if j + 1 >= len(p) or p[j + 1].isalnum():
                raise _UnknownSyntax(p[i:])
            c, j = p[j + 1], j + 2
        else:
            j += 1
        if j + 1 < len(p) and p[j] == "-" and p[j + 1] not in "]\\":
            stop = p[j + 1]
            if not 0 <= ord(stop) - ord(c) <= 512:
                raise _UnknownSyntax(p[i:])
            chars.update(chr(k) for k in range(ord(c), ord(stop) + 1))
            j += 2
        else:
            chars.add(c)
    if j >= len(p):
        raise _UnknownSyntax(p[i:])
    return (None if negated else chars), False, j + 1


# How far (in characters, within one clause) a shortfall word may follow its topic word.
_SHORTFALL_GAP = 16
_CATEGORY_RES: Final = _compile_lexicon(_load_lexicon())

_CN_ORDINALS = "一二三四五六七八九十"
# "一是…二是…", "第一，…第二，…", "其一，…": enumerations inside a paragraph.
_SHI_RE: Final = re.compile(
    rf"(?:^|(?<=[。！？!?；;：:，,\n]))[ \t\u3000]*(?P<label>[{_CN_ORDINALS}]{{1,2}}是"
    rf"|第[{_CN_ORDINALS}]{{1,2}}[，,、：:]|其[{_CN_ORDINALS}][，,、：:])",
    re.MULTILINE,
)
# Inline numbering after a colon or sentence end: "：1.…；2.…", "（1）…（2）…", "①…②…".
_NUM_RE: Final = re.compile(
    r"(?:^|(?<=[。！？!?；;：:\n]))[ \t\u3000]*"
    r"(?P<label>[（(][0-9０-９]{1,2}[）)]|[0-9０-９]{1,2}[.．、](?![0-9０-９])|[①-⑳][、.．]?)",
    re.MULTILINE,
)
# Sequence words: "首先，…其次，…再次，…最后，…" (at least two of them make an enumeration).
_SEQ_RE: Final = re.compile(
    r"(?:^|(?<=[。！？!?；;：:\n]))[ \t\u3000]*(?P<label>(?:首先|其次|再次|再者|最后)[，,、：:])",
    re.MULTILINE,
)
_LEADING_LABEL_RE: Final = {
    True: re.compile(rf"[ \t\u3000]*(?P<label>[{_CN_ORDINALS}]{{1,2}}是)"),
    False: re.compile(
        r"[ \t\u3000]*(?P<label>[（(][0-9０-９]{1,2}[）)]|[0-9０-９]{1,2}[.．、](?![0-9０-９])"
        r"|[①-⑳][、.．]?)"
    ),
}
_SENTENCE_RE: Final = re.compile(r"[^。！？!?；;]+[。！？!?；;]*")
# A paragraph ends at a line break after a sentence end; other line breaks are wraps (PDF).
_PARAGRAPH_RE: Final = re.compile(r"(?:[^\n]|\n(?<![。！？!?；;：:]\n)(?=[^\n]))+")
# Characters stripped from both ends of an item.
_STRIP_LEAD = " \t\u3000\r\n，,、：:；;。"
_STRIP_TRAIL = " \t\u3000\r\n，,、：:；;。！!？?"
# An introductory sentence: "本人还存在以下问题：", "产生上述问题的原因主要有：".
_INTRO_RE: Final = re.compile(
    r"(?:如下|以下|主要(?:有|是|表现(?:在|为))|几个方面|几点|原因|问题|不足|差距)[^。！？!?]{0,6}[：:]\s*$"
    r"|^[^。！？!?]{0,60}(?:存在|查摆|检视|剖析|梳理|自查|反思|还有|仍有|也有|尚有)[^。！？!?]{0,20}"
    r"(?:问题|不足|差距|短板|距离)[^。！？!?]{0,10}[：:。]?\s*$"
    r"|^[^。！？!?]{0,30}(?:以下|如下)(?:几个?|[一二三四五六七八九两]个)?方面[^。！？!?]{0,4}[：:。]?\s*$"
    # "虽然……取得了一定成绩，但是……依然存在诸多……因素。"
    r"|^[^。！？!?]{0,80}(?:成绩|成效|进展)[^。！？!?]{0,40}(?:但|但是|然而)[^。！？!?]{0,80}"
    r"(?:存在|还有|仍有)[^。！？!?]{0,40}[：:。]?\s*$"
    r"|(?:以下|如下|几个方面|几点|[一二三四五六七八九两]个方面)[^。！？!?]{0,10}"
    r"(?:问题|不足|差距|原因|短板)[^。！？!?]{0,4}[：:。]?\s*$"
    # "产生上述问题，既有客观原因，更有主观原因。", "产生问题的原因是多方面的。"
    r"|^[^。！？!?]{0,30}既有[^。！？!?]{0,12}原因[^。！？!?]{0,4}(?:也|更|又|还)有[^。！？!?]{0,12}"
    r"原因[^。！？!?]{0,6}[：:。]?\s*$"
    r"|^[^。！？!?]{0,30}原因(?:是|有)?(?:多方面的|复杂的|多种多样的)[^。！？!?]{0,10}[：:。]?\s*$"
)
# Inside a first item: the lead-in up to "主要是" / "主要表现在：".
_LEAD_IN_RE: Final = re.compile(
    r"^[^。！？!?]{0,40}?(?:问题|不足|差距|原因)[^。！？!?]{0,8}?"
    r"(?:主要(?:有|是|在于|表现(?:在|为))|表现(?:在|为)|在于)[：:，,]?"
)
# Sentences that close a problems part rather than name a problem.
_CLOSING_RE: Final = re.compile(
    r"加以(?:解决|改进|整改|克服)|认真(?:解决|整改|改进)"
    # "一定认真对待、切实整改" closes; "没有切实整改" names a problem.
    r"|(?<!没有)(?<![未不])(?:认真对待|切实(?:加以)?(?:整改|改进))"
    r"|(?:今后|下一步)[^。]{0,10}(?:改进|解决|整改|克服)"
)
_MIN_ITEM_CHARS = 4
# A promise after the problem inside the same item ("……辣味不足。对此，将……"): what will be
# done is not part of the problem, so categories are read from the text before it.
_PROMISE_RE: Final = re.compile(
    r"(?<=[。！？!?；;])[ \t\u3000]*(?:对此|为此|下一步|今后"
    r"|针对(?:这一|此|上述|该|这些|以上)?(?:问题|情况|不足))"
    r"[，,]?[^。！？!?；;]{0,8}?(?:将|要|拟|计划|准备|打算)"
    # A sentence that opens with the promise itself: "我们将……", "将进一步……", "拟于明年……".
    r"|(?<=[。！？!?；;])[ \t\u3000]*(?:我们|本人|我)?(?:将|拟)"
    r"(?:进一步|继续|着力|持续|切实|认真|在|于|通过|把|以|从)"
)


# A concession inside an item names what was done, not the problem: "虽然开展了谈心谈话，但……".
_CONCESSION_RE: Final = re.compile(
    r"(?:虽然|尽管|虽说)[^。！？!?；;]{0,60}?[，,](?=[ \t\u3000]*(?:但|可是|却|然而|不过))"
)


# A concession that itself states a shortfall ("虽然组织生活不够丰富，但……") is kept.
_SHORTFALL_CHARS_RE: Final = re.compile(r"[不没未缺欠弱差低难少慢]|滞后|单一|流于")


def _granted(m: re.Match[str]) -> str:
    return m.group() if _SHORTFALL_CHARS_RE.search(m.group()) else "，"


def categorize(text: str) -> tuple[str, ...]:
    """SPEC §4 category keys for one problem item, in SPEC order; ("other",) when none fits.

    A concession ("虽然……，但") is left out: what it grants is no problem.
    """
    text = _CONCESSION_RE.sub(_granted, text)
    found = tuple(key for key, pattern in _CATEGORY_RES if pattern.search(text))
    return found or (OTHER,)


def extract_problems(text: str, sections: Sections) -> tuple[Problem, ...]:
    """The items of the problems section and of its causes, each with its categories."""
    items: list[Problem] = []
    for name, span in (("problems", sections.problems), ("causes", sections.causes)):
        if span is None:
            continue
        for start, end in split_items(text, span, sections.headings):
            item = text[start:end]
            items.append(Problem(item, categorize(_without_promise(item)), name, start, end))
    return tuple(items)


def split_items(text: str, span: Span, headings: Sequence[Heading]) -> list[tuple[int, int]]:
    """Character ranges of the items of one part (labels, titles and intros left out)."""
    inner = [h for h in headings if span.start <= h.start < span.end]
    # A subheading that reads like a problems title ("2、创新不足") beside plain item headings
    # of its level ("1、理论学习不深入") is an item too.
    item_levels = {h.level for h in inner if h.start > span.start and not _names_a_part(h)}
    titles = [
        h
        for h in inner
        if _names_a_part(h)
        and not (h.start > span.start and h.level in item_levels and _names_problems_only(h))
    ]
    # The heading the part opens with is its title, whatever it is called ("对照查摆的问题").
    body_start = max([span.start, *(h.end for h in inner if h.start == span.start)])
    # Headings that name a part (e.g. "（一）存在问题" under a combined heading) are titles;
    # the others, at the top level present, separate items.
    title_starts = {h.start for h in titles}
    subs = [h for h in inner if h.start not in title_starts and h.start >= body_start]
    if subs:
        top = min(h.level for h in subs)
        marks = [(h.start, h.start + len(h.label)) for h in subs if h.level == top]
        blocked = [(h.start, h.end) for h in titles if h.start >= body_start]
        return _from_marks(text, body_start, span.end, marks, blocked)
    for regex, least in ((_SHI_RE, 1), (_NUM_RE, 2), (_SEQ_RE, 2)):
        marks = _marks(regex, text, body_start, span.end)
        if len(marks) >= least:
            blocked = [(h.start, h.end) for h in titles if h.start >= body_start]
            return _from_marks(text, body_start, span.end, marks, blocked)
    blocked = [(h.start, h.end) for h in titles]
    return _from_prose(text, body_start, span.end, blocked)


def _names_a_part(heading: Heading) -> bool:
    return any(kind in TAIL_KINDS for kind in classify_title(heading.title))


def _names_problems_only(heading: Heading) -> bool:
    return classify_title(heading.title) == ("problems",)


def _marks(regex: re.Pattern[str], text: str, start: int, end: int) -> list[tuple[int, int]]:
    marks = [(m.start("label"), m.end("label")) for m in regex.finditer(text, start, end)]
    # Right after a heading's title the first label has no punctuation before it
    # ("二、存在的问题一是……" where line breaks were lost).
    first = (
        None if regex is _SEQ_RE else _LEADING_LABEL_RE[regex is _SHI_RE].match(text, start, end)
    )
    if first and (not marks or marks[0][0] > first.start("label")):
        marks.insert(0, (first.start("label"), first.end("label")))
    return marks


def _from_marks(
    text: str,
    start: int,
    end: int,
    marks: Sequence[tuple[int, int]],
    blocked: Sequence[tuple[int, int]],
) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    preamble = _trim(text, start, marks[0][0])
    if preamble and not _is_intro(text[start : marks[0][0]]):
        ranges.extend(_from_prose(text, preamble[0], preamble[1], blocked))
    stops = [m[0] for m in marks[1:]] + [_last_item_end(text, marks, end)]
    for i, (_, label_end) in enumerate(marks):
        stop = stops[i]
        for piece_start, piece_end in _cut_blocked(label_end, stop, blocked):
            trimmed = _trim(text, piece_start, piece_end)
            if trimmed and not (i == 0 and _is_intro(text[piece_start:piece_end])):
                ranges.append(trimmed)
    return ranges


def _last_item_end(text: str, marks: Sequence[tuple[int, int]], end: int) -> int:
    """Where the last enumerated item ends: at its first paragraph break when no earlier item
    runs over one ("3.…步伐。\n党组织是…我们将…" closes the part, it is no item)."""
    if len(marks) < 2:
        return end
    for i in range(len(marks) - 1):
        if "\n" in text[marks[i][1] : marks[i + 1][0]].strip():
            return end
    last = text[marks[-1][1] : end]
    stripped = last.rstrip()
    cut = stripped.find("\n")
    return marks[-1][1] + cut if cut > 0 else end


def _from_prose(
    text: str, start: int, end: int, blocked: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Items of a part without enumeration: its paragraphs, or the sentences of one paragraph."""
    pieces = [p for s, e in _cut_blocked(start, end, blocked) for p in _paragraphs(text, s, e)]
    # A closing paragraph ("对这些问题，我一定认真反思…") does not make the problems two items.
    pieces = [(s, e) for s, e in pieces if not _CLOSING_RE.search(text, s, e)] or pieces
    if len(pieces) == 1:
        s, e = pieces[0]
        pieces = [(m.start(), m.end()) for m in _SENTENCE_RE.finditer(text, s, e)]
    ranges: list[tuple[int, int]] = []
    for s, e in pieces:
        trimmed = _trim(text, s, e)
        if not trimmed:
            continue
        piece = text[trimmed[0] : trimmed[1]]
        if _CLOSING_RE.search(piece):
            continue
        lead = _LEAD_IN_RE.match(piece)
        if lead and lead.end() < len(piece):
            trimmed = _trim(text, trimmed[0] + lead.end(), trimmed[1]) or trimmed
        elif _is_intro(text[s:e]):
            continue
        ranges.append(trimmed)
    return ranges


def _paragraphs(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    for m in _PARAGRAPH_RE.finditer(text, start, end):
        yield m.start(), m.end()


def _cut_blocked(start: int, end: int, blocked: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """[start, end) without the blocked ranges (heading titles) that fall inside it."""
    pieces: list[tuple[int, int]] = []
    pos = start
    for b_start, b_end in sorted(blocked):
        if b_end <= pos or b_start >= end:
            continue
        if b_start > pos:
            pieces.append((pos, b_start))
        pos = max(pos, b_end)
    if pos < end:
        pieces.append((pos, end))
    return pieces


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start] in _STRIP_LEAD:
        start += 1
    while end > start and text[end - 1] in _STRIP_TRAIL:
        end -= 1
    return (start, end) if end - start >= _MIN_ITEM_CHARS else None


def _without_promise(item: str) -> str:
    """The item up to a promise that follows its problem ("对此，将……")."""
    promise = _PROMISE_RE.search(item)
    return item[: promise.start()] if promise else item


def _is_intro(piece: str) -> bool:
    """A sentence that announces the problems ("还存在以下不足：") and names none of them."""
    stripped = piece.strip()
    return bool(_INTRO_RE.search(stripped)) and categorize(stripped) == (OTHER,)


__all__ = ["categorize", "extract_problems", "split_items"]
