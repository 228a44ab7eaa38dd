"""Customer-level rows: the orders inside the outage and recovery windows, when asked for.

By default a report holds no order of any customer. Asked for (``include_orders``), it
lists the orders of the affected and the control channel placed inside an outage or a
recovery window: the rows behind the "actual" figures, which a reviewer may want to
check against the merchant's own system. Customers are masked unless the report is not.
"""

from __future__ import annotations

import pandas as pd

from claimstats._time import inside_intervals
from claimstats.models import ImpactReport, LossEstimate, OrderRow, Window
from claimstats.privacy import mask_frame
from claimstats.report.i18n import Locale

__all__ = ["orders_section", "window_orders"]


def _bounds(windows: list[Window]) -> tuple[pd.Series, pd.Series]:
    starts = pd.Series([w.start for w in windows], dtype="datetime64[us, UTC]")
    ends = pd.Series([w.end for w in windows], dtype="datetime64[us, UTC]")
    return starts, ends


def window_orders(orders: pd.DataFrame, loss: LossEstimate, *, mask: bool = True) -> list[OrderRow]:
    """The orders placed inside the estimate's outage and recovery windows, by time.

    Parameters
    ----------
    orders
        Canonical orders (:func:`claimstats.io.read_orders`), every status.
    loss
        The estimate whose windows, affected channel and control channel select rows;
        without an affected channel every channel is kept.
    mask
        Mask each customer identifier (:func:`claimstats.privacy.mask_customer`).

    Returns
    -------
    list of OrderRow
        One row per order, sorted by time then order id; ``window`` is ``"outage"``
        for an order inside an outage window, else ``"recovery"``.

    Examples
    --------
    >>> import claimstats as cs
    >>> claim = cs.sample.make_sample(seed=0)
    >>> report = cs.demo_report()
    >>> rows = window_orders(claim.orders, report.loss)
    >>> len(rows), rows[0].window, rows[0].channel, rows[0].customer
    (853, 'outage', 'website', '+86 176****3711')
    """
    frame = orders
    if loss.channel is not None:
        channels = [loss.channel] + ([loss.control] if loss.control is not None else [])
        frame = frame.loc[frame["channel"].isin(channels)]
    in_outage = inside_intervals(frame["timestamp"], *_bounds(loss.windows))
    in_recovery = ~in_outage & inside_intervals(frame["timestamp"], *_bounds(loss.recovery_windows))
    frame = frame.loc[in_outage | in_recovery].assign(
        window=["outage" if inside else "recovery" for inside in in_outage[in_outage | in_recovery]]
    )
    if mask:
        frame = mask_frame(frame)
    frame = frame.sort_values(["timestamp", "order_id"], kind="stable")
    columns = list(OrderRow.model_fields)
    return [
        OrderRow(**{k: (None if k == "customer" and pd.isna(v) else v) for k, v in row.items()})
        for row in frame[columns].to_dict("records")
    ]


def orders_section(report: ImpactReport, loc: Locale) -> dict[str, object]:
    """The template's rows and caption for the report's order list (empty when none).

    Examples
    --------
    >>> import claimstats as cs
    >>> orders_section(cs.demo_report(lang="en"), Locale("en", "UTC"))["rows"]
    []
    """
    rows = [
        {
            "time": loc.moment(row.timestamp),
            "window": loc.text(f"window_{row.window}"),
            "channel": row.channel,
            "order_id": row.order_id,
            "status": loc.text(f"status_{row.status}"),
            "amount": loc.money(row.amount, row.currency),
            "customer": row.customer or "—",
        }
        for row in report.orders
    ]
    outage = sum(row.window == "outage" for row in report.orders)
    caption = loc.text(
        "orders_caption",
        count=loc.number(len(rows)),
        outage=loc.number(outage),
        recovery=loc.number(len(rows) - outage),
        privacy=loc.text("customers_masked" if report.masked else "customers_not_masked"),
    )
    return {"rows": rows, "caption": caption}
