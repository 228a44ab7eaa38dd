"""The direct loss from interruptions: gross shortfall, catch-up, net loss, money.

For the affected channel the orders inside the outage windows are compared with a
counterfactual (:mod:`claimstats.estimate.methods`, chosen by its error on placebo
windows), buckets only partly inside a window weighted by the covered share; the surplus
in the recovery windows after service returned is netted as catch-up. Intervals and the
p-value come from the same estimator on placebo windows in normal history
(:mod:`claimstats.estimate.calibration`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from claimstats._time import duration, inside_intervals
from claimstats.errors import ConfigError, DataError
from claimstats.estimate.calibration import (
    Calibration,
    independent_windows,
    min_placebos,
    placebo_shifts,
)
from claimstats.estimate.candidates import (
    LEVEL_DAYS,
    Layout,
    control_series,
    predictions,
    seasonal_fit,
)
from claimstats.estimate.methods import METHODS, Prediction, choose
from claimstats.estimate.money import check_expenses, currency_of, order_values
from claimstats.estimate.seasonal import level_at, unusual_days
from claimstats.models import ExpenseItem, LossBucket, LossEstimate, Note, Window
from claimstats.series import _offset, bucket_orders, window_coverage

__all__ = ["estimate_loss"]

_DISPLAY_BEFORE = pd.Timedelta("3D")


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


def _per_bucket(orders: pd.DataFrame, mask: np.ndarray, grid: pd.DatetimeIndex, step) -> tuple:
    """Completed orders and revenue selected by ``mask``, summed per bucket of ``grid``."""
    chosen = orders.loc[mask & (orders["status"] == "completed").to_numpy()]
    buckets = chosen["timestamp"].dt.floor(step)
    counts = buckets.value_counts().reindex(grid, fill_value=0).to_numpy(float)
    money = chosen.groupby(buckets)["amount"].sum().reindex(grid, fill_value=0.0).to_numpy(float)
    return counts, money


def _band(values, expected, usable, confidence) -> tuple[np.ndarray, np.ndarray]:
    """Normal variation of single buckets, from scaled residuals in clean history."""
    scale = np.sqrt(np.maximum(expected, 0.5))
    residuals = ((values - expected) / scale)[usable]
    alpha = (1 - confidence) / 2
    q_lo, q_hi = np.quantile(residuals, [alpha, 1 - alpha]) if len(residuals) else (-2.0, 2.0)
    return np.maximum(expected + q_lo * scale, 0.0), expected + q_hi * scale


def estimate_loss(
    orders: pd.DataFrame,
    incidents: pd.DataFrame,
    channel: str | None = None,
    control: str | None = None,
    margin: float | None = None,
    recovery: object = "24h",
    confidence: float = 0.95,
    seed: int = 0,
    freq: str = "1h",
    baseline_weeks: int = 6,
    max_placebos: int = 500,
    method: str = "auto",
    expenses: Sequence[ExpenseItem | Mapping[str, object]] = (),
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
    recovery
        Length of the catch-up window after each incident ends.
    confidence
        Level of the intervals.
    seed
        Seed for drawing placebo windows when there are more than ``max_placebos``.
    freq
        Bucket size of the series ('1h' or '15min').
    baseline_weeks
        Previous weeks the seasonal baseline looks at.
    max_placebos
        Most placebo windows used for calibration.
    method
        ``"seasonal"`` (same hour of the week in previous weeks, level-adjusted),
        ``"control"`` (the seasonal prediction corrected by how ``control`` did against
        its own expectation in the same windows), ``"regression"`` (least squares on
        calendar terms, a trend and the control's orders, fitted on the weeks before
        each window), or ``"auto"``: the one with the smallest error on the placebo
        windows (:mod:`claimstats.estimate.methods`).
    expenses
        Documented costs: :class:`~claimstats.models.ExpenseItem` or dicts with
        ``amount``, ``description``, ``evidence`` and ``claimed`` (False for an indirect
        loss, which is listed but never added to the claim), in ``currency``.

    Returns
    -------
    LossEstimate

    Examples
    --------
    >>> import claimstats as cs
    >>> claim = cs.sample.make_sample(seed=0)
    >>> inc = cs.incidents(claim.outages)
    >>> est = cs.estimate_loss(claim.orders, inc, channel="whatsapp", control="website")
    >>> est.method in ("seasonal", "control", "regression"), est.currency, est.lost_orders > 100, est.p_value < 0.05
    (True, 'CNY', True, True)
    """
    _check_settings(confidence, margin, incidents, method, control)
    recovery_delta = duration(recovery, "recovery")
    items = check_expenses(expenses)
    step = _offset(freq)
    affected = _select(orders, channel, control)
    currency = currency_of(affected)
    windows = incidents[["start", "end"]].sort_values("start").reset_index(drop=True)
    data_start, data_end = orders["timestamp"].min(), orders["timestamp"].max()
    if windows["end"].max() > data_end:
        msg = (
            f"the orders end at {data_end}, before the last outage ends at "
            f"{windows['end'].max()}; export orders up to at least the end of the outage"
        )
        raise DataError(msg, source="orders")
    series = bucket_orders(affected, freq=freq, by=None, start=data_start.floor("D"), end=data_end)
    grid = pd.DatetimeIndex(series["bucket"])
    values = series["orders"].to_numpy(float)
    revenue = series["revenue"].to_numpy(float)
    recovery_frame = pd.DataFrame(
        {"start": windows["end"], "end": (windows["end"] + recovery_delta).clip(upper=data_end)}
    )
    outage_share = window_coverage(grid, freq, windows)
    recovery_share = np.minimum(window_coverage(grid, freq, recovery_frame), 1 - outage_share)
    excluded = (outage_share > 0) | (recovery_share > 0)
    pattern = np.flatnonzero(excluded)
    per_day = int(pd.Timedelta("1D") / step)
    screened = excluded | unusual_days(values, excluded, per_day)
    layout = Layout(
        grid, step, values, excluded, screened, pattern,
        np.zeros((0, len(pattern)), dtype=np.int64), outage_share[pattern],
        recovery_share[pattern], baseline_weeks,
    )  # fmt: skip
    profile, level = seasonal_fit(values, layout)
    if not np.isfinite(level) or not np.isfinite(profile[pattern]).all():
        msg = (
            f"not enough order history before the outage starting {windows['start'].iloc[0]}: "
            "the baseline needs at least 2 weeks of orders before it (6 or more is better); "
            "export a longer period"
        )
        raise DataError(msg, source="orders")

    # Placebo windows: the same pattern over normal days, the same estimators.
    usable = np.isfinite(profile)
    first = layout.first
    shifts = placebo_shifts(pattern, excluded, usable, per_day, max_placebos, seed)
    levels = level_at(values, profile, excluded, first + shifts, LEVEL_DAYS * per_day, per_day)
    keep = np.isfinite(levels)
    positions = pattern[None, :] + shifts[keep][:, None]
    layout = replace(layout, positions=positions)
    control_line = None if control is None else control_series(orders, control, freq, layout)
    candidates, layout = predictions(layout, profile, level, levels[keep], control_line, method)
    w_share, r_share, positions = layout.outage_share, layout.recovery_share, layout.positions
    if method == "auto":
        chosen, choice = choose(candidates, values[positions], w_share)
    else:
        chosen, choice = candidates[0], f"{method} as asked"
    expected = level * profile
    expected[pattern] = chosen.real

    # Observed: exact orders inside the windows; expected weighted by bucket coverage.
    stamps = affected["timestamp"]
    in_outage = inside_intervals(stamps, windows["start"], windows["end"])
    in_recovery = ~in_outage & inside_intervals(
        stamps, recovery_frame["start"], recovery_frame["end"]
    )
    actual_w, actual_w_rev = _per_bucket(affected, in_outage, grid, step)
    actual_r, actual_r_rev = _per_bucket(affected, in_recovery, grid, step)
    baseline_start = max(grid[0], grid[first] - baseline_weeks * pd.Timedelta("7D"))
    completed = affected.loc[affected["status"] == "completed"]
    completed_at = completed["timestamp"]
    in_baseline = (completed_at >= baseline_start) & (completed_at < grid[first])
    average_value, value, value_notes = order_values(
        completed.loc[in_baseline, "timestamp"], completed.loc[in_baseline, "amount"],
        grid, step, expected, outage_share,
    )  # fmt: skip
    sums = _Sums(chosen, layout, value, values, revenue)
    act_w, act_r = float(actual_w.sum()), float(actual_r.sum())
    act_w_rev, act_r_rev = float(actual_w_rev.sum()), float(actual_r_rev.sum())
    exp_w, exp_r = sums.expected(w_share), sums.expected(r_share)
    exp_w_rev, exp_r_rev = sums.expected(w_share, money=True), sums.expected(r_share, money=True)
    gross_cal, gross_rev_cal = sums.calibration(w_share), sums.calibration(w_share, money=True)
    both = w_share + r_share
    net_cal, net_rev_cal = sums.calibration(both), sums.calibration(both, money=True)
    catch_cal, catch_rev_cal = sums.calibration(r_share), sums.calibration(r_share, money=True)
    notes = _calibration_notes(gross_cal, confidence) + value_notes

    lost = exp_w - act_w
    lost_rev = exp_w_rev - act_w_rev
    lost_lo, lost_hi = gross_cal.interval(exp_w, act_w, confidence)
    lost_rev_lo, lost_rev_hi = gross_rev_cal.interval(exp_w_rev, act_w_rev, confidence)
    surplus, surplus_rev = act_r - exp_r, act_r_rev - exp_r_rev
    recovered = max(surplus, 0.0)
    recovered_rev = max(surplus_rev, 0.0)
    recovered_lo, recovered_hi = _catch_up(catch_cal, exp_r, act_r, confidence)
    recovered_rev_lo, recovered_rev_hi = _catch_up(catch_rev_cal, exp_r_rev, act_r_rev, confidence)
    net_lo, net_hi = _net_interval(
        net_cal.interval(exp_w + exp_r, act_w + act_r, confidence), (lost_lo, lost_hi),
        recovered_lo,
    )  # fmt: skip
    net_rev_lo, net_rev_hi = _net_interval(
        net_rev_cal.interval(exp_w_rev + exp_r_rev, act_w_rev + act_r_rev, confidence),
        (lost_rev_lo, lost_rev_hi), recovered_rev_lo,
    )  # fmt: skip
    notes += _recovery_notes(surplus, recovery_frame, windows, recovery_delta)
    net_rev = lost_rev - recovered_rev
    basis = (net_rev, net_rev_lo, net_rev_hi)
    if margin is not None:
        basis = (net_rev * margin, net_rev_lo * margin, net_rev_hi * margin)
    claimed = float(sum(item.amount for item in items if item.claimed))

    control_expected = control_actual = None
    if control_line is not None:
        outage_buckets = np.flatnonzero(outage_share)
        share = outage_share[outage_buckets]
        control_actual = float(share @ control_line.orders[outage_buckets])
        control_expected = float(share @ control_line.expected[outage_buckets])
        if not np.isfinite(control_expected):
            control_expected = None
    low, high = _band(values, expected, ~screened & usable, confidence)
    shown = grid >= windows["start"].min().floor("D") - _DISPLAY_BEFORE
    buckets = [
        LossBucket(
            bucket=grid[i],
            expected=float(expected[i]),
            actual=float(values[i]),
            window_actual=float(actual_w[i] + actual_r[i]),
            low=float(low[i]),
            high=float(high[i]),
            outage_fraction=float(outage_share[i]),
            recovery_fraction=float(recovery_share[i]),
            expected_revenue=float(expected[i] * value[i]),
            actual_revenue=float(revenue[i]),
            control=None if control_line is None else float(control_line.orders[i]),
        )
        for i in np.flatnonzero(shown & np.isfinite(expected))
    ]
    return LossEstimate(
        channel=channel,
        control=control,
        method=chosen.name,
        method_reason=(
            f"{chosen.reason}; interval and p-value from {gross_cal.count} placebo windows "
            f"of the same shape and time of day in normal history ({choice})."
        ),
        currency=currency,
        freq=freq,
        confidence=confidence,
        seed=seed,
        windows=[
            Window(start=s, end=e) for s, e in zip(windows["start"], windows["end"], strict=True)
        ],
        recovery=recovery_delta,
        recovery_windows=[
            Window(start=s, end=e)
            for s, e in zip(recovery_frame["start"], recovery_frame["end"], strict=True)
        ],
        baseline_start=baseline_start,
        baseline_end=grid[first],
        baseline_weeks=baseline_weeks,
        placebo_windows=gross_cal.count,
        average_order_value=average_value,
        expected_orders=exp_w,
        actual_orders=act_w,
        lost_orders=lost,
        lost_orders_low=lost_lo,
        lost_orders_high=lost_hi,
        recovered_orders=recovered,
        recovered_orders_low=recovered_lo,
        recovered_orders_high=recovered_hi,
        net_lost_orders=lost - recovered,
        net_lost_orders_low=net_lo,
        net_lost_orders_high=net_hi,
        expected_revenue=exp_w_rev,
        actual_revenue=act_w_rev,
        lost_revenue=lost_rev,
        lost_revenue_low=lost_rev_lo,
        lost_revenue_high=lost_rev_hi,
        recovered_revenue=recovered_rev,
        recovered_revenue_low=recovered_rev_lo,
        recovered_revenue_high=recovered_rev_hi,
        net_lost_revenue=net_rev,
        net_lost_revenue_low=net_rev_lo,
        net_lost_revenue_high=net_rev_hi,
        margin=margin,
        lost_profit=None if margin is None else net_rev * margin,
        lost_profit_low=None if margin is None else net_rev_lo * margin,
        lost_profit_high=None if margin is None else net_rev_hi * margin,
        expenses=items,
        claimed_expenses=claimed,
        claim_amount=basis[0] + claimed,
        claim_amount_low=basis[1] + claimed,
        claim_amount_high=basis[2] + claimed,
        p_value=gross_cal.p_value(exp_w, act_w, confidence),
        control_expected_orders=control_expected,
        control_actual_orders=control_actual,
        placebo_shortfalls=(gross_cal.errors * gross_cal.scale(exp_w)).tolist(),
        notes=notes,
        buckets=buckets,
    )


def _check_settings(
    confidence: float, margin: float | None, incidents: pd.DataFrame, method: str, control
) -> None:
    """Refuse settings that cannot give an estimate, saying what to pass instead."""
    if not 0 < confidence < 1:
        msg = f"confidence={confidence} must lie between 0 and 1, e.g. 0.95"
        raise ConfigError(msg)
    if margin is not None and not 0 <= margin <= 1:
        msg = f"margin={margin} must be a share between 0 and 1, e.g. 0.35 for 35%"
        raise ConfigError(msg)
    if incidents.empty:
        msg = "there are no incidents to estimate a loss for; check the outages and as_of"
        raise ConfigError(msg)
    if method != "auto" and method not in METHODS:
        msg = f"method={method!r} is not known; use 'auto' or one of {', '.join(METHODS)}"
        raise ConfigError(msg)
    if method == "control" and control is None:
        msg = "method='control' needs control= an unaffected channel, e.g. control='website'"
        raise ConfigError(msg)


class _Sums:
    """Expected and actual window sums of the chosen prediction, real and on placebos.

    ``share`` weights each pattern bucket (its share inside an outage, a recovery
    window, or both); ``money=True`` values each expected order at its bucket's value.
    """

    def __init__(self, chosen: Prediction, layout: Layout, value, values, revenue) -> None:
        self.real, self.placebo = chosen.real, chosen.placebo
        pattern, positions = layout.pattern, layout.positions
        self.starts, self.offsets = layout.starts, pattern - pattern[0]
        self.value, self.placebo_value = value[pattern], value[positions]
        self.actual, self.actual_money = values[positions], revenue[positions]
        average = float(np.mean(value)) if len(value) else 0.0
        self.unit = average if average > 0 else 1.0  # errors in money scale with one order

    def expected(self, share: np.ndarray, money: bool = False) -> float:
        worth = self.value if money else 1.0
        return float((self.real * worth) @ share)

    def calibration(self, share: np.ndarray, money: bool = False) -> Calibration:
        """Errors of the placebo windows, scaled by the spread of a count of orders."""
        worth = self.placebo_value if money else 1.0
        expected = (self.placebo * worth) @ share
        actual = (self.actual_money if money else self.actual) @ share
        # Each bucket weighs in the overlap of two placebos as the spread of its count.
        spread = share * np.sqrt(np.maximum(self.real, 0)) * (self.value if money else 1.0)
        independent = independent_windows(self.starts, self.offsets[share > 0], spread[share > 0])
        return Calibration.of_windows(
            expected, actual, unit=self.unit if money else 1.0, independent=independent
        )


def _calibration_notes(calibration: Calibration, confidence: float) -> list[Note]:
    """Refuse an uncalibrated interval; note a t interval when placebos are few or overlap."""
    if calibration.count < 2:
        msg = (
            f"only {calibration.count} normal-history window(s) of the outage's shape were "
            "found; the interval cannot be calibrated: export a longer order history "
            "(8 weeks or more)"
        )
        raise DataError(msg, source="orders")
    minimum = min_placebos(confidence)
    if calibration.ranked(confidence):
        return []
    if calibration.count < minimum:
        return [
            Note(
                code="few_placebos",
                text=f"Only {calibration.count} placebo windows were available (fewer than "
                f"{minimum}); the interval is a t prediction interval, wider to reflect that.",
                values={"count": calibration.count, "minimum": minimum},
            )
        ]
    independent = round(calibration.effective_count, 1)
    return [
        Note(
            code="overlapping_placebos",
            text=f"The outage lasts longer than the day between placebo windows, so the "
            f"{calibration.count} placebo windows overlap and are worth about {independent} "
            f"independent ones (fewer than {minimum}); the interval and the p-value come "
            "from a t distribution of their errors, wider to reflect that.",
            values={"count": calibration.count, "independent": independent, "minimum": minimum},
        )
    ]


def _recovery_notes(
    surplus: float, recovery_frame: pd.DataFrame, windows: pd.DataFrame, recovery
) -> list[Note]:
    """Notes on a shortfall that lingers after service returned, and cut recovery windows."""
    notes = []
    if surplus < 0:
        notes.append(
            Note(
                code="lingering_shortfall",
                text=f"Orders stayed {-surplus:.1f} below expectation in the recovery windows; "
                "this lingering shortfall is not added to the claim (a conservative choice).",
                values={"orders": -surplus},
            )
        )
    if recovery_frame["end"].max() < windows["end"].max() + recovery:
        notes.append(
            Note(
                code="recovery_truncated",
                text="The order data end inside a recovery window, so catch-up may be "
                "undercounted.",
            )
        )
    return notes


def _net_interval(
    net: tuple[float, float], gross: tuple[float, float], catch_up_low: float
) -> tuple[float, float]:
    """Bounds of the net loss (gross shortfall less catch-up, never less than nothing).

    When the catch-up is clearly above zero, the placebo errors of outage and recovery
    windows together bound the net loss. When it may be nothing, the net loss is the
    gross shortfall less a catch-up between nothing and something: the interval runs
    from the lower of the two lower bounds to the gross upper bound.
    """
    if catch_up_low > 0:
        return net
    return min(net[0], gross[0]), gross[1]


def _catch_up(
    calibration: Calibration, expected: float, actual: float, confidence: float
) -> tuple[float, float]:
    """Bounds of the catch-up (surplus over expectation, never below 0) in the recovery
    windows, from the placebo errors of the recovery part alone."""
    if calibration.count < 2:
        surplus = max(actual - expected, 0.0)
        return surplus, surplus
    short_lo, short_hi = calibration.interval(expected, actual, confidence)
    return max(-short_hi, 0.0), max(-short_lo, 0.0)
