"""Plotly figures for the dashboard, built from the frames of ``views`` (titles in Chinese)."""

from __future__ import annotations

import html
import re
from collections.abc import Collection
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analytics import schema

FONT_FAMILY = (
    "WenQuanYi Micro Hei, Noto Sans SC, Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
)
WRAP_WIDTH = 28
MAX_EVIDENCE_CHARS = 600
HEATMAP_TOP = 130  # room for the title above a heatmap's column labels (drawn on top)
# An explicit template: a figure built inside the dashboard otherwise takes Streamlit's, whose
# colours are placeholders (#000001, #000002 …) that only the browser replaces, so that exported
# images came out grey. The screen shows the figure with this template too (theme=None).
TEMPLATE = "plotly_white"
SMALL_COUNT = 10  # count axes below this maximum get a tick at every whole number

_BREAKS = re.compile(r"\n+")

# One fixed, distinct colour per problem category (13 of them: more than a default palette holds,
# which would paint two categories alike), the same in every chart.
_PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
    "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#e7ba52", "#aec7e8",
)  # fmt: skip
# Units in line, radar and grouped charts: the first colours of the same palette.
UNIT_COLORS: tuple[str, ...] = _PALETTE
CATEGORY_COLORS: dict[str, str] = {
    label: _PALETTE[i % len(_PALETTE)] for i, label in enumerate(schema.PROBLEM_LABELS.values())
}


def wrap(text: object, width: int = WRAP_WIDTH, *, limit: int = MAX_EVIDENCE_CHARS) -> str:
    """Text made safe for a plotly hover: escaped, cut at ``limit`` characters, broken with <br>."""
    if not isinstance(text, str) or not text:
        return ""
    clipped = text if len(text) <= limit else text[:limit] + "…"
    lines = []
    for para in _BREAKS.split(clipped):
        for i in range(0, max(len(para), 1), width):
            lines.append(html.escape(para[i : i + width]))
    return "<br>".join(lines)


def _layout(
    fig: go.Figure, title: str, *, height: int | None = None, top: int = 60, **extra: Any
) -> go.Figure:
    fig.update_layout(
        title={
            "text": html.escape(title),
            "x": 0.01,
            "y": 1,
            "yanchor": "top",
            "yref": "container",
            "pad": {"t": 12},
        },
        font={"family": FONT_FAMILY, "size": 13},
        margin={"l": 10, "r": 10, "t": top, "b": 10},
        hoverlabel={"font": {"family": FONT_FAMILY}, "align": "left"},
        height=height,
        template=TEMPLATE,
        colorway=list(UNIT_COLORS),
        **extra,
    )
    # Room for tick labels and axis titles, so that nothing is cut at the edge or overlaps.
    fig.update_xaxes(automargin=True, title_standoff=8)
    fig.update_yaxes(automargin=True, title_standoff=8)
    return fig


def number_text(value: object) -> str:
    """A figure as people read it: whole numbers as they are, others with one decimal (2.3)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "—"
    number = float(value)  # type: ignore[arg-type]
    return f"{number:.0f}" if number.is_integer() else f"{number:.1f}"


def count_axis(values: Collection[float], **extra: Any) -> dict[str, Any]:
    """An axis of counts: whole-number ticks only (no 0.5 条), starting at zero."""
    top = max((float(v) for v in values if not pd.isna(v)), default=0.0)
    axis: dict[str, Any] = {"rangemode": "tozero", "tickformat": ",d", **extra}
    if top < SMALL_COUNT:
        axis.update(tick0=0, dtick=1)
    return axis


def _auto_height(rows: int, *, per_row: int = 26, base: int = 160, cap: int = 3000) -> int:
    return int(min(cap, max(320, base + per_row * rows)))


def bar_by_unit(summary: pd.DataFrame, *, metric_label: str, title: str) -> go.Figure:
    """Horizontal bars: one metric per unit; hover shows the sentence(s) the value came from.

    ``summary`` is ``views.unit_summary``: unit, value, reports, evidence.
    """
    frame = summary.sort_values("value", ascending=True)
    custom = np.array(
        [
            [wrap(e), int(n), number_text(v) + ("（年均值）" if n > 1 else "")]
            for e, n, v in zip(frame["evidence"], frame["reports"], frame["value"], strict=True)
        ],
        dtype=object,
    )
    whole = bool((frame["value"].dropna() % 1 == 0).all())
    fig = go.Figure(
        go.Bar(
            x=frame["value"],
            y=frame["unit"],
            orientation="h",
            customdata=custom,
            marker_color="#c0392b",
            hovertemplate=(
                "<b>%{y}</b><br>" + html.escape(metric_label) + "：%{customdata[2]}"
                "（%{customdata[1]} 份报告）<br><br>%{customdata[0]}<extra></extra>"
            ),
        )
    )
    return _layout(
        fig,
        title,
        height=_auto_height(len(frame)),
        xaxis=(
            count_axis(frame["value"].tolist(), title=html.escape(metric_label))
            if whole
            else {"title": html.escape(metric_label), "rangemode": "tozero"}
        ),
        yaxis={"automargin": True, "title": ""},
    )


def line_by_year(series: pd.DataFrame, *, metric_label: str, title: str) -> go.Figure:
    """Lines by year, one per series (unit or the mean); hover shows the evidence.

    ``series`` is ``views.year_series``: series, year, value, evidence.
    """
    fig = go.Figure()
    for name, group in series.groupby("series", sort=True):
        group = group.sort_values("year")
        fig.add_trace(
            go.Scatter(
                x=group["year"].astype(int),
                y=group["value"],
                mode="lines+markers",
                name=str(name),
                customdata=[[wrap(e)] for e in group["evidence"]],
                hovertemplate=(
                    f"<b>{html.escape(str(name))}</b> %{{x}}年<br>{html.escape(metric_label)}："
                    "%{y}<br><br>%{customdata[0]}<extra></extra>"
                ),
            )
        )
    return _layout(
        fig,
        title,
        height=420,
        xaxis={"title": "年度", "dtick": 1, "tickformat": "d"},
        yaxis=(
            count_axis(series["value"].tolist(), title=html.escape(metric_label))
            if bool((series["value"].dropna() % 1 == 0).all())
            else {"title": html.escape(metric_label)}
        ),
        legend_title_text="单位",
    )


def metric_heatmap(values: pd.DataFrame, evidence: pd.DataFrame, *, title: str) -> go.Figure:
    """Unit × metric heatmap (``views.metric_matrix``); hover shows each cell's evidence.

    Metrics differ in size (members in the hundreds, lectures a handful), so each column is
    coloured relative to its own largest value; the cells show the real values.
    """
    raw = values.to_numpy(dtype="float64", na_value=float("nan"))
    present = ~np.isnan(raw)
    peak = np.where(present, raw, -np.inf).max(axis=0) if raw.size else np.array([])
    peak = np.where(np.isfinite(peak) & (peak > 0), peak, 1.0)
    relative = np.where(present, raw / peak, np.nan) if raw.size else raw
    text = [["" if np.isnan(v) else number_text(v) for v in row] for row in raw.tolist()]
    custom = np.array(
        [[wrap(e) for e in row] for row in evidence.to_numpy().tolist()], dtype=object
    )
    fig = go.Figure(
        go.Heatmap(
            z=relative,
            x=list(values.columns),
            y=list(values.index),
            text=text,
            texttemplate="%{text}",
            customdata=custom,
            colorscale="Reds",
            zmin=0,
            zmax=1,
            hoverongaps=False,
            colorbar={  # the title says what the colour means
                "tickvals": [0, 0.5, 1],
                "ticktext": ["0", "该指标最大值的一半", "该指标最大值"],
            },
            hovertemplate="<b>%{y}</b> · %{x}：%{text}<br><br>%{customdata}<extra></extra>",
        )
    )
    return _layout(
        fig,
        title,
        height=_auto_height(len(values.index)) + 30,
        top=90,
        yaxis={"automargin": True, "autorange": "reversed"},
        xaxis={"side": "top"},
    )


REPEAT_MARK = "（连续重复）"


def category_heatmap(
    matrix: pd.DataFrame, *, title: str, marked: Collection[str] = ()
) -> go.Figure:
    """Unit × problem category heatmap of item counts (``views.category_matrix``).

    Units in ``marked`` (their problems repeat from one year to the next) carry REPEAT_MARK.
    """
    rows = [f"{u}{REPEAT_MARK}" if u in marked else str(u) for u in matrix.index]
    fig = go.Figure(
        go.Heatmap(
            z=matrix.to_numpy(dtype="float64"),
            x=list(matrix.columns),
            y=rows,
            colorscale="OrRd",
            colorbar={"title": "条数", "tickformat": "d", "dtick": _count_step(matrix)},
            hovertemplate="<b>%{y}</b> · %{x}：%{z} 条<extra></extra>",
        )
    )
    return _layout(
        fig,
        title,
        height=_auto_height(len(matrix.index)) + HEATMAP_TOP - 60,
        top=HEATMAP_TOP,
        yaxis={"automargin": True, "autorange": "reversed"},
        xaxis={"side": "top"},
    )


def _count_step(matrix: pd.DataFrame) -> int:
    """Whole-number colour-bar ticks for counts (no 2.5 条), about five of them."""
    top = int(matrix.to_numpy().max()) if matrix.size else 1
    return max(1, -(-top // 5))


def category_bars(counts: pd.DataFrame, *, by: str, by_label: str, title: str) -> go.Figure:
    """Stacked bars of problem items per ``by`` (unit or year), one colour per category.

    ``counts`` is ``views.category_counts``: [by, category (label), count].
    """
    fig = go.Figure()
    horizontal = by != "year"
    for category, group in counts.groupby("category", sort=False):
        keys = group[by].astype(int).astype(str) if by == "year" else group[by]
        bar = go.Bar(
            x=group["count"] if horizontal else keys,
            y=keys if horizontal else group["count"],
            name=str(category),
            marker_color=CATEGORY_COLORS.get(str(category)),
            orientation="h" if horizontal else "v",
            hovertemplate=(
                f"%{{{'y' if horizontal else 'x'}}} · {html.escape(str(category))}："
                f"%{{{'x' if horizontal else 'y'}}} 条<extra></extra>"
            ),
        )
        fig.add_trace(bar)
    rows = counts[by].nunique()
    axis_title = {"title": by_label, "automargin": True}
    count_title = count_axis(counts.groupby(by)["count"].sum().tolist(), title="问题条数")
    return _layout(
        fig,
        title,
        height=_auto_height(rows) if horizontal else 420,
        barmode="stack",
        legend_title_text="问题类别",
        xaxis=count_title if horizontal else {**axis_title, "type": "category"},
        yaxis=axis_title if horizontal else count_title,
    )


def radar(normalised: pd.DataFrame, raw: pd.DataFrame, *, title: str) -> go.Figure:
    """One closed polygon per unit over the metrics (each metric scaled to the largest unit)."""
    fig = go.Figure()
    labels = list(normalised.index)
    for unit in normalised.columns:
        r = normalised[unit].tolist()
        values = ["—" if pd.isna(v) else f"{v:g}" for v in raw[unit].tolist()]
        fig.add_trace(
            go.Scatterpolar(
                r=[*r, r[0]] if r else r,
                theta=[*labels, labels[0]] if labels else labels,
                customdata=[*values, values[0]] if values else values,
                fill="toself",
                opacity=0.55,
                name=str(unit),
                hovertemplate=(
                    f"<b>{html.escape(str(unit))}</b><br>%{{theta}}：%{{customdata}}"
                    "（相对值 %{r:.2f}）<extra></extra>"
                ),
            )
        )
    fig = _layout(
        fig,
        title,
        height=560,
        polar={
            "radialaxis": {"visible": True, "range": [0, 1], "tickformat": ".1f"},
            "angularaxis": {"tickfont": {"size": 12}},
            "domain": {"x": [0.08, 0.92], "y": [0.08, 0.9]},
        },
        legend_title_text="单位",
    )
    # The metric names around the circle stand outside the plot area: keep room for them.
    return fig.update_layout(margin={"l": 90, "r": 90, "t": 80, "b": 70})


def grouped_bars(table: pd.DataFrame, *, title: str, value_label: str) -> go.Figure:
    """Grouped bars: rows of ``table`` on the x axis, one bar colour per column (unit)."""
    fig = go.Figure()
    for column in table.columns:
        fig.add_trace(
            go.Bar(
                x=list(table.index),
                y=table[column].tolist(),
                name=str(column),
                hovertemplate=(
                    f"<b>{html.escape(str(column))}</b><br>%{{x}}：%{{y}}<extra></extra>"
                ),
            )
        )
    return _layout(
        fig,
        title,
        height=440,
        barmode="group",
        yaxis=count_axis(table.to_numpy().ravel().tolist(), title=html.escape(value_label)),
        legend_title_text="单位",
        xaxis={"type": "category"},
    )


def terms_bar(terms: pd.DataFrame, *, title: str) -> go.Figure:
    """Horizontal bars of the most frequent terms (``term``, ``count``)."""
    frame = terms.sort_values("count", ascending=True)
    fig = go.Figure(
        go.Bar(
            x=frame["count"],
            y=frame["term"],
            orientation="h",
            marker_color="#c0392b",
            hovertemplate="%{y}：%{x} 次<extra></extra>",
        )
    )
    return _layout(
        fig,
        title,
        height=_auto_height(len(frame), per_row=22),
        xaxis=count_axis(frame["count"].tolist(), title="出现次数"),
        yaxis={"automargin": True, "title": ""},
    )
