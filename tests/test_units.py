"""Units of the result models, and rounding each number for what it is."""

from __future__ import annotations

import math
import typing

import pandas as pd
import pytest
from pydantic import BaseModel

from claimstats.models import LossEstimate, Note
from claimstats.report import ImpactReport
from claimstats.units import (
    VALUE_UNITS,
    Money,
    Orders,
    Unit,
    currency_digits,
    field_unit,
    round_as,
    rounded,
    rounded_columns,
)


def _models(model: type[BaseModel], seen: set[type[BaseModel]]) -> set[type[BaseModel]]:
    """Every model class reachable from ``model``'s fields."""
    seen.add(model)

    def walk(annotation: object) -> None:
        model_class = isinstance(annotation, type) and issubclass(annotation, BaseModel)
        if model_class and annotation not in seen:
            _models(annotation, seen)
        for argument in typing.get_args(annotation):
            walk(argument)

    for field in model.model_fields.values():
        walk(field.annotation)
    return seen


def _holds_float(annotation: object) -> bool:
    return annotation is float or any(_holds_float(a) for a in typing.get_args(annotation))


def test_every_number_of_the_report_says_its_unit():
    missing = [
        f"{model.__name__}.{name}"
        for model in _models(ImpactReport, set())
        for name, field in model.model_fields.items()
        if _holds_float(field.annotation)
        and field_unit(field) is None
        and name != "values"  # mappings: each value by its name, in VALUE_UNITS
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("value", "unit", "currency", "shown"),
    [
        (206.76400288571293, Unit.ORDERS, None, 206.8),
        (206.76400288571296, Unit.ORDERS, None, 206.8),  # another machine's last bit
        (44741.868, Unit.MONEY, "CNY", 44741.87),
        (1234.5, Unit.MONEY, "JPY", 1234.0),  # no minor unit; halves to even
        (1.23456, Unit.MONEY, "KWD", 1.235),  # three decimals
        (0.0249999, Unit.SHARE, None, 0.025),
        (0.000123456, Unit.SHARE, None, 0.0001235),
        (96.03494623655914, Unit.PERCENT, None, 96.0349),
        (27.25, Unit.TIME, None, 27.25),
        (39.0, Unit.COUNT, None, 39.0),
        (-0.004, Unit.MONEY, "USD", 0.0),  # never -0.0
        (123.456789123, None, None, 123.457),  # no unit: 6 significant digits
    ],
)
def test_each_unit_is_rounded_for_what_it_is(value, unit, currency, shown):
    result = round_as(value, unit, currency)
    assert result == shown
    assert math.copysign(1, result) == math.copysign(1, shown)


def test_not_finite_values_are_kept():
    assert math.isnan(round_as(float("nan"), Unit.MONEY, "CNY"))
    assert round_as(float("inf"), Unit.SHARE) == float("inf")


def test_currency_digits_follow_iso_4217():
    assert [currency_digits(c) for c in ("CNY", "USD", "JPY", "KRW", "BHD")] == [2, 2, 0, 0, 3]
    assert currency_digits(None) == 2


def test_rounding_a_model_uses_its_own_currency_and_keeps_the_original():
    class Line(BaseModel):
        currency: str
        lost: Money
        orders: list[Orders]
        note: Note

    line = Line(
        currency="JPY",
        lost=1234.56,
        orders=[1.26, 2.04],
        note=Note(code="x", text="", values={"orders": 3.25, "amount": 10.5, "count": 39.0}),
    )
    shown = rounded(line, currency="CNY")
    assert (shown.lost, shown.orders) == (1235.0, [1.3, 2.0])
    assert shown.note.values == {"orders": 3.2, "amount": 10.0, "count": 39.0}  # noqa: PD011
    assert line.lost == 1234.56  # a copy: the model keeps full precision


def test_rounding_twice_changes_nothing():
    loss_fields = LossEstimate.model_fields
    assert field_unit(loss_fields["lost_revenue"]) is Unit.MONEY
    assert field_unit(loss_fields["lost_profit"]) is Unit.MONEY  # Money | None
    assert field_unit(loss_fields["placebo_losses"]) is Unit.MONEY  # list[Money]
    assert field_unit(loss_fields["recovery_surplus"]) is Unit.ORDERS
    assert field_unit(loss_fields["recovery_kept_share"]) is Unit.SHARE
    for value, unit in ((0.08333333, Unit.SHARE), (44741.868, Unit.MONEY), (0.05, Unit.ORDERS)):
        once = round_as(value, unit, "CNY")
        assert round_as(once, unit, "CNY") == once


def test_value_names_of_notes_checks_and_steps_have_units():
    for name in ("count", "orders", "p_value", "amount", "flat", "by_hour", "longest_hours"):
        assert name in VALUE_UNITS


def test_columns_are_rounded_by_the_currency_of_their_row():
    frame = pd.DataFrame(
        {
            "merchant": ["a", "b"],
            "currency": ["CNY", "JPY"],
            "lost_revenue": [10.456, 1234.5],
            "lost_orders": [3.86, 0.04],
            "placebo_windows": [45, 45],
        }
    )
    units = {"lost_revenue": Unit.MONEY, "lost_orders": Unit.ORDERS, "placebo_windows": None}
    shown = rounded_columns(frame, units)
    assert shown["lost_revenue"].tolist() == [10.46, 1234.0]
    assert shown["lost_orders"].tolist() == [3.9, 0.0]
    assert shown["placebo_windows"].tolist() == [45, 45]  # whole numbers stay as they are
    assert frame["lost_revenue"].tolist() == [10.456, 1234.5]  # input unchanged
