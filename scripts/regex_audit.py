"""Time every compiled regex of the analytics package on runs of odd characters at growing sizes.

A pattern whose time grows faster than its input (nested or adjacent unbounded repeats over the
same characters) shows a ratio well above 2 when the run doubles. Usage:
    python scripts/regex_audit.py [--sizes 500 1000 2000] [--limit 0.02]
Patterns the package only anchors (``ANCHORED``) are timed in that use. Prints the patterns
whose time more than triples when the input doubles (and that take more than ``--limit``
seconds on the largest input), and exits 1 if there is one.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Runs that real exports contain (WPS tables, pasted PDF text) and that patterns of this genre
# repeat over: whitespace of every kind, digits, numerals, punctuation, heading and item labels.
RUNS = (
    " ",
    "\t",
    "\u3000",
    "\u00a0",
    "\n",
    "\r\n",
    "\t\u3000",
    " \n",
    "\n\t",
    "1",
    "１",
    "一",
    "十",
    "1.",
    "一、",
    "（一）",
    "一是",
    "①",
    "，",
    "。",
    "、",
    "：",
    "；",
    "（",
    "）",
    "…",
    "—",
    "·",
    "%",
    "党",
    "党员",
    "名",
    "次",
    "年",
    "2023年",
    "的",
    "问题",
    "存在",
    "原因",
    "下一步",
    "a",
    "<",
    "|",
    "\t1\t2",
)
AROUND = (("", ""), ("存在的问题\n", "。\n"), ("发展党员", "名，"), ("一、", "x"))

# Patterns the package only anchors at one place (``match``/``fullmatch`` on a cell, a line or
# just after a found span), never scans with: they are timed in that use, one call on the
# whole run, since scanning them at every position measures a use the code never makes.
ANCHORED = {
    "analytics.cells._MEASURE_CELL_RE": ("fullmatch", "one table cell"),
    "analytics.cells._NUMBER_CELL_RE": ("fullmatch", "one table cell"),
    "analytics.metrics._HEADING_LINE_RE": ("match", "once per line start, at the line break"),
    "analytics.problems._LEADING_LABEL_RE[False]": ("match", "once per item start"),
    "analytics.problems._LEADING_LABEL_RE[True]": ("match", "once per item start"),
    "analytics.sections._ITEM_LABEL_RE": ("match", "once per line"),
    "analytics.years._PLAN_AFTER_RE": ("match", "once, just after a year mention"),
}


def patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    """Every compiled pattern held at module level (also inside dicts, lists and tuples)."""
    import analytics

    seen: set[int] = set()
    for info in pkgutil.walk_packages(analytics.__path__, "analytics."):
        try:
            module = importlib.import_module(info.name)
        except Exception:  # an optional extra that is not installed
            continue
        stack: list[tuple[str, object]] = [(f"{info.name}.{k}", v) for k, v in vars(module).items()]
        while stack:
            name, value = stack.pop()
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                if id(value) not in seen:
                    seen.add(id(value))
                    yield name, value
            elif isinstance(value, dict):
                stack.extend((f"{name}[{k!r}]", v) for k, v in value.items())
            elif isinstance(value, (list, tuple)) and len(value) < 10_000:
                stack.extend((f"{name}[{i}]", v) for i, v in enumerate(value))


def _time(pattern: re.Pattern[str], text: str, use: str = "finditer") -> float:
    start = time.perf_counter()
    if use == "match":
        pattern.match(text)
    elif use == "fullmatch":
        pattern.fullmatch(text)
    else:
        for _ in pattern.finditer(text):
            pass
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000])
    parser.add_argument("--limit", type=float, default=0.02)
    parser.add_argument("--give-up", type=float, default=2.0, help="seconds: stop growing a run")
    args = parser.parse_args(argv)
    found = 0
    checked = 0
    names: set[str] = set()
    for name, pattern in patterns():
        names.add(name)
        checked += 1
        use = ANCHORED.get(name, ("finditer", ""))[0]
        worst: tuple[float, float, str] | None = None
        for run in RUNS:
            for before, after in AROUND:
                times: list[float] = []
                for size in args.sizes:
                    seconds = _time(pattern, before + run * size + after, use)
                    times.append(seconds)
                    if seconds > args.give_up:
                        break
                if len(times) < 2:
                    continue
                ratio = times[-1] / max(times[-2], 1e-6)
                if times[-1] > args.limit and ratio > 3 and (worst is None or ratio > worst[0]):
                    worst = (ratio, times[-1], f"{before!r} + {run!r}×n + {after!r}")
        if worst is not None:
            found += 1
            print(f"{name} ({use}): ×{worst[0]:.1f} per doubling, {worst[1]:.2f} s on {worst[2]}")
            print(f"    {pattern.pattern[:160]}")
    missing = set(ANCHORED) - names
    for name in sorted(missing):
        print(f"{name}: named in ANCHORED but no longer found")
    print(
        f"{checked} patterns checked ({len(ANCHORED)} in their anchored use), {found} super-linear"
    )
    return 1 if found or missing else 0


if __name__ == "__main__":
    sys.exit(main())
