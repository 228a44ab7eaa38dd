"""The cells of the Excel loss schedule: values with number formats, and its labels.

Shared by the sheets of :mod:`claimstats.report.xlsx` and :mod:`claimstats.report.xlsx_policy`.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from claimstats.report.i18n import Locale
from claimstats.report.impact import ImpactReportData

__all__ = ["COUNT", "HOURS", "MONEY", "ORDERS", "SHARE", "Cell", "Heading", "Labels"]

#: number formats of money, orders, shares, hours and counts
MONEY, ORDERS, SHARE, HOURS, COUNT = "#,##0.00", "#,##0.0", "0.0%", "0.00", "#,##0"

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
