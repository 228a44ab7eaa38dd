"""Calibration on placebo windows: how wrong is the counterfactual on normal days?

The outage pattern (its windows and recovery windows, with their exact bucket
coverage) is laid over normal history, shifted by whole days so that the time of day
is kept. On each placebo the same estimator predicts the series; its errors there,
``(expected - actual) / scale(expected)``, are what an estimate on the real windows must
be read against: they give its interval and its p-value.

The scale is ``expected`` itself (relative errors) by default. For counts of orders
(``unit`` given: 1 for orders, the average order value for money) it is the spread of a
count: Poisson noise plus 10 % day-to-day variation, ``sqrt(max(n, 1) + (0.1 n) ** 2)``
for ``n`` expected orders. Both agree on busy windows, where the placebos' expectations
are close to the real one's; only the count scale stays defined for quiet windows where
some placebos, or the real window, expect no orders at all (a shop's night hours).

Placebos are shifted by whole days, so the placebos of an outage longer than a day share
days with their neighbours and their errors move together: 45 placebos of a 3-day outage
are worth about 15 independent ones. Their extremes then understate a new window's
error, so the interval comes from the empirical ranks only when the *independent*
number reaches :func:`min_placebos`, and from a t distribution with that many degrees of
freedom otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = [
    "Calibration",
    "candidate_shifts",
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


def independent_windows(starts: np.ndarray, offsets: np.ndarray, weights: np.ndarray) -> float:
    """How many independent windows overlapping placebo windows are worth.

    Placebo ``i`` sums buckets ``starts[i] + offsets``, bucket ``offsets[k]`` weighted
    by ``weights[k]`` (its share inside the window times the spread of its count). Two
    placebos ``d`` buckets apart are correlated as their common buckets are:
    ``rho(d) = sum_k u[k] u[k + d] / sum_k u[k] ** 2``. The effective number is Kish's
    ``n ** 2 / sum_ij rho(|start_i - start_j|)``: ``n`` for disjoint windows, ``n / 3``
    for 3-day windows on consecutive days.

    Parameters
    ----------
    starts
        First bucket of each placebo window.
    offsets
        Bucket offsets inside the window.
    weights
        Weight of each offset; all zero is read as equal weights.

    Returns
    -------
    float
        Between 1 and ``len(starts)`` (0 without windows).

    Examples
    --------
    >>> import numpy as np
    >>> days = np.arange(45) * 24                    # 45 placebos, one a day
    >>> hours = np.arange(72)                        # of a 3-day outage
    >>> round(independent_windows(days, hours, np.ones(72)), 1)
    15.3
    >>> independent_windows(days, np.arange(6), np.ones(6))      # 6-hour windows: disjoint
    45.0
    """
    count = len(starts)
    if count == 0 or len(offsets) == 0:
        return float(count)
    weights = np.asarray(weights, dtype=float)
    if not (weights > 0).any():
        weights = np.ones(len(offsets))
    offsets = np.asarray(offsets) - np.min(offsets)
    span = int(offsets.max()) + 1
    spread = np.zeros(span)
    np.add.at(spread, offsets, weights)
    autocorrelation = np.correlate(spread, spread, mode="full")[span - 1 :]
    autocorrelation = autocorrelation / autocorrelation[0]
    apart = np.abs(starts[:, None] - starts[None, :])
    rho = np.where(apart < span, autocorrelation[np.minimum(apart, span - 1)], 0.0)
    return float(min(count, max(count**2 / rho.sum(), 1.0)))


@dataclass(frozen=True)
class Calibration:
    """Scaled errors of the estimator on placebo windows, and what follows from them.

    Attributes
    ----------
    errors
        ``(expected - actual) / scale(expected)`` on each placebo window.
    unit
        None for relative errors; else the worth of one order (1 for counts of orders),
        and errors are scaled by the spread of a count.
    independent
        How many independent windows the placebos are worth when they overlap (see
        :func:`independent_windows`); None when they do not.

    Examples
    --------
    >>> import numpy as np
    >>> cal = Calibration(np.linspace(-0.1, 0.1, 41))
    >>> low, high = cal.interval(expected=100.0, actual=0.0, confidence=0.95)
    >>> round(low, 1), round(high, 1)
    (90.0, 110.0)
    >>> round(cal.p_value(expected=100.0, actual=0.0), 3)
    0.024
    >>> night = Calibration.of_windows(np.array([0.0, 0.2, 0.0]), np.array([0.0, 1.0, 0.0]), unit=1)
    >>> night.errors.round(2).tolist()             # no window is left out for expecting 0
    [0.0, -0.8, 0.0]
    """

    errors: np.ndarray
    unit: float | None = None
    independent: float | None = None

    @classmethod
    def of_windows(
        cls,
        expected: np.ndarray,
        actual: np.ndarray,
        unit: float | None = None,
        independent: float | None = None,
    ) -> Calibration:
        """The calibration from placebo windows' expected and actual sums.

        With relative errors (``unit`` None) windows that expected nothing are left out.
        """
        probe = cls(np.zeros(0), unit)
        if unit is None:
            keep = expected > 0
            expected, actual = expected[keep], actual[keep]
            if independent is not None:
                independent = independent * keep.mean() if len(keep) else 0.0
        return cls((expected - actual) / probe.scale(expected), unit, independent)

    def scale(self, expected):
        """The scale of errors around ``expected`` (a number or an array)."""
        if self.unit is None:
            return expected
        counts = np.asarray(expected, dtype=float) / self.unit
        spread = self.unit * np.sqrt(np.maximum(counts, 1.0) + (_SPREAD * counts) ** 2)
        return spread if spread.ndim else float(spread)

    @property
    def count(self) -> int:
        """Number of placebo windows."""
        return len(self.errors)

    @property
    def effective_count(self) -> float:
        """How many independent windows the placebos are worth (``count`` if disjoint)."""
        return float(self.count if self.independent is None else self.independent)

    def ranked(self, confidence: float) -> bool:
        """True when the interval comes from empirical ranks, False for a t interval."""
        return self.effective_count >= min_placebos(confidence)

    def _t(self) -> tuple[float, float, float]:
        """Mean, spread of a new window's error, and degrees of freedom for a t interval.

        The variance of dependent errors around their own mean understates theirs by
        ``1 - 1 / n_eff``; with disjoint windows this is the usual ``ddof=1``.
        """
        effective = max(self.effective_count, 2.0)
        variance = float(np.var(self.errors)) / (1 - 1 / effective)
        spread = np.sqrt(variance * (1 + 1 / effective))
        return float(np.mean(self.errors)), float(spread), effective - 1

    def _quantiles(self, confidence: float) -> tuple[float, float]:
        alpha = (1 - confidence) / 2
        if self.ranked(confidence):
            # Order statistics at the ranks that cover a *new* window at the nominal
            # level; plain sample quantiles are too narrow for a few dozen windows.
            ordered = np.sort(self.errors)
            low_rank = int(np.floor(alpha * (self.count + 1) + 1e-9))
            high_rank = int(np.ceil((1 - alpha) * (self.count + 1) - 1e-9))
            return float(ordered[low_rank - 1]), float(ordered[high_rank - 1])
        # Too few windows for empirical ranks: a t prediction interval, which is
        # wider the fewer windows there are.
        mean, spread, df = self._t()
        from scipy import stats  # imported when needed: it takes a second to load

        half = float(stats.t.ppf(1 - alpha, df=df)) * spread
        return mean - half, mean + half

    def interval(self, expected: float, actual: float, confidence: float) -> tuple[float, float]:
        """Bounds of ``expected - actual`` (the loss) at ``confidence``.

        The real counterfactual is ``expected - error * scale(expected)`` with ``error``
        distributed as on the placebo windows.
        """
        err_lo, err_hi = self._quantiles(confidence)
        scale = self.scale(expected)
        return expected - err_hi * scale - actual, expected - err_lo * scale - actual

    def p_value(self, expected: float, actual: float, confidence: float = 0.95) -> float:
        """Chance of a shortfall at least this large on a normal day (one-sided).

        Never below ``1 / (n + 1)``: ``n`` normal windows cannot show a shortfall to be
        rarer than that, even when the t distribution would extrapolate further.
        """
        if self.unit is None and expected <= 0:
            return 1.0
        observed = (expected - actual) / self.scale(expected)
        if self.ranked(confidence):
            return float((1 + np.sum(self.errors >= observed)) / (1 + self.count))
        floor = 1 / (1 + self.count)
        mean, spread, df = self._t()
        if spread == 0:
            return 1.0 if observed <= mean else floor
        from scipy import stats

        return max(float(stats.t.sf((observed - mean) / spread, df=df)), floor)
