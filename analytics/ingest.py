"""Put files into the corpus store: dedupe by content, parse in workers, write from one process."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, TextIO

from tqdm import tqdm

from analytics import EXTRACTOR_VERSION, corpus, pipeline, readers
from analytics.corpus import SourceFile
from analytics.errors import ReportError
from analytics.records import ManifestRow, Report
from analytics.store import Store
from analytics.tokenize import PartyTokenizer

ADDED: Final = "added"
DUPLICATE: Final = "duplicate"
UPDATED: Final = "updated"
REFUSED: Final = "refused"

_STATUS_MESSAGES: Final[dict[str, str]] = {
    ADDED: "已添加",
    UPDATED: "已更新：按新版抽取规则重新分析",
}
_HASH_CHUNK: Final = 1 << 20
DEFAULT_OPTIONS: Final = pipeline.ReadOptions()


@dataclass(frozen=True)
class IngestResult:
    """What happened to one file."""

    file: str
    status: str  # added | duplicate | updated | refused
    report_id: str | None
    message: str  # Chinese, shown to the user

    @property
    def text(self) -> str:
        """The result as one line for people: the file name, then the message."""
        return f"《{self.file}》：{self.message}"


@dataclass(frozen=True)
class IngestSummary:
    """The results of one batch, in the order they were written."""

    results: tuple[IngestResult, ...]

    def _with(self, status: str) -> list[IngestResult]:
        return [r for r in self.results if r.status == status]

    @property
    def added(self) -> list[IngestResult]:
        return self._with(ADDED)

    @property
    def duplicate(self) -> list[IngestResult]:
        return self._with(DUPLICATE)

    @property
    def updated(self) -> list[IngestResult]:
        return self._with(UPDATED)

    @property
    def refused(self) -> list[IngestResult]:
        return self._with(REFUSED)

    def describe(self) -> str:
        """One Chinese sentence summing the batch up."""
        if not self.results:
            return "没有找到可导入的报告文件（支持 .txt、.docx、.pdf），请检查所选文件或文件夹"
        parts = [f"新增 {len(self.added)} 份"]
        if self.updated:
            parts.append(f"更新 {len(self.updated)} 份")
        parts.append(f"重复 {len(self.duplicate)} 份（未重复导入）")
        parts.append(f"未能读取 {len(self.refused)} 份")
        return f"共处理 {len(self.results)} 个文件：" + "，".join(parts) + "。"


def duplicate_message(stored_file: str) -> str:
    """The message for a file whose content is already in the corpus."""
    return f"重复：与已有报告《{stored_file}》内容相同，未重复导入"


def _stored_duplicate(
    store: Store, report_id: str, file: str, extractor_version: str
) -> IngestResult | None:
    """A duplicate result when these bytes are already stored by this extractor version."""
    if store.stored_version(report_id) != extractor_version:
        return None
    stored = store.stored_file(report_id) or file
    return IngestResult(file, DUPLICATE, report_id, duplicate_message(stored))


def _store_report(
    store: Store,
    report: Report,
    *,
    extractor_version: str,
    original_name: str | None,
    manifest: ManifestRow | None,
) -> IngestResult:
    status = store.add_report(
        report,
        extractor_version=extractor_version,
        original_name=original_name,
        manifest=manifest,
    )
    if status == DUPLICATE:  # another process stored the same bytes meanwhile
        stored = store.stored_file(report.report_id) or report.file
        return IngestResult(report.file, status, report.report_id, duplicate_message(stored))
    return IngestResult(report.file, status, report.report_id, _STATUS_MESSAGES[status])


def _refused(err: ReportError, file: str) -> IngestResult:
    return IngestResult(err.file or file, REFUSED, None, err.message)


def ingest_bytes(
    store: Store,
    data: bytes,
    name: str,
    *,
    tokenizer: PartyTokenizer,
    manifest: ManifestRow | None = None,
    options: pipeline.ReadOptions = DEFAULT_OPTIONS,
    extractor_version: str = EXTRACTOR_VERSION,
) -> IngestResult:
    """Add one uploaded file; identical bytes already stored are not parsed again."""
    file = readers.safe_name(name)
    report_id = pipeline.report_id(data)
    known = _stored_duplicate(store, report_id, file, extractor_version)
    if known is not None:
        return known
    try:
        report = pipeline.analyse_bytes(
            data, file, tokenizer=tokenizer, manifest=manifest, options=options
        )
    except ReportError as err:
        return _refused(err, file)
    return _store_report(
        store,
        report,
        extractor_version=extractor_version,
        original_name=name,
        manifest=manifest,
    )


def _file_hash(path: Path, max_bytes: int) -> str | None:
    """SHA-256 of a file, or None when it is too large or unreadable (its reader will say why)."""
    try:
        if path.stat().st_size > max_bytes:
            return None
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(_HASH_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def ingest_sources(
    store: Store,
    sources: Sequence[SourceFile],
    *,
    workers: int = 1,
    options: pipeline.ReadOptions = DEFAULT_OPTIONS,
    on_result: Callable[[IngestResult], None] | None = None,
    extractor_version: str = EXTRACTOR_VERSION,
) -> IngestSummary:
    """Add files found on disk: parse in worker processes, write from this process only.

    Files whose bytes are already stored (or appear earlier in the batch) are not parsed.
    Each file is written in its own transaction, so an interrupted batch keeps what it finished.
    """
    results: list[IngestResult] = []

    def emit(result: IngestResult) -> None:
        results.append(result)
        if on_result is not None:
            on_result(result)

    to_parse: list[SourceFile] = []
    digests: list[str | None] = []  # per file to parse
    copies: dict[str, list[SourceFile]] = {}  # digest → later files of the batch with its bytes
    for source in sources:
        digest = _file_hash(source.path, options.max_bytes)
        if digest is not None and digest in copies:
            copies[digest].append(source)
            continue
        if digest is not None:
            known = _stored_duplicate(store, digest, source.name, extractor_version)
            if known is not None:
                emit(known)
                continue
            copies[digest] = []
        to_parse.append(source)
        digests.append(digest)

    parsed = pipeline.analyse_sources(to_parse, workers=workers, options=options)
    for source, digest, outcome in zip(to_parse, digests, parsed, strict=True):
        if isinstance(outcome, Report):
            result = _store_report(
                store,
                outcome,
                extractor_version=extractor_version,
                original_name=None,
                manifest=source.manifest,
            )
        else:
            result = _refused(outcome, source.name)
        emit(result)
        for copy in copies.get(digest or "", []):
            if result.status == REFUSED:
                emit(IngestResult(copy.name, REFUSED, None, result.message))
            else:
                stored = store.stored_file(result.report_id or "") or result.file
                emit(
                    IngestResult(copy.name, DUPLICATE, result.report_id, duplicate_message(stored))
                )
    return IngestSummary(tuple(results))


def ingest_cli(
    store: Store,
    paths: Iterable[Path],
    *,
    options: pipeline.ReadOptions,
    workers: int,
    out: TextIO,
    err: TextIO,
) -> IngestSummary:
    """The ``ingest`` command: progress bar on ``err``; problems and a summary on ``out``."""
    sources, problems = corpus.discover(list(paths))
    refused = [_refused(problem, problem.file) for problem in problems]
    with tqdm(
        total=len(sources), file=err, unit="份", desc="导入", disable=None, leave=False
    ) as bar:
        summary = ingest_sources(
            store,
            sources,
            workers=workers,
            options=options,
            on_result=lambda _result: bar.update(1),
        )
    summary = IngestSummary((*refused, *summary.results))
    for result in summary.results:
        if result.status in (REFUSED, DUPLICATE):
            print(result.text, file=out)
    print(summary.describe(), file=out)
    out.flush()
    return summary


def refresh_stale(
    store: Store,
    *,
    tokenizer: PartyTokenizer,
    extractor_version: str = EXTRACTOR_VERSION,
    on_progress: Callable[[int, int], None] | None = None,
) -> int:
    """Re-analyse, from the stored text, every report made by another extractor version.

    Returns how many reports were refreshed. The user's metadata corrections are kept.
    ``on_progress(done, total)`` is called after each report.
    """
    stale = store.stale_reports(extractor_version)
    refreshed = 0
    for done, report_id in enumerate(stale, start=1):
        try:
            file, document, manifest = store.stored_document(report_id)
            report = pipeline.analyse_document(
                document, file=file, report_id=report_id, tokenizer=tokenizer, manifest=manifest
            )
        except ReportError:  # deleted meanwhile: nothing to refresh
            report = None
        if report is not None:
            store.add_report(report, extractor_version=extractor_version, manifest=manifest)
            refreshed += 1
        if on_progress is not None:
            on_progress(done, len(stale))
    return refreshed
