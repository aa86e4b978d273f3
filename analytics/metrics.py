"""Extract the SPEC §3 metrics of a report: every stated figure with its metric, evidence and span."""

from __future__ import annotations

import bisect
import re
import tomllib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any, Final

from analytics import schema
from analytics.numbers import NUMERAL, parse_numeral
from analytics.records import Mention, Number, Sections

# The mark that stands for the figure in a rule's context string (a private-use character).
_FIG: Final = "\ue000"
# One character of the same clause: not the figure, not a clause or sentence boundary.
_SEG: Final = f"[^{_FIG}，,：:；;。！？!?\\n]"
# Measure words, longest first; a measure word must not start another word (场所, 期间, 人员).
_UNITS: Final = ("人次", "场次", "元", "名", "人", "次", "场", "期", "篇", "条", "份", "个", "堂", "则")
_NOT_A_WORD: Final = "所地景馆间限末刊望待例件款单称义额字素旦民员才士口群日性序数章幅"
_CANDIDATE_RE: Final = re.compile(
    f"(?P<num>{NUMERAL})[ \u3000]?(?P<unit>{'|'.join(_UNITS)})(?![{_NOT_A_WORD}])"
)
_SENTENCE_END_RE: Final = re.compile(r"[。；;！？!?\n]")
_CLAUSE_END_RE: Final = re.compile(r"[，,：:；;。！？!?\n]")
_CJK_RE: Final = re.compile(r"[\u4e00-\u9fff]")
_YEAR_RE: Final = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})年")
_APPROX_BEFORE_RE: Final = re.compile(r"(?:约|近|大约|将近|接近|逾|超过|约有|近乎)$")
_APPROX_AFTER_RE: Final = re.compile(r"^(?:余|多|以上|左右|许)")
_STOCK_FULL_RE: Final = re.compile(r"正式党员$")
_STOCK_PROBATION_RE: Final = re.compile(r"^[，、,]\s*预备党员$")
_FLOW_RE: Final = re.compile(r"发展(?!对象)|转正|吸收|接收|吸纳")
_OPEN_CLOSE: Final = (("“", "”"), ("《", "》"), ("「", "」"), ("『", "』"), ("‘", "’"), ("〈", "〉"))

_PRE_CHARS = 80  # context before the figure that rules see
_SENTENCE_CHARS = 200  # sentence context for quotes, plans, periods and scope
_POST_CHARS = 24  # context after the measure word
_EVIDENCE_CHARS = 120


@dataclass(frozen=True)
class _Rule:
    """One way of naming a metric around a figure."""

    metric: str
    order: int
    pattern: re.Pattern[str]
    strong: bool


@dataclass(frozen=True)
class _Config:
    """The compiled contents of resources/metrics.toml."""

    rules: Mapping[str, tuple[_Rule, ...]]  # by measure word
    excludes: Mapping[str, re.Pattern[str]]  # by metric
    any_cue: re.Pattern[str]
    plan: re.Pattern[str]
    actual: re.Pattern[str]
    norm: re.Pattern[str]
    norm_reset: re.Pattern[str]
    other_period: re.Pattern[str]
    this_year: re.Pattern[str]
    since: re.Pattern[str]
    scope: re.Pattern[str]
    self_unit: re.Pattern[str]
    self_report: re.Pattern[str]
    near_before: re.Pattern[str]
    near_after: re.Pattern[str]
    counted_other: re.Pattern[str]
    breakdown: re.Pattern[str]
    average: re.Pattern[str]


def _expand(pattern: str) -> str:
    return pattern.replace("{seg}", _SEG).replace("{fig}", _FIG)


def _load_config() -> dict[str, Any]:
    source = resources.files("analytics").joinpath("resources/metrics.toml")
    return tomllib.loads(source.read_text(encoding="utf-8"))


def _build_config(data: Mapping[str, Any]) -> _Config:
    by_unit: dict[str, list[_Rule]] = {unit: [] for unit in _UNITS}
    excludes: dict[str, re.Pattern[str]] = {}
    cues: list[str] = []
    metrics: Mapping[str, Any] = data["metrics"]
    unknown = set(metrics) - set(schema.METRIC_KEYS)
    if unknown:
        raise ValueError(f"metrics.toml names unknown metrics: {sorted(unknown)}")
    for order, (metric, spec) in enumerate(metrics.items()):
        patterns: list[tuple[str, bool]] = []
        cue = spec.get("cue")
        if cue:
            cues.append(cue)
            if spec.get("before", -1) >= 0:
                patterns.append((f"(?P<cue>{cue})(?:{{seg}}{{0,{spec['before']}}}?){{fig}}", False))
            if spec.get("after", -1) >= 0:
                patterns.append((f"{{fig}}(?:{{seg}}{{0,{spec['after']}}}?)(?P<cue>{cue})", False))
        patterns += [(p, False) for p in spec.get("extra", [])]
        patterns += [(p, True) for p in spec.get("strong", [])]
        for pattern, strong in patterns:
            rule = _Rule(metric, order, re.compile(_expand(pattern)), strong)
            for unit in spec["units"]:
                by_unit[unit].append(rule)
        if "exclude" in spec:
            excludes[metric] = re.compile(spec["exclude"])
    ex: Mapping[str, str] = data["exclusions"]
    return _Config(
        rules={unit: tuple(rules) for unit, rules in by_unit.items()},
        excludes=excludes,
        any_cue=re.compile("(?:" + "|".join(_expand(c) for c in cues) + ")" + ex["list_join"]),
        plan=re.compile(ex["plan"]),
        actual=re.compile(ex["actual"]),
        norm=re.compile(ex["norm"]),
        norm_reset=re.compile(ex["norm_reset"]),
        other_period=re.compile(ex["other_period"]),
        this_year=re.compile(ex["this_year"]),
        since=re.compile(ex["since"]),
        scope=re.compile(ex["scope"]),
        self_unit=re.compile(ex["self_unit"]),
        self_report=re.compile(ex["self_report"]),
        near_before=re.compile(ex["near_before"]),
        near_after=re.compile(ex["near_after"]),
        counted_other=re.compile(ex["counted_other"]),
        breakdown=re.compile(ex["breakdown"]),
        average=re.compile(ex["average"]),
    )


_CONFIG: Final = _build_config(_load_config())


@dataclass(frozen=True)
class _Candidate:
    """A number written with a measure word, with the text around it."""

    start: int
    end: int
    num_text: str
    unit: str
    value: Number
    approx: bool
    sentence_start: int
    sentence_end: int
    pre: str  # the sentence before the figure (at most _SENTENCE_CHARS)
    clause_pre: str  # the clause before the figure
    post: str  # the clause after the measure word (at most _POST_CHARS)


def _last(pattern: re.Pattern[str], text: str) -> int:
    """End of the last match of ``pattern`` in ``text``, or -1."""
    end = -1
    for match in pattern.finditer(text):
        end = match.end()
    return end


def _in_quotes(pre: str) -> bool:
    if pre.count('"') % 2 == 1:
        return True
    for opening, closing in _OPEN_CLOSE:
        if pre.rfind(opening) > pre.rfind(closing):
            return True
    return False


def _report_year(text: str) -> int | None:
    """The year most often written in the text, the latest on a tie (for 2023年以来)."""
    counts = Counter(int(m.group(1)) for m in _YEAR_RE.finditer(text))
    if not counts:
        return None
    return max(counts.items(), key=lambda item: (item[1], item[0]))[0]


def _excluded(c: _Candidate, year: int | None) -> bool:
    """True when the figure is not a fact of this unit's year whatever it counts (SPEC §3)."""
    cfg = _CONFIG
    near = c.pre[-8:]
    if cfg.near_before.search(near) or cfg.near_after.search(c.post):
        return True
    if cfg.counted_other.search(c.post) or _in_quotes(c.pre):
        return True
    if cfg.self_report.search(c.pre) or cfg.self_report.search(c.post):
        return True
    if cfg.average.search(c.clause_pre):
        return True
    plan = _last(cfg.plan, c.pre)
    if plan >= 0 and _last(cfg.actual, c.pre) < plan:
        return True
    norm = _last(cfg.norm, c.pre)
    if norm >= 0 and _last(cfg.norm_reset, c.pre) < norm:
        return True
    if c.post.startswith("/") or c.post.startswith("每"):
        return True
    period = _last(cfg.other_period, c.pre)
    for match in cfg.since.finditer(c.pre):
        if year is None or int(match.group(1)) != year:
            period = max(period, match.end())
    if period >= 0 and _last(cfg.this_year, c.pre) < period:
        return True
    scope = _last(cfg.scope, c.pre)
    return scope >= 0 and _last(cfg.self_unit, c.pre) < scope


def _choose(c: _Candidate) -> str | None:
    """The metric the figure counts: the strongest, then nearest cue around it."""
    rules = _CONFIG.rules.get(c.unit, ())
    if not rules:
        return None
    ctx_pre = c.pre[-_PRE_CHARS:]
    mark = len(ctx_pre)
    ctx = ctx_pre + _FIG + c.post
    clause = c.clause_pre + _FIG + c.post
    counted_noun = c.unit == "个" and bool(_CJK_RE.match(c.post))
    best: tuple[int, int, int, str, int] | None = None  # (weak, distance, order, metric, cue start)
    for rule in rules:
        match = rule.pattern.search(ctx)
        if match is None:
            continue
        cue_start, cue_end = match.span("cue")
        after = cue_start > mark
        if counted_noun and not after:
            continue  # 5个方面: what 个 counts is named after it
        exclude = _CONFIG.excludes.get(rule.metric)
        if exclude is not None and exclude.search(clause):
            continue
        distance = cue_start - mark - 1 if after else mark - cue_end
        key = (0 if rule.strong else 1, distance, rule.order, rule.metric, cue_start)
        if best is None or key < best:
            best = key
    if best is None:
        return None
    metric, cue_start = best[3], best[4]
    if cue_start < mark:
        # A breakdown after 其中 names its own cue; it never inherits the total's metric.
        if _last(_CONFIG.breakdown, ctx_pre) > cue_start:
            return None
        # Two metrics counted together (支委会和党员大会共16次) are neither.
        if _CONFIG.any_cue.search(ctx_pre[max(0, cue_start - 24) : cue_start]):
            return None
    return metric


def _candidates(text: str, sections: Sections) -> list[_Candidate]:
    ends = [m.start() for m in _SENTENCE_END_RE.finditer(text)]
    skip = sections.next_steps
    keep = sections.problems
    found: list[_Candidate] = []
    for match in _CANDIDATE_RE.finditer(text):
        start, end = match.span()
        if skip is not None and start in skip and not (keep is not None and start in keep):
            continue
        if start > 0 and text[start - 1] == "第":
            continue
        try:
            value, approx = parse_numeral(match.group("num"))
        except ValueError:
            continue
        if value <= 0:
            continue
        i = bisect.bisect_left(ends, start)
        sentence_start = ends[i - 1] + 1 if i > 0 else 0
        sentence_end = ends[i] if i < len(ends) else len(text)
        pre = text[max(sentence_start, start - _SENTENCE_CHARS) : start]
        post = text[end : min(sentence_end, end + _POST_CHARS)]
        clause_end = _CLAUSE_END_RE.search(post)
        if clause_end is not None:
            post = post[: clause_end.start()]
        clause_pre = pre[_last(_CLAUSE_END_RE, pre) + 1 :] if pre else ""
        approx = (
            approx
            or bool(_APPROX_BEFORE_RE.search(pre))
            or bool(_APPROX_AFTER_RE.search(post))
        )
        found.append(
            _Candidate(
                start=start,
                end=end,
                num_text=match.group("num"),
                unit=match.group("unit"),
                value=value,
                approx=approx,
                sentence_start=sentence_start,
                sentence_end=sentence_end,
                pre=pre,
                clause_pre=clause_pre,
                post=post,
            )
        )
    return found


def _evidence(text: str, c: _Candidate, end: int) -> str:
    """The sentence of the figure, cut to the clauses around it when it is long."""
    lo, hi = c.sentence_start, c.sentence_end
    sentence = text[lo:hi].strip()
    if len(sentence) <= _EVIDENCE_CHARS:
        return sentence
    cuts = [lo] + [m.end() for m in _CLAUSE_END_RE.finditer(text, lo, hi)] + [hi]
    i = bisect.bisect_right(cuts, c.start) - 1
    j = bisect.bisect_left(cuts, end)
    left, right = cuts[max(i, 0)], cuts[min(j, len(cuts) - 1)]
    if right - left > _EVIDENCE_CHARS:
        half = (_EVIDENCE_CHARS - (end - c.start)) // 2
        left = max(lo, c.start - half)
        right = min(hi, max(end, left + _EVIDENCE_CHARS))
        return text[left:right].strip()
    while True:
        grown = False
        if i > 0 and right - cuts[i - 1] <= _EVIDENCE_CHARS:
            i -= 1
            left = cuts[i]
            grown = True
        if j < len(cuts) - 1 and cuts[j + 1] - left <= _EVIDENCE_CHARS:
            j += 1
            right = cuts[j]
            grown = True
        if not grown:
            break
    return text[left:right].strip().rstrip("，,：:；;")


def _stock_sum(text: str, found: Sequence[_Candidate], k: int) -> int | None:
    """正式党员478名，预备党员3名 (no 发展/转正): membership; the index of the 预备党员 figure."""
    first = found[k]
    if first.unit not in ("名", "人") or not _STOCK_FULL_RE.search(first.clause_pre):
        return None
    if _FLOW_RE.search(first.pre) or k + 1 >= len(found):
        return None
    second = found[k + 1]
    if second.unit not in ("名", "人") or second.sentence_start != first.sentence_start:
        return None
    return k + 1 if _STOCK_PROBATION_RE.search(text[first.end : second.start]) else None


def extract_mentions(text: str, sections: Sections) -> tuple[Mention, ...]:
    """Every figure of a SPEC §3 metric stated in ``text``, sorted by position.

    Figures in ``sections.next_steps`` are plans and are skipped (unless that span is also the
    problems section); plan, norm, period, scope and other exclusions apply everywhere.
    """
    found = _candidates(text, sections)
    year = _report_year(text) if any("以来" in c.pre for c in found) else None
    mentions: list[Mention] = []
    consumed = -1
    for k, c in enumerate(found):
        if k <= consumed:
            continue
        if _excluded(c, year):
            continue
        partner = _stock_sum(text, found, k)
        if partner is not None:
            other = found[partner]
            consumed = partner
            mentions.append(
                Mention(
                    metric="party_members",
                    value=c.value + other.value,
                    approx=c.approx or other.approx,
                    unit_of_measure=c.unit,
                    evidence=_evidence(text, c, other.end),
                    start=c.start,
                    end=other.end,
                )
            )
            continue
        metric = _choose(c)
        if metric is None:
            continue
        mentions.append(
            Mention(
                metric=metric,
                value=c.value,
                approx=c.approx,
                unit_of_measure=c.unit,
                evidence=_evidence(text, c, c.end),
                start=c.start,
                end=c.end,
            )
        )
    return tuple(sorted(mentions, key=lambda m: m.start))

