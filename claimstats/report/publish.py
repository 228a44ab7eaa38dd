"""The report as it leaves the claimant's machine: rounded numbers, no folders of the machine.

Every output (the HTML page and its charts, the JSON, the workbook, chart images) is made
from :func:`published`, so each shows the same numbers, and the same inputs give the same
bytes on any machine, from any folder:

- every number is rounded for what it is (:mod:`claimstats.units`: money to the
  currency's minor unit, orders to 0.1, shares and p-values to 4 significant digits), and
  the loss table's point figures are then recomputed from their rounded parts, so that
  expected less actual is the shortfall and the shortfall less the catch-up is the net
  loss, to the cent, as an assessor adding them up will find;
- an input file is named by its path relative to the folder of the report when it lies
  beneath it, else by its name alone; its SHA-256 says which file it is. The claimant's
  folders (``/home/<user>/...``) never reach an output.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from functools import wraps
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, TypeVar

from claimstats._files import write_atomic
from claimstats.models import EvidenceItem, FileProvenance, LossEstimate, SensitivityRow
from claimstats.report.impact import ImpactReportData
from claimstats.units import Unit, round_as, rounded

__all__ = ["published", "publishing", "render_json", "shown_loss", "shown_path", "write_json"]

_LINK = re.compile(r"[a-z][a-z0-9+.-]*://", re.IGNORECASE)

_Shown = TypeVar("_Shown", bound=Callable[..., Any])


def shown_path(path: str, folder: str | os.PathLike[str] | None = None) -> str:
    """How an output names a file: relative to ``folder`` when beneath it, else its name.

    Links (``https://...``) and labels that are not paths (``DataFrame``) are kept.

    Examples
    --------
    >>> shown_path("/home/ming/claim/data/orders.csv", "/home/ming/claim")
    'data/orders.csv'
    >>> shown_path("/home/ming/claim/data/orders.csv", "/home/ming/claim/reports")
    'orders.csv'
    >>> shown_path("C:\\\\Users\\\\ming\\\\orders.csv"), shown_path("https://example.com/a.png")
    ('orders.csv', 'https://example.com/a.png')
    """
    if _LINK.match(path):
        return path
    if folder is not None:
        try:
            return Path(path).resolve().relative_to(Path(folder).resolve()).as_posix()
        except (ValueError, OSError):
            pass
    windows = PureWindowsPath(path)
    return windows.name if windows.drive or "\\" in path else PurePosixPath(path).name or path


def shown_loss(loss: LossEstimate) -> LossEstimate:
    """The loss rounded for output, its point figures recomputed from their rounded parts.

    Examples
    --------
    >>> import claimstats as cs
    >>> from claimstats.datasets import make_sample
    >>> claim = make_sample(seed=0)
    >>> loss = cs.estimate_loss(claim.orders, cs.incidents(claim.outages), channel="whatsapp",
    ...                         margin=0.4, settings={"method": "seasonal"})
    >>> shown = shown_loss(loss)
    >>> shown.lost_orders, shown.lost_profit == round(shown.net_lost_revenue * 0.4, 2)
    (206.8, True)
    """
    r = rounded(loss)

    def money(value: float) -> float:
        return round_as(value, Unit.MONEY, r.currency)

    def orders(value: float) -> float:
        return round_as(value, Unit.ORDERS)

    lost_orders = orders(r.expected_orders - r.actual_orders)
    lost_revenue = money(r.expected_revenue - r.actual_revenue)
    net_revenue = money(lost_revenue - r.recovered_revenue)
    net = (net_revenue, r.net_lost_revenue_low, r.net_lost_revenue_high)
    profit = (None, None, None)
    if r.margin is not None:
        profit = tuple(money(value * r.margin) for value in net)
    claimed = money(sum(item.amount for item in r.expenses if item.claimed))
    basis = net if r.margin is None else profit
    return r.model_copy(
        update={
            "lost_orders": lost_orders,
            "net_lost_orders": orders(lost_orders - r.recovered_orders),
            "lost_revenue": lost_revenue,
            "net_lost_revenue": net_revenue,
            "lost_profit": profit[0],
            "lost_profit_low": profit[1],
            "lost_profit_high": profit[2],
            "claimed_expenses": claimed,
            "claim_amount": money(basis[0] + claimed),
            "claim_amount_low": money(basis[1] + claimed),
            "claim_amount_high": money(basis[2] + claimed),
        }
    )


def _base_row(row: SensitivityRow, loss: LossEstimate) -> SensitivityRow:
    """A sensitivity row; the claim's own (``base``) with the amounts the loss table shows."""
    if not row.base:
        return row
    bounds = ("claim_amount", "claim_amount_low", "claim_amount_high")
    return row.model_copy(update={name: getattr(loss, name) for name in bounds})


def _file(record: FileProvenance, folder: str | os.PathLike[str] | None) -> FileProvenance:
    return record.model_copy(update={"source": shown_path(record.source, folder)})


def _item(item: EvidenceItem, folder: str | os.PathLike[str] | None) -> EvidenceItem:
    if item.path is None or not (Path(item.path).is_absolute() or PureWindowsPath(item.path).drive):
        return item  # as the claimant wrote it in the list, relative to the list
    return item.model_copy(update={"path": shown_path(item.path, folder)})


def published(
    report: ImpactReportData, folder: str | os.PathLike[str] | None = None
) -> ImpactReportData:
    """The report as every output shows it: numbers rounded, files named without folders.

    :func:`claimstats.build_report` already rounds the numbers (so the claim statement's
    words and the tables agree); rounding again changes nothing.

    Parameters
    ----------
    report
        The report, at full precision.
    folder
        Where the output is written: input files beneath it are named by their path
        relative to it; others, and all when None, by their name.

    Returns
    -------
    ImpactReportData
        A new report; ``report`` is unchanged.

    Examples
    --------
    >>> import claimstats as cs
    >>> from claimstats.datasets import demo_report
    >>> report = demo_report()
    >>> orders = report.evidence[1].model_copy(update={"source": "/home/ming/claim/orders.csv"})
    >>> report = report.model_copy(update={"evidence": [report.evidence[0], orders]})
    >>> [f.source for f in published(report, "/home/ming").evidence]
    ['DataFrame', 'claim/orders.csv']
    >>> published(report).evidence[1].source, published(report) == published(published(report))
    ('orders.csv', True)
    """
    shown = rounded(report, report.currency)
    loss = shown_loss(report.loss)
    return shown.model_copy(
        update={
            "loss": loss,
            "sensitivity": [_base_row(row, loss) for row in shown.sensitivity],
            "evidence": [_file(record, folder) for record in shown.evidence],
            "evidence_items": [_item(item, folder) for item in shown.evidence_items],
        }
    )


def publishing(publish: Callable[[Any], Any]) -> Callable[[_Shown], _Shown]:
    """A decorator: the function given its first argument as ``publish`` shows it, whatever
    it is given. Its ``__wrapped__`` takes one published already, so that what makes several
    outputs of one report (or complaint) publishes it once.

    Examples
    --------
    >>> from claimstats.datasets import demo_report
    >>> @publishing(published)
    ... def lost_orders(report):
    ...     return report.loss.lost_orders
    >>> report = demo_report()
    >>> lost_orders(report) == lost_orders.__wrapped__(published(report))
    True
    """

    def decorate(function: _Shown) -> _Shown:
        @wraps(function)
        def shown(first: Any, *args: Any, **kwargs: Any) -> Any:
            return function(publish(first), *args, **kwargs)

        return shown  # type: ignore[return-value]

    return decorate


def render_json(
    report: ImpactReportData, folder: str | os.PathLike[str] | None = None, indent: int | None = 2
) -> str:
    """The report as JSON text (UTF-8, Chinese kept readable), as :func:`published` shows it.

    Examples
    --------
    >>> import claimstats as cs, json
    >>> from claimstats.datasets import demo_report
    >>> json.loads(render_json(demo_report()))["loss"]["lost_orders"]
    206.8
    """
    return published(report, folder).model_dump_json(indent=indent)


def write_json(
    report: ImpactReportData, path: str | os.PathLike[str], indent: int | None = 2
) -> Path:
    """Write the report's JSON to ``path`` atomically (a line end last) and return the path."""
    target = Path(path)
    return write_atomic(target, render_json(report, target.parent, indent) + "\n")
