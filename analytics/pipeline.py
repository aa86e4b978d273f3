"""Analyse one file (bytes → Report) and many files (in parallel), and shape the extract JSON."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from analytics import keywords, metadata, metrics, problems, readers, sections
from analytics.corpus import SourceFile
from analytics.errors import ReportError
from analytics.records import Document, ManifestRow, Report
from analytics.tokenize import PartyTokenizer, load_tokenizer

_T = TypeVar("_T")

DEFAULT_MAX_BYTES = readers.DEFAULT_MAX_BYTES
DEFAULT_PDF_TIMEOUT = readers.DEFAULT_PDF_TIMEOUT
# Seconds the analysis of one file's text may take, per started million characters (every stage
# is linear: a 10 KB report takes a fraction of a second, 1.7 million characters about 50 s on a
# busy machine). A file still over it is refused and the batch goes on.
DEFAULT_TIME_BUDGET = 60.0


@dataclass(frozen=True)
class ReadOptions:
    """Limits applied when reading a file."""

    max_bytes: int = DEFAULT_MAX_BYTES
    pdf_timeout: float = DEFAULT_PDF_TIMEOUT
    time_budget: float = DEFAULT_TIME_BUDGET


def report_id(data: bytes) -> str:
    """The report's key: SHA-256 hex of the file's bytes."""
    return hashlib.sha256(data).hexdigest()


def analyse_document(
    doc: Document,
    *,
    file: str,
    report_id: str,
    tokenizer: PartyTokenizer,
    manifest: ManifestRow | None = None,
    time_budget: float | None = None,
) -> Report:
    """Everything extracted from one document's text.

    With ``time_budget`` (seconds per started million characters), the time is checked after
    each stage and a file over it is refused with a ReportError; every stage is linear in its
    input, so the overshoot is bounded by one stage's time.
    """
    clock = _Budget(time_budget, chars=len(doc.text), file=file)
    parts = clock.check(sections.split_sections(doc.text))
    meta = clock.check(metadata.infer_meta(doc.text, filename=file, manifest=manifest))
    mentions = clock.check(metrics.extract_mentions(doc.text, parts))
    found = clock.check(problems.extract_problems(doc.text, parts))
    counts = clock.check(keywords.term_counts(doc.text, tokenizer=tokenizer))
    return Report(
        report_id=report_id,
        file=file,
        format=doc.format,
        text=doc.text,
        meta=meta,
        mentions=mentions,
        problems=found,
        term_counts=counts,
        sections=parts,
    )


class _Budget:
    """Refuses a file once the analysis of its text has taken longer than its budget."""

    def __init__(self, per_million: float | None, *, chars: int, file: str) -> None:
        self._seconds = None if per_million is None else per_million * (1 + chars // 1_000_000)
        self._file = file
        self._start = time.monotonic()

    def check(self, value: _T) -> _T:
        if self._seconds is not None and time.monotonic() - self._start >= self._seconds:
            raise ReportError(
                f"分析超时（超过 {self._seconds:g} 秒仍未完成），文件内容可能异常"
                "（如极长的空白、表格或重复字符），请检查文件内容或重新导出后再上传。",
                file=self._file,
            )
        return value


def analyse_bytes(
    data: bytes,
    file: str,
    *,
    tokenizer: PartyTokenizer,
    manifest: ManifestRow | None = None,
    options: ReadOptions = ReadOptions(),
) -> Report:
    """Read and analyse one file's bytes; raises ReportError when the file cannot be read."""
    doc = readers.read_document(
        data, file, max_bytes=options.max_bytes, pdf_timeout=options.pdf_timeout
    )
    return analyse_document(
        doc,
        file=file,
        report_id=report_id(data),
        tokenizer=tokenizer,
        manifest=manifest,
        time_budget=options.time_budget,
    )


def analyse_path(
    path: Path,
    *,
    name: str,
    tokenizer: PartyTokenizer,
    manifest: ManifestRow | None = None,
    options: ReadOptions = ReadOptions(),
) -> Report:
    """Read a file from disk (refusing it before reading when it is over the size limit)."""
    data = readers.read_file_bytes(path, name=name, max_bytes=options.max_bytes)
    return analyse_bytes(data, name, tokenizer=tokenizer, manifest=manifest, options=options)


def _work(job: tuple[SourceFile, ReadOptions]) -> Report | ReportError:
    source, options = job
    try:
        return analyse_path(
            source.path,
            name=source.name,
            tokenizer=load_tokenizer(),
            manifest=source.manifest,
            options=options,
        )
    except ReportError as err:
        return err


def analyse_sources(
    sources: Sequence[SourceFile],
    *,
    workers: int = 1,
    options: ReadOptions = ReadOptions(),
) -> Iterator[Report | ReportError]:
    """Analyse files in order; a refused file yields its ReportError and the batch goes on.

    With ``workers`` > 1 and more than a few files, files are spread over worker processes, each
    loading the tokenizer once.
    """
    jobs = [(s, options) for s in sources]
    if workers <= 1 or len(jobs) < 4:
        for job in jobs:
            yield _work(job)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_work, jobs, chunksize=max(1, min(16, len(jobs) // (workers * 4))))


def extract_record(report: Report, *, top_keywords: int = 50) -> dict[str, Any]:
    """The JSON object of SPEC §5 for one report."""
    return {
        "file": report.file,
        "report_id": report.report_id,
        "meta": {
            "unit": report.meta.unit,
            "unit_type": report.meta.unit_type,
            "year": report.meta.year,
            "secretary": report.meta.secretary,
        },
        "metrics": report.metrics,
        "mentions": [
            {
                "metric": m.metric,
                "value": m.value,
                "approx": m.approx,
                "unit_of_measure": m.unit_of_measure,
                "evidence": m.evidence,
                "start": m.start,
                "end": m.end,
            }
            for m in report.mentions
        ],
        "problems": [{"text": p.text, "categories": list(p.categories)} for p in report.problems],
        "keywords": [[t, c] for t, c in report.keywords(top_keywords)],
    }


def error_record(err: ReportError) -> dict[str, Any]:
    """The JSON object of SPEC §5 for a file that cannot be read."""
    return {"file": err.file, "error": err.message}
