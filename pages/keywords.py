"""关键词: top terms, the word cloud, distinctive terms of a unit or year, keyword in context."""

import streamlit as st

from analytics import charts, views
from analytics.errors import ReportError
from ui import data, filters, shell, urlstate, widgets

shell.page_guard()
CLOUD_AUTO_REPORTS = 300

st.title("关键词")
current = filters.current()
reports = data.filtered("reports", current)
if reports.empty:
    widgets.empty(f"当前筛选（{filters.describe(current)}）下没有报告。请放宽左侧筛选。")
    st.stop()

urlstate.seed_number("top_n", "top", 30, low=10, high=100, cast=int)
n = st.slider("高频词个数", min_value=10, max_value=100, step=5, key="top_n")
urlstate.keep("top", n, 30)
top = data.top_terms(current, n=n)
if top.empty:
    widgets.empty("当前筛选下的报告没有可统计的词语。")
    st.stop()
widgets.chart(charts.terms_bar(top, title=f"高频词（前 {n} 个）"), name="高频词", key="top")

st.subheader("词云")
# Drawing the cloud takes about a second; on a large selection it waits for the user to ask.
cloud_default = len(reports) <= CLOUD_AUTO_REPORTS
urlstate.seed_flag("show_cloud", "cloud", cloud_default)
show_cloud = st.toggle("显示词云", key="show_cloud")
urlstate.keep("cloud", show_cloud, cloud_default)
if show_cloud:
    png = data.word_cloud(data.top_terms(current, n=200))
    st.image(png, width="stretch")
    st.download_button(
        "下载词云 PNG",
        data=png,
        file_name="词云.png",
        mime="image/png",
        key="cloud-png",
        on_click="ignore",
        icon=":material/image:",
    )

st.subheader("特色词（与其他报告相比用得多的词）")
cols = st.columns([1, 2])
urlstate.seed_choice("distinct_by", "by", ["unit", "year"], "unit")
by = cols[0].radio(
    "比较对象",
    options=["unit", "year"],
    format_func={"unit": "单位", "year": "年度"}.get,
    key="distinct_by",
    horizontal=True,
)
urlstate.keep("by", by, "unit")
values = sorted(
    (views.known_units(reports) if by == "unit" else reports)[by].dropna().unique().tolist()
)
urlstate.seed_choice(f"distinct_{by}", "dv", values, next(iter(values), None))
value = cols[1].selectbox(
    "选择单位" if by == "unit" else "选择年度",
    options=values,
    format_func=lambda v: f"{v}年" if by == "year" else str(v),
    key=f"distinct_{by}",
)
urlstate.keep("dv", value, next(iter(values), None))
if value is not None:
    distinct = data.distinctive_terms(current, column=by, value=value, top=30)
    if distinct.empty:
        widgets.empty("没有找到特色词（可比较的其他报告太少）。")
    else:
        who = "该单位" if by == "unit" else "该年度"
        widgets.table(
            distinct,
            name=f"特色词_{value}",
            key="distinct",
            column_config={
                "次数": st.column_config.NumberColumn(f"{who}次数"),
                "其他次数": st.column_config.NumberColumn("其他报告次数"),
                "区分度": st.column_config.NumberColumn(
                    "区分度",
                    format="%.2f",
                    help="与其他报告相比多用的程度（对数几率 z 值），越大越有特色。",
                ),
                "z 值": None,  # the same figure as 区分度; kept in the downloads
            },
        )

st.subheader("关键词上下文检索")
cols = st.columns([3, 1])
urlstate.seed_text("kwic_query", "q")
urlstate.seed_flag("kwic_regex", "regex")
query = cols[0].text_input("检索词", key="kwic_query", placeholder="例如：三会一课")
regex = cols[1].checkbox("正则表达式", key="kwic_regex")
urlstate.keep("q", query.strip())
urlstate.keep("regex", regex, False)
if query.strip():
    try:
        found = data.kwic(current, query.strip(), regex=regex)
    except ReportError as err:
        st.error(err.text)
    else:
        if found.empty:
            widgets.empty(f"当前筛选的报告中没有找到“{query.strip()}”。")
        else:
            shown = min(len(found), views.KWIC_SHOWN)
            more = f"，下面列出前 {shown} 处（下载的表格含全部）" if shown < len(found) else ""
            st.caption(f"共找到 {len(found)} 处{more}。点击一行可展开整句，鼠标悬停也可查看。")
            texts = data.kwic_texts(current, query.strip(), regex=regex)
            st.html(views.concordance_html(found, texts))
            widgets.downloads(
                views.for_display(found.drop(columns=["report_id"])),
                name=f"检索_{query.strip()}",
                key="kwic",
            )
