"""Placebo calibration for many series at once: :mod:`calibration`, one row per series.

:func:`claimstats.estimate_loss_batch` estimates thousands of merchants together. Every
merchant shares the outage pattern and the candidate placebo shifts, but keeps its own
placebo windows (those its history can predict): arrays here carry one row per merchant
and one column per candidate shift, with a ``keep`` mask, and give the same intervals
and p-values :class:`~claimstats.estimate.calibration.Calibration` gives one merchant.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from claimstats.estimate.calibration import min_placebos

__all__ = ["PlaceboErrors", "independent_rows"]

_SPREAD = 0.1  # as in calibration: day-to-day variation of a count beside Poisson noise


def independent_rows(
    starts: np.ndarray, keep: np.ndarray, offsets: np.ndarray, weights: np.ndarray
) -> np.ndarray:
    """:func:`~claimstats.estimate.calibration.independent_windows` for each row.

    Parameters
    ----------
    starts
        First bucket of each candidate placebo window, ``(shifts,)``.
    keep
        Which candidates each row uses, ``(rows, shifts)``.
    offsets
        Bucket offsets inside the window, ``(buckets,)``.
    weights
        Each row's weight of each offset, ``(rows, buckets)``; a row of zeros is read as
        equal weights.

    Returns
    -------
    numpy.ndarray
        How many independent windows each row's placebos are worth.

    Examples
    --------
    >>> import numpy as np
    >>> days = np.arange(45) * 24
    >>> independent_rows(days, np.ones((1, 45), bool), np.arange(72), np.ones((1, 72))).round(1)
    array([15.3])
    """
    rows = keep.shape[0]
    count = keep.sum(axis=1).astype(float)
    if len(offsets) == 0 or len(starts) == 0:
        return count
    weights = np.where((weights > 0).any(axis=1, keepdims=True), weights, 1.0)
    offsets = np.asarray(offsets) - np.min(offsets)
    span = int(offsets.max()) + 1
    spread = np.zeros((rows, span))
    for column, offset in enumerate(offsets):
        spread[:, offset] += weights[:, column]
    autocorrelation = np.stack(
        [(spread[:, : span - lag] * spread[:, lag:]).sum(axis=1) for lag in range(span)], axis=1
    )
    autocorrelation = autocorrelation / autocorrelation[:, :1]
    apart = np.abs(starts[:, None] - starts[None, :])
    near = apart < span
    rho = np.where(near, autocorrelation[:, np.minimum(apart, span - 1)], 0.0)
    used = keep.astype(float)
    total = np.einsum("gi,gij,gj->g", used, rho, used)
    with np.errstate(invalid="ignore", divide="ignore"):
        worth = np.minimum(count, np.maximum(count**2 / total, 1.0))
    return np.where(count > 0, worth, 0.0)


@dataclass(frozen=True)
class PlaceboErrors:
    """Scaled placebo errors of many series; NaN where a series does not use a placebo.

    Attributes
    ----------
    errors
        ``(expected - actual) / scale(expected)``, ``(rows, shifts)``.
    unit
        Worth of one order in each row (1 for counts of orders).
    effective
        How many independent windows each row's placebos are worth.

    Examples
    --------
    >>> import numpy as np
    >>> errors = PlaceboErrors.of_windows(np.full((1, 41), 100.0),
    ...     100.0 + np.linspace(-10, 10, 41)[None], np.ones((1, 41), bool), np.ones(1), np.array([41.0]))
    >>> low, high = errors.interval(np.array([100.0]), np.array([0.0]), 0.95)
    >>> round(float(low[0]), 1), round(float(high[0]), 1)
    (90.0, 110.0)
    """

    errors: np.ndarray
    unit: np.ndarray
    effective: np.ndarray

    @classmethod
    def of_windows(
        cls,
        expected: np.ndarray,
        actual: np.ndarray,
        keep: np.ndarray,
        unit: np.ndarray,
        effective: np.ndarray,
    ) -> PlaceboErrors:
        """The errors from each row's placebo windows' expected and actual sums."""
        scale = cls.scale_of(expected, unit[:, None])
        with np.errstate(invalid="ignore"):
            errors = np.where(keep, (expected - actual) / scale, np.nan)
        return cls(errors, unit, effective)

    @staticmethod
    def scale_of(expected: np.ndarray, unit: np.ndarray) -> np.ndarray:
        """Spread of a count of orders around ``expected``, in units of ``unit``."""
        counts = expected / unit
        return unit * np.sqrt(np.maximum(counts, 1.0) + (_SPREAD * counts) ** 2)

    @property
    def count(self) -> np.ndarray:
        """Placebo windows of each row."""
        return np.isfinite(self.errors).sum(axis=1)

    def _t(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        effective = np.maximum(self.effective, 2.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.nanmean(np.where(self.count[:, None] > 0, self.errors, 0.0), axis=1)
            centred = np.where(np.isfinite(self.errors), self.errors - mean[:, None], 0.0)
            variance = (centred**2).sum(axis=1) / np.maximum(self.count, 1) / (1 - 1 / effective)
        return mean, np.sqrt(variance * (1 + 1 / effective)), effective - 1

    def _quantiles(self, confidence: float) -> tuple[np.ndarray, np.ndarray]:
        from scipy import stats

        alpha = (1 - confidence) / 2
        count = self.count
        ranked = self.effective >= min_placebos(confidence)
        ordered = np.sort(self.errors, axis=1)  # NaN last
        low_rank = np.floor(alpha * (count + 1) + 1e-9).astype(int)
        high_rank = np.ceil((1 - alpha) * (count + 1) - 1e-9).astype(int)
        width = ordered.shape[1]
        at_low = np.clip(low_rank - 1, 0, max(width - 1, 0))[:, None]
        at_high = np.clip(high_rank - 1, 0, max(width - 1, 0))[:, None]
        rank_low = np.take_along_axis(ordered, at_low, axis=1)[:, 0] if width else count * np.nan
        rank_high = np.take_along_axis(ordered, at_high, axis=1)[:, 0] if width else count * np.nan
        mean, spread, df = self._t()
        half = stats.t.ppf(1 - alpha, df=df) * spread
        return np.where(ranked, rank_low, mean - half), np.where(ranked, rank_high, mean + half)

    def interval(
        self, expected: np.ndarray, actual: np.ndarray, confidence: float
    ) -> tuple[np.ndarray, np.ndarray]:
        """Bounds of ``expected - actual`` for each row, as ``Calibration.interval``."""
        err_lo, err_hi = self._quantiles(confidence)
        scale = self.scale_of(expected, self.unit)
        return expected - err_hi * scale - actual, expected - err_lo * scale - actual

    def p_value(self, expected: np.ndarray, actual: np.ndarray, confidence: float) -> np.ndarray:
        """One-sided chance of a shortfall this large on a normal day, as ``Calibration``."""
        from scipy import stats

        count = self.count
        observed = (expected - actual) / self.scale_of(expected, self.unit)
        with np.errstate(invalid="ignore"):
            beyond = (self.errors >= observed[:, None]).sum(axis=1)
        ranked = (1 + beyond) / (1 + count)
        floor = 1 / (1 + count)
        mean, spread, df = self._t()
        with np.errstate(invalid="ignore", divide="ignore"):
            t_value = np.maximum(stats.t.sf((observed - mean) / spread, df=df), floor)
        flat = np.where(observed <= mean, 1.0, floor)
        t_value = np.where(spread == 0, flat, t_value)
        return np.where(self.effective >= min_placebos(confidence), ranked, t_value)
