"""Money in a loss estimate: what an order is worth at each hour, the currency, expenses."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from claimstats.errors import ConfigError, DataError
from claimstats.estimate.money import (
    check_expenses,
    currency_of,
    kruskal_wallis_p,
    order_values,
)
from claimstats.models import ExpenseItem

GRID = pd.date_range("2026-05-04", periods=7 * 24, freq="h", tz="UTC", unit="us")
HOUR = pd.Timedelta("1h")


def baseline_orders(evening: float, seed: int = 0, per_hour: int = 6) -> tuple:
    """Orders of a week, ``per_hour`` an hour, worth about 100 by day and ``evening`` from 18:00."""
    rng = np.random.default_rng(seed)
    stamps = pd.Series(
        GRID.repeat(per_hour)
        + pd.to_timedelta(rng.integers(0, 3600, len(GRID) * per_hour), unit="s")
    )
    hours = stamps.dt.hour.to_numpy()
    amounts = np.where(hours >= 18, evening, 100.0) * rng.lognormal(0, 0.3, len(stamps))
    return stamps, pd.Series(amounts.round(2))


def test_evening_baskets_make_an_evening_outage_cost_more():
    stamps, amounts = baseline_orders(evening=250.0)
    expected = np.full(len(GRID), 6.0)
    evening = (GRID.hour >= 19) & (GRID.hour < 22) & (GRID.day == 10)

    average, value, notes = order_values(stamps, amounts, GRID, HOUR, expected, evening * 1.0)

    assert average == pytest.approx(amounts.mean())
    assert value[evening].mean() > 1.5 * average
    assert value[GRID.hour == 9].mean() < 0.85 * average
    [note] = notes
    assert note.code == "order_value_by_hour"
    figures = note.model_dump()["values"]
    assert figures["by_hour"] > 1.5 * figures["flat"]
    assert figures["flat"] == pytest.approx(18 * average)
    assert "Order values vary with the time of day" in note.text


def test_values_that_do_not_vary_with_the_hour_keep_one_average():
    flat = [
        order_values(
            *baseline_orders(evening=100.0, seed=s), GRID, HOUR, np.ones(168), np.ones(168)
        )
        for s in range(20)
    ]

    kept = [notes == [] for _, _, notes in flat]
    assert sum(kept) >= 19  # the test's false alarm rate is 1%
    average, value, _ = flat[0]
    assert (value == average).all()


def test_each_hour_is_shrunk_towards_the_overall_average_when_it_has_few_orders():
    stamps, amounts = baseline_orders(evening=300.0, per_hour=1)
    _, value, _ = order_values(stamps, amounts, GRID, HOUR, np.ones(168), np.ones(168))
    raw = amounts.groupby(stamps.dt.hour).mean()

    # 7 evening orders at 21:00 against a prior weight of 20 orders
    assert raw[21] > value[21] > amounts.mean()


def test_too_few_orders_or_day_buckets_give_one_average():
    stamps, amounts = baseline_orders(evening=300.0)
    few = order_values(stamps[:40], amounts[:40], GRID, HOUR, np.ones(168), np.ones(168))
    days = pd.date_range("2026-05-04", periods=7, freq="D", tz="UTC", unit="us")
    daily = order_values(stamps, amounts, days, pd.Timedelta("1D"), np.ones(7), np.ones(7))
    nothing = order_values(stamps[:0], amounts[:0], GRID, HOUR, np.ones(168), np.ones(168))

    assert few[2] == []
    assert (few[1] == few[0]).all()
    assert daily[2] == []
    assert nothing[0] == 0.0
    assert (nothing[1] == 0).all()


@pytest.mark.parametrize("seed", range(6))
def test_the_kruskal_wallis_p_value_is_scipys(seed):
    """Written on scipy.special to spare a report the second scipy.stats takes to import;
    the same p-value as scipy.stats.kruskal, ties (rounded amounts) included."""
    stats = pytest.importorskip("scipy.stats")
    rng = np.random.default_rng(seed)
    size = int(rng.integers(20, 600))
    groups = rng.integers(0, int(rng.integers(2, 25)), size)
    values = (rng.gamma(2.0, 50.0, size) * (1 + 0.2 * (groups % 3))).round(int(seed % 2))
    expected = stats.kruskal(*[values[groups == g] for g in np.unique(groups)]).pvalue
    assert kruskal_wallis_p(values, groups) == pytest.approx(expected, rel=1e-9, abs=1e-15)


def test_kruskal_wallis_is_undefined_when_every_value_is_the_same():
    assert np.isnan(kruskal_wallis_p(np.full(10, 5.0), np.repeat([0, 1], 5)))


def test_one_currency_or_a_data_error_naming_them():
    frame = pd.DataFrame(
        {"status": ["completed", "completed", "failed"], "currency": ["EUR", "EUR", "USD"]}
    )

    assert currency_of(frame) == "EUR"
    with pytest.raises(DataError, match=r"2 currencies \['EUR', 'USD'\]"):
        currency_of(frame.assign(status="completed"))
    with pytest.raises(DataError, match=r"0 currencies \[\]"):
        currency_of(frame.assign(status="failed"))


def test_expenses_become_items_and_bad_ones_name_the_item_and_field():
    item = ExpenseItem(amount=10, description="calls", evidence="bill.pdf")

    items = check_expenses([item, {"amount": 5, "description": "ads", "claimed": False}])

    assert items[0] is item
    assert (items[1].amount, items[1].claimed) == (5.0, False)
    assert check_expenses(()) == []
    with pytest.raises(ConfigError, match="expense item 2: description: Field required"):
        check_expenses([item, {"amount": 5}])
    with pytest.raises(ConfigError, match="expenses must be a list of items"):
        check_expenses("300 for a courier")
