"""How much the amount claimed hangs on the choices of the estimate.

:func:`loss_sensitivity` re-estimates the loss with one choice changed at a time, the
others as the claim was estimated: the method (seasonal, control when a control channel
is given, regression), the baseline length (4, 6, 8 weeks where history allows), the
recovery window (none, measured from the orders, 48 h), the bucket (15 min, 1 h), and the
margin ±10 points when one is given. Each alternative is a full estimate with the same
placebo windows and the same calibration as the claim's own, so its interval is as honest
as the claim's; the margin rows need no re-estimate (the net lost revenue times the other
margin). :func:`sensitivity_spread` says what range the amounts span and which choice
moves them most.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

import pandas as pd

from claimstats._time import bucket_size
from claimstats.estimate.loss import estimate_alternatives, with_margin
from claimstats.models import (
    METHODS,
    SENSITIVITY_CHOICES,
    EstimatorSettings,
    LossEstimate,
    SensitivityRow,
    SensitivitySpread,
)

__all__ = ["CHOICES", "loss_sensitivity", "sensitivity_spread"]

#: the choices the table changes, in the order it shows them
CHOICES = SENSITIVITY_CHOICES

_WEEKS = (4, 6, 8)
_FREQS = ("15min", "1h")
_RECOVERY_LONG = timedelta(hours=48)
_MARGIN_STEP = 0.10


def _recovery_label(value: timedelta | str) -> str:
    """``'auto'``, ``'none'`` for no window, else the duration as ``'48h'`` or ``'90min'``."""
    if value == "auto":
        return "auto"
    minutes = int(pd.Timedelta(value).total_seconds() // 60)
    if minutes == 0:
        return "none"
    return f"{minutes // 60}h" if minutes % 60 == 0 else f"{minutes}min"


def _row(choice: str, value: str, e: LossEstimate, base: bool = False) -> SensitivityRow:
    return SensitivityRow(
        choice=choice,  # type: ignore[arg-type]
        value=value,
        base=base,
        claim_amount=e.claim_amount,
        claim_amount_low=e.claim_amount_low,
        claim_amount_high=e.claim_amount_high,
        established=e.established,
    )


def _margin_rows(loss: LossEstimate) -> list[SensitivityRow]:
    """The amount claimed at the margin ±10 points (within 0-100 %): the net lost revenue
    times the margin, plus the claimed expenses; no re-estimate."""
    if loss.margin is None:
        return []
    margins = sorted(
        {
            round(min(max(loss.margin + step, 0.0), 1.0), 6)
            for step in (-_MARGIN_STEP, 0, _MARGIN_STEP)
        }
    )
    rows = []
    for margin in margins:
        base = abs(margin - loss.margin) < 1e-9
        if base:
            rows.append(_row("margin", repr(loss.margin), loss, base=True))
        else:
            rows.append(_row("margin", repr(margin), with_margin(loss, margin)))
    return rows


def loss_sensitivity(
    orders: pd.DataFrame,
    incidents: pd.DataFrame,
    loss: LossEstimate,
    settings: EstimatorSettings | Mapping[str, Any] | None = None,
) -> list[SensitivityRow]:
    """The amount claimed under each alternative choice of the estimate, changed alone.

    Parameters
    ----------
    orders, incidents
        As given to :func:`claimstats.estimate_loss`.
    loss
        The claim's estimate (its channel, control, margin and expenses are kept).
    settings
        The settings it was made with; the alternatives keep them but for the one choice
        changed, and keep the method ``auto`` chose.

    Returns
    -------
    list of SensitivityRow
        By choice (:data:`CHOICES`); in each, the value the claim used is marked ``base``
        and carries the claim's own figures. A choice that cannot run is a row saying why.

    Examples
    --------
    >>> import claimstats as cs
    >>> from claimstats.datasets import make_sample
    >>> claim = make_sample(seed=0)
    >>> inc = cs.incidents(claim.outages)
    >>> loss = cs.estimate_loss(claim.orders, inc, channel="whatsapp", margin=0.4)
    >>> rows = loss_sensitivity(claim.orders, inc, loss)
    >>> [(r.choice, r.value, r.reason) for r in rows if r.reason]
    [('method', 'control', 'no_control')]
    >>> next(r for r in rows if r.base).claim_amount == loss.claim_amount
    True
    """
    settings = EstimatorSettings.model_validate(settings or {})
    fixed = settings.model_copy(update={"method": loss.method})
    plan: list[tuple[str, str, bool, dict[str, Any] | None, str | None]] = []
    for method in METHODS:
        if method == "control" and loss.control is None:
            plan.append(("method", method, False, None, "no_control"))
        else:
            plan.append(("method", method, method == loss.method, {"method": method}, None))
    for weeks in sorted({*_WEEKS, settings.baseline_weeks}):
        short = loss.baseline_weeks < settings.baseline_weeks and weeks > loss.baseline_weeks
        reason = "short_history" if short and weeks != settings.baseline_weeks else None
        base = weeks == settings.baseline_weeks
        plan.append(("baseline_weeks", str(weeks), base, {"baseline_weeks": weeks}, reason))
    recoveries: list[timedelta | str] = [timedelta(0), "auto", _RECOVERY_LONG]
    if settings.recovery not in recoveries:
        recoveries.insert(2 if settings.recovery < _RECOVERY_LONG else 3, settings.recovery)  # type: ignore[operator]
    for recovery in recoveries:
        base = recovery == settings.recovery
        plan.append(("recovery", _recovery_label(recovery), base, {"recovery": recovery}, None))
    freqs = {bucket_size(f): f for f in _FREQS} | {bucket_size(settings.freq): settings.freq}
    for size in sorted(freqs):
        base = size == bucket_size(settings.freq)
        plan.append(("freq", freqs[size], base, {"freq": freqs[size]}, None))

    todo = [change for _, _, base, change, reason in plan if not base and reason is None]
    done = iter(
        estimate_alternatives(
            orders,
            incidents,
            loss,
            [fixed.model_copy(update=change) for change in todo],  # type: ignore[arg-type]
        )
    )
    rows = []
    for choice, value, base, _, reason in plan:
        if base:
            rows.append(_row(choice, value, loss, base=True))
        elif reason is not None:
            rows.append(SensitivityRow(choice=choice, value=value, reason=reason))  # type: ignore[arg-type]
        else:
            found = next(done)
            if isinstance(found, Exception):
                rows.append(
                    SensitivityRow(choice=choice, value=value, reason="failed", detail=str(found))  # type: ignore[arg-type]
                )
            elif choice == "baseline_weeks" and found.baseline_weeks < int(value):
                rows.append(SensitivityRow(choice=choice, value=value, reason="short_history"))  # type: ignore[arg-type]
            else:
                rows.append(_row(choice, value, found))
    return rows + _margin_rows(loss)


def sensitivity_spread(rows: Sequence[SensitivityRow]) -> SensitivitySpread | None:
    """The smallest and largest amount claimed among the rows that ran, and the choice whose
    own values span the widest range (the first in :data:`CHOICES` on a tie); None when no
    row ran.

    Examples
    --------
    >>> rows = [SensitivityRow(choice="method", value="seasonal", base=True, claim_amount=100),
    ...         SensitivityRow(choice="method", value="regression", claim_amount=130),
    ...         SensitivityRow(choice="freq", value="15min", claim_amount=90)]
    >>> sensitivity_spread(rows)
    SensitivitySpread(low=90.0, high=130.0, choice='method', choice_low=100.0, choice_high=130.0)
    """
    amounts: dict[str, list[float]] = {}
    base = [r.claim_amount for r in rows if r.base and r.claim_amount is not None]
    for r in rows:
        if r.claim_amount is not None:
            amounts.setdefault(r.choice, [*base[:1]]).append(r.claim_amount)
    if not amounts:
        return None
    every = [a for values in amounts.values() for a in values]
    choice = max(amounts, key=lambda c: (max(amounts[c]) - min(amounts[c]), -CHOICES.index(c)))
    return SensitivitySpread(
        low=min(every),
        high=max(every),
        choice=choice,  # type: ignore[arg-type]
        choice_low=min(amounts[choice]),
        choice_high=max(amounts[choice]),
    )
