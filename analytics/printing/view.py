"""The print view of one report: full text with its figures and problems marked, both lists."""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from analytics import schema, tables, views

FONT_STACK = '"WenQuanYi Micro Hei", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'
PRINT_CSS = f"""
@page {{ size: A4; margin: 16mm 14mm; }}
.print-view {{ font-family: {FONT_STACK}; font-size: 11pt; color: #111; max-width: 180mm; }}
.print-view h1 {{ font-size: 16pt; margin: 0 0 4pt; }}
.print-view h2 {{ font-size: 12.5pt; margin: 14pt 0 4pt; break-after: avoid; }}
.print-view .print-meta {{ color: #444; margin: 0 0 8pt; }}
.print-view .print-legend {{ color: #555; font-size: 9.5pt; margin: 0 0 6pt; }}
.print-view .report-text {{ font-size: 11pt; }}
.print-view table {{ border-collapse: collapse; width: 100%; font-size: 9.5pt; }}
.print-view th, .print-view td {{ border: 1px solid #999; padding: 2pt 4pt; text-align: left;
  vertical-align: top; overflow-wrap: anywhere; }}
.print-view th {{ background: #f2f2f2; }}
.print-view tr {{ break-inside: avoid; }}
.print-view mark, .print-view span, .print-view th {{
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
"""


@dataclass(frozen=True)
class ReportHeader:
    """What the print view says about the report above its text."""

    unit: str
    unit_type: str
    year: int | None
    secretary: str | None
    file: str
    chars: int


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None or pd.isna(value) else str(value)  # type: ignore[call-overload]


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def figures_rows(mentions: pd.DataFrame) -> list[list[str]]:
    """One row per figure: metric, value with its measure word, about-or-exact, evidence."""
    rows = []
    columns = ("metric", "value", "unit_of_measure", "approx", "evidence")
    for metric, value, measure, approx, evidence in zip(
        *(mentions[c].tolist() for c in columns), strict=True
    ):
        shown = _number(value) + (measure if isinstance(measure, str) else "")
        rows.append(
            [
                schema.METRIC_LABELS.get(str(metric), str(metric)),
                shown,
                "约数" if bool(approx) else "",
                str(evidence or ""),
            ]
        )
    return rows


def problems_rows(problems: pd.DataFrame) -> list[list[str]]:
    """One row per problem item: its number, text and categories."""
    return [
        [str(i), str(text), tables.join_labels(cats, schema.PROBLEM_LABELS)]
        for i, (text, cats) in enumerate(
            zip(problems["text"].tolist(), problems["categories"].tolist(), strict=True), start=1
        )
    ]


def report_body(
    header: ReportHeader, text: str, mentions: pd.DataFrame, problems: pd.DataFrame
) -> str:
    """The print view as an HTML fragment (its own CSS included); all report text escaped."""
    year = "年度未识别" if header.year is None else f"{header.year}年"
    meta = "　".join(
        [
            f"单位类型：{schema.UNIT_TYPE_LABELS.get(header.unit_type, header.unit_type)}",
            f"年度：{year}",
            f"书记：{header.secretary or '未写明'}",
            f"文件：{header.file}（{header.chars} 字）",
        ]
    )
    parts = [
        f"<style>{PRINT_CSS}</style>",
        '<div class="print-view">',
        f"<h1>{html.escape(header.unit)} · {html.escape(year)}述职报告</h1>",
        f'<p class="print-meta">{html.escape(meta)}</p>',
        '<p class="print-legend">黄色底为抽取到的数字，红色波浪线为问题条目。</p>',
        views.highlight_html(text, mentions, problems),
        f"<h2>抽取的数字（{len(mentions)} 处）</h2>",
        _table(["指标", "数值", "约数", "原文依据"], figures_rows(mentions))
        if len(mentions)
        else "<p>未抽取到指标数字。</p>",
        f"<h2>问题条目（{len(problems)} 条）</h2>",
        _table(["序号", "问题表述", "问题类别"], problems_rows(problems))
        if len(problems)
        else "<p>未识别出问题条目。</p>",
        "</div>",
    ]
    return "".join(parts)


def report_document(
    header: ReportHeader, text: str, mentions: pd.DataFrame, problems: pd.DataFrame
) -> str:
    """The print view as a whole HTML page (for the PDF renderer or the browser)."""
    title = html.escape(f"{header.unit} 述职报告")
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body>"
        f"{report_body(header, text, mentions, problems)}</body></html>"
    )
