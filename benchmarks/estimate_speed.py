"""How long one merchant's loss estimate takes, calibration included.

The sample claim is one merchant with 10 weeks of hourly orders on two channels
(15,220 orders) and three outages. Each case is timed ``--repeat`` times in this
process after one warm-up run; the table shows the best and the median. Goal: under
0.5 s per estimate. Run ``python benchmarks/estimate_speed.py``.
"""

from __future__ import annotations

import argparse
import statistics
import time

import claimstats as cs
from claimstats.datasets import make_sample


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args(argv)
    claim = make_sample(seed=0)
    inc = cs.incidents(claim.outages)
    cases = {
        "seasonal, 1 h buckets": ({"method": "seasonal"}, None),
        "regression, 1 h": ({"method": "regression"}, "website"),
        "auto (3 methods compared), 1 h": ({"method": "auto"}, "website"),
        "auto, 15 min buckets": ({"method": "auto", "freq": "15min"}, "website"),
    }
    print(f"one merchant: {len(claim.orders):,} orders over 10 weeks, 3 outages\n")
    print(f"{'estimate_loss':<36}{'best s':>9}{'median s':>10}{'placebos':>10}")
    for label, (settings, control) in cases.items():
        kwargs = {"channel": "whatsapp", "control": control, "settings": settings}
        cs.estimate_loss(claim.orders, inc, **kwargs)  # warm-up
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            est = cs.estimate_loss(claim.orders, inc, **kwargs)
            times.append(time.perf_counter() - start)
        print(
            f"{label:<36}{min(times):>9.3f}{statistics.median(times):>10.3f}"
            f"{est.placebo_windows:>10}"
        )


if __name__ == "__main__":
    main()
