"""The claim analysed: inputs and settings in, everything the report shows out.

:func:`analyze_claim` runs the stages of a claim in their order: it reads the orders and
outages (when given files), merges the outages into incidents, tests them against the
claim policy, estimates the loss, measures the SLA view, fingerprints the evidence the
claimant lists, and picks the orders inside the windows. The report
(:func:`claimstats.build_report`) words the result; it computes nothing of its own.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from claimstats._time import inside_intervals, utc_timestamp, zone
from claimstats.errors import ConfigError, TimeZoneWarning
from claimstats.estimate import estimate_loss
from claimstats.estimate.sensitivity import loss_sensitivity
from claimstats.incidents import incidents as merge_incidents
from claimstats.io import (
    provenance,
    read_evidence_list,
    read_expenses,
    read_orders,
    read_outages,
    read_sla_schedule,
)
from claimstats.io.evidence import evidence_items
from claimstats.io.options import READING_SETTINGS
from claimstats.io.zones import zone_doubts
from claimstats.models import (
    ClaimAnalysis,
    ClaimPolicy,
    EstimatorSettings,
    FileProvenance,
    IncidentRecord,
    LossEstimate,
    OrderRow,
    SlaSchedule,
    Window,
)
from claimstats.policy import assess_claim
from claimstats.schema import canonical_frame
from claimstats.sla import monthly_uptime

__all__ = [
    "ClaimDocuments",
    "analyze_claim",
    "file_record",
    "read_claim_files",
    "unknown_settings",
    "window_orders",
]


@dataclass(frozen=True)
class ClaimDocuments:
    """What the claimant brings beside the orders and the outages.

    Attributes
    ----------
    expenses
        Documented costs: :class:`~claimstats.models.ExpenseItem`, dicts with
        ``amount``, ``description``, ``evidence`` and ``claimed`` (False for an indirect
        loss, listed but never claimed), or the path of a CSV or JSON file of them
        (:func:`claimstats.io.read_expenses`).
    evidence
        Other evidence (screenshots, chat exports, tickets, network diagnostics):
        :class:`~claimstats.models.EvidenceItem` or dicts with ``name``,
        ``description``, ``kind`` and ``path`` (fingerprinted when given), or the path of
        a CSV or JSON list of them (:func:`claimstats.io.read_evidence_list`).
    sla_schedule
        The contract's service credits by monthly uptime
        (:class:`~claimstats.models.SlaSchedule`, or the path of a CSV or JSON file of
        tiers); None: a typical cloud provider's.
    filed_on
        The local day the claim was filed, if it was: next steps count from it.

    Examples
    --------
    >>> ClaimDocuments(expenses=[{"amount": 300, "description": "courier"}]).filed_on is None
    True
    """

    expenses: Sequence[Any] | str | os.PathLike[str] = ()
    evidence: Sequence[Any] | str | os.PathLike[str] = ()
    sla_schedule: SlaSchedule | str | os.PathLike[str] | None = None
    filed_on: object = None

    @classmethod
    def coerce(cls, documents: ClaimDocuments | Mapping[str, Any] | None) -> ClaimDocuments:
        """The documents as given, or made from a dict of their fields (None: none).

        Examples
        --------
        >>> ClaimDocuments.coerce({"filed_on": "2026-08-12"}).filed_on
        '2026-08-12'
        >>> ClaimDocuments.coerce({"receipts": []})
        Traceback (most recent call last):
        claimstats.errors.ConfigError: documents has no field 'receipts'; use expenses, evidence, sla_schedule, filed_on
        """
        if documents is None or isinstance(documents, ClaimDocuments):
            return documents or cls()
        unknown = sorted(set(documents) - set(cls.__dataclass_fields__))
        if unknown:
            known = ", ".join(cls.__dataclass_fields__)
            msg = f"documents has no field {', '.join(map(repr, unknown))}; use {known}"
            raise ConfigError(msg)
        return cls(**documents)


def read_claim_files(
    orders: pd.DataFrame | str | os.PathLike[str],
    outages: pd.DataFrame | str | os.PathLike[str],
    *,
    tz: str,
    as_of: object = None,
    service: str | None = None,
    reading: Mapping[str, Mapping[str, Any]] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A claim's orders and outages read from their files (a frame passes as it is).

    The one way a claim's files are read, by :func:`analyze_claim`, the command line and
    the claim pack (:func:`claimstats.write_claim_pack` and its check), so a pack re-runs
    what its report ran.

    Parameters
    ----------
    orders, outages
        Paths of the files, or canonical frames (which pass as they are: ``reading`` is
        for files).
    tz, as_of, service
        As for :func:`claimstats.read_outages` (``tz`` also for the orders).
    reading
        How each file is read: ``{"orders": {...}, "outages": {...}}``, keyword
        arguments of the readers (:data:`claimstats.io.options.READING_SETTINGS`).

    Returns
    -------
    tuple of DataFrame
        The orders and the outages.

    Raises
    ------
    ConfigError
        ``reading`` names a file or an option the readers do not take.

    Examples
    --------
    >>> import tempfile
    >>> from claimstats.datasets import write_sample
    >>> files = write_sample(tempfile.mkdtemp())
    >>> orders, outages = read_claim_files(files[0], files[1], tz="Asia/Shanghai",
    ...     reading={"orders": {"on_error": "reject"}})
    >>> len(orders), len(outages)
    (15220, 3)
    >>> read_claim_files(orders, outages, tz="Asia/Shanghai", reading={"orders": {"sep": ";"}})
    Traceback (most recent call last):
    claimstats.errors.ConfigError: reading['orders'] cannot set ['sep']; it takes ['format', 'columns', 'currency', 'status_map', 'on_error', 'decimal', 'encoding']
    """
    given = reading or {}
    if not isinstance(given, Mapping) or not all(
        isinstance(options, Mapping) for options in given.values()
    ):
        msg = "reading must map 'orders' and 'outages' to the readers' keyword arguments"
        raise ConfigError(msg)
    unknown_settings(given, tuple(READING_SETTINGS), "reading")
    for kind, known in READING_SETTINGS.items():
        unknown_settings(given.get(kind, {}), known, f"reading[{kind!r}]")
    if not isinstance(orders, pd.DataFrame):
        orders = read_orders(orders, tz=tz, **given.get("orders", {}))
    if not isinstance(outages, pd.DataFrame):
        outages = read_outages(
            outages, tz=tz, as_of=as_of, service=service, **given.get("outages", {})
        )
    return orders, outages


def unknown_settings(given: Mapping[str, Any], known: tuple[str, ...], what: str) -> None:
    """Refuse settings of ``what`` other than ``known``, naming them and the known ones.

    Examples
    --------
    >>> unknown_settings({"marign": 0.4}, ("margin",), "claim")
    Traceback (most recent call last):
    claimstats.errors.ConfigError: claim cannot set ['marign']; it takes ['margin']
    """
    unknown = sorted(set(given) - set(known))
    if unknown:
        msg = f"{what} cannot set {unknown}; it takes {list(known)}"
        raise ConfigError(msg)


def file_record(frame: pd.DataFrame, kind: str) -> FileProvenance:
    """The frame's provenance, or a record naming it a DataFrame when it has none."""
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
        msg = f"the outages name {len(names)} services {names}; pass service= the one to analyse"
        raise ConfigError(msg)
    return str(names[0])


def _bounds(windows: list[Window]) -> tuple[pd.Series, pd.Series]:
    starts = pd.Series([w.start for w in windows], dtype="datetime64[us, UTC]")
    ends = pd.Series([w.end for w in windows], dtype="datetime64[us, UTC]")
    return starts, ends


def window_orders(orders: pd.DataFrame, loss: LossEstimate) -> list[OrderRow]:
    """The orders placed inside the estimate's outage and recovery windows, by time.

    These are the rows behind the "actual" figures, which a reviewer may check against
    the merchant's own system: every status, customers as the orders hold them
    (unmasked; :func:`claimstats.build_report` masks them unless told not to).

    Parameters
    ----------
    orders
        Canonical orders (:func:`claimstats.io.read_orders`), every status.
    loss
        The estimate whose windows, affected channel and control channel select rows;
        without an affected channel every channel is kept.

    Returns
    -------
    list of OrderRow
        One row per order, sorted by time then order id; ``window`` is ``"outage"``
        for an order inside an outage window, else ``"recovery"``.

    Examples
    --------
    >>> import claimstats as cs
    >>> from claimstats.datasets import make_sample
    >>> claim = make_sample(seed=0)
    >>> loss = cs.estimate_loss(claim.orders, cs.incidents(claim.outages), channel="whatsapp",
    ...                         control="website")
    >>> rows = window_orders(claim.orders, loss)
    >>> len(rows), rows[0].window, rows[0].channel, rows[0].customer
    (378, 'outage', 'website', '+86 17683233711')
    """
    frame = canonical_frame(orders, ("timestamp",), "orders")
    if loss.channel is not None:
        channels = [loss.channel] + ([loss.control] if loss.control is not None else [])
        frame = frame.loc[frame["channel"].isin(channels)]
    in_outage = inside_intervals(frame["timestamp"], *_bounds(loss.windows))
    in_recovery = ~in_outage & inside_intervals(frame["timestamp"], *_bounds(loss.recovery_windows))
    frame = frame.loc[in_outage | in_recovery].assign(
        window=["outage" if inside else "recovery" for inside in in_outage[in_outage | in_recovery]]
    )
    frame = frame.sort_values(["timestamp", "order_id"], kind="stable")
    columns = list(OrderRow.model_fields)
    return [
        OrderRow(**{k: (None if k == "customer" and pd.isna(v) else v) for k, v in row.items()})
        for row in frame[columns].to_dict("records")
    ]


def analyze_claim(
    orders: pd.DataFrame | str | os.PathLike[str],
    outages: pd.DataFrame | str | os.PathLike[str],
    *,
    tz: str,
    service: str | None = None,
    channel: str | None = None,
    control: str | None = None,
    margin: float | None = None,
    as_of: object = None,
    currency: str | None = None,
    documents: ClaimDocuments | Mapping[str, Any] | None = None,
    estimator: EstimatorSettings | Mapping[str, Any] | None = None,
    policy: ClaimPolicy | Mapping[str, Any] | None = None,
) -> ClaimAnalysis:
    """Analyse a claim: incidents, duration tests, loss, SLA view and evidence.

    Parameters
    ----------
    orders, outages
        Canonical frames (from :func:`claimstats.read_orders` and
        :func:`claimstats.read_outages`, which read every supported layout and name
        each rejected row), or paths to files in the generic layout.
    tz
        The claimant's IANA time zone: used for naive times in files and for deadlines.
    service
        The interrupted service; needed when the outages name several.
    channel, control
        The affected order channel, and an unaffected one to compare with.
    margin
        Contribution margin (0-1) turning the net lost revenue into lost profit.
    as_of
        Time of the analysis (aware). Open outages close here; deadlines count from
        here. Default: now, to the minute. Pass it for identical results.
    currency
        Currency of an order file without a currency column (ISO 4217, e.g. ``'CNY'``).
    documents
        Expenses, other evidence, the SLA schedule, the filing date
        (:class:`ClaimDocuments`, or a dict of its fields).
    estimator
        How the loss is estimated (:class:`claimstats.EstimatorSettings`, or a dict of
        its fields): method, bucket size, recovery window, confidence, seed, ...; and
        whether to re-estimate it under alternative choices, each changed alone, for the
        sensitivity table (``sensitivity``, default True;
        :func:`claimstats.estimate.sensitivity.loss_sensitivity`).
    policy
        The rules the claim is judged by (:class:`claimstats.ClaimPolicy`, or a dict
        of its fields). Default: the domain's (24 h, 7 days, business claimant, CN).

    Returns
    -------
    ClaimAnalysis

    Examples
    --------
    >>> from claimstats.datasets import make_sample
    >>> claim = make_sample(seed=0)
    >>> analysis = analyze_claim(claim.orders, claim.outages, tz="Asia/Shanghai",
    ...     channel="whatsapp", control="website", as_of="2026-08-10T10:00+08:00",
    ...     documents=ClaimDocuments(expenses=[{"amount": 300, "description": "courier"}]),
    ...     estimator={"method": "seasonal"})
    >>> analysis.summary.passed_threshold, analysis.loss.method, analysis.loss.claimed_expenses
    (True, 'seasonal', 300.0)
    """
    zone(tz)
    documents = ClaimDocuments.coerce(documents)
    moment = (
        pd.Timestamp.now(tz="UTC").floor("min").as_unit("us")
        if as_of is None
        else utc_timestamp(as_of, "as_of")
    )
    expenses = documents.expenses
    if isinstance(expenses, str | os.PathLike):
        expenses = read_expenses(expenses)
    listed = documents.evidence
    if isinstance(listed, str | os.PathLike):
        listed = read_evidence_list(listed)
    sla_schedule = documents.sla_schedule
    if isinstance(sla_schedule, str | os.PathLike):
        sla_schedule = read_sla_schedule(sla_schedule)
    sla_schedule = sla_schedule or SlaSchedule()
    orders, outages = read_claim_files(
        orders, outages, tz=tz, as_of=moment, service=service,
        reading={"orders": {"currency": currency}},
    )  # fmt: skip
    orders = canonical_frame(orders, ("timestamp",), "orders")
    outages = canonical_frame(outages, ("start", "end"), "outages")
    for doubt in [*zone_doubts(outages, tz), *zone_doubts(orders, tz)]:
        warnings.warn(doubt, TimeZoneWarning, stacklevel=2)
    name = _service(outages, service)
    merged = merge_incidents(outages, as_of=moment, service=name)
    policy = ClaimPolicy.model_validate(policy or {})
    assessment = assess_claim(
        merged,
        policy,
        as_of=moment,
        tz=tz,
        filed_on=documents.filed_on,
        has_order_records=len(orders) > 0,
        has_control_channel=control is not None,
    )
    estimator = EstimatorSettings.model_validate(estimator or {})
    loss = estimate_loss(
        orders, merged, channel=channel, control=control, margin=margin,
        expenses=expenses, settings=estimator,
    )  # fmt: skip
    filing = next((d for d in assessment.deadlines if d.code == "filing_deadline"), None)
    records = [
        IncidentRecord(
            number=i + 1, **{k: row[k] for k in IncidentRecord.model_fields if k != "number"}
        )
        for i, row in enumerate(merged.sort_values("start").to_dict("records"))
    ]
    return ClaimAnalysis(
        tz=tz,
        as_of=moment,
        service=name,
        channel=channel,
        control=control,
        currency=loss.currency,
        filing_window=policy.filing_window,
        filing_deadline=filing.moment if filing is not None else None,
        incidents=records,
        summary=assessment.summary,
        loss=loss,
        evidence=[file_record(outages, "outages"), file_record(orders, "orders")],
        evidence_items=evidence_items(listed),
        policy=assessment,
        sla_schedule=sla_schedule,
        sla=monthly_uptime(merged, tz, sla_schedule, as_of=moment),
        orders=window_orders(orders, loss),
        sensitivity=loss_sensitivity(orders, merged, loss, estimator)
        if estimator.sensitivity
        else [],
    )
