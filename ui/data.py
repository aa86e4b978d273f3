"""The dashboard's data access: the store, frames cached by store revision, cached heavy views."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from analytics import EXTRACTOR_VERSION, keywords, schema, store, views
from analytics.views import Filters

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = PROJECT_ROOT / "sample_reports"
SAMPLES_SETTING = "samples_loaded"
KWIC_LIMIT = 2000
DATASET_ENV = "PARTY_REPORTS_DATASET"
_DATASET_PREFIX = "dataset:"
READ_ONLY_MESSAGE = (
    "当前打开的是批量分析输出的只读数据集（环境变量 PARTY_REPORTS_DATASET），"
    "不能上传、更正或删除报告。"
    "请用 python -m analytics batch 重新生成数据集，或去掉该环境变量后使用本机语料库。"
)


def data_dir() -> Path:
    """The data folder: $PARTY_REPORTS_DATA_DIR, else the per-user folder."""
    return store.default_data_dir(environ=dict(os.environ), platform=sys.platform, home=Path.home())


@st.cache_resource(show_spinner=False)
def prepare_static_export_fonts() -> None:
    """Once per process, before the first PNG/SVG export: on Linux without a Chinese system
    font, let the Chromium that kaleido starts see the bundled Noto Sans SC (the word cloud's
    font), so that exported charts show Chinese characters instead of boxes."""
    from analytics import cloud, export

    if not sys.platform.startswith("linux") or export.cjk_font_available():
        return
    setup = export.font_setup(cloud.font_path(), config_dir=data_dir() / "fonts")
    setup.config_path.parent.mkdir(parents=True, exist_ok=True)
    setup.config_path.write_text(setup.config_text, encoding="utf-8")
    os.environ.update(setup.env)


def dataset_dir() -> Path | None:
    """The Parquet dataset to show instead of the store: $PARTY_REPORTS_DATASET, if set."""
    value = os.environ.get(DATASET_ENV, "").strip()
    return Path(value) if value else None


def _open_store(path: str) -> Any:
    """The store of a data folder, or (for a "dataset:" key) a read-only Parquet dataset.

    A dataset is reopened when a batch has added or rewritten partitions since (its stamp: the
    modification times of its table folders), so a rerun's reports show without a restart.
    """
    if path.startswith(_DATASET_PREFIX):
        from analytics.scale.dataset import Dataset

        folder = Path(path.removeprefix(_DATASET_PREFIX))
        if not (folder / "reports").is_dir():
            from analytics.errors import ReportError

            raise ReportError(
                f"文件夹 {folder} 中没有批量分析的输出（reports 子文件夹）。"
                "请先运行 python -m analytics batch 报告文件夹 --out 该文件夹，"
                "或检查 PARTY_REPORTS_DATASET。"
            )
        return _open_dataset(str(folder), Dataset.stamp(folder))
    return _open_local_store(path)


@st.cache_resource(show_spinner=False)
def _open_local_store(path: str) -> store.Store:
    return store.Store.open(Path(path))


@st.cache_resource(max_entries=2, show_spinner=False)
def _open_dataset(folder: str, stamp: int) -> Any:
    from analytics.scale.dataset import Dataset

    dataset = Dataset(Path(folder))
    loading = dataset.preload()  # the base tables load while the first page draws
    threading.Thread(
        target=_warm_default_views,
        args=(f"{_DATASET_PREFIX}{folder}", stamp, loading),
        name="dataset-warm",  # not a daemon (see Dataset.preload): it ends within seconds
    ).start()
    return dataset


def _warm_default_views(path: str, rev: int, loading: threading.Thread) -> None:
    """After the preload, compute what each page shows before the user changes anything (all
    reports, the default metrics and similarity threshold) into the caches, so that a first
    visit to a page of a province's corpus finds it ready. A user asking for the same view
    meanwhile waits for this computation instead of repeating it (per-key cache locks)."""
    loading.join()
    every = _key(Filters())
    try:
        _filter_options(path, rev, ())
        metrics = _filtered(path, rev, "metrics", every)
        keys = tuple(views.default_metric_keys(metrics))
        for per_100 in (False, True):  # the page's toggle, both ways
            _metric_view(path, rev, every, keys, per_100)
            if keys:
                _metric_focus(path, rev, every, keys[0], per_100)
        _repeat_summary(path, rev, every, views.DEFAULT_SIMILARITY)
        _category_view(path, rev, every)
        _problem_items(path, rev, every, (), "")
    except Exception:  # a damaged file: the page that reads it reports the error
        return


def _path() -> str:
    folder = dataset_dir()
    return f"{_DATASET_PREFIX}{folder}" if folder is not None else str(data_dir())


def is_dataset() -> bool:
    """Whether the dashboard shows a read-only Parquet dataset (no uploads or corrections)."""
    return _path().startswith(_DATASET_PREFIX)


def source_label() -> str:
    folder = dataset_dir()
    return f"只读数据集：{folder}" if folder is not None else f"数据文件夹：{data_dir()}"


def _writable() -> store.Store:
    if is_dataset():
        from analytics.errors import ReportError

        raise ReportError(READ_ONLY_MESSAGE)
    return get_store()


def get_store() -> Any:
    """The store of the configured data folder (or the dataset), opened once per process."""
    return _open_store(_path())


def revision() -> int:
    """The store's revision: bumped on every write, the key of every cached frame."""
    return get_store().revision()


class SampleJob:
    """The first-start import of sample_reports/, running in a background thread.

    The first page shows at once and fills as reports arrive (the import parses PDFs and loads
    the word segmenter, a few seconds); the setting SAMPLES_SETTING is written when it is over.
    """

    def __init__(self, db: store.Store, sources: Sequence[Any]) -> None:
        self.total = len(sources)
        self.done = 0
        self.finished = False
        self._db = db
        self._sources = sources
        self._thread = threading.Thread(target=self._run, name="sample-import", daemon=True)

    def start(self) -> SampleJob:
        self._thread.start()
        return self

    def _count(self, _result: Any) -> None:
        self.done += 1

    def _run(self) -> None:
        from analytics import ingest

        try:
            ingest.ingest_sources(self._db, self._sources, workers=1, on_result=self._count)
            self._db.set_setting(SAMPLES_SETTING, "1")
        finally:
            self.finished = True


@st.cache_resource(show_spinner=False)
def _sample_job(path: str) -> SampleJob | None:
    if path.startswith(_DATASET_PREFIX):
        return None
    db = _open_store(path)
    if db.count() > 0 or db.get_setting(SAMPLES_SETTING) is not None:
        return None
    if not SAMPLE_DIR.is_dir():
        db.set_setting(SAMPLES_SETTING, "1")
        return None
    from analytics import corpus

    sources, _errors = corpus.discover([SAMPLE_DIR])
    return SampleJob(db, sources).start()


def sample_job() -> SampleJob | None:
    """On first start (empty store, samples never loaded) the running sample import, else None."""
    job = _sample_job(_path())
    return None if job is None or job.finished else job


class _RefreshState:
    """Whether this process has brought a data folder's analyses up to date (once per start)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.done = False


@st.cache_resource(show_spinner=False)
def _refresh_state(path: str) -> _RefreshState:
    return _RefreshState()


def refresh_stale() -> int:
    """Once per start: re-analyse the reports made by an older extractor version.

    Shows a progress bar while it runs (the word segmenter loads only when there is work) and
    returns how many reports were re-analysed. The user's metadata corrections are kept.
    """
    state = _refresh_state(_path())
    if state.done or is_dataset():
        return 0
    with state.lock:
        if state.done:
            return 0
        db = get_store()
        stale = db.stale_reports(EXTRACTOR_VERSION)
        refreshed = 0
        if stale:
            from analytics import ingest

            total = len(stale)
            bar = st.progress(0.0, text=f"抽取规则已更新：正在重新分析 {total} 份报告……")

            def step(done: int, total: int) -> None:
                bar.progress(
                    done / total, text=f"抽取规则已更新：正在重新分析报告（{done}/{total}）……"
                )

            refreshed = ingest.refresh_stale(db, tokenizer=_tokenizer(), on_progress=step)
            bar.empty()
        state.done = True
        return refreshed


# --- frames ---------------------------------------------------------------------------------------


@st.cache_resource(max_entries=16, show_spinner=False)
def _table(path: str, rev: int, name: str) -> pd.DataFrame:
    frame: pd.DataFrame = getattr(_open_store(path), name)()
    return frame


def table(name: str) -> pd.DataFrame:
    """One whole table of the store (shared, never to be changed in place)."""
    return _table(_path(), revision(), name)


@st.cache_resource(max_entries=64, show_spinner=False)
def _filtered(path: str, rev: int, name: str, filters: tuple[Any, ...]) -> pd.DataFrame:
    return views.apply_filters(_table(path, rev, name), Filters(*filters))


def _key(filters: Filters) -> tuple[Any, ...]:
    return (filters.years, filters.unit_types, filters.units)


def filtered(name: str, filters: Filters) -> pd.DataFrame:
    """One table restricted to the sidebar filters (shared, never to be changed in place)."""
    return _filtered(_path(), revision(), name, _key(filters))


def filtered_tables(filters: Filters) -> dict[str, pd.DataFrame]:
    """Every table of the current filter, as users export them (Chinese headers)."""
    if is_dataset():  # each report's top terms, straight from the dataset
        ids = set(filtered("reports", filters)["report_id"])
        top = get_store().terms(top=50)
        top = top[top["report_id"].isin(ids)]
    else:
        terms = filtered("terms", filters)
        top = terms.sort_values(["report_id", "count"], ascending=[True, False])
        top = top.groupby("report_id", sort=False).head(50)
    return {
        "报告": views.for_display(filtered("reports", filters)),
        "指标": views.for_display(filtered("metrics", filters)),
        "指标原文": views.for_display(filtered("mentions", filters)),
        "问题": views.for_display(filtered("problems", filters)),
        "问题类别": views.for_display(filtered("problem_categories", filters)),
        "关键词（每份前50）": views.for_display(top.reset_index(drop=True)),
    }


def workbook(filters: Filters) -> bytes:
    """The .xlsx workbook of every table of the current filter."""
    from analytics import export

    return export.workbook_bytes(filtered_tables(filters))


# --- cached views ---------------------------------------------------------------------------


@st.cache_resource(max_entries=16, show_spinner=False)
def _filter_options(path: str, rev: int, unit_types: tuple[str, ...]) -> views.FilterOptions:
    return views.filter_options(_table(path, rev, "reports"), unit_types=unit_types)


def filter_options(unit_types: Sequence[str] = ()) -> views.FilterOptions:
    """What the sidebar offers: years, unit types and the units of ``unit_types`` (cached)."""
    return _filter_options(_path(), revision(), tuple(unit_types))


@st.cache_resource(max_entries=4, show_spinner=False)
def _matches(path: str, rev: int) -> pd.DataFrame:
    """Every problem item's closest item in its unit's reports of the year before (the whole
    corpus, once per revision: a filter or threshold only selects from it)."""
    if path.startswith(_DATASET_PREFIX):  # computed by batch, read from the dataset
        found: pd.DataFrame = _open_store(path).problem_matches()
        return found
    return views.previous_matches(_table(path, rev, "problems"))


@st.cache_resource(max_entries=32, show_spinner=False)
def _repeats(path: str, rev: int, filters: tuple[Any, ...], threshold: float) -> pd.DataFrame:
    ids = _ids_or_all(path, rev, filters)
    return views.repeats_from_matches(_matches(path, rev), threshold=threshold, report_ids=ids)


def repeated_problems(filters: Filters, *, threshold: float) -> pd.DataFrame:
    """Problem items copied nearly word for word from the unit's year before (cached)."""
    return _repeats(_path(), revision(), _key(filters), threshold)


@st.cache_resource(max_entries=32, show_spinner=False)
def _repeat_summary(
    path: str, rev: int, filters: tuple[Any, ...], threshold: float
) -> pd.DataFrame:
    return views.repeat_summary(
        _repeats(path, rev, filters, threshold), _persistent(path, rev, filters)
    )


def repeat_summary(filters: Filters, *, threshold: float) -> pd.DataFrame:
    """Per unit, its repeated problem items and the categories it names again (cached)."""
    return _repeat_summary(_path(), revision(), _key(filters), threshold)


@st.cache_resource(max_entries=32, show_spinner=False)
def _persistent(path: str, rev: int, filters: tuple[Any, ...]) -> pd.DataFrame:
    return views.persistent_from_categories(_filtered(path, rev, "problem_categories", filters))


@st.cache_resource(max_entries=16, show_spinner=False)
def _metric_source(path: str, rev: int, filters: tuple[Any, ...], per_100: bool) -> pd.DataFrame:
    metrics = _filtered(path, rev, "metrics", filters)
    return views.per_100_members(metrics) if per_100 else metrics


def metric_source(filters: Filters, *, per_100: bool = False) -> pd.DataFrame:
    """The filtered metrics, as values per 100 party members if asked (cached)."""
    return _metric_source(_path(), revision(), _key(filters), per_100)


@st.cache_resource(max_entries=32, show_spinner=False)
def _metric_view(
    path: str, rev: int, filters: tuple[Any, ...], keys: tuple[str, ...], per_100: bool
) -> views.MetricView:
    return views.metric_view(_metric_source(path, rev, filters, per_100), keys)


def metric_view(filters: Filters, keys: Sequence[str], *, per_100: bool) -> views.MetricView:
    """The 指标 page's tables for the chosen metrics (cached by filter, metrics and per-100)."""
    return _metric_view(_path(), revision(), _key(filters), tuple(keys), per_100)


@st.cache_resource(max_entries=32, show_spinner=False)
def _metric_focus(
    path: str, rev: int, filters: tuple[Any, ...], key: str, per_100: bool
) -> tuple[pd.DataFrame, pd.DataFrame]:
    return views.metric_focus(_metric_source(path, rev, filters, per_100), key)


def metric_focus(filters: Filters, key: str, *, per_100: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One metric's bar data (per unit) and line data (per year), cached."""
    return _metric_focus(_path(), revision(), _key(filters), key, per_100)


@st.cache_resource(max_entries=32, show_spinner=False)
def _metric_evidence(
    path: str, rev: int, filters: tuple[Any, ...], keys: tuple[str, ...]
) -> pd.DataFrame:
    metrics = _filtered(path, rev, "metrics", filters)
    return metrics[metrics["metric"].isin(list(keys))].reset_index(drop=True)


def metric_evidence(filters: Filters, keys: Sequence[str]) -> pd.DataFrame:
    """The table values of the chosen metrics with their sentences (cached)."""
    return _metric_evidence(_path(), revision(), _key(filters), tuple(keys))


@st.cache_resource(max_entries=32, show_spinner=False)
def _category_view(path: str, rev: int, filters: tuple[Any, ...]) -> views.CategoryView:
    return views.category_view(_filtered(path, rev, "problem_categories", filters))


def category_view(filters: Filters) -> views.CategoryView:
    """The 问题 page's category charts of the filter (cached)."""
    return _category_view(_path(), revision(), _key(filters))


@st.cache_resource(max_entries=32, show_spinner=False)
def _problem_items(
    path: str, rev: int, filters: tuple[Any, ...], categories: tuple[str, ...], query: str
) -> pd.DataFrame:
    problems = _filtered(path, rev, "problems", filters)
    return views.problem_list(problems, categories=categories, query=query)


def problem_items(filters: Filters, *, categories: Sequence[str], query: str) -> pd.DataFrame:
    """The problem items of the filter having any of ``categories`` and containing ``query``."""
    return _problem_items(_path(), revision(), _key(filters), tuple(categories), query.strip())


@st.cache_resource(max_entries=4, show_spinner=False)
def _measures(path: str, rev: int) -> dict[str, str]:
    if path.startswith(_DATASET_PREFIX):
        measures: dict[str, str] = _open_store(path).metric_measures()
        return measures
    return views.metric_measures(_table(path, rev, "mentions"))


def metric_measures() -> dict[str, str]:
    """Per metric label, the measure word its figures are usually stated in (名, 次 …)."""
    return _measures(_path(), revision())


def _ids_or_all(path: str, rev: int, filters: tuple[Any, ...]) -> list[str] | None:
    """The filtered report ids, or None when the filter keeps every report (a dataset's
    queries then read whole tables or their derived totals, not a list of 100,000 ids)."""
    return None if filters == _key(Filters()) else _ids(path, rev, filters)


def _ids(path: str, rev: int, filters: tuple[Any, ...]) -> list[str]:
    return [str(r) for r in _filtered(path, rev, "reports", filters)["report_id"]]


@st.cache_resource(max_entries=32, show_spinner=False)
def _top_terms(path: str, rev: int, filters: tuple[Any, ...], n: int) -> pd.DataFrame:
    if path.startswith(_DATASET_PREFIX):  # aggregated by DuckDB, the long table never loaded
        ids = _ids_or_all(path, rev, filters)
        found: pd.DataFrame = _open_store(path).term_frequencies(ids, top=n)
        return found
    terms = _filtered(path, rev, "terms", filters)
    top: pd.DataFrame = keywords.top_terms(terms, n=n)
    return top


def top_terms(filters: Filters, *, n: int) -> pd.DataFrame:
    """The ``n`` most frequent terms of the filtered corpus: term, count."""
    return _top_terms(_path(), revision(), _key(filters), n)


@st.cache_resource(max_entries=32, show_spinner=False)
def _distinctive(
    path: str, rev: int, filters: tuple[Any, ...], column: str, value: Any, top: int
) -> pd.DataFrame:
    if path.startswith(_DATASET_PREFIX):
        terms = _side_totals(path, rev, filters, column, value)
        side: pd.DataFrame = keywords.distinctive_terms(terms, column="_side", value="in", top=top)
        return side
    terms = _filtered(path, rev, "terms", filters)
    out: pd.DataFrame = keywords.distinctive_terms(terms, column=column, value=value, top=top)
    return out


def distinctive_terms(filters: Filters, *, column: str, value: Any, top: int) -> pd.DataFrame:
    """Terms over-used by one unit (or year) against the rest of the filtered corpus."""
    return _distinctive(_path(), revision(), _key(filters), column, value, top)


@st.cache_resource(max_entries=8, show_spinner=False)
def _filter_term_totals(path: str, rev: int, filters: tuple[Any, ...]) -> pd.DataFrame:
    """Every term's total count over the filtered reports of a dataset (one scan, cached)."""
    ids = _ids_or_all(path, rev, filters)
    totals: pd.DataFrame = _open_store(path).term_totals(ids)
    return totals


def _side_totals(
    path: str, rev: int, filters: tuple[Any, ...], column: str, value: Any
) -> pd.DataFrame:
    """Term totals of the group (``column == value``) and of the rest of the filter, as rows.

    The rest is the filter's totals minus the group's: a unit's few reports are read, not the
    other 99,990 (the filter's totals are read once and cached).
    """
    reports = _filtered(path, rev, "reports", filters)
    chosen = reports[column].isna() if value is None else reports[column] == value
    chosen = chosen.fillna(False).astype(bool)
    ids = [str(r) for r in reports.loc[chosen, "report_id"]]
    empty = pd.DataFrame({"term": pd.Series(dtype=object), "count": pd.Series(dtype="int64")})
    inside = _open_store(path).term_totals(ids) if ids else empty
    every = _filter_term_totals(path, rev, filters)
    rest = every.merge(inside, on="term", how="left", suffixes=("", "_in"))
    rest["count"] = rest["count"] - rest["count_in"].fillna(0).astype("int64")
    rest = rest.loc[rest["count"] > 0, ["term", "count"]]
    parts = [inside.assign(_side="in", report_id="in"), rest.assign(_side="out", report_id="out")]
    return pd.concat(parts, ignore_index=True)


@st.cache_data(max_entries=16, show_spinner=False)
def _cloud(frequencies: tuple[tuple[str, int], ...], width: int, height: int) -> bytes:
    from analytics import cloud

    return cloud.word_cloud_png(dict(frequencies), width=width, height=height)


def word_cloud(top: pd.DataFrame, *, width: int = 900, height: int = 450) -> bytes:
    """PNG of the word cloud of a term/count frame (cached by its content)."""
    pairs = tuple((str(t), int(c)) for t, c in zip(top["term"], top["count"], strict=True))
    return _cloud(pairs, width, height)


@st.cache_resource(max_entries=4, show_spinner=False)
def _texts(path: str, rev: int, ids: tuple[str, ...]) -> pd.DataFrame:
    frame: pd.DataFrame = _open_store(path).texts(list(ids))
    return frame


@st.cache_resource(max_entries=8, show_spinner=False)
def _kwic_texts(
    path: str, rev: int, filters: tuple[Any, ...], query: str, regex: bool
) -> pd.DataFrame:
    """The texts a keyword search reads: of a dataset, only the first that contain the query."""
    if path.startswith(_DATASET_PREFIX):
        ids = _ids_or_all(path, rev, filters)
        found: pd.DataFrame = _open_store(path).texts_containing(
            ids, query, regex=regex, limit=KWIC_LIMIT
        )
        return found
    return _texts(path, rev, tuple(sorted(_ids(path, rev, filters))))


@st.cache_resource(max_entries=32, show_spinner=False)
def _kwic(path: str, rev: int, filters: tuple[Any, ...], query: str, regex: bool) -> pd.DataFrame:
    texts = _kwic_texts(path, rev, filters, query, regex)
    found: pd.DataFrame = keywords.kwic(texts, query, width=30, regex=regex, limit=KWIC_LIMIT)
    return found


def kwic_texts(filters: Filters, query: str, *, regex: bool = False) -> pd.DataFrame:
    """The texts ``kwic`` searched (for the whole sentence around each hit; cached)."""
    return _kwic_texts(_path(), revision(), _key(filters), query, regex)


def kwic(filters: Filters, query: str, *, regex: bool = False) -> pd.DataFrame:
    """Every occurrence of ``query`` in the filtered reports, with its context (cached)."""
    return _kwic(_path(), revision(), _key(filters), query, regex)


@st.cache_resource(max_entries=8, show_spinner=False)
def _report_text(path: str, rev: int, report_id: str) -> str:
    text: str = _open_store(path).report_text(report_id)
    return text


def report_text(report_id: str) -> str:
    """The full extracted text of one report."""
    return _report_text(_path(), revision(), report_id)


@st.cache_resource(max_entries=64, show_spinner=False)
def _report_rows(path: str, rev: int, name: str, report_id: str) -> pd.DataFrame:
    if path.startswith(_DATASET_PREFIX):
        rows: pd.DataFrame = _open_store(path).report_rows(name, report_id)
        return rows
    frame = _table(path, rev, name)
    return frame[frame["report_id"] == report_id].reset_index(drop=True)


def report_rows(name: str, report_id: str) -> pd.DataFrame:
    """The rows of one table that belong to one report (cached; do not change them)."""
    return _report_rows(_path(), revision(), name, report_id)


# --- writes ---------------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def _tokenizer() -> Any:
    from analytics.tokenize import load_tokenizer

    return load_tokenizer()


def ingest_files(
    files: Sequence[tuple[str, bytes]], *, on_result: Callable[[int, Any], None] | None = None
) -> list[Any]:
    """Add uploaded files to the store, one by one; returns one IngestResult per file."""
    from analytics import ingest

    db = _writable()
    tokenizer = _tokenizer()
    results = []
    for i, (name, data) in enumerate(files):
        result = ingest.ingest_bytes(db, data, name, tokenizer=tokenizer)
        results.append(result)
        if on_result is not None:
            on_result(i, result)
    return results


def correct_meta(changes: Sequence[tuple[str, dict[str, object]]]) -> int:
    """Apply the user's metadata corrections; returns how many reports changed."""
    db = _writable()
    for report_id, fields in changes:
        db.correct_meta(report_id, **fields)  # type: ignore[arg-type]
    return len(changes)


def delete_report(report_id: str) -> None:
    """Remove one report and everything extracted from it."""
    _writable().delete_report(report_id)


def static_export_available() -> bool:
    """Whether PNG/SVG export can run on this machine (checked once per process)."""
    return _static_ok()


@st.cache_resource(show_spinner=False)
def _static_ok() -> bool:
    from analytics import export

    return bool(export.static_export_available())


# --- review (审阅) ----------------------------------------------------------------------------


@st.cache_resource(max_entries=4, show_spinner="正在审阅全部报告……")
def _review(path: str, rev: int, rules_text: str, topics_text: str) -> Any:
    from analytics import review
    from analytics.review import coverage, rules

    chosen_rules = rules.parse_rules(rules_text, file="上传的规则文件") if rules_text else None
    topics = coverage.parse_topics(topics_text, file="要点清单") if topics_text else None
    from analytics.documents import build

    db = _open_store(path)
    return review.review_corpus(
        _table(path, rev, "reports"),
        db.texts(),
        problems=_table(path, rev, "problems"),
        mentions=_table(path, rev, "mentions"),
        rules=chosen_rules,
        topics=topics,
        ledger=build.ledger_for_review(build.stored_ledger(db)),  # uploaded 整改台账 status
    )


def review(*, rules_text: str = "", topics_text: str = "") -> Any:
    """The ReviewResult of the whole corpus (cached by store revision, rules and topics)."""
    return _review(_path(), revision(), rules_text, topics_text)


@st.cache_resource(max_entries=64, show_spinner=False)
def _review_filtered(
    path: str, rev: int, rules_text: str, topics_text: str, name: str, filters: tuple[Any, ...]
) -> pd.DataFrame:
    frame: pd.DataFrame = getattr(_review(path, rev, rules_text, topics_text), name)
    return views.apply_filters(frame, Filters(*filters))


def review_table(
    name: str, filters: Filters, *, rules_text: str = "", topics_text: str = ""
) -> pd.DataFrame:
    """One table of the review, restricted to the sidebar filters (cached; do not change it)."""
    return _review_filtered(_path(), revision(), rules_text, topics_text, name, _key(filters))


@st.cache_resource(max_entries=64, show_spinner=False)
def _review_shown(
    path: str, rev: int, rules_text: str, topics_text: str, name: str, filters: tuple[Any, ...]
) -> pd.DataFrame:
    from analytics.review import coverage, display

    if name == "coverage_matrix":
        return coverage.coverage_matrix(
            _review_filtered(path, rev, rules_text, topics_text, "coverage", filters)
        )
    if name == "coverage_gaps":
        long = _review_filtered(path, rev, rules_text, topics_text, "coverage", filters)
        return display.for_people(long[~long["covered"]])
    frame = _review_filtered(path, rev, rules_text, topics_text, name, filters)
    first = {"plausibility": "status", "specificity": "generic", "passages": "sentences"}
    if name in first:  # findings first: breaches, generic items, the longest passages
        key = first[name]
        order = frame[key] != schema.BREACH if key == "status" else ~frame[key].astype(bool)
        if key == "sentences":
            order = -frame[key]
        frame = frame.assign(_o=order).sort_values("_o", kind="stable").drop(columns="_o")
    return display.for_people(frame)


def review_shown(
    name: str, filters: Filters, *, rules_text: str = "", topics_text: str = ""
) -> pd.DataFrame:
    """One review table as people read it (Chinese headers, 是/否, %), filtered and cached.
    ``coverage_matrix`` and ``coverage_gaps`` are the report × topic matrix and the gaps."""
    return _review_shown(_path(), revision(), rules_text, topics_text, name, _key(filters))


# --- documents for reviewers (点评, 台账, 汇编, 通报, 共性/个性问题) -----------------------------


@st.cache_data(show_spinner="正在生成文书……", max_entries=16)
def _document(path: str, rev: int, kind: str, ids: tuple[str, ...]) -> tuple[bytes, str, str]:
    from analytics.documents import build
    from analytics.documents.findings import review_findings

    db = _open_store(path)
    findings = review_findings(_review(path, rev, "", ""))  # the 审阅 page's cached result
    materials = build.materials_from_store(db, report_ids=list(ids), findings=findings)
    built = build.build(kind, materials, status=build.stored_ledger(db))
    return built.data, built.name, built.mime


def document(kind: str, report_ids: Sequence[str]) -> tuple[bytes, str, str]:
    """One kind of document for the given reports: (bytes, default file name, MIME type)."""
    return _document(_path(), revision(), kind, tuple(sorted(report_ids)))


@st.cache_data(show_spinner=False, max_entries=8)
def _commonality(path: str, rev: int, ids: tuple[str, ...]) -> dict[str, pd.DataFrame]:
    from analytics.documents import build, commonality

    return commonality.summary(build.materials_from_store(_open_store(path), report_ids=list(ids)))


def commonality(report_ids: Sequence[str]) -> dict[str, pd.DataFrame]:
    """共性/个性问题 tables for the given reports (categories, phrases, individual items)."""
    return _commonality(_path(), revision(), tuple(sorted(report_ids)))


def import_ledger(data: bytes, name: str) -> int:
    """Keep a filled-in 台账's status; raises ReportError (Chinese) for a file that is not one."""
    from analytics.documents import build

    return build.import_ledger(get_store(), data, name)


@st.cache_data(show_spinner=False, max_entries=4)
def _open_ledger_items(path: str, rev: int) -> pd.DataFrame:
    from analytics.documents import build, ledger

    db = _open_store(path)
    return ledger.open_items(build.stored_ledger(db), db.reports())


def open_ledger_items() -> pd.DataFrame:
    """台账 items not yet 已整改 whose unit has handed in the next year's report."""
    return _open_ledger_items(_path(), revision())


@st.cache_data(show_spinner=False, max_entries=4)
def _ledger_count(path: str, rev: int) -> int:
    from analytics.documents import build

    return len(build.stored_ledger(_open_store(path)))


def ledger_count() -> int:
    """How many 台账 items have an uploaded status."""
    return _ledger_count(_path(), revision())
