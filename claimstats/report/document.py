"""The impact report a user holds: its data, and the ways to write it out as methods.

As great_tables binds its render functions to the public ``GT`` class, the report's
data (:class:`~claimstats.report.impact.ImpactReportData`) knows nothing of how it is
shown; :class:`ImpactReport` adds the render functions of :mod:`claimstats.report` as
methods, so a user writes ``report.to_html("impact.html")``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import overload

from claimstats.errors import ConfigError
from claimstats.report.html import render_html, write_html
from claimstats.report.impact import ImpactReportData
from claimstats.report.publish import render_json, write_json
from claimstats.report.statement import statement_text

__all__ = ["ImpactReport"]


class ImpactReport(ImpactReportData):
    """Everything the impact report shows, serialisable to JSON.

    Build it with :func:`claimstats.build_report`; write it with :meth:`to_html` and
    :meth:`to_json`. Its numbers are at full precision; every output shows them rounded
    for what they are (:func:`claimstats.report.publish.published`).
    """

    def statement(self, lang: str | None = None) -> str:
        """The claim statement as plain text in ``lang`` (the report's language by default)."""
        chosen = lang or self.lang
        if chosen not in self.statements:
            msg = f"lang={chosen!r} is not available; pass one of {sorted(self.statements)}"
            raise ConfigError(msg)
        return statement_text(self.statements[chosen])

    @overload
    def to_json(self, path: None = None, indent: int | None = 2) -> str: ...
    @overload
    def to_json(self, path: str | os.PathLike[str], indent: int | None = 2) -> Path: ...
    def to_json(self, path=None, indent=2):
        """The report as JSON text (UTF-8, Chinese kept readable), numbers rounded for what
        they are; with ``path``, written there atomically and the path returned.

        Input files are named relative to the folder of ``path`` when beneath it, else
        (and without ``path``) by their names.
        """
        return render_json(self, indent=indent) if path is None else write_json(self, path, indent)

    def render_html(self) -> str:
        """The report as one self-contained HTML page (a string)."""
        return render_html(self)

    def to_html(self, path: str | os.PathLike[str]) -> Path:
        """Write the HTML report to ``path`` atomically and return the path."""
        return write_html(self, path)
