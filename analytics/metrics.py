"""Extract the SPEC §3 metrics of a report: each stated figure with its evidence and span."""

from __future__ import annotations

import bisect
import heapq
import re
import tomllib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any, Final, NamedTuple

from analytics import cells, schema
from analytics.bounds import ceilings
from analytics.numbers import NUMERAL, parse_numeral
from analytics.records import Mention, Number, Sections, Span

# The mark that stands for the figure in a rule's context string, and the mark every clause
# boundary (，：；。！？ and a line break) is mapped to there (private-use characters, one for one,
# so positions are kept). Rules then name a clause character as the range [^\ue000-\ue001], which
# compiles in microseconds where a class of scattered CJK punctuation costs a 64K-entry table
# each time it is written.
_FIG: Final = "\ue000"
_SEP: Final = "\ue001"
_CLAUSE_MARKS: Final = "，,：:；;。！？!?\n"
_TO_SEP: Final = str.maketrans(dict.fromkeys(_CLAUSE_MARKS, _SEP))
# One character of the same clause: not the figure, not a clause or sentence boundary.
_SEG: Final = f"[^{_FIG}-{_SEP}]"
# Measure words, longest first; a measure word must not start another word (场所, 期间, 人员).
_UNITS: Final = (
    *("人次", "场次", "批次", "元", "名", "人", "次", "场"),
    *("期", "篇", "条", "份", "个", "堂", "则", "位"),
)
_NOT_A_WORD: Final = "所地景馆间限末刊望待例件款单称义额字素旦民员才士口群日性序数章幅"
# What may not follow one measure word only: 位置, 位列, 位居, 位于 (3位同志 counts people).
_NOT_A_WORD_AFTER: Final = MappingProxyType({"位": "置列居于次"})
_UNIT_ALTERNATION: Final = "|".join(
    f"{unit}(?![{_NOT_A_WORD_AFTER[unit]}])" if unit in _NOT_A_WORD_AFTER else unit
    for unit in _UNITS
)
_CANDIDATE_RE: Final = re.compile(
    f"(?P<num>{NUMERAL})[ \u3000]?(?P<unit>{_UNIT_ALTERNATION})(?![{_NOT_A_WORD}])"
)
# A count of party organisations written without its measure word (下设5基层党组织, 共有3党支部):
# Arabic digits right after a verb of having or setting up, read as 个. Chinese numerals there
# name a branch (一支部, 二党支部), never a count.
_BARE_UNIT: Final = "个"
_BARE_MARK_RE: Final = re.compile(r"[设有辖计共立建][0-9０-９]")
_BARE_RE: Final = re.compile(
    r"(?<=[设有辖计共立建])(?P<num>[0-9０-９]{1,4})(?=(?:基层|村级?)?(?:党支部|支部|党组织|党总支))"
)
# A count of sessions written just before a head count (5期360人次, 12场次、800人次) or ending
# the clause before it (开展志愿服务58次，参与党员1100人次): what may follow the sessions.
_HEADCOUNT_UNITS: Final = frozenset({"人次", "人", "名", "位"})
_PEOPLE_UNITS: Final = frozenset({"名", "人", "位"})
_SESSION_UNITS: Final = frozenset({"期", "场", "次", "场次", "批次"})
_PAIRED_TAIL_RE: Final = re.compile(
    f"次?[ \u3000]?(?:[、/]?(?:共计|共|计|累计|合计|总计)?|{_SEP}[^{_SEP}]{{0,16}})"
)
_CLAUSE_END_RE: Final = re.compile(f"[{_CLAUSE_MARKS}]")
_BRACKET_RE: Final = re.compile(r"[（(]")
# A line that is a heading or list item (一、 （二） 3. 一是), whatever its length.
_HEADING_LINE_RE: Final = re.compile(
    r"[ \t\u3000]*(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十0-9]{1,3}[）)]"
    r"|[0-9]{1,2}[.．、](?![0-9])|[一二三四五六七八九十]是)"
)
_LINE_END_PUNCT: Final = "。；;！？!?：:"
# A line break with the spaces around it. The spaces before it are taken only from the start of
# their run (the lookbehind), whole (possessive): a long run of spaces is read once, not once per
# position. A match right after another one starts at its line break.
_WRAP_RE: Final = re.compile(r"(?:(?<![ \t\u3000])[ \t\u3000]++)?\r?\n[ \t\u3000]*+")
_SENTENCE_PUNCT_RE: Final = re.compile(r"[。；;！？!?]")
_TITLE_RE: Final = re.compile(r"《[^》]*》")
_SCOPE_OPENING = 8  # 全县召开…: a scope word this near the start of the sentence covers it
_SHORT_LINE = 30  # a line this short without a sentence end is a heading or a title
# The leading lookahead lets the search skip quickly to a 现 or a 1/2 that may start a year.
_YEAR_RE: Final = re.compile(
    r"(?=[现12])(?P<intro>现将)?(?<![0-9])((?:19|20)[0-9]{2})年(?P<own>度)?"
    r"(?P<since>(?:[0-9]{1,2}月)?以来)?"
)
_APPROX_BEFORE_RE: Final = re.compile(r"(?:约|近|大约|将近|接近|逾|超过|约有|近乎)$")
_APPROX_AFTER_RE: Final = re.compile(r"^(?:余|多|以上|左右|许)")
# Membership written as two complementary parts: 正式党员478名，预备党员3名 (a part after 正式)
# or 在职党员32名、离退休党员15名 (after 在职, only with a possessive verb: 共有在职党员…).
_STOCK_FIRST_RE: Final = re.compile(
    r"(?P<full>正式党员)$|(?P<serving>(?:有|其中)在职党员)$|(?P<retired>有(?:离退休|退休)党员)$"
)
_STOCK_SECOND: Final = MappingProxyType(
    {
        "full": re.compile(r"^[，、,]\s*预备党员$"),
        "serving": re.compile(r"^[，、,]\s*(?:离退休|退休)党员$"),
        "retired": re.compile(r"^[，、,]\s*在职党员$"),
    }
)
_FLOW_RE: Final = re.compile(r"发展(?!对象)|转正|吸收|接收|吸纳")
_OPEN_CLOSE: Final = tuple(zip("“《「『‘〈", "”》」』’〉", strict=True))
_QUOTE_MARK_RE: Final = re.compile('["“《「『‘〈]')  # any opening mark (or a straight quote)

_PRE_CHARS = 80  # context before the figure that rules see
_SENTENCE_CHARS = 200  # sentence context for quotes, plans, periods and scope
_POST_CHARS = 24  # context after the measure word
_EVIDENCE_CHARS = 120
_PLANS_FROM = 0.4  # a next-steps part found earlier in the text than this share is a misreading
_OPENING_SHARE = 0.1  # 2023年以来，在…领导下 names the report's year only in the opening
_TERM_OPENING = 300  # characters where a report says it reviews a whole term


@dataclass(frozen=True)
class _Rule:
    """One way of naming a metric around a figure."""

    metric: str
    order: int
    pattern: re.Pattern[str]
    strong: bool


@dataclass(frozen=True)
class _UnitRules:
    """The rules of the metrics that accept one measure word, by the context they read."""

    local: tuple[_Rule, ...]  # the figure's own clause
    wide: tuple[_Rule, ...]  # the sentence before the figure
    carry: tuple[_Rule, ...]  # a cue in the clause before a total
    # The local rules that can match when nothing follows the figure in its clause (most
    # figures end their clause: 讲党课3次，): those that read a cue after it cannot.
    local_no_post: tuple[_Rule, ...]


def _unit_rules(local: list[_Rule], wide: list[_Rule], carry: list[_Rule]) -> _UnitRules:
    no_post = tuple(
        rule
        for rule in local
        if not (rule.pattern.pattern.startswith(_FIG) and rule.pattern.fullmatch(_FIG) is None)
    )
    return _UnitRules(tuple(local), tuple(wide), tuple(carry), no_post)


@dataclass(frozen=True)
class _Subject:
    """A generic cue read as another metric when the sentence's subject names that one."""

    metric: str
    own: re.Pattern[str]  # the figure's clause names its own subject: no change
    subject: re.Pattern[str]  # searched in the sentence before the figure's clause
    becomes: str


@dataclass(frozen=True)
class _Config:
    """The compiled contents of resources/metrics.toml."""

    rules: Mapping[str, _UnitRules]  # by measure word
    total: re.Pattern[str]  # a clause that states a total (共, 累计) may carry an earlier cue
    excludes: Mapping[str, re.Pattern[str]]  # by metric
    list_join: str  # characters that join two cues in a list: 支委会和党员大会
    named_cue: re.Pattern[str]  # every metric's cue, group ``m<i>`` for the i-th metric
    metric_names: tuple[str, ...]
    plan: re.Pattern[str]
    actual: re.Pattern[str]
    norm: re.Pattern[str]
    norm_reset: re.Pattern[str]
    shortfall: re.Pattern[str]
    year_norm: re.Pattern[str]
    other_period: re.Pattern[str]
    this_year: re.Pattern[str]
    period_source: re.Pattern[str]
    since: re.Pattern[str]
    year: re.Pattern[str]
    scope: re.Pattern[str]
    scope_soft: re.Pattern[str]
    lower_self: re.Pattern[str]
    upper_self: re.Pattern[str]
    self_unit: re.Pattern[str]
    self_report: re.Pattern[str]
    near_before: re.Pattern[str]
    near_after: re.Pattern[str]
    counted_other: re.Pattern[str]
    breakdown: re.Pattern[str]
    average: re.Pattern[str]
    table_skip: re.Pattern[str]
    table_keep: re.Pattern[str]
    table_unit: re.Pattern[str]
    table_title: re.Pattern[str]
    term_report: re.Pattern[str]
    subjects: tuple[_Subject, ...]
    one_year: re.Pattern[str]


def _expand(pattern: str, tokens: Mapping[str, str]) -> str:
    """A data-file pattern with its ``{NAME}`` tokens and {seg}, {sep}, {fig} written out."""
    for name, value in tokens.items():
        pattern = pattern.replace(f"{{{name}}}", value)
    return pattern.replace("{seg}", _SEG).replace("{sep}", _SEP).replace("{fig}", _FIG)


def _entry(entry: str | Mapping[str, Any], units: Sequence[str]) -> tuple[str, list[str]]:
    """A pattern of the data file and the measure words it reads: a string takes the metric's,
    a table ``{ pattern = …, units = […] }`` names a subset of them."""
    if isinstance(entry, str):
        return entry, list(units)
    only: list[str] = entry["units"]
    if not set(only) <= set(units):
        raise ValueError(f"metrics.toml: pattern units {only} outside the metric's {list(units)}")
    return entry["pattern"], only


def _load_config() -> dict[str, Any]:
    source = resources.files("analytics").joinpath("resources/metrics.toml")
    return tomllib.loads(source.read_text(encoding="utf-8"))


def _build_config(data: Mapping[str, Any]) -> _Config:
    by_unit: dict[str, dict[str, list[_Rule]]] = {
        unit: {"local": [], "wide": [], "carry": []} for unit in _UNITS
    }
    excludes: dict[str, re.Pattern[str]] = {}
    named: list[str] = []
    metrics: Mapping[str, Any] = data["metrics"]
    tokens: Mapping[str, str] = data.get("tokens", {})
    unknown = set(metrics) - set(schema.METRIC_KEYS)
    if unknown:
        raise ValueError(f"metrics.toml names unknown metrics: {sorted(unknown)}")
    for order, (metric, spec) in enumerate(metrics.items()):
        patterns: list[tuple[str, str, bool]] = []  # (kind, pattern, strong)
        cue = spec.get("cue")
        if cue:
            named.append(f"(?P<m{order}>{_expand(cue, tokens)})")
            if spec.get("before", -1) >= 0:
                before = f"(?P<cue>{cue})(?:{{seg}}{{0,{spec['before']}}}?){{fig}}"
                patterns.append(("local", before, False))
            if spec.get("after", -1) >= 0:
                after = f"{{fig}}(?:{{seg}}{{0,{spec['after']}}}?)(?P<cue>{cue})"
                patterns.append(("local", after, False))
            if spec.get("carry", True):
                patterns.append(("carry", f"(?P<cue>{cue}){data['carry']['pattern']}", False))
        units: list[str] = spec["units"]
        _, cue_units = _entry({"pattern": "", "units": spec.get("cue_units", units)}, units)
        rules = [(kind, pattern, strong, cue_units) for kind, pattern, strong in patterns]
        for key, kind, strong in (
            ("extra", "local", False),
            ("strong", "local", True),
            ("wide", "wide", False),
        ):
            for entry in spec.get(key, []):
                pattern, only = _entry(entry, units)
                rules.append((kind, pattern, strong, only))
        for kind, pattern, strong, only in rules:
            rule = _Rule(metric, order, re.compile(_expand(pattern, tokens)), strong)
            for unit in only:
                by_unit[unit][kind].append(rule)
        if "exclude" in spec:
            excludes[metric] = re.compile(spec["exclude"])
    ex: Mapping[str, str] = data["exclusions"]
    return _Config(
        rules={
            unit: _unit_rules(k["local"], k["wide"], k["carry"])
            for unit, k in by_unit.items()
            if k["local"] or k["wide"] or k["carry"]
        },
        total=re.compile(data["carry"]["total"]),
        excludes=excludes,
        list_join=ex["list_join"],
        named_cue=re.compile("|".join(named)),
        metric_names=tuple(metrics),
        plan=re.compile(ex["plan"]),
        actual=re.compile(ex["actual"]),
        norm=re.compile(ex["norm"]),
        norm_reset=re.compile(ex["norm_reset"]),
        shortfall=re.compile(ex["shortfall"]),
        year_norm=re.compile(ex["year_norm"]),
        other_period=re.compile(ex["other_period"]),
        this_year=re.compile(ex["this_year"]),
        period_source=re.compile(ex["period_source"]),
        since=re.compile(ex["since"]),
        year=re.compile(ex["year"]),
        scope=re.compile(ex["scope"]),
        scope_soft=re.compile(ex["scope_soft"]),
        lower_self=re.compile(ex["lower_self"]),
        upper_self=re.compile(ex["upper_self"]),
        self_unit=re.compile(ex["self_unit"]),
        self_report=re.compile(ex["self_report"]),
        near_before=re.compile(ex["near_before"]),
        near_after=re.compile(ex["near_after"]),
        counted_other=re.compile(ex["counted_other"]),
        breakdown=re.compile(ex["breakdown"]),
        average=re.compile(ex["average"]),
        table_skip=re.compile(data["tables"]["skip"]),
        table_keep=re.compile(data["tables"]["keep"]),
        table_unit=re.compile(data["tables"]["unit"]),
        table_title=re.compile(data["tables"]["factual_title"]),
        term_report=re.compile(ex["term_report"]),
        subjects=tuple(
            _Subject(
                entry["metric"],
                re.compile(entry["own"]),
                re.compile(entry["subject"]),
                entry["becomes"],
            )
            for entry in data.get("subjects", [])
        ),
        one_year=re.compile(ex["one_year"]),
    )


_CONFIG: Final = _build_config(_load_config())


class _Candidate(NamedTuple):
    """A number written with a measure word, with the text around it (a tuple: cheap to build)."""

    start: int
    end: int
    num_text: str
    unit: str
    value: Number
    approx_numeral: bool  # 三十余, 千余, 上百
    sentence_start: int
    sentence_end: int
    pre: str  # the sentence before the figure (at most _SENTENCE_CHARS)
    whole: bool  # ``pre`` starts where the sentence starts
    clause_pre: str  # the clause before the figure
    post: str  # the clause after the measure word (at most _POST_CHARS)
    bare: bool = False  # written without its measure word (``unit`` is the one it implies)
    cell: bool = False  # a number alone in a table cell (unit None-like when ``bare``)


def _approx(c: _Candidate) -> bool:
    """余/多/几 in the numeral, 约/近 before it, 以上/左右 after its measure word."""
    return (
        c.approx_numeral
        or bool(_APPROX_BEFORE_RE.search(c.pre))
        or bool(_APPROX_AFTER_RE.search(c.post))
    )


def _last(pattern: re.Pattern[str], text: str) -> int:
    """End of the last match of ``pattern`` in ``text``, or -1."""
    match = None
    for match in pattern.finditer(text):  # noqa: B007 - only the last match is kept
        pass
    return -1 if match is None else match.end()


def _in_quotes(pre: str) -> bool:
    if _QUOTE_MARK_RE.search(pre) is None:
        return False
    if pre.count('"') % 2 == 1:
        return True
    return any(pre.rfind(opening) > pre.rfind(closing) for opening, closing in _OPEN_CLOSE)


def _report_year(text: str, plans: Span | None) -> int | None:
    """The report's year: the year most often written outside the next-steps part.

    2024年工作打算 there names the next year; 2023年度 and 现将2023年 count three times; the
    latest year wins a tie. 2019年以来 names the report's year only in the opening of the text
    (2023年以来，在区委的坚强领导下); later it starts a cumulative figure of other years.
    """
    counts: Counter[int] = Counter()
    opening = len(text) * _OPENING_SHARE
    for match in _YEAR_RE.finditer(text):
        if plans is not None and match.start() in plans:
            continue
        if match.group("since") and match.start() > opening:
            continue
        counts[int(match.group(2))] += 3 if match.group("intro") or match.group("own") else 1
    if not counts:
        return None
    return max(counts.items(), key=lambda item: (item[1], item[0]))[0]


def _excluded(c: _Candidate, year: int | None, lower_level: bool) -> bool:
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
    if cfg.plan.search(c.post):  # 2名同志准备接收为预备党员: a plan word after the figure
        return True
    norm = _last(cfg.norm, c.clause_pre)
    if norm >= 0 and _last(cfg.norm_reset, c.clause_pre) < norm and not _shortfall(c, norm):
        return True
    if c.post.startswith("/") or c.post.startswith("每"):
        return True
    period = _last(cfg.other_period, c.pre)
    for match in cfg.since.finditer(c.pre):
        if year is None or int(match.group(1)) != year:
            period = max(period, match.end())
    if year is not None and "年" in c.pre:
        for match in cfg.year.finditer(c.pre):
            if int(match.group(1)) != year:
                period = max(period, match.end())
    lifted = max(_last(cfg.this_year, c.pre), _last(cfg.period_source, c.pre))
    if period >= 0 and lifted < period:
        return True
    return _wider_scope(c, cfg.scope) or (lower_level and _wider_scope(c, cfg.scope_soft))


def _shortfall(c: _Candidate, norm_end: int) -> bool:
    """每年讲党课仅2次: a yearly norm word with 仅/只/才 after it states the year's shortfall."""
    cfg = _CONFIG
    if cfg.shortfall.search(c.clause_pre, norm_end) is None:
        return False
    norms = [m.group() for m in cfg.norm.finditer(c.clause_pre)]
    return all(cfg.year_norm.fullmatch(n) for n in norms)


def _cumulative(c: _Candidate) -> bool:
    """累计发展党员12名 with no 今年/全年 in its sentence: perhaps more than the year's."""
    return _CUMULATIVE in c.clause_pre and _CONFIG.this_year.search(c.pre) is None


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def _wider_scope(c: _Candidate, scope: re.Pattern[str]) -> bool:
    """全市共发展党员3200名: a wider scope named in the clause or opening the sentence."""
    at = _last(scope, c.clause_pre)
    if at >= 0:
        return _last(_CONFIG.self_unit, c.clause_pre) < at
    opening = c.pre[:_SCOPE_OPENING] if c.whole else ""
    at = _last(scope, opening)
    return at >= 0 and _last(_CONFIG.self_unit, c.pre) < at


def _is_lower_level(text: str) -> bool:
    """A village or community report, for which 全镇/全街道 totals are a wider scope."""
    cfg = _CONFIG
    lower = len(cfg.lower_self.findall(text))
    upper = len(cfg.upper_self.findall(text))
    return lower > upper


def _respectively(c: _Candidate, ctx_pre: str) -> str | None:
    """支委会、党员大会分别为12次、4次: the i-th figure after 分别 counts the i-th cue before it."""
    pos = ctx_pre.rfind("分别")
    head = ctx_pre[ctx_pre.rfind(_SEP, 0, pos) + 1 : pos]
    names = _CONFIG.metric_names
    listed = [names[int(m.lastgroup[1:])] for m in _CONFIG.named_cue.finditer(head) if m.lastgroup]
    index = len(_CANDIDATE_RE.findall(ctx_pre, pos))
    if index >= len(listed):
        return None
    metric = listed[index]
    rules = _CONFIG.rules.get(c.unit)
    accepted = rules is not None and any(rule.metric == metric for rule in rules.local)
    return metric if accepted else None


def _foreign_figure(gap: str, c: _Candidate, after: bool) -> bool:
    """True when a figure in the gap between a cue and ``c`` is the one the cue names.

    A head count right after a count of sessions (培训5期360人次, 志愿服务58场次1100人次) is
    the same cue's second figure: the cue reads both.
    """
    figures = list(_CANDIDATE_RE.finditer(gap))
    if not figures:
        return False
    if after or c.unit not in _HEADCOUNT_UNITS or len(figures) > 1:
        return True
    sessions = figures[0]
    return (
        sessions.group("unit") not in _SESSION_UNITS
        or _PAIRED_TAIL_RE.fullmatch(gap, sessions.end()) is None
    )


def _best(
    rules: Sequence[_Rule], pre: str, c: _Candidate, clause: str
) -> tuple[tuple[int, int, int, str, int], str] | None:
    """The best rule match around the figure in ``pre + mark + post``, with the string searched."""
    mark = len(pre)
    ctx = pre + _FIG + c.post
    counted_noun = c.unit == "个" and "\u4e00" <= c.post[:1] <= "\u9fff"  # 5个方面
    best: tuple[int, int, int, str, int] | None = None  # (weak, distance, order, metric, cue start)
    excludes = _CONFIG.excludes
    for rule in rules:
        match = rule.pattern.search(ctx)
        if match is None:
            continue
        exclude = excludes.get(rule.metric)
        if exclude is not None and exclude.search(clause):
            continue
        while True:
            cue_start, cue_end = match.span("cue")
            after = cue_start > mark
            gap = ctx[mark + 1 : cue_start] if after else ctx[cue_end:mark]
            foreign = bool(gap) and _foreign_figure(gap, c, after)
            if not foreign:
                break
            # Another figure stands between: the cue is that figure's. Before the figure a
            # later cue may still be this one's (培训8期、参训630人次); after it, none is.
            retry = None if after else rule.pattern.search(ctx, match.start() + 1)
            if retry is None:
                break
            match = retry
        if foreign:
            continue
        if counted_noun and not after:
            continue  # 5个方面: what 个 counts is named after it
        distance = cue_start - mark - 1 if after else mark - cue_end
        key = (0 if rule.strong else 1, distance, rule.order, rule.metric, cue_start)
        if best is None or key < best:
            best = key
    return None if best is None else (best, pre)


def _joined_cue(window: str) -> bool:
    """True when ``window`` ends with a metric's cue and a joining word (支委会和, 党课、)."""
    if not window or window[-1] not in _CONFIG.list_join:
        return False
    end = len(window) - 1
    cue = _CONFIG.named_cue
    return any(cue.fullmatch(window, start, end) for start in range(end))


class _Choice(NamedTuple):
    """The metric a figure counts and how sure the reading is (Mention.confidence)."""

    metric: str
    confidence: str = "high"
    reason: str = ""


# Why a figure's reading is less sure, as a reviewer reads it.
_REASON_WIDE: Final = "指标词不在数字所在分句，按前文推断"
_REASON_CARRY: Final = "承前省略：指标词在前一分句，本句只写总数"
_REASON_BARE: Final = "数字后未写量词"
_REASON_SUBJECT: Final = "指标按本句前文的主语推断"
_REASON_TABLE: Final = "表格中的数字，未写计量单位"
_REASON_CUMULATIVE: Final = "累计数，未写明是否只含本年度"
_CUMULATIVE: Final = "累计"
_CELL_SEPARATOR: Final = " | "
_ELLIPSIS: Final = "…"
_ROW_CHARS: Final = 400  # a table row longer than this is shown around the figure
_ROW_WINDOW: Final = 60  # characters of the row each side of the figure
_ROW_LABEL_CHARS: Final = 60  # of the row's first cell
_TEN_THOUSAND: Final = 10_000


def _choose(c: _Candidate) -> _Choice | None:
    """The metric the figure counts: the strongest, then nearest cue around it."""
    rules = _CONFIG.rules.get(c.unit)
    if rules is None:
        return None
    # The sentence before the figure, its clause boundaries read as one mark (built when needed).
    wide_pre = c.pre[-_PRE_CHARS:]
    if "分别" in wide_pre:
        listed = _respectively(c, wide_pre.translate(_TO_SEP))
        if listed is not None:
            return _Choice(listed)
    local_pre = c.clause_pre[-_PRE_CHARS:]  # a clause holds no boundary: nothing to map
    # What a metric's exclude reads: the clause, less an aside in brackets after the figure
    # (共有党员22名（其中预备党员1名）).
    clause = local_pre + _FIG + _BRACKET_RE.split(c.post, maxsplit=1)[0]
    found = _best(rules.local if c.post else rules.local_no_post, local_pre, c, clause)
    reason = ""
    if found is None:
        carry = rules.carry and _CONFIG.total.search(local_pre)
        if rules.wide or carry:
            wide_pre = wide_pre.translate(_TO_SEP)
            if rules.wide:
                found = _best(rules.wide, wide_pre, c, clause)
                reason = _REASON_WIDE
            if found is None and carry:
                found = _best(rules.carry, wide_pre, c, clause)
                reason = _REASON_CARRY
    if found is None:
        return None
    (_, _, _, metric, cue_start), pre = found
    if cue_start < len(pre):
        # A breakdown after 其中 names its own cue; it never inherits the total's metric.
        if _last(_CONFIG.breakdown, pre) > cue_start:
            return None
        # Two metrics counted together (支委会和党员大会共16次) are neither.
        if _joined_cue(pre[max(0, cue_start - 24) : cue_start]):
            return None
    for subject in _CONFIG.subjects:
        if subject.metric == metric and not subject.own.search(local_pre):
            before = c.pre[: len(c.pre) - len(c.clause_pre)]
            if subject.subject.search(before):
                return _Choice(subject.becomes, "low", _REASON_SUBJECT)
    return _Choice(metric, "low", reason) if reason else _Choice(metric)


def _term_report(text: str) -> bool:
    """True for the work report of a whole term (本届党总支任期届满): no figure is a year's."""
    opening = text[:_TERM_OPENING]
    return bool(_CONFIG.term_report.search(opening)) and not _CONFIG.one_year.search(opening)


def _sentence_ends(text: str) -> list[int]:
    """Positions that end a sentence: 。；！？ and the line breaks that are not mere wrapping.

    PDF text wraps lines in mid-sentence (全年收缴党\n费10.2万元): a line break ends a sentence
    only after a blank line, a heading or a short line, or before a heading line.
    """
    ends = [match.start() for match in _SENTENCE_PUNCT_RE.finditer(text)]
    breaks: list[int] = []
    line_start = 0
    pos = text.find("\n")
    while pos >= 0:
        line = text[line_start:pos].strip()
        if (
            not line
            or line[-1] in _LINE_END_PUNCT
            or len(line) <= _SHORT_LINE
            or (_HEADING_LINE_RE.match(line) and not _SENTENCE_PUNCT_RE.search(line))
            or _HEADING_LINE_RE.match(text, pos + 1)
            or text.startswith("\n", pos + 1)
        ):
            breaks.append(pos)
        line_start = pos + 1
        pos = text.find("\n", line_start)
    # Two sorted runs: sorting their concatenation is a linear merge.
    return sorted(ends + breaks) if breaks else ends


def _plans(text: str, sections: Sections) -> Span | None:
    """The next-steps part, trusted only where reports put it: after the problems or late."""
    plans = sections.next_steps
    if plans is None:
        return None
    after_problems = sections.problems is not None and plans.start >= sections.problems.start
    return plans if after_problems or plans.start >= len(text) * _PLANS_FROM else None


def _candidates(text: str, sections: Sections) -> list[_Candidate]:
    ends = _sentence_ends(text)
    skip = _plans(text, sections)
    keep = sections.problems
    # The plans part as bounds (empty when unknown), less the problems part inside it.
    skip_lo, skip_hi = (skip.start, skip.end) if skip is not None else (0, 0)
    keep_lo, keep_hi = (keep.start, keep.end) if keep is not None else (0, 0)
    found: list[_Candidate] = []
    written = _CANDIDATE_RE.finditer(text)
    bare = _BARE_RE.finditer(text) if _BARE_MARK_RE.search(text) else iter(())
    for match in heapq.merge(written, bare, key=lambda m: m.start()):
        start, end = match.span()
        if skip_lo <= start < skip_hi and not keep_lo <= start < keep_hi:
            continue
        if start > 0 and text[start - 1] == "第":
            continue
        is_bare = match.re is _BARE_RE
        num, unit = (match.group("num"), _BARE_UNIT) if is_bare else match.group("num", "unit")
        try:
            value, approx_numeral = parse_numeral(num)
        except ValueError:
            continue
        if value <= 0 or not ceilings().plausible(value, unit):
            continue  # above the ceiling of its measure word: no figure
        i = bisect.bisect_left(ends, start)
        sentence_start = ends[i - 1] + 1 if i > 0 else 0
        sentence_end = ends[i] if i < len(ends) else len(text)
        pre_start = max(sentence_start, start - _SENTENCE_CHARS)
        pre = text[pre_start:start]
        post = text[end : min(sentence_end, end + _POST_CHARS)]
        if "\n" in pre:
            pre = _WRAP_RE.sub("", pre)
        pre = pre.rstrip(" \t\u3000")  # 共有党员 62 名: a space before the figure reads as none
        if "《" in pre:
            pre = _TITLE_RE.sub(_blank, pre)  # document titles give no cue, plan or year
        if "\n" in post:
            post = _WRAP_RE.sub("", post)
        clause_end = _CLAUSE_END_RE.search(post)
        if clause_end is not None:
            post = post[: clause_end.start()]
        # The clause starts after the last boundary: the first one in the reversed text.
        boundary = _CLAUSE_END_RE.search(pre[::-1])
        clause_pre = pre[len(pre) - boundary.start() :] if boundary is not None else pre
        found.append(
            _Candidate(
                start,
                end,
                num,
                unit,
                value,
                approx_numeral,
                sentence_start,
                sentence_end,
                pre,
                pre_start == sentence_start,
                clause_pre,
                post,
                is_bare,
            )
        )
    return found


def _unwrap(part: str) -> str:
    return _WRAP_RE.sub("", part).strip() if "\n" in part else part.strip()


def _evidence(text: str, c: _Candidate, end: int) -> str:
    """The sentence of the figure, cut to the clauses around it when it is long."""
    lo, hi = c.sentence_start, c.sentence_end
    if hi - lo <= 2 * _EVIDENCE_CHARS:
        sentence = _unwrap(text[lo:hi])
        if len(sentence) <= _EVIDENCE_CHARS:
            return sentence
    # Only the text near the figure is read: a text without sentence ends stays linear.
    lo, hi = max(lo, c.start - _EVIDENCE_CHARS), min(hi, end + _EVIDENCE_CHARS)
    cuts = [lo] + [m.end() for m in _CLAUSE_END_RE.finditer(text, lo, hi)] + [hi]
    i = bisect.bisect_right(cuts, c.start) - 1
    j = bisect.bisect_left(cuts, end)
    left, right = cuts[max(i, 0)], cuts[min(j, len(cuts) - 1)]
    if right - left > _EVIDENCE_CHARS:
        half = (_EVIDENCE_CHARS - (end - c.start)) // 2
        left = max(lo, c.start - half)
        right = min(hi, max(end, left + _EVIDENCE_CHARS))
        return _unwrap(text[left:right])
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
    return _unwrap(text[left:right]).rstrip("，,：:；;")


def _stock_sum(text: str, found: Sequence[_Candidate], k: int) -> int | None:
    """正式党员478名，预备党员3名 (no 发展/转正): membership; the index of the second figure."""
    first = found[k]
    if first.unit not in _PEOPLE_UNITS:
        return None
    part = _STOCK_FIRST_RE.search(first.clause_pre)
    if part is None or part.lastgroup is None or _FLOW_RE.search(first.pre):
        return None
    if k + 1 >= len(found):
        return None
    second = found[k + 1]
    if second.unit not in _PEOPLE_UNITS or second.sentence_start != first.sentence_start:
        return None
    between = text[first.end : second.start]
    return k + 1 if _STOCK_SECOND[part.lastgroup].search(between) else None


def _table_candidates(
    text: str, sections: Sections, year: int | None
) -> tuple[list[_Candidate], list[tuple[int, int]]]:
    """Numbers alone in table cells (发展党员 | 6 | 名), and the cells of skipped columns.

    A cell with no measure word in its row or header is read under every measure word; it is
    kept only when all readings name one metric (``bare``: its confidence is low).
    """
    table = cells.table_cells(
        text,
        skip_header=_CONFIG.table_skip,
        keep_header=_CONFIG.table_keep,
        unit_header=_CONFIG.table_unit,
        factual_title=_CONFIG.table_title,
        year=year,
    )
    skip = _plans(text, sections)
    keep = sections.problems
    found: list[_Candidate] = []
    for v in table.values:
        in_plans = skip is not None and v.start in skip and not (keep and v.start in keep)
        if in_plans and not v.factual:
            continue
        # 2.3 under 万元 is read as 2.3万 (exact decimal arithmetic, never 22999.999…).
        written = v.num + "万" if v.multiplier == _TEN_THOUSAND and v.num[-1:].isdigit() else v.num
        try:
            value, approx_numeral = parse_numeral(written)
        except ValueError:
            continue
        if value <= 0:
            continue
        found.append(
            _Candidate(
                v.start,
                v.end,
                v.num,
                v.unit or _BARE_UNIT,
                value,
                approx_numeral,
                v.row_start,
                v.row_end,
                v.label,
                True,
                v.label,
                "",
                v.unit is None,
                True,
            )
        )
    return found, list(table.skipped)


def _choose_cell(c: _Candidate) -> _Choice | None:
    """A table number without a measure word: the one metric every measure word reads, or none."""
    metrics = set()
    for unit in _CONFIG.rules:
        choice = _choose(c._replace(unit=unit))
        if choice is not None:
            metrics.add(choice.metric)
    if len(metrics) != 1:
        return None
    return _Choice(metrics.pop(), "low", _REASON_TABLE)


def _cells(row: str) -> list[str]:
    return [part.strip() for part in row.split("\t") if part.strip()]


def _row_evidence(text: str, c: _Candidate) -> str:
    """A table row as a reviewer reads it: its non-empty cells joined by a bar.

    A row longer than _ROW_CHARS (an export with thousands of cells on one line) is shown as its
    first cell and the cells around the figure, so the evidence stays short and each figure's
    cost does not grow with the row (every cell of such a row may be a figure).
    """
    lo, hi = c.sentence_start, c.sentence_end
    if hi - lo <= _ROW_CHARS:
        return _CELL_SEPARATOR.join(_cells(text[lo:hi]))
    first_tab = text.find("\t", lo, hi)
    label = _cells(text[lo:first_tab][:_ROW_LABEL_CHARS]) if first_tab > lo else []
    left = text.rfind("\t", lo, max(lo, c.start - _ROW_WINDOW))
    left = max(left, first_tab)
    right = text.find("\t", min(hi, c.end + _ROW_WINDOW), hi)
    right = hi if right < 0 else right
    parts = [*label, *([_ELLIPSIS] if left > first_tab else []), *_cells(text[left:right])]
    if right < hi:
        parts.append(_ELLIPSIS)
    return _CELL_SEPARATOR.join(parts)


def _outside(found: list[_Candidate], spans: Sequence[tuple[int, int]]) -> list[_Candidate]:
    """The candidates that stand in none of the (sorted) spans."""
    if not spans:
        return found
    starts = [s for s, _ in spans]
    kept = []
    for c in found:
        i = bisect.bisect_right(starts, c.start) - 1
        if i < 0 or c.start >= spans[i][1]:
            kept.append(c)
    return kept


def extract_mentions(text: str, sections: Sections) -> tuple[Mention, ...]:
    """Every figure of a SPEC §3 metric stated in ``text``, sorted by position.

    One regex pass finds the numbers written with a measure word; each is given the metric whose
    cue (resources/metrics.toml) stands nearest to it in its clause, or none, and is dropped when
    it is a plan, a norm, another period's or a wider scope's figure, a quote, an ordinal or a
    count of something else; the work report of a whole term gives none. Figures in
    ``sections.next_steps`` are plans and are skipped (unless that span is also the problems
    section); the exclusions apply everywhere, so a wrong or missing split costs little. Cost is
    linear in the length of the text.
    """
    if _term_report(text):
        return ()
    found = _candidates(text, sections)
    has_table = "\t" in text
    needs_year = has_table or any("年" in c.pre and _YEAR_RE.search(c.pre) for c in found)
    year = _report_year(text, _plans(text, sections)) if needs_year else None
    if has_table:
        in_cells, skipped = _table_candidates(text, sections, year)
        found = _outside(found, sorted(skipped))
        if in_cells:
            found = sorted([*found, *in_cells], key=lambda c: c.start)
    soft = _CONFIG.scope_soft
    lower_level = any(soft.search(c.pre) for c in found) and _is_lower_level(text)
    mentions: list[Mention] = []
    consumed = -1
    for k, c in enumerate(found):
        if k <= consumed:
            continue
        partner = _stock_sum(text, found, k)
        if partner is not None:
            if _excluded(c, year, lower_level):
                continue
            other = found[partner]
            consumed = partner
            mentions.append(
                Mention(
                    metric="party_members",
                    value=c.value + other.value,
                    approx=_approx(c) or _approx(other),
                    unit_of_measure=c.unit,
                    evidence=_evidence(text, c, other.end),
                    start=c.start,
                    end=other.end,
                )
            )
            continue
        choice = _choose_cell(c) if c.cell and c.bare else _choose(c)
        if choice is None or _excluded(c, year, lower_level):
            continue
        if c.bare and not c.cell:
            choice = _Choice(choice.metric, "low", _REASON_BARE)
        elif choice.confidence == "high" and _cumulative(c):
            choice = _Choice(choice.metric, "low", _REASON_CUMULATIVE)
        mentions.append(
            Mention(
                metric=choice.metric,
                value=c.value,
                approx=_approx(c),
                unit_of_measure="" if c.bare else c.unit,
                evidence=_row_evidence(text, c) if c.cell else _evidence(text, c, c.end),
                start=c.start,
                end=c.end,
                confidence=choice.confidence,
                confidence_reason=choice.reason,
            )
        )
    return tuple(sorted(mentions, key=lambda m: m.start))
