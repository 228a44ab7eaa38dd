"""One outage, many merchants: the loss of each, estimated together.

A platform or an insurer assesses one outage across every affected merchant.
:func:`estimate_loss_batch` buckets all their orders in one pass of the engine that holds
them (:mod:`claimstats.engines.tables`: DuckDB for files, any ibis backend), then runs the
seasonal estimator of :func:`claimstats.estimate_loss` on every merchant at once: the
series are rows of one array, and profiles, levels, placebo windows, intervals and
p-values are array operations over all rows (in chunks, for the progress bar and to
bound memory). Each merchant gets the numbers that
``estimate_loss(..., settings={"method": "seasonal"})`` gives on its own orders.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from claimstats._time import bucket_size
from claimstats.engines.sums import bucket_table, checked, run_buckets, window_sums
from claimstats.engines.tables import EngineSettings, order_table
from claimstats.errors import ConfigError, DataError
from claimstats.estimate.calibration import candidate_shifts, placebo_shifts
from claimstats.estimate.candidates import LEVEL_DAYS, Layout, seasonal_fit
from claimstats.estimate.catch_up import recovery_lengths, recovery_steps
from claimstats.estimate.figures import Measure, Pattern, loss_figures
from claimstats.estimate.loss import MIN_HISTORY_DAYS, check_loss_inputs, step_weights
from claimstats.estimate.seasonal import level_at, unusual_days
from claimstats.models import EstimatorSettings, LossEstimate
from claimstats.series import window_coverage
from claimstats.units import field_unit, rounded_columns

__all__ = ["BATCH_COLUMNS", "estimate_loss_batch", "rounded_results"]

#: the :class:`~claimstats.models.LossEstimate` fields of each row, after the group
BATCH_COLUMNS = (
    "currency", "method", "placebo_windows", "average_order_value",
    "expected_orders", "actual_orders", "lost_orders", "lost_orders_low", "lost_orders_high",
    "recovered_orders", "recovered_orders_low", "recovered_orders_high",
    "net_lost_orders", "net_lost_orders_low", "net_lost_orders_high",
    "expected_revenue", "actual_revenue", "lost_revenue", "lost_revenue_low",
    "lost_revenue_high", "recovered_revenue", "recovered_revenue_low",
    "recovered_revenue_high", "net_lost_revenue", "net_lost_revenue_low",
    "net_lost_revenue_high", "lost_profit", "lost_profit_low", "lost_profit_high",
    "claim_amount", "claim_amount_low", "claim_amount_high", "p_value", "problem",
)  # fmt: skip


def estimate_loss_batch(
    source: Any,
    incidents: pd.DataFrame,
    by: str = "merchant_id",
    *,
    channel: str | None = None,
    margin: float | None = None,
    settings: EstimatorSettings | Mapping[str, Any] | None = None,
    engine: EngineSettings | None = None,
    chunk: int = 1000,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Estimate the loss of every group (merchant) of the orders from the same incidents.

    Parameters
    ----------
    source
        The orders of all merchants, with a ``by`` column: a canonical order frame, a
        path, glob or list of CSV/Parquet files in the generic layout, or an ibis table
        on any backend (see :func:`claimstats.engines.bucket_orders`).
    incidents
        Merged incidents (:func:`claimstats.incidents`), the same for every merchant.
    by
        The column naming the merchant.
    channel
        Count only this channel's orders (e.g. ``"whatsapp"``); None counts all.
    margin
        As for :func:`claimstats.estimate_loss`.
    settings
        As for :func:`claimstats.estimate_loss` (:class:`claimstats.EstimatorSettings`),
        but the method is ``"seasonal"`` (the default here): the control and regression
        methods fit a model per merchant and are left to :func:`claimstats.estimate_loss`.
    engine
        How files are read (:class:`EngineSettings`).
    chunk
        Merchants estimated together in one array step; bounds memory (about
        ``chunk`` times 60 KB per week of hourly history).
    progress
        Show a progress bar: None shows one only on a terminal.

    Returns
    -------
    pandas.DataFrame
        One row per group, sorted: the group, then :data:`BATCH_COLUMNS`. ``problem``
        is missing (NaN) when the merchant was estimated; otherwise it says why not (too
        little history, several currencies, no order, orders ending before the outage
        ends) and the numbers are missing.

    Notes
    -----
    Each merchant's series spans its own orders (of every channel), from the day of its
    first to its last, as ``estimate_loss`` sees them. Two differences remain: every
    order is valued at the merchant's average order value in the baseline
    (``estimate_loss`` also checks whether values vary by hour), and recovery windows
    are cut at the last order of the whole source, not of each merchant.

    Examples
    --------
    >>> import claimstats as cs, pytest
    >>> from claimstats.datasets import make_sample
    >>> claim = make_sample(seed=0)
    >>> orders = claim.orders.assign(merchant_id="M1")
    >>> rows = estimate_loss_batch(orders, cs.incidents(claim.outages), channel="whatsapp")
    >>> one = cs.estimate_loss(claim.orders, cs.incidents(claim.outages), channel="whatsapp",
    ...                        settings={"method": "seasonal"})
    >>> bool(rows["lost_orders"].iloc[0] == pytest.approx(one.lost_orders, rel=1e-12))
    True
    >>> round(one.lost_orders, 1)
    206.8
    """
    if not isinstance(settings, EstimatorSettings):
        settings = EstimatorSettings.model_validate({"method": "seasonal", **(settings or {})})
    if settings.method != "seasonal":
        msg = (
            f"method={settings.method!r}: the batch runs the seasonal method for every "
            "merchant (pass EstimatorSettings(method='seasonal', ...)); estimate a merchant "
            "with claimstats.estimate_loss for the auto, control or regression method"
        )
        raise ConfigError(msg)
    check_loss_inputs(incidents, margin)
    freq, confidence = settings.freq, settings.confidence
    step = bucket_size(freq)
    windows = incidents[["start", "end"]].sort_values("start").reset_index(drop=True)
    lengths = recovery_lengths(settings.recovery)
    # the steps as far as they go; cut at the end of the data below, where no order lies
    beyond = windows["end"].max() + max(lengths, default=pd.Timedelta(0))
    frame, totals = _group_buckets(
        source, by, channel, freq, windows, recovery_steps(windows, lengths, beyond), engine
    )
    data_end = pd.Timestamp(int(frame["last_second"].max()), unit="s", tz="UTC")
    if windows["end"].max() > data_end:
        msg = (
            f"the orders end at {data_end}, before the last outage ends at "
            f"{windows['end'].max()}; export orders up to at least the end of the outage"
        )
        raise DataError(msg, source="orders")
    grid = pd.date_range(
        frame["bucket"].min().floor("D"), data_end.floor(step), freq=step, unit="us"
    )
    arrays = _arrays(frame, by, grid, step, totals)
    del frame  # the arrays hold what is needed; free the engine's rows before estimating
    arrays["ends_early"] = arrays["last"] < windows["end"].max()
    steps = recovery_steps(windows, lengths, data_end)
    outage_share = window_coverage(grid, freq, windows)
    shape = _Shape(
        grid, step, outage_share, step_weights(grid, freq, steps, len(windows)), settings
    )
    results = _estimate_rows(arrays, shape, confidence, chunk, progress)
    return _result_frame(arrays, results, by, margin)


def rounded_results(results: pd.DataFrame) -> pd.DataFrame:
    """The batch's results as they are written out: each number rounded for what it is.

    Money to the minor unit of the row's currency, orders to 0.1, p-values to 4
    significant digits (:mod:`claimstats.units`), so that a results file has the same
    bytes on any machine.

    Examples
    --------
    >>> frame = pd.DataFrame({"currency": ["CNY"], "lost_orders": [206.764], "p_value": [0.025]})
    >>> rounded_results(frame).values.tolist()
    [['CNY', 206.8, 0.025]]
    """
    fields = LossEstimate.model_fields
    return rounded_columns(results, {name: field_unit(fields[name]) for name in fields})


def _group_buckets(source, by, channel, freq, windows, steps, engine) -> tuple:
    """Every group's buckets by currency, and each group's exact sums in the outages and
    in each recovery step (``recovery_<row>_``, a row of ``steps`` each)."""
    table = order_table(source, engine, keep=[by])
    spans = {
        "outage": list(zip(windows["start"], windows["end"], strict=True)),
        **{
            f"recovery_{row}": [(a, b)]
            for row, (a, b) in enumerate(zip(steps["start"], steps["end"], strict=True))
        },
    }
    only = None if channel is None else {"channel": channel}
    expression = bucket_table(table, freq, [by, "currency"], None, only)
    used = ["bucket", by, "currency", "orders", "revenue", "unknown", "unpriced"]
    expression = expression.select(*used, "first_second", "last_second")
    frame = checked(run_buckets(expression, [by, "currency"], source), table)
    if frame.empty or not frame["orders"].any():
        where = f" of channel {channel!r}" if channel is not None else ""
        msg = f"there are no completed orders{where} to estimate; check the source and the channel"
        raise DataError(msg, source="orders")
    totals = window_sums(table, [by], spans, only)
    return frame, totals.assign(**{by: totals[by].astype(str)}).set_index(by)


class _Shape:
    """What every merchant shares: the grid, the pattern, the candidate placebo shifts."""

    def __init__(self, grid, step, outage_share, step_share, settings: EstimatorSettings):
        weeks = settings.baseline_weeks
        self.grid, self.step, self.weeks = grid, step, weeks
        self.max_placebos, self.seed = settings.max_placebos, settings.seed
        self.per_day = int(pd.Timedelta("1D") / step)
        self.period = 7 * self.per_day
        self.excluded = (outage_share > 0) | (step_share.sum(axis=(0, 2)) > 0)
        self.pattern = np.flatnonzero(self.excluded)
        self.first = int(self.pattern.min())
        self.w_share = outage_share[self.pattern]
        self.steps = step_share[:, self.pattern, :]
        self.r_share = self.steps.sum(axis=(0, 2))
        self.shifts, self.positions = candidate_shifts(self.pattern, len(grid), self.per_day)
        self.fits = ~self.excluded[self.positions].any(axis=1)


def _arrays(frame: pd.DataFrame, by: str, grid: pd.DatetimeIndex, step, totals) -> dict:
    """Orders and revenue per group and bucket, window sums and the currency per group."""
    row, groups = pd.factorize(frame[by].astype(str), sort=True)
    groups = np.asarray(groups, dtype=object)
    column = ((frame["bucket"] - grid[0]) // step).to_numpy(np.int64)
    size = len(groups) * len(grid)
    where = row * len(grid) + column

    def matrix(values: pd.Series) -> np.ndarray:
        summed = np.bincount(where, weights=values.to_numpy(float), minlength=size)
        return summed.reshape(len(groups), len(grid))

    # Each merchant's own span, as estimate_loss sees its orders: from the day of its
    # first order to the bucket of its last; outside it the grid holds no value (NaN).
    seconds = pd.DataFrame(
        {"row": row, "first": frame["first_second"], "last": frame["last_second"]}
    )
    span = seconds.groupby("row").agg(first=("first", "min"), last=("last", "max"))
    first = pd.to_datetime(span["first"].to_numpy(), unit="s", utc=True)
    last = pd.to_datetime(span["last"].to_numpy(), unit="s", utc=True)
    begin = np.asarray((first.floor("D") - grid[0]) // step, dtype=np.int64)
    finish = np.asarray((last.floor(step) - grid[0]) // step, dtype=np.int64)
    column_index = np.arange(len(grid))[None, :]
    outside = (column_index < begin[:, None]) | (column_index > finish[:, None])

    sold = (frame["orders"] > 0).to_numpy()
    pairs = pd.DataFrame(
        {"group": groups[row[sold]], "currency": frame["currency"].to_numpy()[sold]}
    )
    found: dict[str, list[str]] = {}
    for group, code in pairs.drop_duplicates().sort_values("currency").itertuples(index=False):
        found.setdefault(group, []).append(code)
    return {
        "groups": groups,
        "values": np.where(outside, np.nan, matrix(frame["orders"])),
        "revenue": np.where(outside, np.nan, matrix(frame["revenue"])),
        "last": last,
        "begin": begin,
        **{name: totals[name].reindex(groups, fill_value=0).to_numpy(float) for name in totals.columns},
        "currency": [found.get(group, []) for group in groups],
    }  # fmt: skip


def _estimate_rows(arrays: dict, shape: _Shape, confidence: float, chunk: int, progress) -> dict:
    """The estimates of every group, computed ``chunk`` groups at a time."""
    from tqdm import tqdm

    count = len(arrays["groups"])
    parts: list[dict] = []
    with tqdm(
        total=count, unit="merchant", disable=None if progress is None else not progress
    ) as bar:
        for first in range(0, count, max(int(chunk), 1)):
            rows = slice(first, min(first + chunk, count))
            parts.append(_estimate_chunk(arrays, rows, shape, confidence))
            bar.update(rows.stop - rows.start)
    return {key: np.concatenate([part[key] for part in parts]) for key in parts[0]}


def _sum_before(series: np.ndarray, start: np.ndarray, stop: int) -> np.ndarray:
    """Each row's sum over the columns from its own ``start`` to ``stop`` (NaN as 0)."""
    total = np.cumsum(np.nan_to_num(series), axis=1)
    before = np.where(start > 0, total[np.arange(len(series)), np.maximum(start - 1, 0)], 0.0)
    return total[:, stop - 1] - before if stop > 0 else np.zeros(len(series))


def _estimate_chunk(arrays: dict, rows: slice, shape: _Shape, confidence: float) -> dict:
    """The seasonal estimate of a block of groups, as array operations over the block."""
    values, revenue = arrays["values"][rows], arrays["revenue"][rows]
    excluded, pattern, positions = shape.excluded, shape.pattern, shape.positions
    screened = excluded | unusual_days(values, excluded, shape.per_day)
    layout = Layout(
        shape.grid, shape.step, values, excluded, screened, pattern, positions,
        shape.w_share, shape.r_share, shape.weeks,
    )  # fmt: skip
    profile, level = seasonal_fit(values, layout)
    span = LEVEL_DAYS * shape.per_day
    keep = _placebos(np.isfinite(profile) & np.isfinite(values), shape)
    levels = level_at(values, profile, excluded, shape.first + shape.shifts, span, shape.per_day)
    real = level[:, None] * profile[:, pattern]
    placebo = levels[:, :, None] * profile[:, positions]
    keep &= np.isfinite(placebo).all(axis=2)
    placebo = np.where(keep[:, :, None], placebo, 0.0)
    # each merchant's baseline: the whole weeks before the outage its own orders cover
    weeks = np.minimum(
        shape.weeks, np.maximum(shape.first - arrays["begin"][rows], 0) // shape.period
    )
    start = shape.first - weeks * shape.period
    baseline_orders, baseline_revenue = (
        _sum_before(series, start, shape.first) for series in (values, revenue)
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        average = np.where(baseline_orders > 0, baseline_revenue / baseline_orders, 0.0)
    starts = positions[:, 0] if len(positions) else np.zeros(0, np.int64)
    windows, steps = shape.steps.shape[2], shape.steps.shape[0]
    measures = []
    for money in (False, True):
        name = "revenue" if money else "orders"
        value = average[:, None] if money else 1.0
        step_actual = np.stack(
            [arrays[f"recovery_{row}_{name}"][rows] for row in range(windows * steps)], axis=-1
        )
        measures.append(
            Measure(
                expected=real * value,
                placebo_expected=placebo * (average[:, None, None] if money else 1.0),
                placebo_actual=(revenue if money else values)[:, positions],
                outage_actual=arrays[f"outage_{name}"][rows],
                step_actual=step_actual.reshape(len(real), windows, steps),
                unit=np.where(average > 0, average, 1.0) if money else np.ones(len(average)),
                spread=np.sqrt(np.maximum(real, 0)) * value,
            )
        )
    pattern_shape = Pattern(shape.w_share, shape.steps, starts, pattern - pattern[0])
    found = loss_figures(*measures, pattern_shape, keep, confidence)
    out = {"real_finite": np.isfinite(real).all(axis=1) & np.isfinite(level)}
    out["average"] = average
    out |= found.numbers
    out["p_value"] = found.p_value
    out["placebo_windows"] = found.normal_days.count
    return out


def _placebos(usable: np.ndarray, shape: _Shape) -> np.ndarray:
    """Which candidate shifts each group's history can predict, as ``placebo_shifts`` picks."""
    keep = usable[:, shape.positions].all(axis=2) & shape.fits[None, :]
    for row in np.flatnonzero(keep.sum(axis=1) > shape.max_placebos):
        # Only the draw is per group (rare: more than max_placebos normal days).
        chosen = placebo_shifts(
            shape.pattern, shape.excluded, usable[row], shape.per_day, shape.max_placebos,
            shape.seed,
        )  # fmt: skip
        keep[row] = np.isin(shape.shifts, chosen)
    return keep


def _result_frame(arrays: dict, results: dict, by: str, margin: float | None) -> pd.DataFrame:
    """One row per group: the estimate's fields, or the problem that stopped it."""
    groups = arrays["groups"]
    problems = []
    for index, currencies in enumerate(arrays["currency"]):
        if not currencies:
            problems.append("no completed order; nothing to compare")
        elif len(currencies) > 1:
            problems.append(
                f"completed orders in {len(currencies)} currencies {currencies}; estimate one "
                "currency at a time"
            )
        elif arrays["ends_early"][index]:
            problems.append(
                f"its orders end at {arrays['last'][index]}, before the outage ends; export "
                "orders up to at least the end of the outage"
            )
        elif not results["real_finite"][index]:
            problems.append(
                "not enough order history before the outage (the baseline needs at least "
                f"{MIN_HISTORY_DAYS} days of normal orders before it)"
            )
        elif results["placebo_windows"][index] < 2:
            problems.append(
                f"only {int(results['placebo_windows'][index])} normal-history windows of the "
                "outage's shape; the interval cannot be calibrated"
            )
        else:
            problems.append(None)
    failed = np.array([p is not None for p in problems])
    numbers = {
        key: np.where(failed, np.nan, np.asarray(value, dtype=float))
        for key, value in results.items()
        if key not in ("real_finite", "average", "placebo_windows")
    }
    share = np.nan if margin is None else margin
    basis = "net_lost_revenue" if margin is None else "lost_profit"
    for end in ("", "_low", "_high"):
        numbers[f"lost_profit{end}"] = numbers[f"net_lost_revenue{end}"] * share
    frame = pd.DataFrame(
        {
            by: groups,
            "currency": pd.Series(
                [c[0] if len(c) == 1 else None for c in arrays["currency"]], dtype="str"
            ),
            "method": pd.Series(np.where(failed, None, "seasonal"), dtype="str"),
            "placebo_windows": np.where(failed, 0, results["placebo_windows"]).astype("int64"),
            "average_order_value": np.where(failed, np.nan, results["average"]),
            **numbers,
            **{f"claim_amount{end}": numbers[f"{basis}{end}"] for end in ("", "_low", "_high")},
            "problem": pd.Series(problems, dtype="str"),
        }
    )
    return frame[[by, *BATCH_COLUMNS]]
