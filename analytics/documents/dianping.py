"""点评 drafts: one report's figures, strengths, problems, findings and requirements, as .docx."""

from __future__ import annotations

import io
import re
import tomllib
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Final

import pandas as pd

from analytics import schema
from analytics.documents import layout
from analytics.documents.materials import Materials, figure_comparison, number

MAX_STRENGTHS: Final = 4
MAX_PROBLEMS: Final = 8
MAX_FINDINGS: Final = 8
_FIRST_CLAUSE = re.compile(
    r"^(?:[一二三四五六七八九十]+是|[（(]?[一二三四五六七八九十\d]+[）)、.．]?)\s*"
)
_CLAUSE_END = re.compile(r"[，,；;。：:！!？?]")
_FILE_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


@cache
def requirements() -> dict[str, Any]:
    """The requirement sentences per problem category and per review check (a data file)."""
    text = resources.files("analytics").joinpath("resources/document_requirements.toml")
    return tomllib.loads(text.read_text("utf-8"))


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a draft: its kind, its words, and what in it comes from the reports.

    ``quotes`` are verbatim passages of a report; ``figures`` are (metric, value) pairs of the
    report itself, so a test (or a doubting reader) can trace every fact back.
    """

    kind: str  # "title", "heading", "body", "quote", "table", "note"
    text: str
    quotes: tuple[str, ...] = ()
    figures: tuple[tuple[str, float], ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


def _year_text(year: object) -> str:
    return f"{int(year)}年度" if pd.notna(year) else "年度未识别的"  # type: ignore[call-overload]


def _short(text: str, *, limit: int = 24) -> str:
    """The first clause of a problem item, without its numbering: what a requirement answers."""
    core = _FIRST_CLAUSE.sub("", text.strip()) or text.strip()
    clause = _CLAUSE_END.split(core, maxsplit=1)[0].strip() or core
    return clause[:limit]


def _quote(text: str) -> str:
    return f"原文：“{text}”"


def _strengths(table: pd.DataFrame, *, exclude: Sequence[str]) -> list[Paragraph]:
    """Figures above the unit type's median or up on last year: each with its evidence."""
    scored: list[tuple[float, Paragraph]] = []
    for metric, value, uom, evidence, median, peers, prev in table.itertuples(index=False):
        if metric in exclude:
            continue
        label = schema.METRIC_LABELS.get(metric, metric)
        parts = []
        score = 0.0
        if pd.notna(median) and median > 0 and value > median:
            parts.append(f"高于同类单位中位数（{number(median)}{uom}，{peers}份报告）")
            score += value / median
        if pd.notna(prev) and value > prev:
            parts.append(f"比上一年度（{number(prev)}{uom}）增加{number(value - prev)}{uom}")
            score += 1.0
        if not parts:
            continue
        sentence = f"{label}{number(value)}{uom}，" + "，".join(parts) + "。"
        scored.append(
            (
                score,
                Paragraph("body", sentence, quotes=(evidence,), figures=((metric, value),)),
            )
        )
    scored.sort(key=lambda pair: -pair[0])
    return [p for _, p in scored[:MAX_STRENGTHS]]


def draft(materials: Materials, report_id: str) -> list[Paragraph]:
    """The paragraphs of one report's 点评 draft, each fact traceable to a figure or quotation."""
    row = materials.report(report_id)
    unit, year = str(row["unit"]), row["year"]
    type_label = schema.UNIT_TYPE_LABELS.get(str(row["unit_type"]), "其他")
    reqs = requirements()
    table = figure_comparison(materials, report_id)
    problems = materials.problems[materials.problems["report_id"] == report_id]
    findings = materials.findings[materials.findings["report_id"] == report_id]
    out: list[Paragraph] = [
        Paragraph("title", f"对{unit}党组织书记{_year_text(year)}抓基层党建工作述职的点评意见"),
        Paragraph("note", "（初稿，供审阅人修改）"),
        Paragraph(
            "body",
            f"{unit}（{type_label}）报送的{_year_text(year)}述职报告"
            f"（{row['file']}，{int(row['chars'])}字）写明指标数字{len(table)}项、"
            f"查摆问题{len(problems)}条。点评意见如下。",
        ),
        Paragraph("heading", "一、主要成绩"),
    ]
    strengths = _strengths(table, exclude=reqs["strengths"]["exclude"])
    if strengths:
        for paragraph in strengths:
            out.append(paragraph)
            out.append(Paragraph("quote", _quote(paragraph.quotes[0]), quotes=paragraph.quotes))
    elif table.empty:
        out.append(Paragraph("body", "报告未写明可统计的指标数字，请审阅人对照原文核实工作成效。"))
    else:
        out.append(
            Paragraph("body", "报告写明的指标数字未见高于同类单位中位数或比上一年度增加的项。")
        )
    if not table.empty:
        rows = tuple(
            (
                schema.METRIC_LABELS.get(m, m),
                f"{number(v)}{u}",
                f"{number(md)}{u}" if pd.notna(md) else "—",
                f"{number(p)}{u}" if pd.notna(p) else "—",
            )
            for m, v, u, _e, md, _n, p in table.itertuples(index=False)
        )
        out.append(
            Paragraph(
                "table",
                "指标|本单位|同类单位中位数|上一年度",
                figures=tuple(
                    (m, float(v)) for m, v in zip(table["metric"], table["value"], strict=True)
                ),
                rows=rows,
            )
        )
    missing = [
        schema.METRIC_LABELS[k]
        for k in reqs["missing"]["core_metrics"]
        if k not in set(table["metric"])
    ]
    if missing:
        out.append(Paragraph("body", f"报告未写明以下常见指标的数字：{'、'.join(missing)}。"))

    out.append(Paragraph("heading", "二、存在问题"))
    if problems.empty:
        out.append(
            Paragraph("body", "报告未查摆出具体问题（或问题部分未被识别），请审阅人对照原文核实。")
        )
    else:
        cats = _category_counts(problems)
        named = "、".join(schema.PROBLEM_LABELS.get(c, c) for c in cats)
        out.append(Paragraph("body", f"报告查摆问题{len(problems)}条，涉及{named}等方面。"))
        for text in problems["text"].head(MAX_PROBLEMS):
            out.append(Paragraph("quote", _quote(str(text)), quotes=(str(text),)))
    if not findings.empty:
        out.append(Paragraph("heading", "审阅发现", quotes=()))
        for _check, finding, evidence, other in (
            findings[["check", "finding", "evidence", "other_evidence"]]
            .head(MAX_FINDINGS)
            .itertuples(index=False)
        ):
            sentence = str(finding) if str(finding).endswith("。") else f"{finding}。"
            out.append(Paragraph("body", sentence))
            for quoted in (evidence, other):
                # Only words found verbatim in a report are quoted.
                if isinstance(quoted, str) and quoted and _in_any(quoted, materials):
                    out.append(Paragraph("quote", _quote(quoted), quotes=(quoted,)))

    out.append(Paragraph("heading", "三、工作要求"))
    number_words = "一二三四五六七八九十"
    asks: list[str] = []
    if not problems.empty:
        for cat in _category_counts(problems):
            first = next(
                t
                for t, cs in zip(problems["text"], problems["categories"], strict=True)
                if cat in str(cs).split(",")
            )
            short = _short(str(first))
            asks.append(f"针对报告所列“{short}”等问题，{reqs['categories'].get(cat, '')}")
    for check in dict.fromkeys(findings["check"].astype(str)):
        asks.append(reqs["checks"].get(check, reqs["checks"]["default"]))
    asks.append(reqs["closing"]["ledger"])
    for i, ask in enumerate(dict.fromkeys(asks)):
        label = number_words[i] if i < len(number_words) else str(i + 1)
        out.append(Paragraph("body", f"（{label}）{ask}"))
    out.append(
        Paragraph(
            "note",
            "说明：本稿依据述职报告和审阅结果自动生成，所列数字和引文均摘自报告原文，"
            "同类单位中位数按本批同类型、同年度报告计算。",
        )
    )
    return out


def _in_any(passage: str, materials: Materials) -> bool:
    return any(passage in text for text in materials.texts.values())


def _category_counts(problems: pd.DataFrame) -> list[str]:
    """Category keys of the items, most often named first (SPEC order on ties)."""
    counts: dict[str, int] = {}
    for cats in problems["categories"]:
        for cat in filter(None, str(cats).split(",")):
            counts[cat] = counts.get(cat, 0) + 1
    order = {k: i for i, k in enumerate(schema.PROBLEM_CATEGORIES)}
    return sorted(counts, key=lambda c: (-counts[c], order.get(c, 99)))


def render(paragraphs: Sequence[Paragraph], *, title: str) -> Any:
    """A python-docx document of the paragraphs in the official layout."""
    document = layout.new_document(title=title)
    for p in paragraphs:
        if p.kind == "title":
            layout.add_title(document, p.text)
        elif p.kind == "heading":
            layout.add_heading(document, p.text)
        elif p.kind == "quote":
            layout.add_quote(document, p.text)
        elif p.kind == "note":
            layout.add_note(document, p.text, centred=p.text.startswith("（"))
        elif p.kind == "table":
            layout.add_table(document, p.text.split("|"), [list(r) for r in p.rows])
        else:
            layout.add_body(document, p.text)
    return document


def file_name(row: Mapping[str, Any] | pd.Series, *, suffix: str = ".docx") -> str:
    """点评_单位_2024.docx, safe on Windows."""
    year = row["year"]
    year_part = str(int(year)) if pd.notna(year) else "年度未识别"
    return _FILE_UNSAFE.sub("_", f"点评_{row['unit']}_{year_part}") + suffix


def dianping_docx(materials: Materials, report_id: str) -> bytes:
    """One report's 点评 draft as .docx bytes."""
    paragraphs = draft(materials, report_id)
    return layout.to_bytes(render(paragraphs, title=paragraphs[0].text))


def dianping_zip(materials: Materials, report_ids: Sequence[str]) -> bytes:
    """Several drafts in one .zip (UTF-8 names), one .docx per report, 汇编 order."""
    wanted = set(report_ids)
    buffer = io.BytesIO()
    taken: set[str] = set()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for rid in materials.ordered_ids():
            if rid not in wanted:
                continue
            name = file_name(materials.report(rid))
            stem, n = name[: -len(".docx")], 2
            while name in taken:
                name, n = f"{stem}_{n}.docx", n + 1
            taken.add(name)
            archive.writestr(name, dianping_docx(materials, rid))
    return buffer.getvalue()
