"""The tables a document is written from, bundled once for a selection of reports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from analytics import schema, views


def empty_findings() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in schema.FINDINGS})


@dataclass(frozen=True)
class Materials:
    """Reports, figures, problems and texts of one selection, and the review findings on them.

    ``findings`` has the columns of ``schema.FINDINGS``; ``texts`` maps report_id to full text.
    """

    reports: pd.DataFrame
    metrics: pd.DataFrame
    mentions: pd.DataFrame
    problems: pd.DataFrame
    texts: Mapping[str, str]
    findings: pd.DataFrame = field(default_factory=empty_findings)

    def report(self, report_id: str) -> pd.Series:
        rows = self.reports[self.reports["report_id"] == report_id]
        if rows.empty:
            raise KeyError(report_id)
        return rows.iloc[0]

    def ordered_ids(self) -> list[str]:
        """Report ids ordered as a 汇编 is: by unit type (SPEC order), unit, year, file."""
        order = {key: i for i, key in enumerate(schema.UNIT_TYPES)}
        frame = self.reports.assign(
            _type=self.reports["unit_type"].map(lambda t: order.get(str(t), len(order))),
            _year=self.reports["year"].fillna(0),
        )
        frame = frame.sort_values(["_type", "unit", "_year", "file"], kind="stable")
        return [str(r) for r in frame["report_id"]]


def build_materials(
    *,
    reports: pd.DataFrame,
    mentions: pd.DataFrame,
    problems: pd.DataFrame,
    texts: Mapping[str, str],
    findings: pd.DataFrame | None = None,
    report_ids: Sequence[str] | None = None,
) -> Materials:
    """Materials for the given reports (all when None); ``findings`` (schema.FINDINGS) are the
    审阅 findings the documents cite (``build.materials_from_store`` runs the review), none when
    not given.

    Comparisons (type medians, last year) use every report given, so pass the whole corpus and
    narrow with ``report_ids`` only where the selection should also narrow the comparisons.
    """
    from analytics import tables

    if report_ids is not None:
        wanted = set(report_ids)
        reports = reports[reports["report_id"].isin(wanted)]
        mentions = mentions[mentions["report_id"].isin(wanted)]
        problems = problems[problems["report_id"].isin(wanted)]
    findings = empty_findings() if findings is None else findings
    findings = findings[findings["report_id"].isin(set(reports["report_id"]))]
    ids = set(reports["report_id"])
    return Materials(
        reports=reports.reset_index(drop=True),
        metrics=tables.metrics_from_mentions(mentions).reset_index(drop=True),
        mentions=mentions.reset_index(drop=True),
        problems=problems.reset_index(drop=True),
        texts={k: v for k, v in texts.items() if k in ids},
        findings=findings.reset_index(drop=True),
    )


def figure_comparison(materials: Materials, report_id: str) -> pd.DataFrame:
    """Each figure of one report beside its unit type's median (same year) and its last year.

    The median is over the reports of the same unit type and year that state the metric; it is
    missing when fewer than two such reports exist. ``prev_value`` is the same unit's figure in
    the year before, where that report is in the materials.
    """
    row = materials.report(report_id)
    metrics = materials.metrics
    own = metrics[metrics["report_id"] == report_id]
    measures = views.metric_measures(materials.mentions)
    same_type = metrics[
        (metrics["unit_type"] == row["unit_type"]) & (metrics["year"] == row["year"])
        if pd.notna(row["year"])
        else metrics["unit_type"] == row["unit_type"]
    ]
    prev = (
        metrics[(metrics["unit"] == row["unit"]) & (metrics["year"] == int(row["year"]) - 1)]
        if pd.notna(row["year"])
        else metrics.iloc[0:0]
    )
    prev_values = dict(zip(prev["metric"], prev["value"], strict=True))
    rows = []
    for metric, value, evidence in zip(own["metric"], own["value"], own["evidence"], strict=True):
        peers = same_type.loc[same_type["metric"] == metric, "value"]
        median = float(peers.median()) if len(peers) >= 2 else float("nan")
        rows.append(
            (
                metric,
                float(value),
                measures.get(schema.METRIC_LABELS.get(str(metric), str(metric)), ""),
                evidence,
                median,
                len(peers),
                float(prev_values[metric]) if metric in prev_values else float("nan"),
            )
        )
    order = {k: i for i, k in enumerate(schema.METRIC_KEYS)}
    out = pd.DataFrame(rows, columns=list(schema.FIGURE_COMPARISON))
    return out.sort_values("metric", key=lambda s: s.map(order)).reset_index(drop=True)


def number(value: float) -> str:
    """A figure as people write it: 12, 2.5, 23000 (no trailing .0)."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
