"""Review flags on metadata: stored with each report, answered by a correction, kept by upgrades."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics import EXTRACTOR_VERSION, ingest, schema, tables
from analytics.errors import ReportError
from analytics.evaluate import Prediction, format_result, score_all
from analytics.records import (
    REASON_UNIT_FREQUENCY,
    REASON_UNIT_UNKNOWN,
    REASON_YEAR_DATE,
    REASON_YEAR_UNKNOWN,
    UNKNOWN_UNIT,
    Meta,
    Report,
    review_field,
)
from analytics.store import SCHEMA_VERSION, Store
from analytics.tokenize import load_tokenizer

# A store written by the first released version (schema 1), also used by tests/test_store.py.
V1_STORE = Path(__file__).parent / "data" / "store_v1" / "reports.sqlite3"

# A township report whose unit is only stated often, and whose year is only its date line.
WEAK = (
    "抓基层党建工作述职报告\n（2024年1月）\n"
    "一年来，我镇坚持党建引领。青石镇党委班子团结协作，青石镇新建党群服务中心2个。\n"
    "全镇发展党员6名，我镇党员队伍结构持续优化。\n"
)


def _report(text: str, meta: Meta, *, file: str = "x.txt") -> Report:
    return Report(
        report_id=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        file=file,
        format="txt",
        text=text,
        meta=meta,
    )


@pytest.mark.parametrize(
    ("reason", "field"),
    [
        ("单位未识别", "unit"),
        ("单位仅据正文词频推断", "unit"),
        ("单位名称已匿名", "unit"),
        ("单位类型未识别", "unit_type"),
        ("年度未识别", "year"),
        ("年度仅据页眉或落款日期推断", "year"),
    ],
)
def test_each_reason_concerns_one_field(reason: str, field: str) -> None:
    assert review_field(reason) == field


def test_weak_cues_are_stored_and_each_correction_answers_its_own_field(tmp_path: Path) -> None:
    meta = Meta("青石镇", "township", 2023, None, (REASON_UNIT_FREQUENCY, REASON_YEAR_DATE))
    report = _report(WEAK, meta)
    with Store.open(tmp_path) as db:
        db.add_report(report, extractor_version=EXTRACTOR_VERSION)
        row = db.reports().iloc[0]
        assert bool(row["needs_review"])
        assert row["review_reasons"] == f"{REASON_UNIT_FREQUENCY}；{REASON_YEAR_DATE}"
        db.correct_meta(report.report_id, unit="青石镇")
        row = db.reports().iloc[0]
        assert bool(row["needs_review"]) and row["review_reasons"] == REASON_YEAR_DATE
        assert db.load_report(report.report_id).meta.review_reasons == (REASON_YEAR_DATE,)
        db.correct_meta(report.report_id, year=2023)
        row = db.reports().iloc[0]
        assert not row["needs_review"] and row["review_reasons"] == ""
        db.clear_corrections(report.report_id)
        assert db.reports().iloc[0]["review_reasons"].count("；") == 1


def test_a_correction_holds_across_reanalysis(tmp_path: Path) -> None:
    """Re-analysis by a newer extractor brings the weak cues back, but not for corrected fields."""
    with Store.open(tmp_path) as db:
        summary = ingest.ingest_bytes(
            db, WEAK.encode("utf-8"), "述职报告.txt", tokenizer=load_tokenizer()
        )
        rid = summary.report_id
        assert rid is not None
        before = db.reports().iloc[0]
        assert before["unit"] == "青石镇"
        assert before["review_reasons"] == f"{REASON_UNIT_FREQUENCY}；{REASON_YEAR_DATE}"
        db.correct_meta(rid, unit="南川县青石镇党委")
        db.add_report(db.load_report(rid), extractor_version="0")  # as made by an old version
        assert ingest.refresh_stale(db, tokenizer=load_tokenizer()) == 1
        after = db.reports().iloc[0]
        assert after["unit"] == "南川县青石镇党委"
        assert after["review_reasons"] == REASON_YEAR_DATE


def test_reports_frame_names_the_reasons() -> None:
    unknown = _report("一年来成效明显。", Meta())
    frame = tables.reports_frame([unknown])
    assert frame.loc[0, "review_reasons"] == f"{REASON_UNIT_UNKNOWN}；{REASON_YEAR_UNKNOWN}"
    assert list(frame.columns) == list(schema.REPORTS)


def _v1_store(folder: Path) -> str:
    """The first release's store with a second report added as that version stored it: no unit
    found, no year, its unit corrected by hand. Returns the first report's id."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(V1_STORE, folder / "reports.sqlite3")
    conn = sqlite3.connect(folder / "reports.sqlite3")
    now = "2025-01-01T00:00:00+00:00"
    first = str(conn.execute("SELECT report_id FROM reports").fetchone()[0])
    conn.execute(
        "INSERT INTO reports (id, report_id, file, original_name, format, unit, unit_type,"
        " year, secretary, manifest, chars, added_at, updated_at, extractor_version)"
        " VALUES (2, ?, 'scan.txt', 'scan.txt', 'txt', ?, 'other', NULL, NULL, NULL, 8, ?, ?, '1')",
        ("b" * 64, UNKNOWN_UNIT, now, now),
    )
    conn.execute("INSERT INTO texts VALUES (2, '一年来成效明显。')")
    conn.execute("INSERT INTO corrections VALUES (2, 'unit', '东坡村党支部', ?)", (now,))
    conn.commit()
    conn.close()
    return first


def test_a_version_1_store_is_upgraded_without_losing_anything(tmp_path: Path) -> None:
    first = _v1_store(tmp_path)
    with Store.open(tmp_path) as db:
        conn = sqlite3.connect(db.path)
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        conn.close()
        reports = db.reports()
        assert reports["unit"].tolist() == ["临江区财政局机关党委", "东坡村党支部"]
        assert reports["corrected"].tolist() == [True, True]
        # Until re-analysis the old flag stands: the second report has no year.
        assert reports["review_reasons"].tolist() == ["", REASON_YEAR_UNKNOWN]
        assert reports["needs_review"].tolist() == [False, True]
        assert db.stale_reports(EXTRACTOR_VERSION) == [first, "b" * 64]
        assert ingest.refresh_stale(db, tokenizer=load_tokenizer()) == 2
        assert db.reports()["unit"].tolist() == ["临江区财政局机关党委", "东坡村党支部"]
    with Store.open(tmp_path) as db:  # opening again changes nothing
        assert db.count() == 2


# --- the pages --------------------------------------------------------------------------------

APP = str(Path(__file__).resolve().parents[1] / "app.py")
CLEAN = "市审计局党组书记抓基层党建工作述职报告\n现将2023年度抓党建工作情况报告如下。\n"


@pytest.fixture
def flagged_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    folder = tmp_path / "data"
    weak = _report(WEAK, Meta("青石镇", "township", 2023, None, (REASON_UNIT_FREQUENCY,)))
    with Store.open(folder) as db:
        db.add_report(
            _report(CLEAN, Meta("市审计局", "agency", 2023)), extractor_version=EXTRACTOR_VERSION
        )
        db.add_report(weak, extractor_version=EXTRACTOR_VERSION)
        db.set_setting("samples_loaded", "1")
    monkeypatch.setenv("PARTY_REPORTS_DATA_DIR", str(folder))
    monkeypatch.delenv("PARTY_REPORTS_PASSWORD", raising=False)
    return folder, weak.report_id


def _run(page: str | None = None, **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query)
    at.run()
    if page is not None:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_corpus_page_lists_what_needs_a_look_first_with_its_reasons(
    flagged_store: tuple[Path, str],
) -> None:
    at = _run()
    table = at.data_editor[0].value
    assert table["unit"].tolist() == ["青石镇", "市审计局"]
    assert table["review_reasons"].tolist() == [REASON_UNIT_FREQUENCY, ""]
    assert any(f"{REASON_UNIT_FREQUENCY} 1 份" in w.value for w in at.warning)


def test_the_report_page_says_why_until_the_field_is_corrected(
    flagged_store: tuple[Path, str],
) -> None:
    folder, report_id = flagged_store
    at = _run("pages/report.py", report=report_id)
    assert any(REASON_UNIT_FREQUENCY in w.value for w in at.warning)
    with Store.open(folder) as db:
        db.correct_meta(report_id, unit="青石镇党委")
    at = _run("pages/report.py", report=report_id)
    assert not any("需要核实" in w.value for w in at.warning)


def test_evaluation_counts_the_wrong_metadata_the_flag_caught() -> None:
    gold = {
        "a.txt": {"meta": {"unit": "青石镇", "unit_type": "township", "year": 2023}},
        "b.txt": {"meta": {"unit": "东坡村", "unit_type": "village", "year": 2023}},
        "c.txt": {"meta": {"unit": "市审计局", "unit_type": "agency", "year": 2023}},
    }
    flagged_wrong = Meta("青石", "other", 2023, None, (REASON_UNIT_FREQUENCY,))
    confident_wrong = Meta("南坡村", "village", 2023)
    right = Meta("市审计局", "agency", 2023)
    predictions: dict[str, Prediction | ReportError] = {
        name: Prediction({}, frozenset(), 0, meta)
        for name, meta in zip(gold, (flagged_wrong, confident_wrong, right), strict=True)
    }
    result = score_all(gold, predictions)
    assert result.review_flags == (1, 2, 1)
    assert "单位/类型/年度有误的 2 份中已标记 1 份" in format_result(result)
