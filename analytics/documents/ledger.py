"""问题清单/整改台账: one row per problem item as .xlsx, and a filled-in 台账 read back."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import Any, Final

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from analytics import schema
from analytics.errors import ReportError
from analytics.export import neutralise
from analytics.tables import join_labels

SHEET: Final = "整改台账"
# Columns as people see them, in order; the last two keep the link to the report for the upload.
HEADERS: Final[dict[str, str]] = {
    "seq": "序号",
    "unit": "单位",
    "unit_type": "单位类型",
    "year": "年度",
    "text": "问题表述",
    "categories": "问题类别",
    "section": "所在部分",
    "source_sentence": "原文句子",
    "measures": "整改措施",
    "owner": "责任人",
    "deadline": "完成时限",
    "status": "整改状态",
    "report_id": "报告编号",
    "item": "条目号",
}
FILL_IN: Final = ("measures", "owner", "deadline", "status")
_WIDTHS: Final = {"text": 48, "source_sentence": 48, "measures": 36, "unit": 20, "report_id": 14}
_SENTENCE_END: Final = re.compile(r"[。！？!?\n]")
_STATUS_WORDS: Final[dict[str, str]] = {
    "已整改": "已整改",
    "已完成": "已整改",
    "完成": "已整改",
    "已销号": "已整改",
    "销号": "已整改",
    "整改中": "整改中",
    "正在整改": "整改中",
    "持续整改": "整改中",
    "未整改": "未整改",
    "未完成": "未整改",
    "": "未整改",
}


def source_sentence(text: str, start: int, end: int, *, limit: int = 300) -> str:
    """The whole sentence(s) of the report around an item's span, as the 台账 quotes it."""
    if not text or start < 0 or end > len(text) or start >= end:
        return ""
    left = max(
        (m.end() for m in _SENTENCE_END.finditer(text, max(0, start - limit), start)),
        default=max(0, start - limit),
    )
    found = _SENTENCE_END.search(text, end, min(len(text), end + limit))
    right = found.end() if found else min(len(text), end + limit)
    return text[left:right].strip()


def ledger_frame(
    problems: pd.DataFrame,
    texts: Mapping[str, str],
    *,
    status: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per problem item (schema.LEDGER); fill-in columns from ``status`` where given."""
    rows = []
    for p in problems.to_dict("records"):
        text = texts.get(str(p["report_id"]), "")
        sentence = source_sentence(text, int(p["start"]), int(p["end"]))
        rows.append(
            (
                *(p[c] for c in schema.KEY),
                int(p["item"]),
                p["text"],
                p["categories"],
                p["section"],
                sentence,
                *([""] * len(FILL_IN)),
            )
        )
    out = pd.DataFrame(rows, columns=list(schema.LEDGER))
    out["year"] = out["year"].astype("Int64")
    if status is not None and not status.empty and not out.empty:
        filled = status.set_index(["report_id", "item"])[list(FILL_IN)]
        keys = pd.MultiIndex.from_arrays([out["report_id"], out["item"]])
        known = keys.isin(filled.index)
        for column in FILL_IN:
            out.loc[known, column] = filled.reindex(keys[known])[column].to_numpy()
    sort_year = out["year"].fillna(0)
    return (
        out.assign(_y=sort_year)
        .sort_values(["unit_type", "unit", "_y", "item"], kind="stable")
        .drop(columns="_y")
        .reset_index(drop=True)
    )


def ledger_xlsx(ledger: pd.DataFrame) -> bytes:
    """The 台账 workbook: header row frozen, long text wrapped, a status list to choose from."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    columns = list(HEADERS)
    ws.append([HEADERS[c] for c in columns])
    for i, record in enumerate(ledger.to_dict("records"), start=1):
        values: list[Any] = []
        for c in columns:
            if c == "seq":
                values.append(i)
            elif c == "unit_type":
                values.append(schema.UNIT_TYPE_LABELS.get(str(record[c]), record[c]))
            elif c == "categories":
                values.append(join_labels(str(record[c]), schema.PROBLEM_LABELS))
            elif c == "section":
                values.append(schema.SECTION_LABELS.get(str(record[c]), record[c]))
            elif c == "year":
                values.append(None if pd.isna(record[c]) else int(record[c]))
            elif c == "item":
                values.append(int(record[c]) + 1)
            else:
                value = record[c]
                values.append(neutralise(value) if isinstance(value, str) else value)
        ws.append(values)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF2CC")
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=index)
        cell.font = bold
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if column in FILL_IN:
            cell.fill = fill
        letter = cell.column_letter
        ws.column_dimensions[letter].width = _WIDTHS.get(column, 12)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row_cells in ws.iter_rows(min_row=2):
        for cell in row_cells:
            cell.alignment = wrap
    ws.freeze_panes = "A2"
    status_letter = ws.cell(row=1, column=columns.index("status") + 1).column_letter
    rule = DataValidation(
        type="list",
        formula1='"' + ",".join(schema.LEDGER_STATUSES) + '"',
        allow_blank=True,
        showErrorMessage=False,
        promptTitle="整改状态",
        prompt="请选择：" + "、".join(schema.LEDGER_STATUSES),
    )
    rule.add(f"{status_letter}2:{status_letter}{max(2, len(ledger) + 1)}")
    ws.add_data_validation(rule)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text[1:] if text.startswith("'") else text


def read_ledger(data: bytes, name: str) -> pd.DataFrame:
    """A filled-in 台账 read back: one row per item with its fill-in columns (schema.LEDGER).

    Raises ReportError (in Chinese, naming the file) when the file is not a 台账 made here.
    """
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not .xlsx
        raise ReportError(
            "不是可读取的 Excel（.xlsx）文件。"
            "请上传本系统导出的整改台账，在 Excel 或 WPS 中填写后另存为 .xlsx。",
            file=name,
        ) from exc
    try:
        ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
        rows = list(ws.iter_rows(values_only=True))
    finally:
        wb.close()
    if not rows:
        raise ReportError("台账是空的。请上传本系统导出的整改台账。", file=name)
    header = [_cell_text(v) for v in rows[0]]
    wanted = {label: key for key, label in HEADERS.items()}
    missing = [label for label in ("报告编号", "条目号", "整改状态") if label not in header]
    if missing:
        raise ReportError(
            f"不是本系统导出的整改台账：缺少“{'”“'.join(missing)}”列。"
            "请使用导出的台账填写，不要删除或改名这些列。",
            file=name,
        )
    index = {wanted[h]: i for i, h in enumerate(header) if h in wanted}
    out = []
    bad_status: list[str] = []
    for number, row in enumerate(rows[1:], start=2):
        cells = {key: _cell_text(row[i]) if i < len(row) else "" for key, i in index.items()}
        if not cells.get("report_id"):
            continue
        try:
            item = int(cells.get("item", "")) - 1
        except ValueError:
            raise ReportError(
                f"第 {number} 行的“条目号”不是数字。请不要修改“报告编号”和“条目号”两列。",
                file=name,
            ) from None
        status = _STATUS_WORDS.get(cells.get("status", "").replace(" ", ""))
        if status is None:
            bad_status.append(f"第 {number} 行“{cells.get('status')}”")
            status = "未整改"
        year_text = cells.get("year", "")
        out.append(
            (
                cells["report_id"],
                cells.get("unit", ""),
                cells.get("unit_type", ""),
                int(year_text) if year_text.isdigit() else None,
                item,
                cells.get("text", ""),
                cells.get("categories", ""),
                cells.get("section", ""),
                cells.get("source_sentence", ""),
                cells.get("measures", ""),
                cells.get("owner", ""),
                cells.get("deadline", ""),
                status,
            )
        )
    if bad_status:
        raise ReportError(
            "整改状态只能填写“"
            + "”“".join(schema.LEDGER_STATUSES)
            + "”："
            + "，".join(bad_status[:5])
            + (" 等" if len(bad_status) > 5 else "")
            + "。请改正后重新上传。",
            file=name,
        )
    frame = pd.DataFrame(out, columns=list(schema.LEDGER))
    frame["year"] = frame["year"].astype("Int64")
    return frame


def merge_status(stored: pd.DataFrame | None, uploaded: pd.DataFrame) -> pd.DataFrame:
    """Uploaded rows replace stored rows of the same item; every other stored row is kept."""
    if stored is None or stored.empty:
        return uploaded.reset_index(drop=True)
    keys = set(zip(uploaded["report_id"], uploaded["item"], strict=True))
    kept = stored[[k not in keys for k in zip(stored["report_id"], stored["item"], strict=True)]]
    return pd.concat([kept, uploaded], ignore_index=True)


def status_json(status: pd.DataFrame) -> str:
    """The stored form of the fill-in columns (a store setting)."""
    return status.astype({"year": "object"}).to_json(orient="records", force_ascii=False)


def status_from_json(text: str | None) -> pd.DataFrame:
    if not text:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in schema.LEDGER})
    frame = pd.read_json(io.StringIO(text), orient="records", dtype=False)
    for column in schema.LEDGER:
        if column not in frame.columns:
            frame[column] = ""
    frame = frame[list(schema.LEDGER)]
    frame["year"] = pd.to_numeric(frame["year"], errors="coerce").astype("Int64")
    frame["item"] = frame["item"].astype(int)
    return frame


def open_items(status: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """Items of a unit's 台账 not yet 已整改 where the unit has a report for a later year.

    Columns: the ledger's, plus ``next_report_id`` and ``next_year`` (the report that should
    have rectified the item).
    """
    columns = [*schema.LEDGER, "next_report_id", "next_year"]
    pending = status[status["status"] != "已整改"]
    if pending.empty or reports.empty:
        return pd.DataFrame(columns=columns)
    dated = reports.dropna(subset=["year"])
    later = {
        (str(u), int(y)): str(r)
        for r, u, y in zip(dated["report_id"], dated["unit"], dated["year"], strict=True)
    }
    rows = []
    for record in pending.to_dict("records"):
        year = record["year"]
        if pd.isna(year):
            continue
        nxt = later.get((str(record["unit"]), int(year) + 1))
        if nxt:
            rows.append((*(record[c] for c in schema.LEDGER), nxt, int(year) + 1))
    out = pd.DataFrame(rows, columns=columns)
    out["year"] = out["year"].astype("Int64")
    return out
