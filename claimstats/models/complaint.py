"""A wallet complaint: who complains, to whom, what was done so far, and what the
payment records show.

The letter says only what these records hold: the merchant's name and number, the steps
the merchant says were taken (none by default), and the escalation path of the
merchant's country.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Literal

from pydantic import Field, field_validator

from claimstats.models.base import Record
from claimstats.models.files import FileProvenance
from claimstats.models.loss import PaymentAnalysis

__all__ = [
    "ESCALATION_STEPS",
    "AttemptHour",
    "ComplaintContext",
    "ComplaintSteps",
    "EscalationBody",
    "Merchant",
    "PaymentSettings",
    "WalletComplaint",
]

#: the steps after a formal complaint to the provider, in order
ESCALATION_STEPS = ("provider", "association", "regulator", "legal")


class Merchant(Record):
    """The shop that complains, as the wallet provider knows it.

    Examples
    --------
    >>> Merchant(name="街角咖啡", merchant_id=1650012345, contact="138 0000 0000").merchant_id
    '1650012345'
    """

    name: str = Field(min_length=1, description="the merchant's name as registered with the wallet")
    merchant_id: str = Field(
        min_length=1, description="the merchant number the provider knows the shop by (商户号)"
    )
    contact: str | None = Field(default=None, description="phone or e-mail for the reply")

    @field_validator("name", "merchant_id", "contact", mode="before")
    @classmethod
    def _as_text(cls, value: object) -> object:
        """A number written as one (a merchant number passed as ``-p merchant_id 165...``)
        is its text."""
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class ComplaintSteps(Record):
    """The steps the merchant says were taken before this letter: none unless given."""

    support_contacted: date | None = Field(
        default=None, description="the day customer support was contacted"
    )
    ticket: str | None = Field(default=None, description="the support ticket or case number")


class EscalationBody(Record):
    """One body a complaint can be taken to after the provider, in one country."""

    country: str = Field(description="ISO 3166 alpha-2 code, e.g. CN")
    step: Literal["provider", "association", "regulator", "legal"]
    name_zh: str
    name_en: str
    contact: str | None = Field(default=None, description="hotline, address or web page")

    @field_validator("country")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.strip().upper()


class ComplaintContext(Record):
    """Who complains to whom: the merchant, the provider, the steps taken, the country."""

    merchant: Merchant
    provider: str | None = Field(
        default=None, description="the wallet's name; default: the service the outages name"
    )
    steps: ComplaintSteps = Field(default_factory=ComplaintSteps)
    country: str = Field(default="CN", description="country whose bodies the path names")
    reply_days: int = Field(default=7, ge=1, description="days the provider is asked to reply in")


class PaymentSettings(Record):
    """How the payment attempts are analysed (:func:`claimstats.analyze_payments`)."""

    retry_window: str | timedelta = Field(
        default="auto", description="'auto' (measured from the data) or a duration such as '2h'"
    )
    repeat_window: str | timedelta = Field(
        default="15min", description="a failed attempt repeated this soon is one purchase"
    )
    confidence: float = Field(default=0.95, gt=0, lt=1)
    channel: str | None = Field(default=None, description="the wallet, when records hold several")


class AttemptHour(Record):
    """Payment attempts of the wallet in one local hour, and how many failed (the chart of
    the failed share by hour)."""

    hour: datetime = Field(description="start of the hour (UTC)")
    attempts: int = Field(ge=0, description="completed and failed attempts")
    failures: int = Field(ge=0)


class WalletComplaint(Record):
    """Everything the complaint letter and its report show."""

    tz: str
    as_of: datetime = Field(description="the letter's time; its date is the letter's date")
    provider: str
    context: ComplaintContext
    payments: PaymentAnalysis
    evidence: list[FileProvenance] = Field(default_factory=list)
    escalation: list[EscalationBody] = Field(default_factory=list)
    masked: bool = Field(
        default=False, description="customers in the payment lists are masked (for sharing)"
    )
    hours: list[AttemptHour] = Field(
        default_factory=list,
        description="attempts and failures by local hour over the days around the windows "
        "(claimstats.series.attempts_by_hour)",
    )
