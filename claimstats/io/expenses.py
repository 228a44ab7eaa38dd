"""The claimant's documented expenses, read from a CSV or JSON file.

One item per row (CSV) or record (JSON: a list, or ``{"expenses": [...]}``), with

``amount``
    the cost in the claim's currency (``300``, ``1,250.50`` or ``¥300``);
``description``
    what it was for;
``evidence``
    where it is documented: a receipt, an invoice, a link (optional);
``claimed``
    optional, true by default; ``false``, ``no`` or ``0`` for an indirect loss, which the
    report lists but never adds to the claim.

Every problem in the file is collected and reported at once, naming the line and the
column, as the order and outage loaders do.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from claimstats.errors import DataError, RowProblem
from claimstats.io.lists import read_list
from claimstats.io.tables import RawTable, blank_mask
from claimstats.io.values import parse_amounts
from claimstats.models import ExpenseItem

__all__ = ["EXPENSE_COLUMNS", "read_expenses"]

#: the columns of an expense file; the first two are required
EXPENSE_COLUMNS = ("amount", "description", "evidence", "claimed")

_YES = frozenset({"true", "yes", "y", "1", "是"})
_NO = frozenset({"false", "no", "n", "0", "否"})


def _columns(table: RawTable, label: str) -> dict[str, str]:
    """Canonical column name -> the name in the file; unknown or missing columns raise."""
    named = {str(name).strip().lower(): str(name) for name in table.frame.columns}
    unknown = [named[name] for name in named if name not in EXPENSE_COLUMNS]
    missing = [name for name in EXPENSE_COLUMNS[:2] if name not in named]
    if unknown or missing:
        found = ", ".join(repr(name) for name in table.frame.columns)
        problem = (
            f"has no column {' or '.join(repr(m) for m in missing)}"
            if missing
            else f"has columns an expense list does not use ({', '.join(map(repr, unknown))})"
        )
        msg = (
            f"{problem}; columns found: {found}. Name the columns amount, description, "
            "evidence (optional) and claimed (optional, false for an indirect loss); "
            "amounts are in the claim's currency"
        )
        raise DataError(msg, source=label)
    return {name: named[name] for name in EXPENSE_COLUMNS if name in named}


def _claimed(values: pd.Series) -> tuple[list[bool], np.ndarray]:
    """True/false per row (blank: true), and the rows that are neither."""
    blank = blank_mask(values)
    flags, bad = [], np.zeros(len(values), dtype=bool)
    for i, value in enumerate(values.tolist()):
        word = str(value).strip().lower()
        if blank[i] or value is True or word in _YES:
            flags.append(True)
        elif value is False or word in _NO:
            flags.append(False)
        else:
            flags.append(True)
            bad[i] = True
    return flags, bad


def _text(values: pd.Series) -> tuple[list[str], np.ndarray]:
    """Text per row (blank: ``""``), and the rows holding a list or an object (JSON)."""
    blank = blank_mask(values)
    nested = np.array([isinstance(v, dict | list) for v in values.tolist()], dtype=bool)
    texts = [
        "" if blank[i] or nested[i] else str(value).strip()
        for i, value in enumerate(values.tolist())
    ]
    return texts, nested


def read_expenses(path: str | os.PathLike[str]) -> list[ExpenseItem]:
    """Read the documented expenses of a claim from a CSV or JSON file.

    Parameters
    ----------
    path
        A ``.csv`` (or ``.tsv``/``.txt``) file with a header row, or a ``.json`` file
        holding a list of records or ``{"expenses": [...]}`` (or JSON Lines).

    Returns
    -------
    list of ExpenseItem
        In the order of the file; pass them as ``expenses=`` to
        :func:`claimstats.estimate_loss` or in :class:`claimstats.ClaimDocuments`.

    Raises
    ------
    DataError
        The file is missing or empty, lacks the ``amount`` or ``description`` column,
        has other columns, or has rows that are not valid; every bad row is named with
        its line (for a JSON list: the record's number from 1) and its column.
    FormatError
        The file is neither CSV nor JSON.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "expenses.csv"
    >>> _ = path.write_text(
    ...     "amount,description,evidence,claimed\\n"
    ...     "300,courier re-delivery,receipt-0805.pdf,\\n"
    ...     "5000,regular customers lost,,no\\n", encoding="utf-8")
    >>> [(item.amount, item.claimed) for item in read_expenses(path)]
    [(300.0, True), (5000.0, False)]
    """
    source, table = read_list(path, "an expense list", "expenses")
    names = _columns(table, source.label)
    frame, lines = table.frame, table.lines
    rows = len(frame)
    empty = pd.Series([None] * rows, dtype=object)
    amounts = parse_amounts(frame[names["amount"]])
    descriptions, description_nested = _text(frame[names["description"]])
    evidence, evidence_nested = _text(frame[names["evidence"]] if "evidence" in names else empty)
    claimed, claimed_bad = _claimed(frame[names["claimed"]] if "claimed" in names else empty)
    no_description = np.array([not text for text in descriptions]) & ~description_nested
    #: (column, rows, reason, show the values found)
    checks = [
        ("amount", amounts.missing, "the amount is missing", False),
        ("amount", amounts.not_number | amounts.not_finite,
         "not an amount; write e.g. 300 or 1250.50", True),
        ("amount", amounts.negative, "negative; write the cost as a positive amount", True),
        ("description", description_nested, "not text; say in words what the cost was for", False),
        ("description", no_description, "the description is missing; say what the cost was for",
         False),
        ("evidence", evidence_nested, "not text; name the receipt, invoice or link", False),
        ("claimed", claimed_bad,
         "neither true nor false; write false (or no, 0) for an indirect loss that is listed "
         "but not claimed, or leave it empty", True),
    ]  # fmt: skip
    problems = [
        RowProblem(
            names[column],
            reason,
            lines[rows_with],
            frame[names[column]].iloc[np.flatnonzero(rows_with)[:3]].tolist() if show else (),
        )
        for column, rows_with, reason, show in checks
        if rows_with.any()
    ]
    if problems:
        problems.sort(key=lambda problem: problem.lines[0])
        bad = len({n for p in problems for n in p.lines})
        msg = (
            f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {bad} expense "
            f"item{'s' if bad != 1 else ''}; fix them in the file and run again:"
        )
        raise DataError(msg, source=source.label, problems=problems)
    return [
        ExpenseItem(
            amount=float(amounts.numbers[i]),
            description=descriptions[i],
            evidence=evidence[i],
            claimed=claimed[i],
        )
        for i in range(rows)
    ]
