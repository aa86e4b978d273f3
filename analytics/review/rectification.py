"""Rectification: last year's problem items against this year's rectification part and problems."""

from __future__ import annotations

import pandas as pd

from analytics import schema, sections, views
from analytics.records import Sections
from analytics.review.text import any_of, bigrams, containment, head_clause, load_data, sentences

_DATA = load_data("review_terms.toml")["rectification"]
_HEADING = any_of(_DATA["heading"])
_RESULT = any_of(_DATA["result"])
MATCH = 0.5  # share of the item's title bigrams found in one sentence to count as named
LEDGER_MATCH = 0.6


def rectification_part(text: str, parts: Sections) -> list[tuple[int, int]]:
    """Spans of the report's rectification part: a heading naming last year's problems' 整改 (up
    to the next heading of its level or above), else each paragraph that names it."""
    for i, h in enumerate(parts.headings):
        if _HEADING.search(h.title):
            end = len(text)
            for later in parts.headings[i + 1 :]:
                if later.level <= h.level:
                    end = later.start
                    break
            return [(h.start, end)]
    spans = []
    for m in _HEADING.finditer(text):
        s = text.rfind("\n", 0, m.start()) + 1
        e = text.find("\n", m.end())
        spans.append((s, len(text) if e < 0 else e))
    return spans


def _best_sentence(item: str, text: str, spans: list[tuple[int, int]]) -> tuple[float, int, int]:
    title = bigrams(head_clause(item))
    best = (0.0, -1, -1)
    for lo, hi in spans:
        for s, e in sentences(text, lo, hi):
            score = containment(title, bigrams(text[s:e]))
            if score > best[0]:
                best = (score, s, e)
    return best


def match_item(
    item: str, text: str, parts: Sections, rect: list[tuple[int, int]]
) -> tuple[str, str, int | None, int | None]:
    """(status, evidence, start, end) of one of last year's items in this year's report."""
    score, s, e = _best_sentence(item, text, rect)
    if score >= MATCH:
        window = text[s : min(len(text), e + 80)]
        status = schema.RECTIFIED if _RESULT.search(window) else schema.MENTIONED
        return status, text[s:e], s, e
    elsewhere = [(0, len(text))]
    for part in (parts.problems, parts.causes):
        if part is not None:
            elsewhere = [
                piece
                for lo, hi in elsewhere
                for piece in ((lo, min(hi, part.start)), (max(lo, part.end), hi))
                if piece[0] < piece[1]
            ]
    score, s, e = _best_sentence(item, text, elsewhere)
    if score >= MATCH:
        return schema.MENTIONED, text[s:e], s, e
    return schema.NOT_MENTIONED, "", None, None


def _ledger_lookup(ledger: pd.DataFrame | None) -> dict[tuple[str, int], list[tuple[str, str]]]:
    out: dict[tuple[str, int], list[tuple[str, str]]] = {}
    if ledger is None or ledger.empty:
        return out
    for unit, year, problem, status in zip(
        ledger["unit"],
        ledger["year"],
        ledger["problem"],
        ledger["rectification_status"],
        strict=True,
    ):
        if pd.isna(year):
            continue
        out.setdefault((str(unit), int(year)), []).append((str(problem), str(status)))
    return out


def corpus_rectification(
    reports: pd.DataFrame,
    texts: dict[str, str],
    problems: pd.DataFrame,
    *,
    ledger: pd.DataFrame | None = None,
    repeat_threshold: float = views.DEFAULT_SIMILARITY,
) -> pd.DataFrame:
    """One row per problem item of a unit's previous-year report, matched in this year's report.

    ``status``: RECTIFIED (named in the rectification part with a concrete result nearby),
    MENTIONED (named without a result, or only elsewhere) or NOT_MENTIONED. ``repeated`` is
    the 重复问题 check of ``views.repeated_problems``: the item returns among this year's
    problems in nearly the same words (``repeat_text``, ``similarity``). ``ledger`` (columns
    LEDGER_STATUS) adds the 整改状态 a user recorded for the item. REVIEW_RECTIFICATION columns.
    """
    columns = list(schema.REVIEW_RECTIFICATION)
    repeats = views.repeated_problems(problems, threshold=repeat_threshold)
    repeat_of: dict[tuple[str, int, str], tuple[str, float]] = {}
    for unit, year, prev_text, text, sim in zip(
        repeats["unit"],
        repeats["year"],
        repeats["prev_text"],
        repeats["text"],
        repeats["similarity"],
        strict=True,
    ):
        key = (str(unit), int(year), str(prev_text))
        if key not in repeat_of or sim > repeat_of[key][1]:
            repeat_of[key] = (str(text), float(sim))
    ledger_of = _ledger_lookup(ledger)
    dated = reports[reports["year"].notna()]
    first: dict[tuple[str, int], str] = {}
    for rid, unit, year in zip(dated["report_id"], dated["unit"], dated["year"], strict=True):
        first.setdefault((str(unit), int(year)), str(rid))
    items: dict[str, list[str]] = {}
    stated = problems[problems["section"] == "problems"]
    for rid, text in zip(stated["report_id"], stated["text"], strict=True):
        items.setdefault(str(rid), []).append(str(text))
    meta = reports.set_index("report_id")
    rows = []
    for (unit, year), rid in sorted(first.items()):
        prev_id = first.get((unit, year - 1))
        if prev_id is None or not items.get(prev_id):
            continue
        text = texts.get(rid, "")
        parts = sections.split_sections(text)
        rect = rectification_part(text, parts)
        known = ledger_of.get((unit, year - 1), [])
        for item in items[prev_id]:
            status, evidence, start, end = match_item(item, text, parts, rect)
            repeat_text, sim = repeat_of.get((unit, year, item), ("", None))
            ledger_status = None
            if known:
                grams = bigrams(item)
                score, found = max((containment(grams, bigrams(p)), s) for p, s in known)
                ledger_status = found if score >= LEDGER_MATCH else None
            rows.append(
                (
                    rid,
                    unit,
                    meta.at[rid, "unit_type"],
                    year,
                    prev_id,
                    year - 1,
                    item,
                    status,
                    evidence,
                    start,
                    end,
                    bool(repeat_text),
                    repeat_text,
                    sim,
                    ledger_status,
                )
            )
    out = pd.DataFrame(rows, columns=columns)
    for column in ("year", "prev_year", "start", "end"):
        out[column] = pd.array(out[column].tolist(), dtype="Int64")
    out["similarity"] = pd.array(out["similarity"].tolist(), dtype="Float64")
    out["repeated"] = out["repeated"].astype(bool)
    return out
