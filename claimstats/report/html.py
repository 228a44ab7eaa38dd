"""The self-contained HTML report: one file, plotly.js inlined once, no request out.

Rendering returns a string; writing is separate and atomic. Every string that came
from input data passes through Jinja2's autoescaping; chart ids are fixed so the same
report gives the same bytes.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import jinja2
import plotly.io as pio
from plotly.offline import get_plotlyjs

from claimstats._files import write_atomic
from claimstats.report.charts import report_figures
from claimstats.report.context import report_context
from claimstats.report.impact import ImpactReportData
from claimstats.report.publish import published

__all__ = ["chart_html", "environment", "render_html", "write_html"]

#: redrawn at the page's width when the window changes (a phone turned, a page printed);
#: no box and lasso selection, which these charts have no use for, so the toolbar is short
_PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
}
#: the chart's top margin in px: the height of plotly's toolbar, which is drawn in it
_TOOLBAR_PX = 32


@cache
def environment() -> jinja2.Environment:
    """The templates of the report pages: autoescaped, every variable required."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("claimstats.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def chart_html(figure, div_id: str) -> str:
    """The chart's title as a heading of the page, then the chart below it.

    A heading wraps on a narrow screen, where plotly's one-line title would be cut, and
    the toolbar (in the chart's top margin) cannot cover it. The title is HTML-escaped
    text already: plotly interprets tags in it (see :mod:`claimstats.report.charts`).
    """
    title = figure.layout.title.text or ""
    spec = figure.to_dict()  # a copy, already checked by plotly: not checked again
    spec["layout"].pop("title", None)
    spec["layout"].setdefault("margin", {})["t"] = _TOOLBAR_PX
    chart = pio.to_html(
        spec,
        validate=False,
        full_html=False,
        include_plotlyjs=False,
        div_id=div_id,
        config=_PLOTLY_CONFIG,
    )
    if not title:
        return chart
    return f'<h3 class="chart-title" id="{div_id}-title">{title}</h3>\n{chart}'


def render_html(report: ImpactReportData, folder: str | os.PathLike[str] | None = None) -> str:
    """The report as one HTML page, as :func:`~claimstats.report.publish.published` shows it
    (input files named relative to ``folder`` when beneath it, else by their names).

    Examples
    --------
    >>> import claimstats as cs
    >>> from claimstats.datasets import demo_report
    >>> page = render_html(demo_report())
    >>> page.startswith("<!DOCTYPE html>"), page.count('id="chart-loss"')
    (True, 1)
    """
    report = published(report, folder)
    charts = {
        name: chart_html(figure, f"chart-{name}") for name, figure in report_figures(report).items()
    }
    template = environment().get_template("report.html")
    return template.render(
        **report_context(report),
        charts={name: jinja2.utils.markupsafe.Markup(html) for name, html in charts.items()},
        plotly_js=jinja2.utils.markupsafe.Markup(get_plotlyjs()),
    )


def write_html(report: ImpactReportData, path: str | os.PathLike[str]) -> Path:
    """Render the report and write it to ``path`` atomically (UTF-8)."""
    return write_atomic(path, render_html(report, Path(path).parent))
