"""Ingest: dedupe by content, refusals, corrections across re-ingest, stale re-analysis, and a
store that survives a killed batch and two processes writing at once."""

from __future__ import annotations

import hashlib
import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from analytics import EXTRACTOR_VERSION, pipeline
from analytics.corpus import SourceFile
from analytics.ingest import (
    IngestResult,
    IngestSummary,
    ingest_bytes,
    ingest_cli,
    ingest_sources,
    refresh_stale,
)
from analytics.records import ManifestRow
from analytics.store import Store
from analytics.tokenize import PartyTokenizer, load_tokenizer

ROOT = Path(__file__).resolve().parents[1]
UNITS = ["临江区审计局", "青山镇党委", "石桥村党支部", "东城社区党委", "市第一中学党委"]


def report_text(i: int) -> str:
    """A short report of its own kind (unit, year and figures vary with ``i``)."""
    unit = UNITS[i % len(UNITS)]
    year = 2020 + i % 5
    return (
        f"{year}年{unit}党组织书记抓基层党建工作述职报告\n"
        f"现将{year}年度本人抓基层党建工作情况报告如下：\n"
        "一、履职情况\n"
        f"（一）强化理论武装。全年召开理论学习中心组集中学习会议{10 + i % 7}次，"
        f"本人讲专题党课{2 + i % 3}次，开展主题党日活动{12 + i}次。\n"
        f"（二）严格发展党员。全年发展党员{1 + i % 4}名，预备党员按期转正{1 + i % 3}名，"
        f"培养入党积极分子{5 + i}名。\n"
        f"（三）第{i}项工作。组织党员志愿服务{20 + i}次，收缴党费{3 + i % 4}万元。\n"
        "二、存在的问题\n"
        "一是理论学习不够深入，学用结合不紧密。二是党建工作创新不足，载体不多。"
        "三是部分党员先锋模范作用发挥不充分。\n"
        "三、下一步打算\n"
        "持续加强基层组织建设，推动党建与业务深度融合。\n"
    )


def write_reports(folder: Path, indices: range, *, ext: str = ".txt") -> dict[str, Path]:
    """Write one report file per index; returns report_id → path."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for i in indices:
        data = report_text(i).encode("utf-8")
        path = folder / f"{2020 + i % 5}_{UNITS[i % len(UNITS)]}_{i:03d}{ext}"
        path.write_bytes(data)
        written[hashlib.sha256(data).hexdigest()] = path
    return written


@pytest.fixture(scope="module")
def tokenizer() -> PartyTokenizer:
    return load_tokenizer()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "data") as db:
        yield db


def assert_complete(db: Store, files: dict[str, Path], tokenizer: PartyTokenizer) -> None:
    """Every stored report has exactly the rows a fresh analysis of its file gives."""
    conn = sqlite3.connect(db.path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()
    reports = db.reports()
    assert reports["report_id"].is_unique
    for report_id in reports["report_id"]:
        path = files[report_id]
        fresh = pipeline.analyse_bytes(path.read_bytes(), path.name, tokenizer=tokenizer)
        stored = db.load_report(report_id)
        assert stored.text == fresh.text
        assert stored.mentions == fresh.mentions
        assert stored.problems == fresh.problems
        assert stored.term_counts == fresh.term_counts
    for table in (db.mentions(), db.problems(), db.terms(), db.texts()):
        assert set(table["report_id"]) <= set(reports["report_id"])


# --- one upload ----------------------------------------------------------------------------


def test_same_bytes_twice_and_a_renamed_copy_are_duplicates(
    store: Store, tokenizer: PartyTokenizer
) -> None:
    data = report_text(1).encode("utf-8")
    first = ingest_bytes(store, data, "2021_青山镇党委.txt", tokenizer=tokenizer)
    assert (first.status, first.message) == ("added", "已添加")
    assert first.report_id == hashlib.sha256(data).hexdigest()
    again = ingest_bytes(store, data, "2021_青山镇党委.txt", tokenizer=tokenizer)
    renamed = ingest_bytes(store, data, "副本 - 述职报告.txt", tokenizer=tokenizer)
    for result in (again, renamed):
        assert result.status == "duplicate"
        assert result.message == "重复：与已有报告《2021_青山镇党委.txt》内容相同，未重复导入"
        assert result.report_id == first.report_id
    assert renamed.file == "副本 - 述职报告.txt"
    assert store.count() == 1


def test_a_stored_file_is_not_parsed_again(
    store: Store, tokenizer: PartyTokenizer, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = report_text(2).encode("utf-8")
    ingest_bytes(store, data, "2022_石桥村党支部.txt", tokenizer=tokenizer)

    def must_not_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed a file that was already stored")

    monkeypatch.setattr(pipeline, "analyse_bytes", must_not_parse)
    result = ingest_bytes(store, data, "又一份.txt", tokenizer=tokenizer)
    assert result.status == "duplicate"


def test_the_same_text_in_another_encoding_is_another_file(
    store: Store, tokenizer: PartyTokenizer
) -> None:
    text = report_text(3)
    ingest_bytes(store, text.encode("utf-8"), "2023_东城社区党委.txt", tokenizer=tokenizer)
    gbk = ingest_bytes(store, text.encode("gbk"), "2023_东城社区党委.txt", tokenizer=tokenizer)
    assert gbk.status == "added", "the key is the file's bytes (SPEC): a GBK copy is new"
    assert store.count() == 2


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("空白.txt", b"", "空"),
        ("旧版.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".docx"),
        ("图片.pdf", b"%PDF-1.4\nnot really a pdf", "PDF"),
    ],
)
def test_a_refused_file_is_not_stored_and_says_why(
    store: Store, tokenizer: PartyTokenizer, name: str, data: bytes, reason: str
) -> None:
    result = ingest_bytes(store, data, name, tokenizer=tokenizer)
    assert result.status == "refused"
    assert result.report_id is None
    assert reason in result.message
    assert result.file == name
    assert store.count() == 0


def test_a_hostile_upload_name_is_made_safe(store: Store, tokenizer: PartyTokenizer) -> None:
    data = report_text(0).encode("utf-8")
    result = ingest_bytes(store, data, "../../\u202e2020_临江区审计局.txt", tokenizer=tokenizer)
    assert result.status == "added"
    row = store.reports().loc[0]
    assert row["file"] == "2020_临江区审计局.txt"
    assert (row["unit"], row["year"]) == ("临江区审计局", 2020)


def test_a_manifest_row_wins_and_survives_reanalysis(
    store: Store, tokenizer: PartyTokenizer
) -> None:
    data = report_text(4).encode("utf-8")
    manifest = ManifestRow(file="述职.txt", unit="市第一中学党委", unit_type="school", year=2019)
    ingest_bytes(
        store, data, "述职.txt", tokenizer=tokenizer, manifest=manifest, extractor_version="0"
    )
    assert refresh_stale(store, tokenizer=tokenizer, extractor_version="1") == 1
    row = store.reports().loc[0]
    assert (row["unit"], row["unit_type"], row["year"]) == ("市第一中学党委", "school", 2019)


# --- corrections across re-ingest and re-analysis ------------------------------------------


def test_corrections_survive_reingest_and_refresh(store: Store, tokenizer: PartyTokenizer) -> None:
    data = report_text(5).encode("utf-8")
    added = ingest_bytes(store, data, "述职报告.txt", tokenizer=tokenizer, extractor_version="0")
    assert added.report_id is not None
    store.correct_meta(added.report_id, unit="临江区审计局", year=2020, unit_type="agency")
    updated = ingest_bytes(store, data, "述职报告.txt", tokenizer=tokenizer, extractor_version="1")
    assert (updated.status, updated.message) == ("updated", "已更新：按新版抽取规则重新分析")
    refreshed = refresh_stale(store, tokenizer=tokenizer, extractor_version="2")
    assert refreshed == 1
    assert store.stale_reports("2") == []
    for frame in (store.reports(), store.metrics(), store.problems(), store.terms()):
        assert set(frame["unit"]) == {"临江区审计局"}
        assert set(frame["year"]) == {2020}
    assert not store.reports().loc[0, "needs_review"]


def test_refresh_stale_reanalyses_only_other_versions(
    store: Store, tokenizer: PartyTokenizer
) -> None:
    old = ingest_bytes(
        store,
        report_text(6).encode(),
        "2021_石桥村党支部.txt",
        tokenizer=tokenizer,
        extractor_version="0",
    )
    ingest_bytes(store, report_text(7).encode(), "2022_东城社区党委.txt", tokenizer=tokenizer)
    progress: list[tuple[int, int]] = []
    count = refresh_stale(
        store,
        tokenizer=tokenizer,
        on_progress=lambda done, total: progress.append((done, total)),
    )
    assert count == 1 and progress == [(1, 1)]
    assert store.stale_reports(EXTRACTOR_VERSION) == []
    assert old.report_id is not None
    fresh = pipeline.analyse_bytes(
        report_text(6).encode(), "2021_石桥村党支部.txt", tokenizer=tokenizer
    )
    assert store.load_report(old.report_id).mentions == fresh.mentions
    assert refresh_stale(store, tokenizer=tokenizer) == 0


# --- batches -------------------------------------------------------------------------------


def _sources(paths: list[Path]) -> list[SourceFile]:
    return [SourceFile(path=p, name=p.name) for p in paths]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_batch_with_copies_and_a_bad_file(
    tmp_path: Path, store: Store, tokenizer: PartyTokenizer, workers: int
) -> None:
    files = write_reports(tmp_path / "in", range(5))
    paths = sorted(files.values())
    copy = tmp_path / "in" / "sub" / "副本.txt"
    copy.parent.mkdir()
    copy.write_bytes(paths[0].read_bytes())
    bad = tmp_path / "in" / "坏文件.txt"
    bad.write_bytes(b"")
    seen: list[IngestResult] = []
    summary = ingest_sources(
        store, _sources([*paths, copy, bad]), workers=workers, on_result=seen.append
    )
    assert list(summary.results) == seen
    assert len(summary.added) == 5
    assert [r.file for r in summary.duplicate] == ["副本.txt"]
    assert (
        summary.duplicate[0].message == f"重复：与已有报告《{paths[0].name}》内容相同，未重复导入"
    )
    assert [r.file for r in summary.refused] == ["坏文件.txt"]
    assert summary.describe() == (
        "共处理 7 个文件：新增 5 份，重复 1 份（未重复导入），未能读取 1 份。"
    )
    assert_complete(store, files, tokenizer)


def test_a_second_run_parses_nothing(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = write_reports(tmp_path / "in", range(4))
    ingest_sources(store, _sources(sorted(files.values())))
    revision = store.revision()
    real = pipeline.analyse_sources

    def only_nothing(sources: list[SourceFile], **kwargs: object) -> object:
        assert list(sources) == [], "a stored file was parsed again"
        return real(sources, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "analyse_sources", only_nothing)
    summary = ingest_sources(store, _sources(sorted(files.values())))
    assert len(summary.duplicate) == 4 and not summary.added
    assert store.revision() == revision


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({}, "没有找到可导入的报告文件（支持 .txt、.docx、.pdf），请检查所选文件或文件夹"),
        ({"added": 3}, "共处理 3 个文件：新增 3 份，重复 0 份（未重复导入），未能读取 0 份。"),
        (
            {"added": 1, "updated": 2, "duplicate": 1, "refused": 1},
            "共处理 5 个文件：新增 1 份，更新 2 份，重复 1 份（未重复导入），未能读取 1 份。",
        ),
    ],
)
def test_summary_describe(counts: dict[str, int], expected: str) -> None:
    results = tuple(
        IngestResult(f"{status}{i}.txt", status, None, "")
        for status, n in counts.items()
        for i in range(n)
    )
    summary = IngestSummary(results)
    assert summary.describe() == expected
    for status, n in counts.items():
        assert len(getattr(summary, status)) == n


def test_ingest_cli_prints_problems_and_a_summary(tmp_path: Path, store: Store) -> None:
    files = write_reports(tmp_path / "in", range(3))
    (tmp_path / "in" / "空.txt").write_bytes(b"")
    out, err = io.StringIO(), io.StringIO()
    summary = ingest_cli(
        store,
        [tmp_path / "in", tmp_path / "不存在的文件夹"],
        options=pipeline.ReadOptions(),
        workers=1,
        out=out,
        err=err,
    )
    assert len(summary.added) == 3 and len(summary.refused) == 2
    lines = out.getvalue().splitlines()
    assert any(line.startswith("《空.txt》：") for line in lines)
    assert any("不存在的文件夹" in line and "找不到" in line for line in lines)
    assert lines[-1] == summary.describe()
    assert store.count() == len(files)


# --- processes -----------------------------------------------------------------------------


def _cli(data_dir: Path, *paths: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "analytics",
            "ingest",
            "--workers",
            "1",
            "--data-dir",
            str(data_dir),
            *map(str, paths),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def _stored_count(db_file: Path) -> int:
    if not db_file.exists():
        return 0
    try:
        conn = sqlite3.connect(db_file, timeout=1)
        try:
            return int(conn.execute("SELECT count(*) FROM reports").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.OperationalError:  # schema not created yet
        return 0


def test_the_command_line_ingests_and_reports_duplicates(tmp_path: Path) -> None:
    write_reports(tmp_path / "in", range(3))
    first = _cli(tmp_path / "data", tmp_path / "in")
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert out.strip().splitlines()[-1].startswith("共处理 3 个文件：新增 3 份")
    second = _cli(tmp_path / "data", tmp_path / "in")
    out, err = second.communicate(timeout=300)
    assert second.returncode == 0, err
    assert out.count("重复：与已有报告") == 3
    assert "Traceback" not in err


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL does not exist on Windows")
def test_a_batch_killed_midway_leaves_only_whole_reports(
    tmp_path: Path, tokenizer: PartyTokenizer
) -> None:
    total = 120
    files = write_reports(tmp_path / "in", range(total))
    data_dir = tmp_path / "data"
    proc = _cli(data_dir, tmp_path / "in")
    deadline = time.monotonic() + 120
    try:
        while _stored_count(data_dir / "reports.sqlite3") < 5:
            assert proc.poll() is None, "the batch ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    with Store.open(data_dir) as db:
        stored = db.count()
        assert 5 <= stored < total, "killed partway"
        assert_complete(db, files, tokenizer)
        # the batch can simply be run again: the finished files are duplicates
        summary = ingest_sources(db, _sources(sorted(files.values())))
        assert len(summary.duplicate) == stored and len(summary.added) == total - stored


def test_two_processes_on_overlapping_files_lose_nothing(
    tmp_path: Path, tokenizer: PartyTokenizer
) -> None:
    files = write_reports(tmp_path / "a", range(0, 30))
    files |= write_reports(tmp_path / "b", range(30, 45))
    overlap = tmp_path / "b" / "重叠"
    overlap.mkdir()
    for path in list(files.values())[15:30]:
        (overlap / path.name).write_bytes(path.read_bytes())
    data_dir = tmp_path / "data"
    procs = [_cli(data_dir, tmp_path / "a"), _cli(data_dir, tmp_path / "b")]
    outputs = [p.communicate(timeout=300) for p in procs]
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    with Store.open(data_dir) as db:
        assert db.count() == 45
        assert_complete(db, files, tokenizer)
