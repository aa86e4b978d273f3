"""Dashboard speed on a large store: frame loads, the views behind each page, whole page runs.

Builds (once, then reuses) a store of N reports (2,000 by default) by analysing the sample corpus
and repeating its reports under varied metadata (units × years), then measures:
  load        each table read from the store (what the ui layer caches per store revision)
  views       the analytics.views / charts / keywords calls each page makes, on all N reports
  filter      apply_filters on every table for one unit type and a two-year range
  apptest     AppTest runs of every page: first run (cold caches) and a rerun (warm caches),
              and a sidebar filter change on the metrics page
Targets: switching pages or filters answers within 1.5 s on a 2,000-report store.

Usage: python benchmarks/bench_dashboard.py [--reports N] [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analytics import EXTRACTOR_VERSION, charts, corpus, ingest, keywords, views  # noqa: E402
from analytics.records import Meta  # noqa: E402
from analytics.store import Store  # noqa: E402

SAMPLES = ROOT / "sample_reports"
YEARS = (2020, 2021, 2022, 2023, 2024)
PAGES = (
    "pages/corpus.py",
    "pages/metrics.py",
    "pages/problems.py",
    "pages/keywords.py",
    "pages/compare.py",
    "pages/report.py",
)


def timed(fn: Callable[[], object], repeat: int = 3) -> float:
    """Median seconds of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def build_store(folder: Path, n: int) -> Store:
    """A store of ``n`` reports: the samples, analysed once, repeated under new units/years."""
    store = Store.open(folder)
    if store.count() >= n:
        return store
    seed_dir = Path(tempfile.mkdtemp(prefix="bench-seed-"))
    seed = Store.open(seed_dir)
    sources, _ = corpus.discover([SAMPLES])
    ingest.ingest_sources(seed, sources, workers=os.cpu_count() or 1)
    base = [seed.load_report(rid) for rid in seed.reports()["report_id"]]
    seed.close()
    if not base:
        raise SystemExit("sample_reports/ gave no reports to repeat")
    t0 = time.perf_counter()
    units_per_year = -(-n // len(YEARS))
    for i in range(store.count(), n):
        src = base[i % len(base)]
        group, year = divmod(i, len(YEARS))
        unit = f"{src.meta.unit}{group % units_per_year:03d}"
        text = src.text + f"\n（样本{i}）"
        report = dataclasses.replace(
            src,
            report_id=hashlib.sha256(f"bench-{i}".encode()).hexdigest(),
            file=f"{YEARS[year]}_{unit}.txt",
            text=text,
            meta=Meta(unit=unit, unit_type=src.meta.unit_type, year=YEARS[year]),
        )
        store.add_report(report, extractor_version=EXTRACTOR_VERSION)
    store.set_setting("samples_loaded", "1")
    print(f"built a store of {store.count()} reports in {time.perf_counter() - t0:.1f} s")
    return store


def bench_frames(store: Store) -> dict[str, object]:
    frames: dict[str, object] = {}
    print("\nload (store → frame, once per store revision):")
    for name in ("reports", "mentions", "metrics", "problems", "problem_categories", "terms"):
        t0 = time.perf_counter()
        frames[name] = getattr(store, name)()
        print(f"  {name:20s} {time.perf_counter() - t0:6.3f} s  {len(frames[name]):>9,} rows")  # type: ignore[arg-type]
    t0 = time.perf_counter()
    frames["texts"] = store.texts()
    print(f"  {'texts':20s} {time.perf_counter() - t0:6.3f} s")
    return frames


def bench_views(f: dict[str, object]) -> None:
    import pandas as pd

    reports: pd.DataFrame = f["reports"]  # type: ignore[assignment]
    metrics: pd.DataFrame = f["metrics"]  # type: ignore[assignment]
    mentions: pd.DataFrame = f["mentions"]  # type: ignore[assignment]
    problems: pd.DataFrame = f["problems"]  # type: ignore[assignment]
    cats: pd.DataFrame = f["problem_categories"]  # type: ignore[assignment]
    terms: pd.DataFrame = f["terms"]  # type: ignore[assignment]
    texts: pd.DataFrame = f["texts"]  # type: ignore[assignment]
    keys = views.metric_choices(metrics)[:3]
    units = sorted(reports["unit"].unique())[:3]
    rid = reports["report_id"].iloc[0]
    text = texts.set_index("report_id").loc[rid, "text"]

    def matrix_chart() -> object:
        values, evidence = views.metric_matrix(metrics, keys)
        return charts.metric_heatmap(values, evidence, title="热力图")

    table = views.compare_metrics(metrics, units)
    cases: dict[str, list[tuple[str, Callable[[], object]]]] = {
        "corpus": [
            ("corpus_counts", lambda: views.corpus_counts(reports)),
            ("metadata_table", lambda: views.metadata_table(reports)),
            ("for_display(reports)", lambda: views.for_display(reports)),
        ],
        "metrics": [
            ("unit_year_table", lambda: views.unit_year_table(metrics, keys)),
            ("per_100_members", lambda: views.per_100_members(metrics)),
            (
                "bar_by_unit",
                lambda: charts.bar_by_unit(
                    views.unit_summary(metrics, keys[0]), metric_label="x", title="x"
                ),
            ),
            (
                "line_by_year",
                lambda: charts.line_by_year(
                    views.year_series(metrics, keys[0]), metric_label="x", title="x"
                ),
            ),
            ("metric_heatmap", matrix_chart),
        ],
        "problems": [
            ("repeated_problems", lambda: views.repeated_problems(problems)),
            ("persistent_categories", lambda: views.persistent_categories(problems)),
            (
                "category_matrix+chart",
                lambda: charts.category_heatmap(views.category_matrix(cats), title="x"),
            ),
            ("category_counts(unit)", lambda: views.category_counts(cats, by="unit")),
            ("problem_list", lambda: views.problem_list(problems, categories=("innovation",))),
            ("for_display(problems)", lambda: views.for_display(problems)),
        ],
        "keywords": [
            ("top_terms(30)", lambda: keywords.top_terms(terms, n=30)),
            (
                "distinctive(unit)",
                lambda: keywords.distinctive_terms(terms, column="unit", value=units[0], top=30),
            ),
            ("kwic('创新')", lambda: keywords.kwic(texts, "创新", width=30, limit=2000)),
        ],
        "compare": [
            ("compare_metrics", lambda: views.compare_metrics(metrics, units)),
            (
                "deltas+normalise+radar",
                lambda: charts.radar(views.normalise_rows(table), table, title="x"),
            ),
            ("compare_categories", lambda: views.compare_categories(cats, units)),
            (
                "compare_cells",
                lambda: [
                    views.compare_cells(table, views.deltas_vs_others(table), u) for u in units
                ],
            ),
        ],
        "report": [
            (
                "highlight_html",
                lambda: views.highlight_html(
                    text,
                    mentions[mentions["report_id"] == rid],
                    problems[problems["report_id"] == rid],
                ),
            ),
        ],
    }
    print(f"\nviews on all {len(reports):,} reports (median of 3):")
    for page, items in cases.items():
        total = 0.0
        for name, fn in items:
            seconds = timed(fn)
            total += seconds
            print(f"  {page:9s} {name:26s} {seconds:6.3f} s")
        print(f"  {page:9s} {'— total':26s} {total:6.3f} s")

    filters = views.Filters(years=(2022, 2023), unit_types=("agency",))
    seconds = timed(
        lambda: [
            views.apply_filters(frame, filters)  # type: ignore[arg-type]
            for name, frame in f.items()
            if name != "texts"
        ]
    )
    print(f"\nfilter    apply_filters on every table  {seconds:6.3f} s")


def bench_apptest(folder: Path) -> None:
    from streamlit.testing.v1 import AppTest

    os.environ["PARTY_REPORTS_DATA_DIR"] = str(folder)
    os.environ.pop("PARTY_REPORTS_PASSWORD", None)
    print("\nAppTest page runs (first run with cold caches, then a rerun):")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    t0 = time.perf_counter()
    at.run()
    print(f"  {'pages/corpus.py (first start)':32s} {time.perf_counter() - t0:6.3f} s")
    for page in PAGES:
        at.switch_page(page)
        t0 = time.perf_counter()
        at.run()
        first = time.perf_counter() - t0
        t0 = time.perf_counter()
        at.run()
        again = time.perf_counter() - t0
        status = "error: " + at.exception[0].value if at.exception else ""
        print(f"  {page:32s} {first:6.3f} s   rerun {again:6.3f} s  {status}")
    at.switch_page("pages/metrics.py").run()
    at.session_state["filter_types"] = ["township"]
    t0 = time.perf_counter()
    at.run()
    print(f"  {'metrics: filter → 乡镇':32s} {time.perf_counter() - t0:6.3f} s")
    at.switch_page("pages/keywords.py").run()
    at.session_state["filter_types"] = ["agency"]
    t0 = time.perf_counter()
    at.run()
    print(f"  {'keywords: filter → 机关':32s} {time.perf_counter() - t0:6.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--data-dir", type=Path, default=None, help="reuse/keep the store here")
    args = parser.parse_args()
    folder = args.data_dir or Path(tempfile.gettempdir()) / f"party-reports-bench-{args.reports}"
    store = build_store(folder, args.reports)
    try:
        frames = bench_frames(store)
        bench_views(frames)
    finally:
        store.close()
    bench_apptest(folder)


if __name__ == "__main__":
    main()
