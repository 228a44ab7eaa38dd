"""Excel workbooks (``.xlsx``, ``.xlsm``) in the generic column layout, via openpyxl.

Sheets are made by people: a shop's export often starts with a title (``XX花店 销售明细``,
sometimes in merged cells), an export date and a blank row before the header, and ends
with a totals row (``合计``). The reader takes the first sheet that has data, finds the
header row among the rows above the table (see :func:`find_header`), leaves a totals row
under the table out (counted in ``RawTable.excluded``), and keeps each data row's sheet
row number, so messages point at the row the user sees in Excel. Cells keep their Excel
types: date cells arrive as ``datetime``, numbers as numbers.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from claimstats.errors import ConfigError, DataError, FormatError
from claimstats.io.columns import ORDER_ALIASES, OUTAGE_ALIASES, normalise_header
from claimstats.io.options import ReadOptions
from claimstats.io.sources import Source, require_path
from claimstats.io.tables import RawTable, finish_table

__all__ = ["TOTAL_WORDS", "find_header", "read_excel"]

#: how far down a sheet the header is looked for
_HEADER_SEARCH_ROWS: Final = 50

#: first cells that mark a totals row under a table (compared lower case, without a colon)
TOTAL_WORDS: Final = frozenset(
    {"合计", "总计", "小计", "共计", "汇总", "合計", "total", "totals", "grandtotal", "sum"}
)

_TOTALS_REASON: Final = "totals row under the table (合计, Total), not a record"
_SPACE_OR_COLON: Final = re.compile(r"[\s:：]+")


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
            # The bytes, not the path: openpyxl refuses a path whose name does not end
            # in .xlsx, and a download is often saved under another name.
            data = io.BytesIO(Path(path).read_bytes())
            return openpyxl.load_workbook(data, read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, openpyxl's InvalidFileException, ...
        msg = (
            f"{label}: cannot be read as an Excel .xlsx workbook ({type(exc).__name__}: "
            f"{exc}); open it in Excel and save it as .xlsx, or export it as CSV (UTF-8)"
        )
        raise FormatError(msg) from exc


def _filled(value: object) -> bool:
    return value is not None and bool(str(value).strip())


def _width(row: Sequence[object]) -> int:
    return sum(1 for value in row if _filled(value))


def _known_names(kind: str) -> frozenset[str]:
    aliases = ORDER_ALIASES if kind == "orders" else OUTAGE_ALIASES
    return frozenset({*aliases, *(a for names in aliases.values() for a in names)})


def find_header(rows: Sequence[Sequence[object]], kind: str = "orders") -> int | None:
    """The position of the header row among a sheet's rows, or None for an empty sheet.

    The header is the first row (among the first 50) with at least two cells that name
    a known column of ``kind`` (``订单号``, ``下单时间``, ``amount``, ...). Failing that, it is
    the first row of text cells, at least two and at least half as many as the widest
    row has, with a row below it: a title or an export date above it is narrower, or
    holds a date. Failing that too, the first row that is not empty.

    Examples
    --------
    >>> rows = [("花店 销售明细",), ("导出时间", "2026-08-10"), (), ("订单号", "下单时间", "订单金额"),
    ...         ("A1", "2026-08-04 09:40", 25)]
    >>> find_header(rows)
    3
    >>> find_header([("My shop",), ("when", "what", "how much"), ("x", "y", 1)])
    1
    >>> find_header([(), (None, " ")]) is None
    True
    """
    widths = [_width(row) for row in rows]
    filled = [i for i, width in enumerate(widths) if width]
    if not filled:
        return None
    near = [i for i in filled if i < _HEADER_SEARCH_ROWS]
    known = _known_names(kind)
    for i in near:
        names = {normalise_header(v) for v in rows[i] if isinstance(v, str) and v.strip()}
        if len(names & known) >= 2:
            return i
    widest = max(widths)
    for i in near:
        texts = all(isinstance(v, str) for v in rows[i] if _filled(v))
        below = any(j > i for j in filled)
        if texts and below and widths[i] >= max(2, (widest + 1) // 2):
            return i
    return filled[0]


def _total_word(row: Sequence[object]) -> str | None:
    """The first filled cell of a row, lower case without spaces or a colon."""
    first = next((v for v in row if _filled(v)), None)
    return None if first is None else _SPACE_OR_COLON.sub("", str(first)).lower()


def _is_totals(row: Sequence[object]) -> bool:
    """A totals row: a total word (``合计``, ``Total``) and then numbers only; a row with
    other text or a date is a record, whatever its first cell says."""
    filled = [value for value in row if _filled(value)]
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in filled[1:])
    return _total_word(row) in TOTAL_WORDS and numbers


def _totals_rows(body: Sequence[Sequence[object]]) -> int:
    """How many rows to cut from the end of a table: its totals rows (``合计``) and the
    blank rows under them.

    Examples
    --------
    >>> _totals_rows([("A1", 5), ("A2", 7), (), ("合 计：", None, 12), ()])
    2
    >>> _totals_rows([("A1", 5), ("Total", 7)])
    1
    >>> _totals_rows([("A1", 5), ("合計", 7, "completed")])   # an order named 合計
    0
    """
    count = 0
    for row in reversed(body):
        if _total_word(row) is not None and not _is_totals(row):
            break
        count += 1
    while count and _total_word(body[len(body) - count]) is None:
        count -= 1  # blank rows between the table and its totals stay with the table
    return count


def _sheet_rows(book: Any, label: str) -> tuple[str | None, list[tuple[object, ...]]]:
    """The rows of the first sheet with a filled cell, and its title when it is not the
    first sheet (None for the first sheet, or when every sheet is empty).
    """
    for number, sheet in enumerate(book.worksheets):
        try:
            sheet.reset_dimensions()  # some writers record a wrong used range
            rows = [tuple(row) for row in sheet.iter_rows(min_row=1, values_only=True)]
        except Exception as exc:  # a damaged sheet raises from deep inside openpyxl
            msg = (
                f"{label}: sheet {sheet.title!r} cannot be read ({type(exc).__name__}: "
                f"{exc}); open the workbook in Excel, save it again as .xlsx, or export "
                "it as CSV (UTF-8)"
            )
            raise FormatError(msg) from exc
        if any(_filled(v) for row in rows for v in row):
            return (sheet.title if number else None), rows
    return None, []


def read_excel(source: Source, options: ReadOptions) -> RawTable:
    """Read the first worksheet with data into a raw table.

    Parameters
    ----------
    source
        An opened ``.xlsx`` or ``.xlsm`` file.
    options
        What is read; ``kind`` tells which column names mark the header row.

    Returns
    -------
    RawTable
        Format ``"generic-excel"``, or ``"generic-excel:<sheet>"`` when the first sheet
        is empty and a later one was read. Lines are sheet row numbers.

    Raises
    ------
    ConfigError
        openpyxl is not installed.
    FormatError
        The file is not an ``.xlsx`` workbook, or a sheet cannot be read.
    DataError
        Every sheet is empty, or the table has a header but no rows.

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
        later_sheet, rows = _sheet_rows(book, source.label)
    finally:
        book.close()
    header_at = find_header(rows, options.kind)
    if header_at is None:
        msg = "every sheet is empty; put the table, with a header row, in the first sheet"
        raise DataError(msg, source=source.label)
    header = rows[header_at]
    body = rows[header_at + 1 :]
    width = max(len(row) for row in rows[header_at:])
    names = [
        str(header[i]) if i < len(header) and _filled(header[i]) else f"Unnamed: {i}"
        for i in range(width)
    ]
    totals = _totals_rows(body)
    kept = body[: len(body) - totals]
    records = [row + (None,) * (width - len(row)) for row in kept]
    frame = pd.DataFrame.from_records(records, columns=names, coerce_float=False)
    lines = np.arange(len(records), dtype=np.int64) + header_at + 2
    fmt = "generic-excel" if later_sheet is None else f"generic-excel:{later_sheet}"
    table = finish_table(frame, lines, fmt, source)
    filled_totals = sum(1 for row in body[len(body) - totals :] if _total_word(row) is not None)
    if filled_totals:
        table = replace(table, excluded={_TOTALS_REASON: filled_totals})
    return table
