"""Plausibility: the figures a report states against the rules every branch works under."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources

import pandas as pd

from analytics import schema
from analytics.errors import ReportError
from analytics.numbers import parse_number

KINDS = ("at_least", "share_max", "prev_max")


@dataclass(frozen=True)
class Rule:
    """One rule of the rules file (see analytics/resources/review_rules.toml)."""

    id: str
    name: str
    metric: str
    kind: str
    source: str
    per_year: float = 0.0
    scale: str | None = None  # "branches": the minimum times the stated number of branches
    of: str | None = None
    share: float = 0.0
    pattern: re.Pattern[str] | None = None


def parse_rules(raw: str, *, file: str = "review_rules.toml") -> tuple[Rule, ...]:
    """Rules from TOML text; a malformed file raises ReportError saying what to fix."""
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as err:
        raise ReportError(
            f"规则文件格式有误（{err}），请按示例的 [[rule]] 格式修改后重新上传。", file=file
        ) from err
    out = []
    for i, item in enumerate(data.get("rule", []), start=1):
        missing = [k for k in ("id", "name", "metric", "kind", "source") if not item.get(k)]
        if missing or item.get("kind") not in KINDS:
            raise ReportError(
                f"第 {i} 条规则缺少 {'、'.join(missing) or 'kind'} 或 kind 不是 "
                f"{' / '.join(KINDS)}，请补全后重新上传。",
                file=file,
            )
        if item["kind"] != "at_least" and not item.get("of"):
            raise ReportError(
                f"第 {i} 条规则（{item['name']}）须写明 of（比较的指标）。", file=file
            )
        try:
            pattern = re.compile(item["pattern"]) if item.get("pattern") else None
        except re.error as err:
            raise ReportError(
                f"第 {i} 条规则的 pattern 不是有效的正则表达式（{err}）。", file=file
            ) from err
        out.append(
            Rule(
                id=str(item["id"]),
                name=str(item["name"]),
                metric=str(item["metric"]),
                kind=str(item["kind"]),
                source=str(item["source"]),
                per_year=float(item.get("per_year", 0)),
                scale=item.get("scale"),
                of=item.get("of"),
                share=float(item.get("share", 0)),
                pattern=pattern,
            )
        )
    if not out:
        raise ReportError("规则文件中没有任何 [[rule]]，请至少写一条规则。", file=file)
    return tuple(out)


def default_rules() -> tuple[Rule, ...]:
    """The rules shipped in analytics/resources/review_rules.toml."""
    raw = resources.files("analytics").joinpath("resources", "review_rules.toml").read_text("utf-8")
    return parse_rules(raw)


Figure = tuple[float, str, int | None, int | None]  # value, evidence, start, end


def _figures(
    mentions: pd.DataFrame, texts: dict[str, str], rules: tuple[Rule, ...]
) -> dict[tuple[str, str], Figure]:
    """(report_id, metric) → the table value (largest stated figure) with its evidence."""
    out: dict[tuple[str, str], Figure] = {}
    ordered = mentions.sort_values(["report_id", "metric", "value"], ascending=[True, True, False])
    top = ordered.drop_duplicates(["report_id", "metric"])
    for rid, metric, value, ev, s, e in zip(
        top["report_id"],
        top["metric"],
        top["value"],
        top["evidence"],
        top["start"],
        top["end"],
        strict=True,
    ):
        out[(str(rid), str(metric))] = (float(value), str(ev), int(s), int(e))
    for rule in rules:
        if rule.pattern is None:
            continue
        for rid, text in texts.items():
            best: Figure | None = None
            for m in rule.pattern.finditer(text):
                try:
                    value = float(parse_number(m.group("n")))
                except (ValueError, KeyError, IndexError):
                    continue
                if best is None or value > best[0]:
                    best = (value, m.group(0), m.start(), m.end())
            if best is not None:
                out[(rid, rule.metric)] = best
    return out


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def check_rules(
    reports: pd.DataFrame,
    mentions: pd.DataFrame,
    texts: dict[str, str],
    *,
    rules: tuple[Rule, ...] | None = None,
) -> pd.DataFrame:
    """Per report and rule: BREACH, FITS or NOT_STATED, with the figure, what the rule expects
    and the evidence. A figure the report does not state is NOT_STATED, never a breach.
    REVIEW_PLAUSIBILITY columns."""
    chosen = rules if rules is not None else default_rules()
    figures = _figures(mentions, texts, chosen)
    dated = reports[reports["year"].notna()]
    by_unit_year = {
        (str(u), int(y)): str(r)
        for r, u, y in zip(dated["report_id"], dated["unit"], dated["year"], strict=True)
    }
    rows = []
    for rid, unit, kind, year in zip(
        reports["report_id"], reports["unit"], reports["unit_type"], reports["year"], strict=True
    ):
        rid = str(rid)
        for rule in chosen:
            fig = figures.get((rid, rule.metric))
            status, expected = schema.NOT_STATED, ""
            value: float | None = None
            evidence, start, end = "", None, None
            if fig is not None:
                value, evidence, start, end = fig
                if rule.kind == "at_least":
                    branches = figures.get((rid, "branches"))
                    n = branches[0] if rule.scale == "branches" and branches else 1.0
                    minimum = rule.per_year * n
                    expected = f"≥ {_fmt(minimum)}" + (
                        f"（{_fmt(n)} 个支部 × {_fmt(rule.per_year)}）" if n != 1 else ""
                    )
                    status = schema.FITS if value >= minimum else schema.BREACH
                elif rule.kind == "share_max":
                    base = figures.get((rid, str(rule.of)))
                    if base is None or base[0] <= 0:
                        status = schema.NOT_STATED
                        expected = f"需写明{schema.METRIC_LABELS.get(str(rule.of), rule.of)}"
                    else:
                        limit = rule.share * base[0]
                        expected = (
                            f"≤ {_fmt(round(limit, 1))}（{_fmt(base[0])} × {rule.share:.0%}）"
                        )
                        status = schema.FITS if value <= limit else schema.BREACH
                        evidence = f"{evidence}\n{base[1]}"
                else:  # prev_max
                    prev_id = (
                        None if pd.isna(year) else by_unit_year.get((str(unit), int(year) - 1))
                    )
                    base = figures.get((prev_id, str(rule.of))) if prev_id else None
                    label = schema.METRIC_LABELS.get(str(rule.of), rule.of)
                    if base is None:
                        expected = f"上年度报告未写明{label}"
                        status = schema.NOT_STATED
                    else:
                        expected = f"≤ {_fmt(base[0])}（上年度{label}）"
                        status = schema.FITS if value <= base[0] else schema.BREACH
                        evidence = f"{evidence}\n上年度：{base[1]}"
            rows.append(
                (
                    rid,
                    unit,
                    kind,
                    year,
                    rule.id,
                    rule.name,
                    rule.source,
                    status,
                    value,
                    expected,
                    evidence,
                    start,
                    end,
                )
            )
    out = pd.DataFrame(rows, columns=list(schema.REVIEW_PLAUSIBILITY))
    for column in ("year", "start", "end"):
        out[column] = pd.array(out[column].tolist(), dtype="Int64")
    out["value"] = pd.array(out["value"].tolist(), dtype="Float64")
    return out
