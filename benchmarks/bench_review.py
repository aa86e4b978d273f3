"""Review speed: corpus-wide similarity at 1k/5k/10k synthetic reports, and the 审阅 page at 5k.

The synthetic reports are made from the sample corpus's sentences with about 40 % of each
sentence's characters replaced at random (so that every report is its own text), in the
sample's outline (work review, problems, causes, next steps), with the copying reviewers look
for mixed in: 8 % of sentences taken from the same unit's report of the year before, 3 % from
another unit's report, and three boilerplate sentences every report shares.
  similarity  analytics.review.similarity.corpus_similarity on N reports (one process)
  review      analytics.review.review_corpus (every check) on N reports
  page        AppTest of pages/review.py on a store of N reports: first run (cold caches),
              then each interaction (a weight changed, the sidebar filter changed)
Targets: similarity of 5,000 reports under 60 s on one core, growing near-linearly; the page
at 5,000 reports under 3 s per interaction after the first load.

Usage: python benchmarks/bench_review.py [--sizes 1000 5000 10000] [--page 5000]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from analytics import EXTRACTOR_VERSION  # noqa: E402
from analytics.records import Mention, Meta, Problem, Report  # noqa: E402
from analytics.review import review_corpus  # noqa: E402
from analytics.review.similarity import corpus_similarity  # noqa: E402
from analytics.store import Store  # noqa: E402

SAMPLES = ROOT / "sample_src"
TYPES = ("agency", "township", "village", "community", "soe", "school", "hospital")
SUFFIX = {
    "agency": "局",
    "township": "镇党委",
    "village": "村党支部",
    "community": "社区党委",
    "soe": "公司党委",
    "school": "学校党总支",
    "hospital": "医院党委",
}
YEARS = (2022, 2023, 2024)
BOILER = (
    "坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻新时代党的建设总要求。",
    "在上级党组织的坚强领导下，认真履行党建工作第一责任人职责。",
    "现将本年度抓基层党建工作情况报告如下。",
)


def _pool() -> tuple[list[str], str]:
    sentences: list[str] = []
    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        sentences += [s for s in re.findall(r"[^。\n]{16,120}。", text)]
    alphabet = "".join(sorted({c for s in sentences for c in s if "\u4e00" <= c <= "\u9fff"}))
    return sentences, alphabet


def synthetic(n: int, *, seed: int = 7) -> tuple[pd.DataFrame, dict[str, str], list[Report]]:
    """``n`` reports over n/3 units × 3 years: (reports frame, texts, Report records)."""
    rng = random.Random(seed)
    pool, alphabet = _pool()

    def fresh() -> str:
        s = list(rng.choice(pool))
        for i in range(len(s)):
            if "\u4e00" <= s[i] <= "\u9fff" and rng.random() < 0.4:
                s[i] = rng.choice(alphabet)
        return "".join(s)

    rows, texts, records = [], {}, []
    by_unit_year: dict[tuple[str, int], list[str]] = {}
    all_sentences: list[list[str]] = []
    for i in range(n):
        kind = TYPES[i % len(TYPES)]
        unit = f"第{i // 3:05d}{SUFFIX[kind]}"
        year = YEARS[i % 3]
        prev = by_unit_year.get((unit, year - 1))
        body = []
        for _ in range(70):
            r = rng.random()
            if prev and r < 0.08:
                body.append(rng.choice(prev))
            elif all_sentences and r < 0.11:
                body.append(rng.choice(rng.choice(all_sentences)))
            else:
                body.append(fresh())
        by_unit_year[(unit, year)] = body
        all_sentences.append(body)
        head = f"{unit}书记{year}年度抓基层党建工作述职报告\n{''.join(BOILER)}\n一、工作情况\n"
        figures = (
            f"全年召开支委会{rng.randint(4, 14)}次，现有党员{rng.randint(20, 90)}名，"
            f"发展党员{rng.randint(0, 6)}名。"
        )
        text = head + "".join(body[:35]) + "\n" + figures + "".join(body[35:]) + "\n二、存在问题\n"
        problems = []
        for label in "一二三四":
            item = f"{label}是{fresh()}"
            problems.append(Problem(item, ("other",), "problems", len(text), len(text) + len(item)))
            text += item + "\n"
        text += "三、原因分析\n"
        for label in "一二":
            item = f"{label}是{fresh()}"
            problems.append(Problem(item, ("other",), "causes", len(text), len(text) + len(item)))
            text += item + "\n"
        text += "四、下一步工作打算\n一是进一步加强理论武装。二是2025年6月底前完成支部换届。\n"
        rid = hashlib.sha256(text.encode("utf-8")).hexdigest()
        pos = text.index(figures)
        mentions = (Mention("branch_committee_meetings", 12, False, "次", figures, pos, pos + 12),)
        rows.append((rid, unit, kind, year, f"{year}_{unit}.txt"))
        texts[rid] = text
        records.append(
            Report(
                rid,
                f"{year}_{unit}.txt",
                "txt",
                text,
                Meta(unit, kind, year),
                mentions,
                tuple(problems),
            )
        )
    frame = pd.DataFrame(rows, columns=["report_id", "unit", "unit_type", "year", "file"])
    frame["year"] = frame["year"].astype("Int64")
    return frame, texts, records


def bench_similarity(sizes: list[int]) -> None:
    for n in sizes:
        frame, texts, _ = synthetic(n)
        chars = sum(len(t) for t in texts.values())
        t0, c0 = time.perf_counter(), time.process_time()
        per_report, passages = corpus_similarity(frame, texts)
        took, cpu = time.perf_counter() - t0, time.process_time() - c0
        flagged = int((per_report["share_copied"] > 0).sum())
        print(
            f"similarity  {n:>6} reports ({chars / 1e6:.1f} M chars): {cpu:6.1f} s CPU,"
            f" {took:6.1f} s wall ({cpu / n * 1000:.1f} ms CPU/report; {len(passages)} passages,"
            f" {flagged} reports share text)"
        )


def bench_page(n: int) -> None:
    from streamlit.testing.v1 import AppTest

    from analytics import tables

    _, texts, records = synthetic(n)
    t0, c0 = time.perf_counter(), time.process_time()
    review_corpus(
        tables.reports_frame(records),
        texts,
        problems=tables.problems_frame(records),
        mentions=tables.mentions_frame(records),
    )
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"review      {n:>6} reports, every check: {cpu:6.1f} s CPU, {wall:6.1f} s wall")
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp))
        for record in records:
            store.add_report(record, extractor_version=EXTRACTOR_VERSION)
        store.set_setting("samples_loaded", "1")
        store.close()
        os.environ["PARTY_REPORTS_DATA_DIR"] = tmp
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        at.run()
        t0 = time.perf_counter()
        at.switch_page("pages/review.py").run()
        print(f"page        {n:>6} reports, first run (cold): {time.perf_counter() - t0:6.1f} s")
        assert not at.exception, at.exception
        for label, action in (
            ("rerun", lambda: at.run()),
            ("weight changed", lambda: at.number_input(key="w_part_copying").set_value(1.0).run()),
            (
                "filter: one unit type",
                lambda: at.multiselect(key="filter_types").set_value(["agency"]).run(),
            ),
            ("filter: all again", lambda: at.multiselect(key="filter_types").set_value([]).run()),
        ):
            t0 = time.perf_counter()
            action()
            assert not at.exception, at.exception
            print(f"page        {n:>6} reports, {label}: {time.perf_counter() - t0:6.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 5000, 10000])
    parser.add_argument(
        "--page", type=int, default=5000, help="reports in the page benchmark (0: skip)"
    )
    args = parser.parse_args()
    bench_similarity(args.sizes)
    if args.page:
        bench_page(args.page)


if __name__ == "__main__":
    main()
