"""问题: problem categories per unit and year, repeated problems, the list of problem items."""

import streamlit as st

from analytics import charts, schema, views
from ui import data, filters, shell, urlstate, widgets

shell.page_guard()
st.title("问题：类别分布与重复问题")
current = filters.current()
problems = data.filtered("problems", current)
if problems.empty:
    widgets.empty(
        f"当前筛选（{filters.describe(current)}）下没有识别出“存在问题”部分的条目。请放宽左侧筛选。"
    )
    st.stop()

st.subheader("连续重复的问题表述")
urlstate.seed_number("similarity", "sim", views.DEFAULT_SIMILARITY, low=0.5, high=1.0, cast=float)
threshold = st.slider(
    "表述雷同的判定阈值（相似度）",
    min_value=0.5,
    max_value=1.0,
    step=0.05,
    key="similarity",
    help="本年度的一条问题与同一单位上一年度最接近的一条相比，相邻两字的重合比例；"
    "1 表示一字不差，默认 0.8 即“几乎原样重复”。",
)
urlstate.keep("sim", round(threshold, 2), views.DEFAULT_SIMILARITY)
repeats = data.repeated_problems(current, threshold=threshold)
summary = data.repeat_summary(current, threshold=threshold)
if summary.empty:
    st.success("当前筛选下没有单位在相邻两个年度中几乎原样重复问题表述。")
else:
    st.warning(
        f"{len(summary)} 个单位的问题表述与本单位上一年度几乎相同（相似度 ≥ {threshold:.2f}），"
        "已在热力图中标为“连续重复”。"
    )
    widgets.table(summary, name="连续重复问题_按单位", key="repeat-summary", display=False)
    st.caption("“连续出现的问题类别”只是同一类别在相邻年度都被提到，不代表表述重复，仅供参考。")
    repeat_units = summary["单位"].tolist()
    urlstate.seed_choice("repeat_unit", "ru", repeat_units, repeat_units[0])
    unit = st.selectbox(
        "查看重复的问题表述（上一年度与本年度对照）",
        options=repeat_units,
        key="repeat_unit",
    )
    urlstate.keep("ru", unit, repeat_units[0])
    widgets.text_table(views.repeat_pairs(repeats, unit=unit))
    st.caption("下载上述全部单位的对照明细：")
    widgets.downloads(
        lambda: views.repeat_pairs(repeats), name="连续重复问题_对照明细", key="repeat-all"
    )

st.subheader("问题类别分布")
marked = set(summary["单位"]) if not summary.empty else set()
view = data.category_view(current)
widgets.chart(
    charts.category_heatmap(view.matrix, title="单位 × 问题类别（条数）", marked=marked),
    name="单位问题类别热力图",
    key="heat",
)
if marked:
    st.caption("单位名后标有“（连续重复）”的，其问题表述与上一年度几乎相同，详见上方对照表。")
widgets.chart(
    charts.category_bars(view.by_unit, by="unit", by_label="单位", title="各单位问题类别"),
    name="各单位问题类别",
    key="by-unit",
)
for note in (
    views.chart_units_note(view.total_units, view.shown_units, what="问题条数最多"),
    view.unknown_note,
):
    if note:
        st.caption(note)
widgets.chart(
    charts.category_bars(view.by_year, by="year", by_label="年度", title="各年度问题类别"),
    name="各年度问题类别",
    key="by-year",
)

st.subheader("问题条目")
cols = st.columns([2, 2])
urlstate.seed_list("problem_categories", "cat", list(schema.PROBLEM_CATEGORIES), [])
urlstate.seed_text("problem_query", "pq")
picked = cols[0].multiselect(
    "问题类别",
    options=list(schema.PROBLEM_CATEGORIES),
    format_func=lambda k: schema.PROBLEM_LABELS[k],
    key="problem_categories",
    placeholder="全部类别",
)
query = cols[1].text_input("条目包含文字", key="problem_query", placeholder="例如：形式主义")
urlstate.keep("cat", picked)
urlstate.keep("pq", query.strip())
items = data.problem_items(current, categories=picked, query=query)
if items.empty:
    widgets.empty("没有符合条件的问题条目。")
else:
    st.caption(f"共 {len(items)} 条。")
    widgets.table(
        items,
        name="问题条目",
        key="items",
        column_config={"问题表述": st.column_config.TextColumn(width="large")},
    )
