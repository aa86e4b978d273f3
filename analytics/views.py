"""Pure pandas shaping for the dashboard pages: filters, pivots, comparisons, repeats."""

from __future__ import annotations

import html
import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics import schema, tables
from analytics.records import UNKNOWN_UNIT

PERSISTENT_COLUMN = "连续出现的问题类别（仅供参考）"
DEFAULT_SIMILARITY = 0.8
MEMBERS_METRIC = "party_members"
MEAN_LABEL = "各单位平均"
MATCH_FLOOR = 0.5  # the lowest similarity threshold the 问题 page offers
CHART_UNITS = 60  # units drawn in one chart by unit; the tables and downloads keep every unit
MISSING_TEXT = "—"  # a value the report does not state
LEVEL_TEXT = "与平均持平"  # a difference of zero
NOT_STATED_TEXT = "报告未写明"
OTHERS_NOT_STATED_TEXT = "其他单位未写明"

_PUNCT = re.compile(r"[\s\u3000，。、；：！？“”‘’（）《》【】,.;:!?()\[\]\"'\-—…·]+")
_ITEM_PREFIX = re.compile(
    r"^\s*(?:[（(]?[一二三四五六七八九十\d]+[)）、.．]|[一二三四五六七八九十]+是)\s*"
)


@dataclass(frozen=True)
class Filters:
    """The sidebar filters every page shares. Empty tuples and ``years=None`` mean "all"."""

    years: tuple[int, int] | None = None
    unit_types: tuple[str, ...] = ()
    units: tuple[str, ...] = ()


@dataclass(frozen=True)
class FilterOptions:
    """What the sidebar can offer: the years present and the unit types and units to pick from."""

    years: tuple[int, ...]
    unit_types: tuple[str, ...]
    units: tuple[str, ...]


# --- filters ------------------------------------------------------------------------------------


def filter_options(reports: pd.DataFrame, *, unit_types: Sequence[str] = ()) -> FilterOptions:
    """Years, unit types and units present in the reports (units restricted to ``unit_types``)."""
    years = tuple(sorted(int(y) for y in reports["year"].dropna().unique()))
    present = set(reports["unit_type"].dropna())
    types = tuple(t for t in schema.UNIT_TYPES if t in present)
    pool = reports[reports["unit_type"].isin(list(unit_types))] if unit_types else reports
    units = tuple(sorted(str(u) for u in pool["unit"].dropna().unique()))
    return FilterOptions(years=years, unit_types=types, units=units)


def apply_filters(frame: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Rows of any table with the KEY columns that pass the filters (a new frame).

    With a year range, reports whose year is unknown are left out; without one they stay.
    """
    mask = pd.Series(True, index=frame.index)
    if filters.years is not None:
        low, high = filters.years
        years = frame["year"]
        mask &= years.notna() & (years >= low) & (years <= high)
    if filters.unit_types:
        mask &= frame["unit_type"].isin(list(filters.unit_types))
    if filters.units:
        mask &= frame["unit"].isin(list(filters.units))
    return frame.loc[mask.fillna(False).astype(bool)].reset_index(drop=True)


# --- display ------------------------------------------------------------------------------------


def for_display(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as users see and download it: Chinese headers and labels (tables.for_people).

    The report number (a 64-character content hash) goes last: a table opened in Excel starts
    with what people read (the unit), and the number stays for matching rows across sheets.
    """
    out = tables.for_people(frame)
    label = schema.COLUMN_LABELS["report_id"]
    if label in out.columns and list(out.columns)[-1] != label:
        out = out[[c for c in out.columns if c != label] + [label]]
    return out


def unit_type_from_label(label: str) -> str:
    """The unit-type key for a Chinese label (or the key itself); ``other`` when unknown."""
    for key, text in schema.UNIT_TYPE_LABELS.items():
        if label in (key, text):
            return key
    return "other"


# --- corpus -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CorpusCounts:
    """Headline counts of a (filtered) corpus."""

    reports: int
    units: int
    years: int
    formats: dict[str, int]
    needs_review: int


def corpus_counts(reports: pd.DataFrame) -> CorpusCounts:
    """Number of reports, distinct units and years, reports per format, reports to review."""
    formats = reports["format"].value_counts()
    return CorpusCounts(
        reports=len(reports),
        units=int(reports["unit"].nunique()),
        years=int(reports["year"].nunique()),
        formats={schema.FORMAT_LABELS.get(str(k), str(k)): int(v) for k, v in formats.items()},
        needs_review=int(reports["needs_review"].astype(bool).sum()),
    )


def metadata_table(reports: pd.DataFrame) -> pd.DataFrame:
    """Reports for the metadata editor: those to review first (an unresolved field before a weak
    cue, more reasons before fewer), then by unit and year; with the reasons."""
    cols = [
        "report_id",
        "needs_review",
        "review_reasons",
        "unit",
        "unit_type",
        "year",
        "secretary",
        "file",
        "format",
    ]
    out = reports.loc[:, cols]
    reasons = out["review_reasons"].fillna("").astype(str)
    urgency = reasons.str.count("未识别") * 10 + reasons.map(
        lambda r: len(r.split("；")) if r else 0
    )
    out = (
        out.assign(_urgency=urgency)
        .sort_values(
            ["needs_review", "_urgency", "unit", "year", "file"],
            ascending=[False, False, True, True, True],
        )
        .drop(columns="_urgency")
    )
    return out.reset_index(drop=True)


def review_summary(reports: pd.DataFrame) -> list[tuple[str, int]]:
    """How many reports each review reason concerns, most frequent first."""
    reasons = reports["review_reasons"].fillna("").astype(str)
    counts = pd.Series([r for cell in reasons for r in cell.split("；") if r], dtype=object)
    if counts.empty:
        return []
    tally = counts.value_counts()
    return [(str(reason), int(n)) for reason, n in tally.items()]


def metadata_changes(
    before: pd.DataFrame, after: pd.DataFrame
) -> list[tuple[str, dict[str, object]]]:
    """(report_id, {field: new value}) for each row whose metadata the user edited.

    Both frames are ``metadata_table`` frames in the same row order (``after`` may have its
    unit type as a Chinese label). A blank unit or year is ignored (they cannot be unknown once
    known); a blank secretary is "" (the report names none).
    """
    changes: list[tuple[str, dict[str, object]]] = []
    for (_, old), (_, new) in zip(before.iterrows(), after.iterrows(), strict=True):
        fields: dict[str, object] = {}
        unit = str(new["unit"]).strip() if pd.notna(new["unit"]) else ""
        if unit and unit != old["unit"]:
            fields["unit"] = unit
        unit_type = unit_type_from_label(str(new["unit_type"]))
        if unit_type != old["unit_type"]:
            fields["unit_type"] = unit_type
        new_year = None if pd.isna(new["year"]) else int(new["year"])
        old_year = None if pd.isna(old["year"]) else int(old["year"])
        if new_year is not None and new_year != old_year:
            fields["year"] = new_year
        new_sec = str(new["secretary"]).strip() if pd.notna(new["secretary"]) else ""
        old_sec = str(old["secretary"]) if pd.notna(old["secretary"]) else ""
        if new_sec != old_sec:
            fields["secretary"] = new_sec
        if fields:
            changes.append((str(old["report_id"]), fields))
    return changes


# --- metrics ------------------------------------------------------------------------------------


def metric_choices(metrics: pd.DataFrame) -> list[str]:
    """Metric keys present in the frame, in the SPEC's order."""
    present = set(metrics["metric"].unique())
    return [k for k in schema.METRIC_KEYS if k in present]


def default_metric_keys(metrics: pd.DataFrame) -> list[str]:
    """The metrics the 指标 page shows before the user chooses: the first three present."""
    return metric_choices(metrics)[:3]


def per_100_members(metrics: pd.DataFrame) -> pd.DataFrame:
    """Values per 100 party members of the same report; reports without a member count drop out.

    The member count itself is not normalised (it is left out).
    """
    members = metrics.loc[metrics["metric"] == MEMBERS_METRIC, ["report_id", "value"]]
    members = members[members["value"] > 0].drop_duplicates("report_id")
    lookup = pd.Series(members["value"].to_numpy(dtype="float64"), index=members["report_id"])
    rest = metrics[metrics["metric"] != MEMBERS_METRIC]
    per_report = rest["report_id"].map(lookup)  # a lookup, not a merge: 10x faster at 1M rows
    known = per_report.notna().to_numpy()
    out = rest[known].copy()
    out["value"] = (out["value"] / per_report[known] * 100).round(2)
    return out.reset_index(drop=True)


def _dated_evidence(frame: pd.DataFrame, by: Sequence[str]) -> dict[tuple[object, ...], str]:
    """Per group of ``by``: the evidence of its rows, one line each, prefixed by the year.

    A plain loop over the columns: a pandas groupby with a Python join is ~50× slower here.
    """
    joined: dict[tuple[object, ...], list[str]] = {}
    keys = zip(*(frame[c].tolist() for c in by), strict=True)
    for key, year, evidence in zip(
        keys, frame["year"].tolist(), frame["evidence"].tolist(), strict=True
    ):
        prefix = "" if year is None or pd.isna(year) else f"{int(year)}年："
        joined.setdefault(key, []).append(f"{prefix}{'' if evidence is None else evidence}")
    return {key: "\n".join(lines) for key, lines in joined.items()}


def unit_year_table(metrics: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """Unit × year table: one row per unit and year, one column per chosen metric (Chinese).

    A unit with several reports in one year shows the largest value.
    """
    chosen = metrics[metrics["metric"].isin(list(keys))]
    labels = [schema.METRIC_LABELS[k] for k in keys]
    if chosen.empty:
        return pd.DataFrame(columns=["单位", "年度", *labels])
    wide = chosen.pivot_table(
        index=["unit", "year"], columns="metric", values="value", aggfunc="max"
    )
    wide = wide.reindex(columns=[k for k in keys if k in wide.columns])
    wide.columns = [schema.METRIC_LABELS[k] for k in wide.columns]
    wide = wide.reset_index().rename(columns={"unit": "单位", "year": "年度"})
    wide.columns.name = None
    return wide.sort_values(["单位", "年度"]).reset_index(drop=True)


def unit_summary(metrics: pd.DataFrame, key: str) -> pd.DataFrame:
    """One metric per unit: its yearly mean over the unit's reports, with the evidence behind it.

    Columns: unit, value, reports, evidence (one line per report: "2023年：…").
    """
    chosen = metrics[metrics["metric"] == key].sort_values(["unit", "year"])
    if chosen.empty:
        return pd.DataFrame(columns=["unit", "value", "reports", "evidence"])
    grouped = chosen.groupby("unit", sort=True)["value"]
    out = pd.DataFrame({"value": grouped.mean().round(2), "reports": grouped.size()})
    evidence = _dated_evidence(chosen, ["unit"])
    out["evidence"] = [evidence[(unit,)] for unit in out.index]
    out = out.reset_index()
    return out.sort_values(["value", "unit"], ascending=[False, True]).reset_index(drop=True)


def year_series(metrics: pd.DataFrame, key: str, *, max_units: int = 12) -> pd.DataFrame:
    """One metric by year: per unit (up to ``max_units`` units), else the mean over units.

    Columns: series (unit name or MEAN_LABEL), year, value, evidence.
    """
    chosen = metrics[(metrics["metric"] == key) & metrics["year"].notna()]
    if chosen.empty:
        return pd.DataFrame(columns=["series", "year", "value", "evidence"])
    if chosen["unit"].nunique() <= max_units:
        top = chosen.sort_values("value", ascending=False).drop_duplicates(["unit", "year"])
        out = top.rename(columns={"unit": "series"})[["series", "year", "value", "evidence"]]
        return out.sort_values(["series", "year"]).reset_index(drop=True)
    grouped = chosen.groupby("year", sort=True)["value"]
    out = pd.DataFrame({"value": grouped.mean().round(2), "n": grouped.size()}).reset_index()
    out["series"] = MEAN_LABEL
    out["evidence"] = out["n"].map(lambda n: f"{n} 个单位的平均值")
    return out[["series", "year", "value", "evidence"]]


def metric_matrix(metrics: pd.DataFrame, keys: Sequence[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Unit × metric: yearly mean per unit (values) and the evidence behind each cell (text)."""
    chosen = metrics[metrics["metric"].isin(list(keys))].sort_values(["unit", "metric", "year"])
    if chosen.empty:
        empty = pd.DataFrame()
        return empty, empty
    values = chosen.pivot_table(index="unit", columns="metric", values="value", aggfunc="mean")
    order = [k for k in keys if k in values.columns]
    values = values.reindex(columns=order).round(2)
    joined = _dated_evidence(chosen, ["unit", "metric"])
    evidence = pd.DataFrame(
        [[joined.get((unit, key), "") for key in order] for unit in values.index],
        index=values.index,
        columns=order,
    )
    labels = [schema.METRIC_LABELS[k] for k in order]
    values.columns = labels
    evidence.columns = labels
    values.columns.name = evidence.columns.name = None
    return values, evidence


# --- problems -----------------------------------------------------------------------------------


def category_counts(categories: pd.DataFrame, *, by: str) -> pd.DataFrame:
    """Problem items per ``by`` (unit or year) and category label: [by, category, count]."""
    if categories.empty:
        return pd.DataFrame(columns=[by, "category", "count"])
    counts = categories.groupby([by, "category"]).size().reset_index(name="count")
    order = {k: i for i, k in enumerate(schema.PROBLEM_CATEGORIES)}
    counts["_o"] = counts["category"].map(lambda k: order.get(k, len(order)))
    counts = counts.sort_values([by, "_o"]).drop(columns="_o")
    counts["category"] = counts["category"].map(lambda k: schema.PROBLEM_LABELS.get(k, k))
    return counts.reset_index(drop=True)


def category_matrix(categories: pd.DataFrame) -> pd.DataFrame:
    """Unit × category (Chinese labels) count of problem items."""
    if categories.empty:
        return pd.DataFrame()
    matrix = pd.crosstab(categories["unit"], categories["category"])
    order = [k for k in schema.PROBLEM_CATEGORIES if k in matrix.columns]
    matrix = matrix.reindex(columns=order)
    matrix.columns = [schema.PROBLEM_LABELS[k] for k in order]
    matrix.columns.name = None
    matrix.index.name = "unit"
    return matrix


def problem_list(
    problems: pd.DataFrame, *, categories: Sequence[str] = (), query: str = ""
) -> pd.DataFrame:
    """Problem items having any of ``categories`` (all when empty) and containing ``query``."""
    mask = pd.Series(True, index=problems.index)
    if categories:
        wanted = set(categories)
        mask &= problems["categories"].map(lambda c: bool(wanted & set(str(c).split(","))))
    if query.strip():
        mask &= problems["text"].str.contains(query.strip(), regex=False)
    cols = ["unit", "year", "section", "text", "categories", "report_id"]
    out = problems.loc[mask.astype(bool), cols]
    return out.sort_values(["unit", "year"]).reset_index(drop=True)


def _bigrams(text: str) -> frozenset[str]:
    core = _PUNCT.sub("", _ITEM_PREFIX.sub("", text))
    if len(core) < 2:
        return frozenset({core}) if core else frozenset()
    return frozenset(core[i : i + 2] for i in range(len(core) - 1))


def bigram_similarity(a: str, b: str) -> float:
    """Jaccard similarity of the character bigrams of two items (numbering and punctuation off)."""
    x, y = _bigrams(a), _bigrams(b)
    if not x or not y:
        return 0.0
    return len(x & y) / len(x | y)


def previous_matches(problems: pd.DataFrame, *, floor: float = MATCH_FLOOR) -> pd.DataFrame:
    """For every dated problem item and every report of its unit's year before: the closest item
    of that report, when their similarity reaches ``floor`` (schema.PROBLEM_MATCHES).

    The table behind ``repeated_problems``, independent of filters and thresholds: computed
    once per corpus (by ``batch`` for a Parquet dataset), it answers any filter (keep the rows
    whose two reports pass) and any threshold at or above ``floor`` without comparing again.
    ``pos`` and ``prev_pos`` are the items' positions in ``problems`` (ties go to the first).
    Only a unit's items of consecutive years are compared, so the cost grows with the items per
    unit and year, not with the corpus squared.
    """
    rows: list[tuple[object, ...]] = []
    for unit, by_year in _items_by_unit_year(problems).items():
        for year in sorted(by_year):
            prev = by_year.get(year - 1)
            if prev is None:
                continue
            prev_reports: dict[str, list[_Item]] = {}
            for p in prev:
                prev_reports.setdefault(p.report_id, []).append(p)
            for it in by_year[year]:
                if not it.grams:
                    continue
                for prev_id, candidates in prev_reports.items():
                    best, best_item = 0.0, None
                    for p in candidates:
                        if not p.grams:
                            continue
                        sim = len(it.grams & p.grams) / len(it.grams | p.grams)
                        if sim > best:
                            best, best_item = sim, p
                    if best_item is not None and best >= floor:
                        rows.append(
                            (unit, year, it.report_id, it.pos, it.text, it.categories,
                             year - 1, prev_id, best_item.pos, best_item.text, best)
                        )  # fmt: skip
    out = pd.DataFrame(rows, columns=list(schema.PROBLEM_MATCHES))
    return match_types(out)


def match_types(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of a ``previous_matches`` table with its column types, ordered by unit, year and
    item, each item's closest match first (as ``repeats_from_matches`` reads it)."""
    out = frame.copy()
    for column in ("unit", "report_id", "text", "categories", "prev_report_id", "prev_text"):
        out[column] = out[column].astype("str")
    for column in ("year", "prev_year"):
        out[column] = out[column].astype("Int64")
    for column in ("pos", "prev_pos"):
        out[column] = out[column].astype("int64")
    out["similarity"] = out["similarity"].astype("float64")
    order = ["unit", "year", "pos", "similarity", "prev_pos"]
    out = out.sort_values(order, ascending=[True, True, True, False, True], kind="stable")
    return out.reset_index(drop=True)


def repeats_from_matches(
    matches: pd.DataFrame,
    *,
    threshold: float = DEFAULT_SIMILARITY,
    report_ids: Iterable[str] | None = None,
) -> pd.DataFrame:
    """``repeated_problems`` answered from a ``previous_matches`` table: the items of the
    reports in ``report_ids`` (all when None) whose closest item in a report of the year before,
    also among ``report_ids``, has a similarity of at least ``threshold``."""
    keep = (matches["similarity"] >= threshold).to_numpy(dtype=bool, copy=True)
    if report_ids is not None:
        ids = list(set(report_ids))
        keep = keep & matches["report_id"].isin(ids).to_numpy(dtype=bool)
        keep = keep & matches["prev_report_id"].isin(ids).to_numpy(dtype=bool)
    rows = np.flatnonzero(keep)
    # ``match_types`` orders the rows by unit, year, item, best match first: an item's rows are
    # adjacent and the first kept one is its closest match. One selection of the text columns.
    pos = matches["pos"].to_numpy()[rows]
    first = np.ones(len(rows), dtype=bool)
    first[1:] = pos[1:] != pos[:-1]
    needed = ["unit", "year", "prev_year", "prev_text", "text", "similarity", "categories"]
    best = matches[needed].take(rows[first]).reset_index(drop=True)
    canonical = {  # the category keys in the SPEC's order, once per distinct combination
        c: _in_spec_order(set(str(c).split(","))) for c in best["categories"].unique()
    }
    out = pd.DataFrame(
        {
            "unit": best["unit"],
            "year": best["year"].astype("Int64"),
            "prev_year": best["prev_year"].astype("Int64"),
            "prev_text": best["prev_text"],
            "text": best["text"],
            "similarity": best["similarity"].round(2).astype("float64"),
            "category": best["categories"].map(canonical).astype("str"),
        }
    )
    return out


def _in_spec_order(keys: set[str]) -> str:
    return ",".join(k for k in schema.PROBLEM_CATEGORIES if k in keys)


def repeated_problems(
    problems: pd.DataFrame, *, threshold: float = DEFAULT_SIMILARITY
) -> pd.DataFrame:
    """Problem items a unit copies, nearly word for word, from its report of the year before.

    An item of year y repeats when the character-bigram Jaccard similarity to its closest item of
    the same unit's year y-1 is at least ``threshold`` (one row per such item, with that closest
    item; ``threshold`` must be above 0). Only a unit's items of consecutive years are compared.
    Columns: unit, year, prev_year, prev_text, text, similarity, category (keys joined by ",").
    """
    if not threshold > 0:
        raise ValueError("threshold must be above 0")
    return repeats_from_matches(previous_matches(problems, floor=threshold), threshold=threshold)


@dataclass(frozen=True)
class _Item:
    report_id: str
    pos: int
    text: str
    grams: frozenset[str]
    categories: str


def _items_by_unit_year(problems: pd.DataFrame) -> dict[str, dict[int, list[_Item]]]:
    """Per unit and year: each dated item's report, position, text, bigrams and categories.

    Reports of no recognised unit are left out: they are not one unit across years (and pooling
    them would compare every such report with every other, quadratic in their number).
    """
    positions = pd.Series(range(len(problems)), index=problems.index)
    keep = problems["year"].notna() & (problems["unit"] != UNKNOWN_UNIT)
    dated = problems[keep]
    out: dict[str, dict[int, list[_Item]]] = {}
    for rid, pos, unit, text, cats, year in zip(
        dated["report_id"].tolist(),
        positions[keep].tolist(),
        dated["unit"].tolist(),
        dated["text"].tolist(),
        dated["categories"].tolist(),
        dated["year"].tolist(),
        strict=True,
    ):
        item = _Item(str(rid), int(pos), str(text), _bigrams(str(text)), str(cats or ""))
        out.setdefault(str(unit), {}).setdefault(int(year), []).append(item)
    return out


def persistent_categories(problems: pd.DataFrame) -> pd.DataFrame:
    """Problem categories (other than "other") a unit names in two consecutive years.

    Informational only: most units name the same broad categories every year, so this is no
    sign of copied problems. Columns: unit, year, prev_year, category (key).
    """
    return persistent_from_categories(tables.problem_categories_frame(problems))


def persistent_from_categories(categories: pd.DataFrame) -> pd.DataFrame:
    """``persistent_categories`` from the long form (one row per item and category).

    Units and categories as integer codes while rows are deduplicated and matched year to year
    (600,000 rows of a province's corpus: a third of a second, not two seconds on strings).
    """
    columns = ["unit", "year", "prev_year", "category"]
    named_keys = [k for k in schema.PROBLEM_CATEGORIES if k != "other"]
    order = {k: i for i, k in enumerate(named_keys)}
    keep = (
        categories["year"].notna()
        & (categories["unit"] != UNKNOWN_UNIT)
        & categories["category"].isin(named_keys)
    ).to_numpy(dtype=bool)
    chosen = categories.loc[keep, ["unit", "year", "category"]]
    unit_codes, units = pd.factorize(chosen["unit"], sort=True)
    codes = pd.DataFrame(
        {
            "u": unit_codes,
            "year": chosen["year"].to_numpy(dtype="int64"),
            "c": chosen["category"].map(order).to_numpy(dtype="int64"),
        }
    ).drop_duplicates()
    both = codes.merge(codes.assign(year=codes["year"] + 1), on=["u", "year", "c"], how="inner")
    both = both.sort_values(["u", "year", "c"]).reset_index(drop=True)
    out = pd.DataFrame(
        {
            "unit": pd.Series(np.asarray(units, dtype=object)[both["u"].to_numpy()], dtype="str"),
            "year": both["year"].astype("Int64"),
            "prev_year": (both["year"] - 1).astype("Int64"),
            "category": pd.Series(
                np.asarray(named_keys, dtype=object)[both["c"].to_numpy()], dtype="str"
            ),
        },
        columns=columns,
    )
    return out


def _spans_text(pairs: Iterable[tuple[int, int]]) -> str:
    return "，".join(sorted({f"{p}–{y}" for p, y in pairs}))


def repeat_summary(repeats: pd.DataFrame, persistent: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per flagged unit (one with near-identical items): how many items repeat, in which years,
    and, for information, which categories it names in consecutive years.

    Columns (Chinese): 单位, 雷同表述条数, 涉及年度, 连续出现的问题类别（仅供参考）.
    One pass over the rows (a groupby with a Python function per unit is slow at 20,000 units).
    """
    columns = ["单位", "雷同表述条数", "涉及年度", PERSISTENT_COLUMN]
    if repeats.empty:
        return pd.DataFrame(columns=columns)
    cats: dict[str, set[str]] = {}
    if persistent is not None and not persistent.empty:
        for unit, key in zip(
            persistent["unit"].tolist(), persistent["category"].tolist(), strict=True
        ):
            cats.setdefault(str(unit), set()).add(str(key))
    counts = {str(u): int(n) for u, n in repeats["unit"].value_counts(sort=False).items()}
    spans: dict[str, set[tuple[int, int]]] = {}
    pairs = repeats[["unit", "prev_year", "year"]].drop_duplicates()
    for unit, prev, year in zip(
        pairs["unit"].tolist(), pairs["prev_year"].tolist(), pairs["year"].tolist(), strict=True
    ):
        spans.setdefault(str(unit), set()).add((int(prev), int(year)))
    rows = [
        (
            unit,
            n,
            _spans_text(spans[unit]),
            "、".join(
                schema.PROBLEM_LABELS[k]
                for k in schema.PROBLEM_CATEGORIES
                if k in cats.get(unit, ())
            ),
        )
        for unit, n in counts.items()
    ]
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["雷同表述条数", "单位"], ascending=[False, True]).reset_index(drop=True)


def repeat_pairs(repeats: pd.DataFrame, *, unit: str | None = None) -> pd.DataFrame:
    """The repeated items side by side, as users read them (Chinese headers).

    Columns: 单位 (left out when ``unit`` is given), 年度 ("2022→2023"), 上一年度表述,
    本年度表述, 相似度, 问题类别.
    """
    chosen = repeats if unit is None else repeats[repeats["unit"] == unit]
    chosen = chosen.sort_values(["unit", "year", "similarity"], ascending=[True, True, False])
    out = pd.DataFrame(
        {
            "单位": chosen["unit"].tolist(),
            "年度": [
                f"{int(p)}→{int(y)}"
                for p, y in zip(chosen["prev_year"], chosen["year"], strict=True)
            ],
            "上一年度表述": chosen["prev_text"].tolist(),
            "本年度表述": chosen["text"].tolist(),
            "相似度": chosen["similarity"].astype("float64").tolist(),
            "问题类别": [tables.join_labels(c, schema.PROBLEM_LABELS) for c in chosen["category"]],
        }
    )
    return out if unit is None else out.drop(columns="单位")


# --- compare ------------------------------------------------------------------------------------


def compare_metrics(
    metrics: pd.DataFrame, units: Sequence[str], *, year: int | None = None
) -> pd.DataFrame:
    """Metric label (rows) × unit (columns): the value, or the yearly mean over all years."""
    chosen = metrics[metrics["unit"].isin(list(units))]
    if year is not None:
        chosen = chosen[chosen["year"] == year]
    if chosen.empty:
        return pd.DataFrame(columns=list(units))
    table = chosen.pivot_table(index="metric", columns="unit", values="value", aggfunc="mean")
    order = [k for k in schema.METRIC_KEYS if k in table.index]
    table = table.reindex(index=order, columns=list(units)).round(2)
    table.index = pd.Index([schema.METRIC_LABELS[k] for k in order], name="指标")
    table.columns.name = None
    return table


@dataclass(frozen=True)
class MetricCell:
    """One metric of one unit on the compare page: label, value shown, difference to the others."""

    label: str
    value: str
    delta: str  # a signed difference, or a word saying why there is none (every cell has one line)
    compared: bool = False  # True when ``delta`` is a non-zero difference (drawn with an arrow)


def compare_cells(
    table: pd.DataFrame,
    deltas: pd.DataFrame,
    unit: str,
    *,
    measures: dict[str, str] | None = None,
    mean: bool = False,
) -> list[MetricCell]:
    """Every metric row of ``table`` for one unit, in the table's order, so that every unit's
    column lists the same rows: MISSING_TEXT where the unit states nothing, and a difference
    only where the unit and at least one other unit both have a value (else a word why not).
    ``measures`` maps a metric label to its measure word (名, 次 …) shown after the value.
    With ``mean`` (values are yearly means) a value with a fraction shows one decimal and the
    label says 年均; whole values stay whole.
    """
    cells = []
    values = table[unit].astype("float64").tolist()
    diffs = deltas.reindex(index=table.index)[unit].astype("float64").tolist()
    for label, value, delta in zip(table.index, values, diffs, strict=True):
        if math.isnan(value):
            cells.append(MetricCell(str(label), MISSING_TEXT, NOT_STATED_TEXT))
            continue
        measure = (measures or {}).get(str(label), "")
        shown = _one_decimal(value) + (f" {measure}" if measure else "")
        if mean and not value.is_integer():
            label = f"{label}（年均）"
        if math.isnan(delta):
            cells.append(MetricCell(str(label), shown, OTHERS_NOT_STATED_TEXT))
        elif delta == 0:
            cells.append(MetricCell(str(label), shown, LEVEL_TEXT))
        else:
            sign = "+" if delta > 0 else "-"  # st.metric reads the sign for its arrow
            cells.append(
                MetricCell(str(label), shown, sign + _one_decimal(abs(delta)), compared=True)
            )
    return cells


def _one_decimal(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def metric_measures(mentions: pd.DataFrame) -> dict[str, str]:
    """Per metric label: the measure word its figures are most often stated in (名, 次, 篇 …)."""
    stated = mentions.loc[
        mentions["unit_of_measure"].notna() & (mentions["unit_of_measure"] != ""),
        ["metric", "unit_of_measure"],
    ]
    if stated.empty:
        return {}
    counts = stated.groupby(["metric", "unit_of_measure"]).size().reset_index(name="n")
    counts = counts.sort_values(["metric", "n"], ascending=[True, False])
    top = counts.drop_duplicates("metric")
    return {
        schema.METRIC_LABELS.get(str(k), str(k)): str(m)
        for k, m in zip(top["metric"], top["unit_of_measure"], strict=True)
    }


def metric_axis_label(key: str, measures: dict[str, str], *, per_100: bool = False) -> str:
    """A metric's name and measure word for axis titles: 发展党员（名）, 党课（次/百名党员）."""
    name = schema.METRIC_LABELS.get(key, key)
    measure = measures.get(name, "")
    if per_100:
        return f"{name}（{measure}/百名党员）" if measure else f"{name}（每百名党员）"
    return f"{name}（{measure}）" if measure else name


def deltas_vs_others(table: pd.DataFrame) -> pd.DataFrame:
    """For each unit and metric: its value minus the mean of the other units (NaN when unknown)."""
    out = pd.DataFrame(index=table.index, columns=table.columns, dtype="float64")
    for unit in table.columns:
        others = table.drop(columns=unit)
        out[unit] = (table[unit] - others.mean(axis=1, skipna=True)).round(2)
    return out


def normalise_rows(table: pd.DataFrame) -> pd.DataFrame:
    """Each metric divided by its largest value across the units (0–1; missing counts as 0)."""
    filled = table.astype("float64").fillna(0.0)
    peak = filled.max(axis=1).replace(0.0, 1.0)
    return filled.div(peak, axis=0).round(3)


def compare_categories(
    categories: pd.DataFrame, units: Sequence[str], *, year: int | None = None
) -> pd.DataFrame:
    """Problem category (Chinese label, rows) × unit (columns): number of items."""
    chosen = categories[categories["unit"].isin(list(units))]
    if year is not None:
        chosen = chosen[chosen["year"] == year]
    if chosen.empty:
        return pd.DataFrame(columns=list(units))
    table = pd.crosstab(chosen["category"], chosen["unit"])
    order = [k for k in schema.PROBLEM_CATEGORIES if k in table.index]
    table = table.reindex(index=order, columns=list(units)).fillna(0).astype(int)
    table.index = pd.Index([schema.PROBLEM_LABELS[k] for k in order], name="问题类别")
    table.columns.name = None
    return table


# --- one report ---------------------------------------------------------------------------------


def _spans(rows: Iterable[tuple[int, int, str]], length: int) -> list[tuple[int, int, str]]:
    return [(max(0, s), min(length, e), t) for s, e, t in rows if 0 <= s < e and s < length]


def highlight_html(text: str, mentions: pd.DataFrame, problems: pd.DataFrame) -> str:
    """The report's text as safe HTML: every figure in <mark> (hover: metric and value), every
    problem item underlined (hover: its categories). Every piece of report text is escaped, so
    markup inside a report shows as text.
    """
    figures = _spans(
        (
            (int(s), int(e), f"{schema.METRIC_LABELS.get(str(k), str(k))}：{_number(v)}")
            for s, e, k, v in zip(
                mentions["start"].tolist(),
                mentions["end"].tolist(),
                mentions["metric"].tolist(),
                mentions["value"].tolist(),
                strict=True,
            )
        ),
        len(text),
    )
    items = _spans(
        (
            (int(s), int(e), "问题：" + tables.join_labels(c, schema.PROBLEM_LABELS))
            for s, e, c in zip(
                problems["start"].tolist(),
                problems["end"].tolist(),
                problems["categories"].tolist(),
                strict=True,
            )
        ),
        len(text),
    )
    cuts = sorted(
        {0, len(text), *(s for s, _, _ in figures + items), *(e for _, e, _ in figures + items)}
    )
    parts = ['<div class="report-text" style="white-space: pre-wrap; line-height: 1.9;">']
    for a, b in itertools.pairwise(cuts):
        piece = html.escape(text[a:b])
        figs = [t for s, e, t in figures if s <= a and b <= e]
        probs = [t for s, e, t in items if s <= a and b <= e]
        if figs:
            title = html.escape("；".join(figs), quote=True)
            piece = f'<mark style="background:#ffe08a" title="{title}">{piece}</mark>'
        if probs:
            title = html.escape("；".join(dict.fromkeys(probs)), quote=True)
            piece = (
                f'<span style="text-decoration: underline wavy #c0392b; background:#fdecea"'
                f' title="{title}">{piece}</span>'
            )
        parts.append(piece)
    parts.append("</div>")
    return "".join(parts)


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- keyword in context -------------------------------------------------------------------------

_SPACE_RUN = re.compile(r"\s+")
_SENTENCE_END = frozenset("。！？；!?;\n")
CONCORDANCE_WIDTH = 40
SENTENCE_MAX = 300
KWIC_SHOWN = 500


def _flat(text: str) -> str:
    """Context on one line: line breaks and runs of spaces become one space."""
    return _SPACE_RUN.sub(" ", text)


def _sentence(text: str, start: int, end: int) -> tuple[str, str, str]:
    """The sentence around ``text[start:end]``: before, hit, after (each on one line)."""
    a = start
    while a > 0 and start - a < SENTENCE_MAX and text[a - 1] not in _SENTENCE_END:
        a -= 1
    b = end
    while b < len(text) and b - end < SENTENCE_MAX and text[b] not in _SENTENCE_END:
        b += 1
    if b < len(text) and text[b] != "\n":
        b += 1  # keep the sentence's own full stop
    return _flat(text[a:start]).lstrip(), _flat(text[start:end]), _flat(text[end:b]).rstrip()


def concordance_html(
    found: pd.DataFrame,
    texts: pd.DataFrame,
    *,
    width: int = CONCORDANCE_WIDTH,
    limit: int = KWIC_SHOWN,
) -> str:
    """Keyword-in-context lines as concordancers show them, as safe HTML.

    One line per hit: unit and year, the left context aligned to the right, the hit marked in
    the middle column, the right context aligned to the left; line breaks become spaces. The
    whole sentence shows on hover and when the line is clicked open. ``found`` is
    ``keywords.kwic``'s frame, ``texts`` the reports' texts (``report_id``, ``text``); at most
    ``limit`` lines are drawn (the downloads keep every hit).
    """
    by_id = dict(zip(texts["report_id"].tolist(), texts["text"].tolist(), strict=True))
    rows = []
    columns = ("report_id", "unit", "year", "file", "start", "end")
    for rid, unit, year, file, start, end in zip(
        *(found[c].head(limit).tolist() for c in columns), strict=True
    ):
        text = by_id.get(rid)
        if not isinstance(text, str):
            continue
        start, end = int(start), int(end)
        left = _flat(text[max(0, start - width) : start])
        right = _flat(text[end : end + width])
        before, hit, after = _sentence(text, start, end)
        who = f"{unit} · {'—' if pd.isna(year) else f'{int(year)}年'}"
        title = html.escape(f"{before}{hit}{after}", quote=True)
        rows.append(
            f'<details class="kwic-row" title="{title}"><summary>'
            f'<span class="kwic-who">{html.escape(who)}</span>'
            f'<span class="kwic-left"><span>{html.escape(left)}</span></span>'
            f'<mark class="kwic-hit">{html.escape(_flat(text[start:end]))}</mark>'
            f'<span class="kwic-right">{html.escape(right)}</span></summary>'
            f'<div class="kwic-sentence">{html.escape(before)}<mark>{html.escape(hit)}</mark>'
            f"{html.escape(after)}"
            f'<span class="kwic-file">（{html.escape(str(file))}）</span></div></details>'
        )
    return f'<style>{_KWIC_CSS}</style><div class="kwic">{"".join(rows)}</div>'


_KWIC_CSS = """
.kwic { font-size: 15px; line-height: 1.9; border-top: 1px solid #e6e6e6; }
.kwic-row { border-bottom: 1px solid #eee; }
.kwic-row summary { display: grid; grid-template-columns: 13em minmax(0, 1fr) auto minmax(0, 1fr);
  column-gap: .4em; align-items: baseline; cursor: pointer; list-style: none; padding: 1px 4px; }
.kwic-row summary::-webkit-details-marker { display: none; }
.kwic-row summary:hover { background: #fafafa; }
.kwic-who { color: #666; font-size: 13px; white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; }
.kwic-left { display: flex; justify-content: flex-end; overflow: hidden; white-space: nowrap; }
.kwic-left > span { flex: none; }
.kwic-right { overflow: hidden; white-space: nowrap; }
.kwic-hit { background: #ffe08a; font-weight: 600; padding: 0 2px; white-space: nowrap; }
.kwic-sentence { padding: 4px 8px 8px 13.4em; color: #333; white-space: normal; }
.kwic-sentence mark { background: #ffe08a; }
.kwic-file { color: #888; font-size: 13px; }
"""


# --- corpus page and unit charts ---------------------------------------------------------------


def extraction_counts(
    reports: pd.DataFrame, mentions: pd.DataFrame, problems: pd.DataFrame
) -> pd.DataFrame:
    """Per report (in ``reports``' order and index): figures and problem items extracted."""
    figures = mentions.groupby("report_id").size()
    items = problems.groupby("report_id").size()
    ids = reports["report_id"]
    return pd.DataFrame(
        {
            "figures": ids.map(figures).fillna(0).astype(int),
            "problems": ids.map(items).fillna(0).astype(int),
        },
        index=reports.index,
    )


def known_units(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows whose unit was recognised: charts by unit keep unrecognised reports apart (they are
    different units, not one 未识别单位)."""
    return frame[frame["unit"] != UNKNOWN_UNIT].reset_index(drop=True)


def unknown_unit_note(frame: pd.DataFrame) -> str | None:
    """The note under a unit chart when reports without a recognised unit were left out."""
    n = int(frame.loc[frame["unit"] == UNKNOWN_UNIT, "report_id"].nunique())
    if not n:
        return None
    return f"另有 {n} 份报告未识别出单位，未计入按单位的图表；请在“语料库”页补全单位。"


def busiest_units(frame: pd.DataFrame, *, limit: int = CHART_UNITS) -> pd.DataFrame:
    """The rows of the ``limit`` units with the most rows (items, figures), ties by unit name.

    A chart by unit of a province's corpus would draw tens of thousands of units: it shows these.
    """
    counts = frame["unit"].value_counts()
    if len(counts) <= limit:
        return frame
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))[:limit]
    kept = {unit for unit, _ in ranked}
    return frame[frame["unit"].isin(kept)].reset_index(drop=True)


def chart_units_note(total: int, shown: int, *, what: str) -> str | None:
    """The caption under a chart that shows some of the units, or None when it shows them all."""
    if total <= shown:
        return None
    return f"共 {total} 个单位，图中只显示{what}的 {shown} 个；完整数据请看表格或下载。"


REPORT_PICK_LIMIT = 500  # reports listed in one picker; more are found by typing


def report_choices(
    reports: pd.DataFrame,
    *,
    query: str = "",
    limit: int = REPORT_PICK_LIMIT,
    keep: str | None = None,
) -> tuple[pd.DataFrame, int]:
    """The reports a picker lists, and how many match: those whose unit or file name contains
    ``query`` (every report when it is blank), the first ``limit`` in the frame's order.

    ``keep`` (the report already chosen, or one a link opens) stays listed, first, whatever the
    query, so that a choice is never lost by typing. A province's corpus has 100,000 reports: a
    picker of them all would send every label to the browser on every click.
    """
    text = query.strip()
    if text:
        hit = reports["unit"].astype(str).str.contains(text, regex=False) | reports["file"].astype(
            str
        ).str.contains(text, regex=False)
        found = reports[hit.to_numpy(dtype=bool)]
    else:
        found = reports
    shown = found.head(limit)
    if keep is not None and keep not in set(shown["report_id"]):
        kept = reports[reports["report_id"] == keep]
        shown = pd.concat([kept, shown.head(max(0, limit - len(kept)))])
    return shown.reset_index(drop=True), len(found)


# --- page views: what one page draws, computed in one call (cached by the dashboard) ----------


@dataclass(frozen=True)
class MetricView:
    """The 指标 page's tables for the chosen metrics: the unit × year table, the unit × metric
    heatmap of the busiest units, and the counts behind its captions."""

    unit_year: pd.DataFrame
    present: tuple[str, ...]  # the chosen metrics that have figures, in the chosen order
    matrix: pd.DataFrame
    matrix_evidence: pd.DataFrame
    total_units: int
    shown_units: int
    unknown_note: str | None


def metric_view(source: pd.DataFrame, keys: Sequence[str]) -> MetricView:
    """The ``MetricView`` of a metrics frame (table values, or values per 100 members)."""
    by_unit = known_units(source)
    in_keys = by_unit[by_unit["metric"].isin(list(keys))]
    chosen = busiest_units(in_keys)
    values, evidence = metric_matrix(chosen, keys)
    present = set(source["metric"].unique())
    return MetricView(
        unit_year=unit_year_table(by_unit, keys),
        present=tuple(k for k in keys if k in present),
        matrix=values,
        matrix_evidence=evidence,
        total_units=int(in_keys["unit"].nunique()),
        shown_units=int(chosen["unit"].nunique()),
        unknown_note=unknown_unit_note(source),
    )


def metric_focus(source: pd.DataFrame, key: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One metric's bar (every unit, highest first) and line (by year) data."""
    by_unit = known_units(source)
    return unit_summary(by_unit, key), year_series(by_unit, key)


@dataclass(frozen=True)
class CategoryView:
    """The 问题 page's category charts: the busiest units' unit × category counts, the counts
    by unit and by year, and the numbers behind the captions."""

    matrix: pd.DataFrame
    by_unit: pd.DataFrame
    by_year: pd.DataFrame
    total_units: int
    shown_units: int
    unknown_note: str | None


def category_view(categories: pd.DataFrame) -> CategoryView:
    """The ``CategoryView`` of a long categories frame (one row per item and category)."""
    known = known_units(categories)
    charted = busiest_units(known)  # a province's corpus: the units with the most items
    return CategoryView(
        matrix=category_matrix(charted),
        by_unit=category_counts(charted, by="unit"),
        by_year=category_counts(categories, by="year"),
        total_units=int(known["unit"].nunique()),
        shown_units=int(charted["unit"].nunique()),
        unknown_note=unknown_unit_note(categories),
    )
