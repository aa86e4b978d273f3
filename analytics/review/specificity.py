"""Specificity: concrete vs generic problem items, stock phrases, causes, balance, next steps."""

from __future__ import annotations

import itertools
import re

import pandas as pd

from analytics import schema, sections
from analytics.review.similarity import near_duplicate_groups
from analytics.review.text import any_of, load_data, normalise

_DATA = load_data("review_terms.toml")
_CONCRETE = [re.compile(p) for p in _DATA["specificity"]["concrete"]]
_SUBJECTIVE = any_of(_DATA["causes"]["subjective"])
_OBJECTIVE = any_of(_DATA["causes"]["objective"])
_TARGET = any_of(_DATA["next_steps"]["target"])
_TIME = any_of(_DATA["next_steps"]["time"])
_OWNER = any_of(_DATA["next_steps"]["owner"])
# An item label after a sentence end or a line break, with the whitespace before it; the item
# (group "item") starts at the first such place before the label. A run of whitespace is read
# once, from its start (the lookbehind), not once per line break in it: after 。 or ； the item
# starts with the run, else after the run's first line break.
_NEXT_ITEM = re.compile(
    r"(?:^|(?<=[。；])|(?<!\s)[^\S\n]*+\n)"
    r"(?P<item>\s*+(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．]))"
)
_OPENS_ITEM = "。；\n"  # what an item may start after
STOCK_UNITS = 3  # an item nearly the same in this many units is a stock phrase
ITEM_THRESHOLD = 0.6


def concrete_cues(text: str) -> list[str]:
    """What makes a problem item concrete: figures, names, cases, places (the matched words)."""
    found = []
    for regex in _CONCRETE:
        m = regex.search(text)
        if m:
            found.append(m.group(0).strip())
    return found


def cause_class(text: str) -> str | None:
    """ "subjective", "objective" or None for one cause item (subjective wins a tie)."""
    subjective = len(_SUBJECTIVE.findall(text))
    objective = len(_OBJECTIVE.findall(text))
    if not subjective and not objective:
        return None
    return "subjective" if subjective >= objective else "objective"


def is_vague_step(text: str) -> bool:
    """A next-step item with no measurable target, no time and no owner."""
    return not (_TARGET.search(text) or _TIME.search(text) or _OWNER.search(text))


def next_step_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The items of the next-steps part: 一是… / （一）… / 1. … runs, else its sentences."""
    # The part is read on its own, so that a run of whitespace cut by ``start`` is read from
    # there: as from the text's start where an item may start at ``start``, else as after a
    # character that opens no item (the "x" in front, which never starts a match).
    opens = start == 0 or text[start - 1] in _OPENS_ITEM
    part = text[start:end] if opens else "x" + text[start:end]
    shift = start if opens else start - 1
    marks = [shift + m.start("item") for m in _NEXT_ITEM.finditer(part)]
    if not marks:
        from analytics.review.text import sentences

        return list(sentences(text, start, end))[1:]  # the part's heading line off
    bounds = [*marks, end]
    out = []
    for a, b in itertools.pairwise(bounds):
        piece = text[a:b].strip()
        if len(piece) >= 6:
            out.append((a, a + len(text[a:b].rstrip())))
    return out


def item_specificity(problems: pd.DataFrame, *, stock_units: int = STOCK_UNITS) -> pd.DataFrame:
    """Per problem item (problems section): concrete or generic, and how many other units wrote
    nearly the same item. Generic: no concrete cue, or shared by ``stock_units`` units or more.
    REVIEW_SPECIFICITY columns."""
    chosen = problems[problems["section"] == "problems"].reset_index(drop=True)
    norms = [normalise(str(t)) for t in chosen["text"]]
    groups = near_duplicate_groups(norms, threshold=ITEM_THRESHOLD)
    units_of: dict[int, set[str]] = {}
    for g, unit in zip(groups, chosen["unit"], strict=True):
        units_of.setdefault(g, set()).add(str(unit))
    rows = []
    for i, row in enumerate(chosen.itertuples(index=False)):
        cues = concrete_cues(str(row.text))
        shared = len(units_of[groups[i]] - {str(row.unit)})
        generic = not cues or shared + 1 >= stock_units
        rows.append(
            (
                row.report_id,
                row.unit,
                row.unit_type,
                row.year,
                row.item,
                row.text,
                bool(cues),
                "、".join(cues),
                shared,
                generic,
                row.start,
                row.end,
            )
        )
    out = pd.DataFrame(rows, columns=list(schema.REVIEW_SPECIFICITY))
    out["year"] = pd.array(out["year"].tolist(), dtype="Int64")
    for column in ("concrete", "generic"):
        out[column] = out[column].astype(bool)
    return out


def cause_balance(reports: pd.DataFrame, problems: pd.DataFrame) -> pd.DataFrame:
    """Per report with cause items: subjective and objective causes; mostly objective flagged
    (more objective than subjective). The evidence is its objective causes. REVIEW_CAUSES."""
    causes = problems[problems["section"] == "causes"]
    rows = []
    meta = reports.set_index("report_id")
    for rid, group in causes.groupby("report_id", sort=True):
        classes = [cause_class(str(t)) for t in group["text"]]
        subjective = classes.count("subjective")
        objective = classes.count("objective")
        classed = subjective + objective
        share = round(objective / classed, 2) if classed else None
        objective_items = [
            (str(t), int(s), int(e))
            for t, s, e, c in zip(group["text"], group["start"], group["end"], classes, strict=True)
            if c == "objective"
        ]
        evidence = "\n".join(t for t, _, _ in objective_items)
        start = objective_items[0][1] if objective_items else None
        end = objective_items[0][2] if objective_items else None
        rows.append(
            (
                rid,
                meta.at[rid, "unit"],
                meta.at[rid, "unit_type"],
                meta.at[rid, "year"],
                subjective,
                objective,
                share,
                objective > subjective,
                evidence,
                start,
                end,
            )
        )
    out = pd.DataFrame(rows, columns=list(schema.REVIEW_CAUSES))
    for column in ("year", "start", "end"):
        out[column] = pd.array(out[column].tolist(), dtype="Int64")
    out["objective_share"] = pd.array(out["objective_share"].tolist(), dtype="Float64")
    out["mostly_objective"] = out["mostly_objective"].astype(bool)
    return out


def section_balance(reports: pd.DataFrame, texts: dict[str, str]) -> pd.DataFrame:
    """Per report: shares of the text per part and next-step items lacking target, time and
    owner (evidence: those items, one a line). REVIEW_BALANCE columns."""
    rows = []
    for rid, unit, kind, year in zip(
        reports["report_id"], reports["unit"], reports["unit_type"], reports["year"], strict=True
    ):
        text = texts.get(str(rid), "")
        parts = sections.split_sections(text)
        total = max(len(text), 1)

        def share(span: object, total: int = total) -> float:
            return round((span.end - span.start) / total, 3) if span is not None else 0.0  # type: ignore[attr-defined]

        items: list[tuple[int, int]] = []
        if parts.next_steps is not None:
            items = next_step_items(text, parts.next_steps.start, parts.next_steps.end)
        vague = [(s, e) for s, e in items if is_vague_step(text[s:e])]
        rows.append(
            (
                rid,
                unit,
                kind,
                year,
                share(parts.achievements),
                share(parts.problems),
                share(parts.causes),
                share(parts.next_steps),
                len(items),
                len(vague),
                "\n".join(text[s:e] for s, e in vague),
                vague[0][0] if vague else None,
                vague[0][1] if vague else None,
            )
        )
    out = pd.DataFrame(rows, columns=list(schema.REVIEW_BALANCE))
    for column in ("year", "start", "end"):
        out[column] = pd.array(out[column].tolist(), dtype="Int64")
    return out
