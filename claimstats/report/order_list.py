"""Customer-level rows: the orders inside the outage and recovery windows, when asked for.

By default a report holds no order of any customer. Asked for (``include_orders``), it
lists the orders of the affected and the control channel placed inside an outage or a
recovery window (:func:`claimstats.pipeline.window_orders`): the rows behind the
"actual" figures, which a reviewer may want to check against the merchant's own system.
Customers are masked unless the report is not.
"""

from __future__ import annotations

from claimstats.report.i18n import Locale
from claimstats.report.impact import ImpactReportData

__all__ = ["orders_section"]


def orders_section(report: ImpactReportData, loc: Locale) -> dict[str, object]:
    """The template's rows and caption for the report's order list (empty when none).

    Examples
    --------
    >>> import claimstats as cs
    >>> from claimstats.datasets import demo_report
    >>> orders_section(demo_report(lang="en"), Locale("en", "UTC"))["rows"]
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
