"""报告: one report's full text with its figures and problems highlighted, and its metadata."""

import pandas as pd
import streamlit as st

from analytics import schema, views
from analytics.documents import build
from analytics.review import display
from ui import data, filters, printview, shell, urlstate, widgets

FIGURE_COLUMNS = ["metric", "value", "approx", "unit_of_measure", "confidence", "confidence_reason"]

shell.page_guard()
st.title("报告：逐份阅读")
current = filters.current()
reports = data.filtered("reports", current).sort_values(["unit", "year", "file"])
if reports.empty:
    widgets.empty(f"当前筛选（{filters.describe(current)}）下没有报告。请放宽左侧筛选。")
    st.stop()

wanted = st.query_params.get("report")
listed = reports
if len(reports) > views.REPORT_PICK_LIMIT:  # a province's corpus: find, then pick
    query = st.text_input(
        "查找报告", key="report_query", placeholder="输入单位名称或文件名中的文字，例如：街道"
    )
    linked = wanted is not None and bool((reports["report_id"] == wanted).any())
    keep = wanted if linked else st.session_state.get("report_pick")
    listed, matching = views.report_choices(
        reports, query=query, keep=keep, limit=views.REPORT_PICK_LIMIT
    )
    more = matching > views.REPORT_PICK_LIMIT
    st.caption(
        f"共 {len(reports)} 份报告，符合的 {matching} 份"
        + (
            f"；下拉框列出前 {views.REPORT_PICK_LIMIT} 份，请输入更多文字缩小范围。"
            if more
            else "。"
        )
    )
    if matching == 0:
        widgets.empty(f"没有单位名称或文件名包含“{query.strip()}”的报告。请换一个词查找。")
        st.stop()
labels = {
    rid: f"{unit} · {'年度未识别' if pd.isna(year) else f'{int(year)}年'} · {file}"
    for rid, unit, year, file in zip(
        listed["report_id"], listed["unit"], listed["year"], listed["file"], strict=True
    )
}
link = (wanted, st.query_params.get("ev"))  # opened from the 审阅 page at a finding
fresh_link = link[1] is not None and st.session_state.get("_review_link") != link
if wanted in labels and ("report_pick" not in st.session_state or fresh_link):
    st.session_state["report_pick"] = wanted
    st.session_state["_review_link"] = link
chosen = st.selectbox(
    "选择报告", options=list(labels), format_func=lambda r: labels.get(r, r), key="report_pick"
)
if chosen is None:
    st.stop()
st.query_params["report"] = chosen
row = reports[reports["report_id"] == chosen].iloc[0]
at, to = st.query_params.get("ev"), st.query_params.get("ev_end")
if chosen == wanted and at is not None and to is not None and at.isdigit() and to.isdigit():
    st.markdown("**审阅发现的依据**（从审阅页打开，橙色底为依据原文）")
    st.html(display.evidence_html(data.report_text(chosen), int(at), int(to)))
urlstate.seed_flag("print_view", "print")
printing = st.toggle(
    "打印视图", key="print_view", help="全文、抽取的数字和问题条目依次排开，按 A4 纸打印"
)
urlstate.keep("print", printing, False)
mentions = data.report_rows("mentions", chosen)
problems = data.report_rows("problems", chosen)
if printing:
    printview.show(row, data.report_text(chosen), mentions, problems)
    st.stop()

cols = st.columns(4)
cols[0].markdown(f"**单位**：{row['unit']}")
cols[1].markdown(f"**单位类型**：{schema.UNIT_TYPE_LABELS.get(row['unit_type'], row['unit_type'])}")
cols[2].markdown(f"**年度**：{'未识别' if pd.isna(row['year']) else int(row['year'])}")
cols[3].markdown(f"**书记**：{row['secretary'] if isinstance(row['secretary'], str) else '未写明'}")
st.caption(f"文件：{row['file']}（{row['chars']} 字）")
if row["review_reasons"]:
    st.warning(
        f"这份报告的元数据需要核实：{row['review_reasons']}。"
        "请对照原文核对，在“语料库”页的元数据表中更正；更正后的字段不再提示。",
        icon=":material/fact_check:",
    )
dianping_name = build.file_name_for("dianping", reports[reports["report_id"] == chosen])
st.download_button(
    "下载本报告的点评初稿（Word）",
    data=lambda: data.document("dianping", [chosen])[0],
    file_name=dianping_name,
    mime=build.mime_for(dianping_name),
    key="dianping-one",
    on_click="ignore",
    icon=":material/download:",
)

left, right = st.columns([3, 2])
with left:
    st.markdown("**全文**（黄色底为抽取到的数字，鼠标悬停可看指标；红色波浪线为问题条目）")
    with st.container(height=720):
        st.html(views.highlight_html(data.report_text(chosen), mentions, problems))
with right:
    st.markdown(f"**抽取的数字**（{len(mentions)} 处）")
    if mentions.empty:
        st.caption("未抽取到指标数字。")
    else:
        widgets.table(
            mentions[[*FIGURE_COLUMNS, "evidence"]],
            name=f"报告数字_{row['unit']}",
            key="mentions",
        )
    st.markdown(f"**问题条目**（{len(problems)} 条）")
    if problems.empty:
        st.caption("未识别出问题条目。")
    else:
        widgets.table(
            problems[["section", "text", "categories"]],
            name=f"报告问题_{row['unit']}",
            key="problems",
        )
