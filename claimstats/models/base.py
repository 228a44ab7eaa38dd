"""The base of every result model, and the small records several stages share."""

from __future__ import annotations

from datetime import datetime
from numbers import Integral
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from claimstats.catalogue import TEXTS, english
from claimstats.errors import ConfigError
from claimstats.units import Share

__all__ = ["DerivedRecord", "Note", "Record", "Window", "whole_number"]


def whole_number(value: object, argument: str, smallest: int) -> int:
    """A setting that must be a whole number (numpy's too) of at least ``smallest``.

    >>> whole_number(3, "seed", 0)
    3
    """
    if isinstance(value, bool) or not isinstance(value, Integral) or value < smallest:
        msg = f"{argument}={value!r} must be a whole number of {smallest} or more"
        raise ConfigError(msg)
    return int(value)


class Record(BaseModel):
    """A result: frozen once made, and refusing fields it does not know."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class DerivedRecord(Record):
    """A result with computed fields (a verdict drawn from the others): they are written
    out with it, and left out when it is read back, where they are drawn again."""

    @model_validator(mode="before")
    @classmethod
    def _without_computed(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {name: v for name, v in data.items() if name not in cls.model_computed_fields}
        return data


class Window(Record):
    """One interval of time in UTC: an outage window or a recovery window."""

    start: datetime
    end: datetime
    coverage: Share = Field(
        default=1.0, description="share of expected orders lost in it: 1 for a full outage"
    )
    service: str | None = Field(default=None, description="the service it concerns, if one")


class Note(Record):
    """A remark on an estimate: a code the report translates, its values, and English text."""

    code: str
    text: str
    values: dict[str, float | str] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _worded(cls, data: Any) -> Any:
        """A note made from a code and values takes its English words from the catalogue.

        >>> Note(code="lingering_shortfall", values={"orders": 3.25}).text
        'Orders stayed 3.2 below expectation in the recovery windows; this is not added to the claim (a conservative choice).'
        """
        if isinstance(data, dict) and not data.get("text"):
            key, values = f"note_{data.get('code')}", data.get("values") or {}
            words = english(key, **values) if key in TEXTS else str(data.get("code"))
            data = {**data, "text": words}
        return data
