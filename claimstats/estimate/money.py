"""Money in a loss estimate: the currency, what an order is worth at each hour, expenses.

Expected revenue is expected orders times the value of an order. The value is the
average of the completed orders in the baseline; when order values differ with the time
of day (evening baskets larger than morning ones, tested with a Kruskal-Wallis test on
the baseline's orders), each bucket of the day gets its own average instead, shrunk
towards the overall one by ``_PRIOR_ORDERS`` orders' weight so a quiet hour with a few
large orders does not swing it. An outage in the evening then costs evening baskets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from pydantic import ValidationError
from scipy import special

from claimstats.errors import ConfigError, DataError
from claimstats.models import ExpenseItem, Note

__all__ = ["check_expenses", "currency_of", "kruskal_wallis_p", "order_values"]

_PRIOR_ORDERS = 20.0  # weight of the overall average in each bucket-of-day average
_VARIES_P = 0.01  # order values vary with the time of day below this p-value


def currency_of(orders: pd.DataFrame) -> str:
    """The one currency of the completed orders.

    Raises
    ------
    DataError
        When the completed orders are in several currencies (or none).

    Examples
    --------
    >>> currency_of(pd.DataFrame({"status": ["completed", "failed"], "currency": ["CNY", "USD"]}))
    'CNY'
    """
    completed = orders.loc[orders["status"] == "completed", "currency"]
    counts = completed.value_counts().sort_index()
    currencies = [str(c) for c in counts.index]
    if len(currencies) != 1:
        each = ", ".join(f"{code} {int(n):,}" for code, n in counts.items())
        msg = (
            f"the completed orders are in {len(currencies)} currencies {currencies} "
            f"({each or 'no completed order'}); estimate one currency at a time (filter the "
            "orders, or convert them with your rates first): amounts in different currencies "
            "are never added up"
        )
        raise DataError(msg, source=_source(orders))
    return currencies[0]


def _source(orders: pd.DataFrame) -> str:
    """The file the orders were read from, as the loaders recorded it, else 'orders'."""
    from claimstats.io.provenance import ATTRS_KEY

    record = orders.attrs.get(ATTRS_KEY)
    source = getattr(record, "source", None) or (record or {}).get("source")
    return str(source) if source and source != "DataFrame" else "orders"


def order_values(
    stamps: pd.Series,
    amounts: pd.Series,
    grid: pd.DatetimeIndex,
    step: pd.Timedelta,
    expected: np.ndarray,
    where: np.ndarray,
) -> tuple[float, np.ndarray, list[Note]]:
    """The average order value, the value of an order in each bucket, and a note.

    Parameters
    ----------
    stamps, amounts
        Times and amounts of the completed baseline orders.
    grid
        The buckets' starts (regular, ``step`` apart).
    step
        The bucket size.
    expected
        Expected orders per bucket (for the note's two revenue figures).
    where
        Share of each bucket counted in the claim (for the note).

    Returns
    -------
    tuple
        The overall average, the per-bucket values (all equal to it unless order values
        vary with the time of day), and an ``order_value_by_hour`` note when they do.

    Examples
    --------
    >>> grid = pd.date_range("2026-05-04", periods=48, freq="h", tz="UTC")
    >>> stamps = pd.Series(grid.repeat(30)); hours = stamps.dt.hour.to_numpy()
    >>> amounts = pd.Series(np.where(hours >= 18, 200.0, 100.0) + np.tile(np.arange(30), 48))
    >>> avg, value, notes = order_values(stamps, amounts, grid, pd.Timedelta("1h"),
    ...                                  np.ones(48), np.ones(48))
    >>> round(avg, 2), value[[0, 20]].round(2).tolist(), notes[0].code   # 60 orders an hour
    (139.5, [120.75, 195.75], 'order_value_by_hour')
    """
    count = len(amounts)
    average = float(amounts.sum() / count) if count else 0.0
    flat = np.full(len(grid), average)
    per_day = int(pd.Timedelta("1D") / step)
    if count < 2 * per_day or per_day == 1:
        return average, flat, []
    slot_of_order = (((stamps - grid[0]) // step) % per_day).to_numpy(np.int64)
    if not _varies(amounts.to_numpy(float), slot_of_order):
        return average, flat, []
    orders = np.bincount(slot_of_order, minlength=per_day)
    money = np.bincount(slot_of_order, weights=amounts.to_numpy(float), minlength=per_day)
    by_slot = (money + _PRIOR_ORDERS * average) / (orders + _PRIOR_ORDERS)
    value = by_slot[np.arange(len(grid)) % per_day]
    counted = np.where(np.isfinite(expected), where * expected, 0.0)
    note = Note(
        code="order_value_by_hour",
        values={"flat": float(counted @ flat), "by_hour": float(counted @ value)},
    )
    return average, value, [note]


def _varies(amounts: np.ndarray, slots: np.ndarray) -> bool:
    """Whether order values differ between buckets of the day (Kruskal-Wallis)."""
    names, sizes = np.unique(slots, return_counts=True)
    kept = np.isin(slots, names[sizes >= 5])
    if len(np.unique(slots[kept])) < 2 or np.ptp(amounts) == 0:
        return False
    return bool(kruskal_wallis_p(amounts[kept], slots[kept]) < _VARIES_P)


def kruskal_wallis_p(values: np.ndarray, groups: np.ndarray) -> float:
    """p-value of the Kruskal-Wallis H test that ``values`` share one distribution
    across ``groups``, with the correction for ties (as ``scipy.stats.kruskal``).

    Written here on ``scipy.special`` because ``scipy.stats`` takes a second to import,
    a third of a report's time; the test suite checks it against ``scipy.stats.kruskal``.

    Examples
    --------
    >>> p = kruskal_wallis_p(np.array([1.0, 2, 3, 4, 5, 6, 7, 8, 9]), np.repeat([0, 1, 2], 3))
    >>> round(p, 4)
    0.0273
    """
    values = np.asarray(values, dtype=float)
    total = len(values)
    ranks = pd.Series(values).rank(method="average").to_numpy()
    labels, group = np.unique(groups, return_inverse=True)
    sizes = np.bincount(group)
    rank_sums = np.bincount(group, weights=ranks)
    statistic = 12 / (total * (total + 1)) * np.sum(rank_sums**2 / sizes) - 3 * (total + 1)
    ties = np.unique(values, return_counts=True)[1].astype(float)
    correction = 1 - np.sum(ties**3 - ties) / (total**3 - total)
    if correction == 0:
        return float("nan")
    return float(special.chdtrc(len(labels) - 1, statistic / correction))


def check_expenses(expenses: object) -> list[ExpenseItem]:
    """Check the documented expenses; each becomes an :class:`ExpenseItem`.

    Raises
    ------
    ConfigError
        Naming the item and the field when one is not valid.

    Examples
    --------
    >>> [i.amount for i in check_expenses([{"amount": 300, "description": "courier",
    ...                                     "evidence": "receipt.pdf"}])]
    [300.0]
    """
    if isinstance(expenses, Mapping | str) or not isinstance(expenses, Sequence):
        msg = (
            "expenses must be a list of items such as "
            '[{"amount": 300, "description": "courier re-delivery", "evidence": "receipt.pdf"}]'
        )
        raise ConfigError(msg)
    items = []
    for number, item in enumerate(expenses, 1):
        try:
            items.append(
                item if isinstance(item, ExpenseItem) else ExpenseItem.model_validate(item)
            )
        except ValidationError as exc:
            problem = exc.errors()[0]
            where = ".".join(str(part) for part in problem["loc"]) or "item"
            msg = (
                f"expense item {number}: {where}: {problem['msg']}; give amount (0 or more), "
                "description, and evidence (where it is documented)"
            )
            raise ConfigError(msg) from exc
    return items
