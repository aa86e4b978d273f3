"""Coverage of the year's notice: a checklist of required topics, a report × topic matrix."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources

import pandas as pd

from analytics import schema
from analytics.errors import ReportError

_SPLIT = re.compile(r"[、,，;；/|\s]+")
# "名称" or "名称：词1、词2" after an optional bullet or number. The name runs to its last
# non-space character before the first colon (at least one character): each run of spaces in it
# is read once (possessive), so that a long line stays linear.
_LINE = re.compile(
    r"^\s*(?:[-*•]\s*|\d+[.、]\s*)?(?P<name>[^:：](?:\s*+[^\s:：])*+)\s*+"
    r"(?:[:：]\s*(?P<cues>.*))?$"
)


@dataclass(frozen=True)
class Topic:
    """One required topic and the words that show a report covers it."""

    name: str
    cues: tuple[str, ...]


def default_topics() -> tuple[Topic, ...]:
    """The checklist shipped in analytics/resources/required_topics.toml."""
    raw = resources.files("analytics").joinpath("resources", "required_topics.toml")
    return parse_topics_toml(raw.read_text("utf-8"))


def parse_topics_toml(raw: str, *, file: str = "required_topics.toml") -> tuple[Topic, ...]:
    """Topics from the TOML form ([[topic]] name, cues)."""
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as err:
        raise ReportError(f"要点清单格式有误（{err}），请修改后重新上传。", file=file) from err
    topics = tuple(
        Topic(
            str(t["name"]), tuple(str(c) for c in t.get("cues", []) if str(c)) or (str(t["name"]),)
        )
        for t in data.get("topic", [])
        if t.get("name")
    )
    if not topics:
        raise ReportError("要点清单中没有任何要点，请至少写一个 [[topic]]。", file=file)
    return topics


def parse_topic_list(raw: str, *, file: str = "要点清单.txt") -> tuple[Topic, ...]:
    """Topics from a plain list: one a line, "名称" or "名称：词1、词2". Without cues, the name's
    parts split at "/" are the cues (理论学习/主题教育 → 理论学习, 主题教育)."""
    topics = []
    for line in raw.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _LINE.match(line)
        if m is None:
            continue
        name = m.group("name").strip()
        cues_text = m.group("cues") or name
        cues = tuple(c for c in _SPLIT.split(cues_text) if c)
        if name and cues:
            topics.append(Topic(name, cues))
    if not topics:
        raise ReportError(
            "要点清单是空的：请每行写一个要点，如“意识形态：意识形态、舆情”。", file=file
        )
    return tuple(topics)


def parse_topics(raw: str, *, file: str) -> tuple[Topic, ...]:
    """Topics from an uploaded file: TOML when it has [[topic]] tables, else a plain list."""
    return (
        parse_topics_toml(raw, file=file)
        if "[[topic]]" in raw
        else parse_topic_list(raw, file=file)
    )


def _sentence(text: str, pos: int) -> tuple[str, int, int]:
    s = max(text.rfind(c, 0, pos) for c in "。！？；\n") + 1
    ends = [i for i in (text.find(c, pos) for c in "。！？；\n") if i >= 0]
    e = min(ends) + 1 if ends else len(text)
    return text[s:e].strip(), s, e


def coverage(
    reports: pd.DataFrame, texts: dict[str, str], *, topics: tuple[Topic, ...] | None = None
) -> pd.DataFrame:
    """Report × topic (long): covered or not, with the first sentence naming it. REVIEW_COVERAGE."""
    chosen = topics if topics is not None else default_topics()
    rows: list[tuple[object, ...]] = []
    for rid, unit, kind, year in zip(
        reports["report_id"], reports["unit"], reports["unit_type"], reports["year"], strict=True
    ):
        text = texts.get(str(rid), "")
        for topic in chosen:
            hits = [p for p in (text.find(c) for c in topic.cues) if p >= 0]
            if hits:
                ev, s, e = _sentence(text, min(hits))
                rows.append((rid, unit, kind, year, topic.name, True, ev, s, e))
            else:
                rows.append((rid, unit, kind, year, topic.name, False, "", None, None))
    out = pd.DataFrame(rows, columns=list(schema.REVIEW_COVERAGE))
    for column in ("year", "start", "end"):
        out[column] = pd.array(out[column].tolist(), dtype="Int64")
    out["covered"] = out["covered"].astype(bool)
    return out


def coverage_matrix(long: pd.DataFrame) -> pd.DataFrame:
    """Report (unit, year) × topic: "✓" or "缺", with the number of gaps."""
    if long.empty:
        return pd.DataFrame(columns=["单位", "年度", "缺项数"])
    order = list(dict.fromkeys(long["topic"]))
    wide = long.pivot_table(
        index=["report_id", "unit", "year"], columns="topic", values="covered", aggfunc="max"
    )
    wide = wide.reindex(columns=order)
    gaps = (~wide.astype(bool)).sum(axis=1)
    shown = wide.map(lambda v: "✓" if bool(v) else "缺")
    shown.insert(0, "缺项数", gaps)
    shown = shown.reset_index().rename(
        columns={"unit": "单位", "year": "年度", "report_id": "报告编号"}
    )
    shown.columns.name = None
    return shown.sort_values(["缺项数", "单位"], ascending=[False, True]).reset_index(drop=True)
