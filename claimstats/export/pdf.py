"""The impact report as a PDF: the HTML report printed by a headless Chromium.

The page is printed with the report's print style (A4, charts at the page width, no
row or chart cut across pages) by a browser that cannot reach the network (see
:mod:`claimstats.export.browser`). The charts are drawn by plotly.js before printing:
the browser runs the page's scripts for up to ``budget`` of virtual time first. The
browser window is as wide as the printed page, so plotly draws each chart at the
width it is printed at.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from claimstats.errors import ConfigError
from claimstats.export.browser import BrowserError, find_browser, run_browser

__all__ = ["PAGE_WIDTH_PX", "write_pdf"]

#: A4 less the left and right margins of report.css's ``@page`` (12 mm each), in CSS px
PAGE_WIDTH_PX = round((210 - 2 * 12) / 25.4 * 96)
#: the left and right padding of ``main`` on screen in report.css, in CSS px
_SCREEN_PADDING_PX = 2 * 28


def _target(pdf_path: str | os.PathLike[str]) -> Path:
    target = Path(pdf_path)
    if not target.parent.is_dir():
        msg = f"cannot write {target}: the folder {target.parent} does not exist; create it first"
        raise ConfigError(msg)
    return target


def write_pdf(
    html_path: str | os.PathLike[str],
    pdf_path: str | os.PathLike[str],
    browser: str | os.PathLike[str] | None = None,
    *,
    timeout: float = 120.0,
    budget: float = 10.0,
) -> Path:
    """Print the HTML report at ``html_path`` to a PDF at ``pdf_path``, atomically.

    Parameters
    ----------
    html_path
        The report as written by :meth:`claimstats.ImpactReport.to_html`.
    pdf_path
        Where to write the PDF; its folder must exist. The PDF is printed to a
        temporary file in that folder and renamed, so a reader never sees half a file.
    browser
        Path or command of a Chromium-based browser; ``chromium``,
        ``chromium-browser`` and ``google-chrome`` are looked for on ``PATH`` by default.
    timeout
        Seconds the browser may take in all.
    budget
        Seconds of virtual time the page's scripts get to draw the charts.

    Returns
    -------
    Path
        ``pdf_path``.

    Raises
    ------
    ConfigError
        No browser, no HTML file, or no folder to write into.
    BrowserError
        The browser failed, ran out of time, or printed no PDF.

    Examples
    --------
    A report is printed as ``write_pdf(report.to_html("report.html"), "report.pdf")``;
    here a small page, which prints in a second (``tests/test_export_pdf.py`` prints the report):

    >>> import tempfile
    >>> from claimstats.export.browser import find_browser
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     page = Path(folder, "page.html")
    ...     _ = page.write_text("<h1>索赔 claim</h1>", encoding="utf-8")
    ...     if find_browser() is not None:
    ...         assert write_pdf(page, Path(folder, "page.pdf")).read_bytes()[:4] == b"%PDF"
    """
    source = Path(html_path)
    if not source.is_file():
        msg = f"cannot print {source}: no such file; write the report first (report.to_html(path))"
        raise ConfigError(msg)
    target = _target(pdf_path)
    executable = find_browser(browser)
    if executable is None:
        msg = (
            "printing the report to PDF needs Chromium or Chrome and none was found; install "
            "it (apt-get install chromium, brew install --cask chromium) or pass browser="
        )
        raise ConfigError(msg)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    os.close(handle)
    try:
        run_browser(
            executable,
            f"--print-to-pdf={temporary}",
            "--no-pdf-header-footer",
            f"--virtual-time-budget={round(budget * 1000)}",
            f"--window-size={PAGE_WIDTH_PX + _SCREEN_PADDING_PX},1200",
            "--hide-scrollbars",
            source.resolve().as_uri(),
            timeout=timeout,
        )
        with open(temporary, "rb") as printed:
            if printed.read(5) != b"%PDF-":
                msg = f"the browser {executable} printed no PDF of {source}; is it Chromium 112 or later?"
                raise BrowserError(msg)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
