"""What each number of a result is, and how far it is rounded when it leaves the program.

Results keep full precision in Python. What is written out (JSON, HTML, the workbook,
CSV) holds every number rounded for what it is, so that the same inputs give the same
bytes on any machine and with any recent numpy, whose last bits of a sum may differ:

========== ==================================================== =====================
unit       what                                                 written as
========== ==================================================== =====================
money      an amount in major units of a currency               the currency's minor
                                                                unit (ISO 4217: CNY 2,
                                                                JPY 0, KWD 3)
orders     a count of orders, payments or windows, possibly     0.1
           fractional (an expectation)
share      a share, a rate, a level or a p-value (0.95, 0.025)  4 significant digits
                                                                (below 1e-12: 0)
percent    a percentage of uptime or credit (99.95)             4 decimals
time       hours, days or minutes as a number (27.25)           4 decimals
count      a whole number held as a float (39.0)                whole
========== ==================================================== =====================

A model field says its unit in its type: ``Money`` is ``Annotated[float, Unit.MONEY]``.
Values in a ``values`` mapping (of a note, a policy check, a next step) take the unit of
the format their name is shown in (:data:`claimstats.catalogue.VALUE_FORMATS`).
"""

from __future__ import annotations

import math
from enum import StrEnum
from functools import cache
from typing import Annotated, Any, TypeVar, get_args

import pandas as pd
from babel.numbers import get_currency_precision
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from claimstats.catalogue import VALUE_FORMATS

__all__ = [
    "VALUE_UNITS",
    "Money",
    "Orders",
    "Percent",
    "Share",
    "Time",
    "Unit",
    "currency_digits",
    "field_unit",
    "round_as",
    "rounded",
    "rounded_columns",
    "unit_of",
]


class Unit(StrEnum):
    """The kind of a number, which sets how far it is rounded for output."""

    MONEY = "money"
    ORDERS = "orders"
    SHARE = "share"
    PERCENT = "percent"
    TIME = "time"
    COUNT = "count"


Money = Annotated[float, Unit.MONEY]
Orders = Annotated[float, Unit.ORDERS]
Share = Annotated[float, Unit.SHARE]
Percent = Annotated[float, Unit.PERCENT]
Time = Annotated[float, Unit.TIME]

#: the unit of each value a note, a policy check or a next step may carry, by its name:
#: the unit of the format the catalogue shows it in
VALUE_UNITS: dict[str, Unit] = {
    name: {"int": Unit.COUNT, "plain": Unit.TIME, "1": Unit.ORDERS, "p": Unit.SHARE,
           "percent": Unit.SHARE, "money": Unit.MONEY}[kind]
    for name, kind in VALUE_FORMATS.items()
    if kind != "moment"
}  # fmt: skip

_Model = TypeVar("_Model", bound=BaseModel)

#: a share this small is written as 0: the rounding noise of a share that is 0 (1 - 0.99...)
_NEGLIGIBLE_SHARE = 1e-12

_DECIMALS = {Unit.ORDERS: 1, Unit.PERCENT: 4, Unit.TIME: 4, Unit.COUNT: 0}


@cache
def currency_digits(currency: str | None) -> int:
    """Digits of the currency's minor unit (ISO 4217); 2 when the code is not known.

    Examples
    --------
    >>> currency_digits("CNY"), currency_digits("JPY"), currency_digits("KWD")
    (2, 0, 3)
    """
    return 2 if not currency else int(get_currency_precision(currency))


def round_as(value: float, unit: Unit | None, currency: str | None = None) -> float:
    """``value`` rounded for what it is; a number of no known unit keeps 6 significant digits.

    Not finite values are kept; ``-0.0`` is written as ``0.0``.

    Examples
    --------
    >>> round_as(206.76400288571296, Unit.ORDERS), round_as(44741.8681, Unit.MONEY, "CNY")
    (206.8, 44741.87)
    >>> round_as(1234.5, Unit.MONEY, "JPY"), round_as(0.0249999, Unit.SHARE)
    (1234.0, 0.025)
    >>> round_as(96.03494623655914, Unit.PERCENT), round_as(-0.004, Unit.MONEY, "USD")
    (96.0349, 0.0)
    """
    if not math.isfinite(value):
        return value
    if unit is Unit.MONEY:
        result = round(value, currency_digits(currency))
    elif unit is Unit.SHARE:
        result = 0.0 if abs(value) < _NEGLIGIBLE_SHARE else float(f"{value:.4g}")
    elif unit is None:
        result = float(f"{value:.6g}")
    else:
        result = round(value, _DECIMALS[unit])
    return float(result) + 0.0


def unit_of(annotation: Any) -> Unit | None:
    """The unit named anywhere in a type (``Money``, ``Money | None``, ``list[Orders]``).

    Examples
    --------
    >>> unit_of(Money | None), unit_of(list[Orders]), unit_of(int)
    (<Unit.MONEY: 'money'>, <Unit.ORDERS: 'orders'>, None)
    """
    for argument in getattr(annotation, "__metadata__", ()):
        if isinstance(argument, Unit):
            return argument
    for argument in get_args(annotation):
        found = unit_of(argument)
        if found is not None:
            return found
    return None


def field_unit(field: FieldInfo) -> Unit | None:
    """A model field's unit: pydantic keeps a plain ``Money``'s metadata apart from its type.

    Examples
    --------
    >>> class Line(BaseModel):
    ...     lost: Money
    ...     low: Money | None = None
    >>> field_unit(Line.model_fields["lost"]), field_unit(Line.model_fields["low"])
    (<Unit.MONEY: 'money'>, <Unit.MONEY: 'money'>)
    """
    found = next((m for m in field.metadata if isinstance(m, Unit)), None)
    return found or unit_of(field.annotation)


def _rounded_value(value: Any, unit: Unit | None, currency: str | None) -> Any:
    if isinstance(value, BaseModel):
        return rounded(value, currency)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float):
        return round_as(value, unit, currency)
    if isinstance(value, list | tuple):
        return type(value)(_rounded_value(v, unit, currency) for v in value)
    if isinstance(value, dict):
        return {
            key: _rounded_value(v, unit or VALUE_UNITS.get(str(key)), currency)
            for key, v in value.items()
        }
    return value


def _holds_numbers(annotation: Any) -> bool:
    """Whether a value of this type may hold a float, directly or inside."""
    if annotation is float or (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
        return True
    return any(_holds_numbers(argument) for argument in get_args(annotation))


@cache
def _numeric_fields(model: type[BaseModel]) -> tuple[tuple[str, Unit | None], ...]:
    """The fields of a model class that may hold floats, with their units."""
    return tuple(
        (name, field_unit(field))
        for name, field in model.model_fields.items()
        if _holds_numbers(field.annotation)
    )


def rounded(model: _Model, currency: str | None = None) -> _Model:
    """A copy of ``model`` (and of the models inside it) with every float rounded for output.

    Parameters
    ----------
    model
        A result model; its fields say their units in their types (:class:`Unit`).
    currency
        The currency of its money; a model with a ``currency`` field uses its own.

    Examples
    --------
    >>> class Line(BaseModel):
    ...     currency: str
    ...     lost: Money
    ...     orders: list[Orders]
    >>> rounded(Line(currency="JPY", lost=1234.56, orders=[1.26, 2.0]))
    Line(currency='JPY', lost=1235.0, orders=[1.3, 2.0])
    """
    currency = getattr(model, "currency", None) or currency
    update = {
        name: _rounded_value(getattr(model, name), unit, currency)
        for name, unit in _numeric_fields(type(model))
    }
    return model.model_copy(update=update)


def rounded_columns(
    frame: pd.DataFrame, units: dict[str, Unit | None], currency: str = "currency"
) -> pd.DataFrame:
    """A copy of ``frame`` with each column of ``units`` rounded for what it is.

    Money is rounded to the minor unit of each row's ``currency`` column.

    Examples
    --------
    >>> frame = pd.DataFrame({"currency": ["CNY", "JPY"], "lost": [10.456, 1234.5],
    ...                       "p_value": [0.0249999, float("nan")]})
    >>> rounded_columns(frame, {"lost": Unit.MONEY, "p_value": Unit.SHARE}).values.tolist()
    [['CNY', 10.46, 0.025], ['JPY', 1234.0, nan]]
    """
    out = frame.copy()
    codes = frame[currency].tolist() if currency in frame else [None] * len(frame)
    for name, unit in units.items():
        if name in out and pd.api.types.is_float_dtype(out[name].dtype):
            out[name] = [
                round_as(float(value), unit, code)
                for value, code in zip(out[name].tolist(), codes, strict=True)
            ]
    return out
