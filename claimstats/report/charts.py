"""Plotly figures of the report. Each returns a Figure and never shows it.

Times are drawn in the claimant's local time; user text is HTML-escaped because
plotly interprets a few tags in labels.
"""

from __future__ import annotations

from html import escape

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from claimstats.models import ImpactReport
from claimstats.report.i18n import Locale

__all__ = ["cumulative_chart", "interruptions_chart", "loss_chart"]

_AFFECTED, _EXPECTED, _CONTROL, _OUTAGE = "#1f4e79", "#c0504d", "#7f7f7f", "rgba(192,80,77,0.15)"


def _local(stamps: pd.Series | pd.DatetimeIndex, loc: Locale) -> list[str]:
    """Local wall-clock times as ISO strings plotly puts on a date axis."""
    series = pd.Series(pd.DatetimeIndex(stamps).tz_convert(loc.tz))
    return [f"{s:%Y-%m-%d %H:%M:%S}" for s in series]


def _layout(
    fig: go.Figure, loc: Locale, report: ImpactReport, title: str, y_title: str
) -> go.Figure:
    fig.update_layout(
        template="plotly_white",
        title={"text": escape(title)},
        height=380,
        margin={"l": 60, "r": 20, "t": 50, "b": 50},
        legend={"orientation": "h", "y": -0.2},
        hovermode="x unified",
        xaxis_title=loc.text("axis_time", offset=loc.offset(report.as_of)),
        yaxis_title=y_title,
    )
    return fig


def _shade_outages(fig: go.Figure, report: ImpactReport, loc: Locale) -> None:
    for window in report.loss.windows:
        start, end = _local(pd.DatetimeIndex([window.start, window.end]), loc)
        fig.add_vrect(x0=start, x1=end, fillcolor=_OUTAGE, line_width=0, layer="below")


def interruptions_chart(report: ImpactReport) -> go.Figure:
    """The interruptions as bars on a local-time axis, one row per service.

    Examples
    --------
    >>> import claimstats as cs
    >>> fig = interruptions_chart(cs.demo_report())
    >>> len(fig.data[0].x)
    3
    """
    loc = Locale(report.lang, report.tz)
    rows = report.incidents
    starts = _local(pd.DatetimeIndex([r.start for r in rows]), loc)
    ms = [r.duration.total_seconds() * 1000 for r in rows]
    labels = [f"#{r.number} {loc.duration(r.duration)}" for r in rows]
    fig = go.Figure(
        go.Bar(
            base=starts,
            x=ms,
            y=[escape(r.service) for r in rows],
            orientation="h",
            marker_color=_EXPECTED,
            text=labels,
            textposition="outside",
            name=loc.text("legend_outage"),
            hovertext=[f"{loc.moment(r.start)} – {loc.moment(r.end)}" for r in rows],
            hoverinfo="text",
        )
    )
    _layout(fig, loc, report, loc.text("chart_timeline"), loc.text("service"))
    fig.update_layout(height=220, hovermode="closest", showlegend=False)
    fig.update_xaxes(type="date")
    return fig


def loss_chart(report: ImpactReport) -> go.Figure:
    """Actual and expected orders per bucket, the normal band, outages shaded, the control.

    Examples
    --------
    >>> import claimstats as cs
    >>> [trace.name for trace in loss_chart(cs.demo_report()).data][:2]
    ['正常波动范围', '正常波动范围']
    """
    loc = Locale(report.lang, report.tz)
    table = report.loss.bucket_table()
    x = _local(table["bucket"], loc)
    band = loc.text("legend_band")
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=x, y=table["high"], mode="lines", line={"width": 0}, name=band, showlegend=False
        )
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=table["low"],
            mode="lines",
            line={"width": 0},
            fill="tonexty",
            fillcolor="rgba(192,80,77,0.12)",
            name=band,
        )
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=table["expected"],
            mode="lines",
            line={"color": _EXPECTED, "dash": "dash"},
            name=loc.text("legend_expected"),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=table["actual"],
            mode="lines",
            line={"color": _AFFECTED},
            name=loc.text("legend_actual"),
        )
    )
    if report.control and table["control"].notna().any():
        fig.add_trace(
            go.Scatter(
                x=x,
                y=table["control"],
                mode="lines",
                line={"color": _CONTROL, "width": 1},
                name=loc.text("legend_control", control=escape(report.control)),
            )
        )
    _shade_outages(fig, report, loc)
    step = pd.Timedelta(report.loss.freq)
    step_text = (
        loc.text("step_hour")
        if step == pd.Timedelta("1h")
        else loc.text("step_slot", minutes=int(step.total_seconds() // 60))
    )
    title = loc.text("chart_loss", channel=report.channel or report.service, step=step_text)
    return _layout(fig, loc, report, title, loc.text("axis_orders"))


def cumulative_chart(report: ImpactReport) -> go.Figure:
    """Net lost orders accumulating over the outage and recovery windows.

    Examples
    --------
    >>> import claimstats as cs
    >>> report = cs.demo_report()
    >>> round(cumulative_chart(report).data[0].y[-1]) == round(report.loss.net_lost_orders)
    True
    """
    loc = Locale(report.lang, report.tz)
    table = report.loss.bucket_table()
    share = table["outage_fraction"] + table["recovery_fraction"]
    in_windows = share > 0
    step = (share * table["expected"] - table["window_actual"]).where(in_windows, 0.0)
    x = _local(table["bucket"], loc)
    fig = go.Figure(
        go.Scatter(
            x=x,
            y=np.cumsum(step.to_numpy()),
            mode="lines",
            line={"color": _AFFECTED},
            fill="tozeroy",
            name=loc.text("legend_cum_orders"),
        )
    )
    _shade_outages(fig, report, loc)
    return _layout(fig, loc, report, loc.text("chart_cumulative"), loc.text("axis_orders"))
