"""材料汇编: the selected reports in one .docx, by unit type and unit, with a contents page."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Final

import pandas as pd

from analytics import schema
from analytics.documents import layout
from analytics.documents.materials import Materials

_LEVEL_1: Final = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．])")
_LEVEL_2: Final = re.compile(r"^[（(〔][一二三四五六七八九十]+[）)〕]")
_TITLE_WORDS: Final = ("报告", "述职", "总结", "汇报")
_TITLE_MAX: Final = 60


def report_title(row: pd.Series, text: str) -> str:
    """The report's own title line where it has one, else 单位 + 年度 + 述职报告."""
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if len(line) <= _TITLE_MAX and any(w in line for w in _TITLE_WORDS):
            return line
        break
    year = row["year"]
    year_part = f"{int(year)}年度" if pd.notna(year) else ""
    return f"{row['unit']}{year_part}抓基层党建工作述职报告"


def _body(document: Any, text: str, title: str) -> None:
    lines = [line.strip() for line in text.splitlines()]
    if lines and lines[0] == title:
        lines = lines[1:]
    for line in lines:
        if not line:
            continue
        if _LEVEL_1.match(line) and len(line) <= _TITLE_MAX:
            layout.add_paragraph(document, line, style=layout.STYLE_LEVEL_1)
        elif _LEVEL_2.match(line) and len(line) <= _TITLE_MAX:
            layout.add_paragraph(document, line, style=layout.STYLE_LEVEL_2)
        else:
            layout.add_body(document, line)


def huibian_docx(
    materials: Materials, *, title: str | None = None, today: date | None = None
) -> bytes:
    """The reports in 汇编 order, each on a new page, with a contents page and page numbers."""
    ids = materials.ordered_ids()
    years = sorted({int(y) for y in materials.reports["year"].dropna()})
    span = (
        f"{years[0]}年度" if len(years) == 1 else (f"{years[0]}—{years[-1]}年度" if years else "")
    )
    heading = title or f"{span}党组织书记抓基层党建工作述职报告汇编"
    document = layout.new_document(title=heading)
    layout.add_title(document, heading)
    by_type = materials.reports["unit_type"].value_counts()
    counts = "、".join(
        f"{schema.UNIT_TYPE_LABELS[t]}{int(by_type[t])}份"
        for t in schema.UNIT_TYPES
        if t in by_type.index
    )
    layout.add_note(document, f"共收录述职报告{len(ids)}份（{counts}）", centred=True)
    when = today or date.today()
    layout.add_note(document, f"{when.year}年{when.month}月{when.day}日编印", centred=True)
    layout.add_page_break(document)
    layout.add_paragraph(document, "目　录", style=layout.STYLE_LEVEL_1).alignment = 1
    entries: list[str] = []
    current_type = None
    titles: dict[str, str] = {}
    for rid in ids:
        row = materials.report(rid)
        titles[rid] = report_title(row, materials.texts.get(rid, ""))
        unit_type = schema.UNIT_TYPE_LABELS.get(str(row["unit_type"]), "其他")
        if unit_type != current_type:
            entries.append(f"【{unit_type}】")
            current_type = unit_type
        unit = str(row["unit"])
        entries.append(titles[rid] if unit in titles[rid] else f"{unit}：{titles[rid]}")
    layout.add_toc(document, entries)
    for rid in ids:
        row = materials.report(rid)
        layout.new_page_section(document)
        layout.add_paragraph(document, titles[rid], style=layout.STYLE_PART_TITLE)
        secretary = row["secretary"] if isinstance(row["secretary"], str) else ""
        byline = f"{row['unit']}" + (f"　{secretary}" if secretary else "")
        layout.add_note(document, byline, centred=True)
        _body(document, materials.texts.get(rid, ""), titles[rid])
    return layout.to_bytes(document)
