"""Long fuzz runs: random bytes and mutated sample .txt/.docx/.pdf through the whole analysis.

Each input goes through ``read_document`` and the whole per-file analysis (sections, metadata,
metrics, problems, keywords), then the SPEC JSON (``allow_nan=False``); every 20th report is
also written to a store and read back as tables. The analysis runs in a child process that is
killed after ``--timeout`` seconds (a hang) and restarted. A crash is any exception other than
``ReportError`` (a refusal with a Chinese message), or the child dying.

Usage: python scripts/fuzz.py --inputs 100000 [--seed 1] [--timeout 60] [--save-dir DIR]
Prints tried / refused / crashes / hangs and the slowest files; saves crashing and hanging
inputs (and the slowest) to ``--save-dir`` so they can be replayed.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

STORE_EVERY = 20


def _child(conn: Connection) -> None:
    """Worker: (data, name) in, (status, seconds, detail) out, until the pipe closes."""
    from analytics import pipeline
    from analytics.errors import ReportError
    from analytics.store import Store
    from analytics.tokenize import load_tokenizer

    tokenizer = load_tokenizer()
    folder = tempfile.mkdtemp(prefix="fuzz-store-")
    store = Store.open(Path(folder))
    done = 0
    while True:
        try:
            data, name = conn.recv()
        except EOFError:
            return
        start = time.perf_counter()
        try:
            report = pipeline.analyse_bytes(data, name, tokenizer=tokenizer)
            json.dumps(pipeline.extract_record(report), allow_nan=False, ensure_ascii=False)
            done += 1
            if done % STORE_EVERY == 0:
                store.add_report(report, extractor_version="fuzz", original_name=name)
                store.reports()
                store.metrics()
                store.delete_report(report.report_id)
            result: tuple[str, float, str] = ("ok", time.perf_counter() - start, "")
        except ReportError as err:
            result = ("refused", time.perf_counter() - start, err.message)
        except Exception:  # a crash: anything but a refusal
            result = ("crash", time.perf_counter() - start, traceback.format_exc(limit=6))
        conn.send(result)


class Worker:
    """A child process that analyses one input at a time, killed when it takes too long."""

    def __init__(self) -> None:
        self._ctx = mp.get_context("spawn")
        self._start()

    def _start(self) -> None:
        self._conn, child_conn = self._ctx.Pipe()
        self._proc = self._ctx.Process(target=_child, args=(child_conn,), daemon=True)
        self._proc.start()
        child_conn.close()

    def run(self, data: bytes, name: str, timeout: float) -> tuple[str, float, str]:
        start = time.perf_counter()
        try:
            self._conn.send((data, name))
            if self._conn.poll(timeout):
                status, seconds, detail = self._conn.recv()
                return str(status), float(seconds), str(detail)
            status, detail = "hang", f"killed after {timeout:g} s"
        except (EOFError, OSError, BrokenPipeError):
            status, detail = "crash", f"worker died (exit code {self._proc.exitcode})"
        self._proc.kill()
        self._proc.join()
        self._start()
        return status, time.perf_counter() - start, detail

    def close(self) -> None:
        self._conn.close()
        self._proc.join(timeout=10)
        if self._proc.is_alive():
            self._proc.kill()


def main(argv: list[str] | None = None) -> int:
    import fuzz_inputs

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before a hang")
    parser.add_argument("--save-dir", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None, help="write the summary here")
    parser.add_argument("--progress", type=int, default=1000)
    args = parser.parse_args(argv)

    signal.signal(signal.SIGTERM, _interrupt)  # a terminated run still prints its summary
    worker = Worker()
    tried = 0
    statuses: Counter[str] = Counter()
    by_kind: dict[str, Counter[str]] = {}
    slowest: list[tuple[float, int, str, int]] = []  # seconds, index, kind, size
    problems: list[dict[str, Any]] = []
    began = time.time()
    try:
        for i in range(args.inputs):
            rng = random.Random(f"{args.seed}:{i}")
            item = fuzz_inputs.any_input(rng)
            status, seconds, detail = worker.run(item.data, item.name, args.timeout)
            tried += 1
            statuses[status] += 1
            by_kind.setdefault(item.kind.split(":")[0], Counter())[status] += 1
            slowest.append((seconds, i, item.kind, len(item.data)))
            slowest = sorted(slowest, reverse=True)[:10]
            if status in ("crash", "hang"):
                problems.append({"index": i, "kind": item.kind, "status": status, "detail": detail})
                print(f"[{status}] input {i} ({item.kind}, {len(item.data)} bytes): {detail}")
                _save(args.save_dir, f"{status}-{i}-{item.name}", item.data)
            if args.progress and tried % args.progress == 0:
                print(
                    f"... {tried} tried, {dict(statuses)}, {time.time() - began:.0f} s",
                    flush=True,
                )
    except KeyboardInterrupt:
        print("interrupted", flush=True)
    finally:
        worker.close()

    for seconds, i, _kind, _size in slowest[:3]:  # the slowest inputs, rebuilt to be kept
        item = fuzz_inputs.any_input(random.Random(f"{args.seed}:{i}"))
        _save(args.save_dir, f"slow-{i}-{seconds:.2f}s-{item.name}", item.data)
    summary = {
        "seed": args.seed,
        "tried": tried,
        "ok": statuses["ok"],
        "refused": statuses["refused"],
        "crashes": statuses["crash"],
        "hangs": statuses["hang"],
        "by_kind": {k: dict(v) for k, v in sorted(by_kind.items())},
        "slowest": [
            {"index": i, "kind": k, "bytes": n, "seconds": round(s, 3)} for s, i, k, n in slowest
        ],
        "problems": problems,
        "wall_seconds": round(time.time() - began, 1),
    }
    print(
        f"tried {tried}  refused {summary['refused']}  crashes {summary['crashes']}  "
        f"hangs {summary['hangs']}  ({summary['wall_seconds']} s)"
    )
    for kind, counts in summary["by_kind"].items():
        print(f"  {kind}: {counts}")
    print("slowest files:")
    for row in summary["slowest"]:
        print(f"  input {row['index']} ({row['kind']}, {row['bytes']} bytes): {row['seconds']} s")
    if args.json is not None:
        args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    return 1 if summary["crashes"] or summary["hangs"] else 0


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def _save(folder: Path | None, name: str, data: bytes) -> None:
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)


if __name__ == "__main__":
    sys.exit(main())
