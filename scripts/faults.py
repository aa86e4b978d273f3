"""Faults and concurrency of the corpus store, as figures anyone can rerun.

    python scripts/faults.py kill --rounds 60          # SIGKILL `ingest` at random moments
    python scripts/faults.py concurrent --procs 2 4 8 --rounds 10
    python scripts/faults.py create --procs 8 --rounds 20   # many processes open one new store

``kill``: a folder of distinct reports is ingested by ``python -m analytics ingest`` into one
store, the process is killed with SIGKILL after a random delay, then the store is checked:
``PRAGMA integrity_check`` answers ok and no report is half written (every report row has its
text of the recorded length and its keyword rows). ``concurrent``: N processes ingest
overlapping folders into one new store at the same moment; afterwards every distinct report is
stored once (reports lost = distinct files − stored reports) and the 语料库正忙 answers are
counted. ``create``: N processes open one new store at the same moment.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_reports"
sys.path.insert(0, str(ROOT))

BUSY = "语料库正忙"


def make_corpus(folder: Path, copies: int) -> int:
    """Distinct .txt/.docx reports (a sample with a numbered line appended); returns the count."""
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    for k in range(copies):
        for path in sorted(SAMPLES.glob("*.txt")):
            data = path.read_bytes()
            codec = "utf-8"
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                codec = "gb18030"
            extra = f"\n附：第{k}份副本。\n".encode(codec)
            (folder / f"{k:03d}_{path.name}").write_bytes(data + extra)
            n += 1
    return n


def ingest_command(folder: Path, data_dir: Path) -> list[str]:
    return [sys.executable, "-m", "analytics", "ingest", str(folder), "--data-dir", str(data_dir)]


def check_store(db: Path) -> tuple[str, int, int]:
    """(integrity_check answer, reports, half-written reports)."""
    conn = sqlite3.connect(db)
    try:
        integrity = str(conn.execute("PRAGMA integrity_check").fetchone()[0])
        reports = int(conn.execute("SELECT count(*) FROM reports").fetchone()[0])
        half = int(
            conn.execute(
                "SELECT count(*) FROM reports r LEFT JOIN texts t ON t.rid = r.id "
                "WHERE t.text IS NULL OR length(t.text) != r.chars "
                "OR NOT EXISTS (SELECT 1 FROM terms WHERE terms.rid = r.id)"
            ).fetchone()[0]
        )
    finally:
        conn.close()
    return integrity, reports, half


def _count_reports(db: Path) -> int | None:
    """Reports visible in the store now (None while it does not exist or cannot be read)."""
    if not db.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.2)
        try:
            return int(conn.execute("SELECT count(*) FROM reports").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def _timing_run(folder: Path, data_dir: Path, env: dict[str, str]) -> tuple[float, float, float]:
    """One whole ingest, polled: (seconds to the first stored report, to the last, in all)."""
    db = data_dir / "reports.sqlite3"
    began = time.perf_counter()
    proc = subprocess.Popen(
        ingest_command(folder, data_dir),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    first = last = 0.0
    seen = 0
    while proc.poll() is None:
        count = _count_reports(db) or 0
        now = time.perf_counter() - began
        if count and not first:
            first = now
        if count > seen:
            seen, last = count, now
        time.sleep(0.02)
    whole = time.perf_counter() - began
    return first or whole, max(last, first) or whole, whole


def run_kill(rounds: int, seed: int, *, copies: int = 20) -> dict[str, int | float]:
    """Kill ``ingest`` at random moments, most of them while it writes reports into the store.

    A timing run first finds the write window (from the first stored report to the last);
    four rounds in five kill at a moment inside it, the others anywhere from start-up on.
    Each round's store is classed by what the kill left: no store yet, an empty store, part
    of the reports (killed mid-write), all of them (the ingest had finished writing).
    """
    rng = random.Random(seed)
    work = Path(tempfile.mkdtemp(prefix="faults-kill-"))
    folder = work / "in"
    total = make_corpus(folder, copies)
    data_dir = work / "store"
    failures = half_total = killed = 0
    outcomes = {"no_store": 0, "empty": 0, "partial": 0, "complete": 0}
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    first, last, whole = _timing_run(folder, work / "timing", env)
    print(
        f"a whole ingest of {total} files takes {whole:.1f} s; "
        f"reports are written from {first:.1f} s to {last:.1f} s"
    )
    for r in range(rounds):
        shutil.rmtree(data_dir, ignore_errors=True)  # every round starts from an empty store
        mid_write = rng.random() < 0.8
        delay = rng.uniform(first, last) if mid_write else rng.uniform(0.3, whole)
        proc = subprocess.Popen(
            ingest_command(folder, data_dir),
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.wait()
        db = data_dir / "reports.sqlite3"
        if not db.exists():
            outcomes["no_store"] += 1
            print(f"round {r + 1}: killed at {delay:.1f} s, before the store existed")
            continue
        integrity, reports, half = check_store(db)
        failures += integrity != "ok"
        half_total += half
        kind = "empty" if reports == 0 else "complete" if reports == total else "partial"
        outcomes[kind] += 1
        print(
            f"round {r + 1}: killed at {delay:.1f} s, integrity {integrity}, "
            f"reports {reports}/{total}, half {half}"
        )
    shutil.rmtree(work, ignore_errors=True)
    return {
        "rounds": rounds,
        "files": total,
        "whole_ingest_seconds": round(whole, 1),
        "write_window_seconds": f"{first:.1f}-{last:.1f}",
        "killed_before_the_end": killed,
        **{f"store_{k}": v for k, v in outcomes.items()},
        "integrity_failures": failures,
        "half_reports": half_total,
    }  # type: ignore[dict-item]


def run_concurrent(procs: int, rounds: int) -> dict[str, int]:
    work = Path(tempfile.mkdtemp(prefix="faults-conc-"))
    corpus = work / "all"
    total = make_corpus(corpus, 1)
    files = sorted(corpus.iterdir())
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    lost = busy = failed = 0
    for r in range(rounds):
        # Each process gets a different, overlapping two-thirds of the files.
        folders = []
        for p in range(procs):
            folder = work / f"r{r}p{p}"
            folder.mkdir()
            for i, path in enumerate(files):
                if (i + p) % 3 != 0:
                    shutil.copy(path, folder / path.name)
            folders.append(folder)
        covered = {path.name for path in files if any((f / path.name).exists() for f in folders)}
        data_dir = work / f"store{r}"
        running = [
            subprocess.Popen(
                ingest_command(folder, data_dir),
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
            for folder in folders
        ]
        for proc in running:
            out, _ = proc.communicate()
            text = out.decode("utf-8", "replace")
            busy += text.count(BUSY)
            failed += proc.returncode not in (0, None) and BUSY not in text
        _integrity, reports, _half = check_store(data_dir / "reports.sqlite3")
        lost += len(covered) - reports
        print(f"{procs} processes, round {r + 1}: stored {reports}/{len(covered)}, busy {busy}")
    shutil.rmtree(work, ignore_errors=True)
    return {
        "processes": procs,
        "rounds": rounds,
        "files": total,
        "lost": lost,
        "busy": busy,
        "other_failures": failed,
    }


def _open_at(folder: str, at: float) -> str:
    from analytics.errors import ReportError
    from analytics.store import Store

    while time.time() < at:
        pass
    try:
        Store.open(Path(folder)).close()
        return "ok"
    except ReportError as err:
        return err.message


def run_create(procs: int, rounds: int) -> dict[str, int]:
    import multiprocessing as mp

    busy = 0
    with mp.get_context("spawn").Pool(procs) as pool:
        pool.map(abs, range(procs))  # warm the workers up (imports)
        for _ in range(rounds):
            folder = tempfile.mkdtemp(prefix="faults-create-")
            at = time.time() + 0.5
            answers = pool.starmap(_open_at, [(folder, at)] * procs)
            busy += sum(BUSY in a for a in answers)
            shutil.rmtree(folder, ignore_errors=True)
    return {"processes": procs, "rounds": rounds, "opens": procs * rounds, "busy": busy}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_kill = sub.add_parser("kill")
    p_kill.add_argument("--rounds", type=int, default=50)
    p_kill.add_argument("--seed", type=int, default=1)
    p_kill.add_argument("--copies", type=int, default=20, help="copies of the sample corpus")
    p_conc = sub.add_parser("concurrent")
    p_conc.add_argument("--procs", type=int, nargs="+", default=[2, 4, 8])
    p_conc.add_argument("--rounds", type=int, default=10)
    p_create = sub.add_parser("create")
    p_create.add_argument("--procs", type=int, default=8)
    p_create.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args(argv)
    bad = False
    if args.command == "kill":
        result = run_kill(args.rounds, args.seed, copies=args.copies)
        print(result)
        bad = bool(result["integrity_failures"] or result["half_reports"])
    elif args.command == "concurrent":
        for procs in args.procs:
            result = run_concurrent(procs, args.rounds)
            print(result)
            bad = bad or bool(result["lost"] or result["other_failures"])
    else:
        result = run_create(args.procs, args.rounds)
        print(result)
        bad = bool(result["busy"])
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
