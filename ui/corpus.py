"""The corpus page's panels: counts, multi-file upload, the metadata editor and deletion."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from analytics import schema, views
from analytics.views import CorpusCounts
from ui import data, widgets

STATUS_LABELS = {"added": "已添加", "duplicate": "重复", "updated": "已更新", "refused": "未导入"}
_UPLOADER = "_uploader_round"
_RESULTS = "_upload_results"
_EDITOR = "_editor_round"
_FLASH = "_corpus_flash"
REVIEW_MARK = "⚠ 待核实"


def flash() -> None:
    """Show the message a write left before its rerun (once)."""
    message = st.session_state.pop(_FLASH, None)
    if message:
        st.success(message)


def counts(c: CorpusCounts) -> None:
    """Headline counts: reports, units, years, reports to review; formats below."""
    cols = st.columns(4)
    cols[0].metric("报告数", c.reports)
    cols[1].metric("单位数", c.units)
    cols[2].metric("年度数", c.years)
    cols[3].metric("待核实", c.needs_review, help="单位未识别或年度缺失的报告，请在下表中补全")
    if c.formats:
        st.caption("文件格式：" + "，".join(f"{k} {v} 份" for k, v in c.formats.items()))


def _result_row(result: Any) -> tuple[str, str, str]:
    """File, result and explanation (left blank when it only repeats the result)."""
    label = STATUS_LABELS.get(result.status, result.status)
    message = str(result.message or "")
    return (result.file, label, "" if message.strip("。 ") == label else message)


def upload() -> None:
    """Upload several files at once, with a progress bar and a result per file."""
    if data.is_dataset():
        st.info(data.READ_ONLY_MESSAGE, icon=":material/lock:")
        return
    state = st.session_state
    round_ = int(state.get(_UPLOADER, 0))
    files = st.file_uploader(
        "上传述职报告（可一次选择多个 .txt / .docx / .pdf 文件）",
        type=["txt", "docx", "pdf"],
        accept_multiple_files=True,
        key=f"upload-{round_}",
        help="文本文件可为 UTF-8、GBK/GB18030 或 UTF-16 编码；扫描版 PDF 和旧版 .doc 无法读取。",
    )
    limit = st.get_option("server.maxUploadSize")
    st.caption(
        f"点击“Upload”按钮选择文件，或把文件拖到上面的框内；每个文件不超过 {limit} MB。"
        "同一份报告重复上传不会重复计入。"
    )
    if files:
        total = len(files)
        bar = st.progress(0.0, text=f"正在导入 {total} 个文件……")

        def step(i: int, result: Any) -> None:
            bar.progress((i + 1) / total, text=f"已处理 {i + 1}/{total}：{result.file}")

        results = data.ingest_files([(f.name, f.getvalue()) for f in files], on_result=step)
        state[_RESULTS] = [_result_row(r) for r in results]
        state[_UPLOADER] = round_ + 1
        st.rerun()
    shown = state.get(_RESULTS)
    if shown:
        frame = pd.DataFrame(shown, columns=["文件", "结果", "说明"])
        tally = frame["结果"].value_counts()
        summary = "，".join(f"{label} {int(tally[label])} 份" for label in tally.index)
        refused = int(tally.get(STATUS_LABELS["refused"], 0))
        (st.warning if refused else st.success)(f"本次上传：{summary}。")
        st.dataframe(frame, hide_index=True, width="stretch", key="upload-results", placeholder="")


def metadata_editor(reports: pd.DataFrame) -> None:
    """The metadata table, editable in place; corrections are saved to the store at once."""
    if data.is_dataset():  # read-only: the table without editing
        widgets.table(views.metadata_table(reports), name="报告元数据", key="meta-readonly")
        return
    state = st.session_state
    base = views.metadata_table(reports)
    review = int(base["needs_review"].sum())
    if review:
        st.warning(f"有 {review} 份报告的单位或年度未识别（标有“{REVIEW_MARK}”），请在表中补全。")
    shown = base.assign(
        needs_review=base["needs_review"].map(lambda v: REVIEW_MARK if v else "✓"),
        unit_type=base["unit_type"].map(lambda k: schema.UNIT_TYPE_LABELS.get(k, k)),
        secretary=base["secretary"].map(lambda v: v if isinstance(v, str) else ""),
        format=base["format"].map(lambda k: schema.FORMAT_LABELS.get(k, k)),
    )
    round_ = int(state.get(_EDITOR, 0))
    edited = st.data_editor(
        shown,
        key=f"meta-editor-{round_}",
        hide_index=True,
        width="stretch",
        num_rows="fixed",
        placeholder="",
        disabled=["report_id", "needs_review", "file", "format"],
        column_order=["needs_review", "unit", "unit_type", "year", "secretary", "file", "format"],
        column_config={
            "needs_review": st.column_config.TextColumn("状态", width="small"),
            "unit": st.column_config.TextColumn("单位", required=True),
            "unit_type": st.column_config.SelectboxColumn(
                "单位类型", options=list(schema.UNIT_TYPE_LABELS.values()), required=True
            ),
            "year": st.column_config.NumberColumn(
                "年度", min_value=1949, max_value=2100, step=1, format="%d"
            ),
            "secretary": st.column_config.TextColumn("书记"),
            "file": st.column_config.TextColumn("文件名"),
            "format": st.column_config.TextColumn("格式"),
        },
    )
    changes = views.metadata_changes(base, edited)
    if changes:
        data.correct_meta(changes)
        state[_EDITOR] = round_ + 1
        state[_FLASH] = f"已保存 {len(changes)} 份报告的元数据更正，所有图表已同步更新。"
        st.rerun()
    widgets.downloads(views.for_display(reports), name="报告元数据", key="reports")


def delete(reports: pd.DataFrame) -> None:
    """Delete one report (after a confirmation tick)."""
    if data.is_dataset():
        return
    labels = {
        rid: f"{unit} · {'' if pd.isna(year) else f'{int(year)}年'} · {file}"
        for rid, unit, year, file in zip(
            reports["report_id"], reports["unit"], reports["year"], reports["file"], strict=True
        )
    }
    with st.expander("删除报告", icon=":material/delete:"):
        chosen = st.selectbox(
            "选择要删除的报告",
            options=list(labels),
            format_func=lambda rid: labels.get(rid, rid),
            index=None,
            placeholder="请选择",
            key="delete-pick",
        )
        sure = st.checkbox("我确认删除这份报告及其全部抽取结果（不可恢复）", key="delete-sure")
        if st.button("删除", type="primary", disabled=not (chosen and sure), key="delete-go"):
            data.delete_report(str(chosen))
            st.session_state[_FLASH] = f"已删除：{labels.get(str(chosen), chosen)}"
            for key in ("delete-pick", "delete-sure"):
                st.session_state.pop(key, None)
            st.rerun()
