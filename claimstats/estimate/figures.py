"""The figures of a loss from its arrays: gross shortfall, catch-up, net loss, intervals, p-value.

One implementation for a single claim (:func:`claimstats.estimate_loss`) and for the
batch over many merchants (:func:`claimstats.engines.estimate_loss_batch`); every array
holds one series a row. For each measure (orders, and money):

* the **gross shortfall** is expected minus actual in the outage windows, its interval
  from the same estimator's errors on the placebo windows
  (:mod:`claimstats.estimate.calibration`);
* the **catch-up** is measured after each outage (:mod:`claimstats.estimate.catch_up`):
  the recovery window chosen on the orders, the same window and the same shrinkage for
  the money;
* the **net loss** is the shortfall less the catch-up, calibrated jointly on the same
  placebo windows: each placebo's shortfall less the catch-up the same choice and
  shrinkage find after it. As they are (truth: nothing), those net losses rank the
  claim's and give its p-value; with the claim's catch-up laid over their recovery
  part and found again, their errors give the net loss's interval, so that what the
  choice and the shrinkage do to a real catch-up is in the interval too.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from claimstats.estimate.calibration import Calibration, count_spread, independent_windows
from claimstats.estimate.catch_up import (
    CatchUp,
    kept_shares,
    kept_sum,
    measure_catch_up,
    step_sums,
)

__all__ = ["Figures", "Measure", "Pattern", "loss_figures", "weighted_sum"]


def weighted_sum(values: np.ndarray, share: np.ndarray) -> np.ndarray:
    """``values @ share`` over the last axis, summed in the same order whatever the number
    of rows (unlike BLAS), so a series' numbers do not depend on the others beside it.

    ``share`` is one row for every series ``(buckets,)``, or one row per series
    ``(series, buckets)`` against ``values`` of ``(series, ..., buckets)``.

    Examples
    --------
    >>> weighted_sum(np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([1.0, 0.5])).tolist()
    [2.0, 5.0]
    >>> weighted_sum(np.ones((2, 3, 2)), np.array([[1.0, 0.0], [1.0, 1.0]])).tolist()
    [[1.0, 1.0, 1.0], [2.0, 2.0, 2.0]]
    """
    if share.ndim == 1:
        return np.einsum("...p,p->...", values, share)
    share = share.reshape(share.shape[:1] + (1,) * (values.ndim - 2) + share.shape[1:])
    return np.einsum("...p,...p->...", values, np.broadcast_to(share, values.shape))


@dataclass(frozen=True)
class Pattern:
    """The claim's windows over the pattern's buckets, the same for every series.

    Attributes
    ----------
    outage_share
        Share of each bucket inside an outage window, ``(buckets,)``.
    steps
        Share of each bucket inside each outage's recovery steps,
        ``(steps, buckets, windows)`` (:func:`claimstats.estimate.catch_up.recovery_steps`).
    starts, offsets
        First bucket of each placebo window on the grid, and each bucket's offset from
        the first: how placebos overlap.
    """

    outage_share: np.ndarray
    steps: np.ndarray
    starts: np.ndarray
    offsets: np.ndarray


@dataclass(frozen=True)
class Measure:
    """One measure (orders, or money) of a set of series, really and on each placebo.

    Attributes
    ----------
    expected
        Expected in each bucket of the pattern, ``(series, buckets)``.
    placebo_expected, placebo_actual
        Expected and actual in each bucket of each placebo, ``(series, placebos, buckets)``.
    outage_actual
        Really taken inside the outage windows (exact, not by bucket), ``(series,)``.
    step_actual
        Really taken in each recovery step of each outage (exact), ``(series, windows, steps)``.
    unit
        Worth of one order in each series (1 for orders), ``(series,)``.
    spread
        Spread of each bucket's count, ``(series, buckets)``: how much it weighs in the
        overlap of two placebos.
    """

    expected: np.ndarray
    placebo_expected: np.ndarray
    placebo_actual: np.ndarray
    outage_actual: np.ndarray
    step_actual: np.ndarray
    unit: np.ndarray
    spread: np.ndarray


@dataclass(frozen=True)
class Figures:
    """Every figure of the loss, and what the report and the checks read besides.

    Attributes
    ----------
    numbers
        The figures by their names in :class:`~claimstats.models.LossEstimate`
        (``lost_orders_low``, ``net_lost_revenue``, ...), one value per series.
    catch_up
        The recovery windows kept and the shrinkage, from the orders.
    counted
        Recovery steps counted after each outage, ``(series, windows)``: the steps kept
        where some of their surplus counts, else 0.
    money_factor
        The share of each outage's money surplus kept, ``(series, windows)``: the
        orders' factor, or 0 when the money in its kept window is not above expectation.
    normal_days
        Calibration of the net loss in money on normal days (the placebos as they are:
        the p-value and the placebo losses).
    net_expected
        Expected money over the outage and the longest recovery windows: the scale of
        the net loss's errors.
    """

    numbers: dict[str, np.ndarray]
    catch_up: CatchUp
    counted: np.ndarray
    money_factor: np.ndarray
    normal_days: Calibration
    net_expected: np.ndarray

    @property
    def p_value(self) -> np.ndarray:
        """Chance of a net loss at least this large on a normal day, per series."""
        net = self.numbers["net_lost_revenue"]
        return self.normal_days.p_value(self.net_expected, self.net_expected - net)

    @property
    def placebo_losses(self) -> np.ndarray:
        """The net loss in money each placebo shows at the claim's volume, per series."""
        calibration = self.normal_days
        return calibration.errors * calibration.scale(self.net_expected)[:, None]


def _calibrations(
    measure: Measure, share: np.ndarray, pattern: Pattern, keep: np.ndarray, nets=(None,)
) -> list[Calibration]:
    """The placebos' errors over the buckets weighted by ``share``, one calibration per
    entry of ``nets``: None for the placebos' shortfalls, else their net losses. The
    expected sums and the independent windows are worked out once for all."""
    expected = weighted_sum(measure.placebo_expected, share)
    weights = np.broadcast_to(share, measure.spread.shape) * measure.spread
    used = np.broadcast_to(share, measure.spread.shape).any(axis=0)
    effective = independent_windows(pattern.starts, pattern.offsets[used], weights[:, used], keep)
    return [
        Calibration.of_windows(
            expected,
            weighted_sum(measure.placebo_actual, share) if net is None else expected - net,
            measure.unit,
            effective,
            keep,
        )
        for net in nets
    ]


def _recovered_bounds(
    measure: Measure, kept: np.ndarray, surplus: np.ndarray, estimate: np.ndarray,
    pattern: Pattern, keep: np.ndarray, confidence: float,
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """The interval of the surplus in the kept windows, never below 0, holding the estimate."""
    (calibration,) = _calibrations(measure, kept, pattern, keep)
    expected = weighted_sum(measure.expected, kept)
    short_low, short_high = calibration.interval(expected, expected + surplus, confidence)
    few = calibration.count < 2
    low = np.where(few, estimate, np.minimum(np.maximum(-short_high, 0.0), estimate))
    high = np.where(few, estimate, np.maximum(np.maximum(-short_low, 0.0), estimate))
    return low, high


def loss_figures(
    orders: Measure, money: Measure, pattern: Pattern, keep: np.ndarray, confidence: float
) -> Figures:
    """The gross shortfall, the catch-up and the net loss, in orders and in money.

    Parameters
    ----------
    orders, money
        The two measures of the series.
    pattern
        The windows over the pattern's buckets.
    keep
        Which placebo windows each series uses, ``(series, placebos)``.
    confidence
        Level of the intervals.

    Returns
    -------
    Figures

    Notes
    -----
    The net loss on each placebo window, as it is, is its shortfall in the outage part
    less the catch-up the same choice and shrinkage find in its recovery part: a net
    loss on a normal day, whose share at least as large as the claim's is the p-value.
    The interval of the net loss comes from the same placebos with the claim's catch-up
    laid over their recovery part and found again: their errors (net loss found less
    net loss laid) hold what the choice and the shrinkage do to a real catch-up as well
    as the noise. Errors are scaled by the spread of a count at the windows' expected
    orders. The catch-up's own interval is that of the surplus in the counted recovery
    windows, never below 0.
    """
    outage, recovery = pattern.outage_share, pattern.steps.sum(axis=(0, 2))
    both = outage + recovery
    increments = {
        name: (
            m.step_actual - step_sums(m.expected, pattern.steps),
            step_sums(m.placebo_actual - m.placebo_expected, pattern.steps),
        )
        for name, m in (("orders", orders), ("revenue", money))
    }
    placebo_scale = count_spread(step_sums(orders.placebo_expected, pattern.steps).sum(-1), 1.0)
    catch_up = measure_catch_up(
        *increments["orders"], keep,
        count_spread(step_sums(orders.expected, pattern.steps).sum(axis=-1), 1.0), placebo_scale,
    )  # fmt: skip
    money_surplus = kept_sum(increments["revenue"][0], catch_up.steps)
    money_factor = np.where(money_surplus > 0, catch_up.factor, 0.0)
    counted = np.where(catch_up.factor > 0, catch_up.steps, 0)
    kept = kept_shares(pattern.steps, counted).sum(axis=-2)
    # On normal days (the p-value): each placebo's catch-up found by the same choice and
    # shrinkage as the claim's. Around the claim (the intervals): the same, on placebos
    # with the catch-up found laid over them, so that what the choice and the shrinkage
    # do to a real catch-up is in the errors too.
    back = {
        "orders": catch_up.laid_over(increments["orders"][0]),
        "revenue": catch_up.laid_over(increments["revenue"][0], money_factor),
    }
    steps, surplus, factor = catch_up.found_on(
        increments["orders"][1] + back["orders"][:, None], placebo_scale
    )
    placebo_money = kept_sum(increments["revenue"][1], catch_up.placebo_steps)
    money_back = kept_sum(increments["revenue"][1] + back["revenue"][:, None], steps)
    caught = {
        "orders": (
            catch_up.surplus.sum(-1),
            catch_up.orders,
            catch_up.placebo_orders,
            (factor * surplus).sum(-1) - back["orders"].sum(axis=(-1, -2))[:, None],
        ),
        "revenue": (
            money_surplus.sum(-1),
            (money_factor * money_surplus).sum(-1),
            (np.where(placebo_money > 0, catch_up.placebo_factor, 0.0) * placebo_money).sum(-1),
            (np.where(money_back > 0, factor, 0.0) * money_back).sum(-1)
            - back["revenue"].sum(axis=(-1, -2))[:, None],
        ),
    }
    values: dict[str, np.ndarray] = {}
    calibrations = {}
    for m, measure in (("orders", orders), ("revenue", money)):
        (gross,) = _calibrations(measure, outage, pattern, keep)
        expected_w = weighted_sum(measure.expected, outage)
        lost = expected_w - measure.outage_actual
        lost_low, lost_high = gross.interval(expected_w, measure.outage_actual, confidence)
        surplus, recovered, normal_days, around = caught[m]
        recovered_low, recovered_high = _recovered_bounds(
            measure, kept, surplus, recovered, pattern, keep, confidence
        )
        placebo_lost = weighted_sum(measure.placebo_expected - measure.placebo_actual, outage)
        net, null = _calibrations(
            measure, both, pattern, keep, (placebo_lost - around, placebo_lost - normal_days)
        )
        expected_both = weighted_sum(measure.expected, both)
        net_lost = lost - recovered
        net_low, net_high = net.interval(expected_both, expected_both - net_lost, confidence)
        calibrations[m] = (null, expected_both)
        values |= {
            f"expected_{m}": expected_w,
            f"actual_{m}": measure.outage_actual,
            f"lost_{m}": lost,
            f"lost_{m}_low": lost_low,
            f"lost_{m}_high": lost_high,
            f"recovered_{m}": recovered,
            f"recovered_{m}_low": recovered_low,
            f"recovered_{m}_high": recovered_high,
            f"net_lost_{m}": net_lost,
            f"net_lost_{m}_low": net_low,
            f"net_lost_{m}_high": net_high,
        }
    return Figures(
        numbers=values,
        catch_up=catch_up,
        counted=counted,
        money_factor=money_factor,
        normal_days=calibrations["revenue"][0],
        net_expected=calibrations["revenue"][1],
    )
