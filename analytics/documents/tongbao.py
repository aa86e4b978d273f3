"""通报 figures: every metric per unit and year, its evidence, review flags and a summary table."""

from __future__ import annotations

from typing import Final

import pandas as pd

from analytics import export, schema, tables, views
from analytics.documents.materials import Materials

# The summary the level above asks for: per unit type, the corpus-wide totals of these figures.
SUMMARY_METRICS: Final = (
    "members_admitted",
    "members_confirmed",
    "activists",
    "party_lectures",
    "theme_party_days",
    "org_life_meetings",
    "branch_committee_meetings",
    "party_members",
    "branches",
)
SHEETS: Final = ("汇总", "分单位指标", "指标依据", "问题类别", "审阅标记", "报告清单")


def summary_table(materials: Materials) -> pd.DataFrame:
    """Per year and unit type (and a 合计 row per year): reports, units, problems, flagged
    reports, metric totals.

    Each metric has its total, and in brackets how many reports state it: a total over the
    reports that state a figure, not over all reports.
    """
    reports, metrics = materials.reports, materials.metrics
    problems, findings = materials.problems, materials.findings
    groups = [(schema.UNIT_TYPE_LABELS[t], t) for t in schema.UNIT_TYPES]
    rows = []

    def row_for(year: str, label: str, mask_reports: pd.Series) -> dict[str, object]:
        ids = set(reports.loc[mask_reports, "report_id"])
        chosen = metrics[metrics["report_id"].isin(ids)]
        record: dict[str, object] = {
            "年度": year,
            "单位类型": label,
            "报告数": len(ids),
            "单位数": reports.loc[mask_reports, "unit"].nunique(),
            "问题条目数": int(problems["report_id"].isin(ids).sum()),
            "有审阅发现的报告数": int(
                findings.loc[findings["report_id"].isin(ids), "report_id"].nunique()
            ),
        }
        for key in SUMMARY_METRICS:
            values = chosen.loc[chosen["metric"] == key, "value"]
            label_key = schema.METRIC_LABELS[key]
            record[f"{label_key}合计"] = float(values.sum()) if len(values) else None
            record[f"{label_key}（写明的报告数）"] = len(values)
        return record

    years = sorted({int(y) for y in reports["year"].dropna()})
    masks = [(str(y), reports["year"] == y) for y in years]
    if reports["year"].isna().any():
        masks.append(("年度未识别", reports["year"].isna()))
    for year, in_year in masks:
        in_year = in_year.fillna(False).astype(bool)
        for label, key in groups:
            mask = in_year & (reports["unit_type"] == key)
            if mask.any():
                rows.append(row_for(year, label, mask))
        rows.append(row_for(year, "合计", in_year))
    return pd.DataFrame(rows)


def unit_metric_table(materials: Materials) -> pd.DataFrame:
    """Unit × year, every metric a column (Chinese headers), with the unit type beside the unit."""
    wide = views.unit_year_table(materials.metrics, list(schema.METRIC_KEYS))
    types = materials.reports.drop_duplicates("unit").set_index("unit")["unit_type"]
    wide.insert(
        1,
        "单位类型",
        wide["单位"].map(lambda u: schema.UNIT_TYPE_LABELS.get(str(types.get(u)), "")),
    )
    return wide


def category_table(materials: Materials) -> pd.DataFrame:
    """Unit × year × problem category: how many items of each category a report names."""
    cats = tables.problem_categories_frame(materials.problems)
    if cats.empty:
        return pd.DataFrame(columns=["单位", "年度"])
    wide = cats.pivot_table(
        index=["unit", "year"], columns="category", values="item", aggfunc="count", fill_value=0
    )
    wide = wide.reindex(columns=[c for c in schema.PROBLEM_CATEGORIES if c in wide.columns])
    wide.columns = [schema.PROBLEM_LABELS[c] for c in wide.columns]
    wide = wide.reset_index().rename(columns={"unit": "单位", "year": "年度"})
    wide.columns.name = None
    return wide


def tongbao_tables(materials: Materials) -> dict[str, pd.DataFrame]:
    """The sheets of the 通报 workbook, in order (Chinese sheet names and headers)."""
    reports = materials.reports[
        ["unit", "unit_type", "year", "secretary", "file", "chars", "needs_review", "report_id"]
    ]
    return {
        "汇总": summary_table(materials),
        "分单位指标": unit_metric_table(materials),
        "指标依据": tables.for_people(materials.metrics),
        "问题类别": category_table(materials),
        "审阅标记": tables.for_people(materials.findings),
        "报告清单": tables.for_people(reports),
    }


def tongbao_xlsx(materials: Materials) -> bytes:
    """The 通报 workbook as .xlsx bytes (formula-like text neutralised, as every export)."""
    return export.workbook_bytes(tongbao_tables(materials))
