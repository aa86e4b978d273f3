"""The sidebar filters every page shares, kept in the URL query string (bookmarkable views)."""

from __future__ import annotations

from typing import cast

import streamlit as st

from analytics import schema
from analytics.views import Filters
from ui import data

# Query-string keys: ?from=2022&to=2023&type=agency&unit=市体育局&unit=区统计局
Q_FROM, Q_TO, Q_TYPE, Q_UNIT = "from", "to", "type", "unit"
K_YEARS, K_TYPES, K_UNITS = "filter_years", "filter_types", "filter_units"
_CURRENT = "_filters"
_SPAN = "_filter_year_span"  # the full year range offered on the previous run


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def _sync_list(key: str, param: str, options: tuple[str, ...]) -> None:
    """Seed the widget's state from the URL on a session's first run; drop stale choices."""
    state = st.session_state
    if key not in state:
        state[key] = [v for v in st.query_params.get_all(param) if v in options]
    else:
        state[key] = [v for v in state[key] if v in options]


def from_url() -> Filters:
    """The filters the URL asks for, as they stand (not checked against the corpus)."""
    params = st.query_params
    start, end = _int(params.get(Q_FROM)), _int(params.get(Q_TO))
    return Filters(
        years=(start, end) if start is not None and end is not None else None,
        unit_types=tuple(params.get_all(Q_TYPE)),
        units=tuple(params.get_all(Q_UNIT)),
    )


def sidebar(*, loading: bool = False) -> Filters:
    """Draw the filters in the sidebar, write them to the URL and return them.

    While the corpus is still ``loading`` (first start) the URL's filters apply as they are and
    the widgets wait, so that a bookmarked view keeps its filters until its units exist.
    """
    state = st.session_state
    if loading:
        st.sidebar.header("筛选")
        st.sidebar.caption("示例报告导入完成后即可筛选。")
        filters = from_url()
        state[_CURRENT] = filters
        return filters
    every = data.filter_options()
    bar = st.sidebar
    bar.header("筛选")

    _sync_list(K_TYPES, Q_TYPE, every.unit_types)
    types = bar.multiselect(
        "单位类型",
        options=every.unit_types,
        format_func=lambda k: schema.UNIT_TYPE_LABELS.get(k, k),
        key=K_TYPES,
        placeholder="全部类型",
    )
    options = data.filter_options(types)
    _sync_list(K_UNITS, Q_UNIT, options.units)
    units = bar.multiselect("单位", options=options.units, key=K_UNITS, placeholder="全部单位")

    years: tuple[int, int] | None = None
    if len(every.years) >= 2:
        low, high = every.years[0], every.years[-1]
        if K_YEARS not in state:
            start = _int(st.query_params.get(Q_FROM)) or low
            end = _int(st.query_params.get(Q_TO)) or high
            state[K_YEARS] = (start, end)
        elif tuple(state[K_YEARS]) == state.get(_SPAN):
            state[K_YEARS] = (low, high)  # "all years" stays all years when new years arrive
        state[_SPAN] = (low, high)
        start, end = state[K_YEARS]
        start, end = max(low, min(start, high)), min(high, max(end, low))
        state[K_YEARS] = (min(start, end), max(start, end))
        chosen = cast(  # a range slider: its state holds a pair
            "tuple[int, int]",
            bar.slider("年度范围", min_value=low, max_value=high, key=K_YEARS, format="%d年"),
        )
        if tuple(chosen) != (low, high):
            years = (int(chosen[0]), int(chosen[1]))
        bar.caption("年度范围取全部时，也包括年度未识别的报告。")
    elif every.years:
        bar.caption(f"语料库中只有 {every.years[0]} 年的报告。")

    filters = Filters(years=years, unit_types=tuple(types), units=tuple(units))
    _write_url(filters)
    state[_CURRENT] = filters
    return filters


def _write_url(filters: Filters) -> None:
    params = st.query_params
    wanted: dict[str, list[str]] = {
        Q_TYPE: list(filters.unit_types),
        Q_UNIT: list(filters.units),
        Q_FROM: [str(filters.years[0])] if filters.years else [],
        Q_TO: [str(filters.years[1])] if filters.years else [],
    }
    for key, values in wanted.items():
        if params.get_all(key) == values:
            continue
        if values:
            params[key] = values if len(values) > 1 else values[0]
        elif key in params:
            del params[key]


def current() -> Filters:
    """The filters the sidebar set in this run (all reports when there is no sidebar)."""
    value = st.session_state.get(_CURRENT)
    return value if isinstance(value, Filters) else Filters()


def describe(filters: Filters) -> str:
    """The filters in words, for captions and empty-result notices."""
    parts = []
    if filters.years:
        parts.append(f"{filters.years[0]}–{filters.years[1]}年")
    if filters.unit_types:
        parts.append("、".join(schema.UNIT_TYPE_LABELS.get(t, t) for t in filters.unit_types))
    if filters.units:
        shown = "、".join(filters.units[:3]) + ("等" if len(filters.units) > 3 else "")
        parts.append(shown)
    return "；".join(parts) if parts else "全部报告"
