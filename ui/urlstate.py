"""Page widgets kept in the URL query string, so that a shared link restores the whole view.

Before a widget: ``seed_*`` puts the URL's value (or the default) into the widget's session
state on the session's first run, so the widget takes no ``default``/``value`` argument. After
it: ``keep`` writes the chosen value back to the URL (a default value leaves the URL clean).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

TRUE = "1"


def _first(param: str) -> str | None:
    values = st.query_params.get_all(param)
    return values[0] if values else None


def seed_list(key: str, param: str, options: Sequence[Any], default: Sequence[Any]) -> None:
    """A multiselect: the URL's values that are options (else ``default``); stale ones dropped."""
    state = st.session_state
    by_text = {str(o): o for o in options}
    if key not in state:
        wanted = [by_text[v] for v in st.query_params.get_all(param) if v in by_text]
        state[key] = wanted or list(default)  # none left (or none asked): the default
    else:
        state[key] = [v for v in state[key] if str(v) in by_text]


def seed_choice(key: str, param: str, options: Sequence[Any], default: Any = None) -> None:
    """A selectbox or radio: the URL's value when it is one of ``options``."""
    state = st.session_state
    by_text = {str(o): o for o in options}
    if key not in state:
        raw = _first(param)
        state[key] = by_text.get(raw or "", default)
    elif state[key] is not None and str(state[key]) not in by_text:
        state[key] = default


def seed_flag(key: str, param: str, default: bool = False) -> None:
    """A toggle or checkbox: ``param=1`` in the URL means on."""
    if key not in st.session_state:
        raw = _first(param)
        st.session_state[key] = default if raw is None else raw == TRUE


def seed_text(key: str, param: str, default: str = "") -> None:
    """A text input."""
    if key not in st.session_state:
        raw = _first(param)
        st.session_state[key] = default if raw is None else raw


def seed_number(
    key: str, param: str, default: float, *, low: float, high: float, cast: Callable[[str], Any]
) -> None:
    """A slider: the URL's number, kept within ``low``–``high``."""
    if key not in st.session_state:
        raw = _first(param)
        try:
            value = cast(raw) if raw is not None else default
        except ValueError:
            value = default
        st.session_state[key] = min(max(value, cast(str(low))), cast(str(high)))


def keep(param: str, value: Any, default: Any = None) -> None:
    """Write the widget's value to the URL (removed when it is the default or empty)."""
    params = st.query_params
    if isinstance(value, bool):
        values = [TRUE] if value else []
        if value == default:
            values = []
        elif default is True:
            values = [TRUE if value else "0"]
    elif isinstance(value, list | tuple):
        values = [str(v) for v in value]
        if default is not None and list(value) == list(default):
            values = []
    elif value is None or value == "" or value == default:
        values = []
    else:
        values = [str(value)]
    if params.get_all(param) == values:
        return
    if values:
        params[param] = values if len(values) > 1 else values[0]
    elif param in params:
        del params[param]
