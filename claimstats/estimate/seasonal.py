"""What would have happened: the seasonal (before-and-after) counterfactual.

The expected value of a bucket is the mean of the same bucket of the week in the
previous weeks, scaled by the level of the recent days: ``expected = level * profile``.
Buckets inside outage or recovery windows are left out, and so are unusual days
(:func:`unusual_days`: a holiday, a one-off rush) and single buckets far from the other
weeks' (a burst of orders in one hour), so neither drags the expectation.
"""

from __future__ import annotations

import numpy as np

__all__ = ["level_at", "seasonal_profile", "unusual_days"]

_DAY_SPREAD = 0.15  # normal day-to-day variation of a day's orders, beyond Poisson noise
_DAY_LIMIT = 3.0  # a day this many spreads from its weekday's usual total is unusual
_BUCKET_SPREAD = 0.2  # the same for one bucket against the same bucket in other weeks
_BUCKET_LIMIT = 4.0


def _nanmedian(values: np.ndarray, axis: int) -> np.ndarray:
    """Median ignoring NaN; NaN where a column has none.

    The same numbers as ``np.nanmedian``, by sorting along ``axis`` (NaN sort last) and
    averaging the middle pair: many times faster on the few weeks or days compared
    here, for thousands of series at once.

    Examples
    --------
    >>> _nanmedian(np.array([[1.0, np.nan], [4.0, np.nan], [2.0, np.nan], [9.0, 3.0]]), 0)
    array([3., 3.])
    """
    ordered = np.sort(values, axis=axis)
    count = np.sum(~np.isnan(values), axis=axis, keepdims=True)
    low = np.take_along_axis(ordered, np.maximum((count - 1) // 2, 0), axis=axis)
    high = np.take_along_axis(ordered, count // 2, axis=axis)
    return np.squeeze((low + high) / 2, axis=axis)


def _far(values: np.ndarray, usual: np.ndarray, spread: float, limit: float) -> np.ndarray:
    """True where a count is more than ``limit`` spreads from its usual value.

    The spread of a count around ``usual`` is Poisson noise plus ``spread * usual``.
    """
    scale = np.sqrt(np.maximum(usual, 0) + (spread * usual) ** 2)
    with np.errstate(invalid="ignore"):
        return np.abs(values - usual) > limit * scale + 1.0


def unusual_days(values: np.ndarray, excluded: np.ndarray, per_day: int) -> np.ndarray:
    """True on the buckets of days whose orders are far from the same weekday's usual.

    A day's total is compared with the median total of the same weekday in the three
    weeks before and after it; it is unusual when it differs by more than three times
    Poisson noise plus 15% normal day-to-day variation, as a public holiday or a
    one-off rush does at a few orders an hour or more. Days mostly inside ``excluded``
    are not judged (and not used to judge others). ``values`` may hold several series
    on its leading axes (one row per merchant); each is judged on its own.

    Examples
    --------
    >>> import numpy as np
    >>> days = np.full(7 * 7, 100.0); days[24] = 40.0      # a quiet day in week 4
    >>> mask = unusual_days(np.repeat(days / 4, 4), np.zeros(196, bool), per_day=4)
    >>> np.flatnonzero(mask[::4]).tolist()
    [24]
    """
    count = values.shape[-1] // per_day
    lead = values.shape[:-1]
    whole = values[..., : count * per_day].reshape(*lead, count, per_day)
    out = np.broadcast_to(excluded, values.shape)[..., : count * per_day]
    out = out.reshape(*lead, count, per_day)
    totals = np.where(out.mean(axis=-1) > 0.5, np.nan, np.where(out, 0.0, whole).sum(axis=-1))
    neighbours = np.full((6, *totals.shape), np.nan)
    for row, weeks in enumerate((-3, -2, -1, 1, 2, 3)):
        shift = 7 * weeks
        if abs(shift) >= count:
            continue
        if shift > 0:
            neighbours[row, ..., :-shift] = totals[..., shift:]
        else:
            neighbours[row, ..., -shift:] = totals[..., :shift]
    usual = _nanmedian(neighbours, axis=0)
    unusual = _far(totals, usual, _DAY_SPREAD, _DAY_LIMIT) & np.isfinite(usual)
    mask = np.zeros(values.shape, dtype=bool)
    mask[..., : count * per_day] = np.repeat(unusual & np.isfinite(totals), per_day, axis=-1)
    return mask


def seasonal_profile(
    values: np.ndarray,
    period: int,
    excluded: np.ndarray,
    weeks: int = 6,
    min_weeks: int = 2,
) -> np.ndarray:
    """Mean of the same bucket in the previous ``weeks`` periods.

    With three or more usable weeks, a week whose bucket is far from the median of the
    others (more than four times Poisson noise plus 20%) is left out, so a burst of
    orders in one hour does not move the expectation; ordinary weeks are all kept, so
    the mean is not biased either way.

    Parameters
    ----------
    values
        The series on a regular grid (the last axis; leading axes are other series,
        e.g. one row per merchant, each computed on its own).
    period
        Buckets in one week (168 for hourly buckets).
    excluded
        True where a bucket must not serve as baseline (outage and recovery windows,
        unusual days).
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
    size = values.shape[-1]
    lags = np.full((weeks, *values.shape), np.nan)
    source = np.where(excluded, np.nan, values.astype(float))
    for k in range(1, weeks + 1):
        shift = k * period
        if shift >= size:
            break
        lags[k - 1, ..., shift:] = source[..., :-shift]
    usable = np.sum(~np.isnan(lags), axis=0)
    usual = _nanmedian(lags, axis=0)
    far = _far(lags, usual[None], _BUCKET_SPREAD, _BUCKET_LIMIT) & (usable >= 3)[None]
    kept = np.where(far, np.nan, lags)
    count = np.sum(~np.isnan(kept), axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(usable >= min_weeks, np.nansum(kept, axis=0) / count, np.nan)


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
    only buckets that are not excluded and have a profile (and a value: NaN marks
    buckets outside a series' own span). The median keeps one
    unusual day (a festival rush) from moving the level. NaN where fewer than
    ``min_share`` of the blocks are usable. Several series on leading axes of
    ``values`` and ``profile`` give one level per series and start (``(..., starts)``).

    Examples
    --------
    >>> import numpy as np
    >>> y = np.array([2.0, 2.0, 9.0, 9.0, 2.0, 2.0]); p = np.ones(6)
    >>> level_at(y, p, np.zeros(6, bool), np.array([6]), span=6, block=2).tolist()
    [2.0]
    """
    usable = ~excluded & np.isfinite(profile) & np.isfinite(values)
    zero = np.zeros((*usable.shape[:-1], 1))
    cum_values = np.concatenate([zero, np.cumsum(np.where(usable, values, 0.0), axis=-1)], -1)
    cum_profile = np.concatenate([zero, np.cumsum(np.where(usable, profile, 0.0), axis=-1)], -1)
    cum_count = np.concatenate([zero, np.cumsum(usable, axis=-1)], -1)
    size = values.shape[-1]
    blocks = span // block
    # Block k of each start covers [start - (k + 1) * block, start - k * block).
    hi = starts[:, None] - np.arange(blocks)[None, :] * block
    lo = hi - block
    inside = lo >= 0
    lo, hi = np.clip(lo, 0, size), np.clip(hi, 0, size)
    observed = cum_values[..., hi] - cum_values[..., lo]
    expected = cum_profile[..., hi] - cum_profile[..., lo]
    full = inside & ((cum_count[..., hi] - cum_count[..., lo]) >= min_share * block)
    full &= expected > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        ratios = np.where(full, observed / expected, np.nan)
    enough = full.sum(axis=-1) >= min_share * blocks
    medians = np.full(enough.shape, np.nan)
    if enough.any():
        medians[enough] = _nanmedian(ratios[enough], axis=-1)
    return medians
