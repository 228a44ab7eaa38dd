"""The impact report: charts, bilingual claim statement, self-contained HTML, JSON."""

from claimstats.report.build import build_report, demo_report
from claimstats.report.expenses import read_expenses
from claimstats.report.html import render_html, write_html
from claimstats.report.json_schema import (
    impact_report_schema,
    render_impact_report_schema,
    write_impact_report_schema,
)

__all__ = [
    "build_report",
    "demo_report",
    "impact_report_schema",
    "read_expenses",
    "render_html",
    "render_impact_report_schema",
    "write_html",
    "write_impact_report_schema",
]
