"""Each kind of document from the store, for the command line and the dashboard alike."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import pandas as pd

from analytics import schema
from analytics.documents import commonality, dianping, huibian, ledger, tongbao
from analytics.documents.findings import review_findings
from analytics.documents.materials import Materials, build_materials
from analytics.errors import ReportError
from analytics.store import Store

LEDGER_SETTING: Final = "ledger_status"
# The document kinds (the command line's export --kind also takes "tables", the workbook of
# every table, which the store builds itself).
KINDS: Final[dict[str, str]] = {
    "dianping": "点评初稿（.docx，多份为 .zip）",
    "taizhang": "问题清单和整改台账（.xlsx）",
    "huibian": "材料汇编（.docx）",
    "tongbao": "通报数据（.xlsx）",
    "gongxing": "共性问题和个性问题（.docx）",
}
DEFAULT_NAMES: Final[dict[str, str]] = {
    "tables": "述职报告分析_全部表格.xlsx",
    "dianping": "点评初稿.zip",
    "taizhang": "问题清单和整改台账.xlsx",
    "huibian": "述职报告材料汇编.docx",
    "tongbao": "通报数据.xlsx",
    "gongxing": "共性问题和个性问题.docx",
}


@dataclass(frozen=True)
class Built:
    """A document ready to save or download: its bytes, default file name and MIME type."""

    data: bytes
    name: str
    mime: str


MIME: Final[dict[str, str]] = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".zip": "application/zip",
}


def file_name_for(kind: str, reports: pd.DataFrame) -> str:
    """The file name a document of this kind gets, known before it is built."""
    if kind == "dianping" and len(reports) == 1:
        return dianping.file_name(reports.iloc[0])
    return DEFAULT_NAMES[kind]


def mime_for(name: str) -> str:
    return MIME[name[name.rfind(".") :]]


def stored_ledger(store: Store) -> pd.DataFrame:
    """The 台账 fill-in columns uploaded so far (schema.LEDGER; empty when none)."""
    return ledger.status_from_json(store.get_setting(LEDGER_SETTING))


def import_ledger(store: Store, data: bytes, name: str) -> int:
    """Read a filled-in 台账 and keep its rows (rows of other items stay); returns rows read."""
    uploaded = ledger.read_ledger(data, name)
    if uploaded.empty:
        raise ReportError("台账中没有问题条目。请上传本系统导出并填写过的整改台账。", file=name)
    known = set(store.reports()["report_id"])
    unknown = sorted(set(uploaded["report_id"]) - known)
    if len(unknown) == len(set(uploaded["report_id"])):
        raise ReportError(
            "台账中的报告编号都不在当前语料库中。请先导入这些报告，或上传由当前语料库导出的台账。",
            file=name,
        )
    merged = ledger.merge_status(stored_ledger(store), uploaded)
    store.set_setting(LEDGER_SETTING, ledger.status_json(merged))
    return len(uploaded)


def ledger_for_review(status: pd.DataFrame) -> pd.DataFrame:
    """The uploaded 台账 status in the form the 审阅 rectification check reads (LEDGER_STATUS)."""
    return pd.DataFrame(
        {
            "unit": status["unit"].astype(object),
            "year": status["year"],
            "problem": status["text"].astype(object),
            "rectification_status": status["status"].astype(object),
        },
        columns=list(schema.LEDGER_STATUS),
    )


def materials_from_store(
    store: Store,
    *,
    report_ids: Sequence[str] | None = None,
    findings: pd.DataFrame | None = None,
) -> Materials:
    """Materials for the given reports (all when None) with the stored 台账 status applied."""
    reports, mentions, problems = store.reports(), store.mentions(), store.problems()
    texts_frame = store.texts(report_ids)
    texts = dict(zip(texts_frame["report_id"], texts_frame["text"], strict=True))
    status = stored_ledger(store)
    if findings is None:  # the 审阅 checks over the whole corpus, so comparisons hold
        from analytics import review

        result = review.review_corpus(
            reports,
            store.texts(),
            problems=problems,
            mentions=mentions,
            ledger=ledger_for_review(status),
        )
        findings = review_findings(result)
    # Items still open in the uploaded 台账 come back as the review's "unrectified" findings.
    return build_materials(
        reports=reports,
        mentions=mentions,
        problems=problems,
        texts=texts,
        findings=findings,
        report_ids=report_ids,
    )


def build(kind: str, materials: Materials, *, status: pd.DataFrame | None = None) -> Built:
    """The document of one kind for the materials; ReportError when there is nothing to put in."""
    if kind not in KINDS:
        raise ReportError(f"未知的导出类型“{kind}”。可选：{'、'.join(KINDS)}。")
    ids = materials.ordered_ids()
    if not ids:
        raise ReportError("当前筛选下没有报告，无法生成文书。请放宽筛选条件。")
    name = file_name_for(kind, materials.reports)
    if kind == "dianping":
        if len(ids) == 1:
            data = dianping.dianping_docx(materials, ids[0])
        else:
            data = dianping.dianping_zip(materials, ids)
    elif kind == "taizhang":
        frame = ledger.ledger_frame(materials.problems, materials.texts, status=status)
        if frame.empty:
            raise ReportError("当前筛选下的报告没有识别出问题条目，台账为空。")
        data = ledger.ledger_xlsx(frame)
    elif kind == "huibian":
        data = huibian.huibian_docx(materials)
    elif kind == "tongbao":
        data = tongbao.tongbao_xlsx(materials)
    else:
        data = commonality.commonality_docx(materials)
    return Built(data=data, name=name, mime=mime_for(name))
