"""Find and parse the numbers of Chinese report text: Arabic digits and Chinese numerals."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Final

import cn2an

from analytics.bounds import ceilings
from analytics.records import Number

# --- Patterns (shared with metrics.py, which glues a measure word to NUMERAL) -------------------
_D = "[一二两三四五六七八九]"
_Z = "[零〇]"
# One Chinese numeral section below 10,000, written well-formed (十二, 二十三, 一百零五, 两千五).
_SECTION = (
    f"(?:{_D}千(?:{_Z}?{_D}百)?(?:{_Z}?{_D}?十)?(?:{_Z}?{_D})?"
    f"|{_D}百(?:{_Z}?{_D}?十)?(?:{_Z}?{_D})?"
    f"|{_D}?十{_D}?"
    f"|{_D})"
)
# A Chinese numeral: sections joined by 万, with an approximate tail (余/多/几), or the bare
# approximate forms 千余, 百余, 上百, 数十, 几十, 近百.
CHINESE_NUMERAL: Final = (
    f"(?:{_SECTION}(?:万(?:{_Z}?{_SECTION})?)?(?:余|多|几)?"
    "|[上近数几][十百千万](?:余|多)?"
    "|[百千万](?:余|多))"
)
# Arabic digits, half- or full-width, with ASCII thousands separators and decimals, then an
# optional multiplier (2.3万, 1.2 万) and an approximate tail (50余, 2万多).
ARABIC_NUMERAL: Final = (
    r"[0-9０-９]+(?:,[0-9]{3}(?![0-9]))*(?:[.．][0-9０-９]+)?(?:[ \u3000]?[万千亿])?(?:余|多)?"
)
# Not in the middle of another number, a code (G20, v1.2) or a run of numerals (三四名).
NOT_AFTER: Final = r"(?<![0-9０-９.．A-Za-zＡ-Ｚａ-ｚ零〇一二两三四五六七八九十百千万亿])"
# The lookahead on the first character lets the regex engine skip other text quickly.
_FIRST: Final = "(?=[0-9０-９零〇一二两三四五六七八九十百千万上近数几])"
NUMERAL: Final = f"{_FIRST}{NOT_AFTER}(?:{ARABIC_NUMERAL}|{CHINESE_NUMERAL})"

# find_numbers also reports a lone one-character Chinese numeral (一, 三) only before a measure
# word, so that words like 统一 or 三会一课 do not read as numbers.
_SINGLE_CN_RE: Final = re.compile(f"{_D}")
_MEASURE_AHEAD_RE: Final = re.compile(
    r"[ \u3000]?[名人次场期篇条份个元项件位堂届批所家户年月日天岁周]"
)
_NUMBER_RE: Final = re.compile(NUMERAL)
_ARABIC_RE: Final = re.compile(r"[0-9０-９]")
_APPROX_BEFORE_RE: Final = re.compile(r"(?:约|近|大约|将近|接近|逾|超过|约有)$")
_APPROX_AFTER_RE: Final = re.compile(r"(?:余|多|以上|左右|许)")
_FULL_WIDTH: Final = str.maketrans("０１２３４５６７８９．", "0123456789.")
_MULTIPLIERS: Final[dict[str, int]] = {"万": 10_000, "千": 1_000, "亿": 100_000_000}
_BARE: Final[dict[str, int]] = {"十": 10, "百": 100, "千": 1_000, "万": 10_000}
_APPROX_MARKS: Final = "余多几上数近"


@dataclass(frozen=True)
class NumberSpan:
    """One number as written: ``text`` is ``source[start:end]``.

    ``approx`` is true for 余/多/几/上百/数十 and for 约/近/以上/左右 written around the number;
    ``ordinal`` is true after 第 (第十三次); ``is_chinese`` for Chinese numerals.
    """

    value: Number
    approx: bool
    start: int
    end: int
    text: str
    is_chinese: bool
    ordinal: bool = False


def _integral(value: float) -> Number:
    return int(value) if value == int(value) else value


@lru_cache(maxsize=4096)
def _parse_chinese(core: str) -> Number:
    """The value of a Chinese numeral without its approximate marks, by cn2an 'smart' (cached).

    A bare power (十, 百, 千, 万: what is left of 百余, 上千) is read here: cn2an wants a digit.
    """
    if core in _BARE:
        return _BARE[core]
    return _integral(float(cn2an.cn2an(core, "smart")))


@lru_cache(maxsize=4096)
def parse_numeral(s: str) -> tuple[Number, bool]:
    """A numeral's value (``三十余``, ``2.3万``, ``1,200``) and whether it is approximate.

    Raises ValueError when ``s`` is not a number.
    """
    raw = s.strip().replace(" ", "").replace("\u3000", "")
    if not raw:
        raise ValueError(f"not a number: {s!r}")
    approx = any(mark in raw for mark in _APPROX_MARKS)
    if _ARABIC_RE.match(raw):
        core = raw.translate(_FULL_WIDTH).replace(",", "").rstrip("余多")
        multiplier = 1
        if core and core[-1] in _MULTIPLIERS:
            multiplier = _MULTIPLIERS[core[-1]]
            core = core[:-1]
        if not ceilings().digits_ok(core.split(".")[0]):  # a code or a run of digits: no number
            raise ValueError(f"not a number: {s!r}")
        try:
            number = Decimal(core) * multiplier
        except InvalidOperation as exc:
            raise ValueError(f"not a number: {s!r}") from exc
        if number == number.to_integral_value():
            return int(number), approx
        return float(number), approx
    core = raw.lstrip("上近数几").rstrip("余多几")
    if not core:
        raise ValueError(f"not a number: {s!r}")
    try:
        return _parse_chinese(core), approx
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"not a number: {s!r}") from exc


def parse_number(s: str) -> Number:
    """The value of a numeral as written: ``十二`` → 12, ``2.3万`` → 23000, ``千余`` → 1000."""
    return parse_numeral(s)[0]


def find_numbers(text: str) -> list[NumberSpan]:
    """Every number written in ``text``, in order, as spans of the text (never rewritten)."""
    spans: list[NumberSpan] = []
    for match in _NUMBER_RE.finditer(text):
        start, end = match.span()
        written = match.group()
        if _SINGLE_CN_RE.fullmatch(written) and not _MEASURE_AHEAD_RE.match(text, end):
            continue
        try:
            value, approx = parse_numeral(written)
        except ValueError:
            continue
        approx = (
            approx
            or bool(_APPROX_BEFORE_RE.search(text, max(0, start - 2), start))
            or bool(_APPROX_AFTER_RE.match(text, end))
        )
        spans.append(
            NumberSpan(
                value=value,
                approx=approx,
                start=start,
                end=end,
                text=written,
                is_chinese=not _ARABIC_RE.match(written),
                ordinal=start > 0 and text[start - 1] == "第",
            )
        )
    return spans
