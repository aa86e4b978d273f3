"""Keyword tables: term counts, corpus aggregates, distinctive terms and keyword in context."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence

import numpy as np
import pandas as pd

from analytics import schema
from analytics.errors import ReportError
from analytics.tokenize import PartyTokenizer

# Weight of the informative Dirichlet prior in distinctive_terms: the whole corpus's term
# frequencies scaled to this many pseudo-counts (Monroe, Colaresi & Quinn 2008).
DEFAULT_ALPHA0 = 1000.0
GROUP_COLUMNS: tuple[str, ...] = ("report_id", "unit", "unit_type", "year")
# The columns of distinctive_terms.
DISTINCTIVE: tuple[str, ...] = ("term", "count", "other_count", "score", "z")

_NEWLINE_RE = re.compile(r"\r\n|[\r\n\u2028\u2029]")
_NEWLINE_MARK = "⏎"
_TEXTS: tuple[str, ...] = (*schema.KEY, "file", "text")


def term_counts(
    text: str, *, tokenizer: PartyTokenizer, drop_filler: bool = True
) -> tuple[tuple[str, int], ...]:
    """Every term of ``text`` with its count, most frequent first, ties in term order."""
    counts = Counter(tokenizer.terms(text, drop_filler=drop_filler))
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _check_columns(frame: pd.DataFrame, needed: Sequence[str], what: str) -> None:
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise ReportError(f"{what}缺少列：{'、'.join(missing)}，请先重新分析报告后再试。")


def _check_group(by: str | None) -> None:
    if by is not None and by not in GROUP_COLUMNS:
        raise ReportError(
            f"无法按“{by}”分组统计关键词：只能按报告、单位、单位类型或年度分组，请重新选择。"
        )


def aggregate_terms(terms: pd.DataFrame, *, by: str | None = None) -> pd.DataFrame:
    """Total count and document frequency of each term, over all reports or per group.

    ``terms`` is a schema.TERMS frame (one row per report and term). The result has the columns
    ``[by, "term", "count", "df"]`` (``by`` only when given; one of report_id, unit, unit_type,
    year) where ``df`` is the number of reports containing the term; rows are sorted by group,
    count (descending) and term. Reports of unknown year form their own group (``<NA>``).
    """
    _check_group(by)
    _check_columns(terms, ("report_id", "term", "count"), "关键词表")
    keys = ["term"] if by is None else [by, "term"]
    if terms.empty:
        return pd.DataFrame(columns=[*keys, "count", "df"])
    grouped = terms.groupby(keys, sort=False, dropna=False, observed=True).agg(
        count=("count", "sum"), df=("report_id", "nunique")
    )
    out = grouped.reset_index()
    out["count"] = out["count"].astype("int64")
    out["df"] = out["df"].astype("int64")
    order = [*([by] if by else []), "count", "term"]
    ascending = [*([True] if by else []), False, True]
    return out.sort_values(order, ascending=ascending, kind="stable").reset_index(drop=True)


def top_terms(terms: pd.DataFrame, *, n: int = 30, by: str | None = None) -> pd.DataFrame:
    """The ``n`` most frequent terms (per group when ``by`` is given), as aggregate_terms."""
    table = aggregate_terms(terms, by=by)
    if by is None:
        return table.head(max(n, 0)).reset_index(drop=True)
    return table.groupby(by, sort=False, dropna=False).head(max(n, 0)).reset_index(drop=True)


def distinctive_terms(
    terms: pd.DataFrame,
    *,
    column: str,
    value: object,
    top: int = 20,
    min_count: int = 2,
    min_z: float | None = 0.0,
    alpha0: float = DEFAULT_ALPHA0,
) -> pd.DataFrame:
    """The terms that set one group (the rows where ``column == value``: a unit, a year, a unit
    type or a report) apart from all other reports, most distinctive first.

    The statistic is the weighted log-odds ratio with an informative Dirichlet prior (Monroe,
    Colaresi & Quinn 2008, "Fightin' Words", Political Analysis 16(4)). With ``y`` the term's
    count in the group, ``n`` the group's total, ``y'`` and ``n'`` the same for the rest, and
    the prior ``a = alpha0 * (y + y') / N`` (the whole corpus's frequency of the term, ``N``
    all counts, scaled to ``alpha0`` pseudo-counts)::

        delta = log((y + a) / (n + alpha0 - y - a)) - log((y' + a) / (n' + alpha0 - y' - a))
        var   = 1 / (y + a) + 1 / (y' + a)
        z     = delta / sqrt(var)

    ``z`` is positive for terms the group uses more than the rest, about 0 for terms used at the
    same rate everywhere, and shrinks towards 0 for rare terms (the prior). ``score`` is that
    z-score too (the ranking key); ``count`` and ``other_count`` are ``y`` and ``y'``. Terms
    with ``count >= min_count`` and ``z > min_z`` (by default: over-represented terms only;
    ``min_z=None`` keeps every term, the under-used ones last) are ranked by ``z`` descending
    (ties by term) and the first ``top`` returned. When the group is the whole corpus there is
    no rest to compare with and the result is empty. Vectorised: one pivot of the frame, no
    per-term Python loop.
    """
    _check_columns(terms, (column, "term", "count"), "关键词表")
    if alpha0 <= 0:
        raise ReportError("先验强度 alpha0 必须大于 0，请修改参数后再试。")
    dtypes = ("object", "int64", "int64", "float64", "float64")
    empty = pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(DISTINCTIVE, dtypes, strict=True)})
    if terms.empty:
        return empty
    if value is None or value is pd.NA:
        selected = terms[column].isna().to_numpy(dtype=bool)
    else:
        selected = (terms[column] == value).fillna(False).to_numpy(dtype=bool)
    if not selected.any() or selected.all():
        return empty
    side = np.where(selected, "in", "out")
    wide = (
        terms.assign(_side=side)
        .pivot_table(index="term", columns="_side", values="count", aggfunc="sum", fill_value=0)
        .reindex(columns=["in", "out"], fill_value=0)
    )
    y = wide["in"].to_numpy(dtype="float64")
    y_other = wide["out"].to_numpy(dtype="float64")
    n, n_other = y.sum(), y_other.sum()
    prior = alpha0 * (y + y_other) / (n + n_other)
    delta = np.log((y + prior) / (n + alpha0 - y - prior)) - np.log(
        (y_other + prior) / (n_other + alpha0 - y_other - prior)
    )
    z = delta / np.sqrt(1.0 / (y + prior) + 1.0 / (y_other + prior))
    out = pd.DataFrame(
        {
            "term": wide.index.astype(str),
            "count": y.astype("int64"),
            "other_count": y_other.astype("int64"),
            "score": z,
            "z": z,
        }
    )
    keep = out["count"] >= min_count
    if min_z is not None:
        keep &= out["z"] > min_z
    out = out[keep]
    out = out.sort_values(["z", "term"], ascending=[False, True], kind="stable")
    return out.loc[:, list(DISTINCTIVE)].head(max(top, 0)).reset_index(drop=True)


def _show(context: str) -> str:
    return _NEWLINE_RE.sub(_NEWLINE_MARK, context).replace("\t", " ")


def _compile_query(query: str, *, regex: bool) -> re.Pattern[str] | None:
    """The compiled search pattern, or None for an empty query (user input: compiled per call)."""
    if not query.strip():
        return None
    if not regex:
        return re.compile(re.escape(query.strip()))
    try:
        return re.compile(query)
    except re.error as err:
        raise ReportError(
            f"检索式“{query}”不是有效的正则表达式（{err.msg}，位置 {err.pos}）：请检查括号、"
            "方括号是否成对、特殊字符是否需要加反斜杠转义，或取消“正则表达式”选项按原文检索。"
        ) from err


def _kwic_rows(
    texts: pd.DataFrame, pattern: re.Pattern[str], width: int, limit: int | None
) -> Iterator[tuple[object, ...]]:
    produced = 0
    columns = [texts[c].tolist() for c in (*schema.KEY, "file", "text")]
    for report_id, unit, unit_type, year, file, text in zip(*columns, strict=True):
        if not isinstance(text, str):
            continue
        for match in pattern.finditer(text):
            start, end = match.span()
            if start == end:
                continue  # an empty regex match is no occurrence
            yield (
                report_id,
                unit,
                unit_type,
                year,
                file,
                _show(text[max(0, start - width) : start]),
                match.group(0),
                _show(text[end : end + width]),
                start,
                end,
            )
            produced += 1
            if limit is not None and produced >= limit:
                return


def kwic(
    texts: pd.DataFrame,
    query: str,
    *,
    width: int = 30,
    regex: bool = False,
    limit: int | None = None,
) -> pd.DataFrame:
    """Keyword in context: every occurrence of ``query`` in a texts frame
    (``[*schema.KEY, "file", "text"]``), with ``width`` characters of context on each side.

    The query is literal text (spaces around it ignored; ``.``, ``*``, ``(`` … match themselves)
    unless ``regex`` is true; an invalid regular expression raises ReportError. Occurrences do
    not overlap (each search resumes after the previous match) and empty regex matches are
    skipped. ``text[start:end] == match`` exactly; in ``left`` and ``right`` line breaks are
    shown as ⏎ and tabs as spaces. Rows follow year, unit, file and position; ``limit`` keeps
    only the first rows in that order (the search stops there). An empty or blank query gives an
    empty frame. Cost is linear in the total length of the texts.
    """
    _check_columns(texts, _TEXTS, "报告文本表")
    pattern = _compile_query(query, regex=regex)
    rows: Iterator[tuple[object, ...]] = iter(())
    if pattern is not None and not texts.empty and (limit is None or limit > 0):
        ordered = texts.sort_values(
            ["year", "unit", "file", "report_id"], na_position="last", kind="stable"
        )
        rows = _kwic_rows(ordered, pattern, max(width, 0), limit)
    frame = pd.DataFrame(list(rows), columns=list(schema.KWIC))
    frame["year"] = frame["year"].astype("Int64")
    for column in ("start", "end"):
        frame[column] = frame[column].astype("int64")
    return frame
