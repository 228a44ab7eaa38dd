"""The counterfactual methods of :func:`claimstats.estimate_loss`, and how ``auto`` chooses.

Each method predicts the affected channel's orders in the buckets of the claim's
pattern (outage and recovery windows) and, the same way, in the same pattern laid over
each placebo window of normal history. The placebo predictions are what calibrates the
interval; they also score the methods against each other for ``method="auto"``.

* ``seasonal`` (before and after): the same bucket of the week in previous weeks,
  scaled to the level of the recent days (:mod:`claimstats.estimate.seasonal`).
* ``control`` (yardstick): the seasonal prediction corrected by how an unaffected
  channel did against its own seasonal expectation in the same windows. A busy or quiet
  day that hits every channel (weather, a holiday, a local event) moves both channels,
  so it does not pass for a loss or hide one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["METHODS", "Prediction", "backtest_error", "choose", "control_adjusted", "seasonal"]

#: the methods ``estimate_loss`` accepts, besides ``"auto"``
METHODS = ("seasonal", "control")


@dataclass(frozen=True)
class Prediction:
    """A method's expected orders on the real pattern and on each placebo copy of it.

    Attributes
    ----------
    name
        The method, one of :data:`METHODS`.
    real
        Expected orders in each bucket of the pattern.
    placebo
        Expected orders in each bucket of each placebo copy, ``(placebos, buckets)``.
    reason
        One sentence on what the method compared with, for the report.
    """

    name: str
    real: np.ndarray
    placebo: np.ndarray
    reason: str


def seasonal(
    profile: np.ndarray,
    level: float,
    levels: np.ndarray,
    pattern: np.ndarray,
    positions: np.ndarray,
    reason: str,
) -> Prediction:
    """The seasonal prediction: ``level * profile`` at each bucket.

    Examples
    --------
    >>> p = seasonal(np.array([1.0, 2.0, 3.0]), 2.0, np.array([1.0]), np.array([2]),
    ...              np.array([[0]]), "")
    >>> p.real.tolist(), p.placebo.tolist()
    ([6.0], [[1.0]])
    """
    return Prediction(
        "seasonal", level * profile[pattern], levels[:, None] * profile[positions], reason
    )


def _factor(actual: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """``actual / expected``, 1 where the control expected nothing (it tells nothing)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(expected > 0, actual / expected, 1.0)


def control_adjusted(
    base: Prediction,
    control: np.ndarray,
    control_expected: np.ndarray,
    control_placebo: np.ndarray,
    pattern: np.ndarray,
    positions: np.ndarray,
    outage_share: np.ndarray,
    recovery_share: np.ndarray,
    reason: str,
) -> Prediction:
    """The seasonal prediction times the control's actual/expected ratio in each part.

    The ratio is taken over the outage part and over the recovery part of the pattern
    separately (weighted by each bucket's share), on the real pattern and on each
    placebo the same way.

    Parameters
    ----------
    base
        The seasonal prediction of the affected channel.
    control
        The control channel's orders on the whole grid.
    control_expected
        The control's seasonal expectation on the real pattern's buckets.
    control_placebo
        The control's seasonal expectation on each placebo's buckets.
    pattern, positions
        Bucket indices of the real pattern and of each placebo copy.
    outage_share, recovery_share
        Each pattern bucket's share inside an outage / a recovery window.
    reason
        The sentence for the report.

    Examples
    --------
    >>> base = Prediction("seasonal", np.array([10.0]), np.array([[10.0]]), "")
    >>> p = control_adjusted(base, np.array([6.0, 3.0]), np.array([4.0]), np.array([[3.0]]),
    ...                      np.array([0]), np.array([[1]]), np.array([1.0]), np.array([0.0]), "")
    >>> p.real.tolist(), p.placebo.tolist()    # the control ran at 150% and at 100%
    ([15.0], [[10.0]])
    """
    parts = (outage_share, recovery_share)
    real_factors = [_factor(share @ control[pattern], share @ control_expected) for share in parts]
    placebo_factors = [
        _factor(control[positions] @ share, control_placebo @ share) for share in parts
    ]
    total = outage_share + recovery_share
    with np.errstate(invalid="ignore", divide="ignore"):
        weight_w = np.where(total > 0, outage_share / total, 1.0)
    weight_r = 1.0 - weight_w
    real = base.real * (weight_w * real_factors[0] + weight_r * real_factors[1])
    placebo = base.placebo * (
        weight_w[None, :] * placebo_factors[0][:, None]
        + weight_r[None, :] * placebo_factors[1][:, None]
    )
    return Prediction("control", real, placebo, reason)


def backtest_error(prediction: Prediction, actual: np.ndarray, share: np.ndarray) -> float:
    """Mean absolute relative error of the window sums on the placebo windows.

    Examples
    --------
    >>> p = Prediction("seasonal", np.array([1.0]), np.array([[10.0], [10.0]]), "")
    >>> round(backtest_error(p, np.array([[9.0], [12.0]]), np.array([1.0])), 6)
    0.15
    """
    expected = prediction.placebo @ share
    observed = actual @ share
    valid = expected > 0
    if not valid.any():
        return float("inf")
    return float(np.mean(np.abs(1 - observed[valid] / expected[valid])))


def choose(
    candidates: list[Prediction], actual: np.ndarray, share: np.ndarray
) -> tuple[Prediction, str]:
    """The candidate with the smallest backtest error on the placebo windows, and why.

    Examples
    --------
    >>> a = Prediction("seasonal", np.array([1.0]), np.array([[10.0]]), "")
    >>> b = Prediction("control", np.array([1.0]), np.array([[9.0]]), "")
    >>> best, why = choose([a, b], np.array([[9.0]]), np.array([1.0]))
    >>> best.name, why
    ('control', 'auto chose control: its error on the placebo windows was 0.0% against 10.0% for seasonal')
    """
    errors = [backtest_error(c, actual, share) for c in candidates]
    best = int(np.argmin(errors))
    others = ", ".join(
        f"{errors[i]:.1%} for {c.name}" for i, c in enumerate(candidates) if i != best
    )
    why = f"auto chose {candidates[best].name}: its error on the placebo windows was {errors[best]:.1%}"
    if others:
        why += f" against {others}"
    return candidates[best], why
