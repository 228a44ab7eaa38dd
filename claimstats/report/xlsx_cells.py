"""The cells of the Excel workbooks: values with number formats, the labels, text that
stays text, and the workbook's bytes dated by the report, not by the clock.

Shared by the sheets of :mod:`claimstats.report.xlsx`, :mod:`claimstats.report.xlsx_policy`
and the wallet complaint's lists (:mod:`claimstats.report.complaint_xlsx`).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import pandas as pd

from claimstats._files import FORMULA_START
from claimstats.errors import ConfigError
from claimstats.report.i18n import Locale
from claimstats.report.impact import ImpactReportData

__all__ = [
    "COUNT",
    "HOURS",
    "ILLEGAL_CHARACTERS",
    "MONEY",
    "ORDERS",
    "SHARE",
    "Cell",
    "Heading",
    "Labels",
    "Sheet",
    "fill_sheet",
    "put_text",
    "stamped_zip",
    "workbook_bytes",
]

#: number formats of money, orders, shares, hours and counts
MONEY, ORDERS, SHARE, HOURS, COUNT = "#,##0.00", "#,##0.0", "0.0%", "0.00", "#,##0"

#: characters no worksheet may hold (the XML 1.0 control characters)
ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

#: one cell: a value, with a number format for numbers
Cell = tuple[object, str | None] | str | None


class Heading(list):
    """A row that heads a table below the sheet's first: written in bold."""


class Labels:
    """The report's texts and the workbook's own, in the report's language."""

    def __init__(self, report: ImpactReportData) -> None:
        self.loc = Locale(report.lang, report.tz)
        self.currency = report.currency

    def __call__(self, key: str, **fields: object) -> str:
        return self.loc.text(key, **fields)

    def answer(self, flag: bool) -> str:
        """Yes or no."""
        return self("answer_yes" if flag else "answer_no")

    def money(self, key: str, **fields: object) -> str:
        """A label of a money column, with the currency."""
        return f"{self(key, **fields)} ({self.currency})"

    def local(self, moment: datetime | None, seconds: bool = False) -> str:
        """Local time as ISO 8601 text with its offset: ``2026-08-04 09:40+08:00``."""
        if moment is None:
            return "—"
        local = pd.Timestamp(moment).tz_convert(self.loc.tz)
        return local.isoformat(sep=" ", timespec="seconds" if seconds else "minutes")

    @staticmethod
    def utc(moment: datetime) -> str:
        return f"{pd.Timestamp(moment).tz_convert('UTC'):%Y-%m-%d %H:%M} UTC"


def put_text(cell: Any, value: str) -> None:
    """Put text in ``cell`` as text: never a formula, never an error value."""
    value = ILLEGAL_CHARACTERS.sub("\ufffd", value)[:32767]
    cell.value = value
    cell.data_type = "s"  # openpyxl reads "=..." as a formula and "#N/A" as an error
    if value.startswith(FORMULA_START):
        cell.quotePrefix = True  # Excel keeps it text when the cell is edited


def fill_sheet(
    sheet: Any, header: list[Cell], rows: list[list[Cell]], widths: Sequence[int]
) -> None:
    """Write a table to ``sheet``: its header row in bold (and each :class:`Heading`
    row), numbers with their formats, text as text; the columns as wide as ``widths``
    and the header row frozen."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    for r, cells in enumerate([header, *rows], start=1):
        for c, item in enumerate(cells, start=1):
            cell = sheet.cell(row=r, column=c)
            value, number_format = item if isinstance(item, tuple) else (item, None)
            if isinstance(value, str):
                put_text(cell, value)
            elif value is not None:
                cell.value = value
                cell.number_format = number_format or "General"
            if r == 1 or isinstance(cells, Heading):
                cell.font = bold
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = width
    sheet.freeze_panes = "A2"


def stamped_zip(data: bytes, moment: datetime) -> bytes:
    """The zip ``data`` again, every entry dated ``moment`` (openpyxl dates them now)."""
    stamp = max(pd.Timestamp(moment).tz_convert("UTC"), pd.Timestamp("1980-01-01", tz="UTC"))
    date_time = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, source.read(info))
    return out.getvalue()


#: one sheet of a workbook: its name, header row, rows and column widths
Sheet = tuple[str, list[Cell], list[list[Cell]], Sequence[int]]


def workbook_bytes(
    what: str, sheets: list[Sheet], as_of: datetime, version: str, title: str, lang: str
) -> bytes:
    """The sheets (each filled by :func:`fill_sheet`) as the bytes of an ``.xlsx``
    workbook made by claimstats ``version``, dated ``as_of`` inside and in its zip
    entries, so the same inputs give the same bytes.

    Raises
    ------
    ConfigError
        openpyxl is not installed; the message names ``what`` and the extra to install.
    """
    try:
        from openpyxl import Workbook
        from openpyxl.writer.excel import ExcelWriter
    except ImportError as exc:
        msg = f"writing {what} needs openpyxl; pip install 'claimstats[excel]'"
        raise ConfigError(msg) from exc
    book = Workbook()
    book.remove(book.active)
    for name, header, rows, widths in sheets:
        fill_sheet(book.create_sheet(name), header, rows, widths)
    moment = pd.Timestamp(as_of).tz_convert("UTC").tz_localize(None).to_pydatetime()
    book.properties.created = book.properties.modified = moment
    book.properties.creator = f"claimstats {version}"
    book.properties.title = ILLEGAL_CHARACTERS.sub("\ufffd", title)
    book.properties.language = "zh-CN" if lang == "zh" else "en"
    buffer = io.BytesIO()
    ExcelWriter(book, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return stamped_zip(buffer.getvalue(), as_of)
