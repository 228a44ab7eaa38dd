"""The catch-up after service returns: how long it lasted, and how much of it the noise supports.

Customers who could not order during an outage may order once service is back. That
catch-up is not lost, so it is deducted from the claim; but its size is read from the
same noisy orders as everything else, and a quiet shop's surplus after an outage may be
nothing but chance. So the catch-up is *measured*:

1. **How long.** After each outage the affected channel's surplus over its expectation
   (actual minus expected orders; the expectation already follows the control channel
   when the method uses one) is added up over growing recovery windows: 1, 2, 3, 6, 12
   and 24 hours, each cut where the next outage starts or the data end
   (:data:`RECOVERY_LENGTHS`, :func:`recovery_steps`). The recovery of an outage lasts as
   long as the channel stays above its expectation: the window with the largest
   surplus, or none when the channel never rose above it. A recovery window set by the
   analyst is taken as it is (or none, when the orders stayed below expectation in it).
2. **How much the noise supports.** Choosing the best window finds a surplus on normal
   days too. The same choice is made on every placebo window of normal history, whose
   true catch-up is nothing; their surpluses measure what noise alone produces. Each
   outage's surplus is shrunk by that measure, ``surplus * max(0, 1 - noise / surplus**2)``
   (positive-part James-Stein shrinkage, with ``noise`` the placebos' mean squared
   surplus after the same outage, at its volume): a surplus no larger than noise gives
   no catch-up, a large one is kept nearly whole.

The placebos' catch-up is found by the same two steps, so that the net loss on each
placebo window (its shortfall less its catch-up) calibrates the interval and the
p-value of the net loss: what is claimed (:func:`claimstats.estimate.loss.loss_figures`).
The arrays hold one series a row (one merchant of a batch a row).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "RECOVERY_LENGTHS",
    "CatchUp",
    "kept_shares",
    "kept_sum",
    "measure_catch_up",
    "recovery_lengths",
    "recovery_steps",
    "step_sums",
]

#: the recovery windows tried after each outage when the recovery is estimated
RECOVERY_LENGTHS = tuple(pd.Timedelta(hours=h) for h in (1, 2, 3, 6, 12, 24))


def recovery_lengths(recovery: object) -> tuple[pd.Timedelta, ...]:
    """The recovery windows to try: :data:`RECOVERY_LENGTHS` for ``"auto"``, else the one set.

    Examples
    --------
    >>> [str(x) for x in recovery_lengths("auto")][:2]
    ['0 days 01:00:00', '0 days 02:00:00']
    >>> recovery_lengths(pd.Timedelta("48h")), recovery_lengths(pd.Timedelta(0))
    ((Timedelta('2 days 00:00:00'),), ())
    """
    if isinstance(recovery, str):
        return RECOVERY_LENGTHS
    length = pd.Timedelta(recovery)
    return (length,) if length > pd.Timedelta(0) else ()


def recovery_steps(
    windows: pd.DataFrame, lengths: tuple[pd.Timedelta, ...], data_end: pd.Timestamp
) -> pd.DataFrame:
    """Each outage's recovery, in steps from one window length to the next.

    Step ``k`` of outage ``w`` is ``[end + lengths[k - 1], end + lengths[k])`` (from the
    end itself for the first), cut where the next outage starts and where the data end;
    a step cut away entirely is empty (``start == end``).

    Parameters
    ----------
    windows
        The outage windows (``start``, ``end``), sorted and not overlapping.
    lengths
        Growing recovery lengths (:func:`recovery_lengths`).
    data_end
        The last order's time.

    Returns
    -------
    pandas.DataFrame
        ``window``, ``step``, ``start``, ``end``: one row per outage and step, outage by
        outage.

    Examples
    --------
    >>> w = pd.DataFrame({"start": pd.to_datetime(["2026-08-04 10:00", "2026-08-04 13:00"], utc=True),
    ...                   "end": pd.to_datetime(["2026-08-04 11:00", "2026-08-04 14:00"], utc=True)})
    >>> steps = recovery_steps(w, (pd.Timedelta("1h"), pd.Timedelta("3h")),
    ...                        pd.Timestamp("2026-08-04 16:00", tz="UTC"))
    >>> [(a.hour, b.hour) for a, b in zip(steps["start"], steps["end"])]
    [(11, 12), (12, 13), (14, 15), (15, 16)]
    """
    ends = windows["end"].to_numpy("datetime64[us]")
    last = np.datetime64(data_end.tz_convert("UTC").tz_localize(None), "us")
    limits = np.minimum(np.append(windows["start"].to_numpy("datetime64[us]")[1:], last), last)
    bounds = np.array([pd.Timedelta(0), *lengths], dtype="timedelta64[us]")
    rows = []
    for w, (end, limit) in enumerate(zip(ends, limits, strict=True)):
        cut = np.maximum(np.minimum(end + bounds, limit), end)
        rows += [(w, k, cut[k], cut[k + 1]) for k in range(len(lengths))]
    frame = pd.DataFrame(rows, columns=["window", "step", "start", "end"])
    for column in ("start", "end"):
        frame[column] = pd.to_datetime(frame[column], utc=True).dt.as_unit("us")
    return frame


def kept_shares(weights: np.ndarray, steps: np.ndarray) -> np.ndarray:
    """Share of each bucket inside each outage's first ``steps`` recovery steps.

    ``weights`` is ``(steps, buckets, windows)`` as for :func:`step_sums`; ``steps``
    counts the steps kept per outage, ``(..., windows)``. Returns ``(..., windows,
    buckets)``; with every step kept, it is the longest recovery window's share.

    Examples
    --------
    >>> weights = np.zeros((2, 3, 1)); weights[0, 0, 0] = 1; weights[1, 1:, 0] = [1, 0.5]
    >>> kept_shares(weights, np.array([1])).tolist(), kept_shares(weights, np.array([2])).tolist()
    ([[1.0, 0.0, 0.0]], [[1.0, 1.0, 0.5]])
    """
    shares = np.cumsum(weights, axis=0)
    shares = np.concatenate([np.zeros((1, *shares.shape[1:])), shares])
    return shares[steps, :, np.arange(weights.shape[2])]


def step_sums(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Sums of ``values`` over each outage's recovery steps: ``(..., windows, steps)``.

    ``weights`` is ``(steps, buckets, windows)``: the share of each bucket inside each
    outage's step.

    Examples
    --------
    >>> weights = np.zeros((2, 3, 1)); weights[0, 0, 0] = 1; weights[1, 1:, 0] = [1, 0.5]
    >>> step_sums(np.array([4.0, 2.0, 2.0]), weights).tolist()
    [[4.0, 3.0]]
    """
    return np.einsum("...b,kbw->...wk", values, weights)


@dataclass(frozen=True)
class CatchUp:
    """The catch-up of each series, and of each of its placebo windows.

    Attributes
    ----------
    steps
        Recovery steps kept after each outage, ``(series, windows)``: 0 for none.
    surplus
        Orders above expectation in the kept steps of each outage, ``(series, windows)``.
    factor
        Share of each outage's surplus the noise supports, ``(series, windows)``, 0 to 1:
        its catch-up is ``factor * surplus``.
    placebo_steps, placebo_surplus, placebo_factor
        The same for each placebo window, ``(series, placebos, ...)``.
    noise
        The placebos' mean squared surplus after each outage, relative to the spread
        of a count, ``(series, windows)``: what noise alone shows.
    """

    steps: np.ndarray
    surplus: np.ndarray
    factor: np.ndarray
    placebo_steps: np.ndarray
    placebo_surplus: np.ndarray
    placebo_factor: np.ndarray
    noise: np.ndarray

    def found_on(
        self, increments: np.ndarray, scale: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The steps kept, the surplus and the share kept that the same choice and the same
        shrinkage find in other ``increments`` (``(series, placebos, windows, steps)``,
        e.g. placebos with a catch-up laid over them) at the spread ``scale``."""
        steps, surplus = _longest_surplus(increments)
        return steps, surplus, _shrink(surplus, self.noise[:, None, :] * scale**2)

    def laid_over(self, increments: np.ndarray, factor: np.ndarray | None = None) -> np.ndarray:
        """The catch-up found, as a surplus per step (``(series, windows, steps)``): each
        outage's kept share of its surplus, spread over its kept steps as its orders rose
        above expectation. ``factor`` replaces the orders' (for money)."""
        factor = self.factor if factor is None else factor
        kept = np.arange(increments.shape[-1]) < self.steps[..., None]
        rises = np.where(kept, np.maximum(increments, 0.0), 0.0)
        total = rises.sum(axis=-1, keepdims=True)
        caught = (factor * kept_sum(increments, self.steps))[..., None]
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(total > 0, rises / total * caught, 0.0)

    @property
    def orders(self) -> np.ndarray:
        """The catch-up in orders over all outages, ``(series,)``."""
        return (self.factor * self.surplus).sum(axis=-1)

    @property
    def placebo_orders(self) -> np.ndarray:
        """The catch-up each placebo window shows, ``(series, placebos)``."""
        return (self.placebo_factor * self.placebo_surplus).sum(axis=-1)


def _longest_surplus(increments: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The steps with the largest cumulative surplus per outage (0: none), and that surplus."""
    cumulative = np.cumsum(increments, axis=-1)
    with_none = np.concatenate([np.zeros((*cumulative.shape[:-1], 1)), cumulative], axis=-1)
    steps = np.argmax(np.nan_to_num(with_none, nan=-np.inf), axis=-1)
    return steps, np.take_along_axis(with_none, steps[..., None], axis=-1)[..., 0]


def kept_sum(increments: np.ndarray, steps: np.ndarray) -> np.ndarray:
    """The sum of ``increments`` (``(..., windows, steps)``) over the kept steps, per outage.

    Examples
    --------
    >>> kept_sum(np.array([[[1.0, 2.0, 4.0], [1.0, 1.0, 1.0]]]), np.array([[2, 0]])).tolist()
    [[3.0, 0.0]]
    """
    cumulative = np.cumsum(increments, axis=-1)
    with_none = np.concatenate([np.zeros((*cumulative.shape[:-1], 1)), cumulative], axis=-1)
    return np.take_along_axis(with_none, steps[..., None], axis=-1)[..., 0]


def _shrink(surplus: np.ndarray, noise: np.ndarray) -> np.ndarray:
    """``max(0, 1 - noise / surplus**2)``; 0 where there is no surplus."""
    with np.errstate(invalid="ignore", divide="ignore"):
        factor = np.clip(1 - noise / surplus**2, 0.0, 1.0)
    return np.where(surplus > 0, np.nan_to_num(factor), 0.0)


def measure_catch_up(
    real: np.ndarray,
    placebo: np.ndarray,
    keep: np.ndarray,
    scale: np.ndarray,
    placebo_scale: np.ndarray,
) -> CatchUp:
    """How long each outage's catch-up lasted and how much of it the noise supports.

    Parameters
    ----------
    real
        Orders above expectation in each recovery step of each outage,
        ``(series, windows, steps)`` (:func:`step_sums` of actual minus expected).
    placebo
        The same on each placebo window, ``(series, placebos, windows, steps)``.
    keep
        Which placebo windows each series uses, ``(series, placebos)``.
    scale, placebo_scale
        The spread of a count at each outage's longest recovery window's expected
        orders, for the series ``(series, windows)`` and each placebo ``(series,
        placebos, windows)``: noise is compared at the same volume.

    Returns
    -------
    CatchUp

    Examples
    --------
    Normal days whose best surplus is about 3 orders: a surplus of 30 is nearly all
    kept, one of 3 almost none.

    >>> rng = np.random.default_rng(0)
    >>> placebo = rng.normal(0, 2, (1, 40, 1, 3))
    >>> keep, ones = np.ones((1, 40), bool), np.ones((1, 40, 1))
    >>> big = measure_catch_up(np.array([[[20.0, 6.0, 4.0]]]), placebo, keep, np.ones((1, 1)), ones)
    >>> small = measure_catch_up(np.array([[[2.0, 1.0, 0.0]]]), placebo, keep, np.ones((1, 1)), ones)
    >>> big.steps.tolist(), round(float(big.orders[0]), 1), round(float(small.orders[0]), 1)
    ([[3]], 29.7, 0.3)
    """
    steps, surplus = _longest_surplus(real)
    placebo_steps, placebo_surplus = _longest_surplus(placebo)
    with np.errstate(invalid="ignore", divide="ignore"):
        relative = np.where(keep[..., None], (placebo_surplus / placebo_scale) ** 2, 0.0)
        count = keep.sum(axis=1)[:, None]
        noise = np.where(count > 0, np.nansum(relative, axis=1) / np.maximum(count, 1), 0.0)
    return CatchUp(
        steps=steps,
        surplus=surplus,
        factor=_shrink(surplus, noise * scale**2),
        placebo_steps=placebo_steps,
        placebo_surplus=placebo_surplus,
        placebo_factor=_shrink(placebo_surplus, noise[:, None, :] * placebo_scale**2),
        noise=noise,
    )
