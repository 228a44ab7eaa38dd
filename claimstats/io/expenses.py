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

from claimstats.io.lists import list_columns, read_list
from claimstats.io.problems import Problems
from claimstats.io.tables import blank_mask
from claimstats.io.values import parse_amounts
from claimstats.models import ExpenseItem

__all__ = ["EXPENSE_COLUMNS", "read_expenses"]

#: the columns of an expense file; the first two are required
EXPENSE_COLUMNS = ("amount", "description", "evidence", "claimed")

_HINT = (
    "name the columns amount, description, evidence (optional) and claimed (optional, false "
    "for an indirect loss); amounts are in the claim's currency"
)
_YES = frozenset({"true", "yes", "y", "1", "是"})
_NO = frozenset({"false", "no", "n", "0", "否"})


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
    frame, rows = table.frame, len(table.frame)
    names = list_columns(frame.columns, source.label, "an expense list", EXPENSE_COLUMNS,
                         EXPENSE_COLUMNS[:2], _HINT)  # fmt: skip
    empty = pd.Series([None] * rows, dtype=object)
    amounts = parse_amounts(frame[names["amount"]])
    descriptions, description_nested = _text(frame[names["description"]])
    evidence, evidence_nested = _text(frame[names["evidence"]] if "evidence" in names else empty)
    claimed, claimed_bad = _claimed(frame[names["claimed"]] if "claimed" in names else empty)
    no_description = np.array([not text for text in descriptions]) & ~description_nested
    problems = Problems(table.lines, frame, source.label)
    for column, rows_with, reason, shown in (
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
    ):  # fmt: skip
        problems.add(names.get(column, column), reason, rows_with, shown=shown)
    if problems.issues:
        raise problems.error(what="expense", unit="item", rejectable=False)
    return [
        ExpenseItem(
            amount=float(amounts.numbers[i]),
            description=descriptions[i],
            evidence=evidence[i],
            claimed=claimed[i],
        )
        for i in range(rows)
    ]
