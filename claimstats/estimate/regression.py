"""The regression behind :func:`claimstats.estimate.effect.counterfactual`, and its back-test.

The model is ordinary least squares of the series on a level for each seasonal slot
(day of the week for daily data; hour of the week, or hour of the day plus day of the
week, for hourly data; a single level when there is no season), the covariates and an
optional linear trend:

    y[t] = level[slot(t)] + covariates[t] . slopes + error[t]

It is solved the way fixed-effects regressions are: the slopes from the covariates'
deviations from their slot means, then each slot's level from its own mean. That is
the same fit as one indicator column per slot, at the cost of the covariates only.
Covariates are standardised on the pre period; a tiny ridge penalty (``1e-8`` per row, a
numerical safeguard, not a shrinkage) keeps the fit defined when a covariate is constant
or two are collinear. A slot not seen in the data a fit learns from gets the overall level.

The back-test refits the same model on the data before each of many earlier dates and
predicts the stretch of the post period's length that follows it: the prediction errors
on those placebo windows are what the real post period is read against.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["Design", "LinearFit", "backtest_errors", "design"]

_PENALTY = 1e-8  # per row: standardised columns have a diagonal of about one per row
_DAY = pd.Timedelta("1D")
_WEEK = pd.Timedelta("7D")


@dataclass(frozen=True)
class Design:
    """The regressors of every point from the start of the pre period to the end of the post.

    Attributes
    ----------
    features
        One row per point, one column per covariate (and trend or day-of-week column).
    slots
        The seasonal slot of each point, ``0 .. levels - 1`` (all 0 without a season).
    levels
        Number of seasonal slots, each with its own level.
    terms
        Plain-language names of the model's parts, for the method description.
    min_train
        Fewest points a fit needs: twice the parameters, and two seasonal cycles.
    align
        Placebo windows start a multiple of this many points before the post period, so
        that they begin at the same time of day (1 for daily or positional data).
    """

    features: np.ndarray
    slots: np.ndarray
    levels: int
    terms: tuple[str, ...]
    min_train: int
    align: int


class _Sums:
    """Running sums of the rows a fit learns from: per slot, and over all rows."""

    def __init__(self, width: int, levels: int) -> None:
        self.count = np.zeros(levels)
        self.feature = np.zeros((levels, width))
        self.target = np.zeros(levels)
        self.cross = np.zeros((width, width))
        self.feature_target = np.zeros(width)

    def add(self, features: np.ndarray, slots: np.ndarray, target: np.ndarray) -> None:
        levels = len(self.count)
        self.count += np.bincount(slots, minlength=levels)
        self.target += np.bincount(slots, weights=target, minlength=levels)
        for column in range(features.shape[1]):
            self.feature[:, column] += np.bincount(slots, features[:, column], levels)
        self.cross += features.T @ features
        self.feature_target += features.T @ target


class LinearFit:
    """Least squares with a level per seasonal slot and common slopes, fitted from sums.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.arange(8.0)[:, None]; slots = np.array([0, 1] * 4)
    >>> y = 2 + 3 * x[:, 0] + 10 * slots                    # slot 1 sits 10 higher
    >>> fit = LinearFit.from_rows(x, slots, y, levels=2)
    >>> fit.predict(np.array([[10.0], [10.0]]), np.array([0, 1])).round(6).tolist()
    [32.0, 42.0]
    """

    def __init__(self, sums: _Sums) -> None:
        seen = sums.count > 0
        count = sums.count[seen]
        total = float(count.sum())
        feature_sum, target_sum = sums.feature[seen], sums.target[seen]
        width = sums.cross.shape[0]
        if width:
            # Slopes from deviations from the slot means (the levels are not penalised).
            means = feature_sum / count[:, None]
            gram = sums.cross - means.T @ feature_sum
            gram[np.diag_indices(width)] += _PENALTY * total
            rhs = sums.feature_target - means.T @ target_sum
            self.coef = np.linalg.solve(gram, rhs)
        else:
            self.coef = np.zeros(0)
        overall = (target_sum.sum() - feature_sum.sum(axis=0) @ self.coef) / total
        self.level = np.full(len(sums.count), overall)
        self.level[seen] = (target_sum - feature_sum @ self.coef) / count

    @classmethod
    def from_rows(
        cls, features: np.ndarray, slots: np.ndarray, target: np.ndarray, levels: int
    ) -> LinearFit:
        """Fit on the given rows."""
        sums = _Sums(features.shape[1], levels)
        sums.add(features, slots, target)
        return cls(sums)

    def predict(self, features: np.ndarray, slots: np.ndarray) -> np.ndarray:
        """Predictions for rows with these regressors and slots."""
        return self.level[slots] + features @ self.coef


def design(
    index: pd.Index,
    covariates: np.ndarray | None,
    pre_points: int,
    season: str | int | None,
    trend: bool,
) -> Design:
    """Regressors for the points of ``index`` (pre period first, then up to the post's end).

    Parameters
    ----------
    index
        The points' labels: a regular DatetimeIndex, or integer labels.
    covariates
        One column per covariate, aligned with ``index``; None for none.
    pre_points
        How many of the first points form the pre period (standardisation uses them).
    season
        ``"auto"`` picks the season from the spacing of a DatetimeIndex; an integer ``p``
        gives each position modulo ``p`` its own level; None, a single level.
    trend
        Add a linear time trend.

    Returns
    -------
    Design

    Examples
    --------
    >>> import pandas as pd
    >>> days = pd.date_range("2026-03-02", periods=42, freq="D")
    >>> d = design(days, None, 35, "auto", trend=False)
    >>> d.levels, d.slots[:8].tolist(), d.terms, d.min_train
    (7, [0, 1, 2, 3, 4, 5, 6, 0], ('a level for each day of the week',), 17)
    """
    columns: list[np.ndarray] = []
    terms: list[str] = []
    slots, levels, label, extra, cycle, align = _season(index, pre_points, season)
    terms.append(label)
    if extra is not None:
        columns.append(extra)
    if covariates is not None and covariates.shape[1]:
        head = covariates[:pre_points]
        spread = head.std(axis=0)
        spread[spread == 0] = 1.0
        columns.append((covariates - head.mean(axis=0)) / spread)
        count = covariates.shape[1]
        terms.append(f"{count} covariate{'s' if count > 1 else ''}")
    if trend:
        time = np.arange(len(index), dtype=float)
        head = time[:pre_points]
        columns.append(((time - head.mean()) / max(head.std(), 1.0))[:, None])
        terms.append("a linear trend")
    features = np.hstack(columns) if columns else np.zeros((len(index), 0))
    parameters = levels + features.shape[1]
    min_train = max(2 * parameters, parameters + 10, cycle)
    return Design(features, slots, levels, tuple(terms), min_train, align)


def _weekday_columns(weekday: np.ndarray) -> np.ndarray:
    """0/1 columns for Tuesday .. Sunday (Monday is the baseline)."""
    return (weekday[:, None] == np.arange(1, 7)[None, :]).astype(float)


def _season(
    index: pd.Index, pre_points: int, season: str | int | None
) -> tuple[np.ndarray, int, str, np.ndarray | None, int, int]:
    """Slots, their number, a name, extra columns, two cycles in points, placebo alignment."""
    size = len(index)
    if isinstance(season, int | np.integer):
        slots = np.arange(size) % int(season)
        return (
            slots,
            int(season),
            f"a level for each point of a {season}-point cycle",
            None,
            2 * int(season),
            1,
        )
    single = (np.zeros(size, dtype=np.int64), 1, "an intercept", None, 0, 1)
    if season is None or not isinstance(index, pd.DatetimeIndex) or size < 2:
        return single
    step = index[1] - index[0]
    span = index[min(pre_points, size) - 1] - index[0] + step
    weekday = np.asarray(index.day_of_week, dtype=np.int64)
    daily = index.freq is not None and index.freq.freqstr == "D"
    if daily or step == _DAY:
        if span < 3 * _WEEK:
            return single
        return weekday, 7, "a level for each day of the week", None, 14, 1
    if step >= _DAY or _DAY % step != pd.Timedelta(0):
        return single
    per_day = int(_DAY / step)
    seconds = np.asarray(index.hour * 3600 + index.minute * 60 + index.second, dtype=np.int64)
    slot = np.minimum(seconds // int(step.total_seconds()), per_day - 1)
    minutes = int(step.total_seconds() // 60)
    name = "hour" if minutes == 60 else f"{minutes}-minute slot"
    if span >= 4 * _WEEK and 7 * per_day <= 168:
        label = f"a level for each {name} of the week"
        return weekday * per_day + slot, 7 * per_day, label, None, 14 * per_day, per_day
    if span >= 2 * _WEEK:
        label = f"a level for each {name} of the day, and the day of the week"
        return slot, per_day, label, _weekday_columns(weekday), 7 * per_day, per_day
    return slot, per_day, f"a level for each {name} of the day", None, 2 * per_day, per_day


def backtest_errors(
    model: Design,
    target: np.ndarray,
    origins: np.ndarray,
    gap: int,
    length: int,
) -> np.ndarray:
    """Prediction errors on placebo windows, each predicted from the data before it.

    For each origin ``o`` the model is fitted on rows ``[0, o)`` and predicts rows
    ``[o + gap, o + gap + length)``; the fits share running sums, so each row is added
    once.

    Parameters
    ----------
    model
        The regressors (only rows of the pre period are used).
    target
        The series over the pre period.
    origins
        Sorted first rows *not* used for fitting.
    gap
        Points between the end of the fitting data and the window (as between the pre
        and the post period).
    length
        Points in each window (the post period's length).

    Returns
    -------
    numpy.ndarray
        ``actual - predicted``, one row per origin, one column per point of the window.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.arange(20.0)[:, None]; y = 1 + 2 * x[:, 0]
    >>> y[12] += 5                                  # one unusual point
    >>> flat = Design(x, np.zeros(20, dtype=int), 1, (), 4, 1)
    >>> errors = backtest_errors(flat, y, np.array([8, 10]), gap=0, length=3)
    >>> (errors.round(6) + 0.0).tolist()
    [[0.0, 0.0, 0.0], [0.0, 0.0, 5.0]]
    """
    features, slots = model.features, model.slots
    sums = _Sums(features.shape[1], model.levels)
    done = 0
    errors = np.empty((len(origins), length))
    for row, origin in enumerate(origins):
        sums.add(features[done:origin], slots[done:origin], target[done:origin])
        done = origin
        fit = LinearFit(sums)
        window = slice(origin + gap, origin + gap + length)
        errors[row] = target[window] - fit.predict(features[window], slots[window])
    return errors
