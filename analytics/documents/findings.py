"""The 审阅 results as findings a document cites: one factual sentence, the evidence quoted."""

from __future__ import annotations

from typing import Any, Final

import pandas as pd

from analytics import schema
from analytics.documents.materials import empty_findings

# A report is said to be copied when at least this share of its text is found elsewhere.
COPY_SHARE: Final = 0.3
DONE: Final = schema.LEDGER_STATUSES[-1]  # 已整改: a closed 台账 item
_Row = tuple[Any, ...]


def _key(record: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(record[c] for c in schema.KEY)


def _first(evidence: object) -> str:
    """The first passage of an evidence cell (some checks join several, one per line)."""
    if not isinstance(evidence, str):
        return ""
    return next((line.strip() for line in evidence.splitlines() if line.strip()), "")


def _copying(result: Any) -> list[_Row]:
    rows: list[_Row] = []
    passages = result.passages
    for r in result.similarity.to_dict("records"):
        if float(r["share_copied"]) < COPY_SHARE:
            continue
        year = "" if pd.isna(r["match_year"]) else f"{int(r['match_year'])}年度"
        finding = (
            f"报告中约{float(r['share_copied']):.0%}的文字与其他报告相同"
            f"（本单位其他年度{float(r['share_same_unit']):.0%}，"
            f"其他单位{float(r['share_other_units']):.0%}），最相近的是{r['match_unit']}{year}报告"
        )
        mine = passages[passages["report_id"] == r["report_id"]]
        evidence, other = _first(r["evidence"]), ""
        if not mine.empty:
            longest = mine.sort_values("sentences", ascending=False).iloc[0]
            evidence, other = _first(longest["evidence"]), _first(longest["match_evidence"])
        rows.append((*_key(r), "copying", finding, evidence, other))
    return rows


def _anachronisms(result: Any) -> list[_Row]:
    return [
        (*_key(r), "anachronism", f"{r['kind']}：{r['reason']}", _first(r["evidence"]), "")
        for r in result.anachronisms.to_dict("records")
    ]


def _rectification(result: Any) -> list[_Row]:
    rows: list[_Row] = []
    for r in result.rectification.to_dict("records"):
        prev_year = "上年度" if pd.isna(r["prev_year"]) else f"{int(r['prev_year'])}年度"
        if bool(r["repeated"]):
            finding = (
                f"所列问题与本单位{prev_year}报告的问题表述几乎相同"
                f"（相似度{float(r['similarity']):.0%}），上年问题可能未整改到位"
            )
            rows.append(
                (*_key(r), "repeated_problem", finding, str(r["repeat_text"]), str(r["prev_text"]))
            )
        elif r["status"] == schema.NOT_MENTIONED:
            finding = f"{prev_year}报告查摆的问题，本年度报告未提及整改情况"
            rows.append((*_key(r), "not_mentioned", finding, "", str(r["prev_text"])))
        # The uploaded 整改台账 says the item is still open (the review matched it to the item).
        ledger_status = r.get("ledger_status")
        if isinstance(ledger_status, str) and ledger_status and ledger_status != DONE:
            finding = f"{prev_year}整改台账中的问题整改状态为“{ledger_status}”，尚未销号"
            rows.append((*_key(r), "unrectified", finding, "", str(r["prev_text"])))
    return rows


def _plausibility(result: Any) -> list[_Row]:
    rows: list[_Row] = []
    for r in result.plausibility.to_dict("records"):
        if r["status"] != schema.BREACH:
            continue
        finding = f"{r['rule_name']}：{r['expected']}（依据：{r['source']}），请核实报告所列数字"
        rows.append((*_key(r), "implausible", finding, _first(r["evidence"]), ""))
    return rows


def _coverage(result: Any) -> list[_Row]:
    gaps = result.coverage[~result.coverage["covered"].astype(bool)]
    rows: list[_Row] = []
    for _rid, group in gaps.groupby("report_id", sort=False):
        first = group.iloc[0].to_dict()
        topics = "、".join(str(t) for t in group["topic"])
        rows.append((*_key(first), "missing_topic", f"报告未涉及述职要点：{topics}", "", ""))
    return rows


def _causes(result: Any) -> list[_Row]:
    return [
        (
            *_key(r),
            "objective_causes",
            f"原因分析以客观原因为主（客观{int(r['objective'])}处、主观{int(r['subjective'])}处）",
            _first(r["evidence"]),
            "",
        )
        for r in result.causes.to_dict("records")
        if bool(r["mostly_objective"])
    ]


def _generic(result: Any) -> list[_Row]:
    generic = result.specificity[result.specificity["generic"].astype(bool)]
    rows: list[_Row] = []
    for _rid, group in generic.groupby("report_id", sort=False):
        first = group.iloc[0].to_dict()
        finding = f"{len(group)}条问题表述笼统（无数字、人名、事例），或与3个以上单位雷同"
        rows.append((*_key(first), "generic", finding, _first(first["text"]), ""))
    return rows


def _next_steps(result: Any) -> list[_Row]:
    return [
        (
            *_key(r),
            "vague_next_steps",
            f"下一步打算中{int(r['vague_next_steps'])}条没有明确的目标、时限或责任人",
            _first(r["evidence"]),
            "",
        )
        for r in result.balance.to_dict("records")
        if int(r["vague_next_steps"] or 0) > 0
    ]


def review_findings(result: Any) -> pd.DataFrame:
    """Every finding of a ReviewResult a document cites (schema.FINDINGS), gravest kinds first."""
    rows: list[_Row] = []
    for part in (
        _copying,
        _anachronisms,
        _rectification,
        _plausibility,
        _coverage,
        _causes,
        _generic,
        _next_steps,
    ):
        rows.extend(part(result))
    if not rows:
        return empty_findings()
    out = pd.DataFrame(rows, columns=list(schema.FINDINGS))
    out["year"] = out["year"].astype("Int64")
    return out
