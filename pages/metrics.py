"""指标: chosen metrics by unit and year — table, bar, line and heatmap with evidence on hover."""

import streamlit as st

from analytics import charts, schema, views
from ui import data, filters, shell, urlstate, widgets

shell.page_guard()
st.title("指标：按单位和年度")
current = filters.current()
metrics = data.filtered("metrics", current)
if metrics.empty:
    widgets.empty(
        f"当前筛选（{filters.describe(current)}）下没有抽取到任何指标。请放宽左侧的年度、单位类型或单位筛选。"
    )
    st.stop()

choices = views.metric_choices(metrics)
default_keys = views.default_metric_keys(metrics)
urlstate.seed_list("metric_keys", "m", choices, default_keys)
keys = st.multiselect(
    "选择指标",
    options=choices,
    format_func=lambda k: schema.METRIC_LABELS.get(k, k),
    key="metric_keys",
)
urlstate.keep("m", keys, default_keys)
urlstate.seed_flag("per_100", "per100")
per_100 = st.toggle(
    "按每百名党员计算",
    key="per_100",
    help="数值 ÷ 同一报告中的党员人数 × 100；未写明党员人数的报告不参与计算。",
)
urlstate.keep("per100", per_100, False)
if not keys:
    widgets.empty("请至少选择一个指标。")
    st.stop()
source = data.metric_source(current, per_100=per_100)
if source.empty:
    widgets.empty("当前筛选下没有写明党员人数的报告，无法按每百名党员计算。请关闭该选项。")
    st.stop()
suffix = "（每百名党员）" if per_100 else ""
view = data.metric_view(current, keys, per_100=per_100)

st.subheader("单位 × 年度" + suffix)
widgets.table(view.unit_year, name="指标_单位年度" + suffix, key="unit-year", display=False)

focus_options = list(view.present)
urlstate.seed_choice("metric_focus", "focus", focus_options, next(iter(focus_options), None))
focus = st.selectbox(
    "图表显示的指标",
    options=focus_options,
    format_func=lambda k: schema.METRIC_LABELS.get(k, k),
    key="metric_focus",
)
urlstate.keep("focus", focus, next(iter(focus_options), None))
if focus is not None:
    name = schema.METRIC_LABELS[focus] + suffix
    label = views.metric_axis_label(focus, data.metric_measures(), per_100=per_100)
    ranked, series = data.metric_focus(current, focus, per_100=per_100)
    widgets.chart(
        charts.bar_by_unit(
            ranked.head(views.CHART_UNITS),  # a province's corpus: the highest values
            metric_label=label,
            title=f"各单位{name}（多年取年均值；悬停查看原文）",
        ),
        name=f"各单位_{name}",
        key="bar",
    )
    if note := views.chart_units_note(len(ranked), views.CHART_UNITS, what="数值最高"):
        st.caption(note)
    widgets.chart(
        charts.line_by_year(series, metric_label=label, title=f"{name}逐年变化"),
        name=f"逐年_{name}",
        key="line",
    )

if view.unknown_note:
    st.caption(view.unknown_note)
if not view.matrix.empty:
    widgets.chart(
        charts.metric_heatmap(
            view.matrix,
            view.matrix_evidence,
            title="单位 × 指标热力图" + suffix + "（多年取年均值；颜色按同一指标内的相对大小）",
        ),
        name="单位指标热力图" + suffix,
        key="heat",
    )
    if note := views.chart_units_note(view.total_units, view.shown_units, what="指标数最多"):
        st.caption(note)

with st.expander("指标原文依据（每份报告每个指标取最大值所在的句子）"):
    widgets.table(data.metric_evidence(current, keys), name="指标原文依据", key="evidence")
