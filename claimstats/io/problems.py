"""Collect row problems while validating, then raise them all at once or reject the rows.

Checks add an :class:`Issue` (a column, a reason, the row positions at fault); nothing
is raised until every check has run, so one read shows the user everything to fix.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from claimstats._time import time_text
from claimstats.errors import ConfigError, DataError, RowProblem
from claimstats.models import RejectedRow

__all__ = ["ON_ERROR", "Issue", "Problems", "check_on_error", "shorten"]

#: what a loader may do with bad rows
ON_ERROR = ("raise", "reject")

_SHOWN_VALUES = 3


def check_on_error(on_error: object) -> str:
    """Validate ``on_error``.

    Examples
    --------
    >>> check_on_error("reject")
    'reject'
    """
    if on_error not in ON_ERROR:
        msg = (
            f"on_error must be 'raise' (stop and list every bad row) or 'reject' (keep the "
            f"good rows, list the bad ones in the provenance), not {on_error!r}"
        )
        raise ConfigError(msg)
    return str(on_error)


@dataclass(frozen=True)
class Issue:
    """One reason that some rows cannot be used.

    Attributes
    ----------
    column
        The column as named in the file (the canonical name when the file has none).
    reason
        What is wrong and, where it helps, what to do.
    rows
        Row positions (0-based, into the raw table) at fault.
    shown
        Whether messages may show the values found (not for free text that may hold a
        secret or a customer's name).
    """

    column: str
    reason: str
    rows: np.ndarray
    shown: bool = True


@dataclass
class Problems:
    """The issues found in one raw table.

    Parameters
    ----------
    lines
        Line number of each row, as in the file.
    raw
        The raw table's frame: offending values are shown from it.
    label
        The source, for the error.
    offsets
        The UTC offsets written in the table's times (``"+08:00"``), with how many times
        each is written; the provenance records them.
    """

    lines: np.ndarray
    raw: pd.DataFrame
    label: str
    issues: list[Issue] = field(default_factory=list)
    offsets: Counter[str] = field(default_factory=Counter)

    def add(
        self, column: str, reason: str, mask: np.ndarray | pd.Series, *, shown: bool = True
    ) -> None:
        """Record that the rows where ``mask`` is True have the problem ``reason``; with
        ``shown=False`` messages do not show their values."""
        rows = np.flatnonzero(np.asarray(mask, dtype=bool))
        if rows.size:
            self.issues.append(Issue(column, reason, rows, shown))

    def add_rows(self, column: str, reason: str, rows: np.ndarray, *, shown: bool = True) -> None:
        """Record a problem of the rows at the given positions."""
        if len(rows):
            rows = np.sort(np.asarray(rows, dtype=np.int64))
            self.issues.append(Issue(column, reason, rows, shown))

    def bad(self) -> np.ndarray:
        """True for each row with at least one problem."""
        mask = np.zeros(len(self.lines), dtype=bool)
        for issue in self.issues:
            mask[issue.rows] = True
        return mask

    def _value(self, column: str, row: int) -> object:
        if column not in self.raw.columns:
            return None
        value = self.raw[column].iloc[row]
        if isinstance(value, np.generic):  # show 5.0, not np.float64(5.0)
            value = value.item()
        if isinstance(value, pd.Timestamp):  # as text: repr fails on far-off times
            return None if value is pd.NaT else time_text(value)
        if isinstance(value, np.ndarray | list | tuple | dict | set):  # nested Parquet cells
            return shorten(str(value.tolist() if isinstance(value, np.ndarray) else value))
        return None if _is_missing(value) else shorten(value)

    def row_problems(self) -> list[RowProblem]:
        """The issues as :class:`~claimstats.errors.RowProblem`, in file order."""
        ordered = sorted(self.issues, key=lambda issue: int(self.lines[issue.rows[0]]))
        return [
            RowProblem(
                issue.column,
                issue.reason,
                self.lines[issue.rows].tolist(),
                self._shown(issue) if issue.shown else [],
            )
            for issue in ordered
        ]

    def _shown(self, issue: Issue) -> list[object]:
        shown: list[object] = []
        for row in issue.rows[: _SHOWN_VALUES * 4].tolist():
            value = self._value(issue.column, row)
            if value is not None and value not in shown:
                shown.append(value)
            if len(shown) == _SHOWN_VALUES:
                break
        return shown

    def rejected(self) -> list[RejectedRow]:
        """One :class:`~claimstats.models.RejectedRow` per rejected line and column."""
        seen: set[tuple[int, str]] = set()
        rows: list[RejectedRow] = []
        for issue in self.issues:
            for row in issue.rows.tolist():
                key = (int(self.lines[row]), issue.column)
                if key in seen:
                    continue
                seen.add(key)
                value = self._value(issue.column, row)
                text = "" if value is None else str(value)
                rows.append(
                    RejectedRow(line=key[0], column=key[1], reason=issue.reason, value=text)
                )
        return sorted(rows, key=lambda r: (r.line, r.column))

    def error(self, what: str, *, unit: str = "row", rejectable: bool = True) -> DataError:
        """One :class:`~claimstats.errors.DataError` holding every issue: so many problems
        in so many ``what`` ``unit``; what to do, with ``on_error="reject"`` when the
        reader can leave the bad rows out and list them in the provenance.

        Examples
        --------
        >>> problems = Problems(np.array([2, 3]), pd.DataFrame({"amount": ["x", "5"]}), "a.csv")
        >>> problems.add("amount", "not an amount", np.array([True, False]))
        >>> print(problems.error("expense", unit="item", rejectable=False))
        a.csv: 1 problem in 1 expense item; fix them and run again: line 2, column 'amount': not an amount (found 'x')
        """
        bad = int(self.bad().sum())
        count = len(self.issues)
        then = (
            '; fix them in the file and read it again, or pass on_error="reject" to keep the '
            "other rows (the rejected rows are listed in the provenance)."
            if rejectable
            else "; fix them and run again:"
        )
        msg = (
            f"{count} problem{'s' if count != 1 else ''} in {bad} {what} {unit}"
            f"{'s' if bad != 1 else ''}{then}"
        )
        return DataError(msg, source=self.label, problems=self.row_problems())


#: longest value shown in a message; longer ones are cut, saying how long they were
_LONGEST_SHOWN = 200


def shorten(value: object) -> object:
    """A value to show in a message: text longer than 200 characters is cut, saying so.

    Examples
    --------
    >>> shorten("paid"), shorten("x" * 5000)[-30:]
    ('paid', 'xxx… (5,000 characters in all)')
    """
    if isinstance(value, str) and len(value) > _LONGEST_SHOWN:
        return f"{value[: _LONGEST_SHOWN - 20]}… ({len(value):,} characters in all)"
    return value


def _is_missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # lists and arrays inside JSON records
        return False
