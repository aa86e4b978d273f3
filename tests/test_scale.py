"""Batch on Dask and the Parquet dataset: the same tables as the SQLite store, reruns, refusals."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from analytics import corpus, ingest, keywords, pipeline, schema, views
from analytics.scale import batch, sources
from analytics.scale.dataset import DERIVED_TABLES, Dataset
from analytics.store import Store

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.timeout(600)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, sample_dir: Path) -> Iterator[Store]:
    db = Store.open(tmp_path_factory.mktemp("scale-store"))
    sources_, problems = corpus.discover([sample_dir])
    assert not problems
    ingest.ingest_sources(db, sources_)
    try:
        yield db
    finally:
        db.close()


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory, sample_dir: Path) -> Path:
    folder = tmp_path_factory.mktemp("scale-out") / "dataset"
    summary = batch.run_batch([str(sample_dir)], folder, workers=2, partition_files=7)
    assert (summary.files, summary.written, summary.refused) == (28, 28, 0)
    assert summary.partitions == 4
    return folder


@pytest.fixture(scope="module")
def dataset(out: Path) -> Iterator[Dataset]:
    with Dataset(out) as ds:
        yield ds


def _sorted(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


@pytest.mark.parametrize(
    ("table", "keys", "ignore"),
    [
        ("reports", ["report_id"], ["added_at", "corrected"]),
        ("mentions", ["report_id", "start", "metric"], []),
        ("metrics", ["report_id", "metric"], []),
        ("problems", ["report_id", "item"], []),
        ("problem_categories", ["report_id", "item", "category"], []),
        ("terms", ["report_id", "term"], []),
    ],
)
def test_parquet_and_sqlite_give_identical_tables(
    store: Store, dataset: Dataset, table: str, keys: list[str], ignore: list[str]
) -> None:
    left = _sorted(getattr(store, table)().drop(columns=ignore), keys)
    right = _sorted(getattr(dataset, table)().drop(columns=ignore), keys)
    assert list(left.columns) == list(right.columns)
    assert len(left) == len(right) > 0
    for column in left.columns:
        a, b = left[column], right[column]
        if pd.api.types.is_numeric_dtype(a) and not pd.api.types.is_bool_dtype(a):
            assert (a.astype("float64").fillna(-1) == b.astype("float64").fillna(-1)).all(), column
        else:
            assert a.astype(str).tolist() == b.astype(str).tolist(), column


def test_texts_are_the_same_and_one_text_is_read_alone(store: Store, dataset: Dataset) -> None:
    a = store.texts().set_index("report_id")["text"]
    b = dataset.texts().set_index("report_id")["text"]
    assert a.sort_index().tolist() == b.sort_index().tolist()
    rid = a.index[0]
    assert dataset.report_text(rid) == a[rid]
    assert dataset.texts([rid])["report_id"].tolist() == [rid]


def test_aggregates_match_what_pandas_computes_from_the_store(
    store: Store, dataset: Dataset
) -> None:
    reports = store.reports()
    some = reports[reports["unit_type"] == "agency"]["report_id"].tolist()
    expected = store.metrics()
    got = dataset.metric_values()
    assert (
        _sorted(got, ["report_id", "metric"])["value"].tolist()
        == _sorted(expected, ["report_id", "metric"])["value"].tolist()
    )
    cats = store.problem_categories()
    cats = cats[cats["report_id"].isin(some)]
    counted = dataset.category_counts(some).set_index("category")["items"]
    assert counted.to_dict() == cats.groupby("category").size().to_dict()
    top = keywords.top_terms(store.terms(), n=20)
    freq = dataset.term_frequencies(top=20)
    assert freq["term"].tolist() == top["term"].tolist()
    assert freq["count"].tolist() == top["count"].tolist()


def _matched_pairs(matches: pd.DataFrame) -> list[tuple[object, ...]]:
    keys = ["unit", "year", "report_id", "text", "prev_report_id", "prev_text", "similarity"]
    return sorted(matches[keys].astype(str).itertuples(index=False, name=None))


def test_batch_writes_the_derived_tables_and_the_repeats_the_store_would_compute(
    out: Path, store: Store, dataset: Dataset, tmp_path: Path
) -> None:
    written = sorted((out / "derived").glob("*.parquet"))
    assert written == sorted(dataset.derived_path(n) for n in DERIVED_TABLES)
    assert len(written) == 4
    expected = views.previous_matches(store.problems())
    assert len(expected) > 0
    assert _matched_pairs(dataset.problem_matches()) == _matched_pairs(expected)
    copy = tmp_path / "no-matches"  # an older output without the file: computed on opening
    shutil.copytree(out, copy)
    shutil.rmtree(copy / "derived")
    with Dataset(copy) as ds:
        assert _matched_pairs(ds.problem_matches()) == _matched_pairs(expected)


@pytest.mark.parametrize("items_per_group", [1, 7, 40])
def test_repeats_found_group_by_group_of_units_equal_those_found_at_once(
    dataset: Dataset, items_per_group: int
) -> None:
    at_once = views.previous_matches(dataset.problems())
    grouped = dataset._matches_by_unit_group(items_per_group=items_per_group)
    assert len(at_once) > 0
    assert _matched_pairs(grouped) == _matched_pairs(at_once)
    assert not grouped.duplicated(["pos", "prev_report_id"]).any()  # pos stays unique per item
    for threshold in (0.5, 0.8, 1.0):
        a = views.repeats_from_matches(at_once, threshold=threshold)
        b = views.repeats_from_matches(grouped, threshold=threshold)
        keys = ["unit", "year", "text", "prev_text", "similarity"]
        assert sorted(map(tuple, a[keys].astype(str).values)) == sorted(
            map(tuple, b[keys].astype(str).values)
        )


def test_sessions_in_several_threads_query_one_dataset_at_once(dataset: Dataset) -> None:
    """The dashboard shares one dataset between its users' sessions, each in its own thread."""
    import threading

    rid = str(dataset.reports()["report_id"].iloc[0])
    text = dataset.report_text(rid)
    errors: list[str] = []
    start = threading.Barrier(4)

    def session() -> None:
        start.wait()
        try:
            for _ in range(15):
                assert dataset.count() == 28
                assert dataset.report_text(rid) == text
                assert not dataset.category_counts().empty
        except Exception as err:  # every failure is reported below
            errors.append(repr(err))

    threads = [threading.Thread(target=session) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


@pytest.mark.parametrize(
    ("query", "regex", "limit"),
    [
        ("党员", False, 40),
        ("党员", False, 3),
        (r"\d+名", True, 40),  # Python's \d: full-width digits too
        ("(?<=发展)党员", True, 10),  # a lookbehind, which DuckDB's RE2 refuses
        ("没有这个词语", False, 40),
    ],
)
def test_keyword_search_reads_only_the_first_texts_and_finds_what_the_store_finds(
    store: Store, dataset: Dataset, query: str, regex: bool, limit: int
) -> None:
    expected = keywords.kwic(store.texts(), query, regex=regex, limit=limit)
    texts = dataset.texts_containing(None, query, regex=regex, limit=limit)
    assert len(texts) <= limit
    got = keywords.kwic(texts, query, regex=regex, limit=limit)
    keys = ["report_id", "start", "end"]
    assert got[keys].values.tolist() == expected[keys].values.tolist()
    if query != "没有这个词语":
        assert len(got) > 0


def test_preloading_reads_each_base_table_once_while_pages_ask_for_them(out: Path) -> None:
    with Dataset(out) as ds:
        thread = ds.preload()
        asked = ds.metrics()  # asked while the preload may be reading it: one frame, not two
        thread.join(timeout=120)
        assert not thread.is_alive()
        assert ds.metrics() is asked and ds.problems() is ds.problems()
        assert len(ds.problem_categories()) > 0 and len(ds.problem_matches()) > 0


def test_a_rerun_skips_what_is_written(out: Path, sample_dir: Path) -> None:
    again = batch.run_batch([str(sample_dir)], out, workers=1, partition_files=50)
    assert (again.written, again.skipped) == (0, 28)


def test_a_new_extractor_version_rewrites_and_one_copy_counts(
    out: Path, tmp_path: Path, sample_dir: Path
) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    files = [str(p) for p in sorted(sample_dir.iterdir()) if p.suffix == ".txt"][:3]
    summary = batch.run_batch(files, copy, workers=1, extractor_version="next")
    assert summary.written == 3
    with Dataset(copy, extractor_version="next") as ds:
        assert ds.count() == 28
        reports = ds.reports()
        assert reports["report_id"].is_unique
        mentions = ds.mentions()
        assert not mentions.duplicated(["report_id", "start", "metric"]).any()
        assert list((copy / "derived").glob("matches-*.parquet")) == [ds.derived_path("matches")]
    with Dataset(out) as ds:
        before = len(ds.mentions())
    assert len(mentions) == before


def test_bad_files_become_refused_rows_and_the_run_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "2024_某局.txt").write_text(
        "某局党组书记述职报告\n全年发展党员3名，讲党课4次。", encoding="gbk"
    )
    (folder / "空.txt").write_bytes(b"")
    (folder / "坏.docx").write_bytes(b"PK\x03\x04 not really a zip")
    summary = batch.run_batch([str(folder), str(tmp_path / "不存在")], tmp_path / "o", workers=1)
    assert (summary.written, summary.refused) == (1, 3)
    with Dataset(tmp_path / "o") as ds:
        refused = ds.refused()
        assert set(refused["file"]) >= {"空.txt", "坏.docx"}
        assert all(any("\u4e00" <= ch <= "\u9fff" for ch in e) for e in refused["error"])
        values = ds.metric_values()
        assert dict(zip(values["metric"], values["value"], strict=True)) == {
            "members_admitted": 3,
            "party_lectures": 4,
        }


def test_an_empty_dataset_answers_with_empty_tables(tmp_path: Path) -> None:
    with Dataset(tmp_path) as ds:
        assert ds.count() == 0
        assert list(ds.reports().columns) == list(schema.REPORTS)
        assert ds.mentions().empty and ds.term_frequencies().empty


def test_a_url_is_read_through_fsspec_with_its_manifest(tmp_path: Path) -> None:
    import fsspec

    fs = fsspec.filesystem("memory")
    fs.pipe("/corpus/a.txt", "某局党组书记述职报告\n全年发展党员2名。".encode())
    fs.pipe("/corpus/manifest.csv", "file,unit,unit_type,year\na.txt,某局,agency,2023\n".encode())
    jobs, problems = sources.discover(["memory://corpus"])
    assert not problems
    assert [(j.name, j.manifest.unit if j.manifest else None) for j in jobs] == [("a.txt", "某局")]
    result = batch.process_partition(
        jobs,
        out=str(tmp_path / "m"),
        part="p1",
        done=frozenset(),
        options=pipeline.ReadOptions(),
        extractor_version="1",
    )
    assert result.written == 1
    with Dataset(tmp_path / "m") as ds:
        row = ds.reports().iloc[0]
        assert (row["unit"], int(row["year"])) == ("某局", 2023)


def test_the_cli_runs_a_batch_and_says_what_it_did(tmp_path: Path, sample_dir: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "analytics", "batch", str(sample_dir), "--out", str(tmp_path),
         "--workers", "1", "--partition-files", "30"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "新写入 28 份" in done.stdout
    assert len(list((tmp_path / "reports").glob("*.parquet"))) == 1


# --- the dashboard on a dataset -----------------------------------------------------------------

PAGES = (
    "pages/corpus.py",
    "pages/metrics.py",
    "pages/problems.py",
    "pages/keywords.py",
    "pages/compare.py",
    "pages/report.py",
)


def _app(page: str, monkeypatch: pytest.MonkeyPatch, *, dataset: Path | None, data: Path) -> Any:
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("PARTY_REPORTS_DATA_DIR", str(data))
    if dataset is None:
        monkeypatch.delenv("PARTY_REPORTS_DATASET", raising=False)
    else:
        monkeypatch.setenv("PARTY_REPORTS_DATASET", str(dataset))
    monkeypatch.delenv("PARTY_REPORTS_PASSWORD", raising=False)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_a_dataset(
    page: str, out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _app(page, monkeypatch, dataset=out, data=tmp_path / "unused")
    assert at.title and not at.error
    assert not (tmp_path / "unused").exists() or not any((tmp_path / "unused").iterdir())


def test_the_pages_show_the_same_figures_from_the_dataset_and_the_store(
    out: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    for page in ("pages/metrics.py", "pages/keywords.py", "pages/problems.py"):
        frames = []
        for dataset in (out, None):
            at = _app(page, monkeypatch, dataset=dataset, data=store.path.parent)
            frames.append([df.value.reset_index(drop=True) for df in at.dataframe])
        assert len(frames[0]) == len(frames[1]) > 0, page
        for a, b in zip(*frames, strict=True):
            pd.testing.assert_frame_equal(a, b, check_dtype=False)


def test_the_dashboard_shows_a_rerun_batch_without_a_restart(
    tmp_path: Path, sample_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = [str(p) for p in sorted(sample_dir.iterdir()) if p.suffix == ".txt"]
    folder = tmp_path / "growing"
    batch.run_batch(files[:4], folder, workers=1)
    at = _app("pages/corpus.py", monkeypatch, dataset=folder, data=tmp_path / "unused")
    assert at.metric[0].value == "4"
    batch.run_batch(files[:7], folder, workers=1)  # three more reports
    at.run()
    assert not at.exception and at.metric[0].value == "7"


def test_a_dataset_is_read_only_in_the_dashboard(
    out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _app("pages/corpus.py", monkeypatch, dataset=out, data=tmp_path)
    assert any("只读数据集" in i.value for i in at.info)
    assert not at.get("file_uploader") and not at.data_editor


def test_a_folder_that_is_no_dataset_gets_a_chinese_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("PARTY_REPORTS_DATASET", str(tmp_path / "empty"))
    monkeypatch.setenv("PARTY_REPORTS_DATA_DIR", str(tmp_path / "data"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception
    assert any("没有批量分析的输出" in e.value for e in at.error)
