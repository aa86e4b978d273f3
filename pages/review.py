"""审阅: copying, rectification, specificity, rules, coverage and a ranking to read first."""

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from analytics import export, schema
from analytics.documents import build
from analytics.review import coverage, display, ranking
from ui import data, filters, shell, widgets

shell.page_guard()
SCREEN_ROWS = 500  # rows of each 审阅 table on screen; the downloads hold every row
st.title("审阅：逐份把关")
current = filters.current()

with st.expander("规则文件与本年度要点清单（可修改、可上传）"):
    rules_file = st.file_uploader(
        "上传规则文件（.toml，格式同内置规则）", type=["toml"], key="rules_file"
    )
    default_list = "\n".join(f"{t.name}：{'、'.join(t.cues)}" for t in coverage.default_topics())
    topics_file = st.file_uploader(
        "上传要点清单（每行一个要点）", type=["txt", "csv", "toml"], key="topics_file"
    )
    topics_text = st.text_area(
        "要点清单（每行：要点：关键词、关键词）", value=default_list, height=220, key="topics_text"
    )
rules_text = rules_file.getvalue().decode("utf-8-sig") if rules_file else ""
if topics_file is not None:
    topics_text = topics_file.getvalue().decode("utf-8-sig")
topics_text = "" if topics_text.strip() == default_list else topics_text
opts = {"rules_text": rules_text, "topics_text": topics_text}


def table(name: str) -> pd.DataFrame:
    return data.review_table(name, current, **opts)


def shown(name: str) -> pd.DataFrame:
    return data.review_shown(name, current, **opts)


ranked = table("ranking")
if ranked.empty:
    widgets.empty(f"当前筛选（{filters.describe(current)}）下没有报告。请放宽左侧筛选。")
    st.stop()

st.download_button(
    "导出全部审阅结果（Excel，含原文依据）",
    data=lambda: export.workbook_bytes(
        display.review_sheets({k: table(k) for k in display.SHEETS})
    ),
    file_name="审阅结果_当前筛选.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="rv-workbook",
    on_click="ignore",
    icon=":material/download:",
)
# The documents a reviewer hands in, for the same filter (审阅 findings included).
ids = data.filtered("reports", current)["report_id"].tolist()
doc_row = st.container(horizontal=True, gap="small")
for kind, label in (("dianping", "下载点评初稿（Word）"), ("tongbao", "下载通报数据（Excel）")):
    name = build.file_name_for(kind, data.filtered("reports", current))
    doc_row.download_button(
        label,
        data=lambda kind=kind: data.document(kind, ids)[0],
        file_name=name,
        mime=build.mime_for(name),
        key=f"rv-doc-{kind}",
        on_click="ignore",
        icon=":material/description:",
    )
st.caption("整改台账、材料汇编、共性问题和个性问题见“文书”页。")
tabs = st.tabs(["需细看排序", "照搬照抄", "整改落实", "问题具体性", "数字合规", "要点覆盖"])
with tabs[0]:
    st.caption("每项 0–100%，按下方权重加权得“需细看程度”；点“查看依据”打开报告并定位到原文。")
    cols = st.columns(4)
    weights = {
        key: cols[i % 4].number_input(
            label, 0.0, 10.0, ranking.DEFAULT_WEIGHTS[key], 0.5, key=f"w_{key}"
        )
        for i, (key, label) in enumerate(schema.REVIEW_PARTS.items())
    }
    ordered = ranking.rank(ranked, weights=weights)
    st.markdown("**最需细看的报告**（点击打开报告并定位到依据）")
    for row in ordered.head(5).itertuples():
        params = {"report": row.report_id}
        if pd.notna(row.start):
            params |= {"ev": str(int(row.start)), "ev_end": str(int(row.end))}
        st.page_link(
            "pages/report.py",
            label=f"{row.unit} · {row.year}年 · 需细看程度 {row.review_score:g}：{row.findings}",
            query_params=params,
            icon=":material/search:",
        )
    people = display.for_people(ordered)
    people.insert(
        3,
        "查看依据",
        [
            "report?"
            + urlencode({"report": r, **({"ev": int(s), "ev_end": int(e)} if pd.notna(s) else {})})
            for r, s, e in zip(
                people["报告编号"], people["起始位置"], people["结束位置"], strict=True
            )
        ],
    )
    link = st.column_config.LinkColumn("查看依据", display_text="打开报告")
    widgets.table(
        people,
        name="审阅_需细看排序",
        key="rv-rank",
        display=False,
        rows=SCREEN_ROWS,
        column_config={"查看依据": link},
    )
with tabs[1]:
    widgets.table(
        shown("similarity"), name="审阅_文本重合", key="rv-sim", display=False, rows=SCREEN_ROWS
    )
    passages = table("passages")
    st.markdown(f"**重合段落**（{len(passages)} 段，已剔除多数单位共有的套话）")
    widgets.table(
        shown("passages"), name="审阅_重合段落", key="rv-pass", display=False, rows=SCREEN_ROWS
    )
    widgets.table(
        shown("anachronisms"),
        name="审阅_时间与名称错位",
        key="rv-ana",
        display=False,
        rows=SCREEN_ROWS,
    )
    if not passages.empty:
        pairs = passages.sort_values("sentences", ascending=False, kind="stable")
        pairs = pairs.drop_duplicates(["report_id", "match_id"]).head(200)  # the closest pairs
        labels = {
            i: f"{r.unit} {r.year}年 ↔ {r.match_unit} {r.match_year}年（{r.relation}）"
            for i, r in zip(pairs.index, pairs.itertuples(), strict=True)
        }
        pick = st.selectbox(
            "并排对照两份报告", options=list(labels), format_func=labels.get, key="rv-pair"
        )
        row = pairs.loc[pick]
        left, right = display.side_by_side(passages, row["report_id"], row["match_id"])
        a, b = st.columns(2)
        a.html(display.marked_html(data.report_text(row["report_id"]), left))
        b.html(display.marked_html(data.report_text(row["match_id"]), right))
with tabs[2]:
    widgets.table(
        shown("rectification"),
        name="审阅_上年度问题整改",
        key="rv-rect",
        display=False,
        rows=SCREEN_ROWS,
    )
with tabs[3]:
    widgets.table(
        shown("specificity"),
        name="审阅_问题具体性",
        key="rv-spec",
        display=False,
        rows=SCREEN_ROWS,
    )
    widgets.table(
        shown("causes"), name="审阅_原因分析", key="rv-cause", display=False, rows=SCREEN_ROWS
    )
    widgets.table(
        shown("balance"), name="审阅_篇幅与措施", key="rv-bal", display=False, rows=SCREEN_ROWS
    )
with tabs[4]:
    checks = table("plausibility")
    breaches = checks[checks["status"] == schema.BREACH]
    st.caption(f"{len(breaches)} 处不符合规则；未写明的数字记为“未写明”，不算违规。")
    widgets.table(
        shown("plausibility"), name="审阅_数字合规", key="rv-rule", display=False, rows=SCREEN_ROWS
    )
with tabs[5]:
    widgets.table(
        shown("coverage_matrix"),
        name="审阅_要点覆盖",
        key="rv-cov",
        display=False,
        rows=SCREEN_ROWS,
    )
    widgets.table(
        shown("coverage_gaps"),
        name="审阅_缺项明细",
        key="rv-gap",
        display=False,
        rows=SCREEN_ROWS,
    )
