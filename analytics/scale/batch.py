"""Analyse many files on a Dask cluster and write each table as partitioned Parquet."""

from __future__ import annotations

import importlib
import os
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import pandas as pd

from analytics import EXTRACTOR_VERSION, pipeline, tables
from analytics.errors import ReportError
from analytics.records import Report
from analytics.scale import sources
from analytics.scale.sources import Job
from analytics.tokenize import load_tokenizer

TABLES: Final = ("reports", "mentions", "problems", "terms", "texts", "refused")
REFUSED_COLUMNS: Final = ("report_id", "file", "location", "error", "part")
DEFAULT_PARTITION_FILES: Final = 200
DEFAULT_OPTIONS: Final = pipeline.ReadOptions()


@dataclass(frozen=True)
class PartResult:
    """What one partition did: reports written, skipped as already done, refused."""

    written: int = 0
    skipped: int = 0
    refused: int = 0


@dataclass(frozen=True)
class BatchSummary:
    """A whole run: files found, reports written, skipped, refused, partitions, wall time."""

    files: int
    written: int
    skipped: int
    refused: int
    partitions: int
    seconds: float
    derived_seconds: float = 0.0


def done_reports(out: Path, *, extractor_version: str = EXTRACTOR_VERSION) -> frozenset[str]:
    """Report ids already written under ``out`` by this extractor version."""
    folder = out / "reports"
    if not any(folder.glob("*.parquet")):
        return frozenset()
    import duckdb

    with duckdb.connect() as con:
        rows = con.execute(
            f"SELECT DISTINCT report_id FROM read_parquet('{_glob(folder)}', union_by_name = true)"
            " WHERE extractor_version = $v",
            {"v": extractor_version},
        ).fetchall()
    return frozenset(str(r[0]) for r in rows)


def _glob(folder: Path) -> str:
    return str(folder / "*.parquet").replace("'", "''")


def report_tables(
    reports: Sequence[Report], *, part: str, extractor_version: str, locations: Sequence[str]
) -> dict[str, pd.DataFrame]:
    """The Parquet tables of analysed reports: the store's frames plus part and version columns."""
    frames = {
        "reports": tables.reports_frame(reports).assign(
            extractor_version=extractor_version, location=list(locations)
        ),
        "mentions": tables.mentions_frame(reports),
        "problems": tables.problems_frame(reports),
        "terms": tables.terms_frame(reports),
        "texts": pd.DataFrame(
            {"report_id": [r.report_id for r in reports], "text": [r.text for r in reports]}
        ),
    }
    return {name: frame.assign(part=part) for name, frame in frames.items()}


def _write(frame: pd.DataFrame, path: Path) -> None:
    """Write one Parquet file atomically (a partial file never has the final name)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    frame.to_parquet(tmp, engine="pyarrow", index=False, compression="zstd")
    os.replace(tmp, path)


def process_partition(
    jobs: Sequence[Job],
    *,
    out: str,
    part: str,
    done: frozenset[str],
    options: pipeline.ReadOptions,
    extractor_version: str,
) -> PartResult:
    """Analyse one partition's files with the per-report pipeline and write its Parquet files.

    Runs on a Dask worker (or anywhere): the tokenizer is loaded once per process. Reports whose
    bytes are already written by this extractor version are skipped; a refused file becomes a
    row of the ``refused`` table and the partition goes on.
    """
    tokenizer = load_tokenizer()
    reports: list[Report] = []
    locations: list[str] = []
    refused: list[tuple[str | None, str, str, str, str]] = []
    seen: set[str] = set()
    skipped = 0
    for job in jobs:
        rid: str | None = None
        try:
            data = sources.read_bytes(job, max_bytes=options.max_bytes)
            rid = pipeline.report_id(data)
            if rid in done or rid in seen:
                skipped += 1
                continue
            seen.add(rid)
            reports.append(
                pipeline.analyse_bytes(
                    data, job.name, tokenizer=tokenizer, manifest=job.manifest, options=options
                )
            )
            locations.append(job.location)
        except ReportError as err:
            refused.append((rid, job.name, job.location, err.message, part))
    root = Path(out)
    if reports:
        for name, frame in report_tables(
            reports, part=part, extractor_version=extractor_version, locations=locations
        ).items():
            _write(frame, root / name / f"part-{part}.parquet")
    if refused:
        _write(
            pd.DataFrame(refused, columns=list(REFUSED_COLUMNS)),
            root / "refused" / f"part-{part}.parquet",
        )
    return PartResult(written=len(reports), skipped=skipped, refused=len(refused))


def write_derived(out: Path, *, extractor_version: str = EXTRACTOR_VERSION) -> list[Path]:
    """Compute the tables over the whole dataset once, after the partitions are written.

    Repeated problems compare a unit's reports of consecutive years, so they cannot be found
    report by report; the table values and the long form of categories are what every page
    starts from. The dashboard reads these files instead of computing them on every start.
    Older derived files (of earlier partitions) are removed once the new ones are in place.
    """
    from analytics.scale.dataset import DERIVED_TABLES, Dataset

    written = []
    with Dataset(out, extractor_version=extractor_version) as ds:
        for name in DERIVED_TABLES:
            path = ds.derived_path(name)
            if not path.is_file():
                _write(ds.compute_derived(name), path)
            for old in path.parent.glob(f"{name}-*.parquet"):
                if old != path:
                    old.unlink(missing_ok=True)
            written.append(path)
    return written


def _partitions(jobs: Sequence[Job], size: int) -> list[list[Job]]:
    return [list(jobs[i : i + size]) for i in range(0, len(jobs), size)]


def run_batch(
    locations: Sequence[str],
    out: Path,
    *,
    scheduler: str | None = None,
    workers: int = 1,
    partition_files: int = DEFAULT_PARTITION_FILES,
    options: pipeline.ReadOptions = DEFAULT_OPTIONS,
    extractor_version: str = EXTRACTOR_VERSION,
    on_progress: Callable[[int, int], None] | None = None,
) -> BatchSummary:
    """Analyse every file under ``locations`` on a Dask cluster and write Parquet under ``out``.

    ``scheduler`` is a running cluster's address (``tcp://host:8786``); without one a
    LocalCluster of ``workers`` single-threaded processes is started for the run. Files that
    cannot be found at all are written to ``refused`` too. A rerun skips what is written.
    """
    # dask.distributed ships without type hints for these entry points.
    distributed: Any = importlib.import_module("dask.distributed")

    started = time.perf_counter()
    jobs, problems = sources.discover(list(locations))
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + secrets.token_hex(3)
    if problems:
        _write(
            pd.DataFrame(
                [(None, p.file, p.file, p.message, f"{stamp}-discover") for p in problems],
                columns=list(REFUSED_COLUMNS),
            ),
            out / "refused" / f"part-{stamp}-discover.parquet",
        )
    done = done_reports(out, extractor_version=extractor_version)
    parts = _partitions(jobs, max(1, partition_files))
    cluster: Any = None
    if scheduler is None:
        cluster = distributed.LocalCluster(
            n_workers=max(1, workers),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=40,
        )
    client = distributed.Client(scheduler or cluster)
    results: list[PartResult] = []
    try:
        # One copy of the done set per worker (scatter of a list: the set is one item).
        shared_done = client.scatter([done], broadcast=True)[0] if done else done
        futures = [
            client.submit(
                process_partition,
                part_jobs,
                out=str(out),
                part=f"{stamp}-{i:06d}",
                done=shared_done,
                options=options,
                extractor_version=extractor_version,
                pure=False,
            )
            for i, part_jobs in enumerate(parts)
        ]
        for future in distributed.as_completed(futures):
            results.append(future.result())
            if on_progress is not None:
                on_progress(len(results), len(futures))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    derived = time.perf_counter()
    write_derived(out, extractor_version=extractor_version)
    finished = time.perf_counter()
    return BatchSummary(
        files=len(jobs),
        written=sum(r.written for r in results),
        skipped=sum(r.skipped for r in results),
        refused=sum(r.refused for r in results) + len(problems),
        partitions=len(parts),
        seconds=round(finished - started, 2),
        derived_seconds=round(finished - derived, 2),
    )
