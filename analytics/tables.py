"""Turn Report records into the frames named in ``schema`` (new frames; inputs are not changed)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from analytics import schema
from analytics.records import (
    REASON_UNIT_UNKNOWN,
    REASON_YEAR_UNKNOWN,
    UNKNOWN_UNIT,
    Report,
    review_field,
)


def _key(r: Report) -> tuple[str, str, str, int | None]:
    return (r.report_id, r.meta.unit, r.meta.unit_type, r.meta.year)


def _frame(rows: Iterable[Sequence[object]], columns: Sequence[str]) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=list(columns))
    if "year" in frame.columns:
        frame["year"] = frame["year"].astype("Int64")
    return frame


def review_reasons(unit: object, year: object, stored: Sequence[str]) -> tuple[str, ...]:
    """The reasons a report needs a look: those stored, and an unknown unit or year always."""
    reasons = list(stored)
    if unit == UNKNOWN_UNIT and not any(review_field(r) == "unit" for r in reasons):
        reasons.insert(0, REASON_UNIT_UNKNOWN)
    missing_year = year is None or year is pd.NA or (isinstance(year, float) and year != year)
    if missing_year and not any(review_field(r) == "year" for r in reasons):
        reasons.append(REASON_YEAR_UNKNOWN)
    return tuple(reasons)


def reports_frame(reports: Iterable[Report], *, added_at: str = "") -> pd.DataFrame:
    """One row per report: file, format, metadata, length, why it needs a look."""
    return _frame(
        (
            (
                r.report_id,
                r.file,
                r.format,
                r.meta.unit,
                r.meta.unit_type,
                r.meta.year,
                r.meta.secretary,
                len(r.text),
                r.meta.needs_review,
                False,
                added_at,
                "；".join(review_reasons(r.meta.unit, r.meta.year, r.meta.review_reasons)),
            )
            for r in reports
        ),
        schema.REPORTS,
    )


def mentions_frame(reports: Iterable[Report]) -> pd.DataFrame:
    """One row per stated figure, with its evidence and span."""
    return _frame(
        (
            (
                *_key(r),
                m.metric,
                m.value,
                m.approx,
                m.unit_of_measure,
                m.evidence,
                m.start,
                m.end,
                m.confidence,
                m.confidence_reason,
            )
            for r in reports
            for m in r.mentions
        ),
        schema.MENTIONS,
    )


def metrics_from_mentions(mentions: pd.DataFrame) -> pd.DataFrame:
    """Table value per report and metric: the largest figure stated, with that figure's evidence."""
    if mentions.empty:
        return _frame([], schema.METRICS)
    ordered = mentions.sort_values(
        ["report_id", "metric", "value", "start"], ascending=[True, True, False, True]
    )
    top = ordered.drop_duplicates(["report_id", "metric"], keep="first")
    return top.loc[:, list(schema.METRICS)].reset_index(drop=True)


def problems_frame(reports: Iterable[Report]) -> pd.DataFrame:
    """One row per problem item, its categories joined by ','."""
    return _frame(
        (
            (*_key(r), i, p.section, p.text, ",".join(p.categories), p.start, p.end)
            for r in reports
            for i, p in enumerate(r.problems)
        ),
        schema.PROBLEMS,
    )


def problem_categories_frame(problems: pd.DataFrame) -> pd.DataFrame:
    """Long form of a problems frame: one row per item and category."""
    if problems.empty:
        return _frame([], schema.PROBLEM_CATEGORY_ROWS)
    long = problems.assign(category=problems["categories"].str.split(",")).explode("category")
    long = long[long["category"].notna() & (long["category"] != "")]
    return long.loc[:, list(schema.PROBLEM_CATEGORY_ROWS)].reset_index(drop=True)


def terms_frame(reports: Iterable[Report]) -> pd.DataFrame:
    """One row per report and term, with the term's count in that report."""
    return _frame(
        ((*_key(r), term, count) for r in reports for term, count in r.term_counts),
        schema.TERMS,
    )


def join_labels(keys: str, labels: Mapping[str, str]) -> str:
    """Comma-joined keys as their Chinese labels joined by "、"."""
    return "、".join(labels.get(k, k) for k in keys.split(",") if k)


def _yes_no(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    return "是" if bool(value) else "否"


_VALUE_LABELS: dict[str, Mapping[str, str]] = {
    "metric": schema.METRIC_LABELS,
    "categories": schema.PROBLEM_LABELS,
    "category": schema.PROBLEM_LABELS,
    "unit_type": schema.UNIT_TYPE_LABELS,
    "section": schema.SECTION_LABELS,
    "format": schema.FORMAT_LABELS,
    "confidence": schema.CONFIDENCE_LABELS,
}


def for_people(frame: pd.DataFrame, *, keep_codes: bool = False) -> pd.DataFrame:
    """A new frame as people read it: Chinese headers, SPEC keys as Chinese labels, 是/否 flags.

    With ``keep_codes`` the metric and category key columns stay as codes (headed 指标代码,
    类别代码) with their Chinese labels in a column beside them, for exports that other programs
    read too.
    """
    out = frame.copy()
    headers = dict(schema.COLUMN_LABELS)
    for column, labels in _VALUE_LABELS.items():
        if column not in out.columns:
            continue
        # Each distinct value labelled once (a column of 500,000 rows holds a few hundred);
        # missing values stay missing.
        distinct = {v: join_labels(v, labels) for v in out[column].unique() if isinstance(v, str)}
        mapped = out[column].map(distinct)
        mapped = mapped.where(mapped.notna(), out[column])
        if keep_codes and column in schema.CODE_COLUMN_LABELS:
            out.insert(list(out.columns).index(column) + 1, schema.COLUMN_LABELS[column], mapped)
            headers[column] = schema.CODE_COLUMN_LABELS[column]
        else:
            out[column] = mapped
    for column in schema.FLAG_COLUMNS:
        if column in out.columns:
            out[column] = out[column].map(_yes_no)
    if "item" in out.columns:
        out["item"] = out["item"] + 1  # people count problem items from 1
    return out.rename(columns={c: headers.get(c, c) for c in out.columns})
