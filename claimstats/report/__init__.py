"""The impact report: charts, bilingual claim statement, self-contained HTML, JSON."""

from claimstats.report.build import build_report, demo_report
from claimstats.report.expenses import read_expenses
from claimstats.report.html import render_html, write_html

__all__ = ["build_report", "demo_report", "read_expenses", "render_html", "write_html"]
