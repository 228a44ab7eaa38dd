"""The charts of the wallet complaint: the failed share of attempts by hour, and the
waterfall from the failed amount to the amount not received. Each returns a Figure and
never shows it.

Both draw the complaint as it is published (:func:`published_complaint`); the
waterfall's bars are :func:`amount_steps`, and each bar's label is its own value
written out, so a bar, its label and the amounts table say the same, to the cent.
"""

from __future__ import annotations

import textwrap
from html import escape

import pandas as pd
import plotly.graph_objects as go

from claimstats.models import WalletComplaint
from claimstats.report.charts import (
    OUTAGE_FILL,
    chart_layout,
    date_axis,
    local_times,
    shade_windows,
)
from claimstats.report.complaint_publish import AmountStep, amount_steps, published_complaint
from claimstats.report.i18n import Locale
from claimstats.report.letter import normal_rate
from claimstats.report.publish import publishing

__all__ = ["complaint_figures", "hours_chart", "step_label", "waterfall_chart"]

_BAR, _NORMAL, _LESS, _MORE, _TOTAL = "#1f4e79", "#7f7f7f", "#1e7b34", "#c0504d", "#1f4e79"
_HOUR = pd.Timedelta("1h")
#: a chart drawn from the complaint as it is published, whatever complaint it is given
_published = publishing(published_complaint)


@_published
def hours_chart(complaint: WalletComplaint, lang: str) -> go.Figure | None:
    """The share of attempts that failed in each local hour over the days around the
    windows, the normal failure rate as a line, the windows shaded. None without the
    hours (:attr:`~claimstats.models.WalletComplaint.hours`).

    Examples
    --------
    >>> from claimstats.datasets import demo_complaint
    >>> fig = hours_chart(demo_complaint(), "en")
    >>> [trace.name for trace in fig.data]
    ['Failed share', 'Normal rate 1.5%', 'Outage']
    """
    if not complaint.hours:
        return None
    loc = Locale(lang, complaint.tz)
    p = complaint.payments
    starts = pd.DatetimeIndex([h.hour for h in complaint.hours])
    shares = [h.failures / h.attempts if h.attempts else None for h in complaint.hours]
    hover = [
        escape(
            loc.text(
                "cr_hover_hour",
                hour=f"{start:%Y-%m-%d %H:%M}",
                attempts=loc.number(h.attempts),
                failures=loc.number(h.failures),
            )
        )
        for start, h in zip(starts.tz_convert(loc.tz), complaint.hours, strict=True)
    ]
    rate = normal_rate(loc, p.failure_rate_outside)
    ends = local_times(pd.DatetimeIndex([starts[0], starts[-1] + _HOUR]), loc)
    fig = go.Figure(
        [
            go.Bar(
                x=local_times(starts + _HOUR / 2, loc),
                y=shares,
                width=_HOUR.total_seconds() * 1000 * 0.9,
                marker_color=_BAR,
                name=loc.text("cr_legend_share"),
                hovertext=hover,
                hoverinfo="text",
            ),
            go.Scatter(
                x=ends,
                y=[p.failure_rate_outside] * 2,
                mode="lines",
                line={"color": _NORMAL, "dash": "dot"},
                name=loc.text("cr_legend_normal", rate=rate),
                hoverinfo="skip",
            ),
            # the shaded windows in the legend
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker={"symbol": "square", "size": 12, "color": OUTAGE_FILL},
                name=loc.text("legend_outage"),
                hoverinfo="skip",
            ),
        ]
    )
    shade_windows(fig, p.windows, loc)
    x_title = loc.text("axis_time", offset=loc.offset(complaint.as_of))
    chart_layout(fig, loc.text("cr_chart_hours"), x_title, loc.text("cr_axis_share"))
    fig.update_layout(hovermode="closest", bargap=0)
    fig.update_yaxes(tickformat=".0%", rangemode="tozero")
    return date_axis(fig, loc)


def step_label(step: AmountStep, loc: Locale, currency: str) -> str:
    """A step's amount as the waterfall and the table write it: a relative step signed.

    Examples
    --------
    >>> from claimstats.report.complaint_publish import AmountStep
    >>> loc = Locale("en", "UTC")
    >>> step_label(AmountStep(key="recovered", value=-981.87, measure="relative"), loc, "CNY")
    '−CN¥981.87'
    """
    text = loc.money(abs(step.value), currency)
    if step.measure == "absolute":
        return text if step.value >= 0 else f"−{text}"
    return f"−{text}" if step.value < 0 else f"+{text}"


def _wrapped(text: str, lang: str) -> str:
    """A label in lines short enough for a phone (plotly breaks lines at ``<br>``)."""
    if lang == "zh":
        lines = [text[i : i + 9] for i in range(0, len(text), 9)]
    else:
        lines = textwrap.wrap(text, 18, break_long_words=False) or [text]
    return "<br>".join(escape(line) for line in lines)


@_published
def waterfall_chart(complaint: WalletComplaint, lang: str) -> go.Figure:
    """From the failed amount (repeated taps once) to the amount not received: a bar per
    step of :func:`amount_steps`, each labelled with its value.

    Examples
    --------
    >>> from claimstats.datasets import demo_complaint
    >>> fig = waterfall_chart(demo_complaint(), "en")
    >>> list(fig.data[0].measure)[:3]
    ['absolute', 'relative', 'absolute']
    """
    loc = Locale(lang, complaint.tz)
    currency = complaint.payments.currency
    steps = amount_steps(complaint.payments)
    labels = [step_label(s, loc, currency) for s in steps]
    # across, one step a row: the labels read on a phone as on paper, none cut or crossed
    fig = go.Figure(
        go.Waterfall(
            orientation="h",
            y=[_wrapped(loc.text(f"cr_step_{s.key}"), loc.lang) for s in steps],
            x=[s.value for s in steps],
            measure=[s.measure for s in steps],
            text=labels,
            textposition="outside",
            cliponaxis=False,
            hovertext=labels,
            hoverinfo="y+text",
            connector={"line": {"color": _NORMAL, "width": 1}},
            decreasing={"marker": {"color": _LESS}},
            increasing={"marker": {"color": _MORE}},
            totals={"marker": {"color": _TOTAL}},
        )
    )
    title = loc.text("cr_chart_waterfall", currency=currency)
    chart_layout(fig, title, currency, "")
    top = max(max(s.value for s in steps if s.measure == "absolute"), 0.0)
    fig.update_layout(
        showlegend=False,
        hovermode="closest",
        height=max(260, 110 + 44 * len(steps)),
        margin={"l": 20, "r": 30},
    )
    fig.update_yaxes(autorange="reversed", automargin=True)  # the first step on top
    fig.update_xaxes(range=[0, top * 1.25 or 1])  # room right of the longest bar for its label
    return fig


@_published
def complaint_figures(complaint: WalletComplaint, lang: str) -> dict[str, go.Figure]:
    """The complaint's charts by name (``hours`` only with the hours)."""
    hours = hours_chart.__wrapped__(complaint, lang)  # type: ignore[attr-defined]
    return {
        **({"hours": hours} if hours is not None else {}),
        "waterfall": waterfall_chart.__wrapped__(complaint, lang),  # type: ignore[attr-defined]
    }
