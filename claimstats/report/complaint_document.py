"""The wallet complaint's report a user holds: the complaint, its language, and the ways
to write it out as methods (the letter, the HTML page, the JSON, the workbook of lists).

As :class:`~claimstats.report.document.ImpactReport` does for a claim, the data
(:class:`~claimstats.report.complaint_publish.ComplaintReportData`) knows nothing of how
it is shown; :class:`ComplaintReport` binds the render functions to it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import overload

from claimstats._version import installed_version
from claimstats.models import WalletComplaint
from claimstats.report.complaint_html import render_complaint_html, write_complaint_html
from claimstats.report.complaint_publish import (
    ComplaintReportData,
    render_complaint_json,
    write_complaint_json,
)
from claimstats.report.complaint_xlsx import render_complaint_lists, write_complaint_lists
from claimstats.report.i18n import Locale
from claimstats.report.letter import complaint_letter

__all__ = ["ComplaintReport", "build_complaint_report"]


class ComplaintReport(ComplaintReportData):
    """A wallet complaint ready to send: the letter, and the report behind it.

    Build it with :func:`build_complaint_report`; write it with :meth:`to_html`,
    :meth:`to_json` and :meth:`to_xlsx`; :meth:`letter` gives the letter as text. The
    complaint is kept at full precision; every output shows it rounded for what each
    number is (:func:`~claimstats.report.complaint_publish.published_complaint`).
    """

    def letter(self, lang: str | None = None) -> str:
        """The letter as plain text in ``lang`` (the report's language by default)."""
        return complaint_letter(self.complaint, lang or self.lang)

    @overload
    def to_json(self, path: None = None, indent: int | None = 2) -> str: ...
    @overload
    def to_json(self, path: str | os.PathLike[str], indent: int | None = 2) -> Path: ...
    def to_json(self, path=None, indent=2):
        """The complaint as JSON text (:class:`~claimstats.models.WalletComplaint`, numbers
        rounded for what they are); with ``path``, written there atomically and the path
        returned. Input files are named relative to the folder of ``path`` when beneath
        it, else by their names."""
        if path is None:
            return render_complaint_json(self.complaint, indent=indent)
        return write_complaint_json(self.complaint, path, indent)

    def render_html(self) -> str:
        """The letter and the report behind it as one self-contained HTML page."""
        return render_complaint_html(self)

    def to_html(self, path: str | os.PathLike[str]) -> Path:
        """Write the HTML page to ``path`` atomically and return the path."""
        return write_complaint_html(self, path)

    def render_xlsx(self) -> bytes:
        """The lists (unpaid, refunds due, refunded) and a summary as ``.xlsx`` bytes."""
        return render_complaint_lists(self)

    def to_xlsx(self, path: str | os.PathLike[str]) -> Path:
        """Write the workbook of the lists to ``path`` atomically and return the path."""
        return write_complaint_lists(self, path)


def build_complaint_report(complaint: WalletComplaint, lang: str = "zh") -> ComplaintReport:
    """The complaint's letter and report in ``lang`` (the other language's letter is in
    it too), from :func:`claimstats.analyze_complaint`.

    Raises
    ------
    ConfigError
        ``lang`` is not ``"zh"`` or ``"en"``.

    Examples
    --------
    >>> from claimstats.datasets import demo_complaint
    >>> report = build_complaint_report(demo_complaint(), "en")
    >>> report.letter().splitlines()[0]
    'To: WeChat Pay merchant support (95017)'
    """
    Locale(lang, complaint.tz)  # a language the report has, a zone that exists
    return ComplaintReport(version=installed_version(), lang=lang, complaint=complaint)  # type: ignore[arg-type]
