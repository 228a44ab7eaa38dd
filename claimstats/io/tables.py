"""Raw tables: the columns of an input exactly as found, with each row's line number.

Every reader (CSV, Excel, JSON, Parquet, DataFrame, and later layouts such as wallet
bills) returns a :class:`RawTable`; column matching and validation work on it alone.
This module holds the table type, the checks shared by every reader, and the readers
of inputs that are already tables (DataFrame, Parquet).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from claimstats.errors import ConfigError, DataError, FormatError
from claimstats.io.options import ReadOptions
from claimstats.io.problems import Issue
from claimstats.io.sources import Source, require_path

__all__ = ["RawTable", "blank_mask", "finish_table", "read_dataframe", "read_parquet"]


@dataclass(frozen=True)
class RawTable:
    """The rows of one input before any interpretation.

    Attributes
    ----------
    frame
        Columns named as in the file, values as read (strings for text files), a
        RangeIndex, and no blank rows.
    lines
        For each row, the line number as in the file (CSV header = line 1), the sheet
        row (Excel), the record number from 1 (JSON) or the row position from 1.
    format
        The layout it was read as, e.g. ``"generic-csv"``; goes into the provenance.
    encoding
        The text encoding the file was decoded with, or None (binary formats).
    excluded
        Rows of the file left out on purpose, not errors, counted by reason (for
        example a bill's outgoing payments, which are not sales).
    issues
        Row problems the reader already found (a layout's own checks); they are
        reported and rejected like the loaders' own.
    """

    frame: pd.DataFrame
    lines: np.ndarray
    format: str
    encoding: str | None = None
    excluded: dict[str, int] = field(default_factory=dict)
    issues: tuple[Issue, ...] = ()


def blank_mask(values: pd.Series) -> np.ndarray:
    """True where a value is missing or only whitespace.

    Examples
    --------
    >>> blank_mask(pd.Series(["a", " ", None])).tolist()
    [False, True, True]
    """
    dtype = values.dtype
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        # Arrow's own kernels: a loader checks every column of every table, and pandas'
        # string methods cost a millisecond each even on a few cells.
        stripped = pc.utf8_trim_whitespace(pa.chunked_array(pa.array(values.array)))
        blank = pc.or_kleene(pc.is_null(stripped), pc.equal(stripped, ""))
        return blank.to_numpy(zero_copy_only=False).astype(bool)
    mask = values.isna().to_numpy(dtype=bool)
    if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
        text = values.astype("str").str.strip()
        mask = mask | (text == "").to_numpy(dtype=bool, na_value=True)
    return mask


_PLAIN_KINDS = {"string", "empty", "floating", "integer", "mixed-integer-float", "boolean",
                "datetime", "datetime64", "date", "decimal", "timedelta", "time"}  # fmt: skip


def _plain_cells(values: pd.Series) -> pd.Series:
    """Cells as the loaders read them: bytes decoded, undecodable bytes shown as U+FFFD
    (Parquet BINARY columns); other cells as they are.

    Examples
    --------
    >>> _plain_cells(pd.Series([b"ok", b"\\xff", [1, 2]], dtype=object)).tolist()
    ['ok', '\ufffd', [1, 2]]
    """
    if values.dtype != object or pd.api.types.infer_dtype(values, skipna=True) in _PLAIN_KINDS:
        return values

    def plain(cell: object) -> object:
        if isinstance(cell, bytes | bytearray):
            return bytes(cell).decode("utf-8", errors="replace")
        return cell

    return values.map(plain)


def finish_table(frame: pd.DataFrame, lines: np.ndarray, fmt: str, source: Source) -> RawTable:
    """Name columns as text, drop blank rows and empty unnamed columns, check rows remain.

    Raises
    ------
    DataError
        The table has column names but no data rows.
    """
    frame = frame.copy(deep=False)
    frame.columns = _unique_names([str(name).strip() for name in frame.columns])
    for i in range(frame.shape[1]):
        frame.isetitem(i, _plain_cells(frame.iloc[:, i]))
    blanks = [blank_mask(frame.iloc[:, i]) for i in range(frame.shape[1])]
    keep = [
        i
        for i, name in enumerate(frame.columns)
        if not ((not name or name.startswith("Unnamed:")) and blanks[i].all())
    ]
    if not keep:
        msg = "has no columns; export the data again with a header row naming the columns"
        raise DataError(msg, source=source.label)
    frame = frame.iloc[:, keep]
    empty = np.logical_and.reduce([blanks[i] for i in keep])
    frame = frame.loc[~empty].reset_index(drop=True)
    lines = np.asarray(lines, dtype=np.int64)[~empty]
    if frame.empty:
        found = ", ".join(repr(c) for c in frame.columns)
        msg = (
            f"has column names ({found}) but no data rows; "
            "export the data again, including the rows"
        )
        raise DataError(msg, source=source.label)
    return RawTable(frame=frame, lines=lines, format=fmt)


def _unique_names(names: list[str]) -> list[str]:
    """Number repeated column names as pandas does for CSV: ``a``, ``a.1``, ``a.2``."""
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        count = seen.get(name, 0)
        seen[name] = count + 1
        unique.append(name if count == 0 else f"{name}.{count}")
    return unique


def read_dataframe(source: Source, options: ReadOptions) -> RawTable:
    """Use a DataFrame given by the caller as a raw table; lines are positions from 1.

    The caller's frame is not modified: the table holds a shallow, re-indexed view.
    """
    if source.frame is None:
        msg = (
            f"format='dataframe' needs a pandas DataFrame, but {source.label!r} is a path; "
            "pass format='auto'"
        )
        raise ConfigError(msg)
    frame = source.frame.reset_index(drop=True)
    lines = np.arange(1, len(frame) + 1, dtype=np.int64)
    return finish_table(frame, lines, "dataframe", source)


def read_parquet(source: Source, options: ReadOptions) -> RawTable:
    """Read a Parquet file; lines are row positions from 1."""
    path = require_path(source, "parquet")
    import pyarrow.parquet as pq

    try:
        # The file reader, not pandas' dataset reader: it keeps repeated column names, so
        # they are named as in a CSV file instead of failing inside pyarrow.
        with pq.ParquetFile(path) as parquet:
            frame = parquet.read().to_pandas()
    except Exception as exc:  # pyarrow raises many types for a bad file
        msg = (
            f"{source.label}: cannot be read as Parquet ({type(exc).__name__}: {exc}); "
            "check that it is a Parquet file, or pass the right format= (csv, excel, json)"
        )
        raise FormatError(msg) from exc
    frame = frame.reset_index(drop=True)
    lines = np.arange(1, len(frame) + 1, dtype=np.int64)
    return finish_table(frame, lines, "generic-parquet", source)
