"""Plotly figures of the report. Each returns a Figure and never shows it.

Each draws the numbers as the report publishes them
(:func:`~claimstats.report.publish.published`: orders to 0.1, money to the cent), so a
number drawn is the number in the report's tables. Times are drawn in the claimant's
local time; user text is HTML-escaped because plotly interprets a few tags in labels.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from html import escape

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from claimstats.models import Window
from claimstats.report.i18n import Locale
from claimstats.report.impact import ImpactReportData
from claimstats.report.publish import published, publishing

__all__ = [
    "CHARTS",
    "OUTAGE_FILL",
    "chart_layout",
    "control_chart",
    "cumulative_chart",
    "date_axis",
    "interruptions_chart",
    "local_times",
    "loss_chart",
    "placebo_chart",
    "plotly_template",
    "report_figures",
    "shade_windows",
]

_AFFECTED, _EXPECTED, _CONTROL = "#1f4e79", "#c0504d", "#7f7f7f"
#: the fill of an outage window on a time axis
OUTAGE_FILL = "rgba(192,80,77,0.15)"

#: a chart drawn from the report as it is published, whatever report it is given
_published = publishing(published)


@cache
def plotly_template() -> go.layout.Template:
    """plotly's white template, looked up once: by its name, each figure would copy it anew."""
    return pio.templates["plotly_white"]


def local_times(stamps: pd.Series | pd.DatetimeIndex, loc: Locale) -> list[str]:
    """Local wall-clock times as ISO strings plotly puts on a date axis."""
    series = pd.Series(pd.DatetimeIndex(stamps).tz_convert(loc.tz))
    return [f"{s:%Y-%m-%d %H:%M:%S}" for s in series]


def chart_layout(
    fig: go.Figure, title: str, x_title: str | None, y_title: str | None, **layout: object
) -> go.Figure:
    """The layout every chart shares: plotly's white template, the title (escaped), the
    height and margins, the legend below all; ``layout`` set before the axis titles."""
    return fig.update_layout(
        template=plotly_template(),
        title={"text": escape(title)},
        height=380,
        margin={"l": 60, "r": 20, "t": 50, "b": 50},
        # below everything else: a legend placed under the plot by a share of its height
        # would run into the axis title when the plot is short or the tick labels tall
        legend={"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom"},
        **layout,
        xaxis_title=x_title,
        yaxis_title=y_title,
    )


def _layout(
    fig: go.Figure, loc: Locale, report: ImpactReportData, title: str, y_title: str | None
) -> go.Figure:
    x_title = loc.text("axis_time", offset=loc.offset(report.as_of))
    return chart_layout(fig, title, x_title, y_title, hovermode="x unified")


#: Chinese tick labels on a date axis (plotly.js would write English month names)
_ZH_TICKS = [
    {"dtickrange": [None, 86_399_999], "value": "%-m月%-d日 %H:%M"},
    {"dtickrange": [86_400_000, None], "value": "%-m月%-d日"},
]


def date_axis(fig: go.Figure, loc: Locale) -> go.Figure:
    """A date x axis with tick labels in the report's language."""
    fig.update_xaxes(type="date")
    if loc.lang == "zh":
        fig.update_xaxes(tickformatstops=_ZH_TICKS)
    return fig


def shade_windows(fig: go.Figure, windows: list[Window], loc: Locale) -> None:
    """Shade the outage windows on the figure's local-time axis, behind the data."""
    for window in windows:
        start, end = local_times(pd.DatetimeIndex([window.start, window.end]), loc)
        fig.add_vrect(x0=start, x1=end, fillcolor=OUTAGE_FILL, line_width=0, layer="below")


@_published
def interruptions_chart(report: ImpactReportData) -> go.Figure:
    """The interruptions as bars on a local-time axis, one row per interruption.

    Each row is labelled on the axis with the interruption's number and duration (and its
    service when the claim has several), so no label can run into another bar or label,
    whatever the width; the times are in the hover text.

    Examples
    --------
    >>> import claimstats as cs
    >>> from claimstats.datasets import demo_report
    >>> fig = interruptions_chart(demo_report(lang="en"))
    >>> len(fig.data[0].x), list(fig.data[0].y)
    (3, ['#1 27 h 15 min', '#2 40 min', '#3 1 h 35 min'])
    """
    loc = Locale(report.lang, report.tz)
    rows = report.incidents
    starts = local_times(pd.DatetimeIndex([r.start for r in rows]), loc)
    ms = [r.duration.total_seconds() * 1000 for r in rows]
    services = list(dict.fromkeys(escape(r.service) for r in rows))
    labels = [
        f"#{r.number} {escape(r.service) + ' · ' if len(services) > 1 else ''}"
        f"{loc.duration(r.duration)}"
        for r in rows
    ]
    fig = go.Figure(
        go.Bar(
            base=starts,
            x=ms,
            y=labels,
            orientation="h",
            marker_color=_EXPECTED,
            name=loc.text("legend_outage"),
            hovertext=[
                f"{escape(r.service)}: {loc.moment(r.start)} – {loc.moment(r.end)}" for r in rows
            ],
            hoverinfo="text",
        )
    )
    # the service names the rows when there is one; with several, each row names its own
    y_title = services[0] if len(services) == 1 else None
    _layout(fig, loc, report, loc.text("chart_timeline"), y_title)
    fig.update_layout(height=max(220, 116 + 26 * len(rows)), hovermode="closest", showlegend=False)
    fig.update_yaxes(type="category", autorange="reversed")  # the first interruption on top
    if rows:
        first, last = min(r.start for r in rows), max(r.end for r in rows)
        pad = max(((last - first) * 0.03).ceil("min"), pd.Timedelta("30min"))
        fig.update_xaxes(range=local_times(pd.DatetimeIndex([first - pad, last + pad]), loc))
    return date_axis(fig, loc)


@_published
def loss_chart(report: ImpactReportData) -> go.Figure:
    """Actual and expected orders per bucket, the normal band, outages shaded, the control.

    Examples
    --------
    >>> import claimstats as cs
    >>> from claimstats.datasets import demo_report
    >>> [trace.name for trace in loss_chart(demo_report()).data][:2]
    ['正常波动范围', '正常波动范围']
    """
    loc = Locale(report.lang, report.tz)
    table = report.loss.bucket_table()
    x = local_times(table["bucket"], loc)
    band = {"line": {"width": 0}, "name": loc.text("legend_band")}
    traces = [
        ("high", {**band, "showlegend": False}),
        ("low", {**band, "fill": "tonexty", "fillcolor": "rgba(192,80,77,0.12)"}),
        ("expected", {"line": {"color": _EXPECTED, "dash": "dash"}, "name": loc.text("legend_expected")}),
        ("actual", {"line": {"color": _AFFECTED}, "name": loc.text("legend_actual")}),
    ]  # fmt: skip
    if report.control and table["control"].notna().any():
        name = loc.text("legend_control", control=escape(report.control))
        traces.append(("control", {"line": {"color": _CONTROL, "width": 1}, "name": name}))
    fig = go.Figure(
        [go.Scatter(x=x, y=table[column], mode="lines", **style) for column, style in traces]
    )
    shade_windows(fig, report.loss.windows, loc)
    step = pd.Timedelta(report.loss.freq)
    step_text = (
        loc.text("step_hour")
        if step == pd.Timedelta("1h")
        else loc.text("step_slot", minutes=int(step.total_seconds() // 60))
    )
    title = loc.text("chart_loss", channel=report.channel or report.service, step=step_text)
    return date_axis(_layout(fig, loc, report, title, loc.text("axis_orders")), loc)


@_published
def cumulative_chart(report: ImpactReportData) -> go.Figure:
    """Net lost orders accumulating: the shortfall in the outages, less the catch-up counted.

    Each bucket adds what the loss table counts of it (``LossBucket.lost`` less
    ``LossBucket.recovered``; the curve is ``LossBucket.net_lost_so_far``), so it ends at
    the table's net lost orders and stays flat wherever the method adds nothing.

    Examples
    --------
    >>> import claimstats as cs
    >>> from claimstats.datasets import demo_report
    >>> report = demo_report()
    >>> bool(cumulative_chart(report).data[0].y[-1] == round(report.loss.net_lost_orders, 1))
    True
    """
    loc = Locale(report.lang, report.tz)
    table = report.loss.bucket_table()
    x = local_times(table["bucket"], loc)
    fig = go.Figure(
        go.Scatter(
            x=x,
            y=table["net_lost_so_far"].to_numpy().round(1),  # orders, to 0.1 as in the tables
            mode="lines",
            line={"color": _AFFECTED},
            fill="tozeroy",
            name=loc.text("legend_cum_orders"),
        )
    )
    shade_windows(fig, report.loss.windows, loc)
    _layout(fig, loc, report, loc.text("chart_cumulative"), loc.text("axis_orders"))
    return date_axis(fig, loc)


@_published
def control_chart(report: ImpactReportData) -> go.Figure | None:
    """Expected and actual orders in the outage windows, the affected channel beside the control.

    A channel the outage did not touch should keep its expected orders while the
    affected one loses them; the affected channel's expected bar carries the interval.
    None when the report has no control channel.

    Examples
    --------
    >>> import claimstats as cs
    >>> from claimstats.datasets import demo_report
    >>> fig = control_chart(demo_report())
    >>> [trace.name for trace in fig.data], list(fig.data[1].y)
    (['预期订单', '实际订单'], [0.0, 91.5])
    """
    e = report.loss
    if report.control is None or e.control_expected_orders is None:
        return None
    loc = Locale(report.lang, report.tz)
    names = [escape(report.channel or report.service), escape(report.control)]
    expected = [e.expected_orders, e.control_expected_orders]
    actual = [e.actual_orders, float(e.control_actual_orders or 0.0)]
    shares = [a / x if x > 0 else None for a, x in zip(actual, expected, strict=True)]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=names,
            y=expected,
            name=loc.text("legend_expected"),
            marker_color=_EXPECTED,
            error_y={
                "type": "data",
                "symmetric": False,
                "array": [e.lost_orders_high - e.lost_orders, None],
                "arrayminus": [e.lost_orders - e.lost_orders_low, None],
                "color": "#404040",
            },
            text=[loc.number(v, 1) for v in expected],
            textposition="inside",
            insidetextanchor="start",
        )
    )
    fig.add_trace(
        go.Bar(
            x=names,
            y=actual,
            name=loc.text("legend_actual"),
            marker_color=_AFFECTED,
            # on two lines, narrow enough for a bar on a phone: plotly shrinks a label to
            # its bar's width, and on one line it would be too small to read
            text=[
                loc.text("share_of_expected", share=loc.percent(s)).replace(" ", "<br>", 1)
                if s is not None
                else ""
                for s in shares
            ],
            textposition="outside",
        )
    )
    _layout(fig, loc, report, loc.text("chart_control"), loc.text("axis_orders"))
    fig.update_layout(barmode="group", hovermode="closest", xaxis_title=None)
    return fig


@_published
def placebo_chart(report: ImpactReportData) -> go.Figure | None:
    """The net loss on each normal-day (placebo) window, and the outage's own net loss.

    The bars count the placebo windows by the net loss in money (shortfall less
    catch-up) the same steps find on them at the outage's volume; the line marks the
    net lost revenue of the loss table. The share of windows at or beyond the line is
    the p-value. None when the estimate kept no placebo losses.

    Examples
    --------
    >>> import claimstats as cs
    >>> from claimstats.datasets import demo_report
    >>> report = demo_report()
    >>> fig = placebo_chart(report)
    >>> int(sum(fig.data[0].y)), fig.data[1].x[0] == round(report.loss.net_lost_revenue, 2)
    (39, True)
    """
    e = report.loss
    if not e.placebo_losses:
        return None
    loc = Locale(report.lang, report.tz)
    losses = np.asarray(e.placebo_losses, dtype=float)
    edges = np.histogram_bin_edges(losses, bins="auto")
    counts, edges = np.histogram(losses, bins=edges)
    fig = go.Figure(
        go.Bar(
            x=((edges[:-1] + edges[1:]) / 2).round(2),
            y=counts,
            width=np.diff(edges).round(2),
            marker_color=_CONTROL,
            name=loc.text("legend_placebo", count=len(losses)),
        )
    )
    top = float(counts.max())
    observed = round(e.net_lost_revenue, 2)
    # the amount beside the line on the side towards the bars, never past the chart's edge
    middle = (min(edges[0], observed) + max(edges[-1], observed)) / 2
    side = "top left" if observed > middle else "top right"
    fig.add_trace(
        go.Scatter(
            x=[observed, observed],
            y=[0.0, top],
            mode="lines+text",
            line={"color": _EXPECTED, "width": 3},
            text=["", loc.money(e.net_lost_revenue, e.currency)],
            textposition=side,
            name=loc.text("legend_observed"),
        )
    )
    _layout(fig, loc, report, loc.text("chart_placebo"), loc.text("axis_windows"))
    axis = loc.text("axis_shortfall", currency=e.currency)
    fig.update_layout(hovermode="closest", bargap=0.05, xaxis_title=axis)
    return fig


#: the report's charts by name, in the order of the report (``chart-<name>`` in the page)
CHARTS: dict[str, Callable[[ImpactReportData], go.Figure | None]] = {
    "timeline": interruptions_chart,
    "loss": loss_chart,
    "control": control_chart,
    "placebo": placebo_chart,
    "cumulative": cumulative_chart,
}


def report_figures(report: ImpactReportData) -> dict[str, go.Figure]:
    """Every chart the report has, by name in the order of the report.

    The control chart needs a control channel and the placebo chart placebo windows;
    a report without them has no such chart.

    Examples
    --------
    >>> import claimstats as cs
    >>> from claimstats.datasets import demo_report
    >>> list(report_figures(demo_report()))
    ['timeline', 'loss', 'control', 'placebo', 'cumulative']
    """
    shown = published(report)  # once for all charts, each drawn as it is undecorated
    figures = {name: chart.__wrapped__(shown) for name, chart in CHARTS.items()}  # type: ignore[attr-defined]
    return {name: figure for name, figure in figures.items() if figure is not None}
