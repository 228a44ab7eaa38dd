"""A wallet complaint from the merchant's files: payment attempts and the outage notice in,
everything the letter and its report show out.

The counterpart of :func:`claimstats.analyze_claim` for a wallet that failed at the till:
the transactions and the notice are read (paths or canonical frames), the notice becomes
the failure windows, :func:`claimstats.analyze_payments` follows every failed payment,
and the escalation path of the merchant's country is attached. The lists are masked for
sharing unless asked otherwise.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from claimstats._time import inside_intervals, utc_timestamp, zone
from claimstats.errors import ConfigError, TimeZoneWarning
from claimstats.escalation import escalation_path
from claimstats.estimate import analyze_payments
from claimstats.incidents import incidents as merge_incidents
from claimstats.io import read_escalation_bodies, read_orders, read_outages, read_refunds
from claimstats.io.check import check_input
from claimstats.io.zones import zone_doubts
from claimstats.models import (
    ComplaintContext,
    EscalationBody,
    InputCheck,
    PaymentSettings,
    WalletComplaint,
)
from claimstats.pipeline import file_record, read_claim_files
from claimstats.privacy import mask_payments
from claimstats.series import attempts_by_hour

__all__ = ["analyze_complaint", "check_complaint_input"]


def analyze_complaint(
    transactions: pd.DataFrame | str | os.PathLike[str],
    outages: pd.DataFrame | str | os.PathLike[str],
    *,
    tz: str,
    context: ComplaintContext | Mapping[str, Any],
    as_of: object = None,
    settings: PaymentSettings | Mapping[str, Any] | None = None,
    refunds: pd.DataFrame | str | os.PathLike[str] | None = None,
    escalation: Iterable[EscalationBody] | str | os.PathLike[str] = (),
    mask: bool = True,
) -> WalletComplaint:
    """Analyse a wallet failure for a complaint: failures, retries, refunds due, the path.

    Parameters
    ----------
    transactions
        Payment attempts: a canonical frame (:func:`claimstats.read_orders`) or a file in
        the generic layout, one row per attempt with ``status`` completed or failed and,
        for the refund request, ``funds_deducted``.
    outages
        The provider's notice of the failure (:func:`claimstats.read_outages`, or a file).
    tz
        The merchant's IANA zone: naive times in files, and the letter's dates.
    context
        Who complains to whom (:class:`claimstats.models.ComplaintContext`, or a dict of
        its fields): the merchant's name, number and contact, the provider, the steps
        taken, the country.
    as_of
        The letter's time (aware); default now, to the minute. Pass it for identical output.
    settings
        How payments are analysed (:class:`claimstats.models.PaymentSettings` or a dict).
    refunds
        Refunds the wallet made already, by ``order_id`` (``refunded_amount``,
        ``refunded_at``): a frame or a file.
    escalation
        Escalation bodies the merchant names (a list, or a CSV/JSON file); they replace
        the built-in ones of their country and step.
    mask
        Mask the customers in the lists (default), keeping them distinguishable.

    Returns
    -------
    WalletComplaint

    Examples
    --------
    >>> from claimstats.datasets import make_sample
    >>> claim = make_sample(seed=0)
    >>> complaint = analyze_complaint(claim.wallet_transactions, claim.wallet_outages,
    ...     tz="Asia/Shanghai", as_of="2026-08-10T10:00+08:00",
    ...     context={"merchant": {"name": "街角咖啡", "merchant_id": "1650012345"}})
    >>> complaint.provider, [b.step for b in complaint.escalation]
    ('WeChat Pay', ['provider', 'association', 'regulator', 'legal'])
    """
    zone(tz)
    context = ComplaintContext.model_validate(context)
    settings = PaymentSettings.model_validate(settings or {})
    moment = (
        pd.Timestamp.now(tz="UTC").floor("min").as_unit("us")
        if as_of is None
        else utc_timestamp(as_of, "as_of")
    )
    transactions, outages = read_claim_files(transactions, outages, tz=tz, as_of=moment)
    for doubt in [*zone_doubts(outages, tz), *zone_doubts(transactions, tz)]:
        warnings.warn(doubt, TimeZoneWarning, stacklevel=2)
    if refunds is not None and not isinstance(refunds, pd.DataFrame):
        refunds = read_refunds(refunds, tz=tz)
    windows = merge_incidents(outages, as_of=moment)
    payments = analyze_payments(
        transactions,
        windows,
        retry_window=settings.retry_window,
        confidence=settings.confidence,
        channel=settings.channel,
        repeat_window=settings.repeat_window,
        refunds=refunds,
    )
    provider = context.provider or _service(windows)
    bodies = (
        read_escalation_bodies(escalation)
        if isinstance(escalation, str | os.PathLike)
        else escalation
    )
    return WalletComplaint(
        tz=tz,
        as_of=moment,
        provider=provider,
        context=context,
        payments=mask_payments(payments) if mask else payments,
        evidence=[file_record(outages, "outages"), file_record(transactions, "orders")],
        escalation=escalation_path(context.country, provider, bodies),
        masked=mask,
        hours=attempts_by_hour(transactions, payments.windows, tz, channel=settings.channel),
    )


def _service(windows: pd.DataFrame) -> str:
    """The wallet the notice names, when it names one."""
    names = sorted({str(s) for s in windows["service"].dropna()} - {"unspecified"})
    if len(names) != 1:
        named = f"names {names}" if names else "names no service"
        msg = (
            f"the outage notice {named}; say which wallet failed with provider= (e.g. 'WeChat Pay')"
        )
        raise ConfigError(msg)
    return names[0]


#: a failure share in the window at most this many times the normal one does not cluster
_CLUSTER = 2.0


def check_complaint_input(
    source: str | os.PathLike[str],
    *,
    tz: str | None = None,
    outages: str | os.PathLike[str] | None = None,
    as_of: object = None,
    **options: Any,
) -> InputCheck:
    """Check that a file of payment attempts can serve a wallet complaint.

    On top of :func:`claimstats.io.check.check_input`: a file without failed attempts
    (a payee's bill lists successful payments only) cannot serve; a file without
    ``funds_deducted`` can serve, but the letter will ask for no refund; and, with the
    provider's notice, failures that do not cluster in its window as the times are read
    in ``tz`` are a warning that names the shift at which they would.

    Parameters
    ----------
    source
        The payment attempts (never modified).
    tz
        The shop's zone, for times without an offset.
    outages
        The provider's notice of the failure, to see the failures cluster in its window.
    as_of
        Reference time for the notice (default now).
    **options
        Passed to the loader, as for :func:`claimstats.io.check.check_input`.

    Returns
    -------
    InputCheck

    Examples
    --------
    >>> check = check_complaint_input("sample_data/wechat_bill.csv", tz="Asia/Shanghai")
    >>> check.usable, "successful payments only" in check.error
    (False, True)
    """
    check = check_input(source, kind="orders", tz=tz, **options)
    if not check.usable:
        return check
    statuses = check.counts.get("status", {})
    if not statuses.get("failed"):
        held = ", ".join(f"{k} {v:,}" for k, v in statuses.items())
        msg = (
            f"holds no failed payment attempts ({held}): a payee's bill lists successful "
            "payments only, and a complaint needs every attempt, the failed ones too; export "
            "the payment attempts (transaction details with the failed ones) from the "
            "wallet's merchant platform"
        )
        return check.model_copy(update={"usable": False, "error": msg})
    frame = read_orders(source, tz=tz, on_error="reject", **options)
    found = []
    if "funds_deducted" not in frame.columns:
        found.append(
            "there is no funds_deducted column, so the letter can ask for no refund of money "
            "taken by failed payments; export the attempts with the wallet's 'money deducted "
            "/ 是否扣款' column to ask for it"
        )
    if outages is not None and tz is not None:
        notice = read_outages(outages, tz=tz, as_of=as_of)
        found += _clustering(frame, merge_incidents(notice, as_of=as_of), tz)
    return check.model_copy(update={"warnings": [*check.warnings, *found]})


def _clustering(frame: pd.DataFrame, windows: pd.DataFrame, tz: str) -> list[str]:
    """A warning when the failures do not cluster in the windows as the times are read."""
    times = frame["timestamp"]
    failed = frame["status"].eq("failed").to_numpy()
    attempt = frame["status"].isin(["completed", "failed"]).to_numpy()

    def shares(shift: pd.Timedelta) -> tuple[float, float, int]:
        inside = attempt & inside_intervals(times + shift, windows["start"], windows["end"])
        outside = attempt & ~inside
        within = failed[inside].mean() if inside.any() else 0.0
        normal = failed[outside].mean() if outside.any() else 0.0
        return float(within), float(normal), int(inside.sum())

    within, normal, count = shares(pd.Timedelta(0))
    if count and within > _CLUSTER * normal:
        return []
    best = max(range(-12, 13), key=lambda h: shares(pd.Timedelta(hours=h))[0])
    seen = (
        "no payment attempt falls in the notice's window"
        if not count
        else f"{within:.0%} of the {count:,} attempts in the notice's window failed, against "
        f"{normal:.1%} outside it"
    )
    hint = ""
    moved, _, moved_count = shares(pd.Timedelta(hours=best))
    if best and moved_count and moved > _CLUSTER * normal:
        way = "later" if best > 0 else "earlier"
        hint = (
            f"; read {abs(best)} h {way}, {moved:.0%} of {moved_count:,} would fail there: check "
            "that the times are in tz= (or carry their offset)"
        )
    return [
        f"as read in tz={tz!r}, {seen}: the failures do not cluster in the failure window{hint}"
    ]
