"""The `python -m analytics` command line: the SPEC §5 JSON Lines contract and exit statuses."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from analytics import schema

ROOT = Path(__file__).resolve().parents[1]

REPORT_TEXT = (
    "2023年临江区审计局党组书记抓基层党建工作述职报告\n"
    "现将2023年度抓基层党建工作情况报告如下：\n"
    "一、履职情况\n"
    "（一）加强理论武装。全年组织党组理论学习中心组集中学习12次，讲党课4次。\n"
    "（二）加强队伍建设。全年发展党员3名，预备党员转正2名。\n"
    "二、存在的问题\n"
    "一是理论学习不够深入，学用结合不紧密。二是党建工作创新不足，方法单一。\n"
    "三、下一步打算\n"
    "计划发展党员5名，力争党建工作再上新台阶。\n"
)


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "analytics", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=300,
    )


def records(result: subprocess.CompletedProcess[str]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_extract_prints_one_contract_object_per_report(tmp_path: Path) -> None:
    path = tmp_path / "2023_临江区审计局.txt"
    path.write_text(REPORT_TEXT, encoding="utf-8")
    result = run_cli("extract", path)
    assert result.returncode == 0, result.stderr
    (record,) = records(result)
    assert set(record) == {
        "file",
        "report_id",
        "meta",
        "metrics",
        "mentions",
        "problems",
        "keywords",
    }
    assert record["file"] == "2023_临江区审计局.txt"
    assert record["report_id"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert record["meta"] == {
        "unit": "临江区审计局",
        "unit_type": "agency",
        "year": 2023,
        "secretary": None,
    }
    assert record["metrics"] == {
        "theory_group_sessions": 12,
        "party_lectures": 4,
        "members_admitted": 3,
        "members_confirmed": 2,
    }
    for mention in record["mentions"]:
        assert set(mention) == {
            "metric",
            "value",
            "approx",
            "unit_of_measure",
            "evidence",
            "start",
            "end",
        }
        assert mention["metric"] in schema.METRIC_KEYS
        assert str(mention["value"]) in mention["evidence"]
    categories = {c for p in record["problems"] for c in p["categories"]}
    assert {"theory_study", "innovation"} <= categories
    assert all(set(p) == {"text", "categories"} for p in record["problems"])
    assert record["keywords"] and len(record["keywords"]) <= 50
    assert all(isinstance(t, str) and isinstance(c, int) for t, c in record["keywords"])


def test_a_refused_file_gives_an_error_line_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "2023_临江区审计局.txt").write_text(REPORT_TEXT, encoding="utf-8")
    (tmp_path / "空文件.txt").write_bytes(b"")
    (tmp_path / "旧格式.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    result = run_cli("extract", tmp_path)
    assert result.returncode == 1
    by_file = {r["file"]: r for r in records(result)}
    assert set(by_file) == {"2023_临江区审计局.txt", "空文件.txt", "旧格式.doc"}
    assert "metrics" in by_file["2023_临江区审计局.txt"]
    assert set(by_file["空文件.txt"]) == {"file", "error"}
    assert "空" in by_file["空文件.txt"]["error"]
    assert ".docx" in by_file["旧格式.doc"]["error"]
    assert "空文件.txt" in result.stderr and "旧格式.doc" in result.stderr
    assert "Traceback" not in result.stderr


def test_gbk_and_utf8_copies_give_the_same_figures(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "2023_临江区审计局.txt").write_bytes(REPORT_TEXT.encode("utf-8"))
    (tmp_path / "b" / "2023_临江区审计局.txt").write_bytes(REPORT_TEXT.encode("gbk"))
    result = run_cli("extract", tmp_path / "a", tmp_path / "b")
    assert result.returncode == 0, result.stderr
    first, second = records(result)
    assert first["report_id"] != second["report_id"]
    for key in ("meta", "metrics", "mentions", "problems", "keywords"):
        assert first[key] == second[key]


@pytest.mark.parametrize(
    "args",
    [(), ("extract",), ("nonsense",), ("extract", "--no-such-option", "x.txt")],
    ids=["no-command", "no-path", "unknown-command", "unknown-option"],
)
def test_usage_errors_exit_with_status_2(args: tuple[str, ...]) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    assert result.stdout == ""


def test_a_missing_path_is_refused_with_status_1(tmp_path: Path) -> None:
    result = run_cli("extract", tmp_path / "不存在.txt")
    assert result.returncode == 1
    (record,) = records(result)
    assert set(record) == {"file", "error"}
    assert "Traceback" not in result.stderr


def test_extract_on_the_real_seeds_gives_the_expected_figures(seeds_dir: Path) -> None:
    expected = json.loads((seeds_dir / "expected.json").read_text(encoding="utf-8"))["reports"]
    result = run_cli("extract", seeds_dir)
    assert result.returncode == 0, result.stderr
    got = {r["file"]: r for r in records(result)}
    assert set(got) == set(expected)
    for name, gold in expected.items():
        record = got[name]
        assert gold["meta"]["unit_contains"] in record["meta"]["unit"]
        assert record["meta"]["unit_type"] == gold["meta"]["unit_type"]
        assert record["meta"]["year"] == gold["meta"]["year"]
        for key, value in gold["metrics"].items():
            assert record["metrics"].get(key) == value, (name, key)
        for key, value in gold["optional"].items():
            assert record["metrics"].get(key, value) == value, (name, key)
        assert not set(record["metrics"].values()) & set(gold["never"]), name
        categories = {c for p in record["problems"] for c in p["categories"]}
        assert categories == set(gold["problem_categories"]), name
        assert len(record["problems"]) >= gold["problem_items_min"]
