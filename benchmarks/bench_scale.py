"""Scale: `batch` on a LocalCluster of 1 and 2 workers over synthetic corpora; dataset queries.

Builds (once, then reuses) a folder of N synthetic .txt reports: the sample corpus's texts with
paragraphs swapped and digits varied, filed under a manifest.csv as N/5 units such as
“丰乐社区党委（17）”, each with the 5 years 2020-2024. For each worker count it runs the same
batch into a fresh folder and reports wall time, reports/s, the peak resident memory of the
largest worker process, and the output size; then it times the DuckDB queries the dashboard
makes over the written dataset and AppTest runs of every page.

Usage: python benchmarks/bench_scale.py [--reports 10000 100000] [--workers 1 2] [--root DIR]
       [--batch-only | --pages-only]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analytics import corpus, readers  # noqa: E402
from analytics.scale import batch  # noqa: E402
from analytics.scale.dataset import Dataset  # noqa: E402

YEARS = (2020, 2021, 2022, 2023, 2024)


def sample_texts() -> list[tuple[str, str]]:
    """(unit, text) of every readable sample report."""
    sources, _ = corpus.discover([ROOT / "sample_reports"])
    out = []
    for s in sources:
        try:
            text = readers.read_document(s.path.read_bytes(), s.name).text
        except Exception:
            continue
        parts = Path(s.name).stem.split("_")
        unit = s.manifest.unit if s.manifest and s.manifest.unit else parts[min(1, len(parts) - 1)]
        out.append((unit, text))
    return out


def build_corpus(folder: Path, n: int, *, seed: int = 11) -> Path:
    """N synthetic reports under ``folder`` (reused when complete)."""
    marker = folder / ".complete"
    if marker.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rng = random.Random(seed)
    samples = sample_texts()
    manifests: dict[Path, list[str]] = {}
    for i in range(n):
        # Each synthetic unit reports for the five years: unit u, year i mod 5.
        u = i // len(YEARS)
        unit, base = samples[u % len(samples)]
        year = YEARS[i % len(YEARS)]
        paragraphs = base.split("\n")
        head, body = paragraphs[:3], paragraphs[3:]
        if len(body) > 4:
            a, b = rng.sample(range(len(body) // 2), 2)
            body[a], body[b] = body[b], body[a]
        text = "\n".join(head + body)
        text = "".join(
            str((int(ch) + i) % 10) if ch.isdigit() and rng.random() < 0.3 else ch for ch in text
        )
        sub = folder / f"{i // 1000:04d}"
        sub.mkdir(exist_ok=True)
        name = f"{year}_{u:06d}.txt"
        (sub / name).write_text(text, encoding="utf-8")
        manifests.setdefault(sub, []).append(f"{name},{unit}（{u}）,,{year}")
    for sub, rows in manifests.items():  # the unit of each file, as a reviewer's manifest gives it
        (sub / "manifest.csv").write_text("file,unit,unit_type,year\n" + "\n".join(rows) + "\n")
    marker.write_text(str(n))
    return folder


class PeakMemory:
    """The largest resident set of any descendant process, sampled every 0.2 s."""

    def __init__(self) -> None:
        import psutil

        self._me = psutil.Process()
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            for child in self._me.children(recursive=True):
                try:
                    self.peak = max(self.peak, child.memory_info().rss)
                except Exception:
                    continue

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def size_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20


def timed(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_queries(out: Path) -> None:
    with Dataset(out) as ds:
        reports = ds.reports()
        some = reports[reports["unit_type"] == "agency"]["report_id"].tolist()
        one = str(reports["report_id"].iloc[0])
        rows = [
            ("count", lambda: ds.count()),
            ("reports() (all rows)", lambda: ds.reports()),
            ("metric_values() (all)", lambda: ds.metric_values()),
            ("metric_values(agency)", lambda: ds.metric_values(some)),
            ("category_counts() (all)", lambda: ds.category_counts()),
            ("term_frequencies(top=100)", lambda: ds.term_frequencies(top=100)),
            ("term_totals(agency)", lambda: ds.term_totals(some)),
            ("problems() (all rows)", lambda: ds.problems()),
            ("report_text(one)", lambda: ds.report_text(one)),
        ]
        for name, fn in rows:
            print(f"    {name:<28} {timed(fn):7.3f} s")


PAGES = (
    "pages/corpus.py",
    "pages/metrics.py",
    "pages/problems.py",
    "pages/keywords.py",
    "pages/compare.py",
    "pages/report.py",
)


def _page_times(out: Path, page: str) -> tuple[float, float, float, str]:
    """In this process: the app's first run, the page's first visit, and a rerun of it."""
    at = _app_test(out)
    t0 = time.perf_counter()
    at.run()
    app = time.perf_counter() - t0
    return (app, *_visit(at, page))


def _app_test(out: Path) -> Any:
    from streamlit.testing.v1 import AppTest

    os.environ["PARTY_REPORTS_DATASET"] = str(out)
    os.environ.pop("PARTY_REPORTS_PASSWORD", None)
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=900)


def _visit(at: Any, page: str) -> tuple[float, float, str]:
    """A page's first visit and a rerun of it (seconds), and the error it raised, if any."""
    t0 = time.perf_counter()
    at.switch_page(page).run()
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    at.run()
    rerun = time.perf_counter() - t0
    failed = f" ERROR {at.exception[0].value}" if at.exception else ""
    return first, rerun, failed


THINK_SECONDS = 15  # between the first page and the next click


def _visits(out: Path) -> None:
    """In this process: the app's first run, a pause of THINK_SECONDS (a user reading the first
    page; the dataset's base tables load meanwhile), then every page in turn, its first visit
    and a rerun (a running server: what one page loaded is cached for the next)."""
    at = _app_test(out)
    t0 = time.perf_counter()
    at.run()
    print(f"    app first run (sidebar, 语料库) {time.perf_counter() - t0:6.2f} s", flush=True)
    loading = [t for t in threading.enumerate() if t.name in ("dataset-preload", "dataset-warm")]
    for thread in loading:
        thread.join()
    ready = time.perf_counter() - t0
    print(f"    base tables and default views ready {ready:6.2f} s after the start", flush=True)
    time.sleep(max(0.0, THINK_SECONDS - ready))  # the user reads the first page meanwhile
    for page in PAGES:
        first, rerun, failed = _visit(at, page)
        print(
            f"    {page:<20} first visit {first:6.2f} s, rerun {rerun:5.2f} s{failed}", flush=True
        )
    print("  interactions after those visits (each a rerun with one widget changed):")
    steps: list[tuple[str, str, Callable[[Any], Any]]] = [
        ("指标: choose 5 other metrics", "pages/metrics.py", _pick_metrics),
        ("指标: per 100 members", "pages/metrics.py", lambda a: _set(a.toggle, "per_100", True)),
        ("问题: threshold 0.9", "pages/problems.py", lambda a: _set(a.slider, "similarity", 0.9)),
        (
            "问题: items with 学习",
            "pages/problems.py",
            lambda a: _set(a.text_input, "problem_query", "学习"),
        ),
        ("问题: one unit type", "pages/problems.py", _one_type),
        (
            "关键词: search 三会一课",
            "pages/keywords.py",
            lambda a: _set(a.text_input, "kwic_query", "三会一课"),
        ),
        (
            "报告: find 社区",
            "pages/report.py",
            lambda a: _set(a.text_input, "report_query", "社区"),
        ),
    ]
    for what, page, act in steps:
        at.switch_page(page).run()
        t0 = time.perf_counter()
        act(at).run()
        failed = f" ERROR {at.exception[0].value}" if at.exception else ""
        print(f"    {what:<32} {time.perf_counter() - t0:6.2f} s{failed}", flush=True)


def _set(widget: Callable[..., Any], key: str, value: object) -> Any:
    return widget(key=key).set_value(value)


def _pick_metrics(at: Any) -> Any:
    box = at.multiselect(key="metric_keys")
    return box.set_value(list(box.options)[3:8])


def _one_type(at: Any) -> Any:
    return at.sidebar.multiselect(key="filter_types").set_value(["agency"])


def _child(*args: str) -> str:
    import subprocess

    done = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=False
    )
    return done.stdout.rstrip() or done.stderr.strip()[-300:]


def bench_pages(out: Path) -> None:
    """Every page, each in a fresh process (cold caches, as for the first user after a server
    start): the app's first run (sidebar and the default page), the page's first visit, and a
    rerun (the cost of a widget change that leaves the cached tables as they are). Then all
    pages in turn in one process, as one user walks through a running server."""
    print("  each page in a fresh process:")
    for page in PAGES:
        print(f"    {page:<20} {_child('--page-child', page, '--page-out', str(out))}")
    print("  the pages in turn in one process:")
    print(_child("--visits-child", "--page-out", str(out)))


def _quiet() -> None:
    import logging

    for name in ("streamlit", "distributed"):
        logging.getLogger(name).setLevel(logging.ERROR)
    logging.disable(logging.WARNING)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--root", type=Path, default=Path("/tmp/bench-scale"))
    parser.add_argument("--partition-files", type=int, default=500)
    parser.add_argument(
        "--pages-only", action="store_true", help="only time the pages on an existing output"
    )
    parser.add_argument(
        "--batch-only", action="store_true", help="only run the batches (no queries, no pages)"
    )
    parser.add_argument("--page-child", help=argparse.SUPPRESS)
    parser.add_argument("--visits-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--page-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    _quiet()
    if args.visits_child:
        _visits(args.page_out)
        return
    if args.page_child:
        app, first, rerun, failed = _page_times(args.page_out, args.page_child)
        print(f"app {app:6.2f} s, page first {first:6.2f} s, rerun {rerun:5.2f} s{failed}")
        return
    if args.pages_only:
        for n in args.reports:
            out = args.root / f"out-{n}-{max(args.workers)}"
            print(f"\nN = {n:,}: dashboard pages on {out}")
            bench_pages(out)
        return
    for n in args.reports:
        t0 = time.perf_counter()
        folder = build_corpus(args.root / f"corpus-{n}", n)
        print(f"\nN = {n:,} reports ({size_mb(folder):.0f} MB of text; built in "
              f"{time.perf_counter() - t0:.0f} s)")  # fmt: skip
        seconds: dict[int, float] = {}
        for workers in args.workers:
            out = args.root / f"out-{n}-{workers}"
            shutil.rmtree(out, ignore_errors=True)
            with PeakMemory() as memory:
                summary = batch.run_batch(
                    [str(folder)], out, workers=workers, partition_files=args.partition_files
                )
            seconds[workers] = summary.seconds
            load = os.getloadavg()[0]
            print(
                f"  workers={workers}: {summary.seconds:8.1f} s, "
                f"{summary.written / summary.seconds:6.1f} reports/s, "
                f"peak worker RSS {memory.peak / 2**20:6.0f} MB, output {size_mb(out):6.0f} MB "
                f"({summary.written:,} written, {summary.refused} refused, "
                f"{summary.partitions} partitions, of which derived tables "
                f"{summary.derived_seconds:.1f} s; load average after: {load:.1f})"
            )
        if 1 in seconds and 2 in seconds:
            print(f"  speed-up 1 -> 2 workers: {seconds[1] / seconds[2]:.2f}x")
        if args.batch_only:
            continue
        last = args.root / f"out-{n}-{max(args.workers)}"
        print("  DuckDB queries over the dataset (median of 3):")
        bench_queries(last)
        print("  Dashboard pages on the dataset (AppTest, one process):")
        bench_pages(last)


if __name__ == "__main__":
    main()
