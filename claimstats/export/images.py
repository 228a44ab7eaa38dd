"""The report's charts as image files (PNG, SVG, ...), for a claim form or a slide.

The figures are those of the HTML report (:mod:`claimstats.report.charts`), drawn by
Kaleido (``pip install 'claimstats[images]'``) in a Chromium-based browser that is
already installed: Debian's ``chromium``, or the one given as ``browser=``. Nothing is
downloaded and nothing is fetched: plotly.js comes from the plotly package and MathJax
is off, so a ``$`` in a service name stays a ``$``. One browser draws every chart.

File names are fixed (``chart-loss.png``); PNG bytes depend only on the report and the
browser, and the ids plotly draws at random into an SVG are replaced by the chart's
name, so an SVG is the same bytes each time too.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from claimstats._files import write_atomic
from claimstats.errors import ConfigError
from claimstats.export.browser import BrowserError, find_browser
from claimstats.report.charts import report_figures
from claimstats.report.impact import ImpactReportData
from claimstats.report.publish import published

__all__ = ["IMAGE_FORMATS", "export_charts", "render_charts"]

#: the formats Kaleido draws
IMAGE_FORMATS = ("png", "svg", "pdf", "jpeg", "webp")
_RASTER = {"png", "jpeg", "webp"}


def _kaleido() -> Any:
    try:
        import kaleido
    except ImportError as exc:
        msg = (
            "exporting chart images needs Kaleido; pip install 'claimstats[images]' "
            "(and a Chromium-based browser: apt-get install chromium)"
        )
        raise ConfigError(msg) from exc
    return kaleido


def _browser(browser: str | os.PathLike[str] | None) -> str:
    path = find_browser(browser)
    if path is None:
        msg = (
            "exporting chart images needs Chromium or Chrome and none was found; install "
            "it (apt-get install chromium, brew install --cask chromium) or pass browser="
        )
        raise ConfigError(msg)
    return path


def _fixed_ids(name: str, figure: go.Figure) -> dict[str, Any]:
    """The chart as a figure dict whose traces have fixed ids (plotly draws random ones)."""
    drawn = figure.to_dict()
    for number, trace in enumerate(drawn["data"]):
        trace["uid"] = f"{name}{number}"
    return drawn


def _fixed_svg(svg: bytes, name: str) -> bytes:
    """The SVG with plotly's random plot id replaced by the chart's name.

    Plotly names the SVG's definitions, clip paths and legend with one random id
    (``defs-0ae845``, ``clip0ae845xyplot``, ``url(#legend0ae845)``).
    """
    text = svg.decode("utf-8")
    found = re.search(r'id="defs-([0-9a-z]+)"', text)
    if found is None:
        return svg
    uid = re.escape(found.group(1))
    pattern = rf'(id="|url\(#)(defs-|topdefs-|clip|legend){uid}'
    return re.sub(pattern, rf"\g<1>\g<2>{name}", text).encode("utf-8")


#: what Kaleido says when it asks its page before the page's script has loaded
_NOT_READY = "kaleido_scopes is not defined"


async def _draw(
    kaleido: Any, jobs: list[tuple[str, str, dict[str, Any]]], browser: str, options: dict
) -> list[bytes]:
    page = kaleido.PageGenerator(mathjax=False)
    async with kaleido.Kaleido(path=browser, page_generator=page, timeout=options["timeout"]) as k:
        images = []
        for _name, fmt, figure in jobs:
            opts = {
                "format": fmt,
                "width": options["width"],
                "height": figure["layout"].get("height") or 400,
                "scale": options["scale"] if fmt in _RASTER else 1,
            }
            images.append(await k.calc_fig(figure, opts=opts))
        return images


def render_charts(
    report: ImpactReportData,
    formats: Sequence[str] = ("png", "svg"),
    *,
    width: int = 1000,
    scale: float = 2.0,
    browser: str | os.PathLike[str] | None = None,
    timeout: float = 60.0,
) -> dict[str, bytes]:
    """The report's charts as image bytes, by file name, drawn in one headless browser.

    Parameters
    ----------
    report
        The impact report.
    formats
        Image formats, of :data:`IMAGE_FORMATS`.
    width
        Width of each chart in CSS pixels; the height is the chart's own.
    scale
        Pixels per CSS pixel in raster formats (2 is sharp in print).
    browser
        Path or command of a Chromium-based browser; found on ``PATH`` by default.
    timeout
        Seconds allowed for each chart.

    Returns
    -------
    dict
        ``{"chart-timeline.png": b"...", ...}``, charts in report order, then formats.

    Raises
    ------
    ConfigError
        When a format is unknown, or Kaleido or the browser is missing.
    BrowserError
        When the browser fails or runs out of time.

    Examples
    --------
    >>> import claimstats as cs
    >>> from claimstats.datasets import demo_report
    >>> render_charts(demo_report(), ["gif"])
    Traceback (most recent call last):
    ...
    claimstats.errors.ConfigError: formats=['gif']: give one or more of ['png', 'svg', 'pdf', 'jpeg', 'webp']
    """
    unknown = sorted(set(formats) - set(IMAGE_FORMATS))
    if unknown or not formats:
        msg = f"formats={list(formats)!r}: give one or more of {list(IMAGE_FORMATS)}"
        raise ConfigError(msg)
    kaleido = _kaleido()
    path = _browser(browser)
    chosen = list(dict.fromkeys(formats))
    figures = {
        name: _fixed_ids(name, fig) for name, fig in report_figures(published(report)).items()
    }
    jobs = [(name, fmt, figure) for name, figure in figures.items() for fmt in chosen]
    options = {"width": width, "scale": scale, "timeout": timeout}
    # a thread of its own: works inside a running event loop (Jupyter) as well
    with ThreadPoolExecutor(max_workers=1) as pool:
        for attempt in (1, 2):
            try:
                images = pool.submit(asyncio.run, _draw(kaleido, jobs, path, options)).result()
                break
            except Exception as exc:  # Kaleido and choreographer raise many kinds
                # On a busy machine Kaleido may ask its page before the page's script has
                # loaded ("kaleido_scopes is not defined"): a fresh browser draws it.
                if attempt == 1 and _NOT_READY in str(exc):
                    continue
                msg = f"the browser {path} could not draw the charts ({type(exc).__name__}: {exc})"
                raise BrowserError(msg) from exc
    return {
        f"chart-{name}.{fmt}": _fixed_svg(image, name) if fmt == "svg" else image
        for (name, fmt, _), image in zip(jobs, images, strict=True)
    }


def export_charts(
    report: ImpactReportData,
    folder: str | os.PathLike[str],
    formats: Sequence[str] = ("png", "svg"),
    **options: Any,
) -> list[Path]:
    """Write the report's charts into ``folder`` (made if missing) and return their paths.

    Each file is written atomically; ``options`` are those of :func:`render_charts`
    (``width``, ``scale``, ``browser``, ``timeout``).

    Examples
    --------
    Not run as a doctest, since it starts Chromium for several seconds;
    ``tests/test_export_images.py`` draws every chart in every format.

    >>> import claimstats as cs
    >>> from claimstats.datasets import demo_report
    >>> paths = export_charts(demo_report(), "charts", ["svg"])  # doctest: +SKIP
    >>> [p.name for p in paths]  # doctest: +SKIP
    ['chart-timeline.svg', 'chart-loss.svg', 'chart-control.svg', 'chart-placebo.svg', 'chart-cumulative.svg']
    """
    images = render_charts(report, formats, **options)
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    return [write_atomic(target / name, data) for name, data in images.items()]
