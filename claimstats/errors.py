"""The one exception hierarchy of claimstats.

Every error the library raises on purpose is a :class:`ClaimstatsError`. Messages say
what went wrong *and what to do next*; data errors also carry the file, the line numbers
as they appear in the file, and the column, so a user can open the file and fix it.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "BrowserError",
    "ClaimstatsError",
    "ConfigError",
    "DataError",
    "FormatError",
    "RowProblem",
    "TimeZoneWarning",
]


class ClaimstatsError(Exception):
    """Base class of every error claimstats raises on purpose."""


class ConfigError(ClaimstatsError):
    """An argument or setting is missing or invalid (for example naive times without ``tz``)."""


class FormatError(ClaimstatsError):
    """A file cannot be read as any supported layout, or not as the layout asked for."""


class BrowserError(ClaimstatsError):
    """The headless browser (PDF, chart images) did not start, failed, or did not finish in
    time."""


class TimeZoneWarning(UserWarning):
    """The times read look as if they were in another zone than the one given (``tz``).

    The analysis goes on; the message names both zones and what to check.
    """


class RowProblem:
    """One problem found in one or more rows of an input file.

    Parameters
    ----------
    column
        The column as named in the file (or the canonical name when the file has none).
    reason
        What is wrong, in plain words.
    lines
        Line numbers as in the file (the header is line 1 of a CSV), or row numbers of a
        DataFrame, counted from 1.
    values
        A few of the offending values, shown to the user.
    """

    __slots__ = ("column", "lines", "reason", "values")

    def __init__(
        self, column: str, reason: str, lines: Sequence[int], values: Sequence[object] = ()
    ) -> None:
        self.column = column
        self.reason = reason
        self.lines = [int(n) for n in lines]
        self.values = list(values)

    def describe(self, max_lines: int = 5) -> str:
        """One line naming the lines, the column and the reason."""
        shown = ", ".join(str(n) for n in self.lines[:max_lines])
        more = f" and {len(self.lines) - max_lines} more" if len(self.lines) > max_lines else ""
        noun = "line" if len(self.lines) == 1 else "lines"
        sample = ""
        if self.values:
            sample = " (found " + ", ".join(repr(v) for v in self.values[:3]) + ")"
        return f"{noun} {shown}{more}, column {self.column!r}: {self.reason}{sample}"

    def __repr__(self) -> str:
        return f"RowProblem({self.describe()})"


class DataError(ClaimstatsError):
    """Input data that cannot be used as it is.

    Carries the file (``source``) and every row problem found, so that one run shows
    the user everything to fix rather than the first thing only.

    Parameters
    ----------
    message
        What is wrong and what to do.
    source
        The file path, or a label such as ``"DataFrame"``.
    problems
        Row-level problems, each naming lines and a column.
    """

    def __init__(
        self, message: str, source: str | None = None, problems: Sequence[RowProblem] = ()
    ) -> None:
        self.source = source
        self.problems = list(problems)
        self.message = message
        super().__init__(self._render())

    def _render(self) -> str:
        head = f"{self.source}: {self.message}" if self.source else self.message
        if not self.problems:
            return head
        body = "; ".join(p.describe() for p in self.problems[:10])
        more = f"; and {len(self.problems) - 10} more problems" if len(self.problems) > 10 else ""
        return f"{head} {body}{more}"

    @property
    def lines(self) -> list[int]:
        """Every line number named by the problems, sorted."""
        return sorted({n for p in self.problems for n in p.lines})
