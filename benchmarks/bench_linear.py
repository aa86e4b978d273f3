"""Analysis time against input size, 1 KB to 5 MB: ordinary, whitespace-heavy and table-heavy.

For each kind of text and each size, one .txt file of about that many UTF-8 bytes is read
(``read_document``) and analysed (sections, metadata, metrics, problems, keywords) in this
process, with no time budget. Linear time shows as a flat µs-per-KB column.

  ordinary          the sample reports, one after another
  whitespace-heavy  the same, every line end turned into a run of tabs, spaces, full-width
                    spaces and blank lines, and runs of up to 20,000 spaces between paragraphs
  table-heavy       tab-separated table rows (项目\\t数量 …) of figures with measure words

Usage: python benchmarks/bench_linear.py [--sizes 1000 10000 ...] [--kinds ordinary ...]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analytics import pipeline, readers  # noqa: E402
from analytics.tokenize import load_tokenizer  # noqa: E402


def _samples() -> str:
    texts = []
    for path in sorted((ROOT / "sample_reports").glob("*.txt")):
        texts.append(readers.read_document(path.read_bytes(), path.name).text)
    return "\n".join(texts)


def _grow(unit: str, size: int) -> str:
    out = unit * (size // max(1, len(unit.encode("utf-8"))) + 1)
    data = out.encode("utf-8")[:size]
    return data.decode("utf-8", "ignore")


def ordinary(size: int, base: str) -> str:
    return _grow(base + "\n", size)


def whitespace_heavy(size: int, base: str) -> str:
    lines = base.split("\n")
    runs = ["\t" * 200, " " * 500, "\u3000" * 300, "\n" * 50, "\t \u3000" * 100]
    parts = []
    for i, line in enumerate(lines):
        parts.append(line + runs[i % len(runs)] + "\n")
        if i % 40 == 39:
            parts.append(" " * 20_000 + "\n")
    return _grow("".join(parts), size)


def table_heavy(size: int, base: str) -> str:
    rows = ["项目\t数量\t单位\t备注"]
    for i in range(200):
        rows.append(f"发展党员\t{i % 9 + 1}名\t第{i % 7 + 1}党支部\t开展主题党日{i % 5 + 2}次")
        rows.append(f"培训党员\t{i * 3 + 10}人次\t\t\t组织生活会{i % 4 + 1}场")
    return _grow("某单位党委书记抓基层党建工作述职报告\n" + "\n".join(rows) + "\n", size)


KINDS = {"ordinary": ordinary, "whitespace-heavy": whitespace_heavy, "table-heavy": table_heavy}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000, 1_000_000, 5_000_000]
    )
    parser.add_argument("--kinds", nargs="+", default=list(KINDS), choices=list(KINDS))
    args = parser.parse_args()
    tokenizer = load_tokenizer()
    base = _samples()
    options = pipeline.ReadOptions(time_budget=float("inf"))
    print("| text | size | read | analyse | total | µs per KB |")
    print("|---|---:|---:|---:|---:|---:|")
    for kind in args.kinds:
        for size in args.sizes:
            data = KINDS[kind](size, base).encode("utf-8")
            start = time.perf_counter()
            doc = readers.read_document(data, "bench.txt")
            read = time.perf_counter() - start
            pipeline.analyse_document(
                doc,
                file="bench.txt",
                report_id="bench",
                tokenizer=tokenizer,
                time_budget=options.time_budget,
            )
            total = time.perf_counter() - start
            per_kb = total / (len(data) / 1000) * 1e6
            print(
                f"| {kind} | {len(data) / 1000:,.0f} KB | {read:.3f} s | {total - read:.3f} s "
                f"| {total:.3f} s | {per_kb:,.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
