"""What would have happened: the seasonal (before-and-after) counterfactual.

The expected value of a bucket is the trimmed mean of the same bucket of the week in
the previous weeks (buckets inside outage or recovery windows left out), scaled by the
level of the recent days: ``expected = level * profile``.
"""

from __future__ import annotations

import numpy as np

__all__ = ["level_at", "seasonal_profile"]


def seasonal_profile(
    values: np.ndarray,
    period: int,
    excluded: np.ndarray,
    weeks: int = 6,
    min_weeks: int = 2,
) -> np.ndarray:
    """Trimmed mean of the same bucket in the previous ``weeks`` periods.

    With four or more usable weeks the highest and the lowest are dropped, so a
    holiday or a one-off rush in the baseline does not move the expectation.

    Parameters
    ----------
    values
        The series on a regular grid.
    period
        Buckets in one week (168 for hourly buckets).
    excluded
        True where a bucket must not serve as baseline (outage and recovery windows).
    weeks
        How many previous weeks to look at.
    min_weeks
        Fewer usable weeks than this gives NaN.

    Returns
    -------
    numpy.ndarray
        The profile, NaN where there is not enough history.

    Examples
    --------
    >>> import numpy as np
    >>> y = np.tile([1.0, 5.0], 4)            # a 'week' of two buckets, four times
    >>> seasonal_profile(y, 2, np.zeros(8, bool), weeks=3).tolist()
    [nan, nan, nan, nan, 1.0, 5.0, 1.0, 5.0]
    """
    size = len(values)
    lags = np.full((weeks, size), np.nan)
    source = np.where(excluded, np.nan, values.astype(float))
    for k in range(1, weeks + 1):
        shift = k * period
        if shift >= size:
            break
        lags[k - 1, shift:] = source[:-shift]
    usable = np.sum(~np.isnan(lags), axis=0)
    total = np.nansum(lags, axis=0)
    trim = usable >= 4
    highest = np.fmax.reduce(lags, axis=0)
    lowest = np.fmin.reduce(lags, axis=0)
    total = total - np.where(trim, highest + lowest, 0.0)
    count = usable - np.where(trim, 2, 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(usable >= min_weeks, total / count, np.nan)


def level_at(
    values: np.ndarray,
    profile: np.ndarray,
    excluded: np.ndarray,
    starts: np.ndarray,
    span: int,
    block: int,
    min_share: float = 0.5,
) -> np.ndarray:
    """Level of the series just before each start, relative to its profile.

    The ``span`` buckets before a start are cut into blocks of ``block`` buckets (days);
    the level is the median over those blocks of ``sum(values) / sum(profile)``, using
    only buckets that are not excluded and have a profile. The median keeps one
    unusual day (a festival rush) from moving the level. NaN where fewer than
    ``min_share`` of the blocks are usable.

    Examples
    --------
    >>> import numpy as np
    >>> y = np.array([2.0, 2.0, 9.0, 9.0, 2.0, 2.0]); p = np.ones(6)
    >>> level_at(y, p, np.zeros(6, bool), np.array([6]), span=6, block=2).tolist()
    [2.0]
    """
    usable = ~excluded & np.isfinite(profile)
    cum_values = np.concatenate([[0.0], np.cumsum(np.where(usable, values, 0.0))])
    cum_profile = np.concatenate([[0.0], np.cumsum(np.where(usable, profile, 0.0))])
    cum_count = np.concatenate([[0], np.cumsum(usable)])
    blocks = span // block
    # Block k of each start covers [start - (k + 1) * block, start - k * block).
    hi = starts[:, None] - np.arange(blocks)[None, :] * block
    lo = hi - block
    inside = lo >= 0
    lo, hi = np.clip(lo, 0, len(values)), np.clip(hi, 0, len(values))
    observed = cum_values[hi] - cum_values[lo]
    expected = cum_profile[hi] - cum_profile[lo]
    full = inside & ((cum_count[hi] - cum_count[lo]) >= min_share * block) & (expected > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratios = np.where(full, observed / expected, np.nan)
    enough = full.sum(axis=1) >= min_share * blocks
    medians = np.full(len(starts), np.nan)
    if enough.any():
        medians[enough] = np.nanmedian(ratios[enough], axis=1)
    return medians
