"""Orders on a query engine: DuckDB for big files, ibis for any backend.

The heavy step of a large claim is turning raw orders into per-bucket counts; after it
the series are small. :func:`order_table` opens the orders as an ibis table with the
canonical columns (files of the generic layout through an embedded DuckDB, streaming
and memory bounded; a pandas frame; or a table a user already has on Spark, BigQuery,
Snowflake, ...); :mod:`claimstats.engines.sums` holds the one aggregation expression
that runs on every backend.

Statuses are matched as :func:`claimstats.read_orders` matches them (trimmed, lower
case, spaces and hyphens as ``_``, through ``status_map`` and the known words), and
naive times in files are read in ``tz``, as there.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from claimstats._time import zone
from claimstats.errors import ConfigError, DataError
from claimstats.io.columns import ORDER_ALIASES, resolve_columns
from claimstats.io.orders import STATUS_SYNONYMS, check_status_map
from claimstats.schema import ORDER_COLUMNS, ORDER_STATUSES, canonical_frame

__all__ = ["EngineSettings", "engine_errors", "order_table", "require_ibis"]

_FILE_FORMATS = {".csv": "csv", ".txt": "csv", ".parquet": "parquet", ".pq": "parquet"}


def require_ibis() -> Any:
    """The ibis module, or a ConfigError saying how to install it.

    Examples
    --------
    >>> require_ibis().__name__
    'ibis'
    """
    try:
        import ibis
    except ImportError as exc:
        msg = (
            "bucketing files or engine tables needs ibis and DuckDB; "
            "pip install 'claimstats[engines]'"
        )
        raise ConfigError(msg) from exc
    return ibis


def _files(source: str | os.PathLike[str] | Sequence[str | os.PathLike[str]]) -> list[str]:
    """The files a path, a glob or a list of them name, sorted; one format for all."""
    patterns = [source] if isinstance(source, str | os.PathLike) else list(source)
    found = sorted({f for p in patterns for f in (glob.glob(str(p)) or [])})
    if not found:
        msg = f"no file matches {[str(p) for p in patterns]}; check the path or the glob"
        raise DataError(msg, source=str(patterns[0]) if patterns else None)
    kinds = {_FILE_FORMATS.get(Path(f).suffix.lower()) for f in found}
    if None in kinds or len(kinds) != 1:
        msg = (
            f"{len(found)} files of formats {sorted(Path(f).suffix or '(none)' for f in found)}: "
            "give CSV files (.csv) or Parquet files (.parquet), one format at a time"
        )
        raise DataError(msg, source=found[0])
    return found


def _duckdb(engine: EngineSettings) -> Any:
    ibis = require_ibis()
    options: dict[str, Any] = {"memory_limit": engine.memory_limit}
    if engine.threads is not None:
        options["threads"] = engine.threads
    connection = ibis.duckdb.connect(**options)
    # No progress bar: DuckDB would print one on standard output during long queries.
    connection.con.execute("SET enable_progress_bar = false")
    return connection


_YOURS = "<your column>"


@dataclass(frozen=True)
class EngineSettings:
    """How an engine reads orders from files.

    Attributes
    ----------
    tz
        Zone of naive times in files (times with an offset keep theirs).
    columns
        Canonical name -> the files' column, e.g. ``{"timestamp": "Paid at"}``, as for
        :func:`claimstats.read_orders`; other columns keep the generic layout's names.
    status_map
        Extra status words, e.g. ``{"paid_out": "completed"}``, as for
        :func:`claimstats.read_orders`.
    threads
        DuckDB's threads for files and frames (default: all cores).
    memory_limit
        DuckDB's memory cap; beyond it DuckDB spills to disk.

    Examples
    --------
    >>> EngineSettings(tz="Asia/Shanghai").memory_limit
    '1GB'
    """

    tz: str = "UTC"
    columns: Mapping[str, str] | None = None
    status_map: Mapping[str, str] | None = None
    threads: int | None = None
    memory_limit: str = "1GB"


def order_table(source: Any, engine: EngineSettings | None = None, keep: Sequence[str] = ()) -> Any:
    """The orders as an ibis table with canonical columns, on the engine that holds them.

    Parameters
    ----------
    source
        A path, a glob (``exports/2026-*.csv``) or a list of them, of CSV or Parquet
        files in the generic layout (``order_id, timestamp, amount, currency, channel,
        status``, optional ``customer``), read lazily by an embedded DuckDB; an ibis
        table with those columns on any backend; or a pandas frame of them (a canonical
        order frame), run by DuckDB.
    engine
        How files are read (:class:`EngineSettings`: the zone of naive times, extra
        status words, DuckDB's threads and memory cap).
    keep
        Other columns to keep as they are, e.g. ``["merchant_id"]`` to split by.

    Returns
    -------
    ibis.Table
        ``order_id``, ``timestamp`` (UTC; missing where the time cannot be read, or does not exist
        or happens twice in ``tz``), ``amount`` (missing where it is not a number),
        ``currency``, ``channel``, ``status`` (one of the canonical statuses, or
        missing when the word is not known), and the raw ``timestamp_text`` and
        ``status_text``. Nothing is read until the table is used.

    Examples
    --------
    >>> table = order_table("sample_data/orders.csv", EngineSettings(tz="Asia/Shanghai"))
    >>> int(table.count().to_pyarrow().as_py())
    15220
    """
    ibis = require_ibis()
    engine = engine or EngineSettings()
    # The loaders' own words and checks: the user's map first, as read_orders reads it.
    words = {**STATUS_SYNONYMS, **check_status_map(engine.status_map)}
    if isinstance(source, pd.DataFrame):
        source = _frame_table(source, engine)
    engine_table = isinstance(source, ibis.expr.types.Table)
    if engine_table:
        table = source
    else:
        with engine_errors(source):
            table = _file_table(_files(source), engine)
    wanted = [*(c for c in ORDER_COLUMNS if c != "customer"), *keep]
    missing = [c for c in dict.fromkeys(wanted) if c not in table.columns]
    if missing:
        msg = (
            f"the orders have no column {', '.join(map(repr, missing))} (they have "
            f"{[c for c in table.columns if c != 'timestamp_text']}); say which column holds "
            f"each with EngineSettings(columns={{{', '.join(f'{m!r}: {_YOURS!r}' for m in missing)}}}),"
            " or load a file in another layout with claimstats.read_orders"
        )
        raise DataError(msg, source=None if engine_table else str(source))
    stamp = table["timestamp"]
    if not stamp.type().is_timestamp():
        msg = (
            f"the orders' timestamp column is {stamp.type()}, not a timestamp; cast it on "
            "the engine (naive times are taken as UTC there)"
        )
        raise DataError(msg, source="orders")
    status_text = table["status"].cast("string")
    word = status_text.strip().lower().re_replace(r"[ \t\-]+", "_")
    # Words already canonical (most of a big export) skip the normalising and the lookup.
    plain = [s for s in ORDER_STATUSES if words.get(s) == s]
    status = status_text.isin(plain).ifelse(
        status_text, word.substitute(words, else_=ibis.null("string"))
    )
    amount = table["amount"]
    if not amount.type().is_numeric():
        text = amount.cast("string")
        amount = ibis.coalesce(text.try_cast("float64"), text.strip().try_cast("float64"))
    extra = {c: table[c] for c in keep if c not in ORDER_COLUMNS}
    shown = table["timestamp_text"] if "timestamp_text" in table.columns else stamp.cast("string")
    return table.select(
        **extra,
        order_id=table["order_id"].cast("string"),
        timestamp=stamp,
        timestamp_text=shown,
        amount=amount.cast("float64"),
        currency=table["currency"].cast("string").strip().upper(),
        channel=table["channel"].cast("string"),
        status=status,
        status_text=status_text,
    )


def _frame_table(frame: pd.DataFrame, engine: EngineSettings) -> Any:
    """A pandas frame as a table of an embedded DuckDB (through Arrow, not copied)."""
    import pyarrow as pa

    if "timestamp" in frame.columns:  # as claimstats.bucket_orders takes it (else: named later)
        frame = canonical_frame(frame, ("timestamp",), "orders")
    connection = _duckdb(engine)
    connection.con.register("claimstats_orders", pa.Table.from_pandas(frame, preserve_index=False))
    return connection.table("claimstats_orders")


def _file_table(files: list[str], engine: EngineSettings) -> Any:
    """The files as a DuckDB view with a UTC ``timestamp`` and the raw ``timestamp_text``.

    Zoned times keep their offset; naive ones are read in ``tz``. As in
    :func:`claimstats.read_orders`, a naive time that does not exist there (the clocks
    jump forward) or happens twice (they go back) is not guessed: it becomes missing, and
    :func:`claimstats.engines.bucket_orders` names it. So do times that cannot be read.
    """
    tz = engine.tz
    zone(tz)
    connection = _duckdb(engine)
    if files[0].lower().endswith((".parquet", ".pq")):
        raw = _mapped(connection.read_parquet(files), engine.columns, files[0])
        kind = raw["timestamp"].type() if "timestamp" in raw.columns else None
        if kind is not None and kind.is_timestamp() and kind.timezone is not None:
            return raw.mutate(timestamp_text=raw["timestamp"].cast("string"))
    else:
        raw = _mapped(connection.read_csv(files, all_varchar=True), engine.columns, files[0])
    if "timestamp" not in raw.columns:
        return raw  # order_table names the missing column
    # DuckDB's casts accept blanks around a time; the zone test looks after the date.
    text = 'CAST("timestamp" AS VARCHAR)'
    after_date = f"substr(ltrim({text}), 11)"
    zoned = " OR ".join(f"contains({after_date}, '{mark}')" for mark in ("+", "-", "Z", "z"))
    naive = f"TRY_CAST({text} AS TIMESTAMP)"
    # DuckDB's cast wants seconds before an offset; minutes-only times take the long way.
    short = f"replace(replace(trim({text}), 'z', '+00:00'), 'Z', '+00:00')"
    formats = "['%Y-%m-%dT%H:%M%z', '%Y-%m-%d %H:%M%z']"
    aware = f"coalesce(TRY_CAST({text} AS TIMESTAMPTZ), try_strptime({short}, {formats}))"
    utc = f"timezone('{tz}', {naive})"
    # A local time is valid when it maps back to itself and no instant an hour away does.
    valid = (
        f"timezone('{tz}', {utc}) = {naive} "
        f"AND timezone('{tz}', {utc} - INTERVAL 1 HOUR) <> {naive} "
        f"AND timezone('{tz}', {utc} + INTERVAL 1 HOUR) <> {naive}"
    )
    columns = ", ".join(
        '"{}"'.format(c.replace('"', '""')) for c in raw.columns if c != "timestamp"
    )
    return connection.sql(
        f"SELECT CASE WHEN {zoned} THEN {aware} "
        f'WHEN {valid} THEN {utc} END AS "timestamp", '
        f'"timestamp" AS "timestamp_text", {columns} FROM "{raw.get_name()}"'
    )


def _mapped(raw: Any, columns: Mapping[str, str] | None, label: str) -> Any:
    """The files' columns renamed to the canonical names ``columns`` gives them."""
    if not columns:
        return raw
    exact_only = {name: () for name in ORDER_ALIASES}
    chosen = resolve_columns(list(raw.columns), exact_only, columns, (), label)
    renamed = {name: chosen[name] for name in columns if chosen.get(name) != name}
    clashing = [name for name in renamed if name in raw.columns]
    return raw.drop(*clashing).rename(renamed) if renamed else raw


@contextmanager
def engine_errors(source: object) -> Iterator[None]:
    """Turn the engine's own errors on reading the orders into a :class:`DataError`.

    Examples
    --------
    >>> import duckdb
    >>> with engine_errors("orders.csv"):
    ...     duckdb.sql("SELECT * FROM read_csv('no-such-file.csv')")
    Traceback (most recent call last):
    ...
    claimstats.errors.DataError: orders.csv: the engine could not read the orders: IO Error: No files found that match the pattern "no-such-file.csv"; check that the files are complete CSV or Parquet files in the generic layout, or load one with claimstats.read_orders to see which row is wrong
    """
    try:
        yield
    except Exception as exc:
        if type(exc).__module__.split(".")[0] not in ("duckdb", "_duckdb", "pyspark"):
            raise
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        msg = (
            f"the engine could not read the orders: {first}; check that the files are "
            "complete CSV or Parquet files in the generic layout, or load one with "
            "claimstats.read_orders to see which row is wrong"
        )
        raise DataError(msg, source=None if source is None else str(source)) from exc
