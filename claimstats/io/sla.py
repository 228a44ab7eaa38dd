"""SLA credit schedules: a file or rows of tiers into a :class:`~claimstats.models.SlaSchedule`.

Each tier is a row with ``below_uptime_percent`` and ``credit_percent`` (numbers, or
text such as ``'99.9 %'``); every problem is named with its line and column, as the
other loaders do.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from claimstats.errors import DataError, RowProblem
from claimstats.io.lists import list_columns, read_list
from claimstats.io.problems import Problems
from claimstats.models import SLA_COLUMNS, SlaSchedule, SlaTier, tier_problems

__all__ = ["read_sla_schedule", "sla_schedule_from_rows"]


def _blank(value: object) -> bool:
    """True for a missing cell: None, NaN or only whitespace."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or (isinstance(value, float) and math.isnan(value))


def _percent(value: object) -> float | None:
    """A percentage from a number or text such as ``'99.9'`` or ``'99.9 %'``; None if not."""
    if isinstance(value, bool) or _blank(value):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        text = value.strip().removesuffix("%").strip()
        try:
            return float(text)
        except ValueError:
            return None
    return None


def sla_schedule_from_rows(
    rows: Iterable[Mapping[str, object]],
    source: str = "rows",
    lines: Sequence[int] | None = None,
) -> SlaSchedule:
    """An SLA schedule from rows with ``below_uptime_percent`` and ``credit_percent``.

    Parameters
    ----------
    rows
        One mapping per tier; percentages as numbers or text (``99.9`` or ``'99.9%'``).
        Column names are matched ignoring case and surrounding spaces.
    source
        Named in error messages: the file, or ``"rows"``.
    lines
        The line of each row in its file, for messages; rows are counted from 1 by default.

    Raises
    ------
    DataError
        No rows, another column, or bad values; every problem is named with its line
        and column.

    Examples
    --------
    >>> s = sla_schedule_from_rows([{"below_uptime_percent": "99.5%", "credit_percent": 5},
    ...                             {"below_uptime_percent": 98, "credit_percent": "30"}])
    >>> [(t.below_uptime_percent, t.credit_percent) for t in s.tiers]
    [(99.5, 5.0), (98.0, 30.0)]
    """
    records = list(rows)
    numbers = list(lines) if lines is not None else list(range(1, len(records) + 1))
    if not records:
        msg = "holds no tiers; give at least one row, e.g. below_uptime_percent=99.9, credit_percent=10"
        raise DataError(msg, source=source)
    not_mapping = [numbers[i] for i, r in enumerate(records) if not isinstance(r, Mapping)]
    if not_mapping:
        problem = RowProblem("(row)", "not a record of columns", not_mapping)
        msg = "rows must be records with below_uptime_percent and credit_percent:"
        raise DataError(msg, source=source, problems=[problem])
    found = list(dict.fromkeys(str(k) for r in records for k in r))
    hint = "name the columns below_uptime_percent and credit_percent"
    list_columns(found, source, "an SLA schedule", SLA_COLUMNS, SLA_COLUMNS, hint)
    named = [{str(k).strip().lower(): v for k, v in r.items()} for r in records]
    problems = Problems(np.array(numbers), pd.DataFrame(named, columns=list(SLA_COLUMNS)), source)
    columns: list[list[float]] = []
    for column in SLA_COLUMNS:
        raw = [r.get(column) for r in named]
        parsed = [_percent(v) for v in raw]
        blank = np.array([_blank(v) for v in raw])
        wrong = np.array([p is None for p in parsed]) & ~blank
        problems.add(column, "missing; write a percentage such as 99.9", blank, shown=False)
        problems.add(column, "not a percentage; write e.g. 99.9 or 99.9%", wrong)
        columns.append([math.nan if v is None else v for v in parsed])
    pairs = list(zip(*columns, strict=True))
    if not problems.issues:
        for found, column, reason in tier_problems(pairs):
            problems.add_rows(column, reason, np.array(found), shown=False)
    if problems.issues:
        raise problems.error(what="SLA", unit="tier", rejectable=False)
    return SlaSchedule(tiers=[SlaTier(below_uptime_percent=t, credit_percent=c) for t, c in pairs])


def read_sla_schedule(path: str | os.PathLike[str]) -> SlaSchedule:
    """Read an SLA credit schedule from a CSV or JSON file.

    Parameters
    ----------
    path
        A ``.csv`` file with the header ``below_uptime_percent,credit_percent`` and one
        tier a line, or a ``.json`` file holding a list of such records (or
        ``{"tiers": [...]}``).

    Raises
    ------
    DataError
        The file is missing or empty, has other columns, or bad values (named by line
        and column; for a JSON list, the record's number from 1).
    FormatError
        The file is neither CSV nor JSON.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "sla.csv"
    >>> _ = path.write_text("below_uptime_percent,credit_percent\\n99.95,10\\n99,30\\n",
    ...                     encoding="utf-8")
    >>> read_sla_schedule(path).credit_for(99.5)
    10.0
    """
    source, table = read_list(path, "an SLA schedule", "tiers")
    rows = table.frame.to_dict("records")
    return sla_schedule_from_rows(rows, source=source.label, lines=table.lines.tolist())
