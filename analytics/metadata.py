"""Report metadata (unit, unit type, year, secretary) from the manifest, file name and text."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from itertools import pairwise
from pathlib import PurePosixPath
from typing import Any, Final

from analytics.records import UNIT_TYPES, UNKNOWN_UNIT, ManifestRow, Meta


@dataclass(frozen=True)
class PartialMeta:
    """What one source (file name or text) tells about the metadata; None where it is silent."""

    unit: str | None = None
    unit_type: str | None = None
    year: int | None = None
    secretary: str | None = None


def _load_units() -> dict[str, Any]:
    text = resources.files("analytics").joinpath("resources/units.toml").read_text("utf-8")
    return tomllib.loads(text)


_UNITS: Final = _load_units()
_WORDS: Final[dict[str, Any]] = _UNITS["words"]
_PARTY_SUFFIXES: Final[tuple[str, ...]] = tuple(
    sorted(_UNITS["party_suffixes"], key=len, reverse=True)
)
# The longest party ending that leaves something before it (the leftmost match is the longest).
_PARTY_SUFFIX_RE: Final = re.compile(
    r"(?<=[\s\S])(?:" + "|".join(re.escape(s) for s in _PARTY_SUFFIXES) + r")\Z"
)
_TYPE_BY_ENDING: Final[tuple[tuple[str, tuple[str, ...]], ...]] = tuple(
    (row["type"], tuple(sorted(row["endings"], key=len, reverse=True)))
    for row in _UNITS["type_by_ending"]
)
_SELF_REFERENCE: Final[dict[str, tuple[str, ...]]] = {
    k: tuple(v) for k, v in _UNITS["self_reference"].items()
}
_ALL_SELF_REFERENCES: Final = sorted(
    {ref for refs in _SELF_REFERENCE.values() for ref in refs}, key=len, reverse=True
)
# Longest first, so a match is the longest reference starting at its position.
_SELF_REFERENCE_RE: Final = re.compile("|".join(re.escape(r) for r in _ALL_SELF_REFERENCES))
_SELF_REFERENCE_PREFIXES: Final[dict[str, tuple[str, ...]]] = {
    ref: tuple(r for r in _ALL_SELF_REFERENCES if ref.startswith(r)) for ref in _ALL_SELF_REFERENCES
}
_DOMAINS: Final[dict[str, tuple[str, ...]]] = {k: tuple(v) for k, v in _UNITS["domains"].items()}
_SUPERIORS: Final[frozenset[str]] = frozenset(_WORDS["superiors"])
_GENERIC_UNITS: Final[frozenset[str]] = frozenset(_WORDS["generic_units"])
_FILENAME_NOISE: Final[tuple[str, ...]] = tuple(
    sorted(_WORDS["filename_noise"], key=len, reverse=True)
)
_SURNAMES: Final[frozenset[str]] = frozenset("".join(_WORDS["surnames"].split()))
_COMPOUND_SURNAMES: Final[tuple[str, ...]] = tuple(_WORDS["compound_surnames"])

_CJK = "\u4e00-\u9fff"
_FULLWIDTH_DIGITS: Final = str.maketrans("０１２３４５６７８９", "0123456789")
_FULLWIDTH_DIGIT_RE: Final = re.compile("[０-９]")
_FULLWIDTH_OFFSET: Final = ord("０") - ord("0")
_CN_DIGITS: Final[dict[str, str]] = {
    "〇": "0", "○": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4",
    "五": "5", "六": "6", "七": "7", "八": "8", "九": "9",
}  # fmt: skip
_MIN_YEAR, _MAX_YEAR = 1990, 2099

# A year not preceded by a digit. The check sits after "19"/"20" (a lookbehind over three
# characters) so that the regex starts with those digits and the search skips to them.
_YEAR_RE: Final = re.compile(r"((?:19|20)(?<![0-9]..)[0-9]{2})[ \t\u3000]*年")
# "二〇二三年", "一九九八年": Chinese numerals of 19xx / 20xx.
_CN_YEAR_RE: Final = re.compile(r"((?:一九|二[〇○零])[〇○零一二三四五六七八九]{2})年")
_DATE_RE: Final = re.compile(
    r"((?:19|20)[0-9]{2})[ \t\u3000]*年[ \t\u3000]*([0-9]{1,2})[ \t\u3000]*月"
)
# A date alone on its line, as under a title: "（2025年1月）", "2024年12月28日".
_DATE_LINE_RE: Final = re.compile(
    r"^[ \t\u3000]*[（(]?[ \t\u3000]*((?:19|20)[0-9]{2})[ \t\u3000]*年[ \t\u3000]*([0-9]{1,2})"
    r"[ \t\u3000]*月(?:[ \t\u3000]*[0-9]{1,2}[ \t\u3000]*日)?[ \t\u3000]*[）)]?[ \t\u3000]*$",
    re.MULTILINE,
)
_FILE_YEAR_RE: Final = re.compile(r"(?<![0-9A-Za-z])((?:19|20)[0-9]{2})(?![0-9A-Za-z])")
_FILE_YEAR_WORD_RE: Final = re.compile(r"(?:19|20)[0-9]{2}[ \t]*年?度?")
_CONVENTIONAL_NAME_RE: Final = re.compile(r"^(?:19|20)[0-9]{2}_")
_FILE_SPLIT_RE: Final = re.compile(r"[_\-－—–\s·,，、()（）\[\]【】+]+")
_CJK_ONLY_RE: Final = re.compile(rf"[{_CJK}]+")
_HAS_CJK_RE: Final = re.compile(rf"[{_CJK}]")
_UNIT_TOKEN_RE: Final = re.compile(rf"[{_CJK}A-Za-z*＊（）()]+")
# "柳河镇党委书记", "市体育局党组书记、局长": the unit before 书记.
_BEFORE_SECRETARY_RE: Final = re.compile(rf"(?P<unit>[{_CJK}]{{2,30}}?)(?:第一|副)?书记")
# A title naming the unit before the year: "柳河镇2023年度抓基层党建工作述职报告".
_TITLE_UNIT_RE: Final = re.compile(
    rf"^(?:关于)?(?P<unit>[{_CJK}]{{2,30}}?)[（(]?(?:19|20)[0-9]{{2}}[ \t]*年度?[）)]?"
    r"(?:(?:党组织|党委|党组|党工委|党总支|党支部|支部|总支)?(?:第一)?书记)?"
    r"(?:抓基层党建|抓党建|党建工作|基层党建|述职|工作总结)"
)
# Words before a unit's own name: "中共", a vertical system's head ("国家税务总局…税务局").
_UNIT_PREFIX_RE: Final = re.compile(
    "^(?:"
    + "|".join(re.escape(w) for w in sorted(_WORDS["name_prefixes"], key=len, reverse=True))
    + r"|关于|(?:19|20)[0-9]{2}年?度?|年度|年)+"
)
# A title line that is only a name, continued by a line such as "2023年度党委书记抓党建述职报告".
_TITLE_LINE_MAX = 30
# "石桥村党支部" + "书记抓基层党建工作述职报告": the second line opens with the secretary's post.
_SECRETARY_LINE_RE: Final = re.compile(
    rf"^(?P<unit>[{_CJK}]{{2,30}}?)(?:第一|副)?书记(?:抓基层党建|抓党建|党建工作|基层党建|述职)"
)
_SENTENCE_PUNCT_RE: Final = re.compile(r"[，,。；;：:！？!?]")
# The unit as the subject of the opening sentence: "2023年以来，石桥村党支部在柳河镇党委的领导下".
_OPENING_UNIT_RE: Final = re.compile(
    rf"^(?:(?:19|20)[0-9]{{2}}[ \t]*年(?:以来|度)?|一年来|今年以来|过去的一年)[，,]?[ \t]*"
    rf"(?P<unit>[{_CJK}]{{2,24}}?(?:党委|党支部|党总支|党组|党工委))"
    r"(?:在|坚持|以|紧紧|认真|始终|围绕|深入|全面|聚焦|牢牢|按照)"
)
_CPC_RE: Final = re.compile(
    rf"中共(?P<unit>[{_CJK}]{{2,24}}?)(?P<kind>总支部委员会|支部委员会|工作委员会|委员会|党组|党工委)"
)
# "我叫杨德贵，是杨柳村党支部书记": the secretary introducing himself in the opening.
_SELF_INTRODUCTION_RE: Final = re.compile(
    rf"我(?:叫|是)(?P<name>[{_CJK}]{{2,3}})[，,、]?[ \t\u3000]*(?:是|现任|担任)[^。\n]{{0,30}}?书记"
)
_REPORTER_RE: Final = re.compile(
    r"(?:述职人|汇报人|报告人)[ \t\u3000]*[：:][ \t\u3000]*(?P<rest>[^\n]+)"
)
_TITLE_AFTER_SECRETARY: Final = (
    "局长", "副局长", "主任", "镇长", "乡长", "村主任", "村委会主任", "居委会主任", "院长", "校长",
    "总经理", "董事长", "经理", "主席", "处长", "科长", "站长", "所长", "馆长", "行长", "厂长",
)  # fmt: skip
# "我校党支部", "本局", "全镇", "该村": the text speaking of itself, not naming the unit.
_SELF_PREFIXES: Final = frozenset("我本全该各此其")
_NAME_SEPARATORS = "、，, \t\u3000：:兼"
_NAME_FOLLOWERS = "抓同述关在的（(年"
# Government level from context: "在区委区政府的正确领导下", "区直机关工委".
_LEVEL_RES: Final = (
    re.compile(r"在(?P<level>[市区县旗州盟])委(?:[市区县旗州盟])?政府"),
    re.compile(r"(?P<level>[市区县旗州盟])直(?:机关)?工委"),
    re.compile(r"(?<!自治)(?P<level>[市区县旗州盟])委组织部"),
    re.compile(r"(?<!自治)(?P<level>[市区县旗州盟])委(?!员)"),
)
_STOP_NAME_CHARS: Final = frozenset(
    "全本我各该每这那其此在了为对和与及的是有到把被从向等个共将由于"
)
_GENERIC_PLACE_WORDS: Final = frozenset(
    {
        "城镇",
        "乡镇",
        "集镇",
        "农村",
        "乡村",
        "村镇",
        "城乡",
        "新村",
        "进村",
        "驻村",
        "包村",
        "城市社区",
    }
)


def _build_place_res() -> dict[str, tuple[re.Pattern[str], int]]:
    """Per unit type: the name endings to look for, and the longest name kept before one."""
    return {
        "township": (re.compile(r"镇|乡|街道|苏木"), 4),
        "village": (re.compile(r"村|嘎查"), 4),
        "community": (re.compile(r"社区"), 4),
        "school": (re.compile(r"中学|小学|学校|学院|大学|幼儿园"), 10),
        "hospital": (re.compile(r"医院|卫生院"), 10),
        "soe": (re.compile(r"公司|集团"), 12),
    }


def _build_domain_res() -> tuple[re.Pattern[str], dict[str, str], dict[str, re.Pattern[str]]]:
    cue_to_domain: dict[str, str] = {}
    for domain, cues in _DOMAINS.items():
        for cue in cues:
            cue_to_domain.setdefault(cue, domain)
    any_cue = re.compile(
        "|".join(re.escape(c) for c in sorted(cue_to_domain, key=len, reverse=True))
    )
    full_names: dict[str, re.Pattern[str]] = {}
    for domain in _DOMAINS:
        core = re.sub(r"(?:委员会|局|委|部|院|中心)$", "", domain)
        full_names[domain] = re.compile(
            rf"(?P<level>[市区县旗州盟省])(?:级)?{re.escape(core)}(?P<end>局|委员会|委|部|院|中心)"
        )
    return any_cue, cue_to_domain, full_names


_PLACE_RES: Final = _build_place_res()
_DOMAIN_CUE_RE, _CUE_TO_DOMAIN, _DOMAIN_FULL_RES = _build_domain_res()


# --- unit names and types -----------------------------------------------------------------------


def strip_party_suffix(unit: str) -> str:
    """The unit's name without its party-organisation ending ("石桥村党支部" → "石桥村")."""
    name = _UNIT_PREFIX_RE.sub("", unit.strip())
    while m := _PARTY_SUFFIX_RE.search(name):
        name = name[: m.start()]
    return name


def unit_type_of(unit: str) -> str | None:
    """The unit type its name reveals (SPEC §2), or None when the name does not say."""
    for name in (strip_party_suffix(unit), unit):
        for unit_type, endings in _TYPE_BY_ENDING:
            if name.endswith(endings):
                return unit_type
    return None


_CPC_KINDS: Final[dict[str, str]] = {
    "总支部委员会": "党总支",
    "支部委员会": "党支部",
    "工作委员会": "党工委",
    "委员会": "党委",
}


def _clean_unit(candidate: str) -> str | None:
    """A unit name as it is written, or None for a generic word or a superior body.

    A committee named the formal way, "中共三岔镇委员会", is written the usual way, "三岔镇党委"
    (only after 中共: "卫生健康委员会" alone is an agency, not a party committee).
    """
    candidate = candidate.strip(" \t\u3000：:，,、")
    formal = _CPC_RE.fullmatch(candidate)
    if formal:
        candidate = formal.group("unit") + _CPC_KINDS.get(
            formal.group("kind"), formal.group("kind")
        )
    unit = _UNIT_PREFIX_RE.sub("", candidate)
    unit = unit.strip("（）()")
    core = strip_party_suffix(unit)
    if (
        unit[:1] in _SELF_PREFIXES
        or len(core) < 2
        or unit in _GENERIC_UNITS
        or core in _GENERIC_UNITS
        or unit in _SUPERIORS
    ):
        return None
    if core in _SUPERIORS:
        return None
    # An agency's leading 党组 is not a party organisation of its own: "市体育局党组" →
    # "市体育局"; "城西分局党委", "柳河镇党委" keep their party ending as written.
    if unit.endswith("党组") and unit_type_of(core) == "agency" and not core.endswith("委"):
        return core
    return unit


def _is_name(candidate: str) -> bool:
    if not 2 <= len(candidate) <= 4 or not _CJK_ONLY_RE.fullmatch(candidate):
        return False
    if unit_type_of(candidate) is not None:
        return False
    if candidate.startswith(_COMPOUND_SURNAMES):
        return len(candidate) >= 3
    return candidate[0] in _SURNAMES and len(candidate) <= 3


def _name_at(line: str, pos: int) -> str | None:
    """A person's name starting at ``pos`` (after separators and a job title), or None."""
    while pos < len(line) and line[pos] in _NAME_SEPARATORS:
        pos += 1
    for title in sorted(_TITLE_AFTER_SECRETARY, key=len, reverse=True):
        if line.startswith(title, pos):
            pos += len(title)
            break
    while pos < len(line) and line[pos] in _NAME_SEPARATORS:
        pos += 1
    for size in (3, 2):
        candidate = line[pos : pos + size]
        follower = line[pos + size : pos + size + 1]
        if _is_name(candidate) and (
            not follower or not _HAS_CJK_RE.match(follower) or follower in _NAME_FOLLOWERS
        ):
            return candidate
    return None


def _unit_and_name(line: str) -> tuple[str | None, str | None]:
    """From a title or byline: "石桥村党支部书记 王建国" → ("石桥村党支部", "王建国")."""
    name: str | None = None
    for m in _BEFORE_SECRETARY_RE.finditer(line):
        unit = _clean_unit(m.group("unit"))
        name = name or _name_at(line, m.end())
        if unit is not None:
            return unit, name
    return None, name


# --- file names -----------------------------------------------------------------------------------


def meta_from_filename(name: str) -> PartialMeta:
    """What a file name says: ``{year}_{unit}[_{secretary}].ext`` or a looser name with a clear year
    and unit ("柳河镇党委书记2024年度抓基层党建工作述职报告.txt"); nothing for "scan_0823.pdf"."""
    base = PurePosixPath(name.replace("\\", "/")).name
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = stem.translate(_FULLWIDTH_DIGITS)
    years = {int(y) for y in _FILE_YEAR_RE.findall(stem) if _MIN_YEAR <= int(y) <= _MAX_YEAR}
    year = years.pop() if len(years) == 1 else None
    tokens = [t for t in _FILE_SPLIT_RE.split(stem) if t]
    cleaned = [_strip_noise(t) for t in tokens]
    unit: str | None = None
    secretary: str | None = None
    for token in cleaned:
        if "书记" in token:
            unit, secretary = _unit_and_name(token)
            if unit:
                break
    if unit is None:
        for i, token in enumerate(cleaned):
            if not _UNIT_TOKEN_RE.fullmatch(token) or not _HAS_CJK_RE.search(token):
                continue
            conventional = i > 0 and _FILE_YEAR_RE.fullmatch(tokens[i - 1]) is not None
            if unit_type_of(token) is not None or (conventional and not _is_name(token)):
                unit = _clean_unit(token)
                if unit is not None:
                    following = cleaned[i + 1] if i + 1 < len(cleaned) else ""
                    secretary = following if _is_name(following) else None
                    break
    return PartialMeta(
        unit=unit,
        unit_type=unit_type_of(unit) if unit else None,
        year=year,
        secretary=secretary,
    )


def _strip_noise(token: str) -> str:
    token = _FILE_YEAR_WORD_RE.sub("", token)
    for word in _FILENAME_NOISE:
        token = token.replace(word, "")
    return token


# --- text -----------------------------------------------------------------------------------------


def infer_year(text: str) -> int | None:
    """The year reported on: the year most stated with 年度 / 以来 / 现将 cues; None when unclear.

    "2014年以来" deep in the text is history, not the report year; a report dated
    "2024年1月" at its end, or on a line of its own under the title, reports on 2023.
    """
    if _FULLWIDTH_DIGIT_RE.search(text):  # (str.translate is slow on long CJK text)
        text = _FULLWIDTH_DIGIT_RE.sub(_ascii_digit, text)
    scores: Counter[int] = Counter()
    dated: set[int] = set()
    tail_from = max(0, len(text) - 300)
    dates = {m.start(1): m for m in _DATE_LINE_RE.finditer(text, 0, min(len(text), 300))}
    dates.update((m.start(1), m) for m in _DATE_RE.finditer(text, tail_from))
    for m in dates.values():
        year, month = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 3:
            scores[year - 1] += 2
            dated.add(m.start(1))
        elif 10 <= month <= 12:
            scores[year] += 2
            dated.add(m.start(1))
    for year, start, end in _year_mentions(text):
        if start in dated:
            continue
        scores[year] += _year_weight(text, start, end)
    ranked = [(y, s) for y, s in scores.most_common() if s > 0]
    if not ranked:
        return None
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


def _ascii_digit(m: re.Match[str]) -> str:
    return chr(ord(m.group()) - _FULLWIDTH_OFFSET)


def _year_mentions(text: str) -> Iterable[tuple[int, int, int]]:
    for m in _YEAR_RE.finditer(text):
        yield int(m.group(1)), m.start(), m.end()
    for m in _CN_YEAR_RE.finditer(text):
        digits = "".join(_CN_DIGITS[c] for c in m.group(1))
        if digits.startswith(("19", "20")):
            yield int(digits), m.start(), m.end()


def _year_weight(text: str, start: int, end: int) -> int:
    before = text[max(0, start - 6) : start]
    after = text[end : end + 6]
    if before.endswith(("-", "—", "~", "至", "到", "－", "–")) or after.startswith(
        ("以前", "之前", "前", "-", "—", "至", "到", "－")
    ):
        return 0
    opening = start < 400
    if after.startswith(("以来", "来")):
        return 3 if opening else 0
    weight = 1
    if after.startswith("度"):
        weight += 3
    if "现将" in before:
        weight += 4
    if after.startswith(("上半年", "全年", "工作", "抓", "党建", "述职", "是")):
        weight += 1
    if opening:
        weight += 1
    return weight


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _byline(text: str) -> tuple[str | None, str | None]:
    """Unit and secretary from the title, the opening lines or the signature."""
    lines = _lines(text)
    head, tail = lines[:6], lines[-8:]
    # A title over two lines: the unit's name, then "2023年度党委书记抓基层党建工作述职报告".
    titles = [
        a + b
        for a, b in pairwise(head)
        if len(a) <= _TITLE_LINE_MAX and not _SENTENCE_PUNCT_RE.search(a)
    ]
    unit: str | None = None
    opening_unit: str | None = None
    name: str | None = None
    for line in [*head, *tail]:
        reporter = _REPORTER_RE.search(line)
        if reporter:
            rest = reporter.group("rest").strip()
            r_unit, r_name = _unit_and_name(rest)
            # "述职人：北坡县龙泉镇党委书记 周建平" states the post in full before the name: a
            # fuller name there wins over the title's short one ("龙泉镇党委书记抓……述职报告").
            post_first = _name_at(rest, 0) is None
            unit = _fuller(unit, r_unit) if post_first else unit or r_unit
            name = name or r_name or _name_at(rest, 0)
            continue
        opening = _OPENING_UNIT_RE.search(line)
        if opening:
            opening_unit = opening_unit or _clean_unit(opening.group("unit"))
        if len(line) > 60:
            continue
        # A name alone on its line, perhaps in brackets under the title: "王建国", "（王建国）".
        bare = line.replace(" ", "").replace("\u3000", "").strip("（）()")
        if name is None and _is_name(bare):
            name = bare
            continue
        if "书记" in line:
            l_unit, l_name = _unit_and_name(line)
            unit = unit or l_unit
            name = name or l_name
        cpc = _CPC_RE.search(line)
        if cpc and unit is None:
            unit = _cpc_unit(cpc.group("unit"), cpc.group("kind"))
        titled = _TITLE_UNIT_RE.search(line)
        if titled and unit is None and unit_type_of(titled.group("unit")):
            unit = _clean_unit(titled.group("unit"))
    for title in titles:
        titled = _TITLE_UNIT_RE.search(title)
        if titled and unit is None and unit_type_of(titled.group("unit")):
            unit = _clean_unit(titled.group("unit"))
        continued = _SECRETARY_LINE_RE.search(title)
        if continued and unit is None and unit_type_of(continued.group("unit")):
            unit = _clean_unit(continued.group("unit"))
    return unit or opening_unit, name


def _fuller(unit: str | None, other: str | None) -> str | None:
    """The unit found first, or a later fuller name of it ("白沙镇党委" → "南川县白沙镇党委")."""
    if unit is None:
        return other
    if other is not None and len(other) > len(unit) and other.endswith(unit):
        return other
    return unit


def _cpc_unit(base: str, kind: str) -> str | None:
    return _clean_unit(base + _CPC_KINDS.get(kind, kind))


def _count_self_references(text: str) -> Counter[str]:
    """How often each self-reference occurs (as str.count counts it), in one scan of the text."""
    counts: Counter[str] = Counter()
    last_end: dict[str, int] = {}
    m = _SELF_REFERENCE_RE.search(text)
    while m:
        pos = m.start()
        # The longest reference starting here, and every shorter one that is a prefix of it.
        for ref in _SELF_REFERENCE_PREFIXES[m.group()]:
            if pos >= last_end.get(ref, 0):
                counts[ref] += 1
                last_end[ref] = pos + len(ref)
        m = _SELF_REFERENCE_RE.search(text, pos + 1)
    return counts


def _self_type(text: str) -> str | None:
    """The unit type the text speaks as ("我局", "全镇", "村两委"), or None."""
    scores: Counter[str] = Counter()
    found = _count_self_references(text)
    for unit_type, refs in _SELF_REFERENCE.items():
        for ref in refs:
            n = found[ref]
            if n:
                scores[unit_type] += n * (3 if ref[0] in "我本" else 1)
    ranked = scores.most_common(2)
    if not ranked or ranked[0][1] < 2:
        return None
    if len(ranked) > 1 and ranked[1][1] * 2 > ranked[0][1]:
        return None
    return ranked[0][0]


def _agency_name(text: str) -> str | None:
    """An agency's name from the domain its text speaks most about ("统计" → "区统计局")."""
    scores: Counter[str] = Counter(_CUE_TO_DOMAIN[m.group()] for m in _DOMAIN_CUE_RE.finditer(text))
    ranked = scores.most_common(2)
    if not ranked or ranked[0][1] < 3:
        return None
    if len(ranked) > 1 and ranked[1][1] * 3 > ranked[0][1] * 2:
        return None
    domain = ranked[0][0]
    full = Counter(m.group() for m in _DOMAIN_FULL_RES[domain].finditer(text))
    if full:
        return full.most_common(1)[0][0]
    level = _level(text)
    return f"{level}{domain}" if level else domain


def _level(text: str) -> str | None:
    for i, regex in enumerate(_LEVEL_RES):
        found = Counter(m.group("level") for m in regex.finditer(text))
        if found:
            ranked = found.most_common(2)
            weak = i == len(_LEVEL_RES) - 1  # a bare "区委" count needs a clear lead
            if weak and (ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] * 2 > ranked[0][1])):
                return None
            if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
                return ranked[0][0]
    return None


def _place_name(text: str, unit_type: str) -> str | None:
    """The most stated name of a township, village, school … ("柳河镇" stated three times).

    Every run of 2 to n characters before an ending counts as a candidate; the most frequent
    wins, the longer one on a tie ("大石桥镇" over "石桥镇" when both are always stated together).
    """
    if unit_type not in _PLACE_RES:
        return None
    regex, longest = _PLACE_RES[unit_type]
    counts: Counter[str] = Counter()
    for m in regex.finditer(text):
        before = text[max(0, m.start() - longest) : m.start()]
        for size in range(2, len(before) + 1):
            name = before[-size:]
            if not _CJK_ONLY_RE.fullmatch(name) or _STOP_NAME_CHARS.intersection(name):
                break
            full = name + m.group()
            if {full, name} & (_GENERIC_PLACE_WORDS | _GENERIC_UNITS):
                continue
            counts[full] += 1
    if not counts:
        return None
    best = max(counts.values())
    if best < 2:
        return None
    return max((name for name, n in counts.items() if n == best), key=len)


def meta_from_text(text: str) -> PartialMeta:
    """What the text says: byline or title, self-references with the unit's name, the year."""
    unit, secretary = _byline(text)
    if secretary is None:
        introduced = _SELF_INTRODUCTION_RE.search(text, 0, min(len(text), 600))
        if introduced and _is_name(introduced.group("name")):
            secretary = introduced.group("name")
    hint = _self_type(text)
    if unit is None and hint is not None:
        unit = _agency_name(text) if hint == "agency" else _place_name(text, hint)
    unit_type = (unit_type_of(unit) if unit else None) or hint
    return PartialMeta(unit=unit, unit_type=unit_type, year=infer_year(text), secretary=secretary)


def _first(*values: Any) -> Any:
    for value in values:
        if value is not None and value != "":
            return value
    return None


def infer_meta(text: str, *, filename: str, manifest: ManifestRow | None = None) -> Meta:
    """Metadata per field from the manifest, else the file name, else the text (SPEC §2)."""
    row = manifest or ManifestRow(file=filename)
    from_name = meta_from_filename(filename)
    from_text = meta_from_text(text)
    unit = _first(row.unit, from_name.unit, from_text.unit)
    if (
        not row.unit
        and from_name.unit
        and from_text.unit
        and from_text.unit.startswith(from_name.unit)
        and not _CONVENTIONAL_NAME_RE.match(PurePosixPath(filename.replace("\\", "/")).name)
    ):
        # A loose file name ("述职报告-石桥村-2022") names the unit the text names in full
        # ("石桥村党支部书记"): the full name keeps the unit the same across its reports.
        unit = from_text.unit
    unit_type = row.unit_type if row.unit_type in UNIT_TYPES else None
    if unit_type is None:
        named = unit_type_of(unit) if unit else None
        unit_type = _first(named, from_text.unit_type, "other")
    return Meta(
        unit=unit or UNKNOWN_UNIT,
        unit_type=unit_type,
        year=_first(row.year, from_name.year, from_text.year),
        secretary=_first(row.secretary, from_name.secretary, from_text.secretary),
    )


__all__ = [
    "PartialMeta",
    "infer_meta",
    "infer_year",
    "meta_from_filename",
    "meta_from_text",
    "strip_party_suffix",
    "unit_type_of",
]
