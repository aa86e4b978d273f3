"""Plausible magnitudes of figures: a ceiling per measure word, from resources/ceilings.toml."""

from __future__ import annotations

import functools
import math
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Final

from analytics.records import Number

_RESOURCES: Final = "analytics.resources"
CEILINGS_FILE: Final = "ceilings.toml"


@dataclass(frozen=True)
class Ceilings:
    """The digit limit of any number and the largest plausible value per measure word."""

    max_integer_digits: int
    measure: dict[str, int]

    def digits_ok(self, integer_digits: str) -> bool:
        """Whether a run of integer digits (leading zeros aside) is short enough to be a number."""
        return len(integer_digits.lstrip("0０")) <= self.max_integer_digits

    def plausible(self, value: Number, measure_word: str) -> bool:
        """Whether ``value`` can be a count of ``measure_word`` (finite, not above its ceiling).

        A measure word without a ceiling of its own gets the largest one.
        """
        if isinstance(value, float) and not math.isfinite(value):
            return False
        ceiling = self.measure.get(measure_word, max(self.measure.values(), default=0))
        return abs(value) <= ceiling


@functools.lru_cache(maxsize=1)
def ceilings() -> Ceilings:
    """The ceilings of the package's resource file (read once)."""
    text = resources.files(_RESOURCES).joinpath(CEILINGS_FILE).read_text(encoding="utf-8")
    data = tomllib.loads(text)
    measure = {str(k): int(v) for k, v in data["measure"].items()}
    return Ceilings(max_integer_digits=int(data["max_integer_digits"]), measure=measure)
