"""The effect of an event on any regular series: a CausalImpact-style counterfactual.

What would the series have been in the post period without the event? A least-squares
regression fitted on the pre period (:mod:`claimstats.estimate.regression`: intercept,
covariates, seasonal terms, optional trend) predicts it. How far off can such a
prediction be on normal data? The same model is back-tested on placebo windows: for many
earlier dates it is fitted only on the data before the date and predicts the stretch of
the post period's length after it. The effect is compared with those prediction errors:

- the interval of the cumulative prediction (and of the effect) is the prediction plus or
  minus the error size that ``confidence`` of the placebo windows stay within, taken at
  an order-statistic rank that covers a new window at the nominal level; with too few
  windows, a t prediction interval of their errors, wider the fewer there are;
- the p-value is the share of placebo windows whose error is at least as far from zero
  as the effect, counting the real window itself (two-sided: on data without an effect
  it is uniform, so a null effect is not called significant more often than it should).
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd

from claimstats.errors import ConfigError, DataError
from claimstats.estimate.calibration import Calibration, min_placebos
from claimstats.estimate.regression import Design, LinearFit, backtest_errors, design
from claimstats.models import Effect, EffectPoint, Note

__all__ = ["counterfactual"]

Label = datetime | int


def counterfactual(
    y: object,
    X: object = None,  # noqa: N803 - the name every regression user expects
    *,
    pre: tuple[object, object],
    post: tuple[object, object],
    confidence: float = 0.95,
    seed: int = 0,
    season: str | int | None = "auto",
    trend: bool = False,
    max_placebos: int = 500,
) -> Effect:
    """Estimate the effect of an event on a series from what it would have been without it.

    Parameters
    ----------
    y
        The series: a pandas Series on a regular DatetimeIndex (daily, hourly, weekly, ...),
        PeriodIndex or increasing integer index, or a 1-D array (positions 0, 1, ...).
    X
        Covariates not affected by the event, aligned with ``y``: a DataFrame with the
        same index, a Series, or an array with one row per point. None for none.
    pre, post
        ``(start, end)`` of the pre period (to learn from) and of the post period (to
        explain), both ends included, as labels of ``y``'s index: times for a
        DatetimeIndex (integers there are positions), labels for an integer index.
        The post period starts after the pre period ends.
    confidence
        Level of the intervals; ``1 - confidence`` is the significance threshold.
    seed
        Seed for drawing placebo windows when more than ``max_placebos`` fit.
    season
        ``"auto"``: day of the week for daily data with 3+ weeks of pre period; hour of
        the week for hourly data with 4+ weeks (hour of the day plus day of the week with
        2+ weeks, hour of the day with less); none otherwise. An integer ``p`` models a
        cycle of ``p`` points (e.g. 7 for daily data on a plain index); None, no season.
    trend
        Add a linear time trend (off by default: extrapolated trends are fragile).
    max_placebos
        Most placebo windows used for calibration.

    Returns
    -------
    Effect
        Sums over the post period (actual, predicted, effect) with intervals, the same
        per point, the relative effect, the p-value, notes, and each point for charts.

    Raises
    ------
    ConfigError
        For invalid arguments (periods, confidence, season, ...).
    DataError
        For data that cannot be used: missing values, an irregular index, misaligned
        covariates, or a pre period too short to calibrate the post period.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(1)
    >>> x = 100 + rng.normal(0, 1, 100).cumsum()
    >>> y = 1.2 * x + rng.normal(0, 1, 100)
    >>> y[70:] += 10                                    # the event: +10 a point from 70 on
    >>> eff = counterfactual(y, x, pre=(0, 69), post=(70, 99))
    >>> round(eff.average_effect), eff.effect_low < 300 < eff.effect_high, eff.significant
    (10, True, True)
    """
    _check_settings(confidence, seed, season, trend, max_placebos)
    series = _response(y)
    covariates, names = _covariates(X, y, series)
    index = series.index
    first, pre_last = _period(pre, index, "pre")
    post_first, last = _period(post, index, "post")
    if post_first <= pre_last:
        msg = (
            f"post={post!r} must start after pre={pre!r} ends ({_show(index[pre_last])}); "
            "the post period is the stretch after the event"
        )
        raise ConfigError(msg)
    values = series.to_numpy(dtype=float)[first : last + 1]
    chosen = None if covariates is None else covariates[first : last + 1]
    pre_points, gap, length = pre_last - first + 1, post_first - pre_last - 1, last - post_first + 1
    used = np.ones(len(values), dtype=bool)
    used[pre_points : pre_points + gap] = False  # the gap between the periods is not used
    _check_finite(values, chosen, names, index[first : last + 1], used)
    values = np.where(used, values, 0.0)
    if chosen is not None:
        chosen = np.where(used[:, None], chosen, 0.0)

    model = design(index[first : last + 1], chosen, pre_points, season, trend)
    origins, possible = _placebo_origins(model, pre_points, gap, length, max_placebos, seed)
    train_y = values[:pre_points]
    errors = backtest_errors(model, train_y, origins, gap, length)
    fit = LinearFit.from_rows(
        model.features[:pre_points], model.slots[:pre_points], train_y, model.levels
    )
    predicted_all = fit.predict(model.features, model.slots)
    post_rows = slice(pre_points + gap, None)
    actual = float(values[post_rows].sum())
    predicted = float(predicted_all[post_rows].sum())
    effect = actual - predicted
    calibration = Calibration(errors.sum(axis=1))
    bound = float(calibration.bound(confidence)[0])
    p_value = float(calibration.p_value_two_sided(effect, confidence)[0])
    rel, rel_low, rel_high = _relative(actual, predicted, bound)
    labels = _labels(index[first : last + 1])
    return Effect(
        method="regression",
        method_reason=_method_reason(model, pre_points, len(origins), length),
        confidence=float(confidence),
        seed=int(seed),
        pre_start=labels[0],
        pre_end=labels[pre_points - 1],
        post_start=labels[pre_points + gap],
        post_end=labels[-1],
        pre_points=pre_points,
        post_points=length,
        placebo_windows=len(origins),
        actual=actual,
        predicted=predicted,
        predicted_low=predicted - bound,
        predicted_high=predicted + bound,
        effect=effect,
        effect_low=effect - bound,
        effect_high=effect + bound,
        average_actual=actual / length,
        average_predicted=predicted / length,
        average_predicted_low=(predicted - bound) / length,
        average_predicted_high=(predicted + bound) / length,
        average_effect=effect / length,
        average_effect_low=(effect - bound) / length,
        average_effect_high=(effect + bound) / length,
        relative_effect=rel,
        relative_effect_low=rel_low,
        relative_effect_high=rel_high,
        p_value=p_value,
        notes=_notes(len(origins), possible, seed, confidence, p_value, rel_low),
        points=_points(labels, values, predicted_all, errors, pre_points, gap, confidence),
    )


def _placebo_origins(
    model: Design, pre_points: int, gap: int, length: int, max_placebos: int, seed: int
) -> tuple[np.ndarray, int]:
    """First unused row of each placebo fit (at most ``max_placebos``), and how many fit."""
    origins = np.arange(model.min_train, pre_points - gap - length + 1)
    origins = origins[(pre_points - origins) % model.align == 0]
    if len(origins) < 2:
        needed = model.min_train + gap + length + model.align
        msg = (
            f"the pre period has {pre_points} points, too few to calibrate a post period of "
            f"{length}: placebo windows need at least {needed} points before the post period "
            f"({model.min_train} to fit the model, then windows of {length}); start the pre "
            "period earlier or study a shorter post period"
        )
        raise DataError(msg, source="y")
    possible = len(origins)
    if possible > max_placebos:
        rng = np.random.default_rng(seed)
        origins = np.sort(rng.choice(origins, size=max_placebos, replace=False))
    return origins, possible


def _method_reason(model: Design, pre_points: int, windows: int, length: int) -> str:
    same_time = (
        ", each starting at the time of day the post period starts" if model.align > 1 else ""
    )
    return (
        f"Least squares of the series on {', '.join(model.terms)}, fitted on the "
        f"{pre_points} points of the pre period. Interval and p-value from {windows} placebo "
        f"windows of {length} points inside the pre period{same_time}, each predicted by the "
        "same model fitted only on the data before it: the effect is read against the "
        "prediction errors on those normal windows."
    )


def _points(
    labels: list[Label],
    values: np.ndarray,
    predicted: np.ndarray,
    errors: np.ndarray,
    pre_points: int,
    gap: int,
    confidence: float,
) -> list[EffectPoint]:
    """Each point of the pre and post periods with a band for charts.

    Pre period: the fit plus or minus the spread of its residuals. Post period: the
    prediction plus or minus the placebo errors at the same distance from the start.
    """
    residuals = values[:pre_points] - predicted[:pre_points]
    fit_bound = float(Calibration(residuals).bound(confidence)[0])
    post_bounds = Calibration(errors.T).bound(confidence)  # one row per point of the window
    bounds = np.concatenate([np.full(pre_points, fit_bound), np.zeros(gap), post_bounds])
    low, high = predicted - bounds, predicted + bounds
    rows = np.r_[0:pre_points, pre_points + gap : len(values)]
    return [
        EffectPoint(
            at=labels[i],
            actual=float(values[i]),
            predicted=float(predicted[i]),
            predicted_low=float(low[i]),
            predicted_high=float(high[i]),
            post=bool(i >= pre_points + gap),
        )
        for i in rows
    ]


def _check_settings(
    confidence: float, seed: int, season: object, trend: object, max_placebos: int
) -> None:
    if not isinstance(confidence, float | int) or not 0 < confidence < 1:
        msg = f"confidence={confidence!r} must lie between 0 and 1, e.g. 0.95"
        raise ConfigError(msg)
    if not isinstance(seed, int | np.integer) or isinstance(seed, bool):
        msg = f"seed={seed!r} must be an integer, e.g. 0"
        raise ConfigError(msg)
    if not isinstance(trend, bool | np.bool_):
        msg = f"trend={trend!r} must be True or False"
        raise ConfigError(msg)
    numeric = isinstance(season, int | np.integer) and not isinstance(season, bool)
    if not (season is None or season == "auto" or (numeric and season >= 2)):
        msg = (
            f"season={season!r} must be 'auto', None, or a cycle length of 2 or more points, e.g. 7"
        )
        raise ConfigError(msg)
    if (
        not isinstance(max_placebos, int | np.integer)
        or isinstance(max_placebos, bool)
        or max_placebos < 2
    ):
        msg = f"max_placebos={max_placebos!r} must be an integer of at least 2, e.g. 500"
        raise ConfigError(msg)


def _response(y: object) -> pd.Series:
    """``y`` as a float Series on a usable index (DatetimeIndex, or increasing integers)."""
    if isinstance(y, pd.DataFrame):
        msg = (
            "y is a DataFrame; pass the series to explain as y=frame['column'] and covariates as X"
        )
        raise ConfigError(msg)
    if isinstance(y, pd.Series):
        series = y
    else:
        array = np.asarray(y)
        if array.ndim != 1:
            msg = f"y must be one-dimensional (a Series or 1-D array); got shape {array.shape}"
            raise ConfigError(msg)
        series = pd.Series(array)
    if not pd.api.types.is_numeric_dtype(series.dtype) or pd.api.types.is_bool_dtype(series.dtype):
        msg = f"y holds non-numeric values ({series.dtype}); it must be numbers (counts, amounts, ...)"
        raise DataError(msg, source="y")
    if len(series) < 3:
        msg = f"y has {len(series)} points; a counterfactual needs a pre and a post period"
        raise DataError(msg, source="y")
    index = series.index
    if isinstance(index, pd.PeriodIndex):
        index = index.to_timestamp()
    if isinstance(index, pd.DatetimeIndex):
        index = _regular(index)
    elif not pd.api.types.is_integer_dtype(index.dtype):
        msg = (
            f"y's index holds {index.dtype} labels; use a DatetimeIndex, a PeriodIndex or "
            "integer positions (e.g. y.reset_index(drop=True))"
        )
        raise ConfigError(msg)
    elif not index.is_monotonic_increasing or not index.is_unique:
        msg = "y's integer index must be increasing without repeats; sort it: y.sort_index()"
        raise DataError(msg, source="y")
    return pd.Series(series.to_numpy(dtype=float), index=index)


def _regular(index: pd.DatetimeIndex) -> pd.DatetimeIndex:
    """``index`` with its frequency set; a DataError unless its times are evenly spaced.

    Evenly spaced means equal steps, or equal in the calendar (months, or days across a
    daylight-saving change).
    """
    if index.hasnans:
        msg = "y's index has missing times (NaT); drop or fill those rows"
        raise DataError(msg, source="y")
    steps = index[1:] - index[:-1]
    if (steps <= pd.Timedelta(0)).any():
        where = _show(index[1:][steps <= pd.Timedelta(0)][0])
        msg = (
            f"y's times are not increasing (at {where}); sort them and drop repeats: y.sort_index()"
        )
        raise DataError(msg, source="y")
    with_freq = pd.DatetimeIndex(index, freq="infer")
    if with_freq.freq is None and (steps != steps[0]).any():
        odd = steps[steps != steps[0]][0]
        where = _show(index[1:][steps != steps[0]][0])
        msg = (
            f"y's times are not evenly spaced: steps of {steps[0]} and {odd} (at {where}); "
            "put the series on a regular grid first, e.g. y.resample('1h').sum() or "
            "y.asfreq('D')"
        )
        raise DataError(msg, source="y")
    return with_freq


def _covariates(X: object, y: object, series: pd.Series) -> tuple[np.ndarray | None, list[str]]:  # noqa: N803
    """Covariates as a float matrix aligned with ``series``, and their names."""
    if X is None:
        return None, []
    if isinstance(X, pd.Series):
        X = X.to_frame(name=X.name if X.name is not None else "x")  # noqa: N806
    if isinstance(X, pd.DataFrame):
        frame = X
        if isinstance(y, pd.Series) and not frame.index.equals(y.index):
            msg = (
                "X's index does not match y's; align them first, e.g. X = X.reindex(y.index) "
                "(covariates must cover every point of y)"
            )
            raise DataError(msg, source="X")
    else:
        array = np.asarray(X)
        if array.ndim == 1:
            array = array[:, None]
        if array.ndim != 2:
            msg = f"X must be a DataFrame or a 1-D/2-D array; got shape {array.shape}"
            raise ConfigError(msg)
        frame = pd.DataFrame(array, columns=[f"column {i}" for i in range(array.shape[1])])
    if len(frame) != len(series):
        msg = f"X has {len(frame)} rows but y has {len(series)} points; give one row per point of y"
        raise DataError(msg, source="X")
    names = [str(name) for name in frame.columns]
    for name, column in zip(names, frame.columns, strict=True):
        dtype = frame[column].dtype
        if not pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype):
            msg = f"covariate {name!r} holds {dtype} values; covariates must be numbers"
            raise DataError(msg, source="X")
    if not names:
        return None, []
    return frame.to_numpy(dtype=float), names


def _period(period: object, index: pd.Index, name: str) -> tuple[int, int]:
    """First and last position of ``period`` (both ends included) in ``index``."""
    example = "('2026-01-01', '2026-03-31')" if isinstance(index, pd.DatetimeIndex) else "(0, 69)"
    if not isinstance(period, tuple | list) or len(period) != 2:
        msg = f"{name}={period!r} must be a (start, end) pair, e.g. {name}={example}"
        raise ConfigError(msg)
    start = _locate(period[0], index, name, "left")
    end = _locate(period[1], index, name, "right") - 1
    if start > end:
        msg = (
            f"{name}={tuple(period)!r} holds no point of y, which runs from {_show(index[0])} "
            f"to {_show(index[-1])}; check the order and the range of {name}"
        )
        raise ConfigError(msg)
    return start, end


def _locate(value: object, index: pd.Index, name: str, side: str) -> int:
    """Insertion position of ``value`` in ``index`` (positions for ints on a time index)."""
    positional = isinstance(value, int | np.integer) and not isinstance(value, bool)
    if isinstance(index, pd.DatetimeIndex) and positional:
        if not 0 <= value < len(index):
            msg = f"{name} position {value} is outside y's {len(index)} points (0 to {len(index) - 1})"
            raise ConfigError(msg)
        return int(value) + (side == "right")
    if isinstance(index, pd.DatetimeIndex):
        try:
            stamp = pd.Timestamp(value)
        except (TypeError, ValueError) as exc:
            msg = f"{name} bound {value!r} is not a time; pass e.g. '2026-03-01' or a Timestamp"
            raise ConfigError(msg) from exc
        if stamp is pd.NaT:
            msg = f"{name} bound is empty; pass a time such as '2026-03-01'"
            raise ConfigError(msg)
        if stamp.tzinfo is None and index.tz is not None:
            stamp = stamp.tz_localize(index.tz)
        elif stamp.tzinfo is not None and index.tz is None:
            msg = (
                f"{name} bound {value!r} has a time zone but y's times have none; "
                "pass it without offset, or localise y (y.tz_localize('UTC'))"
            )
            raise ConfigError(msg)
        return int(index.searchsorted(stamp, side=side))
    if not positional:
        msg = f"{name} bound {value!r} must be an integer label of y's index, e.g. {name}=(0, 69)"
        raise ConfigError(msg)
    return int(index.searchsorted(value, side=side))


def _check_finite(
    values: np.ndarray,
    covariates: np.ndarray | None,
    names: list[str],
    index: pd.Index,
    used: np.ndarray,
) -> None:
    bad = ~np.isfinite(values) & used
    if bad.any():
        msg = (
            f"y has {int(bad.sum())} missing or infinite "
            f"value{'' if bad.sum() == 1 else 's'} in the periods, e.g. at "
            f"{', '.join(_show(v) for v in index[bad][:3])}; fill them (y.interpolate(), or 0 "
            "for counts) or choose periods without them"
        )
        raise DataError(msg, source="y")
    if covariates is None:
        return
    bad_cells = ~np.isfinite(covariates) & used[:, None]
    if bad_cells.any():
        columns = [names[j] for j in np.flatnonzero(bad_cells.any(axis=0))]
        at = index[bad_cells.any(axis=1)]
        msg = (
            f"covariates {columns} have missing or infinite values in the periods, e.g. at "
            f"{', '.join(_show(v) for v in at[:3])}; fill them or leave those covariates out"
        )
        raise DataError(msg, source="X")


def _relative(
    actual: float, predicted: float, bound: float
) -> tuple[float | None, float | None, float | None]:
    """``effect / predicted`` and its interval; None where the counterfactual may be zero."""
    relative = (actual - predicted) / predicted if predicted != 0 else None
    low, high = predicted - bound, predicted + bound
    if low <= 0 <= high:
        return relative, None, None
    ends = sorted((actual / high - 1, actual / low - 1))
    return relative, ends[0], ends[1]


def _notes(
    count: int, possible: int, seed: int, confidence: float, p_value: float, rel_low: float | None
) -> list[Note]:
    notes: list[Note] = []
    minimum = min_placebos(confidence)
    if count < minimum:
        notes.append(Note(code="few_placebos", values={"count": count, "minimum": minimum}))
    elif p_value <= 1 / (count + 1) + 1e-12:
        notes.append(Note(code="p_value_floor", values={"count": count, "p_value": p_value}))
    if possible > count:
        drawn = {"count": count, "possible": possible, "seed": seed}
        notes.append(Note(code="placebos_drawn", values=drawn))
    if rel_low is None:
        notes.append(Note(code="relative_undefined"))
    return notes


def _labels(index: pd.Index) -> list[Label]:
    """Plain labels for the result: UTC datetimes (naive times stay naive) or integers."""
    if isinstance(index, pd.DatetimeIndex):
        if index.tz is not None:
            index = index.tz_convert("UTC")
        return list(index.to_pydatetime())
    return [int(v) for v in index]


def _show(label: object) -> str:
    """A label as text for messages."""
    if isinstance(label, pd.Timestamp):
        return label.isoformat()
    return str(label)
