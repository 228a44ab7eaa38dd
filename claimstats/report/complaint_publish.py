"""The wallet complaint as it leaves the merchant's machine: numbers rounded for what they
are, files named without the machine's folders, and the steps from the failed amount to
the amount not received worked out from the rounded figures.

Every output of the complaint (the letter, the HTML page and its charts, the JSON, the
workbook of the lists) is made from :func:`published_complaint`, so each shows the same
numbers; the waterfall's bars, their labels and the amounts table are the same
:func:`amount_steps`, so they agree to the cent.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field

from claimstats._files import write_atomic
from claimstats.models import PaymentAnalysis, Record, WalletComplaint
from claimstats.report.i18n import Lang
from claimstats.report.publish import shown_path
from claimstats.units import Money, Unit, round_as, rounded

__all__ = [
    "AmountStep",
    "ComplaintReportData",
    "amount_steps",
    "published_complaint",
    "render_complaint_json",
    "write_complaint_json",
]


class AmountStep(Record):
    """One bar of the waterfall and one row of the amounts table."""

    key: Literal["failed", "recovered", "other", "unpaid", "chance", "anyway", "unrecovered"]
    value: Money = Field(description="signed: a relative step that takes away is negative")
    measure: Literal["absolute", "relative"]


class ComplaintReportData(Record):
    """The wallet complaint and the language its report is in: the data of
    :class:`~claimstats.report.complaint_document.ComplaintReport`, which the render
    functions take."""

    version: str
    lang: Lang
    complaint: WalletComplaint


def published_complaint(
    complaint: WalletComplaint, folder: str | os.PathLike[str] | None = None
) -> WalletComplaint:
    """The complaint as every output shows it: numbers rounded (money to the currency's
    minor unit, counts to 0.1, shares to 4 digits), input files named relative to
    ``folder`` when beneath it, else by their names. Publishing twice changes nothing.

    Examples
    --------
    >>> import claimstats as cs
    >>> from claimstats.datasets import demo_complaint
    >>> shown = published_complaint(demo_complaint())
    >>> shown.payments.excess_failures, shown == published_complaint(shown)
    (42.2, True)
    """
    shown = rounded(complaint, complaint.payments.currency)
    evidence = [
        record.model_copy(update={"source": shown_path(record.source, folder)})
        for record in shown.evidence
    ]
    return shown.model_copy(update={"evidence": evidence})


def amount_steps(payments: PaymentAnalysis) -> list[AmountStep]:
    """From the amount that failed in the windows (repeated taps once) to the amount not
    received because of the failure, step by step, in the published (rounded) figures.

    ``absolute`` steps are figures of the analysis (failed, never paid, not received);
    ``relative`` ones go from one to the next: paid later (less), regulars' chance
    purchases (added back), and what would have failed at the normal rate (less), the
    last worked out so the steps end exactly at the amount not received. A step of 0 is
    left out, but for the figures.

    Examples
    --------
    >>> from claimstats.datasets import demo_complaint
    >>> steps = amount_steps(published_complaint(demo_complaint()).payments)
    >>> [s.key for s in steps]
    ['failed', 'recovered', 'unpaid', 'chance', 'anyway', 'unrecovered']
    """
    p = payments

    def money(value: float) -> float:
        return round_as(value, Unit.MONEY, p.currency)

    failed, recovered = money(p.failed_amount_in_window), money(p.recovered_amount)
    unpaid, chance = money(p.unpaid_amount), money(p.chance_matched_amount)
    unrecovered = money(p.unrecovered_amount)
    steps = [
        ("failed", failed, "absolute"),
        ("recovered", -recovered, "relative"),
        ("other", money(unpaid - (failed - recovered)), "relative"),
        ("unpaid", unpaid, "absolute"),
        ("chance", chance, "relative"),
        ("anyway", money(unrecovered - unpaid - chance), "relative"),
        ("unrecovered", unrecovered, "absolute"),
    ]
    return [
        AmountStep(key=key, value=value, measure=measure)  # type: ignore[arg-type]
        for key, value, measure in steps
        if measure == "absolute" or value != 0
    ]


def render_complaint_json(
    complaint: WalletComplaint,
    folder: str | os.PathLike[str] | None = None,
    indent: int | None = 2,
) -> str:
    """The complaint as JSON text (UTF-8, Chinese kept readable), as
    :func:`published_complaint` shows it; :class:`~claimstats.models.WalletComplaint`
    reads it back.
    """
    return published_complaint(complaint, folder).model_dump_json(indent=indent)


def write_complaint_json(
    complaint: WalletComplaint, path: str | os.PathLike[str], indent: int | None = 2
) -> Path:
    """Write the complaint's JSON to ``path`` atomically (a line end last); the path."""
    target = Path(path)
    return write_atomic(target, render_complaint_json(complaint, target.parent, indent) + "\n")
