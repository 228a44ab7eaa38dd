"""Excel workbooks (``.xlsx``, ``.xlsm``) in the generic column layout, via openpyxl.

The first worksheet is read. The header is the first non-empty row; each data row keeps
its sheet row number, so messages point at the row the user sees in Excel. Cells keep
their Excel types: date cells arrive as ``datetime``, numbers as numbers.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from claimstats.errors import ConfigError, DataError, FormatError
from claimstats.io.options import ReadOptions
from claimstats.io.sources import Source, require_path
from claimstats.io.tables import RawTable, finish_table

__all__ = ["read_excel"]


def _load_workbook(path: str, label: str) -> Any:
    try:
        import openpyxl
    except ImportError as exc:
        msg = (
            "reading Excel files needs openpyxl; install it with "
            'pip install "claimstats[excel]", or save the sheet as CSV (UTF-8)'
        )
        raise ConfigError(msg) from exc
    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and data validation it does not read; not ours.
            warnings.simplefilter("ignore", UserWarning)
            return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, openpyxl's InvalidFileException, ...
        msg = (
            f"{label}: cannot be read as an Excel .xlsx workbook ({type(exc).__name__}: "
            f"{exc}); open it in Excel and save it as .xlsx, or export it as CSV (UTF-8)"
        )
        raise FormatError(msg) from exc


def read_excel(source: Source, options: ReadOptions) -> RawTable:
    """Read the first worksheet of a workbook into a raw table.

    Parameters
    ----------
    source
        An opened ``.xlsx`` file.
    options
        What is read; unused here, part of every reader's signature.

    Raises
    ------
    ConfigError
        openpyxl is not installed.
    FormatError
        The file is not an ``.xlsx`` workbook.
    DataError
        The first sheet is empty or has a header but no rows.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from claimstats.io.sources import open_source
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "o.xlsx"
    >>> pd.DataFrame({"id": ["A1"], "amount": [5.0]}).to_excel(p, index=False)
    >>> read_excel(open_source(p), ReadOptions("orders")).lines.tolist()
    [2]
    """
    book = _load_workbook(str(require_path(source, "excel")), source.label)
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        rows = [] if sheet is None else list(sheet.iter_rows(min_row=1, values_only=True))
    except Exception as exc:  # a damaged sheet raises from deep inside openpyxl
        msg = (
            f"{source.label}: the first sheet cannot be read ({type(exc).__name__}: {exc}); "
            "open the workbook in Excel, save it again as .xlsx, or export it as CSV (UTF-8)"
        )
        raise FormatError(msg) from exc
    finally:
        book.close()
    header_at = next((i for i, row in enumerate(rows) if any(_filled(v) for v in row)), None)
    if header_at is None:
        msg = "the first sheet is empty; put the table, with a header row, in the first sheet"
        raise DataError(msg, source=source.label)
    header = rows[header_at]
    names = [str(v) if _filled(v) else f"Unnamed: {i}" for i, v in enumerate(header)]
    width = len(names)
    body = [tuple(row[:width]) + (None,) * (width - len(row)) for row in rows[header_at + 1 :]]
    frame = pd.DataFrame.from_records(body, columns=names, coerce_float=False)
    lines = np.arange(len(body), dtype=np.int64) + header_at + 2
    return finish_table(frame, lines, "generic-excel", source)


def _filled(value: object) -> bool:
    return value is not None and bool(str(value).strip())
