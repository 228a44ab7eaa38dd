"""Rebuild the simulated reference series from their published recipes (see README.md).

R's examples are rebuilt with R's own random numbers: ``set.seed(s)`` followed by
``rnorm`` is R's Mersenne-Twister (seed scrambled by the linear congruential step R
uses) with inversion sampling, reproduced here with numpy's MT19937 bit generator.
The Python ports' example uses numpy's legacy ``RandomState``, whose stream numpy keeps
stable. Run ``python tests/data/causalimpact/make_cases.py`` to rewrite the CSV files.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from scipy.signal import lfilter
from scipy.special import ndtri

HERE = Path(__file__).parent


class RRandom:
    """R's default generator: ``set.seed(seed)``, then ``runif``/``rnorm`` draws."""

    def __init__(self, seed: int) -> None:
        state = seed & 0xFFFFFFFF
        for _ in range(50):  # R's initial scrambling
            state = (69069 * state + 1) & 0xFFFFFFFF
        words = []
        for _ in range(625):  # mti slot, then the 624 words of the state
            state = (69069 * state + 1) & 0xFFFFFFFF
            words.append(state)
        self._bits = np.random.MT19937()
        key = np.array(words[1:], dtype=np.uint32)
        self._bits.state = {"bit_generator": "MT19937", "state": {"key": key, "pos": 624}}

    def unif(self, n: int) -> np.ndarray:
        """``runif(n)``: 32-bit draws scaled to (0, 1)."""
        raw = self._bits.random_raw(n).astype(np.float64) * 2.3283064365386963e-10
        return np.clip(raw, 1.164153218540399e-10, 1 - 1.164153218540399e-10)

    def rnorm(self, n: int) -> np.ndarray:
        """``rnorm(n)`` by inversion, with R's 2^27 resolution trick (two uniforms each)."""
        pairs = self.unif(2 * n).reshape(n, 2)
        big = 134217728.0
        return ndtri((np.floor(big * pairs[:, 0]) + pairs[:, 1]) / big)


def arima_sim_ar1(rng: RRandom, ar: float, n: int) -> np.ndarray:
    """``arima.sim(model = list(ar = ar), n = n)`` with R's default burn-in."""
    burn_in = 1 + int(np.ceil(6 / np.log(1 / abs(ar))))
    shocks = np.concatenate([rng.rnorm(burn_in), rng.rnorm(n)])  # start.innov, then innov
    return lfilter([1.0], [1.0, -ar], shocks)[burn_in:]


def vignette(n: int, first_post: int) -> pd.DataFrame:
    """The CausalImpact vignette / reference-manual example: +10 from ``first_post`` on."""
    rng = RRandom(1)
    x1 = 100 + arima_sim_ar1(rng, 0.999, n)
    y = 1.2 * x1 + rng.rnorm(n)
    lifted = y.copy()
    lifted[first_post - 1 :] += 10  # R's 1-based y[71:100] <- y[71:100] + 10
    return pd.DataFrame({"y": lifted, "x1": x1, "y_no_effect": y})


def seed42() -> pd.DataFrame:
    """``set.seed(42); 1 + sd * rnorm(100)``, +effect on points 71-100 (R reference runs)."""
    noise = RRandom(42).rnorm(100)
    frame = pd.DataFrame({"no_effect": 1 + noise, "basic": 1 + noise})
    frame["strong_effect"] = 1 + 0.5 * noise
    frame.loc[70:, "basic"] += 3
    frame.loc[70:, "strong_effect"] += 8
    return frame


def arma() -> pd.DataFrame:
    """pycausalimpact's README recipe (``np.random.seed(12345)``), before any effect."""
    legacy = np.random.RandomState(12345)  # the published recipe's generator
    x = 100 + lfilter([1.0], [1.0, 0.9], legacy.standard_normal(100))
    y = 1.2 * x + legacy.normal(size=100)
    return pd.DataFrame({"X": x, "y": y})


def main() -> None:
    """Write the CSV files next to this script."""
    vignette(100, 71).to_csv(HERE / "vignette.csv", index=False, float_format="%.10f")
    weekly = vignette(52, 41)[["y", "x1"]]
    weekly.insert(0, "date", pd.date_range("2016-01-03", periods=52, freq="7D").date)
    weekly.to_csv(HERE / "manual_weekly.csv", index=False, float_format="%.10f")
    seed42().to_csv(HERE / "seed42.csv", index=False, float_format="%.10f")
    arma().to_csv(HERE / "arma_data.csv", index=False, float_format="%.10f")


if __name__ == "__main__":
    main()
