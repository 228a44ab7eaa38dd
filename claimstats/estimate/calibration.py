"""Calibration on placebo windows: how wrong is the estimator on normal days?

The one calibration of claimstats: :func:`claimstats.estimate_loss`, the batch over many
merchants (:func:`claimstats.engines.estimate_loss_batch`) and
:func:`claimstats.counterfactual` read their intervals and p-values here.

The outage pattern (its windows and recovery windows, with their exact bucket
coverage) is laid over normal history, shifted by whole days so that the time of day
is kept. On each placebo the same estimator predicts the series; its errors there are
what an estimate on the real windows must be read against: they give its interval and
its p-value. A :class:`Calibration` holds the errors of one series or of many (one row
each, as the batch has one merchant a row), NaN where a series has no such window.

For counts of orders (``unit`` given: 1 for orders, the average order value for money)
an error is scaled by the spread of a count: Poisson noise plus 10 % day-to-day
variation, ``sqrt(max(n, 1) + (0.1 n) ** 2)`` for ``n`` expected orders, so that a busy
and a quiet window weigh alike, and windows expecting no order at all (a shop's night
hours) still count.

With enough windows the interval takes the errors at the order-statistic ranks that
cover a new window at the nominal level (:func:`min_placebos`); with fewer, a t
prediction interval of their errors, wider the fewer they are. Placebos are shifted by
whole days, so those of an outage longer than a day share days with their neighbours
and their errors move together: 45 placebos of a 3-day outage are worth about 15
independent ones (:func:`independent_windows`), and it is that number which decides.

A loss is a shortfall: its interval takes the two tails of the errors apart, and its
p-value is one-sided, never below ``1 / (n + 1)`` (``n`` normal windows cannot show a
shortfall rarer than that). The effect of an event on a series (the counterfactual) may
go either way: its interval is symmetric, from the size of the errors (a systematic
bias counts as error), and its p-value two-sided, as CausalImpact reports them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special

__all__ = [
    "Calibration",
    "candidate_shifts",
    "count_spread",
    "independent_windows",
    "min_placebos",
    "placebo_shifts",
]

_SPREAD = 0.1  # day-to-day variation of a count beside Poisson noise, for count errors


def min_placebos(confidence: float) -> int:
    """Fewest placebo windows for an empirical interval at ``confidence`` (39 at 95%).

    With ``n`` windows a new window falls below the ``k``-th smallest error with chance
    ``k / (n + 1)``; the interval needs ``k = floor(alpha * (n + 1)) >= 1`` on each side.

    Examples
    --------
    >>> min_placebos(0.95), min_placebos(0.9)
    (39, 19)
    """
    alpha = (1 - confidence) / 2
    return int(np.ceil(1 / alpha - 1 - 1e-9))


def candidate_shifts(pattern: np.ndarray, size: int, step: int) -> tuple[np.ndarray, np.ndarray]:
    """Every whole-day shift of the pattern that stays on a grid of ``size`` buckets.

    Returns
    -------
    tuple
        The shifts (multiples of ``step``, never 0) and the shifted bucket indices,
        ``(shifts, len(pattern))``.

    Examples
    --------
    >>> import numpy as np
    >>> shifts, positions = candidate_shifts(np.array([8]), 10, 2)
    >>> shifts.tolist(), positions[:, 0].tolist()
    ([-8, -6, -4, -2], [0, 2, 4, 6])
    """
    first, last = int(pattern.min()), int(pattern.max())
    shifts = np.arange(-(first // step) * step, size - last, step)
    shifts = shifts[shifts != 0]
    positions = pattern[None, :] + shifts[:, None]
    inside = (positions >= 0).all(axis=1) & (positions < size).all(axis=1)
    return shifts[inside], positions[inside]


def placebo_shifts(
    pattern: np.ndarray,
    excluded: np.ndarray,
    usable: np.ndarray,
    step: int,
    max_placebos: int,
    seed: int,
) -> np.ndarray:
    """Shifts (in buckets, multiples of ``step``) at which the pattern fits normal history.

    Parameters
    ----------
    pattern
        Bucket indices of the real windows and recovery windows.
    excluded
        True on buckets of the real windows and recovery windows.
    usable
        True where the estimator can predict a bucket (enough history).
    step
        Buckets per day: shifts keep the time of day.
    max_placebos
        At most this many shifts are kept, drawn with ``seed``.
    seed
        Seed of the draw when there are more candidates than ``max_placebos``.

    Returns
    -------
    numpy.ndarray
        Sorted shifts; every shifted bucket is usable and outside the real windows.

    Examples
    --------
    >>> import numpy as np
    >>> excluded = np.zeros(10, bool); excluded[8] = True
    >>> placebo_shifts(np.array([8]), excluded, np.ones(10, bool), 2, 10, 0).tolist()
    [-8, -6, -4, -2]
    """
    candidates, positions = candidate_shifts(pattern, len(excluded), step)
    fits = usable[positions].all(axis=1) & ~excluded[positions].any(axis=1)
    shifts = candidates[fits]
    if len(shifts) > max_placebos:
        rng = np.random.default_rng(seed)
        shifts = np.sort(rng.choice(shifts, size=max_placebos, replace=False))
    return shifts


def independent_windows(
    starts: np.ndarray, offsets: np.ndarray, weights: np.ndarray, keep: np.ndarray | None = None
) -> np.ndarray:
    """How many independent windows overlapping placebo windows are worth, per series.

    Placebo ``i`` sums buckets ``starts[i] + offsets``, bucket ``offsets[k]`` weighted
    by ``weights[k]`` (its share inside the window times the spread of its count). Two
    placebos ``d`` buckets apart are correlated as their common buckets are:
    ``rho(d) = sum_k u[k] u[k + d] / sum_k u[k] ** 2``. The effective number is Kish's
    ``n ** 2 / sum_ij rho(|start_i - start_j|)``: ``n`` for disjoint windows, ``n / 3``
    for 3-day windows on consecutive days.

    Parameters
    ----------
    starts
        First bucket of each candidate placebo window.
    offsets
        Bucket offsets inside the window.
    weights
        Weight of each offset, ``(offsets,)`` or one row per series ``(series, offsets)``;
        a row of zeros is read as equal weights.
    keep
        Which windows each series uses, ``(series, windows)``; default: all.

    Returns
    -------
    numpy.ndarray
        One number per series, between 1 and its number of windows (0 without windows).

    Examples
    --------
    >>> import numpy as np
    >>> days = np.arange(45) * 24                    # 45 placebos, one a day
    >>> independent_windows(days, np.arange(72), np.ones(72)).round(1)   # of a 3-day outage
    array([15.3])
    >>> independent_windows(days, np.arange(6), np.ones(6))              # 6-hour windows
    array([45.])
    """
    weights = np.atleast_2d(np.asarray(weights, dtype=float))
    rows = weights.shape[0]
    keep = np.ones((rows, len(starts)), dtype=bool) if keep is None else keep
    count = keep.sum(axis=1).astype(float)
    if len(offsets) == 0 or len(starts) == 0:
        return count
    weights = np.where((weights > 0).any(axis=1, keepdims=True), weights, 1.0)
    offsets = np.asarray(offsets) - np.min(offsets)
    span = int(offsets.max()) + 1
    spread = np.zeros((rows, span))
    np.add.at(spread, (slice(None), offsets), weights)
    autocorrelation = np.stack(
        [(spread[:, : span - lag] * spread[:, lag:]).sum(axis=1) for lag in range(span)], axis=1
    )
    autocorrelation = autocorrelation / autocorrelation[:, :1]
    apart = np.abs(starts[:, None] - starts[None, :])
    rho = np.where(apart < span, autocorrelation[:, np.minimum(apart, span - 1)], 0.0)
    used = keep.astype(float)
    total = np.einsum("gi,gij,gj->g", used, rho, used)
    with np.errstate(invalid="ignore", divide="ignore"):
        worth = np.minimum(count, np.maximum(count**2 / total, 1.0))
    return np.where(count > 0, worth, 0.0)


@dataclass(frozen=True)
class Calibration:
    """Errors of an estimator on placebo windows, for one series or many, and what follows.

    Attributes
    ----------
    errors
        ``(expected - actual) / scale(expected)`` on each placebo window, one row per
        series, ``(series, windows)``; NaN where a series does not use a window.
    unit
        Worth of one order for each series (1 for counts of orders), whose errors are
        scaled by the spread of a count; None: errors as they are.
    effective
        How many independent windows each series' placebos are worth (see
        :func:`independent_windows`); None: as many as they are.

    Examples
    --------
    A loss: ``expected - actual`` with its interval and one-sided p-value.

    >>> import numpy as np
    >>> cal = Calibration(np.linspace(-10, 10, 41))
    >>> low, high = cal.interval(expected=100.0, actual=0.0, confidence=0.95)
    >>> float(low[0]), float(high[0])
    (90.0, 110.0)
    >>> round(float(cal.p_value(expected=100.0, actual=0.0)[0]), 3)
    0.024

    Counts of orders: an error is read on the spread of a count, so a quiet window (or
    one that expected nothing) counts as a busy one does.

    >>> night = Calibration.of_windows(np.array([0.0, 0.2, 0.0]), np.array([0.0, 1.0, 0.0]), unit=1)
    >>> night.errors.round(2).tolist()
    [[0.0, -0.8, 0.0]]
    """

    errors: np.ndarray
    unit: np.ndarray | None = None
    effective: np.ndarray | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "errors", np.atleast_2d(np.asarray(self.errors, dtype=float)))
        if self.unit is not None:
            object.__setattr__(self, "unit", np.atleast_1d(np.asarray(self.unit, dtype=float)))
        effective = self.count if self.effective is None else self.effective
        object.__setattr__(self, "effective", np.atleast_1d(np.asarray(effective, dtype=float)))

    @classmethod
    def of_windows(
        cls,
        expected: np.ndarray,
        actual: np.ndarray,
        unit: float | np.ndarray | None = None,
        effective: float | np.ndarray | None = None,
        keep: np.ndarray | None = None,
    ) -> Calibration:
        """The calibration from placebo windows' expected and actual sums.

        ``expected`` and ``actual`` hold one row per series (or are one series);
        ``keep`` says which windows each series uses.
        """
        expected, actual = np.atleast_2d(expected), np.atleast_2d(actual)
        unit = None if unit is None else np.broadcast_to(unit, expected.shape[:1])
        scale = expected if unit is None else count_spread(expected, unit[:, None])
        with np.errstate(invalid="ignore"):
            errors = (expected - actual) / (1.0 if unit is None else scale)
        if keep is not None:
            errors = np.where(keep, errors, np.nan)
        return cls(errors, unit, effective)

    @property
    def count(self) -> np.ndarray:
        """Placebo windows of each series."""
        return np.isfinite(self.errors).sum(axis=1)

    def scale(self, expected: float | np.ndarray) -> np.ndarray:
        """The scale of errors around ``expected`` for each series (1 when unscaled)."""
        expected = np.asarray(expected, dtype=float)
        if self.unit is None:
            return np.ones(np.broadcast_shapes(expected.shape, self.count.shape))
        return count_spread(expected, self.unit)

    def ranked(self, confidence: float) -> np.ndarray:
        """True where the interval comes from empirical ranks, False for a t interval."""
        return self.effective >= min_placebos(confidence)

    def _t(self, centred: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Centre, spread of a new window's error, and degrees of freedom for a t interval.

        Centred, the variance of dependent errors around their own mean understates
        theirs by ``1 - 1 / n_eff`` (with disjoint windows, the usual ``ddof=1``); not
        centred, the mean square error around zero, a bias counting as error.
        """
        effective = np.maximum(self.effective, 2.0)
        count = np.maximum(self.count, 1)
        finite = np.isfinite(self.errors)
        with np.errstate(invalid="ignore", divide="ignore"):
            if centred:
                mean = np.where(finite, self.errors, 0.0).sum(axis=1) / count
                centred_errors = np.where(finite, self.errors - mean[:, None], 0.0)
                variance = (centred_errors**2).sum(axis=1) / count / (1 - 1 / effective)
            else:
                mean = np.zeros(len(count))
                variance = np.where(finite, self.errors**2, 0.0).sum(axis=1) / count
        return mean, np.sqrt(variance * (1 + 1 / effective)), effective - 1

    def _order_statistic(self, errors: np.ndarray, ranks: np.ndarray) -> np.ndarray:
        """The ``ranks``-th smallest error of each series (NaN sort last)."""
        ordered = np.sort(errors, axis=1)
        if ordered.shape[1] == 0:
            return np.full(len(ranks), np.nan)
        at = np.clip(ranks - 1, 0, ordered.shape[1] - 1)[:, None]
        return np.take_along_axis(ordered, at, axis=1)[:, 0]

    def quantiles(self, confidence: float) -> tuple[np.ndarray, np.ndarray]:
        """The low and high error a new window stays within with chance ``confidence``.

        Order statistics at the ranks that cover a *new* window at the nominal level
        (plain sample quantiles are too narrow for a few dozen windows); with too few
        independent windows, a t prediction interval centred on their mean.
        """
        alpha = (1 - confidence) / 2
        count = self.count
        low_rank = np.floor(alpha * (count + 1) + 1e-9).astype(int)
        high_rank = np.ceil((1 - alpha) * (count + 1) - 1e-9).astype(int)
        mean, spread, df = self._t(centred=True)
        half = special.stdtrit(df, 1 - alpha) * spread
        ranked = self.ranked(confidence)
        return (
            np.where(ranked, self._order_statistic(self.errors, low_rank), mean - half),
            np.where(ranked, self._order_statistic(self.errors, high_rank), mean + half),
        )

    def bound(self, confidence: float) -> np.ndarray:
        """How far from zero a new window's error stays with chance ``confidence``: the
        size of the errors, for an effect that may go either way.

        The order statistic of ``|error|`` at rank ``ceil(c (n + 1))``; with too few
        windows, a t prediction interval around zero from the root mean square error.
        """
        count = self.count
        rank = np.minimum(np.ceil(confidence * (count + 1) - 1e-9).astype(int), count)
        _, spread, df = self._t(centred=False)
        t_bound = special.stdtrit(df, 1 - (1 - confidence) / 2) * spread
        ranked = self._order_statistic(np.abs(self.errors), rank)
        return np.where(self.ranked(confidence), ranked, t_bound)

    def interval(
        self, expected: float | np.ndarray, actual: float | np.ndarray, confidence: float
    ) -> tuple[np.ndarray, np.ndarray]:
        """Bounds of the shortfall ``expected - actual`` at ``confidence``, per series.

        The real counterfactual is ``expected - error * scale(expected)`` with ``error``
        distributed as on the placebo windows.
        """
        err_lo, err_hi = self.quantiles(confidence)
        scale = self.scale(expected)
        return expected - err_hi * scale - actual, expected - err_lo * scale - actual

    def p_value(
        self, expected: float | np.ndarray, actual: float | np.ndarray, confidence: float = 0.95
    ) -> np.ndarray:
        """Chance of a shortfall at least this large on a normal day (one-sided), per series.

        Never below ``1 / (n + 1)``: ``n`` normal windows cannot show a shortfall to be
        rarer than that, even when the t distribution would extrapolate further.
        """
        observed = (np.asarray(expected, dtype=float) - actual) / self.scale(expected)
        count = self.count
        with np.errstate(invalid="ignore"):
            beyond = (self.errors >= np.atleast_1d(observed)[:, None]).sum(axis=1)
        floor = 1 / (1 + count)
        mean, spread, df = self._t(centred=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            t_value = np.maximum(special.stdtr(df, (mean - observed) / spread), floor)
        t_value = np.where(spread == 0, np.where(observed <= mean, 1.0, floor), t_value)
        return np.where(self.ranked(confidence), (1 + beyond) / (1 + count), t_value)

    def p_value_two_sided(
        self, observed: float | np.ndarray, confidence: float = 0.95
    ) -> np.ndarray:
        """Chance that normal data shows an error at least as far from zero, either way.

        Examples
        --------
        >>> import numpy as np
        >>> round(float(Calibration(np.linspace(-10, 10, 41)).p_value_two_sided(10.0)[0]), 4)
        0.0714
        """
        size = np.abs(np.atleast_1d(np.asarray(observed, dtype=float)))
        count = self.count
        with np.errstate(invalid="ignore"):
            beyond = (np.abs(self.errors) >= size[:, None]).sum(axis=1)
        _, spread, df = self._t(centred=False)
        with np.errstate(invalid="ignore", divide="ignore"):
            t_value = 2 * special.stdtr(df, -size / spread)
        t_value = np.where(spread == 0, np.where(size == 0, 1.0, 0.0), t_value)
        return np.where(self.ranked(confidence), (1 + beyond) / (count + 1), t_value)


def count_spread(expected: np.ndarray, unit: np.ndarray | float) -> np.ndarray:
    """Spread of a count of orders around ``expected``, in units of ``unit``.

    Examples
    --------
    >>> count_spread(np.array([0.0, 100.0]), 1.0).round(2).tolist()
    [1.0, 14.14]
    """
    counts = expected / unit
    return unit * np.sqrt(np.maximum(counts, 1.0) + (_SPREAD * counts) ** 2)
