"""Report metadata (unit, unit type, year, secretary) from the manifest, file name and text."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from itertools import pairwise
from pathlib import PurePosixPath
from typing import Any, Final

from analytics.records import (
    REASON_TYPE_UNKNOWN,
    REASON_UNIT_ANONYMISED,
    REASON_UNIT_FREQUENCY,
    REASON_UNIT_UNKNOWN,
    UNIT_TYPES,
    UNKNOWN_UNIT,
    ManifestRow,
    Meta,
)
from analytics.years import MAX_YEAR, MIN_YEAR, PLACEHOLDERS, infer_year, year_evidence


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
_TYPE_WORDS: Final[dict[str, tuple[str, ...]]] = {
    k: tuple(v) for k, v in _UNITS["type_words"].items()
}
_TYPE_WORD_RE: Final = re.compile(
    "|".join(
        re.escape(w) for w in sorted({w for ws in _TYPE_WORDS.values() for w in ws}, key=len)[::-1]
    )
)
_TYPE_OF_WORD: Final = {w: t for t, ws in _TYPE_WORDS.items() for w in ws}
_DOMAINS: Final[dict[str, tuple[str, ...]]] = {k: tuple(v) for k, v in _UNITS["domains"].items()}
_SUPERIORS: Final[frozenset[str]] = frozenset(_WORDS["superiors"])
_GENERIC_UNITS: Final[frozenset[str]] = frozenset(_WORDS["generic_units"])
_FILENAME_NOISE: Final[tuple[str, ...]] = tuple(
    sorted(_WORDS["filename_noise"], key=len, reverse=True)
)
_SURNAMES: Final[frozenset[str]] = frozenset("".join(_WORDS["surnames"].split()))
_COMPOUND_SURNAMES: Final[tuple[str, ...]] = tuple(_WORDS["compound_surnames"])
_NOT_UNIT_RE: Final = re.compile(
    "|".join(re.escape(w) for w in sorted(_WORDS["not_unit_words"], key=len, reverse=True))
)
_ALL_ENDINGS: Final = sorted(
    {e for _, endings in _TYPE_BY_ENDING for e in endings} | {"乡镇", "单位", "集体", "党组织"},
    key=len,
    reverse=True,
)
# "省级示范乡", "全国文明村", "先进党支部": an honour just before the unit ending.
_HONOUR_RE: Final = re.compile(
    "(?:"
    + "|".join(re.escape(w) for w in _WORDS["honours"])
    + ")(?:"
    + "|".join(re.escape(e) for e in [*_ALL_ENDINGS, *_PARTY_SUFFIXES])
    + r")+\Z"
)
_ENDING_WORDS: Final = frozenset(_ALL_ENDINGS)
_POST_VERB_RE: Final = re.compile("担任|现任|出任|就任|作为|身为|兼任")
# A post held before or elsewhere: "曾任南山乡党委书记", "从南山乡调至北河镇任党委书记".
_FORMER_POST_RE: Final = re.compile("曾任|原任|前任|时任|调至|调任|调到|调入|调往|调离")
_POST_VERBS: Final[tuple[str, ...]] = tuple(_WORDS["post_verbs"])
_SUB_UNIT_MARKERS: Final[tuple[str, ...]] = tuple(_WORDS["sub_unit_markers"])

_CJK = "\u4e00-\u9fff"
# Characters that stand for a name withheld: "XX镇", "xx社区", "××医院", "***党支部", "某某村".
_ANON = PLACEHOLDERS
_ANON_RE: Final = re.compile(rf"[{_ANON}]|某某")
# What a unit's name is written with: Chinese, placeholders, digits ("102团", "第2中学").
_NAME = rf"[{_CJK}{_ANON}0-9]"
# The same, with the space a flattened page leaves after a placeholder ("2025年，X 局党组……").
_SPACED_NAME = rf"(?:[{_CJK}{_ANON}0-9]|(?<=[{_ANON}])[ ](?=[{_CJK}]))"
# A year written into a title between the unit and the post: "红星镇党委2023年度书记…".
_YEAR_IN_NAME_RE: Final = re.compile(rf"(?<![0-9])(?:19|20)[0-9{_ANON}]{{2}}[ \t]*年?度?")
_LONG_PLACEHOLDER_RE: Final = re.compile(rf"[{_ANON}]{{5,}}")
_PLACEHOLDER_RE: Final = re.compile(rf"[{_ANON}0-9]+")
# A count is no part of a name ("26名村党组织书记"); a numbered unit is ("102团", "3号矿").
_COUNT_IN_NAME_RE: Final = re.compile(r"[0-9]+[名个人次位家户]")
_YEAR_LIKE_RE: Final = re.compile(r"(?:19|20)[0-9]{2}(?![0-9])|[0-9]+[月日]")
_FULLWIDTH_DIGITS: Final = str.maketrans("０１２３４５６７８９", "0123456789")
_FILE_YEAR_RE: Final = re.compile(r"(?<![0-9A-Za-z])((?:19|20)[0-9]{2})(?![0-9A-Za-z])")
_FILE_YEAR_WORD_RE: Final = re.compile(r"(?:19|20)[0-9]{2}[ \t]*年?度?")
_CONVENTIONAL_NAME_RE: Final = re.compile(r"^(?:19|20)[0-9]{2}_")
_FILE_SPLIT_RE: Final = re.compile(r"[_\-－—–\s·,，、()（）\[\]【】+]+")
_CJK_ONLY_RE: Final = re.compile(rf"[{_CJK}]+")
_PLACE_CHARS_RE: Final = re.compile(rf"[{_CJK}{_ANON}]+")
_HAS_CJK_RE: Final = re.compile(rf"[{_CJK}]")
_UNIT_TOKEN_RE: Final = re.compile(rf"[{_CJK}A-Za-z*＊（）()]+")
# "柳河镇党委书记", "市体育局党组书记、局长": the unit before 书记.
_BEFORE_SECRETARY_RE: Final = re.compile(rf"(?P<unit>{_NAME}{{2,30}}?)(?:第一|副)?(?<!总)书记")
# A title naming the unit before the year: "柳河镇2023年度抓基层党建工作述职报告".
_YEAR_OR_ANON = rf"(?:(?:19|20)[0-9{_ANON}]{{2}}|[{_ANON}]{{2,4}}(?=[ \t]*年))"
_TITLE_UNIT_RE: Final = re.compile(
    rf"^(?:关于)?(?P<unit>{_NAME}{{2,30}}?)[（(]?{_YEAR_OR_ANON}[ \t]*年?度?[）)]?"
    r"(?:前三季度|上半年|下半年|第[一二三四]季度)?"
    r"(?:(?:党组织|党委|党组|党工委|党总支|党支部|支部|总支)?(?:第一)?书记)?"
    r"(?:抓基层党建|抓党建|党建工作|基层党建|述职|工作总结)"
)
# Words before a unit's own name: "中共", a vertical system's head ("国家税务总局…税务局").
_UNIT_PREFIX_RE: Final = re.compile(
    "^(?:"
    + "|".join(re.escape(w) for w in sorted(_WORDS["name_prefixes"], key=len, reverse=True))
    + rf"|关于|{_YEAR_OR_ANON}[ \t]*年?度?|年度|年)+"
)
# A title line that is only a name, continued by a line such as "2023年度党委书记抓党建述职报告".
_TITLE_LINE_MAX = 30
# "石桥村党支部" + "书记抓基层党建工作述职报告": the second line opens with the secretary's post.
_SECRETARY_LINE_RE: Final = re.compile(
    rf"^(?P<unit>{_NAME}{{2,30}}?)(?:第一|副)?书记(?:抓基层党建|抓党建|党建工作|基层党建|述职)"
)
_SENTENCE_PUNCT_RE: Final = re.compile(r"[，,。；;：:！？!?]")
# The unit as the subject of the opening sentence: "2023年以来，石桥村党支部在柳河镇党委的领导下".
_OPENING_UNIT_RE: Final = re.compile(
    rf"(?:^|(?<=[。；！？\s]))"
    rf"(?:{_YEAR_OR_ANON}[ \t]*年(?:以来|度)?|一年来|今年以来|过去的一年|近年来)[，,]?[ \t]*"
    rf"(?P<unit>{_SPACED_NAME}{{2,24}}?)"
    r"(?:在|坚持|以|紧紧|认真|始终|围绕|深入|全面|聚焦|牢牢|按照|紧扣|立足|[、和]政府)"
)
# The unit as the subject of a describing sentence: "柳溪社区位于城区东部", "XX镇地处……".
_SUBJECT_RE: Final = re.compile(
    rf"^(?P<unit>{_NAME}{{2,30}}?)(?:党委|党总支|党支部|党工委)?"
    r"(?:位于|地处|坐落|始建于|成立于|组建于|创建于|下辖|辖|现有|共有|是|隶属|占地|总面积|面积)"
)
# The unit with its party organisation in a body phrase: "XX党支部现有党员…", "…下设…".
_BODY_UNIT_RE: Final = re.compile(
    rf"(?<![{_CJK}{_ANON}0-9])"
    rf"(?P<unit>{_NAME}{{2,30}}?(?:党委|党总支|党支部|党工委|党组织|党组|总支|支部))"
    r"(?:现有|共有|下设|下辖|辖|有党员|有正式党员|设有|被"
    r"|认真|坚持|始终|紧紧|围绕|积极|深入|扎实|全面|切实|不断|大力|高度重视|按照|结合|根据)"
)
_BODY_UNIT_WINDOW = 2000
_DOCUMENT_UNIT_RE: Final = re.compile(
    rf"《(?:中共)?(?P<unit>{_NAME}{{2,20}}?)(?:{_YEAR_OR_ANON}[ \t]*年|关于)"
)
_GLUED_TITLE_RE: Final = re.compile(
    r"^[^，,。；;：:]{2,40}?(?:汇报材料|情况汇报|工作汇报|汇报|述职报告|工作报告|报告|工作总结|总结|材料)"
)
_SUBJECT_WINDOW = 1200
_SUBJECT_LINES = 8
# An opening phrase before the subject of a sentence: "2023年以来，", "一年来，".
_OPENING_PHRASE_RE: Final = re.compile(
    rf"^(?:{_YEAR_OR_ANON}[ \t]*年(?:以来|度)?|一年来|今年以来|近年来)[，,][ \t]*"
)
# A title line: short, without sentence punctuation, ending with the kind of document.
_TITLE_END_RE: Final = re.compile(r"(?:报告|汇报|总结|述职|材料|发言)[ \t]*[）)]?\Z")
# Where a unit's name in a title ends: "XX镇|2023年抓基层党建工作情况汇报", "XX镇党委|关于……".
_TITLE_CUT_RE: Final = re.compile(
    rf"关于|[（(]?{_YEAR_OR_ANON}|(?:第一|副)?书记|抓|党建|述职|履行|落实|工作|情况|年度"
)
# A unit type named in the title without a name: "社区党委书记述职报告", "局党组书记……".
_TITLE_TYPE_RE: Final = re.compile(
    r"(?P<ending>社区|村|镇|乡|街道|医院|卫生院|学校|中学|小学|学院|大学|幼儿园|公司|集团|局"
    r"|(?<![党工])委|办)"
    r"(?:党委|党总支|党支部|党组|党工委|总支|支部)?(?:第一|副)?(?:(?:19|20)[0-9]{2}年?)?(?:年度)?"
    r"(?:书记|党建工作|抓党建|抓基层党建|述职|工作总结|工作报告|工作情况)"
)
_CPC_RE: Final = re.compile(
    rf"中共(?P<unit>[{_CJK}]{{2,24}}?)(?P<kind>总支部委员会|支部委员会|工作委员会|委员会|党组|党工委)"
)
# "我叫杨德贵，是杨柳村党支部书记": the secretary introducing himself in the opening.
_SELF_INTRODUCTION_RE: Final = re.compile(
    rf"我(?:叫|是)(?P<name>[{_CJK}]{{2,3}})[，,、]?[ \t\u3000]*(?:是|现任|担任)[^。\n]{{0,30}}?书记"
)
# "单位：石桥村党支部", "报告单位：柳河镇党委": the unit on a labelled line.
_UNIT_LABEL_RE: Final = re.compile(
    rf"^(?:单位|所在单位|报告单位|述职单位|单位名称|填报单位)[ \t\u3000]*[：:][ \t\u3000]*"
    rf"(?P<unit>{_NAME}{{2,40}})"
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
    re.compile(
        r"在(?P<level>[市区县旗州盟])委(?:和|、)?(?:[市区县旗州盟]政府)?的[^，。]{0,4}领导下"
    ),
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
    """The unit type its name reveals (SPEC §2), or None when the name does not say.

    The name is read without its party endings first, then with them taken off one at a time
    ("县卫生健康委员会党组" is read as "县卫生健康", then "县卫生健康委员会"); a name ending in a
    party organisation alone ("XX党支部") reveals nothing.
    """
    stages = [_UNIT_PREFIX_RE.sub("", unit.strip())]
    while m := _PARTY_SUFFIX_RE.search(stages[-1]):
        stages.append(stages[-1][: m.start()])
    for i, name in enumerate(reversed(stages)):
        if i and name.endswith(_PARTY_ONLY_ENDINGS):
            continue
        for unit_type, endings in _TYPE_BY_ENDING:
            if name.endswith(endings):
                return unit_type
    return None


# Endings that name a party organisation and nothing of the unit (unlike "委员会", "机关党委").
_PARTY_ONLY_ENDINGS: Final = (
    "党委",
    "党支部",
    "党总支",
    "党组",
    "党工委",
    "总支",
    "支部",
    "党组织",
)


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
    if not _FORMER_POST_RE.search(candidate):
        # "自担任石桥村党支部书记以来", "作为柳河镇党委书记": the post held now follows the verb.
        candidate = _POST_VERB_RE.split(candidate)[-1]
    formal = _CPC_RE.fullmatch(candidate)
    if formal:
        candidate = formal.group("unit") + _CPC_KINDS.get(
            formal.group("kind"), formal.group("kind")
        )
    unit = _UNIT_PREFIX_RE.sub("", _YEAR_IN_NAME_RE.sub("", candidate))
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
    if core in _SUPERIORS or not _is_unit_name(unit):
        return None
    # An agency's leading 党组 is not a party organisation of its own: "市体育局党组" →
    # "市体育局"; "城西分局党委", "柳河镇党委" keep their party ending as written.
    if unit.endswith("党组") and unit_type_of(core) == "agency" and not core.endswith("委"):
        return core
    return unit


def _is_unit_name(unit: str) -> bool:
    """False for what merely stands where a name would: a time phrase, a posting, a move between
    posts, the General Secretary, an honour, a generic place word, a bare number or placeholder."""
    core = strip_party_suffix(unit)
    if _NOT_UNIT_RE.search(unit) or core.endswith("总") or _COUNT_IN_NAME_RE.search(unit):
        return False
    if _YEAR_LIKE_RE.match(core) or core.startswith(_POST_VERBS):
        return False
    if _HONOUR_RE.search(unit) or _HONOUR_RE.search(core):
        return False
    if {unit, core} & _GENERIC_PLACE_WORDS or core in _ENDING_WORDS:
        return False
    # A name withheld whole ("xxxxxxx院") leaves no unit; "XX乡", "xxx局" keep their kind.
    if _LONG_PLACEHOLDER_RE.search(core):
        return False
    # Something besides placeholders and digits, unless a unit ending follows ("XX党支部" is kept).
    return bool(_PLACEHOLDER_RE.sub("", core)) or core != unit


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
        # Only a name with a unit or party ending: "春节前书记、主任走访……" names no unit.
        unit = _named_unit(m.group("unit"))
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
    years = {int(y) for y in _FILE_YEAR_RE.findall(stem) if MIN_YEAR <= int(y) <= MAX_YEAR}
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
        labelled = _UNIT_LABEL_RE.match(line)
        if labelled and unit is None:
            unit = _clean_unit(labelled.group("unit"))
            continue
        opening = _OPENING_UNIT_RE.search(line)
        if opening and opening_unit is None:
            opening_unit = _named_unit(opening.group("unit"))
        if len(line) > 60:
            # A title run into the body in a flattened page: "……局党组织书记党建述职报告 一、……".
            if line is head[0] and unit is None and "书记" in line[: _TITLE_LINE_MAX * 2]:
                unit = _unit_and_name(line[: _TITLE_LINE_MAX * 2])[0]
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
    for line in head:
        unit = unit or _title_prefix_unit(line)
    for title in titles:
        titled = _TITLE_UNIT_RE.search(title)
        if titled and unit is None and unit_type_of(titled.group("unit")):
            unit = _clean_unit(titled.group("unit"))
        continued = _SECRETARY_LINE_RE.search(title)
        if continued and unit is None and unit_type_of(continued.group("unit")):
            unit = _clean_unit(continued.group("unit"))
        unit = unit or _title_prefix_unit(title)
    return unit or opening_unit, name


def _named_unit(candidate: str) -> str | None:
    """A cleaned unit name that reads as a unit: it has a unit ending or a party ending."""
    unit = _clean_unit(candidate)
    if unit is None or not (unit_type_of(unit) or _PARTY_SUFFIX_RE.search(unit)):
        return None
    return unit


def _title_prefix_unit(line: str) -> str | None:
    """The unit a title opens with: "XX镇2023年抓基层党建工作情况汇报", "关于XX社区……的报告"."""
    if len(line) > 50 or _SENTENCE_PUNCT_RE.search(line) or not _TITLE_END_RE.search(line):
        return None
    body = line.removeprefix("关于")
    cut = _TITLE_CUT_RE.search(body, 2)
    if cut is None:
        return None
    unit = _clean_unit(body[: cut.start()])
    return unit if unit and unit_type_of(unit) else None


def _subject_unit(text: str) -> str | None:
    """The unit as the subject of an opening sentence: "柳溪社区位于城区东部……"."""
    for line in _lines(text[:_SUBJECT_WINDOW])[:_SUBJECT_LINES]:
        # A title run into the first sentence in a flattened page: "……汇报材料新群社区位于……".
        glued = _GLUED_TITLE_RE.match(line)
        for start in (line, line[glued.end() :] if glued else ""):
            m = _SUBJECT_RE.match(_OPENING_PHRASE_RE.sub("", start))
            if m:
                unit = _named_unit(m.group("unit"))
                if unit and unit_type_of(unit):
                    return unit
    return None


def _document_unit(text: str) -> str | None:
    """The unit heading the documents it issued: "制定《XX局2023年度中心组学习计划》"."""
    found: Counter[str] = Counter()
    for m in _DOCUMENT_UNIT_RE.finditer(text):
        unit = _named_unit(m.group("unit"))
        if unit and unit_type_of(unit):
            found[unit] += 1
    return found.most_common(1)[0][0] if found else None


def _body_unit(text: str) -> str | None:
    """The unit with its party organisation in an early body phrase: "XX党支部现有党员…".

    A unit named after "其中", "下设" or in a list is a part or a peer of the reporting unit.
    """
    found: Counter[str] = Counter()
    for m in _BODY_UNIT_RE.finditer(text, 0, min(len(text), _BODY_UNIT_WINDOW)):
        before = text[max(0, m.start() - 4) : m.start()].rstrip("，, \t")
        if before.endswith(_SUB_UNIT_MARKERS):
            continue
        unit = _named_unit(m.group("unit"))
        if unit:
            found[unit] += 1
    # The most stated (the first on a tie: Counter keeps the order of first mention).
    return found.most_common(1)[0][0] if found else None


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


def _self_type(text: str, *, first_person_only: bool = False) -> str | None:
    """The unit type the text speaks as ("我局", "全镇", "村两委"), or None.

    ``first_person_only`` reads only "我镇", "本局", "全村" …, which outweigh what a text says of
    bodies above or below it ("在乡党委的领导下", "村“两委”换届").
    """
    scores: Counter[str] = Counter()
    first_person: Counter[str] = Counter()
    found = _count_self_references(text)
    for group, refs in _SELF_REFERENCE.items():
        unit_type = _institute_type(text) if group == "institute" else group
        for ref in refs:
            n = found[ref]
            if n:
                scores[unit_type] += n * (3 if ref[0] in "我本" else 1)
                if ref[0] in "我本全":
                    first_person[unit_type] += n
    # The text speaking as itself ("我镇", "全镇") outweighs what it oversees ("村“两委”换届").
    for counts in (first_person,) if first_person_only else (first_person, scores):
        ranked = counts.most_common(2)
        if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[1][1] * 2 <= ranked[0][1]):
            return ranked[0][0]
    return None


def _institute_type(text: str) -> str:
    """What a "院" speaking as itself is: a hospital or a college by its words, else an agency."""
    words = Counter(_TYPE_OF_WORD[m.group()] for m in _TYPE_WORD_RE.finditer(text))
    for unit_type in ("hospital", "school"):
        if words[unit_type] >= 2:
            return unit_type
    return "agency"


def _word_type(text: str) -> str | None:
    """The unit type the plain words of the text lean to, with a clear lead ("社区" 6 times)."""
    scores = Counter(_TYPE_OF_WORD[m.group()] for m in _TYPE_WORD_RE.finditer(text))
    ranked = scores.most_common(2)
    if not ranked or ranked[0][1] < _TYPE_WORD_MIN:
        return None
    if len(ranked) > 1 and ranked[1][1] * 3 > ranked[0][1]:
        return None
    return ranked[0][0]


_TYPE_WORD_MIN = 4
# A post left: "我从南山乡调至北河镇工作", "曾在南山乡任职" (南山乡 is not the reporting unit).
_FORMER_PLACE_RE: Final = re.compile(
    rf"(?:从|由|曾在|曾任|原任)(?P<old>{_NAME}{{2,12}}?)(?:调至|调到|调往|调入|调任|任职|工作)"
)


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
    former = {m.group("old") for m in _FORMER_PLACE_RE.finditer(text)}
    counts: Counter[str] = Counter()
    for m in regex.finditer(text):
        before = text[max(0, m.start() - longest) : m.start()]
        for size in range(2, len(before) + 1):
            name = before[-size:]
            if not _PLACE_CHARS_RE.fullmatch(name) or _STOP_NAME_CHARS.intersection(name):
                break
            full = name + m.group()
            if {full, name} & (_GENERIC_PLACE_WORDS | _GENERIC_UNITS):
                continue
            counts[full] += 1
    # (checked once per distinct name, after counting)
    for full in list(counts):
        if not _is_unit_name(full) or any(old.endswith(full) for old in former):
            del counts[full]
    if not counts:
        return None
    best = max(counts.values())
    if best < 2:
        return None
    return max((name for name, n in counts.items() if n == best), key=len)


@dataclass(frozen=True)
class TextMeta:
    """What the text says, with how it was found: ``unit_cue`` is "title" (title, byline,
    signature), "opening" (subject of the opening sentence), "body" (an early body phrase) or
    "frequency" (the name stated most often); ``year_reasons`` are the year's review reasons."""

    meta: PartialMeta
    unit_cue: str | None = None
    year_reasons: tuple[str, ...] = ()


def meta_from_text(text: str) -> PartialMeta:
    """What the text says: byline or title, self-references with the unit's name, the year."""
    return text_evidence(text).meta


def text_evidence(text: str) -> TextMeta:
    """The text's metadata and the strength of the cues it rests on."""
    unit, secretary = _byline(text)
    cue = "title" if unit else None
    if secretary is None:
        introduced = _SELF_INTRODUCTION_RE.search(text, 0, min(len(text), 600))
        if introduced and _is_name(introduced.group("name")):
            secretary = introduced.group("name")
    if unit is None:
        unit, cue = _subject_unit(text), "opening"
    if unit is None:
        unit, cue = _body_unit(text) or _document_unit(text), "body"
    hint = (
        _self_type(text, first_person_only=True)
        or _title_type(text)
        or _self_type(text)
        or _word_type(text)
    )
    if unit is None and hint is not None:
        unit = _agency_name(text) if hint == "agency" else _place_name(text, hint)
        cue = "frequency"
    unit_type = (unit_type_of(unit) if unit else None) or hint
    year, year_reasons = year_evidence(text)
    meta = PartialMeta(unit=unit, unit_type=unit_type, year=year, secretary=secretary)
    return TextMeta(meta, cue if unit else None, year_reasons)


def _title_type(text: str) -> str | None:
    """The unit type the title names without a name: "社区党委书记抓基层党建工作述职报告"."""
    for line in _lines(text[:_SUBJECT_WINDOW])[:3]:
        if len(line) <= 60:
            m = _TITLE_TYPE_RE.search(line)
            if m:
                return unit_type_of(m.group("ending"))
    return None


def _first(*values: Any) -> Any:
    for value in values:
        if value is not None and value != "":
            return value
    return None


def infer_meta(text: str, *, filename: str, manifest: ManifestRow | None = None) -> Meta:
    """Metadata per field from the manifest, else the file name, else the text (SPEC §2), with
    the reasons a reviewer should check it (unresolved, or resting on a weak cue)."""
    row = manifest or ManifestRow(file=filename)
    from_name = meta_from_filename(filename)
    evidence = text_evidence(text)
    from_text = evidence.meta
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
    reasons: list[str] = []
    if not unit:
        reasons.append(REASON_UNIT_UNKNOWN)
    elif not row.unit and _ANON_RE.search(unit):
        reasons.append(REASON_UNIT_ANONYMISED)
    elif unit == from_text.unit and evidence.unit_cue == "frequency":
        reasons.append(REASON_UNIT_FREQUENCY)
    unit_type = row.unit_type if row.unit_type in UNIT_TYPES else None
    if unit_type is None:
        named = unit_type_of(unit) if unit else None
        unit_type = _first(named, from_text.unit_type, "other")
        if unit_type == "other":
            reasons.append(REASON_TYPE_UNKNOWN)
    year = _first(row.year, from_name.year)
    if year is None:
        year = from_text.year
        reasons.extend(evidence.year_reasons)
    return Meta(
        unit=unit or UNKNOWN_UNIT,
        unit_type=unit_type,
        year=year,
        secretary=_first(row.secretary, from_name.secretary, from_text.secretary),
        review_reasons=tuple(reasons),
    )


__all__ = [
    "PartialMeta",
    "TextMeta",
    "infer_meta",
    "infer_year",
    "meta_from_filename",
    "meta_from_text",
    "strip_party_suffix",
    "text_evidence",
    "unit_type_of",
    "year_evidence",
]
