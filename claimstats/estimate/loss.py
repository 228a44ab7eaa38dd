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
4. :func:`~claimstats.estimate.figures.loss_figures` gives, in orders and in money
   alike, the shortfall in the outage windows, the catch-up measured after them
   (:mod:`claimstats.estimate.catch_up`) and the net loss, each with its interval from
   the same steps on the placebo windows; the net loss's p-value is that of what is
   claimed.

:func:`estimate_alternatives` runs the same steps under other settings for the
sensitivity table, the orders checked and counted per bucket size once. The batch over
many merchants (:func:`claimstats.engines.estimate_loss_batch`) takes the same
:func:`~claimstats.estimate.figures.loss_figures`, one merchant a row.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from claimstats._time import bucket_size, inside_intervals
from claimstats.errors import ClaimstatsError, ConfigError, DataError
from claimstats.estimate.calibration import Calibration, min_placebos, placebo_shifts
from claimstats.estimate.candidates import (
    LEVEL_DAYS,
    Control,
    Layout,
    control_series,
    predictions,
    seasonal_fit,
)
from claimstats.estimate.catch_up import kept_shares, recovery_lengths, recovery_steps
from claimstats.estimate.figures import Figures, Measure, Pattern, loss_figures
from claimstats.estimate.methods import Prediction, choose
from claimstats.estimate.money import check_expenses, currency_of, order_values
from claimstats.estimate.seasonal import level_at, unusual_days
from claimstats.incidents import check_incident_frame
from claimstats.models import (
    EstimatorSettings,
    ExpenseItem,
    LossBucket,
    LossEstimate,
    Note,
    Window,
)
from claimstats.schema import TIME_DTYPE, canonical_frame
from claimstats.series import bucket_orders, interval_coverage, window_coverage

__all__ = [
    "MIN_HISTORY_DAYS",
    "check_loss_inputs",
    "estimate_alternatives",
    "estimate_loss",
    "step_weights",
    "with_margin",
]

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


@dataclass(frozen=True)
class _Series:
    """The affected channel on the grid, and the windows over it."""

    grid: pd.DatetimeIndex
    step: pd.Timedelta
    orders: np.ndarray
    revenue: np.ndarray
    windows: pd.DataFrame
    steps: pd.DataFrame
    outage_share: np.ndarray
    step_share: np.ndarray
    recovery_share: np.ndarray

    @property
    def recovery_end(self) -> pd.Timestamp:
        """Where the longest recovery window tried ends (cut at the end of the data)."""
        return self.steps["end"].max() if len(self.steps) else self.windows["end"].max()


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


class _Counted:
    """The orders of one claim, checked once, and each channel's orders per bucket, counted
    once per bucket size for every estimate made from them (the sensitivity table makes
    several: :func:`estimate_alternatives`)."""

    def __init__(
        self,
        orders: pd.DataFrame,
        incidents: pd.DataFrame,
        channel: str | None,
        control: str | None,
    ) -> None:
        self.orders, self.incidents = orders, incidents  # checked by the caller
        self.channel, self.control = channel, control
        self.affected = _select(self.orders, channel, control)
        self.currency = currency_of(self.affected)
        self._series: dict[tuple[str | None, str, object, object], pd.DataFrame] = {}

    def series(self, name: str | None, freq: str, start: object, end: object) -> pd.DataFrame:
        """``name``'s orders per bucket (the affected channel's for None), from ``start``
        to ``end``; counted once."""
        key = (name, freq, start, end)
        if key not in self._series:
            frame = (
                self.affected if name is None else self.orders.loc[self.orders["channel"] == name]
            )
            self._series[key] = bucket_orders(frame, freq=freq, by=None, start=start, end=end)
        return self._series[key]


def _series(counted: _Counted, settings: EstimatorSettings) -> _Series:
    """The affected channel's completed orders per bucket, and each bucket's share in the
    outage and the recovery windows (recovery windows cut at the end of the data)."""
    orders, incidents = counted.orders, counted.incidents
    windows = incidents[["start", "end"]].sort_values("start").reset_index(drop=True)
    data_start, data_end = orders["timestamp"].min(), orders["timestamp"].max()
    if windows["end"].max() > data_end:
        msg = (
            f"the orders end at {data_end}, before the last outage ends at "
            f"{windows['end'].max()}; export orders up to at least the end of the outage"
        )
        raise DataError(msg, source="orders")
    freq = settings.freq
    series = counted.series(None, freq, data_start.floor("D"), data_end)
    grid = pd.DatetimeIndex(series["bucket"])
    steps = recovery_steps(windows, recovery_lengths(settings.recovery), data_end)
    shares = step_weights(grid, freq, steps, len(windows))
    return _Series(
        grid=grid,
        step=bucket_size(freq),
        orders=series["orders"].to_numpy(float),
        revenue=series["revenue"].to_numpy(float, copy=True),  # the counted frame is shared
        windows=windows,
        steps=steps,
        outage_share=window_coverage(grid, freq, windows),
        step_share=shares,
        recovery_share=shares.sum(axis=(0, 2)),
    )


def step_weights(
    grid: pd.DatetimeIndex, freq: str, steps: pd.DataFrame, windows: int
) -> np.ndarray:
    """Share of each bucket of ``grid`` inside each outage's recovery steps,
    ``(steps, buckets, windows)``, from :func:`~claimstats.estimate.catch_up.recovery_steps`.

    Examples
    --------
    >>> grid = pd.date_range("2026-08-04", periods=3, freq="1h", tz="UTC")
    >>> steps = pd.DataFrame({"window": [0], "step": [0], "start": [grid[0] + pd.Timedelta("30min")],
    ...                       "end": [grid[1] + pd.Timedelta("30min")]})
    >>> step_weights(grid, "1h", steps, 1)[0, :, 0].tolist()
    [0.5, 0.5, 0.0]
    """
    if steps.empty:  # no recovery window: no step
        return np.zeros((0, len(grid), windows))
    weights = np.zeros((int(steps["step"].max()) + 1, len(grid), windows))
    rows = (steps["step"].to_numpy(np.int64), steps["window"].to_numpy(np.int64))
    weights[rows[0], :, rows[1]] = interval_coverage(grid, freq, steps)
    return weights


@dataclass(frozen=True)
class _Fit:
    """The chosen prediction on the real pattern and its placebos, and the full expectation."""

    layout: Layout
    chosen: Prediction
    errors: dict[str, float]
    expected: np.ndarray
    usable: np.ndarray
    control: Control | None


def _fit(counted: _Counted, s: _Series, settings: EstimatorSettings) -> _Fit:
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
    line = None
    if counted.control is not None:
        end = layout.grid[-1] + layout.step
        counts = counted.series(counted.control, settings.freq, layout.grid[0], end)["orders"]
        line = control_series(counted.control, counts.to_numpy(float), layout)
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

    outage: tuple[np.ndarray, np.ndarray]
    steps: tuple[np.ndarray, np.ndarray]
    completed: pd.DataFrame
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


def _between(completed: pd.DataFrame, spans: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Completed orders and their money in each ``[start, end)`` of ``spans``, exactly."""
    stamps = completed["timestamp"].to_numpy("datetime64[us]")
    money = np.concatenate([[0.0], np.cumsum(completed["amount"].to_numpy(float))])
    first, last = (
        np.searchsorted(stamps, spans[side].to_numpy("datetime64[us]")) for side in ("start", "end")
    )
    return (last - first).astype(float), money[last] - money[first]


def _observe(affected: pd.DataFrame, s: _Series, fit: _Fit, weeks: int) -> _Observed:
    """Exact orders inside the windows (per bucket in the outages, per step after them),
    and the order values of the baseline."""
    stamps = affected["timestamp"]
    in_outage = inside_intervals(stamps, s.windows["start"], s.windows["end"])
    outage = _per_bucket(affected, in_outage, s.grid, s.step)
    completed = affected.loc[affected["status"] == "completed"].sort_values(
        "timestamp", kind="stable"
    )
    shape = (len(s.windows), s.step_share.shape[0])
    steps = tuple(sums.reshape(shape) for sums in _between(completed, s.steps))
    first = fit.layout.first
    baseline_start = s.grid[first] - weeks * _WEEK
    at = completed["timestamp"]
    in_baseline = (at >= baseline_start) & (at < s.grid[first])
    average_value, value, notes = order_values(
        completed.loc[in_baseline, "timestamp"], completed.loc[in_baseline, "amount"],
        s.grid, s.step, fit.expected, s.outage_share,
    )  # fmt: skip
    return _Observed(outage, steps, completed, average_value, value, baseline_start, notes)


def _figures(s: _Series, fit: _Fit, seen: _Observed, confidence: float) -> Figures:
    """Every figure of the loss in orders and in money, from the chosen prediction."""
    layout = fit.layout
    pattern, positions = layout.pattern, layout.positions
    real, placebo = fit.chosen.real, fit.chosen.placebo
    average = float(np.mean(seen.value)) if len(seen.value) else 0.0
    measures = []
    for money in (False, True):
        worth = seen.value[pattern] if money else np.ones(len(pattern))
        placebo_worth = seen.value[positions] if money else 1.0
        history = s.revenue if money else s.orders
        taken = seen.outage[money]
        measures.append(
            Measure(
                expected=(real * worth)[None],
                placebo_expected=(placebo * placebo_worth)[None],
                placebo_actual=history[positions][None],
                outage_actual=np.array([taken.sum()]),
                step_actual=seen.steps[money][None],
                unit=np.array([average if money and average > 0 else 1.0]),
                # each bucket weighs in the overlap of two placebos as the spread of its count
                spread=(np.sqrt(np.maximum(real, 0)) * worth)[None],
            )
        )
    shape = Pattern(
        outage_share=layout.outage_share,
        steps=s.step_share[:, pattern, :],
        starts=layout.starts,
        offsets=pattern - pattern[0],
    )
    keep = np.ones((1, len(positions)), dtype=bool)
    return loss_figures(*measures, shape, keep, confidence)


def _kept_windows(s: _Series, steps: np.ndarray) -> pd.DataFrame:
    """The recovery windows kept: from each outage's end to the end of its last kept step
    (``window`` numbers the outage)."""
    rows = [
        (w, s.windows["end"].iloc[w], s.steps["end"].iloc[w * s.step_share.shape[0] + k - 1])
        for w, k in enumerate(steps)
        if k > 0
    ]
    frame = pd.DataFrame(rows, columns=["window", "start", "end"])
    return frame.astype({"window": "int64", "start": TIME_DTYPE, "end": TIME_DTYPE})


def _kept(part: float, whole: float) -> float:
    """``part / whole``, 0 when the whole is not above 0."""
    return part / whole if whole > 0 else 0.0


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
        Times in any resolution or zone are taken as they are
        (:func:`claimstats.schema.canonical_frame`).
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
    orders = canonical_frame(orders, ("timestamp",), "orders")
    incidents = check_incident_frame(incidents, ("start", "end"))
    check_loss_inputs(incidents, margin)
    _check_method(settings, control)
    items = check_expenses(expenses)
    return _estimate(_Counted(orders, incidents, channel, control), margin, items, settings)


def estimate_alternatives(
    orders: pd.DataFrame,
    incidents: pd.DataFrame,
    loss: LossEstimate,
    alternatives: Sequence[EstimatorSettings],
) -> list[LossEstimate | ClaimstatsError]:
    """The loss estimated again under each of ``alternatives``, the claim's channel,
    control, margin and expenses kept; the orders are checked and counted per bucket once.

    Each is the estimate :func:`estimate_loss` gives with those settings, but without its
    per-bucket rows (``buckets`` is empty): the sensitivity table
    (:func:`claimstats.estimate.sensitivity.loss_sensitivity`) needs the amounts only.

    Parameters
    ----------
    orders, incidents
        As given to :func:`estimate_loss` for ``loss``.
    loss
        The claim's estimate.
    alternatives
        The settings of each other estimate.

    Returns
    -------
    list of LossEstimate or ClaimstatsError
        One per alternative, in order; the error it raised where one cannot be made.

    Examples
    --------
    >>> import claimstats as cs
    >>> from claimstats.datasets import make_sample
    >>> claim = make_sample(seed=0)
    >>> inc = cs.incidents(claim.outages)
    >>> loss = cs.estimate_loss(claim.orders, inc, channel="whatsapp", settings={"method": "seasonal"})
    >>> other = estimate_alternatives(claim.orders, inc, loss,
    ...     [EstimatorSettings(method="seasonal", baseline_weeks=4)])[0]
    >>> other.claim_amount == cs.estimate_loss(claim.orders, inc, channel="whatsapp",
    ...     settings={"method": "seasonal", "baseline_weeks": 4}).claim_amount, other.buckets
    (True, [])
    """
    try:
        orders = canonical_frame(orders, ("timestamp",), "orders")
        incidents = check_incident_frame(incidents, ("start", "end"))
        check_loss_inputs(incidents, loss.margin)
        counted = _Counted(orders, incidents, loss.channel, loss.control)
    except ClaimstatsError as exc:
        return [exc for _ in alternatives]
    found: list[LossEstimate | ClaimstatsError] = []
    for settings in alternatives:
        try:
            _check_method(settings, loss.control)
            found.append(_estimate(counted, loss.margin, loss.expenses, settings, buckets=False))
        except ClaimstatsError as exc:
            found.append(exc)
    return found


def _check_method(settings: EstimatorSettings, control: str | None) -> None:
    if settings.method == "control" and control is None:
        msg = "method='control' needs control= an unaffected channel, e.g. control='website'"
        raise ConfigError(msg)


def _estimate(
    counted: _Counted,
    margin: float | None,
    items: Sequence[ExpenseItem],
    settings: EstimatorSettings,
    buckets: bool = True,
) -> LossEstimate:
    """The steps of :func:`estimate_loss` on checked inputs; without the per-bucket rows
    unless ``buckets``."""
    s = _series(counted, settings)
    fit = _fit(counted, s, settings)
    # the weeks the baseline could use: those asked for, or fewer when the orders begin later
    weeks = min(settings.baseline_weeks, (s.grid[fit.layout.first] - s.grid[0]) // _WEEK)
    seen = _observe(counted.affected, s, fit, weeks)
    found = _figures(s, fit, seen, settings.confidence)
    figures = {name: float(value[0]) for name, value in found.numbers.items()}
    catch_up = found.catch_up
    counted_steps = found.counted[0]
    kept = _kept_windows(s, counted_steps)
    notes = _calibration_notes(found.normal_days, settings.confidence, s) + seen.notes
    notes += _recovery_notes(s, fit, seen, settings)
    claimed = float(sum(item.amount for item in items if item.claimed))
    net = [figures[f"net_lost_revenue{bound}"] for bound in ("", "_low", "_high")]
    surplus = float(catch_up.surplus[0] @ (counted_steps > 0))
    return LossEstimate(
        channel=counted.channel,
        control=counted.control,
        method=fit.chosen.name,
        backtest_errors=fit.errors,
        currency=counted.currency,
        freq=settings.freq,
        confidence=settings.confidence,
        seed=settings.seed,
        windows=_windows(s.windows),
        recovery=max(recovery_lengths(settings.recovery), default=pd.Timedelta(0)).to_pytimedelta(),
        recovery_estimated=settings.recovery == "auto",
        recovery_windows=_windows(kept),
        recovery_surplus=surplus,
        recovery_kept_share=_kept(figures["recovered_orders"], surplus),
        baseline_start=seen.baseline_start,
        baseline_end=s.grid[fit.layout.first],
        baseline_weeks=weeks,
        placebo_windows=int(found.normal_days.count[0]),
        average_order_value=seen.average_value,
        **figures,
        **_claimed(net, margin, claimed),
        expenses=list(items),
        claimed_expenses=claimed,
        p_value=float(found.p_value[0]),
        **_control_figures(fit.control, s.outage_share),
        placebo_losses=found.placebo_losses[0].tolist(),
        notes=notes,
        buckets=_buckets(s, fit, seen, found, kept, settings.confidence) if buckets else [],
    )


def _claimed(net: Sequence[float], margin: float | None, expenses: float) -> dict[str, Any]:
    """The lost profit (the net lost revenue ``net``, with its bounds, times the margin) and
    the amount claimed (the lost profit, or the net lost revenue without a margin, plus the
    claimed expenses), each with its bounds."""
    profit = [None] * 3 if margin is None else [value * margin for value in net]
    basis = net if margin is None else profit
    return {
        "margin": margin,
        **dict(zip(("lost_profit", "lost_profit_low", "lost_profit_high"), profit, strict=True)),
        **{
            name: value + expenses  # type: ignore[operator]
            for name, value in zip(
                ("claim_amount", "claim_amount_low", "claim_amount_high"), basis, strict=True
            )
        },
    }


def with_margin(loss: LossEstimate, margin: float) -> LossEstimate:
    """The estimate at another contribution margin: the same net lost revenue, its lost
    profit and amount claimed made again (no re-estimate; the sensitivity table's margin
    rows).

    Examples
    --------
    >>> import claimstats as cs
    >>> from claimstats.datasets import make_sample
    >>> claim = make_sample(seed=0)
    >>> loss = cs.estimate_loss(claim.orders, cs.incidents(claim.outages), channel="whatsapp",
    ...     margin=0.4, settings={"method": "seasonal", "sensitivity": False})
    >>> other = with_margin(loss, 0.5)
    >>> other.claim_amount == loss.net_lost_revenue * 0.5, other.net_lost_revenue == loss.net_lost_revenue
    (True, True)
    """
    net = [loss.net_lost_revenue, loss.net_lost_revenue_low, loss.net_lost_revenue_high]
    return loss.model_copy(update=_claimed(net, margin, loss.claimed_expenses))


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


def _buckets(
    s: _Series, fit: _Fit, seen: _Observed, found: Figures, kept: pd.DataFrame, confidence: float
) -> list[LossBucket]:
    """The buckets the report draws, from three days before the first outage's day, each
    with what it adds to the loss: its shortfall in the outages, its catch-up after them."""
    expected = fit.expected
    clean = ~fit.layout.screened & fit.usable
    low, high = _band(s.orders, expected, clean, confidence)
    shown = s.grid >= s.windows["start"].min().floor("D") - _DISPLAY_BEFORE
    shares = kept_shares(s.step_share, found.counted[0])
    worth = (np.ones(len(s.grid)), seen.value)
    factors = (found.catch_up.factor[0], found.money_factor[0])
    kept_share = np.zeros(len(s.grid))
    lost, recovered = [], [np.zeros(len(s.grid)), np.zeros(len(s.grid))]
    for money in (False, True):
        due = np.where(s.outage_share > 0, expected * worth[money] * s.outage_share, 0.0)
        lost.append(due - seen.outage[money])
    stamps = seen.completed["timestamp"]
    for row in kept.itertuples(index=False):
        share = shares[row.window]
        kept_share += share
        inside = ((stamps >= row.start) & (stamps < row.end)).to_numpy()
        after = _per_bucket(seen.completed, inside, s.grid, s.step)
        for money in (False, True):
            due = np.where(share > 0, expected * worth[money] * share, 0.0)
            recovered[money] += factors[money][row.window] * (after[money] - due)
    control = fit.control
    so_far = [
        np.cumsum(np.where(shown, gone - back, 0.0))
        for gone, back in zip(lost, recovered, strict=True)
    ]
    return [
        LossBucket(
            bucket=s.grid[i],
            expected=float(expected[i]),
            actual=float(s.orders[i]),
            low=float(low[i]),
            high=float(high[i]),
            outage_fraction=float(s.outage_share[i]),
            recovery_fraction=float(kept_share[i]),
            lost=float(lost[0][i]),
            recovered=float(recovered[0][i]),
            expected_revenue=float(expected[i] * seen.value[i]),
            actual_revenue=float(s.revenue[i]),
            lost_revenue=float(lost[1][i]),
            recovered_revenue=float(recovered[1][i]),
            net_lost_so_far=float(so_far[0][i]),
            net_lost_revenue_so_far=float(so_far[1][i]),
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
        span = s.recovery_end - start
        # two copies of the shape, whole days apart, each after MIN_HISTORY_DAYS of orders
        needed = MIN_HISTORY_DAYS + math.ceil(span / pd.Timedelta("1D")) + 1
        msg = (
            f"only {count} normal-history window{'' if count == 1 else 's'} of the outage's "
            "shape were found; the "
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


def _recovery_notes(
    s: _Series, fit: _Fit, seen: _Observed, settings: EstimatorSettings
) -> list[Note]:
    """Notes on a shortfall that lingers after service returned, and cut recovery windows."""
    notes = []
    surplus = float(seen.steps[0].sum() - np.nansum(fit.expected * s.recovery_share))
    if surplus < 0:
        notes.append(Note(code="lingering_shortfall", values={"orders": -surplus}))
    longest = max(recovery_lengths(settings.recovery), default=pd.Timedelta(0))
    if s.recovery_end < s.windows["end"].max() + longest:
        notes.append(Note(code="recovery_truncated"))
    return notes
