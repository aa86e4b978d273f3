"""The corpus store: one embedded SQLite file (WAL) holding every report and its derived tables."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Final, Self, TypeVar

import pandas as pd

from analytics import readers, schema, tables
from analytics.errors import ReportError
from analytics.records import (
    UNKNOWN_UNIT,
    Document,
    ManifestRow,
    Mention,
    Meta,
    Problem,
    Report,
    review_field,
)

DATA_DIR_ENV: Final = "PARTY_REPORTS_DATA_DIR"
APP_DIR_NAME: Final = "party-report-analytics"
DB_FILE_NAME: Final = "reports.sqlite3"
SCHEMA_VERSION: Final = 3
YEAR_RANGE: Final = (1949, 2100)
WRITE_ATTEMPTS: Final = 5

REASON_SEPARATOR: Final = "；"
BUSY_MESSAGE: Final = "语料库正忙（另一个程序正在写入），请稍后再试"

# Export sheet names (all_tables) and the Chinese header of every column.
SHEET_NAMES: Final[dict[str, str]] = {
    "reports": "报告",
    "metrics": "指标",
    "mentions": "指标明细",
    "problems": "问题",
    "problem_categories": "问题类别",
    "terms": "关键词",
}
# Metadata as shown everywhere: a user's correction wins over what was inferred.
_META_VIEW: Final = """
CREATE VIEW meta AS
SELECT
    r.id AS rid,
    r.report_id AS report_id,
    CASE WHEN cu.field IS NULL THEN r.unit ELSE cu.value END AS unit,
    CASE WHEN ct.field IS NULL THEN r.unit_type ELSE ct.value END AS unit_type,
    CASE WHEN cy.field IS NULL THEN r.year ELSE cy.value END AS year,
    CASE WHEN cs.field IS NULL THEN r.secretary ELSE cs.value END AS secretary,
    (cu.field IS NOT NULL OR ct.field IS NOT NULL OR cy.field IS NOT NULL
     OR cs.field IS NOT NULL) AS corrected,
    -- The review reasons ([field, reason] pairs) of the fields the user has not corrected.
    (SELECT group_concat(json_extract(j.value, '$[1]'), '；') FROM json_each(r.review_reasons) AS j
     WHERE CASE json_extract(j.value, '$[0]')
         WHEN 'unit' THEN cu.field IS NULL
         WHEN 'unit_type' THEN ct.field IS NULL
         WHEN 'year' THEN cy.field IS NULL
         ELSE 1 END) AS review_reasons
FROM reports AS r
LEFT JOIN corrections AS cu ON cu.rid = r.id AND cu.field = 'unit'
LEFT JOIN corrections AS ct ON ct.rid = r.id AND ct.field = 'unit_type'
LEFT JOIN corrections AS cy ON cy.rid = r.id AND cy.field = 'year'
LEFT JOIN corrections AS cs ON cs.rid = r.id AND cs.field = 'secretary'
"""
_SCHEMA: Final = f"""
CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    report_id TEXT NOT NULL UNIQUE,
    file TEXT NOT NULL,
    original_name TEXT,
    format TEXT NOT NULL,
    unit TEXT NOT NULL,
    unit_type TEXT NOT NULL,
    year INTEGER,
    secretary TEXT,
    manifest TEXT,
    chars INTEGER NOT NULL,
    added_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    extractor_version TEXT NOT NULL,
    review_reasons TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX reports_version ON reports (extractor_version);
CREATE INDEX reports_year_type ON reports (year, unit_type);
CREATE TABLE texts (
    rid INTEGER PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
    text TEXT NOT NULL
);
CREATE TABLE mentions (
    rid INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    metric TEXT NOT NULL,
    value NOT NULL,
    approx INTEGER NOT NULL,
    unit_of_measure TEXT NOT NULL,
    evidence TEXT NOT NULL,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    confidence TEXT NOT NULL DEFAULT 'high',
    confidence_reason TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (rid, seq)
) WITHOUT ROWID;
CREATE INDEX mentions_metric ON mentions (metric);
CREATE TABLE problems (
    rid INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    item INTEGER NOT NULL,
    section TEXT NOT NULL,
    text TEXT NOT NULL,
    categories TEXT NOT NULL,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    PRIMARY KEY (rid, item)
) WITHOUT ROWID;
CREATE TABLE terms (
    rid INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    term TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (rid, seq)
) WITHOUT ROWID;
CREATE TABLE corrections (
    rid INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    field TEXT NOT NULL CHECK (field IN ('unit', 'unit_type', 'year', 'secretary')),
    value,
    corrected_at TEXT NOT NULL,
    PRIMARY KEY (rid, field)
) WITHOUT ROWID;
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE revision (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
INSERT INTO revision (id, n) VALUES (1, 0);
{_META_VIEW};
PRAGMA user_version = {SCHEMA_VERSION};
"""
# What brings a store of an earlier schema version up to the next one, by the version it is at.
# Rows are kept; a report analysed by an older extractor is re-analysed when it is refreshed.
_MIGRATIONS: Final[dict[int, tuple[str, ...]]] = {
    # the reasons a report's metadata needs a look, kept with the report and shown by the view
    1: (
        "ALTER TABLE reports ADD COLUMN review_reasons TEXT NOT NULL DEFAULT '[]'",
        "DROP VIEW meta",
        _META_VIEW,
    ),
    # how sure each figure is (high/low) and why
    2: (
        "ALTER TABLE mentions ADD COLUMN confidence TEXT NOT NULL DEFAULT 'high'",
        "ALTER TABLE mentions ADD COLUMN confidence_reason TEXT NOT NULL DEFAULT ''",
    ),
}

_SQL_REPORTS: Final = f"""
SELECT m.report_id, r.file, r.format, m.unit, m.unit_type, m.year, m.secretary, r.chars,
       (m.unit = '{UNKNOWN_UNIT}' OR m.year IS NULL OR m.review_reasons IS NOT NULL)
           AS needs_review,
       m.corrected, r.added_at, m.review_reasons
FROM reports AS r JOIN meta AS m ON m.rid = r.id
ORDER BY r.id
"""
_SQL_KEYS: Final = "SELECT rid, report_id, unit, unit_type, year FROM meta"
# Child rows in primary-key order (report, then position): no sort needed.
_SQL_MENTIONS: Final = (
    "SELECT rid, metric, value, approx, unit_of_measure, evidence, span_start, span_end,"
    " confidence, confidence_reason FROM mentions ORDER BY rid, seq"
)
_SQL_PROBLEMS: Final = (
    "SELECT rid, item, section, text, categories, span_start, span_end"
    " FROM problems ORDER BY rid, item"
)
_SQL_TERMS: Final = "SELECT rid, term, count FROM terms WHERE seq < ? ORDER BY rid, seq"
# The keyword sheet of all_tables: each report's most frequent terms (a workbook of every term
# of 2,000 reports would be 600,000 rows and take half a minute to write).
EXPORT_TOP_TERMS: Final = 50
_SQL_TEXTS: Final = "SELECT r.id, r.file, x.text FROM reports AS r JOIN texts AS x ON x.rid = r.id"

T = TypeVar("T")


def default_data_dir(*, environ: Mapping[str, str], platform: str, home: Path) -> Path:
    """The per-user data folder: the override variable, else the platform's usual place."""
    override = environ.get(DATA_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    if platform.startswith("win"):
        local = environ.get("LOCALAPPDATA", "").strip()
        base = Path(local) if local else home / "AppData" / "Local"
        return base / APP_DIR_NAME
    if platform == "darwin":
        return home / "Library" / "Application Support" / APP_DIR_NAME
    xdg = environ.get("XDG_DATA_HOME", "").strip()
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".local" / "share"
    return base / APP_DIR_NAME


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _is_busy(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", 0)
    return isinstance(code, int) and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _manifest_json(manifest: ManifestRow | None) -> str | None:
    return None if manifest is None else json.dumps(asdict(manifest), ensure_ascii=False)


def _manifest_row(data: object) -> ManifestRow | None:
    return ManifestRow(**json.loads(data)) if isinstance(data, str) and data else None


def _frame(rows: Sequence[Sequence[object]], columns: Sequence[str]) -> pd.DataFrame:
    return _frame_types(pd.DataFrame(list(rows), columns=list(columns)))


def _frame_types(frame: pd.DataFrame) -> pd.DataFrame:
    for col in schema.FLAG_COLUMNS:
        if col in frame.columns:
            frame[col] = frame[col].astype(bool)
    if "year" in frame.columns:
        frame["year"] = frame["year"].astype("Int64")
    return frame


def _reasons_json(meta: Meta) -> str:
    """The review reasons as [field, reason] pairs, so a correction of a field answers its own."""
    pairs = [[review_field(reason), reason] for reason in meta.review_reasons]
    return json.dumps(pairs, ensure_ascii=False)


def _reasons(value: object) -> tuple[str, ...]:
    """The reasons the ``meta`` view shows ("；"-joined, or NULL)."""
    return tuple(r for r in value.split(REASON_SEPARATOR) if r) if isinstance(value, str) else ()


def _validated_year(year: object) -> int:
    low, high = YEAR_RANGE
    message = f"年度应为 {low} 至 {high} 之间的四位数年份，请修改后重试"
    if isinstance(year, bool):
        raise ReportError(message)
    if isinstance(year, int):
        value = year
    elif isinstance(year, float) and year.is_integer():
        value = int(year)
    elif isinstance(year, str) and year.strip().removesuffix("年").isdigit():
        value = int(year.strip().removesuffix("年"))
    else:
        raise ReportError(message)
    if not low <= value <= high:
        raise ReportError(message)
    return value


def _validated_unit_type(unit_type: str) -> str:
    value = unit_type.strip()
    if value in schema.UNIT_TYPES:
        return value
    by_label = {label: key for key, label in schema.UNIT_TYPE_LABELS.items()}
    if value in by_label:
        return by_label[value]
    choices = "、".join(schema.UNIT_TYPE_LABELS.values())
    raise ReportError(f"单位类型“{unit_type}”无效，请从以下类型中选择：{choices}")


def _create_complete(path: Path) -> None:
    """Create a new store complete (WAL mode, schema) under a temporary name, then publish it
    under ``path`` with an atomic link that never replaces an existing file.

    Two processes creating one new store at the same moment used to race on the same new file:
    each switched it to WAL (``PRAGMA journal_mode = WAL`` needs an exclusive lock) and created
    the schema. A connection holding a shared lock that asks for the exclusive one while another
    holds the pending lock is a deadlock, and SQLite answers SQLITE_BUSY at once without calling
    the busy handler: the intermittent 语料库正忙. Now no process ever changes the journal mode or
    the schema of a published file; the loser of the link race drops its copy.
    """
    temp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex}.tmp")
    try:
        conn = sqlite3.connect(temp, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("BEGIN IMMEDIATE")
            for statement in _SCHEMA.split(";\n"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute("COMMIT")
        finally:
            conn.close()  # checkpoints and removes the temporary -wal and -shm files
        try:
            os.link(temp, path)
        except FileExistsError:
            pass  # another process published its store first: use that one
        except OSError:  # a file system without hard links: publish unless a store appeared
            if not path.exists():
                os.replace(temp, path)
    finally:
        for leftover in (temp, Path(f"{temp}-wal"), Path(f"{temp}-shm")):
            leftover.unlink(missing_ok=True)


class Store:
    """The corpus of one user: reports, their derived rows, corrections and settings.

    Every write is one short transaction (retried when another process holds the lock); every
    read returns a new frame with exactly the columns named in ``schema``, with the user's
    metadata corrections applied. One Store may be shared between threads.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self._path = path
        self._lock = threading.RLock()

    # --- lifecycle ---------------------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path, *, busy_timeout: float = 5.0) -> Store:
        """Open (creating when needed) the store in ``data_dir``."""
        path = Path(data_dir) / DB_FILE_NAME
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists():
                _create_complete(path)
            conn = sqlite3.connect(
                path, timeout=busy_timeout, isolation_level=None, check_same_thread=False
            )
        except (OSError, sqlite3.Error) as exc:
            raise ReportError(
                f"无法打开语料库文件夹“{data_dir}”（{exc}），请检查该路径是否存在、是否有写入权限"
            ) from exc
        store = cls(conn, path)
        try:
            store._setup()
        except sqlite3.DatabaseError as exc:
            conn.close()
            if isinstance(exc, sqlite3.OperationalError) and _is_busy(exc):
                raise ReportError(BUSY_MESSAGE) from exc
            raise ReportError(
                f"语料库文件“{path}”无法读取（{exc}），可能已损坏；"
                "请把它移到别处备份后重新打开，程序会新建一个空语料库"
            ) from exc
        except ReportError:
            conn.close()
            raise
        return store

    def _setup(self) -> None:
        """Check the schema version (migrating an older store); a store made by
        ``_create_complete`` is already in WAL mode, so the first statement only reads."""
        conn = self._conn
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version == SCHEMA_VERSION:
            return
        if version > SCHEMA_VERSION:
            raise ReportError("这个语料库由更新版本的程序创建，请升级本程序后再打开")
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have created or migrated the schema while this one waited.
            current = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if current == 0:
                for statement in _SCHEMA.split(";\n"):
                    if statement.strip():
                        conn.execute(statement)
            elif current < SCHEMA_VERSION:
                for step in range(current, SCHEMA_VERSION):
                    for statement in _MIGRATIONS[step]:
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    @property
    def path(self) -> Path:
        """The database file."""
        return self._path

    def close(self) -> None:
        """Close the connection (safe to call twice)."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- plumbing ----------------------------------------------------------------------------

    def _write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``work`` in one IMMEDIATE transaction; bump the revision when it changed rows."""
        with self._lock:
            for attempt in range(WRITE_ATTEMPTS):
                try:
                    self._conn.execute("BEGIN IMMEDIATE")
                except sqlite3.OperationalError as exc:
                    if _is_busy(exc) and attempt < WRITE_ATTEMPTS - 1:
                        time.sleep(0.05 * (attempt + 1))
                        continue
                    if _is_busy(exc):
                        raise ReportError(BUSY_MESSAGE) from exc
                    raise
                try:
                    before = self._conn.total_changes
                    result = work(self._conn)
                    if self._conn.total_changes != before:
                        self._conn.execute("UPDATE revision SET n = n + 1 WHERE id = 1")
                    self._conn.execute("COMMIT")
                except BaseException as exc:
                    if self._conn.in_transaction:
                        self._conn.execute("ROLLBACK")
                    if isinstance(exc, sqlite3.OperationalError) and _is_busy(exc):
                        raise ReportError(BUSY_MESSAGE) from exc
                    raise
                return result
        raise AssertionError("unreachable")  # pragma: no cover

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            yield self._conn

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple[object, ...]]:
        with self._reading() as conn:
            return conn.execute(sql, params).fetchall()

    def _int(self, sql: str) -> int:
        with self._reading() as conn:
            value: int = conn.execute(sql).fetchone()[0]
        return int(value)

    def _rid(self, conn: sqlite3.Connection, report_id: str) -> int | None:
        row = conn.execute("SELECT id FROM reports WHERE report_id = ?", (report_id,)).fetchone()
        return None if row is None else int(row[0])

    @staticmethod
    def _not_found(report_id: str) -> ReportError:
        return ReportError(f"语料库中没有编号为 {report_id[:12]}… 的报告，可能已被删除，请刷新页面")

    # --- writing -----------------------------------------------------------------------------

    def add_report(
        self,
        report: Report,
        *,
        extractor_version: str,
        original_name: str | None = None,
        manifest: ManifestRow | None = None,
    ) -> str:
        """Store one report: "added", "duplicate" (same bytes, same version) or "updated"."""
        now = _now()
        file = readers.safe_name(report.file)
        meta = report.meta
        head = (
            file,
            original_name,
            report.format,
            meta.unit,
            meta.unit_type,
            meta.year,
            meta.secretary,
            _manifest_json(manifest),
            len(report.text),
            _reasons_json(meta),
        )
        mentions = [
            (
                i,
                m.metric,
                m.value,
                m.approx,
                m.unit_of_measure,
                m.evidence,
                m.start,
                m.end,
                m.confidence,
                m.confidence_reason,
            )
            for i, m in enumerate(report.mentions)
        ]
        problems = [
            (i, p.section, p.text, ",".join(p.categories), p.start, p.end)
            for i, p in enumerate(report.problems)
        ]
        terms = [(i, term, count) for i, (term, count) in enumerate(report.term_counts)]

        def work(conn: sqlite3.Connection) -> str:
            row = conn.execute(
                "SELECT id, extractor_version FROM reports WHERE report_id = ?",
                (report.report_id,),
            ).fetchone()
            if row is not None and row[1] == extractor_version:
                return "duplicate"
            if row is None:
                rid = conn.execute(
                    "INSERT INTO reports (report_id, file, original_name, format, unit, unit_type,"
                    " year, secretary, manifest, chars, review_reasons, added_at, updated_at,"
                    " extractor_version)"
                    " VALUES (?, ?, coalesce(?, ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        report.report_id,
                        file,
                        original_name,
                        report.file,
                        *head[2:],
                        now,
                        now,
                        extractor_version,
                    ),
                ).lastrowid
                status = "added"
            else:
                rid = int(row[0])
                conn.execute(
                    "UPDATE reports SET file = ?, original_name = coalesce(?, original_name),"
                    " format = ?, unit = ?, unit_type = ?, year = ?, secretary = ?, manifest = ?,"
                    " chars = ?, review_reasons = ?,"
                    " updated_at = ?, extractor_version = ? WHERE id = ?",
                    (*head, now, extractor_version, rid),
                )
                for table in ("texts", "mentions", "problems", "terms"):
                    conn.execute(f"DELETE FROM {table} WHERE rid = ?", (rid,))
                status = "updated"
            conn.execute("INSERT INTO texts (rid, text) VALUES (?, ?)", (rid, report.text))
            conn.executemany(
                "INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(rid, *m) for m in mentions],
            )
            conn.executemany(
                "INSERT INTO problems VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(rid, *p) for p in problems],
            )
            conn.executemany("INSERT INTO terms VALUES (?, ?, ?, ?)", [(rid, *t) for t in terms])
            return status

        return self._write(work)

    def delete_report(self, report_id: str) -> bool:
        """Remove a report with all its rows and corrections; False when it was not stored."""

        def work(conn: sqlite3.Connection) -> bool:
            cursor = conn.execute("DELETE FROM reports WHERE report_id = ?", (report_id,))
            return cursor.rowcount > 0

        return self._write(work)

    def correct_meta(
        self,
        report_id: str,
        *,
        unit: str | None = None,
        unit_type: str | None = None,
        year: int | str | None = None,
        secretary: str | None = None,
    ) -> None:
        """Record the user's corrections of the given fields (None leaves a field as it is).

        ``secretary=""`` records that the report names no secretary. ``unit_type`` may be a key
        or its Chinese label. Corrections win over inference and survive re-analysis.
        """
        values: dict[str, object] = {}
        if unit is not None:
            if not unit.strip():
                raise ReportError("单位名称不能为空，请填写单位全称")
            values["unit"] = " ".join(unit.split())
        if unit_type is not None:
            values["unit_type"] = _validated_unit_type(unit_type)
        if year is not None:
            values["year"] = _validated_year(year)
        if secretary is not None:
            values["secretary"] = " ".join(secretary.split()) or None
        if not values:
            return
        now = _now()

        def work(conn: sqlite3.Connection) -> None:
            rid = self._rid(conn, report_id)
            if rid is None:
                raise self._not_found(report_id)
            conn.executemany(
                "INSERT OR REPLACE INTO corrections (rid, field, value, corrected_at)"
                " VALUES (?, ?, ?, ?)",
                [(rid, field, value, now) for field, value in values.items()],
            )

        self._write(work)

    def clear_corrections(self, report_id: str) -> None:
        """Forget the user's corrections of one report: inferred metadata shows again."""

        def work(conn: sqlite3.Connection) -> None:
            conn.execute(
                "DELETE FROM corrections WHERE rid = (SELECT id FROM reports WHERE report_id = ?)",
                (report_id,),
            )

        self._write(work)

    def set_setting(self, key: str, value: str) -> None:
        """Remember a small string value (e.g. that the samples were loaded)."""

        def work(conn: sqlite3.Connection) -> None:
            conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value))

        self._write(work)

    # --- small reads -------------------------------------------------------------------------

    def get_setting(self, key: str) -> str | None:
        """A stored setting, or None."""
        rows = self._rows("SELECT value FROM settings WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else None

    def revision(self) -> int:
        """A counter bumped by every write (by any process): a cache key for readers."""
        return self._int("SELECT n FROM revision WHERE id = 1")

    def has_report(self, report_id: str) -> bool:
        """Whether a report with these bytes is stored."""
        return bool(self._rows("SELECT 1 FROM reports WHERE report_id = ?", (report_id,)))

    def stored_version(self, report_id: str) -> str | None:
        """The extractor version that made the stored rows, or None when not stored."""
        rows = self._rows("SELECT extractor_version FROM reports WHERE report_id = ?", (report_id,))
        return str(rows[0][0]) if rows else None

    def stored_file(self, report_id: str) -> str | None:
        """The stored (safe) file name of a report, or None when not stored."""
        rows = self._rows("SELECT file FROM reports WHERE report_id = ?", (report_id,))
        return str(rows[0][0]) if rows else None

    def count(self) -> int:
        """Number of stored reports."""
        return self._int("SELECT count(*) FROM reports")

    def stale_reports(self, extractor_version: str) -> list[str]:
        """Reports whose rows were made by another extractor version, oldest first."""
        rows = self._rows(
            "SELECT report_id FROM reports WHERE extractor_version != ? ORDER BY id",
            (extractor_version,),
        )
        return [str(r[0]) for r in rows]

    def report_text(self, report_id: str) -> str:
        """The extracted text of one report."""
        rows = self._rows(
            "SELECT x.text FROM reports AS r JOIN texts AS x ON x.rid = r.id WHERE r.report_id = ?",
            (report_id,),
        )
        if not rows:
            raise self._not_found(report_id)
        return str(rows[0][0])

    def stored_document(self, report_id: str) -> tuple[str, Document, ManifestRow | None]:
        """What a report was analysed from: file name, text and format, manifest row (if any)."""
        rows = self._rows(
            "SELECT r.file, r.format, x.text, r.manifest FROM reports AS r"
            " JOIN texts AS x ON x.rid = r.id WHERE r.report_id = ?",
            (report_id,),
        )
        if not rows:
            raise self._not_found(report_id)
        file, fmt, text, manifest = rows[0]
        return (
            str(file),
            Document(text=str(text), format=str(fmt)),
            _manifest_row(manifest),
        )

    # --- tables ------------------------------------------------------------------------------

    def reports(self) -> pd.DataFrame:
        """One row per report (schema.REPORTS), corrected metadata applied.

        ``review_reasons`` names why a report needs a look ("；"-joined; "" when none).
        """
        frame = _frame(self._rows(_SQL_REPORTS), schema.REPORTS)
        frame["review_reasons"] = [
            REASON_SEPARATOR.join(tables.review_reasons(unit, year, _reasons(stored)))
            for unit, year, stored in zip(
                frame["unit"], frame["year"], frame["review_reasons"], strict=True
            )
        ]
        return frame

    def mentions(self) -> pd.DataFrame:
        """Every stated figure with its evidence (schema.MENTIONS)."""
        return self._keyed(_SQL_MENTIONS, (), schema.MENTIONS)

    def metrics(self) -> pd.DataFrame:
        """Table value per report and metric: the largest figure, with its evidence."""
        return tables.metrics_from_mentions(self.mentions())

    def problems(self) -> pd.DataFrame:
        """One row per problem item (schema.PROBLEMS)."""
        return self._keyed(_SQL_PROBLEMS, (), schema.PROBLEMS)

    def problem_categories(self) -> pd.DataFrame:
        """One row per problem item and category (schema.PROBLEM_CATEGORY_ROWS)."""
        return tables.problem_categories_frame(self.problems())

    def terms(self, *, top: int | None = None) -> pd.DataFrame:
        """One row per report and term with its count (schema.TERMS), most frequent first.

        With ``top``, only each report's ``top`` most frequent terms.
        """
        limit = 2**62 if top is None else max(0, top)
        return self._keyed(_SQL_TERMS, (limit,), schema.TERMS)

    def texts(self, report_ids: Sequence[str] | None = None) -> pd.DataFrame:
        """Key columns, file name and full text of the given reports (all when None)."""
        columns = (*schema.KEY, "file", "text")
        if report_ids is None:
            return self._keyed(f"{_SQL_TEXTS} ORDER BY r.id", (), columns)
        return self._keyed(
            f"{_SQL_TEXTS} WHERE r.report_id IN (SELECT value FROM json_each(?)) ORDER BY r.id",
            (json.dumps(list(report_ids)),),
            columns,
        )

    def _keyed(self, sql: str, params: Sequence[object], columns: Sequence[str]) -> pd.DataFrame:
        """Child rows (first column the internal report key) with the corrected key columns.

        The corrections are joined in SQL (the ``meta`` view); the key columns are then
        repeated onto the child rows by a vectorised take, which is several times faster than
        letting SQLite hand Python the same four values for every one of 600,000 term rows.
        Both queries read one snapshot.
        """
        child_columns = [c for c in columns if c not in schema.KEY]
        with self._reading() as conn:
            conn.execute("BEGIN")
            try:
                keys = conn.execute(_SQL_KEYS).fetchall()
                rows = conn.execute(sql, params).fetchall()
            finally:
                conn.execute("COMMIT")
        key_frame = pd.DataFrame(keys, columns=["rid", *schema.KEY]).set_index("rid")
        child = pd.DataFrame(rows, columns=["rid", *child_columns])
        repeated = key_frame.reindex(child["rid"].to_numpy()).reset_index(drop=True)
        frame = pd.concat([repeated, child.drop(columns="rid")], axis=1)
        return _frame_types(frame.loc[:, list(columns)])

    def load_report(self, report_id: str) -> Report:
        """Rebuild a Report from its rows (corrected metadata; sections are not stored)."""
        with self._reading() as conn:
            head = conn.execute(
                "SELECT m.rid, r.file, r.format, m.unit, m.unit_type, m.year, m.secretary, x.text,"
                " m.review_reasons FROM meta AS m JOIN reports AS r ON r.id = m.rid"
                " JOIN texts AS x ON x.rid = m.rid"
                " WHERE m.report_id = ?",
                (report_id,),
            ).fetchone()
            if head is None:
                raise self._not_found(report_id)
            rid, file, fmt, unit, unit_type, year, secretary, text, reasons = head
            mentions = conn.execute(
                "SELECT metric, value, approx, unit_of_measure, evidence, span_start, span_end,"
                " confidence, confidence_reason FROM mentions WHERE rid = ? ORDER BY seq",
                (rid,),
            ).fetchall()
            problems = conn.execute(
                "SELECT text, categories, section, span_start, span_end"
                " FROM problems WHERE rid = ? ORDER BY item",
                (rid,),
            ).fetchall()
            terms = conn.execute(
                "SELECT term, count FROM terms WHERE rid = ? ORDER BY seq", (rid,)
            ).fetchall()
        return Report(
            report_id=report_id,
            file=file,
            format=fmt,
            text=text,
            meta=Meta(
                unit=unit,
                unit_type=unit_type,
                year=year,
                secretary=secretary,
                review_reasons=_reasons(reasons),
            ),
            mentions=tuple(
                Mention(metric, value, bool(approx), uom, evidence, start, end, conf, why)
                for metric, value, approx, uom, evidence, start, end, conf, why in mentions
            ),
            problems=tuple(
                Problem(ptext, tuple(c for c in cats.split(",") if c), section, start, end)
                for ptext, cats, section, start, end in problems
            ),
            term_counts=tuple((term, count) for term, count in terms),
        )

    def all_tables(self, *, top_terms: int | None = EXPORT_TOP_TERMS) -> dict[str, pd.DataFrame]:
        """Every table for export: Chinese sheet names, Chinese headers and labels.

        The keyword sheet holds each report's ``top_terms`` most frequent terms (all when None).
        """
        frames = {
            "reports": self.reports(),
            "metrics": self.metrics(),
            "mentions": self.mentions(),
            "problems": self.problems(),
            "problem_categories": self.problem_categories(),
            "terms": self.terms(top=top_terms),
        }
        return {SHEET_NAMES[key]: export_frame(frame) for key, frame in frames.items()}


def export_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A new frame for people: Chinese headers, Chinese labels beside keys, 是/否 for flags."""
    return tables.for_people(frame, keep_codes=True)
