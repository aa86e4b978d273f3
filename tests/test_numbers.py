"""Numbers as written in Chinese reports: Arabic digits of any width and Chinese numerals."""

from __future__ import annotations

import pytest

from analytics.numbers import (
    NumberSpan,
    find_numbers,
    parse_number,
    parse_numeral,
)

PARSED: list[tuple[str, int | float, bool]] = [
    ("两", 2, False),
    ("十二", 12, False),
    ("二十三", 23, False),
    ("一百零五", 105, False),
    ("一百二十", 120, False),
    ("两千五", 2500, False),
    ("一千零五十", 1050, False),
    ("两万三千", 23000, False),
    ("三十余", 30, True),
    ("三十多", 30, True),
    ("千余", 1000, True),
    ("百余", 100, True),
    ("上百", 100, True),
    ("上千", 1000, True),
    ("近百", 100, True),
    ("十几", 10, True),
    ("二十几", 20, True),
    ("数十", 10, True),
    ("十", 10, False),
    ("12", 12, False),
    ("２３", 23, False),
    ("1,200", 1200, False),
    ("12,345,678", 12345678, False),
    ("2.3万", 23000, False),
    ("1.2 万", 12000, False),
    ("2万余", 20000, True),
    ("50余", 50, True),
    ("200多", 200, True),
    ("1234.5", 1234.5, False),
    ("３.５", 3.5, False),
    ("0", 0, False),
]


@pytest.mark.parametrize(("written", "value", "approx"), PARSED, ids=[p[0] for p in PARSED])
def test_parse_numeral(written: str, value: int | float, approx: bool) -> None:
    assert parse_numeral(written) == (value, approx)
    assert parse_number(written) == value
    assert type(parse_number(written)) is type(value)


# Chinese numerals in the ways reports write them, regular and not.
CHINESE: list[tuple[str, int]] = [
    ("十", 10),
    ("十五", 15),
    ("一十二", 12),
    ("九十九", 99),
    ("两百", 200),
    ("一百一", 110),
    ("一百一十", 110),
    ("三百零八", 308),
    ("一千零一", 1001),
    ("两千五", 2500),
    ("两千零五十", 2050),
    ("一千二百三十四", 1234),
    ("一万", 10000),
    ("十万", 100000),
    ("三万五", 35000),
    ("一万零五百", 10500),
    ("十二万三千四百五十六", 123456),
    ("两千三百万", 23000000),
    ("一百零五万", 1050000),
    ("四百〇七", 407),
    ("二〇二三", 2023),
    ("三四", 34),
]


@pytest.mark.parametrize(("written", "value"), CHINESE, ids=[c[0] for c in CHINESE])
def test_chinese_numerals(written: str, value: int) -> None:
    assert parse_number(written) == value


@pytest.mark.parametrize("written", ["", "党员", "第", "余", "百分", "X", "1.2.3"])
def test_parse_refuses_what_is_not_a_number(written: str) -> None:
    with pytest.raises(ValueError):
        parse_number(written)


FOUND: list[tuple[str, list[tuple[str, int | float, bool]]]] = [
    ("两次", [("两", 2, False)]),
    ("十二次", [("十二", 12, False)]),
    ("三十余次", [("三十余", 30, True)]),
    ("千余人", [("千余", 1000, True)]),
    ("十几篇", [("十几", 10, True)]),
    ("一百零五", [("一百零五", 105, False)]),
    ("２３名", [("２３", 23, False)]),
    ("4 名", [("4", 4, False)]),
    ("2.3万元", [("2.3万", 23000, False)]),
    ("1,200元", [("1,200", 1200, False)]),
    ("约50人", [("50", 50, True)]),
    ("近60人次", [("60", 60, True)]),
    ("100以上", [("100", 100, True)]),
    ("上百人", [("上百", 100, True)]),
    ("发展党员3名，转正2名", [("3", 3, False), ("2", 2, False)]),
    ("召开支委会十二次、党员大会四次", [("十二", 12, False), ("四", 4, False)]),
    # fixed terms keep their characters and are not numbers
    ("三会一课", []),
    ("统一思想", []),
    ("进一步加强", []),
    ("一二级社会体育指导员", []),
    ("三四名党员", []),
    ("G20峰会", []),
]


@pytest.mark.parametrize(("text", "expected"), FOUND, ids=[f[0] for f in FOUND])
def test_find_numbers(text: str, expected: list[tuple[str, int | float, bool]]) -> None:
    spans = find_numbers(text)
    assert [(s.text, s.value, s.approx) for s in spans] == expected
    for s in spans:
        assert text[s.start : s.end] == s.text


@pytest.mark.parametrize(
    ("text", "ordinal"),
    [("第十三次党代会", True), ("第二届", True), ("十三次会议", False), ("召开第3次", True)],
)
def test_ordinals_are_flagged(text: str, ordinal: bool) -> None:
    (span,) = find_numbers(text)
    assert span.ordinal is ordinal


def test_spans_are_positions_in_the_original_text() -> None:
    text = "落实“三会一课”，坚决做到“两个维护”，全年讲党课十二次、培训1,200人、考核２３名。"
    spans = find_numbers(text)
    assert [s.text for s in spans] == ["两", "十二", "1,200", "２３"]
    assert all(text[s.start : s.end] == s.text for s in spans)
    assert spans[0].is_chinese and not spans[2].is_chinese
    assert [s.value for s in spans] == [2, 12, 1200, 23]


def test_number_span_is_frozen() -> None:
    span = NumberSpan(value=1, approx=False, start=0, end=1, text="1", is_chinese=False)
    with pytest.raises(AttributeError):
        span.value = 2  # type: ignore[misc]
