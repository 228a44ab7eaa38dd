"""The impact report: an analysed claim worded in Chinese and English, charts, the
self-contained HTML page, JSON and the Excel loss schedule; and the wallet complaint's
letter with the report behind it (HTML, JSON and the workbook of its lists)."""

from claimstats.report.build import Presentation, build_report
from claimstats.report.complaint_document import ComplaintReport, build_complaint_report
from claimstats.report.document import ImpactReport
from claimstats.report.html import render_html, write_html
from claimstats.report.impact import ClaimStatement, ImpactReportData
from claimstats.report.json_schema import (
    impact_report_schema,
    render_impact_report_schema,
    write_impact_report_schema,
)
from claimstats.report.letter import complaint_letter
from claimstats.report.publish import published, render_json, write_json
from claimstats.report.xlsx import render_loss_schedule, write_loss_schedule

__all__ = [
    "ClaimStatement",
    "ComplaintReport",
    "ImpactReport",
    "ImpactReportData",
    "Presentation",
    "build_complaint_report",
    "build_report",
    "complaint_letter",
    "impact_report_schema",
    "published",
    "render_html",
    "render_impact_report_schema",
    "render_json",
    "render_loss_schedule",
    "write_html",
    "write_impact_report_schema",
    "write_json",
    "write_loss_schedule",
]
