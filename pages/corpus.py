"""语料库: counts, upload, the metadata editor and deletion."""

import streamlit as st

from analytics import views
from ui import corpus, data, filters, shell, widgets

shell.page_guard()
st.title("语料库")
corpus.flash()
current = filters.current()
reports = data.filtered("reports", current)
corpus.counts(views.corpus_counts(reports))

st.subheader("上传报告")
corpus.upload()

st.subheader("报告元数据")
if reports.empty:
    widgets.empty(
        f"当前筛选（{filters.describe(current)}）下没有报告。请上传报告，或放宽左侧筛选。"
    )
else:
    st.caption("单位、单位类型、年度和书记可直接在表中修改，修改会保存并更新所有页面的图表。")
    corpus.metadata_editor(reports)
    corpus.delete(reports)
