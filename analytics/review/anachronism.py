"""Leftovers of copying: terms out of their time, another year as current, other units' names."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from analytics import schema
from analytics.review.text import load_data

_DATA = load_data("review_terms.toml")
_TERMS = [
    (re.compile(t["pattern"]), t["term"], t.get("valid_from"), t.get("valid_to"), t["reason"])
    for t in _DATA["anachronism"]
]
_ANNIVERSARY = re.compile(_DATA["anniversary"]["pattern"])
_FOUNDED = int(_DATA["anniversary"]["founding_year"])
_CURRENT = [re.compile(p) for p in _DATA["current_year"]["patterns"]]
_SELF = {k: tuple(v) for k, v in _DATA["self_reference"].items()}
_ORG_SUFFIX = re.compile(r"(?:党委|党组|党支部|党总支|党工委|机关党委|党委会)$")

MAX_PEERS = 100
KIND_TERM = "术语不合年份"
KIND_YEAR = "年份错写"
KIND_SELF = "自称与单位类型不符"
KIND_NAME = "出现其他单位名称"


def _sentence(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The sentence around [start, end): its text and span."""
    s = max(text.rfind(c, 0, start) for c in "。！？；\n") + 1
    ends = [i for i in (text.find(c, end) for c in "。！？；\n") if i >= 0]
    e = min(ends) + 1 if ends else len(text)
    return text[s:e].strip(), s, e


def core_name(unit: str) -> str:
    """A unit's name without the party-organisation suffix (某中学党总支 → 某中学)."""
    return _ORG_SUFFIX.sub("", unit)


def report_anachronisms(
    text: str, *, year: int | None, unit_type: str, other_units: Sequence[str] = ()
) -> list[tuple[str, str, str, str, int, int]]:
    """Findings of one report: (kind, term, reason, evidence sentence, start, end)."""
    out: list[tuple[str, str, str, str, int, int]] = []
    if year is not None:
        for regex, term, low, high, reason in _TERMS:
            if (low is not None and year < low) or (high is not None and year > high):
                for m in regex.finditer(text):
                    ev, s, e = _sentence(text, m.start(), m.end())
                    out.append((KIND_TERM, term, f"{reason}；本报告为{year}年度", ev, s, e))
                    break
        for m in _ANNIVERSARY.finditer(text):
            n = int(m.group("n"))
            if n + _FOUNDED != year:
                ev, s, e = _sentence(text, m.start(), m.end())
                reason = f"建党{n}周年是{n + _FOUNDED}年，本报告为{year}年度"
                out.append((KIND_TERM, m.group(0), reason, ev, s, e))
        seen: set[int] = set()
        for regex in _CURRENT:
            for m in regex.finditer(text):
                written = int(m.group("y"))
                if written != year and m.start("y") not in seen:
                    seen.add(m.start("y"))
                    ev, s, e = _sentence(text, m.start("y"), m.end("y"))
                    reason = f"把{written}年写作本年度，本报告为{year}年度"
                    out.append((KIND_YEAR, f"{written}年", reason, ev, s, e))
    for kind, words in _SELF.items():
        if kind == unit_type:
            continue
        own = _SELF.get(unit_type, ())
        for word in words:
            if any(word in o or o in word for o in own):
                continue
            pos = text.find(word)
            if pos >= 0:
                ev, s, e = _sentence(text, pos, pos + len(word))
                label = schema.UNIT_TYPE_LABELS.get(kind, kind)
                out.append(
                    (KIND_SELF, word, f"“{word}”是{label}的自称，与本单位类型不符", ev, s, e)
                )
                break
    for name in other_units:
        core = core_name(name)
        if len(core) < 4:
            continue
        pos = text.find(core)
        if pos >= 0:
            ev, s, e = _sentence(text, pos, pos + len(core))
            reason = f"文中出现同类单位“{name}”的名称，请核实是否照搬其材料"
            out.append((KIND_NAME, core, reason, ev, s, e))
    return out


def corpus_anachronisms(
    reports: pd.DataFrame,
    texts: dict[str, str],
    *,
    partners: dict[str, set[str]] | None = None,
    max_peers: int = MAX_PEERS,
) -> pd.DataFrame:
    """Every leftover of copying in every report (REVIEW_ANACHRONISMS columns).

    Other units' names are looked for among the units the report shares passages with
    (``partners``: report_id → units) and, when a type has at most ``max_peers`` units, among
    the units of the same type; a name containing this unit's own core name (or contained in
    it) is no other unit.
    """
    by_type: dict[str, list[str]] = {}
    for unit, kind in zip(reports["unit"], reports["unit_type"], strict=True):
        names = by_type.setdefault(str(kind), [])
        if str(unit) not in names:
            names.append(str(unit))
    rows: list[tuple[object, ...]] = []
    for rid, unit, kind, year in zip(
        reports["report_id"], reports["unit"], reports["unit_type"], reports["year"], strict=True
    ):
        own = core_name(str(unit))
        peers = by_type.get(str(kind), [])
        pool = [*(peers if len(peers) <= max_peers else []), *(partners or {}).get(str(rid), ())]
        others = [
            u
            for u in dict.fromkeys(pool)
            if u != unit and own not in core_name(u) and core_name(u) not in own
        ]
        found = report_anachronisms(
            texts.get(str(rid), ""),
            year=None if pd.isna(year) else int(year),
            unit_type=str(kind),
            other_units=others,
        )
        rows.extend((rid, unit, kind, year, *f) for f in found)
    out = pd.DataFrame(rows, columns=list(schema.REVIEW_ANACHRONISMS))
    out["year"] = pd.array(out["year"].tolist(), dtype="Int64")
    return out
