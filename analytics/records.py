"""The record types: one frozen dataclass per report and the small frozen parts it is made of."""

from __future__ import annotations

from dataclasses import dataclass, field

UNKNOWN_UNIT = "未识别单位"

UNIT_TYPES: tuple[str, ...] = (
    "agency",
    "township",
    "village",
    "community",
    "soe",
    "school",
    "hospital",
    "other",
)

FORMATS: tuple[str, ...] = ("txt", "docx", "pdf")

# How sure the extractor is of a figure: "high" when a strong cue names it in its own clause,
# "low" when the cue was carried from another clause, read over the sentence, or the figure
# stands in a table without its measure word (Mention.confidence_reason says which, in Chinese).
CONFIDENCE_LEVELS: tuple[str, ...] = ("high", "low")

Number = int | float


@dataclass(frozen=True)
class Document:
    """What a reader makes of one file: its extracted text and how it was read."""

    text: str
    format: str  # one of FORMATS
    encoding: str | None = None  # for .txt: the codec that decoded it strictly


@dataclass(frozen=True)
class ManifestRow:
    """One row of a folder's manifest.csv; blank cells are None."""

    file: str
    unit: str | None = None
    unit_type: str | None = None
    year: int | None = None
    secretary: str | None = None


# Why a report's metadata needs a look (short Chinese reasons, shown to the reviewer). Each
# reason concerns one field: a correction of that field answers it (``review_field``).
REASON_UNIT_UNKNOWN = "单位未识别"
REASON_UNIT_FREQUENCY = "单位仅据正文词频推断"
REASON_UNIT_ANONYMISED = "单位名称已匿名"
REASON_TYPE_UNKNOWN = "单位类型未识别"
REASON_YEAR_UNKNOWN = "年度未识别"
REASON_YEAR_ANONYMISED = "年度未识别（原文年份已匿名）"
REASON_YEAR_DATE = "年度仅据页眉或落款日期推断"
REASON_YEAR_SINCE = "年度仅据“××年以来”推断"


def review_field(reason: str) -> str:
    """The metadata field a review reason is about: "unit", "unit_type" or "year"."""
    if reason.startswith("单位类型"):
        return "unit_type"
    if reason.startswith("年度"):
        return "year"
    return "unit"


@dataclass(frozen=True)
class Meta:
    """Report metadata (SPEC §2). ``unit`` is UNKNOWN_UNIT and ``year`` None when not found.

    ``review_reasons`` says why a field is unresolved or rests on a weak cue; a corrected field
    has none.
    """

    unit: str = UNKNOWN_UNIT
    unit_type: str = "other"
    year: int | None = None
    secretary: str | None = None
    review_reasons: tuple[str, ...] = ()

    @property
    def needs_review(self) -> bool:
        """True when the user should check the unit, type or year (unresolved or weak cue)."""
        return bool(self.review_reasons) or self.unit == UNKNOWN_UNIT or self.year is None


@dataclass(frozen=True)
class Span:
    """A half-open character range [start, end) of the extracted text."""

    start: int
    end: int

    def __contains__(self, pos: object) -> bool:
        return isinstance(pos, int) and self.start <= pos < self.end


@dataclass(frozen=True)
class Heading:
    """One heading of the report's outline: ``level`` 1 for 一、, 2 for （一）, 3 for 1. / 1、."""

    level: int
    label: str  # the numbering as written: "一、", "（二）", "3."
    title: str  # the heading text after the numbering, up to the end of its line or sentence
    start: int
    end: int


@dataclass(frozen=True)
class Sections:
    """The parts of a report (SPEC §1). A part that is absent is None."""

    headings: tuple[Heading, ...] = ()
    achievements: Span | None = None  # the work review (履职情况 / 工作开展情况)
    problems: Span | None = None  # 存在问题 / 存在的问题 / 问题和不足 / 差距和不足 …
    causes: Span | None = None  # 产生问题的原因 / 原因分析
    next_steps: Span | None = None  # 下一步 / 工作打算 / 努力方向


@dataclass(frozen=True)
class Mention:
    """One stated figure of one metric (SPEC §3), with its evidence clause and character span."""

    metric: str
    value: Number
    approx: bool
    unit_of_measure: str
    evidence: str
    start: int
    end: int
    confidence: str = "high"  # one of CONFIDENCE_LEVELS
    confidence_reason: str = ""  # why the confidence is low, for a reviewer (Chinese)


@dataclass(frozen=True)
class Problem:
    """One item of the problems section or its causes, with one or more SPEC §4 categories."""

    text: str
    categories: tuple[str, ...]
    section: str  # "problems" or "causes"
    start: int
    end: int


@dataclass(frozen=True)
class Report:
    """Everything extracted from one file. ``report_id`` is the SHA-256 hex of the file bytes."""

    report_id: str
    file: str
    format: str
    text: str
    meta: Meta
    mentions: tuple[Mention, ...] = ()
    problems: tuple[Problem, ...] = ()
    # Every term of the report with its count, most frequent first (ties by term).
    term_counts: tuple[tuple[str, int], ...] = ()
    sections: Sections = field(default_factory=Sections)

    @property
    def metrics(self) -> dict[str, Number]:
        """Table value per metric found: the largest figure stated for it (SPEC §3)."""
        values: dict[str, Number] = {}
        for m in self.mentions:
            if m.metric not in values or m.value > values[m.metric]:
                values[m.metric] = m.value
        return values

    def keywords(self, n: int = 50) -> list[tuple[str, int]]:
        """The ``n`` most frequent terms, as in the ``keywords`` field of ``extract``."""
        return list(self.term_counts[:n])
