"""对比: 2–4 units side by side — metrics with differences, radar, problem categories, terms."""

import streamlit as st

from analytics import charts, views
from ui import data, filters, shell, urlstate, widgets

shell.page_guard()
st.title("对比：单位之间")
current = filters.current()
reports = data.filtered("reports", current)
units = sorted(views.known_units(reports)["unit"].dropna().unique().tolist())
if len(units) < 2:
    widgets.empty(
        f"当前筛选（{filters.describe(current)}）下不足两个单位，无法对比。请放宽左侧筛选。"
    )
    st.stop()

cols = st.columns([3, 1])
urlstate.seed_list("compare_units", "cu", units, units[:2])
if len(st.session_state["compare_units"]) > 4:
    st.session_state["compare_units"] = st.session_state["compare_units"][:4]
chosen = cols[0].multiselect(
    "选择 2–4 个单位",
    options=units,
    max_selections=4,
    key="compare_units",
)
urlstate.keep("cu", chosen)
years = sorted(int(y) for y in reports.loc[reports["unit"].isin(chosen), "year"].dropna().unique())
urlstate.seed_choice("compare_year", "cy", years)
year = cols[1].selectbox(
    "年度",
    options=[None, *years],
    format_func=lambda y: "全部年度（年均值）" if y is None else f"{y}年",
    key="compare_year",
)
urlstate.keep("cy", year)
if len(chosen) < 2:
    widgets.empty("请选择 2–4 个单位进行对比。")
    st.stop()

table = views.compare_metrics(data.filtered("metrics", current), chosen, year=year)
deltas = views.deltas_vs_others(table)
problem_table = views.compare_categories(
    data.filtered("problem_categories", current), chosen, year=year
)

measures = data.metric_measures()
for col, unit in zip(st.columns(len(chosen)), chosen, strict=True):
    with col, st.container(border=True):
        st.subheader(unit)
        if table.empty:
            st.caption("所选单位均未抽取到指标。")
        for cell in views.compare_cells(table, deltas, unit, measures=measures, mean=year is None):
            st.metric(
                cell.label,
                cell.value,
                delta=cell.delta,
                delta_color="off",
                delta_arrow="auto" if cell.compared else "off",
                delta_description="与其他单位平均相比" if cell.compared else None,
                help="差值 = 本单位 − 其他所选单位（写明该指标的）的平均值；“—”表示报告中未写明",
            )
        if unit in problem_table.columns:
            counts = problem_table[unit]
            listed = "、".join(f"{k} {int(v)}" for k, v in counts.items() if v > 0)
            st.markdown(f"**问题类别**：{listed or '无'}")
        terms = data.distinctive_terms(current, column="unit", value=unit, top=10)
        if not terms.empty:
            st.markdown("**特色词**：" + "、".join(terms["term"].astype(str)))

if not table.empty:
    st.subheader("指标对比")
    widgets.table(table, name="单位对比_指标", key="compare-metrics", display=False, index=True)
    widgets.chart(
        charts.radar(
            views.normalise_rows(table), table, title="指标雷达图（各指标以所选单位中的最大值为 1）"
        ),
        name="单位对比_雷达图",
        key="radar",
    )
if not problem_table.empty:
    st.subheader("问题类别对比")
    widgets.chart(
        charts.grouped_bars(problem_table, title="各单位问题类别条数", value_label="问题条数"),
        name="单位对比_问题类别",
        key="problems",
    )
