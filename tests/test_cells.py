"""Table rows of extracted text (cells joined by tabs) read as value cells with label and unit."""

from __future__ import annotations

import re

import pytest

from analytics.cells import table_cells

SKIP = re.compile("计划|目标|完成率|备注|序号|率")
KEEP = re.compile("完成(?!率)|实际")
UNIT = re.compile("单位")
TITLE = re.compile("完成|统计")


def _cells(text: str, year: int | None = 2023) -> list[tuple[str, str, str | None, int, bool]]:
    found = table_cells(
        text, skip_header=SKIP, keep_header=KEEP, unit_header=UNIT, factual_title=TITLE, year=year
    )
    rows = []
    for v in found.values:
        assert text[v.start : v.end] == v.num
        rows.append((v.num, v.label, v.unit, v.multiplier, v.factual))
    return rows


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("发展党员\t6\t名", [("6", "发展党员", "名", 1, False)]),
        ("指标\t数量\t单位\n党费\t2.3\t万元", [("2.3", "党费", "元", 10_000, False)]),
        ("指标\t数量\t单位\n讲党课\t3\t次", [("3", "讲党课", "次", 1, False)]),
        ("党员人数（名）\t62", [("62", "党员人数（名）", "名", 1, False)]),
        ("项目\t完成数（次）\n主题党日\t12", [("12", "主题党日", "次", 1, True)]),
        ("主题党日\t12", [("12", "主题党日", None, 1, False)]),
        # the header's columns: targets, rates, serials and other years are skipped
        ("序号\t指标\t目标\t完成\t单位\n1\t发展党员\t5\t6\t名", [("6", "发展党员", "名", 1, True)]),
        ("项目\t2023年\t2022年\n发展党员\t3\t5", [("3", "发展党员", None, 1, False)]),
        # a merged cell above: the empty column keeps the label apart from the value
        (
            "组织生活\t召开组织生活会\t2\t次\n\t谈心谈话\t30\t人次",
            [
                ("2", "召开组织生活会", "次", 1, False),
                ("30", "谈心谈话", "人次", 1, False),
            ],
        ),
        # a title naming what was done
        ("重点指标完成情况统计表\n发展党员\t6\t名", [("6", "发展党员", "名", 1, True)]),
        # nothing to read
        ("发展党员6名，召开支委会12次。", []),
        ("1\t2\t3", []),
        ("", []),
    ],
)
def test_value_cells(text: str, expected: list[tuple[str, str, str | None, int, bool]]) -> None:
    assert _cells(text) == expected


def test_cells_of_skipped_columns_are_listed() -> None:
    text = "指标\t计划\t完成\n发展党员\t5名\t6名"
    found = table_cells(
        text, skip_header=SKIP, keep_header=KEEP, unit_header=UNIT, factual_title=TITLE, year=2023
    )
    assert [text[s:e] for s, e in found.skipped] == ["5名"]


def test_two_tables_apart_have_their_own_headers() -> None:
    text = "指标\t目标\n发展党员\t5\n\n正文一段。\n指标\t数量\n讲党课\t4"
    assert _cells(text) == [("4", "讲党课", None, 1, False)]
