"""Assemble the impact report from orders and outages: the one call behind the CLI."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from claimstats._time import utc_timestamp, zone
from claimstats._version import installed_version
from claimstats.errors import ConfigError
from claimstats.estimate import estimate_loss
from claimstats.estimate.money import check_expenses
from claimstats.evidence import evidence_items as list_evidence
from claimstats.evidence import read_evidence_list
from claimstats.incidents import incidents as merge_incidents
from claimstats.io import provenance, read_orders, read_outages
from claimstats.models import (
    ClaimPolicy,
    EvidenceItem,
    ExpenseItem,
    FileProvenance,
    ImpactReport,
    IncidentRecord,
    SlaSchedule,
)
from claimstats.policy import assess_claim
from claimstats.privacy import mask_text
from claimstats.report.expenses import read_expenses
from claimstats.report.i18n import LANGS
from claimstats.report.order_list import window_orders
from claimstats.report.publish import shown_loss
from claimstats.report.statement import claim_statement
from claimstats.sla import monthly_uptime, read_sla_schedule

__all__ = ["build_report", "demo_report"]

#: the demo's report time: the morning after the sample's order export ends
DEMO_AS_OF = "2026-08-10T10:00:00+08:00"


def _evidence(frame: pd.DataFrame, kind: str) -> FileProvenance:
    if "provenance" in frame.attrs:
        return provenance(frame)
    column = "timestamp" if kind == "orders" else "start"
    return FileProvenance(
        source="DataFrame",
        name="DataFrame",
        kind=kind,
        format="dataframe",
        rows_read=len(frame),
        rows_kept=len(frame),
        rows_rejected=0,
        time_start=frame[column].min() if len(frame) else None,
        time_end=frame[column].max() if len(frame) else None,
    )


def _service(outages: pd.DataFrame, service: str | None) -> str:
    if service is not None:
        return service
    names = sorted(outages["service"].unique())
    if len(names) != 1:
        msg = f"the outages name {len(names)} services {names}; pass service='...' (or --service)"
        raise ConfigError(msg)
    return str(names[0])


def build_report(
    orders: pd.DataFrame | str | os.PathLike[str],
    outages: pd.DataFrame | str | os.PathLike[str],
    *,
    tz: str,
    channel: str | None = None,
    control: str | None = None,
    service: str | None = None,
    margin: float | None = None,
    recovery: object = "24h",
    confidence: float = 0.95,
    seed: int = 0,
    as_of: object = None,
    claimant: str | None = None,
    lang: str = "zh",
    policy: ClaimPolicy | None = None,
    filed_on: object = None,
    sla_schedule: SlaSchedule | str | os.PathLike[str] | None = None,
    evidence_items: Sequence[EvidenceItem | Mapping[str, object]] | str | os.PathLike[str] = (),
    mask: bool = True,
    include_orders: bool = False,
    freq: str = "1h",
    currency: str | None = None,
    method: str = "auto",
    expenses: Sequence[ExpenseItem | Mapping[str, object]] | str | os.PathLike[str] = (),
) -> ImpactReport:
    """Run the whole analysis and return the impact report.

    Parameters
    ----------
    orders, outages
        Canonical frames (from the loaders) or paths to files in the generic layout.
    tz
        The claimant's IANA time zone: used for naive times in files and for display.
    channel, control
        Affected and unaffected (control) order channels.
    service
        The interrupted service; needed when the outages name several.
    margin, recovery, confidence, seed, freq, method
        Passed to :func:`claimstats.estimate_loss`; ``method`` is ``"auto"`` (the
        method with the smallest error on placebo windows), ``"seasonal"``,
        ``"control"`` or ``"regression"``.
    expenses
        Documented costs, passed to :func:`claimstats.estimate_loss`: items or dicts
        with ``amount``, ``description``, ``evidence`` and ``claimed`` (False for an
        indirect loss, listed but not claimed), or the path of a CSV or JSON file of
        them (:func:`claimstats.report.read_expenses`).
    as_of
        Time of the report (aware). Open outages close here; the filing deadline is
        counted from here. Default: now, to the minute. Pass it for identical bytes.
    claimant
        Name shown in the report header (optional).
    lang
        Language of the report's labels, ``'zh'`` or ``'en'``; the claim statement is
        always given in both.
    policy
        The rules the claim is judged by (:class:`claimstats.ClaimPolicy`: the 24 h
        test, the 7-day filing and recurrence windows, business or personal claimant,
        the country whose public holidays are not business days). Default: the domain's.
    filed_on
        The day the claim was filed, if it was: next steps count from it.
    evidence_items
        Evidence the claimant lists (screenshots, chat exports, tickets, network
        diagnostics): items or dicts with ``name``, ``description``, ``kind`` and
        ``path`` (hashed when given), or the path of a CSV or JSON list of them
        (:func:`claimstats.evidence.read_evidence_list`).
    mask
        Mask phone numbers and e-mail addresses in every free text that reaches the
        report (outage descriptions, expenses, evidence items). Default True: a report
        is shared with people who must not see a customer's number. False also shows the
        customers of ``include_orders`` as they are.
    include_orders
        List the orders of the affected and control channels inside the outage and
        recovery windows (:func:`claimstats.report.order_list.window_orders`), customers
        masked unless ``mask=False``. Default False: no customer-level row.
    sla_schedule
        Service credits by monthly uptime (:class:`claimstats.SlaSchedule`, or the path
        of a CSV or JSON file of tiers); default: a typical cloud schedule.
    currency
        Currency of order files that have no currency column.

    Returns
    -------
    ImpactReport
        Its numbers at full precision. Every output of it (HTML, JSON, workbook, chart
        images) and the claim statement's words show them rounded for what they are
        (:func:`claimstats.report.publish.published`).

    Examples
    --------
    >>> import claimstats as cs
    >>> claim = cs.sample.make_sample(seed=0)
    >>> report = cs.build_report(claim.orders, claim.outages, tz="Asia/Shanghai",
    ...     channel="whatsapp", control="website", as_of="2026-08-10T10:00+08:00",
    ...     method="seasonal", expenses=[{"amount": 300, "description": "courier re-delivery",
    ...                                   "evidence": "receipt.pdf"}])
    >>> report.summary.passed_threshold, report.loss.method, report.loss.claimed_expenses
    (True, 'seasonal', 300.0)
    """
    if lang not in LANGS:
        msg = f"lang={lang!r} is not supported; pass one of {list(LANGS)}"
        raise ConfigError(msg)
    zone(tz)
    moment = (
        pd.Timestamp.now(tz="UTC").floor("min").as_unit("us")
        if as_of is None
        else utc_timestamp(as_of, "as_of")
    )
    if isinstance(expenses, str | os.PathLike):
        expenses = read_expenses(expenses)
    if isinstance(evidence_items, str | os.PathLike):
        listed = read_evidence_list(evidence_items)
    else:
        listed = list_evidence(evidence_items)
    shown = mask_text if mask else str
    expenses = [
        item.model_copy(
            update={"description": shown(item.description), "evidence": shown(item.evidence)}
        )
        for item in check_expenses(expenses)
    ]
    listed = [
        item.model_copy(update={"name": shown(item.name), "description": shown(item.description)})
        for item in listed
    ]
    if not isinstance(orders, pd.DataFrame):
        orders = read_orders(orders, tz=tz, currency=currency)
    if not isinstance(outages, pd.DataFrame):
        outages = read_outages(outages, tz=tz, as_of=moment)
    name = _service(outages, service)
    merged = merge_incidents(outages, as_of=moment, service=name)
    policy = policy or ClaimPolicy()
    if isinstance(sla_schedule, str | os.PathLike):
        sla_schedule = read_sla_schedule(sla_schedule)
    sla_schedule = sla_schedule or SlaSchedule()
    assessment = assess_claim(
        merged,
        policy,
        as_of=moment,
        tz=tz,
        filed_on=filed_on,
        has_order_records=len(orders) > 0,
        has_control_channel=control is not None,
    )
    summary = assessment.summary
    filing = next((d for d in assessment.deadlines if d.code == "filing_deadline"), None)
    loss = estimate_loss(
        orders,
        merged,
        channel=channel,
        control=control,
        margin=margin,
        recovery=recovery,
        confidence=confidence,
        seed=seed,
        freq=freq,
        method=method,
        expenses=expenses,
    )
    published_loss = shown_loss(loss)  # the statement's numbers are those outputs show
    evidence = [_evidence(outages, "outages"), _evidence(orders, "orders")]
    statements = {
        lang_code: claim_statement(
            lang_code,
            tz=tz,
            service=name,
            channel=channel,
            summary=summary,
            loss=published_loss,
            evidence=evidence,
            items=listed,
        )
        for lang_code in LANGS
    }
    records = [
        IncidentRecord(
            number=i + 1,
            **{
                k: row[k] for k in IncidentRecord.model_fields if k not in ("number", "description")
            },
            description=shown(row["description"]),
        )
        for i, row in enumerate(merged.sort_values("start").to_dict("records"))
    ]
    return ImpactReport(
        version=installed_version(),
        lang=lang,
        tz=tz,
        as_of=moment,
        claimant=claimant,
        service=name,
        channel=channel,
        control=control,
        currency=loss.currency,
        filing_window=policy.filing_window,
        filing_deadline=filing.moment if filing is not None else None,
        incidents=records,
        summary=summary,
        loss=loss,
        evidence=evidence,
        statements=statements,
        evidence_items=listed,
        policy=assessment,
        sla_schedule=sla_schedule,
        sla=monthly_uptime(merged, tz, sla_schedule, as_of=moment),
        masked=mask,
        orders=window_orders(orders, loss, mask=mask) if include_orders else [],
    )


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
        written by :func:`claimstats.sample.write_sample`), so the evidence inventory
        names the files with their SHA-256. By default the sample is made in memory.

    Examples
    --------
    >>> demo_report().service
    'WhatsApp Web'
    """
    from claimstats.sample import make_sample

    claim = make_sample(seed=seed)
    orders, outages = claim.orders, claim.outages
    if folder is not None:
        orders, outages = Path(folder) / "orders.csv", Path(folder) / "outages.csv"
    return build_report(
        orders,
        outages,
        tz=claim.tz,
        channel="whatsapp",
        control="website",
        margin=0.4,
        as_of=DEMO_AS_OF,
        lang=lang,
    )
