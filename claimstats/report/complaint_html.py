"""The wallet complaint as one self-contained HTML page: the letter first, to print or
copy, then the figures behind it, the charts, the notes, the evidence and the path.

As the impact report's page (:mod:`claimstats.report.html`): plotly.js inlined once, no
request out, fixed chart ids, every string from the input escaped by Jinja2, and the
same complaint giving the same bytes.
"""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
from plotly.offline import get_plotlyjs

from claimstats._files import write_atomic
from claimstats.models import WalletComplaint
from claimstats.report.complaint_charts import complaint_figures, step_label
from claimstats.report.complaint_publish import (
    ComplaintReportData,
    amount_steps,
    published_complaint,
)
from claimstats.report.html import chart_html, environment
from claimstats.report.i18n import LANGS, Locale
from claimstats.report.letter import compose_letter, payment_table, provider_name
from claimstats.units import Unit, round_as

__all__ = ["complaint_context", "render_complaint_html", "write_complaint_html"]

_LABELS = (
    "cr_letter", "cr_letter_hint", "cr_figures", "figure", "value", "cr_amounts", "item",
    "amount", "cr_refunds", "cr_refunded_list", "notes", "evidence", "file", "kind",
    "format", "size", "rows", "span", "cr_path", "cr_step", "cr_body", "cr_contact",
)  # fmt: skip


def _figures(c: WalletComplaint, loc: Locale) -> list[dict[str, str]]:
    p = c.payments
    interval = loc.text(
        "interval",
        confidence=loc.percent(p.confidence),
        low=loc.number(p.excess_failures_low, 1),
        high=loc.number(p.excess_failures_high, 1),
    )

    def failed_of(attempts: int, failures: int, rate: float) -> str:
        return loc.text(
            "cr_failed_of",
            attempts=loc.number(attempts),
            failures=loc.number(failures),
            rate=loc.percent(rate, 2),
        )

    rows = [
        (
            "cr_in_window",
            failed_of(p.attempts_in_window, p.failures_in_window, p.failure_rate_in_window),
            "",
        ),
        (
            "cr_outside",
            failed_of(p.attempts_outside, p.failures_outside, p.failure_rate_outside),
            "",
        ),
        ("cr_expected", loc.number(p.expected_failures_in_window, 1), ""),
        ("cr_excess", loc.number(p.excess_failures, 1), interval),
        (
            "cr_retry_window",
            loc.text(
                "cr_retry_measured" if p.retry_window_measured else "cr_retry_set",
                duration=loc.duration(p.retry_window),
            ),
            "",
        ),
        (
            "cr_repeated",
            loc.text(
                "cr_count_amount",
                count=loc.number(p.repeated_attempts),
                amount=loc.money(p.repeated_amount, p.currency),
            ),
            "",
        ),
    ]
    return [{"label": loc.text(key), "value": value, "range": extra} for key, value, extra in rows]


def _amounts(c: WalletComplaint, loc: Locale) -> list[dict[str, object]]:
    p = c.payments
    interval = loc.text(
        "interval",
        confidence=loc.percent(p.confidence),
        low=loc.money(p.unrecovered_amount_low, p.currency),
        high=loc.money(p.unrecovered_amount_high, p.currency),
    )
    return [
        {
            "label": loc.text(f"cr_step_{step.key}"),
            "value": step_label(step, loc, p.currency),
            "range": interval if step.key == "unrecovered" else "",
            "key": step.key == "unrecovered",
        }
        for step in amount_steps(p)
    ]


def _refunds(c: WalletComplaint, loc: Locale) -> list[dict[str, str]]:
    p = c.payments

    def count_amount(records: list, amount: float) -> str:
        if not p.funds_deducted_known:
            return loc.text("cr_unknown")
        return loc.text(
            "cr_count_amount", count=loc.number(len(records)), amount=loc.money(amount, p.currency)
        )

    in_full = round_as(sum(r.amount for r in p.refunded), Unit.MONEY, p.currency)
    rows = [
        {"label": loc.text("cr_refunded"), "value": count_amount(p.refunded, in_full)},
        {
            "label": loc.text("cr_refund_due"),
            "value": count_amount(p.refund_due, p.refund_due_amount),
        },
    ]
    if p.funds_deducted_known and p.already_refunded_amount != in_full:
        given = loc.money(p.already_refunded_amount, p.currency)
        rows.insert(1, {"label": loc.text("cr_refunded_total"), "value": given})
    return rows


def _evidence(c: WalletComplaint, loc: Locale) -> list[dict[str, str]]:
    return [loc.file_row(f, loc.text(f"cl_kind_{f.kind}")) for f in c.evidence]


def _path(c: WalletComplaint, loc: Locale) -> list[dict[str, str]]:
    return [
        {
            "step": loc.text(f"cr_path_{body.step}"),
            "body": body.name_zh if loc.lang == "zh" else body.name_en,
            "contact": body.contact or "—",
        }
        for body in c.escalation
    ]


def complaint_context(
    report: ComplaintReportData, folder: str | os.PathLike[str] | None = None
) -> dict[str, object]:
    """The template's variables: labels, the letters, rows and paragraphs, all as text.

    Examples
    --------
    >>> from claimstats.datasets import demo_complaint
    >>> from claimstats.report import build_complaint_report
    >>> context = complaint_context(build_complaint_report(demo_complaint(), "en"))
    >>> context["title"], [row["label"] for row in context["amounts"]][-1]
    ('Wallet payment failure complaint', 'Not received because of the outage')
    """
    return _context(report, published_complaint(report.complaint, folder))


def _context(report: ComplaintReportData, c: WalletComplaint) -> dict[str, object]:
    """:func:`complaint_context` of the complaint ``c`` as it is published."""
    loc = Locale(report.lang, c.tz)
    p = c.payments
    other = next(lang for lang in LANGS if lang != report.lang)
    provider = provider_name(c.provider, loc.lang)
    windows = [f"{loc.moment(w.start)} – {loc.moment(w.end)}" for w in p.windows]
    header = [
        (loc.text("cr_merchant"), c.context.merchant.name),
        (loc.text("cr_merchant_id"), c.context.merchant.merchant_id),
        (loc.text("cr_provider"), provider),
        (loc.text("cr_windows"), loc.join(windows) or "—"),
        (loc.text("as_of"), loc.moment(c.as_of)),
        (loc.text("privacy"), loc.text("privacy_masked" if c.masked else "privacy_not_masked")),
    ]
    p_text = loc.p_value(p.p_value)
    significant = p.p_value < 1 - p.confidence
    chance = loc.text("cr_chance_no" if significant else "cr_chance_maybe", p=p_text)
    funds_unknown = (
        "" if p.funds_deducted_known else loc.text("cr_funds_unknown", provider=provider)
    )
    return {
        "html_lang": "zh-CN" if loc.lang == "zh" else "en",
        "title": loc.text("cr_title"),
        "subtitle": loc.text("cr_subtitle", merchant=c.context.merchant.name, provider=provider),
        "header": header,
        "letter": compose_letter.__wrapped__(c, loc.lang),  # type: ignore[attr-defined]
        "other_letter": compose_letter.__wrapped__(c, other),  # type: ignore[attr-defined]
        "other_letter_heading": loc.text("cr_letter_in", language=loc.text(f"cr_lang_{other}")),
        "figures": _figures(c, loc),
        "chance": f"{loc.text('cr_chance')} {chance}",
        "amounts": _amounts(c, loc),
        "refunds": _refunds(c, loc),
        "funds_unknown": funds_unknown,
        "refunded": payment_table(loc, p.refunded, p.currency, True) if p.refunded else None,
        "notes": [loc.note(note, p.currency) for note in p.notes],
        "evidence": _evidence(c, loc),
        "path": _path(c, loc),
        "labels": {key: loc.text(key) for key in _LABELS},
        "footer": loc.text("footer", version=report.version),
    }


def render_complaint_html(
    report: ComplaintReportData, folder: str | os.PathLike[str] | None = None
) -> str:
    """The complaint and its report as one HTML page (input files named relative to
    ``folder`` when beneath it, else by their names).

    Examples
    --------
    >>> from claimstats.datasets import demo_complaint
    >>> from claimstats.report import build_complaint_report
    >>> page = render_complaint_html(build_complaint_report(demo_complaint()))
    >>> page.startswith("<!DOCTYPE html>"), page.count('id="chart-waterfall"')
    (True, 1)
    """
    c = published_complaint(report.complaint, folder)  # once for the page, its letters and charts
    figures = complaint_figures.__wrapped__(c, report.lang)  # type: ignore[attr-defined]
    charts = {
        name: jinja2.utils.markupsafe.Markup(chart_html(figure, f"chart-{name}"))
        for name, figure in figures.items()
    }
    template = environment().get_template("complaint.html")
    return template.render(
        **_context(report, c),
        charts=charts,
        plotly_js=jinja2.utils.markupsafe.Markup(get_plotlyjs()),
    )


def write_complaint_html(report: ComplaintReportData, path: str | os.PathLike[str]) -> Path:
    """Render the complaint's page and write it to ``path`` atomically (UTF-8)."""
    return write_atomic(path, render_complaint_html(report, Path(path).parent))
