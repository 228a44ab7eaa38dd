"""The candidate counterfactuals of one claim, laid over its pattern and its placebos.

:func:`claimstats.estimate_loss` lays the claim's pattern (outage and recovery buckets)
on a grid and over normal history (:class:`Layout`); :func:`predictions` asks each method
of :mod:`claimstats.estimate.methods` for the expected orders there, and keeps the
placebo windows every candidate can predict, so that their back-test errors compare like
with like.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from claimstats.errors import DataError
from claimstats.estimate.methods import Prediction, control_adjusted, regression, seasonal
from claimstats.estimate.seasonal import level_at, seasonal_profile

__all__ = [
    "LEVEL_DAYS",
    "Control",
    "Layout",
    "control_series",
    "predictions",
    "seasonal_fit",
]

#: days before a window whose orders set the seasonal level
LEVEL_DAYS = 14


@dataclass(frozen=True)
class Layout:
    """A claim's series and pattern on the grid, and the placebo copies of the pattern.

    Attributes
    ----------
    grid
        Bucket starts (UTC).
    step
        Bucket size.
    orders
        Completed orders of the affected channel per bucket.
    excluded
        True on buckets of the real outage and recovery windows.
    screened
        ``excluded``, and the buckets of unusual days: what no model learns from.
    pattern
        Indices of those buckets.
    positions
        Indices of each placebo copy's buckets, ``(placebos, len(pattern))``.
    outage_share, recovery_share
        Each pattern bucket's share inside an outage / a recovery window.
    weeks
        Baseline weeks.
    """

    grid: pd.DatetimeIndex
    step: pd.Timedelta
    orders: np.ndarray
    excluded: np.ndarray
    screened: np.ndarray
    pattern: np.ndarray
    positions: np.ndarray
    outage_share: np.ndarray
    recovery_share: np.ndarray
    weeks: int

    @property
    def per_day(self) -> int:
        """Buckets in a day."""
        return int(pd.Timedelta("1D") / self.step)

    @property
    def period(self) -> int:
        """Buckets in a week."""
        return 7 * self.per_day

    @property
    def first(self) -> int:
        """The first bucket of the pattern."""
        return int(self.pattern.min())

    @property
    def starts(self) -> np.ndarray:
        """First bucket of each placebo copy."""
        return self.positions[:, 0] if len(self.positions) else np.zeros(0, dtype=np.int64)


@dataclass(frozen=True)
class Control:
    """The control channel on the grid: its orders and its own seasonal profile and level."""

    name: str
    orders: np.ndarray
    profile: np.ndarray
    level: float

    @property
    def expected(self) -> np.ndarray:
        """The control's own seasonal expectation on the grid."""
        return self.level * self.profile


def seasonal_fit(values: np.ndarray, layout: Layout) -> tuple:
    """The seasonal profile of a series on the layout's grid, and its level before the pattern.

    The profile does not learn from screened buckets (:attr:`Layout.screened`); the
    level, a median of daily ratios, is robust to an unusual day by itself. ``values``
    (and the layout's ``screened``) may hold many series on leading axes, one merchant a
    row: the level is then an array, one per series.

    Examples
    --------
    >>> values = np.tile(np.r_[np.ones(12), 3 * np.ones(12)], 28)   # 4 weeks of hours
    >>> excluded = np.zeros(672, bool); excluded[-5:] = True
    >>> lay = Layout(pd.date_range("2026-01-05", periods=672, freq="h"), pd.Timedelta("1h"),
    ...              values, excluded, excluded, np.arange(667, 672), np.zeros((0, 5), int),
    ...              np.ones(5), np.zeros(5), 6)
    >>> profile, level = seasonal_fit(values, lay)
    >>> profile[-1], level
    (np.float64(3.0), 1.0)
    """
    profile = seasonal_profile(values, layout.period, layout.screened, weeks=layout.weeks)
    # Where leaving unusual days out leaves too few weeks, keep them rather than nothing.
    fallback = seasonal_profile(values, layout.period, layout.excluded, weeks=layout.weeks)
    profile = np.where(np.isfinite(profile), profile, fallback)
    span = LEVEL_DAYS * layout.per_day
    first = np.array([layout.first])
    level = level_at(values, profile, layout.excluded, first, span, layout.per_day)[..., 0]
    return profile, float(level) if level.ndim == 0 else level


def predictions(
    layout: Layout,
    profile: np.ndarray,
    level: float,
    levels: np.ndarray,
    control: Control | None,
    method: str,
) -> tuple[list[Prediction], Layout]:
    """Each candidate method's prediction, on the placebos every candidate can predict.

    Parameters
    ----------
    layout
        The claim's layout.
    profile, level
        The affected channel's seasonal profile and level before the pattern.
    levels
        Its level before each placebo copy.
    control
        The control channel, or None.
    method
        ``"auto"`` computes every candidate that applies; a method's name, that one.

    Returns
    -------
    tuple
        The candidates and the layout restricted to the placebos they all predict.

    Raises
    ------
    DataError
        When the asked method cannot predict the real pattern.
    """
    pattern, positions = layout.pattern, layout.positions
    base = seasonal(profile, level, levels, pattern, positions)
    candidates = [base]
    if control is not None and method in ("auto", "control"):
        candidates.append(_control_adjusted(layout, control, base))
    if method in ("auto", "regression"):
        candidates.append(_regression(layout, control))
    able = [c for c in candidates if np.isfinite(c.real).all()]
    if method != "auto":
        able = [c for c in able if c.name == method]
        if not able:
            msg = (
                f"method={method!r} cannot predict the outage windows: too little clean "
                "history before them; export a longer period or use method='auto'"
            )
            raise DataError(msg, source="orders")
    keep = np.logical_and.reduce([np.isfinite(c.placebo).all(axis=1) for c in able])
    trimmed = [replace(c, placebo=c.placebo[keep]) for c in able]
    return trimmed, replace(layout, positions=positions[keep])


def control_series(name: str, counts: np.ndarray, layout: Layout) -> Control:
    """The control channel's completed orders on the layout's grid (``counts``, one per
    bucket) and its own seasonal expectation."""
    counts = np.asarray(counts, dtype=float)
    profile, level = seasonal_fit(counts, layout)
    return Control(name, counts, profile, level)


def _control_adjusted(layout: Layout, control: Control, base: Prediction) -> Prediction:
    """The seasonal prediction corrected by the control's actual/expected ratio."""
    profile = control.profile
    span = LEVEL_DAYS * layout.per_day
    levels = level_at(control.orders, profile, layout.excluded, layout.starts, span, layout.per_day)
    return control_adjusted(
        base,
        control.orders,
        control.expected[layout.pattern],
        levels[:, None] * profile[layout.positions],
        layout.pattern,
        layout.positions,
        layout.outage_share,
        layout.recovery_share,
    )


def _regression(layout: Layout, control: Control | None) -> Prediction:
    """The regression candidate; the control's orders over the surrounding day as covariate."""
    covariates = np.zeros((len(layout.orders), 0))
    if control is not None:
        day = pd.Series(control.orders).rolling(layout.per_day, center=True, min_periods=1)
        covariates = day.mean().to_numpy(float)[:, None]
    return regression(
        layout.orders,
        layout.screened,
        covariates,
        layout.period,
        layout.per_day,
        layout.weeks * layout.period,
        layout.pattern,
        layout.positions,
    )
