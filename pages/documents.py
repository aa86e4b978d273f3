"""文书: 点评初稿, 问题清单/整改台账, 材料汇编, 通报数据, 共性/个性问题 for the current filter."""

import streamlit as st

from analytics.documents import build
from analytics.errors import ReportError
from ui import data, filters, shell, widgets

shell.page_guard()
st.title("文书：点评、台账、汇编与通报")
current = filters.current()
reports = data.filtered("reports", current)
if reports.empty:
    widgets.empty(f"当前筛选（{filters.describe(current)}）下没有报告。请放宽左侧筛选。")
    st.stop()
ids = reports["report_id"].tolist()
st.caption(
    f"按当前筛选（{filters.describe(current)}）的 {len(ids)} 份报告生成。"
    "Word 文书为 A4、仿宋三号正文，可在 Word/WPS 中直接修改；所列数字和引文均摘自报告原文。"
)

st.subheader("生成与下载")
HELP = {
    "dianping": "每份报告一份点评初稿（肯定成绩、指出问题、提出要求），多份打包为 .zip。",
    "taizhang": "每个问题条目一行，留有整改措施、责任人、完成时限、整改状态供单位填写。",
    "huibian": "全部报告按单位类型和单位排序，每份另起一页，带目录和页码。",
    "tongbao": "分单位、分年度的全部指标及原文依据、审阅标记和上报用汇总表。",
    "gongxing": "多数单位共有的问题和只有个别单位提出的问题，附条目数和原文。",
}
for kind, label in build.KINDS.items():
    left, right = st.columns([3, 1], vertical_alignment="center")
    left.markdown(f"**{label}**  \n{HELP[kind]}")
    name = build.file_name_for(kind, reports)
    right.download_button(
        "生成并下载",
        data=lambda kind=kind: data.document(kind, ids)[0],
        file_name=name,
        mime=build.mime_for(name),
        key=f"doc-{kind}",
        on_click="ignore",
        icon=":material/download:",
        width="stretch",
    )

st.subheader("共性问题和个性问题")
tables = data.commonality(ids)
if tables["categories"].empty:
    st.info("当前筛选下的报告没有识别出问题条目。")
else:
    st.markdown("**问题类别的单位分布**（提及单位数越多越是共性问题）")
    widgets.table(
        tables["categories"],
        name="共性问题_类别分布",
        key="common-cats",
        column_config={"单位占比": st.column_config.NumberColumn(format="percent")},
    )
    st.markdown("**共性表述**（3 个以上单位使用的相同问题表述，可能查摆不够具体）")
    if tables["phrases"].empty:
        st.caption("没有 3 个以上单位使用的相同表述。")
    else:
        widgets.table(tables["phrases"], name="共性问题_共性表述", key="common-phrases")
    st.markdown("**个性问题**（其他单位没有相近表述的问题条目）")
    if tables["individual"].empty:
        st.caption("没有只由一个单位写出的独特问题表述。")
    else:
        widgets.table(tables["individual"], name="个性问题", key="individual")

st.subheader("整改台账回传")
st.caption(
    "把“问题清单和整改台账”发给各单位填写整改措施、责任人、完成时限和整改状态，收回后在此上传；"
    "下一年度审阅时会列出仍未整改的事项。请勿修改“报告编号”和“条目号”两列。"
)
upload = st.file_uploader("上传填写后的整改台账（.xlsx）", type=["xlsx"], key="ledger-upload")
if upload is not None and st.session_state.get("_ledger_done") != upload.file_id:
    try:
        rows = data.import_ledger(upload.getvalue(), upload.name)
    except ReportError as err:
        st.error(err.text)
    else:
        st.session_state["_ledger_done"] = upload.file_id
        st.success(f"已导入《{upload.name}》中 {rows} 条问题的整改情况。")
st.caption(f"已保存 {data.ledger_count()} 条问题的整改情况。")
pending = data.open_ledger_items()
pending = pending[pending["next_report_id"].isin(ids)]
if pending.empty:
    st.caption("没有上一年度台账中尚未整改、而本单位已报送下一年度报告的事项。")
else:
    st.warning(f"{len(pending)} 条上一年度台账事项尚未整改销号：")
    widgets.table(
        pending[["unit", "year", "text", "measures", "owner", "deadline", "status"]],
        name="台账未整改事项",
        key="ledger-open",
    )
