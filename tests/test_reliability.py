"""Fast versions of scripts/faults.py: a killed ingest, concurrent ingests, a racing create."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import faults  # noqa: E402  (the script's helpers)

pytestmark = pytest.mark.timeout(600)


def _stored(db: Path) -> int:
    try:
        conn = sqlite3.connect(db, timeout=5)
        try:
            return int(conn.execute("SELECT count(*) FROM reports").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_an_ingest_killed_while_writing_leaves_a_sound_store(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    total = faults.make_corpus(folder, 2)
    data_dir = tmp_path / "store"
    db = data_dir / "reports.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [*faults.ingest_command(folder, data_dir), "--workers", "1"]
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while proc.poll() is None and _stored(db) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    integrity, reports, half = faults.check_store(db)
    assert integrity == "ok"
    assert half == 0
    assert 0 < reports <= total


def test_concurrent_ingests_of_overlapping_folders_lose_no_report() -> None:
    result = faults.run_concurrent(2, 1)
    assert result["lost"] == 0
    assert result["other_failures"] == 0


def test_processes_creating_one_store_at_once_never_see_it_busy(tmp_path: Path) -> None:
    with mp.get_context("spawn").Pool(4) as pool:
        pool.map(abs, range(4))
        answers = []
        for round_ in range(3):
            at = time.time() + 0.5
            folder = str(tmp_path / f"s{round_}")
            answers += pool.starmap(faults._open_at, [(folder, at)] * 4)
    assert answers == ["ok"] * 12
