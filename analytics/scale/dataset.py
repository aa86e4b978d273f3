"""A Parquet dataset written by ``batch``, read through DuckDB: the tables and their aggregates."""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final

import pandas as pd

from analytics import EXTRACTOR_VERSION, schema, tables, views

DERIVED: Final = "derived"  # the folder of tables computed over the whole dataset after a batch
DERIVED_TABLES: Final = ("metrics", "problem_categories", "matches", "term_totals")
MATCH_GROUP_ITEMS: Final = 100_000  # problem items compared in one group of units (about 1 GB)
_POS_STRIDE: Final = 10**12  # ``pos`` offset between groups of units
_KEPT: Final = ("reports", "problems")  # whole tables kept in memory once read (every page's base)
_TEXT_BATCH: Final = 2_000  # texts per batch when a regular expression is tested in Python

# Columns each Parquet table holds besides the store's (schema) columns.
_EXTRA: Final[dict[str, tuple[str, ...]]] = {
    "reports": ("extractor_version", "location", "part"),
    "mentions": ("part",),
    "problems": ("part",),
    "terms": ("part",),
    "texts": ("part",),
}
_SCHEMA: Final[dict[str, tuple[str, ...]]] = {
    "reports": schema.REPORTS,
    "mentions": schema.MENTIONS,
    "problems": schema.PROBLEMS,
    "terms": schema.TERMS,
    "texts": ("report_id", "text"),
}


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _frame_types(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in schema.FLAG_COLUMNS:
        if column in out.columns:
            out[column] = out[column].astype(bool)
    if "year" in out.columns:
        out["year"] = out["year"].astype("Int64")
    return out


class Dataset:
    """Read-only access to a batch output folder; every query answered by DuckDB from Parquet.

    Where a report was written more than once (a rerun with a new extractor version, the same
    bytes twice), one copy counts: the current version's, the latest partition's.
    """

    def __init__(self, root: Path, *, extractor_version: str = EXTRACTOR_VERSION) -> None:
        import duckdb

        self.root = Path(root)
        self._extractor_version = extractor_version
        self._computed: dict[str, pd.DataFrame] = {}
        self._locks = {name: threading.Lock() for name in (*DERIVED_TABLES, *_KEPT)}
        self._con: Any = duckdb.connect()
        self._local = threading.local()  # one cursor per thread: a connection is not shared
        for name in ("reports", "mentions", "problems", "terms", "texts", "refused"):
            files = sorted((self.root / name).glob("*.parquet"))
            source = f"{name}_files"
            if files:
                listing = "[" + ", ".join(_quote(str(f)) for f in files) + "]"
                self._con.execute(
                    f"CREATE VIEW {source} AS "
                    f"SELECT * FROM read_parquet({listing}, union_by_name = true)"
                )
            else:
                self._con.execute(f"CREATE VIEW {source} AS {self._empty(name)}")
        # The copy of each report that counts, ranked once when the dataset opens (a table, not a
        # view: every other table is joined to it, and ranking 100,000 reports takes 0.3 s).
        self._con.execute(
            "CREATE TABLE reports AS SELECT * EXCLUDE (rn) FROM ("
            " SELECT *, row_number() OVER (PARTITION BY report_id ORDER BY"
            f" (extractor_version = {_quote(extractor_version)}) DESC, part DESC, file) AS rn"
            " FROM reports_files) WHERE rn = 1"
        )
        for name in ("mentions", "problems", "terms", "texts"):
            self._con.execute(
                f"CREATE VIEW {name} AS SELECT c.* FROM {name}_files AS c"
                " SEMI JOIN reports AS r ON c.report_id = r.report_id AND c.part = r.part"
            )
        self._con.execute("CREATE VIEW refused AS SELECT * FROM refused_files")

    @staticmethod
    def _empty(name: str) -> str:
        columns = {
            "refused": ("report_id", "file", "location", "error", "part"),
        }.get(name) or (*_SCHEMA[name], *_EXTRA[name])
        typed = {
            "year": "INTEGER",
            "value": "DOUBLE",
            "count": "BIGINT",
            "chars": "BIGINT",
            "item": "BIGINT",
            "start": "BIGINT",
            "end": "BIGINT",
            "approx": "BOOLEAN",
            "needs_review": "BOOLEAN",
            "corrected": "BOOLEAN",
        }
        cols = ", ".join(f'CAST(NULL AS {typed.get(c, "VARCHAR")}) AS "{c}"' for c in columns)
        return f"SELECT {cols} WHERE false"

    def _cursor(self) -> Any:
        """This thread's cursor on the dataset's views (the dashboard serves many sessions)."""
        cursor = getattr(self._local, "cursor", None)
        if cursor is None:
            cursor = self._local.cursor = self._con.cursor()
        return cursor

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Dataset:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _df(self, sql: str, params: Sequence[object] | dict[str, object] = ()) -> pd.DataFrame:
        """A query's rows as a frame, through Arrow (a quarter of the time of DuckDB's ``df``)."""
        bound = params if isinstance(params, dict) else list(params)
        table = self._cursor().sql(sql, params=bound or None).to_arrow_table()
        frame: pd.DataFrame = table.combine_chunks().to_pandas()  # one chunk: fast row selection
        return frame

    def _table(self, name: str, *, order: str) -> pd.DataFrame:
        columns = ", ".join(f'"{c}"' for c in _SCHEMA[name])
        return _frame_types(self._df(f"SELECT {columns} FROM {name} ORDER BY {order}"))

    # --- the store's tables --------------------------------------------------------------------

    def count(self) -> int:
        return int(self._cursor().execute("SELECT count(*) FROM reports").fetchall()[0][0])

    def reports(self) -> pd.DataFrame:
        """One row per report (schema.REPORTS), in file order (read once; do not change it)."""
        return self._kept("reports", lambda: self._table("reports", order="file, report_id"))

    def mentions(self) -> pd.DataFrame:
        return self._table("mentions", order='report_id, "start", metric')

    def metrics(self) -> pd.DataFrame:
        """Table value per report and metric (as ``tables.metrics_from_mentions``)."""
        return self._derived("metrics")

    def problems(self) -> pd.DataFrame:
        """One row per problem item (read once; do not change it)."""
        return self._kept("problems", lambda: self._table("problems", order="report_id, item"))

    def _kept(self, name: str, read: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        """``read()`` once per table name, kept; a second caller waits for the first's frame."""
        with self._locks[name]:
            if name not in self._computed:
                self._computed[name] = read()
            return self._computed[name]

    def preload(self) -> threading.Thread:
        """Read the tables every page starts from (reports, problems and the derived tables)
        in a background thread and keep them: the dashboard starts it when it opens a dataset,
        so that the first user's first page finds them in memory. Returns the started thread."""

        def read() -> None:
            try:
                for load in (
                    self.reports,
                    self.metrics,
                    self.problems,
                    self.problem_categories,
                    self.problem_matches,
                    self.term_totals,
                ):
                    load()
            except Exception:  # a damaged file: the page that reads it reports the error
                return

        # Not a daemon: an interpreter that exits while pyarrow or DuckDB run in a daemon thread
        # can hang in its shutdown (seen here: 1 exit in 15); this one ends within seconds.
        thread = threading.Thread(target=read, name="dataset-preload")
        thread.start()
        return thread

    def problem_categories(self) -> pd.DataFrame:
        """One row per problem item and category (schema.PROBLEM_CATEGORY_ROWS)."""
        return self._derived("problem_categories")

    def terms(self, *, top: int | None = None) -> pd.DataFrame:
        """Per report and term its count (schema.TERMS); with ``top``, each report's top terms."""
        columns = ", ".join(f'"{c}"' for c in schema.TERMS)
        limit = "" if top is None else f"QUALIFY row_number() OVER w <= {int(top)}"
        return _frame_types(
            self._df(
                f"SELECT {columns} FROM terms WINDOW w AS (PARTITION BY report_id"
                f" ORDER BY count DESC, term) {limit} ORDER BY report_id, count DESC, term"
            )
        )

    def texts(self, report_ids: Sequence[str] | None = None) -> pd.DataFrame:
        """Key columns, file name and text of the given reports (all when None)."""
        where = "" if report_ids is None else "WHERE r.report_id IN (SELECT unnest($1))"
        params: list[object] = [] if report_ids is None else [list(report_ids)]
        return _frame_types(
            self._df(
                "SELECT r.report_id, r.unit, r.unit_type, r.year, r.file, t.text FROM reports AS r"
                f" JOIN texts AS t ON t.report_id = r.report_id {where} ORDER BY r.file",
                params,
            )
        )

    def report_text(self, report_id: str) -> str:
        rows = (
            self._cursor()
            .execute(  # fetch every row: a half-read result blocks the connection
                f"SELECT text FROM texts_files WHERE report_id = $id AND {self._ONE_COPY}",
                {"id": report_id, "v": self._extractor_version},
            )
            .fetchall()
        )
        return str(rows[0][0]) if rows else ""

    def report_rows(self, name: str, report_id: str) -> pd.DataFrame:
        """The rows of one table (mentions, problems, terms) that belong to one report."""
        if name not in ("mentions", "problems", "terms"):
            raise KeyError(name)
        columns = ", ".join(f'"{c}"' for c in _SCHEMA[name])
        order = {"mentions": '"start", metric', "problems": "item", "terms": "count DESC, term"}
        return _frame_types(
            self._df(
                f"SELECT {columns} FROM {name}_files WHERE report_id = $id AND {self._ONE_COPY}"
                f" ORDER BY {order[name]}",
                {"id": report_id, "v": self._extractor_version},
            )
        )

    # The partition holding the copy of report $id that counts (as the ``reports`` view picks
    # it), found among that report's rows only: the view would rank all 100,000 reports.
    _ONE_COPY: Final = (
        "part = (SELECT part FROM reports_files WHERE report_id = $id"
        " ORDER BY (extractor_version = $v) DESC, part DESC, file LIMIT 1)"
    )

    def texts_containing(
        self,
        report_ids: Sequence[str] | None,
        query: str,
        *,
        regex: bool = False,
        limit: int | None = None,
    ) -> pd.DataFrame:
        """As ``texts`` but only the reports whose text contains ``query`` (a Python regular
        expression if asked), in the order keyword search reads them (year, unit, file, report
        id); with ``limit``, only the first ``limit`` of them. Each holds at least one hit, so
        the first ``limit`` hits lie among them: a search of 100,000 texts reads only those.

        A literal query is tested by DuckDB. A regular expression is tested here, by Python's
        ``re`` (DuckDB's RE2 reads ``\\d`` and lookarounds differently), over the texts streamed
        in batches, so that memory holds one batch and the matches, never every text.
        """
        select = (
            "SELECT r.report_id, r.unit, r.unit_type, r.year, r.file, t.text FROM reports AS r"
            " JOIN texts AS t ON t.report_id = r.report_id"
        )
        order = " ORDER BY r.year NULLS LAST, r.unit, r.file, r.report_id"
        conditions: list[str] = []
        params: dict[str, object] = {}
        if report_ids is not None:
            conditions.append("r.report_id IN (SELECT unnest($ids))")
            params["ids"] = list(report_ids)
        if not regex:  # the texts are tested first, then joined: twice as fast as the view
            params["q"] = query
            where = " WHERE " + " AND ".join(conditions) if conditions else ""
            cap = "" if limit is None else f" LIMIT {max(0, int(limit))}"
            hits = (
                "SELECT r.report_id, r.unit, r.unit_type, r.year, r.file, t.text FROM"
                " (SELECT report_id, part, text FROM texts_files WHERE contains(text, $q)) AS t"
                " JOIN reports AS r ON t.report_id = r.report_id AND t.part = r.part"
            )
            return _frame_types(self._df(hits + where + order + cap, params))
        try:
            pattern = re.compile(query)
        except re.error:  # keyword search explains the error to the user
            return _frame_types(self._df(select + " WHERE false", {}))
        where = " WHERE " + " AND ".join(conditions) if conditions else ""
        cursor = self._con.cursor()  # its own cursor: the stream may stop before its end
        kept: list[pd.DataFrame] = []
        found = 0
        try:
            reader = cursor.sql(select + where + order, params=params or None).to_arrow_reader(
                _TEXT_BATCH
            )
            for batch in reader:
                frame = batch.to_pandas()
                hit = [isinstance(t, str) and pattern.search(t) is not None for t in frame["text"]]
                chosen = frame[hit]
                if limit is not None:
                    chosen = chosen.head(limit - found)
                kept.append(chosen)
                found += len(chosen)
                if limit is not None and found >= limit:
                    break
        finally:
            cursor.close()
        if not kept:
            return _frame_types(self._df(select + " WHERE false", {}))
        return _frame_types(pd.concat(kept, ignore_index=True))

    def metric_measures(self) -> dict[str, str]:
        """Per metric label, its most frequent measure word (as ``views.metric_measures``)."""
        rows = (
            self._cursor()
            .execute(
                "SELECT metric, unit_of_measure FROM (SELECT metric, unit_of_measure,"
                " row_number() OVER (PARTITION BY metric ORDER BY count(*) DESC, unit_of_measure)"
                " AS rn FROM mentions WHERE unit_of_measure IS NOT NULL AND unit_of_measure <> ''"
                " GROUP BY metric, unit_of_measure) WHERE rn = 1"
            )
            .fetchall()
        )
        return {schema.METRIC_LABELS.get(str(k), str(k)): str(m) for k, m in rows}

    def revision(self) -> int:
        """A stamp of the files: changes when a batch adds or rewrites partitions."""
        return Dataset.stamp(self.root)

    @staticmethod
    def stamp(root: Path) -> int:
        """The modification times of a dataset's table folders, mixed: every partition file is
        written under a temporary name and renamed into its folder, which changes the folder's
        time. A few ``stat`` calls, not one per file (a million reports make 4,000 files)."""
        stamp = 0
        for folder in sorted(Path(root).iterdir()):
            if folder.is_dir():
                stamp = (stamp * 31 + folder.stat().st_mtime_ns) % (2**61 - 1)
        return stamp

    def get_setting(self, key: str) -> str | None:
        """A dataset keeps no settings (it is read-only); the store's interface, answered."""
        return None

    def refused(self) -> pd.DataFrame:
        return self._df("SELECT report_id, file, location, error FROM refused ORDER BY file")

    # --- tables derived from the whole dataset (written by batch, else computed here) -------

    def fingerprint(self) -> str:
        """What the derived tables were computed from: the report partitions and the version."""
        digest = hashlib.sha256(self._extractor_version.encode())
        for f in sorted((self.root / "reports").glob("*.parquet")):
            digest.update(f"{f.name}:{f.stat().st_size}".encode())
        return digest.hexdigest()[:16]

    def derived_path(self, name: str) -> Path:
        """Where ``batch`` writes one derived table (DERIVED_TABLES) of the current partitions."""
        if name not in DERIVED_TABLES:
            raise KeyError(name)
        return self.root / DERIVED / f"{name}-{self.fingerprint()}.parquet"

    def compute_derived(self, name: str) -> pd.DataFrame:
        """One derived table computed from the partitions: the table values per report and
        metric (in SQL), the long form of problem categories, the repeated-problem matches
        (``views.previous_matches``, which compares a unit's reports of consecutive years), or
        every term's total count and document frequency."""
        if name == "metrics":
            return self.metric_values()
        if name == "problem_categories":
            return tables.problem_categories_frame(self.problems())
        if name == "matches":
            return self._matches_by_unit_group()
        if name == "term_totals":  # one row per report and term: a term's rows are its df
            return self._df(
                'SELECT term, sum("count")::BIGINT AS "count", count(*)::BIGINT AS df'
                ' FROM terms GROUP BY term ORDER BY "count" DESC, term'
            )
        raise KeyError(name)

    def _matches_by_unit_group(self, *, items_per_group: int = MATCH_GROUP_ITEMS) -> pd.DataFrame:
        """``views.previous_matches`` of the problems, one group of units at a time.

        Repeats are found within a unit, so the units can be split (by a hash of the name) and
        each group's items compared on their own: memory holds one group's character bigrams
        (1.1 GB at 100,000 items a group, measured; 3.2 GB for 460,000 items at once), not a
        million reports' at once. Within a group the items keep the dataset's order (report,
        item), so ties go as they would in one pass; ``pos`` is offset per group to stay unique.
        """
        total = self.count_rows("problems")
        groups = max(1, -(-total // max(1, items_per_group)))
        if groups == 1:
            return views.previous_matches(self.problems())
        columns = ", ".join(f'"{c}"' for c in schema.PROBLEMS)
        parts = []
        for group in range(groups):
            items = _frame_types(
                self._df(
                    f"SELECT {columns} FROM problems"
                    f" WHERE hash(coalesce(unit, '')) % {groups} = {group} ORDER BY report_id, item"
                )
            )
            found = views.previous_matches(items)
            offset = group * _POS_STRIDE
            parts.append(
                found.assign(pos=found["pos"] + offset, prev_pos=found["prev_pos"] + offset)
            )
        return views.match_types(pd.concat(parts, ignore_index=True))

    def count_rows(self, name: str) -> int:
        """Rows of one table (of the copies that count)."""
        if name not in _SCHEMA:
            raise KeyError(name)
        return int(self._cursor().execute(f"SELECT count(*) FROM {name}").fetchall()[0][0])

    def _derived(self, name: str) -> pd.DataFrame:
        """A derived table, kept once read: from the file ``batch`` wrote for the current
        partitions, or, where there is none (an older output, partitions added since), computed
        here."""
        return self._kept(name, lambda: self._read_derived(name))

    def _read_derived(self, name: str) -> pd.DataFrame:
        path = self.derived_path(name)
        if not path.is_file():
            return self.compute_derived(name)
        import pyarrow.parquet as pq

        frame = pq.read_table(path).combine_chunks().to_pandas()
        if name == "matches":
            return views.match_types(frame.loc[:, list(schema.PROBLEM_MATCHES)])
        return _frame_types(frame)

    def problem_matches(self) -> pd.DataFrame:
        """``views.previous_matches`` of the dataset's problems (schema.PROBLEM_MATCHES)."""
        return self._derived("matches")

    # --- aggregates the pages show, computed without loading the long tables ------------------

    def _selection(self, report_ids: Sequence[str] | None) -> tuple[str, list[object]]:
        if report_ids is None:
            return "", []
        return " WHERE report_id IN (SELECT unnest($1))", [list(report_ids)]

    def metric_values(self, report_ids: Sequence[str] | None = None) -> pd.DataFrame:
        """The table value per report and metric (schema.METRICS), for the selection."""
        where, params = self._selection(report_ids)
        return _frame_types(
            self._df(
                "SELECT report_id, unit, unit_type, year, metric, value, approx, evidence FROM ("
                " SELECT *, row_number() OVER (PARTITION BY report_id, metric"
                ' ORDER BY value DESC, "start") AS rn FROM mentions'
                f"{where}) WHERE rn = 1 ORDER BY report_id, metric",
                params,
            )
        )

    def category_counts(self, report_ids: Sequence[str] | None = None) -> pd.DataFrame:
        """Per category: problem items and reports naming it, for the selection."""
        where, params = self._selection(report_ids)
        return self._df(
            "SELECT category, count(*) AS items, count(DISTINCT report_id) AS reports FROM ("
            " SELECT report_id, unnest(string_split(categories, ',')) AS category"
            f" FROM problems{where}) WHERE category <> '' GROUP BY category"
            " ORDER BY items DESC, category",
            params,
        )

    def term_frequencies(
        self, report_ids: Sequence[str] | None = None, *, top: int = 100
    ) -> pd.DataFrame:
        """The ``top`` terms of the selection: total count and reports using each (df)."""
        if report_ids is None:  # the whole dataset: its derived totals
            return self._derived("term_totals").head(int(top)).reset_index(drop=True)
        where, params = self._selection(report_ids)
        return self._df(
            # One row per report and term: the rows of a term are its document frequency.
            'SELECT term, sum("count")::BIGINT AS "count", count(*) AS df'
            f' FROM terms{where} GROUP BY term ORDER BY "count" DESC, term LIMIT {int(top)}',
            params,
        )

    def term_totals(self, report_ids: Sequence[str] | None = None) -> pd.DataFrame:
        """Every term of the selection with its total count (for distinctive-term scores)."""
        if report_ids is None:
            return self._derived("term_totals").loc[:, ["term", "count"]]
        where, params = self._selection(report_ids)
        return self._df(
            f'SELECT term, sum("count")::BIGINT AS "count" FROM terms{where} GROUP BY term',
            params,
        )
