"""The corpus store: dedupe, corrections, deletion, settings, tables and their columns."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from analytics import schema
from analytics.errors import ReportError
from analytics.records import UNKNOWN_UNIT, Mention, Meta, Problem, Report
from analytics.store import BUSY_MESSAGE, DATA_DIR_ENV, SHEET_NAMES, Store, default_data_dir

TEXT = (
    "2023年临江区审计局党组书记抓基层党建工作述职报告\n"
    "一、履职情况\n全年组织党组理论学习中心组集中学习12次，发展党员3名，发展党员2名。\n"
    "二、存在的问题\n一是理论学习不够深入。二是党建工作创新不足，方法单一。\n"
)


def make_report(
    text: str = TEXT,
    *,
    file: str = "2023_临江区审计局.txt",
    unit: str = "临江区审计局",
    unit_type: str = "agency",
    year: int | None = 2023,
    secretary: str | None = None,
) -> Report:
    """A hand-made report with two figures of one metric, two problems and a few terms."""
    first = text.index("发展党员3名")
    second = text.index("发展党员2名")
    study = text.index("集中学习12次")
    p1 = text.index("理论学习不够深入")
    p2 = text.index("党建工作创新不足")
    return Report(
        report_id=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        file=file,
        format="txt",
        text=text,
        meta=Meta(unit=unit, unit_type=unit_type, year=year, secretary=secretary),
        mentions=(
            Mention(
                "theory_group_sessions", 12, False, "次", "中心组集中学习12次", study, study + 7
            ),
            Mention("members_admitted", 3, False, "名", "发展党员3名", first, first + 6),
            Mention("members_admitted", 2, False, "名", "发展党员2名", second, second + 6),
        ),
        problems=(
            Problem("理论学习不够深入", ("theory_study",), "problems", p1, p1 + 8),
            Problem(
                "党建工作创新不足，方法单一", ("innovation", "org_life"), "problems", p2, p2 + 13
            ),
        ),
        term_counts=(("党建", 3), ("发展党员", 2), ("学习", 2), ("中心组", 1)),
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "data") as db:
        yield db


# --- the data folder -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "platform", "expected"),
    [
        ({DATA_DIR_ENV: "/srv/述职"}, "linux", "/srv/述职"),
        (
            {DATA_DIR_ENV: "D:/语料", "LOCALAPPDATA": "C:/Users/张三/AppData/Local"},
            "win32",
            "D:/语料",
        ),
        (
            {"LOCALAPPDATA": "C:/Users/张三/AppData/Local"},
            "win32",
            "C:/Users/张三/AppData/Local/party-report-analytics",
        ),
        ({}, "win32", "/home/u/AppData/Local/party-report-analytics"),
        ({}, "darwin", "/home/u/Library/Application Support/party-report-analytics"),
        ({"XDG_DATA_HOME": "/xdg"}, "linux", "/xdg/party-report-analytics"),
        (
            {"XDG_DATA_HOME": "relative/path"},
            "linux",
            "/home/u/.local/share/party-report-analytics",
        ),
        ({}, "linux", "/home/u/.local/share/party-report-analytics"),
        ({DATA_DIR_ENV: "  "}, "linux", "/home/u/.local/share/party-report-analytics"),
    ],
)
def test_default_data_dir(environ: dict[str, str], platform: str, expected: str) -> None:
    assert default_data_dir(environ=environ, platform=platform, home=Path("/home/u")) == Path(
        expected
    )


def test_open_creates_the_folder_and_a_wal_database(tmp_path: Path) -> None:
    folder = tmp_path / "新建" / "语料库"
    with Store.open(folder) as db:
        assert db.count() == 0
        assert db.path == folder / "reports.sqlite3"
    conn = sqlite3.connect(folder / "reports.sqlite3")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] >= 1
    conn.close()


def test_a_file_that_is_not_a_database_is_refused_in_chinese(tmp_path: Path) -> None:
    (tmp_path / "reports.sqlite3").write_bytes(b"this is not a database" * 100)
    with pytest.raises(ReportError, match="可能已损坏"):
        Store.open(tmp_path)


def test_a_store_from_a_newer_program_is_refused(tmp_path: Path) -> None:
    Store.open(tmp_path).close()
    conn = sqlite3.connect(tmp_path / "reports.sqlite3")
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(ReportError, match="升级"):
        Store.open(tmp_path)


def test_a_store_of_the_first_schema_is_migrated_without_losing_anything(tmp_path: Path) -> None:
    """tests/data/store_v1 was written by the first released version (schema 1): one report of
    the sample corpus with its unit corrected by the user."""
    shutil.copy(Path(__file__).parent / "data" / "store_v1" / "reports.sqlite3", tmp_path)
    with Store.open(tmp_path) as db:
        mentions = db.mentions()
        assert len(mentions) == 14
        assert set(mentions["confidence"]) == {"high"}
        reports = db.reports()
        assert reports["unit"].tolist() == ["临江区财政局机关党委"], "corrections are kept"
        assert reports["year"].tolist() == [2024]
        assert db.stale_reports("2") == reports["report_id"].tolist(), "re-analysed on refresh"
        assert len(db.problems()) > 0 and len(db.texts()) == 1
    conn = sqlite3.connect(tmp_path / "reports.sqlite3")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
    conn.close()


def test_a_figure_keeps_its_confidence_and_reason(store: Store) -> None:
    report = make_report()
    low = replace(report.mentions[2], confidence="low", confidence_reason="承前省略的动词")
    report = replace(report, mentions=(*report.mentions[:2], low))
    store.add_report(report, extractor_version="1")
    assert store.load_report(report.report_id) == report
    assert store.mentions()["confidence"].tolist() == ["high", "high", "low"]


# --- adding, dedupe, deleting --------------------------------------------------------------


def test_same_report_twice_is_a_duplicate_and_a_new_version_updates(store: Store) -> None:
    report = make_report()
    assert store.add_report(report, extractor_version="1") == "added"
    revision = store.revision()
    assert store.add_report(report, extractor_version="1") == "duplicate"
    assert store.revision() == revision, "a duplicate changes nothing"
    assert store.count() == 1
    assert store.add_report(report, extractor_version="2") == "updated"
    assert store.count() == 1
    assert store.stored_version(report.report_id) == "2"
    assert store.revision() > revision
    assert len(store.mentions()) == 3, "an update replaces the rows, it does not add to them"


def test_lookups(store: Store) -> None:
    report = make_report()
    assert not store.has_report(report.report_id)
    assert store.stored_version(report.report_id) is None
    store.add_report(report, extractor_version="1")
    assert store.has_report(report.report_id)
    assert store.stored_version(report.report_id) == "1"
    assert store.stored_file(report.report_id) == "2023_临江区审计局.txt"
    assert store.report_text(report.report_id) == TEXT
    assert store.stale_reports("1") == []
    assert store.stale_reports("2") == [report.report_id]


def test_load_report_gives_back_what_was_stored(store: Store) -> None:
    report = make_report()
    store.add_report(report, extractor_version="1")
    assert store.load_report(report.report_id) == report


def test_delete_removes_the_report_its_rows_and_its_corrections(store: Store) -> None:
    report = make_report()
    other = make_report(TEXT + "三、下一步打算\n", file="2023_临江区财政局.txt")
    store.add_report(report, extractor_version="1")
    store.add_report(other, extractor_version="1")
    store.correct_meta(report.report_id, unit="临江区审计局机关党委")
    assert store.delete_report(report.report_id) is True
    assert store.delete_report(report.report_id) is False
    assert store.count() == 1
    for frame in (store.mentions(), store.problems(), store.terms(), store.texts()):
        assert set(frame["report_id"]) == {other.report_id}
    store.add_report(report, extractor_version="1")
    row = store.reports().set_index("report_id").loc[report.report_id]
    assert row["unit"] == "临江区审计局", "a deleted report's corrections are gone with it"
    assert not row["corrected"]


def test_unknown_report_is_a_chinese_error(store: Store) -> None:
    with pytest.raises(ReportError, match="没有编号为"):
        store.load_report("0" * 64)
    with pytest.raises(ReportError, match="没有编号为"):
        store.correct_meta("0" * 64, year=2023)


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\张三\\桌面\\2023_市体育局.txt", "2023_市体育局.txt"),
        ("2023_市\u202e体育局.txt", "2023_市体育局.txt"),
        ("bad\x00name\x07.txt", "badname.txt"),
        ("x'); DROP TABLE reports;--.txt", "x'); DROP TABLE reports;--.txt"),
        ('=HYPERLINK("http://evil").txt', 'evil").txt'),
        ("=1+2 述职.txt", "=1+2 述职.txt"),
        ("..", "未命名文件"),
    ],
)
def test_hostile_file_names_are_stored_safely(store: Store, name: str, stored: str) -> None:
    report = make_report(file=name)
    store.add_report(report, extractor_version="1", original_name=name)
    assert store.reports()["file"].tolist() == [stored]
    assert store.count() == 1, "the reports table survived"


def test_a_very_long_name_is_shortened_but_keeps_its_extension(store: Store) -> None:
    store.add_report(make_report(file="述职" * 300 + ".docx"), extractor_version="1")
    (name,) = store.reports()["file"]
    assert len(name) <= 130 and name.endswith(".docx")


# --- corrections ---------------------------------------------------------------------------


def _unknown_report(store: Store) -> Report:
    report = make_report(file="述职报告.txt", unit=UNKNOWN_UNIT, unit_type="other", year=None)
    store.add_report(report, extractor_version="1")
    return report


def test_corrections_win_everywhere_and_clear_the_review_flag(store: Store) -> None:
    report = _unknown_report(store)
    assert store.reports()["needs_review"].tolist() == [True]
    store.correct_meta(report.report_id, unit="临江区审计局")
    assert store.reports()["needs_review"].tolist() == [True], "the year is still missing"
    store.correct_meta(report.report_id, year=2023, unit_type="机关", secretary="李明")
    reports = store.reports()
    assert reports.loc[0, ["unit", "unit_type", "year", "secretary"]].tolist() == [
        "临江区审计局",
        "agency",
        2023,
        "李明",
    ]
    assert not reports.loc[0, "needs_review"] and reports.loc[0, "corrected"]
    for frame in (
        store.mentions(),
        store.metrics(),
        store.problems(),
        store.problem_categories(),
        store.terms(),
        store.texts(),
    ):
        assert set(frame["unit"]) == {"临江区审计局"}
        assert set(frame["year"]) == {2023}
        assert set(frame["unit_type"]) == {"agency"}
    loaded = store.load_report(report.report_id)
    assert loaded.meta == Meta("临江区审计局", "agency", 2023, "李明")


def test_corrections_survive_reopen_and_reanalysis(tmp_path: Path) -> None:
    report = make_report(unit="临江区审计局", year=2022)
    with Store.open(tmp_path) as db:
        db.add_report(report, extractor_version="1")
        db.correct_meta(report.report_id, year=2023)
    with Store.open(tmp_path) as db:
        assert db.reports()["year"].tolist() == [2023]
        assert db.add_report(report, extractor_version="1") == "duplicate"
        assert db.add_report(report, extractor_version="2") == "updated"
        assert db.reports()["year"].tolist() == [2023]
        assert db.metrics()["year"].unique().tolist() == [2023]
        db.clear_corrections(report.report_id)
        reports = db.reports()
        assert reports["year"].tolist() == [2022] and not reports.loc[0, "corrected"]


def test_only_the_given_fields_are_corrected(store: Store) -> None:
    report = make_report(secretary="王强")
    store.add_report(report, extractor_version="1")
    store.correct_meta(report.report_id, unit="临江区审计局机关")
    row = store.reports().loc[0]
    assert (row["unit"], row["year"], row["secretary"]) == ("临江区审计局机关", 2023, "王强")
    store.correct_meta(report.report_id, secretary="")
    assert pd.isna(store.reports().loc[0, "secretary"]), "an empty secretary clears the name"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"unit_type": "政府"}, "单位类型"),
        ({"unit_type": "Agency "}, "单位类型"),
        ({"year": 1900}, "1949"),
        ({"year": 2101}, "2100"),
        ({"year": "二〇二三"}, "年份"),
        ({"year": True}, "年份"),
        ({"unit": "  "}, "单位名称不能为空"),
    ],
)
def test_invalid_corrections_are_refused_in_chinese(
    store: Store, fields: dict[str, object], message: str
) -> None:
    report = make_report()
    store.add_report(report, extractor_version="1")
    with pytest.raises(ReportError, match=message):
        store.correct_meta(report.report_id, **fields)  # type: ignore[arg-type]
    assert not store.reports().loc[0, "corrected"]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"unit_type": "乡镇/街道"}, ("unit_type", "township")),
        ({"unit_type": " school "}, ("unit_type", "school")),
        ({"year": "2024"}, ("year", 2024)),
        ({"year": "2024年"}, ("year", 2024)),
        ({"unit": " 临江区  审计局 "}, ("unit", "临江区 审计局")),
    ],
)
def test_corrections_accept_what_a_form_sends(
    store: Store, fields: dict[str, object], expected: tuple[str, object]
) -> None:
    report = make_report()
    store.add_report(report, extractor_version="1")
    store.correct_meta(report.report_id, **fields)  # type: ignore[arg-type]
    column, value = expected
    assert store.reports().loc[0, column] == value


# --- settings and revision -----------------------------------------------------------------


def test_settings_and_revision(store: Store) -> None:
    assert store.get_setting("samples_loaded") is None
    start = store.revision()
    store.set_setting("samples_loaded", "1")
    assert store.get_setting("samples_loaded") == "1"
    assert store.revision() == start + 1
    store.add_report(make_report(), extractor_version="1")
    assert store.revision() == start + 2
    store.reports()
    assert store.revision() == start + 2, "reading is not a write"


def test_revision_sees_writes_of_another_connection(tmp_path: Path) -> None:
    with Store.open(tmp_path) as reader, Store.open(tmp_path) as writer:
        before = reader.revision()
        writer.add_report(make_report(), extractor_version="1")
        assert reader.revision() == before + 1
        assert reader.count() == 1


def test_a_busy_store_is_a_chinese_error(tmp_path: Path) -> None:
    with Store.open(tmp_path, busy_timeout=0.05) as db:
        blocker = sqlite3.connect(tmp_path / "reports.sqlite3", isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(ReportError) as info:
                db.add_report(make_report(), extractor_version="1")
            assert info.value.message == BUSY_MESSAGE
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        assert db.add_report(make_report(), extractor_version="1") == "added"


# --- tables --------------------------------------------------------------------------------


def test_every_table_has_exactly_the_schema_columns(store: Store) -> None:
    store.add_report(make_report(), extractor_version="1")
    expected = {
        "reports": schema.REPORTS,
        "mentions": schema.MENTIONS,
        "metrics": schema.METRICS,
        "problems": schema.PROBLEMS,
        "problem_categories": schema.PROBLEM_CATEGORY_ROWS,
        "terms": schema.TERMS,
    }
    for name, columns in expected.items():
        frame = getattr(store, name)()
        assert list(frame.columns) == list(columns), name
        assert len(frame) > 0, name
    assert list(store.texts().columns) == [*schema.KEY, "file", "text"]


def test_every_table_has_the_schema_columns_when_empty(store: Store) -> None:
    assert list(store.reports().columns) == list(schema.REPORTS)
    assert list(store.terms().columns) == list(schema.TERMS)
    assert list(store.metrics().columns) == list(schema.METRICS)
    assert list(store.problem_categories().columns) == list(schema.PROBLEM_CATEGORY_ROWS)
    assert store.texts([]).empty


def test_metrics_take_the_largest_figure_with_its_evidence(store: Store) -> None:
    store.add_report(make_report(), extractor_version="1")
    metrics = store.metrics().set_index("metric")
    assert metrics.loc["members_admitted", "value"] == 3
    assert metrics.loc["members_admitted", "evidence"] == "发展党员3名"
    assert metrics.loc["theory_group_sessions", "value"] == 12
    assert len(store.mentions()) == 3


def test_problem_categories_are_one_row_per_item_and_category(store: Store) -> None:
    store.add_report(make_report(), extractor_version="1")
    rows = store.problem_categories()
    assert sorted(zip(rows["item"], rows["category"], strict=True)) == [
        (0, "theory_study"),
        (1, "innovation"),
        (1, "org_life"),
    ]


def test_terms_keep_their_counts_most_frequent_first(store: Store) -> None:
    store.add_report(make_report(), extractor_version="1")
    terms = store.terms()
    assert list(zip(terms["term"], terms["count"], strict=True)) == [
        ("党建", 3),
        ("发展党员", 2),
        ("学习", 2),
        ("中心组", 1),
    ]


def test_texts_of_chosen_reports(store: Store) -> None:
    first = make_report()
    second = make_report(TEXT + "三、下一步打算\n", file="2024_临江区审计局.txt", year=2024)
    store.add_report(first, extractor_version="1")
    store.add_report(second, extractor_version="1")
    chosen = store.texts([second.report_id, "no-such-id"])
    assert chosen["report_id"].tolist() == [second.report_id]
    assert chosen["year"].tolist() == [2024]
    assert chosen["text"].tolist() == [second.text]
    assert len(store.texts()) == 2


def test_all_tables_have_chinese_sheets_headers_and_labels(store: Store) -> None:
    report = make_report()
    store.add_report(report, extractor_version="1")
    store.correct_meta(report.report_id, unit="临江区审计局机关党委")
    sheets = store.all_tables()
    assert list(sheets) == ["报告", "指标", "指标明细", "问题", "问题类别", "关键词"]
    assert list(sheets) == list(SHEET_NAMES.values())
    reports = sheets["报告"]
    assert {"单位", "单位类型", "年度", "待核实", "已更正"} <= set(reports.columns)
    assert reports.loc[0, "单位"] == "临江区审计局机关党委"
    assert reports.loc[0, "单位类型"] == "机关"
    assert reports.loc[0, "已更正"] == "是"
    metrics = sheets["指标"].set_index("指标代码")
    assert metrics.loc["members_admitted", "指标"] == "发展党员"
    assert metrics.loc["members_admitted", "数值"] == 3
    problems = sheets["问题"]
    assert problems["问题类别"].tolist() == ["理论学习", "创新不足、组织生活"]
    assert problems["所在部分"].tolist() == ["存在问题", "存在问题"]
    assert set(sheets["问题类别"]["问题类别"]) == {"理论学习", "创新不足", "组织生活"}
    for frame in sheets.values():
        assert all(not str(c).isascii() for c in frame.columns), list(frame.columns)


def test_a_folder_that_cannot_be_made_is_a_chinese_error(tmp_path: Path) -> None:
    blocker = tmp_path / "是个文件"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(ReportError, match="无法打开语料库文件夹"):
        Store.open(blocker / "语料库")


def test_one_store_shared_by_threads(store: Store) -> None:
    """The dashboard shares one Store between its sessions' threads."""
    reports = [make_report(TEXT + f"第{i}段补充说明。\n", file=f"{i}.txt") for i in range(40)]

    def work(chunk: list[Report]) -> int:
        for report in chunk:
            store.add_report(report, extractor_version="1")
            store.terms()
            store.reports()
        return len(chunk)

    with ThreadPoolExecutor(max_workers=4) as pool:
        done = sum(pool.map(work, [reports[i::4] for i in range(4)]))
    assert done == 40
    assert store.count() == 40
    assert len(store.mentions()) == 40 * 3
