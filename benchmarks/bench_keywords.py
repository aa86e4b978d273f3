"""Keyword speed: tokens()/terms() in characters per second, and the keyword tables for N reports.

Measures on one core:
  load        PartyTokenizer construction (jieba dictionary + user dictionary + compound split)
  tokens      PartyTokenizer.tokens (bare jieba, HMM on) over the available report texts
  terms       PartyTokenizer.terms (tokens + NFKC + filters), the same texts
  term_counts keywords.term_counts (terms + counting + sorting)
then, for a corpus of N reports (N = 100, 1,000, 5,000 by default) built by repeating the
available texts under varied metadata (units, unit types, years) with their counts jittered:
  aggregate_terms(by=None), aggregate_terms(by="unit"), top_terms(n=30, by="year"),
  distinctive_terms(column="unit"), kwic (a plain phrase and a regex, no limit) over N texts,
  and word_cloud_png of the corpus's top 200 terms.

Texts: every .txt under the folders given with --texts, else sample_reports/, sample_src/ and
../shared/seeds/ beside the project (whichever exist).

Usage: python benchmarks/bench_keywords.py [N ...] [--texts DIR ...]
"""

from __future__ import annotations

import argparse
import functools
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from analytics import schema
from analytics.cloud import word_cloud_png
from analytics.keywords import aggregate_terms, distinctive_terms, kwic, term_counts, top_terms
from analytics.tokenize import PartyTokenizer

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIRS = (ROOT / "sample_reports", ROOT / "sample_src", ROOT.parent / "shared" / "seeds")
UNIT_TYPES = ("agency", "township", "village", "community", "soe", "school", "hospital")


def read_texts(dirs: list[Path]) -> list[str]:
    texts = []
    for folder in dirs:
        for path in sorted(folder.rglob("*.txt")) if folder.is_dir() else []:
            data = path.read_bytes()
            for codec in ("utf-8-sig", "gb18030", "utf-16"):
                try:
                    texts.append(data.decode(codec))
                    break
                except UnicodeDecodeError:
                    continue
    return [t for t in texts if len(t) > 200]


def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def build_frames(
    n: int, texts: list[str], counts: list[tuple[tuple[str, int], ...]], *, seed: int = 7
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A TERMS frame and a texts frame for N reports made from the available ones."""
    rng = random.Random(seed)
    units = [f"第{i}单位" for i in range(max(10, n // 20))]
    term_rows: list[tuple[object, ...]] = []
    text_rows: list[tuple[object, ...]] = []
    for i in range(n):
        k = i % len(texts)
        unit = rng.choice(units)
        key = (f"r{i:05d}", unit, UNIT_TYPES[hash(unit) % len(UNIT_TYPES)], rng.randint(2021, 2024))
        for term, count in counts[k]:
            if rng.random() < 0.9:
                term_rows.append((*key, term, max(1, count + rng.randint(-1, 1))))
        text_rows.append((*key, f"{key[3]}_{unit}_{i}.txt", texts[k]))
    terms = pd.DataFrame(term_rows, columns=list(schema.TERMS)).astype({"year": "Int64"})
    frame = pd.DataFrame(text_rows, columns=[*schema.KEY, "file", "text"]).astype({"year": "Int64"})
    return terms, frame


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 5000])
    parser.add_argument("--texts", nargs="*", type=Path, default=None)
    args = parser.parse_args()
    texts = read_texts(args.texts or list(DEFAULT_DIRS))
    if not texts:
        raise SystemExit("no .txt report found: pass folders with --texts")
    chars = sum(len(t) for t in texts)
    print(f"{len(texts)} texts, {chars:,} characters (mean {chars // len(texts):,})")

    t0 = time.perf_counter()
    tokenizer = PartyTokenizer()
    print(f"load                 {time.perf_counter() - t0:8.2f} s")
    # Repeat the texts up to about 300K characters per timing.
    rounds = max(1, 300_000 // chars)
    corpus = texts * rounds
    total = chars * rounds
    for name, fn in (
        ("tokens", lambda: [tokenizer.tokens(t) for t in corpus]),
        ("terms", lambda: [tokenizer.terms(t) for t in corpus]),
        ("term_counts", lambda: [term_counts(t, tokenizer=tokenizer) for t in corpus]),
    ):
        seconds = best_of(fn)
        print(f"{name:<20} {total / seconds / 1000:8.0f} K chars/s  ({seconds:.2f} s, {total:,})")

    counts = [term_counts(t, tokenizer=tokenizer) for t in texts]
    print(f"terms per report     {statistics.mean(len(c) for c in counts):8.0f} distinct")
    print()
    header = ("N", "rows", "agg", "agg/unit", "top/year", "distinct", "kwic", "kwic re", "cloud")
    print("{:>6} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}".format(*header))
    for n in args.sizes:
        terms, frame = build_frames(n, texts, counts)
        unit = str(terms["unit"].iloc[0])
        top200 = aggregate_terms(terms, by=None).head(200)
        cloud_input = dict(zip(top200["term"], top200["count"], strict=True))
        jobs: list[tuple[Callable[..., object], tuple[object, ...], dict[str, object]]] = [
            (aggregate_terms, (terms,), {"by": None}),
            (aggregate_terms, (terms,), {"by": "unit"}),
            (top_terms, (terms,), {"n": 30, "by": "year"}),
            (distinctive_terms, (terms,), {"column": "unit", "value": unit}),
            (kwic, (frame, "三会一课"), {}),
            (kwic, (frame, r"党[建员]\w{0,2}"), {"regex": True}),
            (word_cloud_png, (cloud_input,), {}),
        ]
        timings = [best_of(functools.partial(fn, *a, **kw)) for fn, a, kw in jobs]
        cells = " ".join(f"{t * 1000:7.0f}ms" for t in timings)
        print(f"{n:>6} {len(terms):>9,} {cells}")


if __name__ == "__main__":
    main()
