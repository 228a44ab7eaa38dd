"""The report's method section: what the method did and why, every figure explained.

Like :mod:`claimstats.report.context`, of which it is a part, it turns the loss
estimate into text in the report's language; the template only places it.
"""

from __future__ import annotations

import pandas as pd
from pandas.tseries.frequencies import to_offset

from claimstats.estimate.calibration import min_placebos
from claimstats.models import LossEstimate, SensitivityRow
from claimstats.report.i18n import METHOD_TEXTS, Locale, method_key
from claimstats.report.impact import ImpactReportData

__all__ = [
    "method_section",
    "method_why",
    "recovery_phrase",
    "sensitivity_section",
    "sensitivity_value",
    "spread_sentence",
]


def _step(loc: Locale, freq: str) -> str:
    minutes = int(pd.Timedelta(to_offset(freq)).total_seconds() // 60)
    return loc.text("step_hour") if minutes == 60 else loc.text("step_slot", minutes=minutes)


def _method_name(loc: Locale, method: str) -> str:
    if method in METHOD_TEXTS:
        return loc.text(f"method_name_{method}")
    return loc.text("method_name_other", method=method)


def _description(loc: Locale, e: LossEstimate) -> list[str]:
    """What the method did, on which history, how it was calibrated, how money follows."""
    key = method_key(e.method, e.control)
    paragraphs = [
        loc.text(
            f"method_{key}",
            step=_step(loc, e.freq),
            weeks=e.baseline_weeks,
            control=e.control or "—",
            method=e.method,
        ),
        loc.text(
            "method_period",
            start=loc.moment(e.baseline_start),
            end=loc.moment(e.baseline_end),
            weeks=e.baseline_weeks,
        ),
        loc.text(
            "method_calibration", count=e.placebo_windows, confidence=loc.percent(e.confidence)
        ),
        loc.text(
            "method_money_by_hour" if _by_hour(e) else "method_money",
            aov=loc.money(e.average_order_value, e.currency),
        ),
        _catch_up(loc, e),
        loc.text("method_margin", margin=loc.percent(e.margin))
        if e.margin is not None
        else loc.text("method_no_margin"),
    ]
    if e.control and e.control_expected_orders and e.control_actual_orders is not None:
        ratio = e.control_actual_orders / e.control_expected_orders
        paragraphs.append(
            loc.text(
                "control_normal" if ratio >= 0.8 else "control_low",
                control=e.control,
                actual=loc.number(e.control_actual_orders),
                expected=loc.number(e.control_expected_orders),
                ratio=loc.percent(ratio),
            )
        )
    return paragraphs


def recovery_phrase(loc: Locale, e: LossEstimate) -> str:
    """Where the catch-up was counted: the recovery windows measured, or the one set.

    Examples
    --------
    >>> from claimstats.datasets import demo_report
    >>> e = demo_report().loss
    >>> recovery_phrase(Locale("en", "Asia/Shanghai"), e)[:60]
    'the time after service returned while orders stayed above ex'
    """
    if not e.recovery_estimated:
        return loc.text("recovery_set", recovery=loc.duration(e.recovery))
    ends = {w.start: w for w in e.recovery_windows}
    kept = [
        loc.text("recovery_after", number=number, length=loc.duration(ends[w.end].end - w.end))
        for number, w in enumerate(e.windows, 1)
        if w.end in ends
    ]
    if not kept:
        return loc.text("recovery_measured_none", longest=loc.duration(e.recovery))
    windows = loc.text("evidence_separator").join(kept)
    return loc.text("recovery_measured", longest=loc.duration(e.recovery), windows=windows)


def _catch_up(loc: Locale, e: LossEstimate) -> str:
    """How the catch-up was measured, and how much of the surplus was kept."""
    key = "method_catch_up_measured" if e.recovery_estimated else "method_catch_up_set"
    return loc.text(
        key,
        recovery=loc.duration(e.recovery),
        where=recovery_phrase(loc, e),
        surplus=loc.number(e.recovery_surplus, 1),
        share=loc.percent(e.recovery_kept_share),
        recovered=loc.number(e.recovered_orders, 1),
    )


def method_why(loc: Locale, e: LossEstimate) -> str:
    """Why this method: how ``auto`` chooses, and what it found here (or that it was set).

    Examples
    --------
    >>> from claimstats.datasets import demo_report
    >>> why = method_why(Locale("zh", "Asia/Shanghai"), demo_report().loss)
    >>> "回测" in why and "本次为自动选择" in why
    True
    """
    name = _method_name(loc, e.method)
    if e.method not in e.backtest_errors:  # set by the analyst
        return loc.sentences([loc.text("method_choice"), loc.text("method_asked", name=name)])
    error = lambda method: loc.percent(e.backtest_errors[method], 2)  # noqa: E731
    others = [
        loc.text("method_other_error", name=_method_name(loc, method), error=error(method))
        for method in e.backtest_errors
        if method != e.method
    ]
    fields = {"count": loc.number(e.placebo_windows), "name": name, "error": error(e.method)}
    found = (
        loc.text("method_chosen", others=loc.join(others), **fields)
        if others
        else loc.text("method_chosen_alone", **fields)
    )
    return loc.sentences([loc.text("method_choice"), found])


def _by_hour(e: LossEstimate) -> bool:
    """True when expected revenue uses each hour of the day's own average order value."""
    return any(note.code == "order_value_by_hour" for note in e.notes)


#: figures whose label is not ``fig_<key>``
_FIGURE_LABELS = {"aov": "aov", "expected_revenue_by_hour": "fig_expected_revenue"}


def _p_meaning(loc: Locale, e: LossEstimate) -> str:
    alpha = 1 - e.confidence
    alpha_text = loc.number(alpha, 2 if abs(round(alpha, 2) - alpha) < 1e-9 else 3)
    overlap = any(note.code == "overlapping_placebos" for note in e.notes)
    if overlap or e.placebo_windows < min_placebos(e.confidence):
        return loc.text("def_p_value_t", count=e.placebo_windows, alpha=alpha_text)
    floor = loc.number(1 / (e.placebo_windows + 1), 3)
    return loc.text("def_p_value", count=e.placebo_windows, floor=floor, alpha=alpha_text)


def _figures(loc: Locale, e: LossEstimate) -> list[dict[str, str]]:
    """Every figure of the estimate with its value, its interval and one sentence on it.

    Each row is (key, value, interval, fields): the label is ``fig_<key>`` (``aov`` has
    its own), the sentence ``def_<key>`` filled with ``fields``.
    """
    money = lambda v: loc.money(v, e.currency)  # noqa: E731
    orders = lambda v: loc.number(v, 1)  # noqa: E731
    conf = loc.percent(e.confidence)

    def span(low: float, high: float, show=money) -> str:
        return loc.text("interval", confidence=conf, low=show(low), high=show(high))

    by_hour = _by_hour(e)
    rows: list[tuple[str, str, str, dict[str, object]]] = [
        ("expected_orders", orders(e.expected_orders), "",
         {"method": _method_name(loc, e.method)}),
        ("actual_orders", orders(e.actual_orders), "", {}),
        ("lost_orders", orders(e.lost_orders),
         span(e.lost_orders_low, e.lost_orders_high, orders), {"confidence": conf}),
        ("recovered_orders", orders(e.recovered_orders),
         span(e.recovered_orders_low, e.recovered_orders_high, orders),
         {"recovery": recovery_phrase(loc, e)}),
        ("net_lost_orders", orders(e.net_lost_orders),
         span(e.net_lost_orders_low, e.net_lost_orders_high, orders), {}),
        ("aov", money(e.average_order_value), "", {}),
        ("expected_revenue_by_hour" if by_hour else "expected_revenue", money(e.expected_revenue),
         "", {} if by_hour else {"aov": money(e.average_order_value)}),
        ("actual_revenue", money(e.actual_revenue), "", {}),
        ("lost_revenue", money(e.lost_revenue),
         span(e.lost_revenue_low, e.lost_revenue_high), {"confidence": conf}),
        ("recovered_revenue", money(e.recovered_revenue),
         span(e.recovered_revenue_low, e.recovered_revenue_high), {}),
        ("net_lost_revenue", money(e.net_lost_revenue),
         span(e.net_lost_revenue_low, e.net_lost_revenue_high), {"confidence": conf}),
    ]  # fmt: skip
    if e.margin is not None and e.lost_profit is not None:
        rows.append(
            ("lost_profit", money(e.lost_profit), span(e.lost_profit_low, e.lost_profit_high),
             {"margin": loc.percent(e.margin)})
        )  # fmt: skip
    basis = loc.text("claim_on_profit" if e.lost_profit is not None else "claim_on_revenue")
    rows += [
        ("claimed_expenses", money(e.claimed_expenses), "",
         {"count": sum(1 for item in e.expenses if item.claimed)}),
        ("claim_amount", money(e.claim_amount), span(e.claim_amount_low, e.claim_amount_high),
         {"basis": basis, "confidence": conf}),
        ("p_value", loc.p_value(e.p_value), "", {}),
        ("placebo_windows", loc.number(e.placebo_windows), "", {}),
    ]  # fmt: skip
    table = [
        {
            "figure": loc.text(_FIGURE_LABELS.get(key, f"fig_{key}")),
            "value": value,
            "range": interval,
            "meaning": _p_meaning(loc, e) if key == "p_value" else loc.text(f"def_{key}", **fields),
        }
        for key, value, interval, fields in rows
    ]
    if e.control and e.control_expected_orders is not None and e.control_actual_orders is not None:
        table += [
            {
                "figure": loc.text(f"fig_control_{part}", control=e.control),
                "value": orders(value),
                "range": "",
                "meaning": loc.text(f"def_control_{part}"),
            }
            for part, value in (
                ("expected", e.control_expected_orders),
                ("actual", e.control_actual_orders),
            )
        ]
    return table


def sensitivity_value(loc: Locale, row: SensitivityRow) -> str:
    """What a sensitivity row set its choice to, in words of ``loc``'s language.

    Parameters
    ----------
    loc
        The report's language and time zone.
    row
        One row of the sensitivity table.

    Returns
    -------
    str
        The method's name, the baseline's weeks, the recovery window or bucket as a
        duration, or the margin as a percentage.

    Examples
    --------
    >>> row = SensitivityRow(choice="baseline_weeks", value="4")
    >>> sensitivity_value(Locale("en", "UTC"), row), sensitivity_value(Locale("zh", "UTC"), row)
    ('4 weeks', '4 周')
    """
    if row.choice == "method":
        return _method_name(loc, row.value)
    if row.choice == "baseline_weeks":
        return loc.text("sens_weeks", count=int(row.value))
    if row.choice == "recovery":
        if row.value in ("none", "auto"):
            return loc.text(f"sens_recovery_{row.value}")
        return loc.duration(pd.Timedelta(row.value))
    if row.choice == "freq":
        return loc.duration(pd.Timedelta(to_offset(row.value)))
    return loc.percent(float(row.value))


def spread_sentence(report: ImpactReportData, loc: Locale) -> str:
    """The range the amounts claimed span and the choice that moves them most, in words:
    the numbers of :attr:`~claimstats.report.impact.ImpactReportData.sensitivity_spread`,
    the one the JSON writes (from the report as
    :func:`~claimstats.report.publish.published` shows it).

    Parameters
    ----------
    report
        The report, as published (its rows rounded as every output shows them).
    loc
        The report's language and time zone.

    Returns
    -------
    str
        One sentence; that no alternative could run when no row ran.

    Examples
    --------
    >>> from claimstats.datasets import demo_report
    >>> from claimstats.report.publish import published
    >>> report = published(demo_report(lang="en"))
    >>> spread_sentence(report, Locale("en", report.tz)).split("; ")[0].split(", ")[-1]
    'the amount claimed spans CN¥11,922.39 to CN¥24,508.16'
    """
    spread = report.sensitivity_spread
    if spread is None:
        return loc.text("sens_spread_none")
    money = lambda v: loc.money(v, report.loss.currency)  # noqa: E731
    return loc.text(
        "sens_spread",
        count=sum(1 for row in report.sensitivity if row.claim_amount is not None and not row.base),
        low=money(spread.low),
        high=money(spread.high),
        choice=loc.text(f"sens_about_{spread.choice}"),
        choice_low=money(spread.choice_low),
        choice_high=money(spread.choice_high),
    )


def sensitivity_section(report: ImpactReportData, loc: Locale) -> dict[str, object] | None:
    """The sensitivity table: the amount claimed under each alternative choice, its range
    and the choice that moves it most; None when the analysis has no sensitivity rows.

    Examples
    --------
    >>> from claimstats.datasets import demo_report
    >>> report = demo_report(lang="en")
    >>> section = sensitivity_section(report, Locale("en", report.tz))
    >>> section["spread"].split(";")[1]
    ' the prediction method moves it most (from CN¥15,896.52 to CN¥24,508.16).'
    """
    rows = report.sensitivity
    if not rows:
        return None
    e = report.loss
    money = lambda v: loc.money(v, e.currency)  # noqa: E731
    conf = loc.percent(e.confidence)
    table = []
    for row in rows:
        ran = row.claim_amount is not None
        table.append(
            {
                "choice": loc.text(f"sens_choice_{row.choice}"),
                "value": sensitivity_value(loc, row),
                "base": row.base,
                "note": loc.text("sens_base") if row.base else "",
                "amount": money(row.claim_amount) if ran else "—",
                "range": loc.text(
                    "interval", confidence=conf,
                    low=money(row.claim_amount_low), high=money(row.claim_amount_high),
                ) if ran else loc.text(f"sens_reason_{row.reason}"),
                "established": loc.text("answer_yes" if row.established else "answer_no")
                if ran else "—",
            }
        )  # fmt: skip
    return {
        "heading": loc.text("sens_heading"),
        "caption": loc.text("sens_caption", confidence=conf),
        "spread": spread_sentence(report, loc),
        "rows": table,
        "labels": {
            key: loc.text(f"sens_col_{key}") for key in ("choice", "value", "amount", "established")
        },
    }


def method_section(report: ImpactReportData, loc: Locale) -> dict[str, object]:
    """The method section: what was done and why, every figure explained, notes, limits.

    Examples
    --------
    >>> import claimstats as cs
    >>> from claimstats.datasets import demo_report
    >>> report = demo_report(lang="en")
    >>> section = method_section(report, Locale("en", report.tz))
    >>> section["heading"].startswith("Method used: "), len(section["limits"])
    (True, 2)
    """
    e = report.loss
    key = method_key(e.method, e.control)
    limit = "regression" if key.startswith("regression") else key
    return {
        "heading": loc.text("method_heading", name=_method_name(loc, e.method)),
        "paragraphs": _description(loc, e),
        "why": method_why(loc, e),
        "figures": _figures(loc, e),
        "notes": [loc.note(note, e.currency) for note in e.notes],
        "limits": [loc.text(f"limit_{limit}"), loc.text("limit_direct")],
        "sensitivity": sensitivity_section(report, loc),
    }
