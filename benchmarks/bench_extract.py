"""Extraction speed: reports/s and `extract` against a bare jieba pass, N = 100…5,000.

Builds a corpus of N reports from the sample corpus (texts varied so no two are identical), then
measures on one core:
  jieba      a bare jieba pass: a fresh jieba.Tokenizer's default lcut (HMM on, no user
             dictionary) over every text
  extraction sections + metrics + problems + metadata (everything except tokenising)
  analyse    the whole per-report analysis (extraction + keyword counting, i.e. what `extract` does
             after reading a file), once per installed segmentation engine (jieba; jieba_fast
             with the optional "fast" extra)
and end to end, `python -m analytics extract DIR` over N files on disk with 1 and 2 workers.

Usage: python benchmarks/bench_extract.py [N ...]     (default: 100 1000 5000)
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import jieba

from analytics import metadata, metrics, pipeline, problems, readers, sections
from analytics.corpus import discover
from analytics.errors import ReportError
from analytics.records import Document
from analytics.tokenize import available_engines, load_tokenizer

ROOT = Path(__file__).resolve().parents[1]


def sample_texts() -> list[str]:
    sources, _ = discover([ROOT / "sample_reports"])
    texts = []
    for s in sources:
        try:
            texts.append(readers.read_document(s.path.read_bytes(), s.name).text)
        except ReportError:
            continue
    return texts


def build_corpus(n: int, texts: list[str], *, seed: int = 7) -> list[str]:
    """N texts: each a sample with its paragraphs' figures and order varied."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        base = texts[i % len(texts)]
        paragraphs = base.split("\n")
        head, body = paragraphs[:3], paragraphs[3:]
        # Swap two body paragraphs and vary digits so that caches see new strings.
        if len(body) > 4:
            a, b = rng.sample(range(len(body) // 2), 2)
            body[a], body[b] = body[b], body[a]
        text = "\n".join(head + body)
        text = "".join(
            str((int(ch) + i) % 10) if ch.isdigit() and rng.random() < 0.3 else ch for ch in text
        )
        out.append(text)
    return out


def timed(fn: Callable[[str], object], items: Iterable[str]) -> float:
    start = time.perf_counter()
    for item in items:
        fn(item)
    return time.perf_counter() - start


def extraction_only(text: str) -> None:
    parts = sections.split_sections(text)
    metrics.extract_mentions(text, parts)
    problems.extract_problems(text, parts)
    metadata.infer_meta(text, filename="report.txt")


def main(ns: list[int]) -> None:
    engines = available_engines()
    tokenizers = {e: load_tokenizer(engine=e) for e in engines}
    bare = jieba.Tokenizer()
    bare.initialize()
    base = sample_texts()
    print(f"sample texts: {len(base)}, mean {sum(map(len, base)) / len(base):.0f} characters")
    print(f"segmentation engines: {', '.join(engines)}; the CLI uses {engines[-1]}")
    header = ["N", "chars", "bare jieba s", "extraction s", "extraction/jieba"]
    for e in engines:
        header += [f"analyse ({e}) s", f"analyse ({e})/jieba", f"reports/s ({e}, 1 core)"]
    header += ["CLI 1 worker s", "CLI 2 workers s", "reports/s (CLI, 2 workers)"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for n in ns:
        texts = build_corpus(n, base)
        row = [f"{n:,}", f"{sum(map(len, texts)):,}"]
        t_jieba = timed(bare.lcut, texts)
        t_extract = timed(extraction_only, texts)
        row += [f"{t_jieba:.2f}", f"{t_extract:.2f}", f"{t_extract / t_jieba:.2f}"]
        for engine in engines:
            tokenizer = tokenizers[engine]
            t_analyse = timed(
                lambda t, tok=tokenizer: pipeline.analyse_document(
                    Document(text=t, format="txt"), file="report.txt", report_id="x", tokenizer=tok
                ),
                texts,
            )
            row += [f"{t_analyse:.2f}", f"{t_analyse / t_jieba:.2f}", f"{n / t_analyse:.0f}"]
        with tempfile.TemporaryDirectory() as tmp:
            for i, text in enumerate(texts):
                (Path(tmp) / f"{i:05d}.txt").write_text(text, encoding="utf-8")
            cli = {}
            for workers in (1, 2):
                start = time.perf_counter()
                subprocess.run(
                    [sys.executable, "-m", "analytics", "extract", tmp, "--workers", str(workers)],
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
                cli[workers] = time.perf_counter() - start
        row += [f"{cli[1]:.1f}", f"{cli[2]:.1f}", f"{n / cli[2]:.0f}"]
        print("| " + " | ".join(row) + " |", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1000, 5000])
