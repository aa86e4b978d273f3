"""Shared text helpers of the review checks: sentences, normalised forms, bigrams, data files."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from importlib import resources
from typing import Any

_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]?")
_DIGITS = re.compile(r"[0-9０-９]+(?:\.[0-9]+)?")
_ITEM_PREFIX = re.compile(
    r"^\s*(?:[（(]?[一二三四五六七八九十\d]+[)）、.．]|[一二三四五六七八九十]+是|第[一二三四五六七八九十]+)\s*"
)


def sentences(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """The (start, end) of every sentence or line of ``text[start:end]`` (trailing space off)."""
    stop = len(text) if end is None else end
    for m in _SENTENCE.finditer(text, start, stop):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            yield s, e


_DROP = re.compile(r"[\s\u3000，。、；：！？“”‘’（）《》【】〔〕,.;:!?()\[\]\"'\-—…·|｜]+")
_HAS_DIGIT = re.compile(r"[0-9０-９]")


def normalise(text: str) -> str:
    """Text without numbering, punctuation or spaces, every number as "#" (dates do not count)."""
    core = _DROP.sub("", _ITEM_PREFIX.sub("", text))
    return _DIGITS.sub("#", core) if _HAS_DIGIT.search(core) else core


def bigrams(text: str) -> frozenset[str]:
    """The character bigrams of the normalised text."""
    core = normalise(text)
    if len(core) < 2:
        return frozenset({core}) if core else frozenset()
    return frozenset(core[i : i + 2] for i in range(len(core) - 1))


def containment(part: frozenset[str], whole: frozenset[str]) -> float:
    """Share of ``part``'s bigrams that are in ``whole`` (0 when ``part`` is empty)."""
    return len(part & whole) / len(part) if part else 0.0


def head_clause(text: str) -> str:
    """The item's first clause (its title): up to the first 。 or ， after the numbering."""
    core = _ITEM_PREFIX.sub("", text.strip())
    head = re.split(r"[。，,；;：:]", core, maxsplit=1)[0]
    return head if len(head) >= 4 else core


def any_of(patterns: list[str]) -> re.Pattern[str]:
    """One regex matching any of the patterns."""
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def load_data(name: str) -> dict[str, Any]:
    """A TOML data file of analytics/resources (modules read theirs once, at import)."""
    raw = resources.files("analytics").joinpath("resources", name).read_text(encoding="utf-8")
    return tomllib.loads(raw)
