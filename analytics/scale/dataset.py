"""A Parquet dataset written by ``batch``, read through DuckDB: the tables and their aggregates."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import pandas as pd

from analytics import EXTRACTOR_VERSION, schema, tables

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
        self._con: Any = duckdb.connect()
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
        self._con.execute(
            "CREATE VIEW reports AS SELECT * EXCLUDE (rn) FROM ("
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

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Dataset:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _df(self, sql: str, params: Sequence[object] = ()) -> pd.DataFrame:
        frame: pd.DataFrame = self._con.execute(sql, list(params)).df()
        return frame

    def _table(self, name: str, *, order: str) -> pd.DataFrame:
        columns = ", ".join(f'"{c}"' for c in _SCHEMA[name])
        return _frame_types(self._df(f"SELECT {columns} FROM {name} ORDER BY {order}"))

    # --- the store's tables --------------------------------------------------------------------

    def count(self) -> int:
        return int(self._con.execute("SELECT count(*) FROM reports").fetchone()[0])

    def reports(self) -> pd.DataFrame:
        """One row per report (schema.REPORTS), in file order."""
        return self._table("reports", order="file, report_id")

    def mentions(self) -> pd.DataFrame:
        return self._table("mentions", order='report_id, "start", metric')

    def metrics(self) -> pd.DataFrame:
        """Table value per report and metric (as ``tables.metrics_from_mentions``), in SQL."""
        return self.metric_values()

    def problems(self) -> pd.DataFrame:
        return self._table("problems", order="report_id, item")

    def problem_categories(self) -> pd.DataFrame:
        return tables.problem_categories_frame(self.problems())

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
        row = self._con.execute(
            "SELECT text FROM texts WHERE report_id = $1", [report_id]
        ).fetchone()
        return "" if row is None else str(row[0])

    def report_rows(self, name: str, report_id: str) -> pd.DataFrame:
        """The rows of one table (mentions, problems, terms) that belong to one report."""
        if name not in ("mentions", "problems", "terms"):
            raise KeyError(name)
        columns = ", ".join(f'"{c}"' for c in _SCHEMA[name])
        order = {"mentions": '"start", metric', "problems": "item", "terms": "count DESC, term"}
        return _frame_types(
            self._df(
                f"SELECT {columns} FROM {name} WHERE report_id = $1 ORDER BY {order[name]}",
                [report_id],
            )
        )

    def texts_containing(
        self, report_ids: Sequence[str] | None, query: str, *, regex: bool = False
    ) -> pd.DataFrame:
        """As ``texts`` but only the reports whose text contains ``query`` (a regex if asked)."""
        test = "regexp_matches(t.text, $q)" if regex else "contains(t.text, $q)"
        where = f"WHERE {test}"
        params: dict[str, object] = {"q": query}
        if report_ids is not None:
            where += " AND r.report_id IN (SELECT unnest($ids))"
            params["ids"] = list(report_ids)
        frame: pd.DataFrame = self._con.execute(
            "SELECT r.report_id, r.unit, r.unit_type, r.year, r.file, t.text FROM reports AS r"
            f" JOIN texts AS t ON t.report_id = r.report_id {where} ORDER BY r.file",
            params,
        ).df()
        return _frame_types(frame)

    def metric_measures(self) -> dict[str, str]:
        """Per metric label, its most frequent measure word (as ``views.metric_measures``)."""
        rows = self._con.execute(
            "SELECT metric, unit_of_measure FROM (SELECT metric, unit_of_measure,"
            " row_number() OVER (PARTITION BY metric ORDER BY count(*) DESC, unit_of_measure)"
            " AS rn FROM mentions WHERE unit_of_measure IS NOT NULL AND unit_of_measure <> ''"
            " GROUP BY metric, unit_of_measure) WHERE rn = 1"
        ).fetchall()
        return {schema.METRIC_LABELS.get(str(k), str(k)): str(m) for k, m in rows}

    def revision(self) -> int:
        """A fingerprint of the files: changes when a batch adds or rewrites partitions."""
        stamp = 0
        for f in self.root.glob("*/*.parquet"):
            st = f.stat()
            stamp = (stamp * 31 + st.st_mtime_ns + st.st_size) % (2**61 - 1)
        return stamp

    def get_setting(self, key: str) -> str | None:
        """A dataset keeps no settings (it is read-only); the store's interface, answered."""
        return None

    def refused(self) -> pd.DataFrame:
        return self._df("SELECT report_id, file, location, error FROM refused ORDER BY file")

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
        where, params = self._selection(report_ids)
        return self._df(
            # One row per report and term: the rows of a term are its document frequency.
            'SELECT term, sum("count")::BIGINT AS "count", count(*) AS df'
            f' FROM terms{where} GROUP BY term ORDER BY "count" DESC, term LIMIT {int(top)}',
            params,
        )

    def term_totals(self, report_ids: Sequence[str] | None = None) -> pd.DataFrame:
        """Every term of the selection with its total count (for distinctive-term scores)."""
        where, params = self._selection(report_ids)
        return self._df(
            f'SELECT term, sum("count")::BIGINT AS "count" FROM terms{where} GROUP BY term',
            params,
        )
