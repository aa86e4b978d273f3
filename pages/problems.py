"""问题: problem categories per unit and year, repeated problems, the list of problem items."""

import streamlit as st

from analytics import charts, schema, views
from ui import data, filters, shell, widgets

shell.page_guard()
st.title("问题：类别分布与重复问题")
current = filters.current()
problems = data.filtered("problems", current)
if problems.empty:
    widgets.empty(
        f"当前筛选（{filters.describe(current)}）下没有识别出“存在问题”部分的条目。请放宽左侧筛选。"
    )
    st.stop()
categories = data.filtered("problem_categories", current)

st.subheader("重复出现的问题")
threshold = st.slider(
    "表述雷同的相似度阈值（字符二元组 Jaccard）",
    min_value=0.5,
    max_value=1.0,
    value=views.DEFAULT_SIMILARITY,
    step=0.05,
    key="similarity",
)
repeats = data.repeated_problems(current, threshold=threshold)
summary = views.repeat_summary(repeats)
if summary.empty:
    st.success("当前筛选下没有单位在相邻两个年度中重复出现同类问题或雷同表述。")
else:
    st.warning(
        f"{len(summary)} 个单位的问题在相邻年度重复出现（同一类别连续出现，或表述几乎相同）。"
    )
    widgets.table(summary, name="重复问题_按单位", key="repeat-summary", display=False)
    with st.expander("重复明细"):
        widgets.table(repeats, name="重复问题_明细", key="repeat-detail")

st.subheader("问题类别分布")
marked = set(summary["单位"]) if not summary.empty else set()
widgets.chart(
    charts.category_heatmap(
        views.category_matrix(categories), title="单位 × 问题类别（条数）", marked=marked
    ),
    name="单位问题类别热力图",
    key="heat",
)
widgets.chart(
    charts.category_bars(
        views.category_counts(categories, by="unit"),
        by="unit",
        by_label="单位",
        title="各单位问题类别",
    ),
    name="各单位问题类别",
    key="by-unit",
)
widgets.chart(
    charts.category_bars(
        views.category_counts(categories, by="year"),
        by="year",
        by_label="年度",
        title="各年度问题类别",
    ),
    name="各年度问题类别",
    key="by-year",
)

st.subheader("问题条目")
cols = st.columns([2, 2])
picked = cols[0].multiselect(
    "问题类别",
    options=list(schema.PROBLEM_CATEGORIES),
    format_func=lambda k: schema.PROBLEM_LABELS[k],
    key="problem_categories",
    placeholder="全部类别",
)
query = cols[1].text_input("条目包含文字", key="problem_query", placeholder="例如：形式主义")
items = views.problem_list(problems, categories=picked, query=query)
if items.empty:
    widgets.empty("没有符合条件的问题条目。")
else:
    widgets.table(items, name="问题条目", key="items")
