"""The demo: the impact report of the bundled sample claim, a Guangzhou flower shop, and
the wallet complaint of the sample's café."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from claimstats.complaint import analyze_complaint
from claimstats.datasets.sample import TZ, make_sample
from claimstats.models import WalletComplaint
from claimstats.pipeline import analyze_claim
from claimstats.report import ImpactReport, Presentation, build_report

__all__ = ["DEMO_AS_OF", "DEMO_MERCHANT", "demo_complaint", "demo_report"]

#: the demo's report time: the morning after the sample's order export ends
DEMO_AS_OF = "2026-08-10T10:00:00+08:00"

#: the café of the sample's wallet payments, as its wallet knows it
DEMO_MERCHANT = {"name": "街角咖啡", "merchant_id": "1650012345", "contact": "020-1234 5678"}


def demo_report(
    seed: int = 0, lang: str = "zh", folder: str | os.PathLike[str] | None = None
) -> ImpactReport:
    """The impact report of the bundled sample claim (a Guangzhou flower shop).

    Parameters
    ----------
    seed
        Seed of the sample.
    lang
        Language of the report.
    folder
        Read the sample's ``orders.csv`` and ``outages.csv`` from this folder (as
        written by :func:`claimstats.datasets.write_sample`), so the evidence inventory
        names the files with their SHA-256. By default the sample is made in memory.

    The report made in memory is made once per seed and language; each call gets its
    own copy.

    Examples
    --------
    >>> demo_report().service
    'WhatsApp Web'
    """
    if folder is None:
        return _in_memory(seed, lang).model_copy(deep=True)
    return _report(Path(folder) / "orders.csv", Path(folder) / "outages.csv", lang)


@cache
def _in_memory(seed: int, lang: str) -> ImpactReport:
    claim = make_sample(seed=seed)
    return _report(claim.orders, claim.outages, lang)


def _report(orders: object, outages: object, lang: str) -> ImpactReport:
    analysis = analyze_claim(
        orders, outages, tz=TZ, channel="whatsapp", control="website", margin=0.4,  # type: ignore[arg-type]
        as_of=DEMO_AS_OF,
    )  # fmt: skip
    return build_report(analysis, Presentation(lang=lang))


def demo_complaint(seed: int = 0) -> WalletComplaint:
    """The wallet complaint of the sample's café (:data:`DEMO_MERCHANT`) about the WeChat
    Pay failure of 7 August 2026, customers masked, as of :data:`DEMO_AS_OF`.

    Made once per seed; each call gets its own copy.

    Examples
    --------
    >>> complaint = demo_complaint()
    >>> complaint.provider, complaint.context.merchant.merchant_id
    ('WeChat Pay', '1650012345')
    """
    return _complaint(seed).model_copy(deep=True)


@cache
def _complaint(seed: int) -> WalletComplaint:
    claim = make_sample(seed=seed)
    return analyze_complaint(
        claim.wallet_transactions, claim.wallet_outages, tz=TZ, as_of=DEMO_AS_OF,
        context={"merchant": DEMO_MERCHANT},
    )  # fmt: skip
