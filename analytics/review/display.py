"""The review tables as people read them, and report text with shared passages marked (HTML)."""

from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd

from analytics import tables

_MARK = '<mark style="background:#ffd6a5" title="{title}">{text}</mark>'
_BOX = (
    '<div class="review-text" style="white-space: pre-wrap; line-height: 1.9; '
    'border:1px solid #ddd; padding:8px; max-height:640px; overflow-y:auto;">{body}</div>'
)


def for_people(frame: pd.DataFrame) -> pd.DataFrame:
    """Chinese headers and labels (tables.for_people), yes/no flags as 是/否, shares as %."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == bool:
            out[column] = out[column].map({True: "是", False: "否"})
        elif column.endswith("_share") or column.startswith("share_") or column.startswith("part_"):
            values = pd.to_numeric(out[column], errors="coerce")
            out[column] = [None if pd.isna(v) else f"{float(v):.0%}" for v in values]
    return tables.for_people(out)


def marked_html(text: str, spans: Sequence[tuple[int, int, str]], *, anchor: str = "") -> str:
    """The whole text as safe HTML with each (start, end, title) span in <mark>. Every piece of
    report text and every title is escaped, so markup inside a report shows as text."""
    parts = []
    pos = 0
    for start, end, title in sorted((max(0, s), min(len(text), e), t) for s, e, t in spans):
        if start < pos or start >= end:
            continue
        parts.append(html.escape(text[pos:start]))
        parts.append(
            _MARK.format(title=html.escape(title, quote=True), text=html.escape(text[start:end]))
        )
        pos = end
    parts.append(html.escape(text[pos:]))
    body = "".join(parts)
    if anchor:
        body = f'<div id="{html.escape(anchor, quote=True)}"></div>' + body
    return _BOX.format(body=body)


def side_by_side(
    passages: pd.DataFrame, left_id: str, right_id: str
) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """The spans of the passages two reports share: (left spans, right spans), with titles."""
    pair = passages[(passages["report_id"] == left_id) & (passages["match_id"] == right_id)]
    left = [
        (int(s), int(e), f"与对照报告第 {int(ms)}–{int(me)} 字重合")
        for s, e, ms, me in zip(
            pair["start"], pair["end"], pair["match_start"], pair["match_end"], strict=True
        )
    ]
    right = [
        (int(ms), int(me), f"与所选报告第 {int(s)}–{int(e)} 字重合")
        for s, e, ms, me in zip(
            pair["start"], pair["end"], pair["match_start"], pair["match_end"], strict=True
        )
    ]
    return left, right


def evidence_html(text: str, start: int, end: int, *, context: int = 160) -> str:
    """The evidence span with some text around it, the span marked (safe HTML)."""
    lo, hi = max(0, start - context), min(len(text), end + context)
    piece = text[lo:hi]
    return marked_html(piece, [(start - lo, end - lo, "审阅发现的依据")])


SHEETS: dict[str, str] = {
    "ranking": "需细看排序",
    "similarity": "文本重合",
    "passages": "重合段落",
    "anachronisms": "时间与名称错位",
    "rectification": "上年度问题整改",
    "specificity": "问题具体性",
    "causes": "原因分析",
    "balance": "篇幅与措施",
    "plausibility": "数字合规",
    "coverage": "要点覆盖",
}


def review_sheets(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Every review table as people read it, keyed by its Chinese sheet name (SHEETS order)."""
    return {SHEETS[k]: for_people(frames[k]) for k in SHEETS if k in frames}
