"""The direct loss from interruptions: gross shortfall, catch-up, net loss, money.

:func:`estimate_loss` goes through named steps:

1. :func:`_series` puts the affected channel's orders on a grid and the outage and
   recovery windows over it, each bucket with its covered share;
2. :func:`_fit` learns the seasonal profile and level from normal history, lays the
   pattern of windows over normal days (the placebo windows), asks each method of
   :mod:`claimstats.estimate.methods` for its prediction there, and keeps the one asked
   for, or, with ``auto``, the one with the smallest error on the placebos;
3. :func:`_observe` counts the orders and money really taken in the windows, and what an
   order is worth in each bucket (:mod:`claimstats.estimate.money`);
4. :func:`loss_figures` gives, in orders and in money alike, the shortfall in the outage
   windows, the catch-up in the recovery windows and the net loss, each with its
   interval from the same estimator on the placebo windows
   (:mod:`claimstats.estimate.calibration`).

The batch over many merchants (:func:`claimstats.engines.estimate_loss_batch`) takes the
same :func:`placebo_calibration` and :func:`loss_figures`, one merchant a row.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from claimstats._time import bucket_size, inside_intervals
from claimstats.errors import ConfigError, DataError
from claimstats.estimate.calibration import (
    Calibration,
    independent_windows,
    min_placebos,
    placebo_shifts,
)
from claimstats.estimate.candidates import (
    LEVEL_DAYS,
    Control,
    Layout,
    control_series,
    predictions,
    seasonal_fit,
)
from claimstats.estimate.methods import Prediction, choose
from claimstats.estimate.money import check_expenses, currency_of, order_values
from claimstats.estimate.seasonal import level_at, unusual_days
from claimstats.models import (
    EstimatorSettings,
    ExpenseItem,
    LossBucket,
    LossEstimate,
    Note,
    Window,
)
from claimstats.series import bucket_orders, window_coverage

__all__ = [
    "MEASURES",
    "check_loss_inputs",
    "estimate_loss",
    "loss_figures",
    "placebo_calibration",
    "weighted_sum",
]

#: what a loss is measured in: orders, and money (``revenue`` in the names of the figures)
MEASURES = ("orders", "revenue")

_DISPLAY_BEFORE = pd.Timedelta("3D")


def check_loss_inputs(incidents: pd.DataFrame, margin: float | None) -> None:
    """Refuse a margin outside 0-1 and an empty set of incidents, saying what to pass.

    Examples
    --------
    >>> check_loss_inputs(pd.DataFrame({"start": [1]}), margin=35)
    Traceback (most recent call last):
    ...
    claimstats.errors.ConfigError: margin=35 must be a share between 0 and 1, e.g. 0.35 for 35%
    """
    if margin is not None and not 0 <= margin <= 1:
        msg = f"margin={margin} must be a share between 0 and 1, e.g. 0.35 for 35%"
        raise ConfigError(msg)
    if incidents.empty:
        msg = "there are no incidents to estimate a loss for; check the outages and as_of"
        raise ConfigError(msg)


def placebo_calibration(
    expected: np.ndarray,
    actual: np.ndarray,
    share: np.ndarray,
    spread: np.ndarray,
    placebos: tuple[np.ndarray, np.ndarray],
    keep: np.ndarray,
    unit: np.ndarray,
) -> Calibration:
    """The calibration of windows weighted by ``share``, from each placebo's buckets.

    Parameters
    ----------
    expected, actual
        Expected and actual orders (or money) in each bucket of each placebo window of
        each series, ``(series, placebos, buckets)``.
    share
        Each bucket's weight: its share inside an outage, a recovery window, or both.
    spread
        Each bucket's spread of its count, ``(series, buckets)``: how much it weighs in
        the overlap of two placebos (:func:`~claimstats.estimate.calibration.independent_windows`).
    placebos
        First bucket of each placebo window, and each bucket's offset from the first.
    keep
        Which placebo windows each series uses, ``(series, placebos)``.
    unit
        Worth of one order in each series (1 for counts of orders).

    Returns
    -------
    Calibration
        Errors scaled by the spread of a count of orders.
    """
    starts, offsets = placebos
    used = share > 0
    effective = independent_windows(starts, offsets[used], spread[:, used], keep)
    return Calibration.of_windows(
        weighted_sum(expected, share), weighted_sum(actual, share), unit, effective, keep
    )


def loss_figures(
    measure: str,
    expected: tuple[np.ndarray, np.ndarray],
    actual: tuple[np.ndarray, np.ndarray],
    calibrations: tuple[Calibration, Calibration, Calibration],
    confidence: float,
) -> dict[str, np.ndarray]:
    """The gross shortfall, the catch-up and the net loss, with their intervals.

    Parameters
    ----------
    measure
        ``"orders"`` or ``"revenue"`` (:data:`MEASURES`): what the figures count.
    expected, actual
        Expected and actual orders (or money) in the outage windows and in the recovery
        windows, one per series.
    calibrations
        The placebo calibration of the outage windows, of the recovery windows, and of
        both together.
    confidence
        Level of the intervals.

    Returns
    -------
    dict
        The figures by their names in :class:`~claimstats.models.LossEstimate`
        (``expected_orders``, ``lost_orders_low``, ``net_lost_revenue_high``, ...), one
        value per series.

    Notes
    -----
    The catch-up is the surplus over expectation after service returned, never below 0;
    its interval comes from the recovery part alone (a surplus as it is, with fewer than
    two placebos). When the catch-up is clearly above zero, the placebo errors of outage
    and recovery windows together bound the net loss; when it may be nothing, the net
    loss is the gross shortfall less a catch-up between nothing and something: from the
    lower of the two lower bounds to the gross upper bound.
    """
    (expected_w, expected_r), (actual_w, actual_r) = expected, actual
    gross, catch_up, both = calibrations
    lost = expected_w - actual_w
    lost_low, lost_high = gross.interval(expected_w, actual_w, confidence)
    recovered = np.maximum(actual_r - expected_r, 0.0)
    short_low, short_high = catch_up.interval(expected_r, actual_r, confidence)
    few = catch_up.count < 2
    recovered_low = np.where(few, recovered, np.maximum(-short_high, 0.0))
    recovered_high = np.where(few, recovered, np.maximum(-short_low, 0.0))
    net_low, net_high = both.interval(expected_w + expected_r, actual_w + actual_r, confidence)
    sure = recovered_low > 0
    m = measure
    return {
        f"expected_{m}": expected_w,
        f"actual_{m}": actual_w,
        f"lost_{m}": lost,
        f"lost_{m}_low": lost_low,
        f"lost_{m}_high": lost_high,
        f"recovered_{m}": recovered,
        f"recovered_{m}_low": recovered_low,
        f"recovered_{m}_high": recovered_high,
        f"net_lost_{m}": lost - recovered,
        f"net_lost_{m}_low": np.where(sure, net_low, np.minimum(net_low, lost_low)),
        f"net_lost_{m}_high": np.where(sure, net_high, lost_high),
    }


def weighted_sum(values: np.ndarray, share: np.ndarray) -> np.ndarray:
    """``values @ share`` over the last axis, summed in the same order whatever the number
    of rows (unlike BLAS), so a series' numbers do not depend on the others beside it.

    Examples
    --------
    >>> weighted_sum(np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([1.0, 0.5])).tolist()
    [2.0, 5.0]
    """
    return np.einsum("...p,p->...", values, share)


@dataclass(frozen=True)
class _Series:
    """The affected channel on the grid, and the windows over it."""

    grid: pd.DatetimeIndex
    step: pd.Timedelta
    orders: np.ndarray
    revenue: np.ndarray
    windows: pd.DataFrame
    recovery_windows: pd.DataFrame
    outage_share: np.ndarray
    recovery_share: np.ndarray


_WEEK = pd.Timedelta("7D")

#: days of normal orders the baseline needs before the first outage: each hour's usual
#: orders come from 2 earlier weeks, and their level from at least half of the
#: :data:`LEVEL_DAYS` days before the outage (which need 2 weeks before them in turn)
MIN_HISTORY_DAYS = 14 + LEVEL_DAYS // 2


def _days(span: pd.Timedelta) -> str:
    """A span in days, to one decimal."""
    return f"{span / pd.Timedelta('1D'):.1f}"


def _select(orders: pd.DataFrame, channel: str | None, control: str | None) -> pd.DataFrame:
    channels = sorted(orders["channel"].unique())
    for name, argument in ((channel, "channel"), (control, "control")):
        if name is not None and name not in channels:
            msg = f"{argument}={name!r} is not in the orders; their channels are {channels}"
            raise ConfigError(msg)
    if channel is not None and channel == control:
        msg = f"channel and control are both {channel!r}; the control must be another channel"
        raise ConfigError(msg)
    if channel is not None:
        return orders.loc[orders["channel"] == channel]
    return orders.loc[orders["channel"] != control] if control is not None else orders


def _series(
    orders: pd.DataFrame,
    affected: pd.DataFrame,
    incidents: pd.DataFrame,
    settings: EstimatorSettings,
) -> _Series:
    """The affected channel's completed orders per bucket, and each bucket's share in the
    outage and the recovery windows (recovery windows cut at the end of the data)."""
    windows = incidents[["start", "end"]].sort_values("start").reset_index(drop=True)
    data_start, data_end = orders["timestamp"].min(), orders["timestamp"].max()
    if windows["end"].max() > data_end:
        msg = (
            f"the orders end at {data_end}, before the last outage ends at "
            f"{windows['end'].max()}; export orders up to at least the end of the outage"
        )
        raise DataError(msg, source="orders")
    freq = settings.freq
    series = bucket_orders(affected, freq=freq, by=None, start=data_start.floor("D"), end=data_end)
    grid = pd.DatetimeIndex(series["bucket"])
    recovery = pd.DataFrame(
        {"start": windows["end"], "end": (windows["end"] + settings.recovery).clip(upper=data_end)}
    )
    outage_share = window_coverage(grid, freq, windows)
    return _Series(
        grid=grid,
        step=bucket_size(freq),
        orders=series["orders"].to_numpy(float),
        revenue=series["revenue"].to_numpy(float),
        windows=windows,
        recovery_windows=recovery,
        outage_share=outage_share,
        recovery_share=np.minimum(window_coverage(grid, freq, recovery), 1 - outage_share),
    )


@dataclass(frozen=True)
class _Fit:
    """The chosen prediction on the real pattern and its placebos, and the full expectation."""

    layout: Layout
    chosen: Prediction
    errors: dict[str, float]
    expected: np.ndarray
    usable: np.ndarray
    control: Control | None


def _fit(
    orders: pd.DataFrame,
    s: _Series,
    control: str | None,
    settings: EstimatorSettings,
) -> _Fit:
    """The seasonal fit, the placebo windows, every method's prediction, and the chosen one."""
    excluded = (s.outage_share > 0) | (s.recovery_share > 0)
    pattern = np.flatnonzero(excluded)
    per_day = int(pd.Timedelta("1D") / s.step)
    screened = excluded | unusual_days(s.orders, excluded, per_day)
    layout = Layout(
        s.grid, s.step, s.orders, excluded, screened, pattern,
        np.zeros((0, len(pattern)), dtype=np.int64), s.outage_share[pattern],
        s.recovery_share[pattern], settings.baseline_weeks,
    )  # fmt: skip
    profile, level = seasonal_fit(s.orders, layout)
    if not np.isfinite(level) or not np.isfinite(profile[pattern]).all():
        start = s.windows["start"].iloc[0]
        msg = (
            f"not enough order history before the outage starting {start}: the orders begin "
            f"{_days(start - s.grid[0])} days before it, and the baseline needs at least "
            f"{MIN_HISTORY_DAYS} days of normal orders before it (each hour's usual orders "
            "from 2 earlier weeks, their level from the days before the outage; outage "
            "windows and unusual days do not count); 6 weeks or more is better: export a "
            "longer period"
        )
        raise DataError(msg, source="orders")
    # Placebo windows: the same pattern over normal days, the same estimators.
    usable = np.isfinite(profile)
    shifts = placebo_shifts(
        pattern, excluded, usable, per_day, settings.max_placebos, settings.seed
    )
    span = LEVEL_DAYS * per_day
    levels = level_at(s.orders, profile, excluded, layout.first + shifts, span, per_day)
    keep = np.isfinite(levels)
    layout = replace(layout, positions=pattern[None, :] + shifts[keep][:, None])
    line = None if control is None else control_series(orders, control, settings.freq, layout)
    candidates, layout = predictions(layout, profile, level, levels[keep], line, settings.method)
    if settings.method == "auto":
        chosen, errors = choose(candidates, s.orders[layout.positions], layout.outage_share)
    else:
        chosen, errors = candidates[0], {}
    expected = level * profile
    expected[pattern] = chosen.real
    return _Fit(layout, chosen, errors, expected, usable, line)


@dataclass(frozen=True)
class _Observed:
    """Orders and money really taken in the windows, and what an order is worth."""

    window_orders: tuple[np.ndarray, np.ndarray]
    window_money: tuple[np.ndarray, np.ndarray]
    average_value: float
    value: np.ndarray
    baseline_start: pd.Timestamp
    notes: list[Note]


def _per_bucket(orders: pd.DataFrame, mask: np.ndarray, grid: pd.DatetimeIndex, step) -> tuple:
    """Completed orders and revenue selected by ``mask``, summed per bucket of ``grid``."""
    chosen = mask & (orders["status"] == "completed").to_numpy()
    at = (orders["timestamp"].to_numpy("datetime64[us]")[chosen] - grid[0].to_datetime64()) // step
    where = at.astype(np.int64)
    amounts = orders["amount"].to_numpy(float)[chosen]
    size = len(grid)
    return (
        np.bincount(where, minlength=size).astype(float),
        np.bincount(where, weights=amounts, minlength=size),
    )


def _observe(affected: pd.DataFrame, s: _Series, fit: _Fit, weeks: int) -> _Observed:
    """Exact orders inside the windows per bucket, and the order values of the baseline."""
    stamps = affected["timestamp"]
    in_outage = inside_intervals(stamps, s.windows["start"], s.windows["end"])
    recovery = s.recovery_windows
    in_recovery = ~in_outage & inside_intervals(stamps, recovery["start"], recovery["end"])
    outage_orders, outage_money = _per_bucket(affected, in_outage, s.grid, s.step)
    recovery_orders, recovery_money = _per_bucket(affected, in_recovery, s.grid, s.step)
    first = fit.layout.first
    baseline_start = s.grid[first] - weeks * _WEEK
    completed = affected.loc[affected["status"] == "completed"]
    at = completed["timestamp"]
    in_baseline = (at >= baseline_start) & (at < s.grid[first])
    average_value, value, notes = order_values(
        completed.loc[in_baseline, "timestamp"], completed.loc[in_baseline, "amount"],
        s.grid, s.step, fit.expected, s.outage_share,
    )  # fmt: skip
    return _Observed(
        (outage_orders, recovery_orders),
        (outage_money, recovery_money),
        average_value,
        value,
        baseline_start,
        notes,
    )


def _figures(
    s: _Series, fit: _Fit, seen: _Observed, confidence: float
) -> tuple[dict[str, float], Calibration]:
    """Every figure of the loss in orders and in money, and the calibration of the orders
    lost in the outage windows (which gives the p-value)."""
    layout = fit.layout
    pattern, positions = layout.pattern, layout.positions
    real, placebo = fit.chosen.real, fit.chosen.placebo
    shares = (layout.outage_share, layout.recovery_share)
    both = shares[0] + shares[1]
    placebos = (layout.starts, pattern - pattern[0])
    keep = np.ones((1, len(positions)), dtype=bool)
    average = float(np.mean(seen.value)) if len(seen.value) else 0.0
    figures: dict[str, float] = {}
    gross_orders: Calibration | None = None
    for measure in MEASURES:
        money = measure == "revenue"
        worth = seen.value[pattern] if money else np.ones(len(pattern))
        placebo_worth = seen.value[positions] if money else 1.0
        taken = seen.window_money if money else seen.window_orders
        history = s.revenue if money else s.orders
        # Each bucket weighs in the overlap of two placebos as the spread of its count.
        spread = np.sqrt(np.maximum(real, 0)) * worth
        unit = np.array([average if money and average > 0 else 1.0])
        calibrations = tuple(
            placebo_calibration(
                (placebo * placebo_worth)[None],
                history[positions][None],
                share,
                (share * spread)[None],
                placebos,
                keep,
                unit,
            )
            for share in (*shares, both)
        )
        values = loss_figures(
            measure,
            tuple(np.array([real * worth @ share]) for share in shares),
            tuple(np.array([sums.sum()]) for sums in taken),
            calibrations,
            confidence,
        )
        figures |= {name: float(value[0]) for name, value in values.items()}
        gross_orders = gross_orders or calibrations[0]
    return figures, gross_orders


def estimate_loss(
    orders: pd.DataFrame,
    incidents: pd.DataFrame,
    channel: str | None = None,
    control: str | None = None,
    margin: float | None = None,
    expenses: Sequence[ExpenseItem | Mapping[str, object]] = (),
    settings: EstimatorSettings | Mapping[str, Any] | None = None,
) -> LossEstimate:
    """Estimate the direct loss caused by the incidents, with interval and p-value.

    Parameters
    ----------
    orders
        Canonical orders (:func:`claimstats.read_orders`); only ``completed`` count.
    incidents
        Merged incidents (:func:`claimstats.incidents`): the outage windows.
    channel
        The affected channel; ``None`` takes every channel but ``control``.
    control
        An unaffected channel shown beside the affected one as a check of causality.
    margin
        Contribution margin (0-1) turning lost revenue into lost profit.
    expenses
        Documented costs: :class:`~claimstats.models.ExpenseItem` or dicts with
        ``amount``, ``description``, ``evidence`` and ``claimed`` (False for an indirect
        loss, which is listed but never added to the claim), in ``currency``.
    settings
        How the orders are predicted and the interval calibrated
        (:class:`claimstats.EstimatorSettings`, or a dict of its fields): the method
        (``"seasonal"``: same hour of the week in previous weeks, level-adjusted;
        ``"control"``: the seasonal prediction corrected by how ``control`` did against
        its own expectation in the same windows; ``"regression"``: least squares on
        calendar terms, a trend and the control's orders, fitted on the weeks before each
        window; ``"auto"``: the one with the smallest error on the placebo windows), the
        bucket size, the recovery window, the confidence, the seed, the baseline weeks
        and the most placebo windows.

    Returns
    -------
    LossEstimate

    Examples
    --------
    >>> import claimstats as cs
    >>> from claimstats.datasets import make_sample
    >>> claim = make_sample(seed=0)
    >>> inc = cs.incidents(claim.outages)
    >>> est = cs.estimate_loss(claim.orders, inc, channel="whatsapp", control="website")
    >>> est.method in ("seasonal", "control", "regression"), est.currency, est.lost_orders > 100, est.p_value < 0.05
    (True, 'CNY', True, True)
    >>> cs.estimate_loss(claim.orders, inc, channel="whatsapp", settings={"method": "seasonal",
    ...                  "recovery": "12h"}).recovery
    datetime.timedelta(seconds=43200)
    """
    settings = EstimatorSettings.model_validate(settings or {})
    check_loss_inputs(incidents, margin)
    if settings.method == "control" and control is None:
        msg = "method='control' needs control= an unaffected channel, e.g. control='website'"
        raise ConfigError(msg)
    items = check_expenses(expenses)
    affected = _select(orders, channel, control)
    currency = currency_of(affected)
    s = _series(orders, affected, incidents, settings)
    fit = _fit(orders, s, control, settings)
    # the weeks the baseline could use: those asked for, or fewer when the orders begin later
    weeks = min(settings.baseline_weeks, (s.grid[fit.layout.first] - s.grid[0]) // _WEEK)
    seen = _observe(affected, s, fit, weeks)
    figures, gross = _figures(s, fit, seen, settings.confidence)
    notes = _calibration_notes(gross, settings.confidence, s) + seen.notes
    surplus = sum(seen.window_orders[1]) - float(fit.chosen.real @ fit.layout.recovery_share)
    notes += _recovery_notes(surplus, s, settings)
    claimed = float(sum(item.amount for item in items if item.claimed))
    net = [figures[f"net_lost_revenue{bound}"] for bound in ("", "_low", "_high")]
    profit = [None] * 3 if margin is None else [value * margin for value in net]
    basis = net if margin is None else profit
    expected = figures["expected_orders"]
    return LossEstimate(
        channel=channel,
        control=control,
        method=fit.chosen.name,
        backtest_errors=fit.errors,
        currency=currency,
        freq=settings.freq,
        confidence=settings.confidence,
        seed=settings.seed,
        windows=_windows(s.windows),
        recovery=settings.recovery,
        recovery_windows=_windows(s.recovery_windows),
        baseline_start=seen.baseline_start,
        baseline_end=s.grid[fit.layout.first],
        baseline_weeks=weeks,
        placebo_windows=int(gross.count[0]),
        average_order_value=seen.average_value,
        **figures,
        margin=margin,
        lost_profit=profit[0],
        lost_profit_low=profit[1],
        lost_profit_high=profit[2],
        expenses=items,
        claimed_expenses=claimed,
        claim_amount=basis[0] + claimed,
        claim_amount_low=basis[1] + claimed,
        claim_amount_high=basis[2] + claimed,
        p_value=float(gross.p_value(expected, figures["actual_orders"], settings.confidence)[0]),
        **_control_figures(fit.control, s.outage_share),
        placebo_shortfalls=(gross.errors[0] * gross.scale(expected)[0]).tolist(),
        notes=notes,
        buckets=_buckets(s, fit, seen, settings.confidence),
    )


def _windows(frame: pd.DataFrame) -> list[Window]:
    return [Window(start=s, end=e) for s, e in zip(frame["start"], frame["end"], strict=True)]


def _control_figures(line: Control | None, outage_share: np.ndarray) -> dict[str, float | None]:
    """The control channel's expected and actual orders in the outage windows."""
    if line is None:
        return {"control_expected_orders": None, "control_actual_orders": None}
    buckets = np.flatnonzero(outage_share)
    share = outage_share[buckets]
    expected = float(share @ line.expected[buckets])
    return {
        "control_expected_orders": expected if np.isfinite(expected) else None,
        "control_actual_orders": float(share @ line.orders[buckets]),
    }


def _band(values, expected, usable, confidence) -> tuple[np.ndarray, np.ndarray]:
    """Normal variation of single buckets, from scaled residuals in clean history."""
    scale = np.sqrt(np.maximum(expected, 0.5))
    residuals = ((values - expected) / scale)[usable]
    alpha = (1 - confidence) / 2
    q_lo, q_hi = np.quantile(residuals, [alpha, 1 - alpha]) if len(residuals) else (-2.0, 2.0)
    return np.maximum(expected + q_lo * scale, 0.0), expected + q_hi * scale


def _buckets(s: _Series, fit: _Fit, seen: _Observed, confidence: float) -> list[LossBucket]:
    """The buckets the report draws: from three days before the first outage's day."""
    expected = fit.expected
    clean = ~fit.layout.screened & fit.usable
    low, high = _band(s.orders, expected, clean, confidence)
    shown = s.grid >= s.windows["start"].min().floor("D") - _DISPLAY_BEFORE
    in_windows = seen.window_orders[0] + seen.window_orders[1]
    control = fit.control
    return [
        LossBucket(
            bucket=s.grid[i],
            expected=float(expected[i]),
            actual=float(s.orders[i]),
            window_actual=float(in_windows[i]),
            low=float(low[i]),
            high=float(high[i]),
            outage_fraction=float(s.outage_share[i]),
            recovery_fraction=float(s.recovery_share[i]),
            expected_revenue=float(expected[i] * seen.value[i]),
            actual_revenue=float(s.revenue[i]),
            control=None if control is None else float(control.orders[i]),
        )
        for i in np.flatnonzero(shown & np.isfinite(expected))
    ]


def _calibration_notes(calibration: Calibration, confidence: float, s: _Series) -> list[Note]:
    """Refuse an uncalibrated interval, saying how much history it needs; note a t interval
    when placebos are few or overlap."""
    count = int(calibration.count[0])
    if count < 2:
        start = s.windows["start"].min()
        span = s.recovery_windows["end"].max() - start
        # two copies of the shape, whole days apart, each after MIN_HISTORY_DAYS of orders
        needed = MIN_HISTORY_DAYS + math.ceil(span / pd.Timedelta("1D")) + 1
        msg = (
            f"only {count} normal-history window(s) of the outage's shape were found; the "
            "interval needs 2 or more. Each is the outage's windows and recovery windows "
            f"({_days(span)} days from the first start) laid over normal days before the "
            f"outage, with {MIN_HISTORY_DAYS} days of orders before it: export at least "
            f"{needed} days of orders before the outage starting {start} (the orders begin "
            f"{_days(start - s.grid[0])} days before it; 8 weeks or more is better)"
        )
        raise DataError(msg, source="orders")
    minimum = min_placebos(confidence)
    if calibration.ranked(confidence)[0]:
        return []
    if count < minimum:
        return [Note(code="few_placebos", values={"count": count, "minimum": minimum})]
    independent = round(float(calibration.effective[0]), 1)
    values = {"count": count, "independent": independent, "minimum": minimum}
    return [Note(code="overlapping_placebos", values=values)]


def _recovery_notes(surplus: float, s: _Series, settings: EstimatorSettings) -> list[Note]:
    """Notes on a shortfall that lingers after service returned, and cut recovery windows."""
    notes = []
    if surplus < 0:
        notes.append(Note(code="lingering_shortfall", values={"orders": -surplus}))
    if s.recovery_windows["end"].max() < s.windows["end"].max() + settings.recovery:
        notes.append(Note(code="recovery_truncated"))
    return notes
