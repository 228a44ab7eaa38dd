"""Many merchants, one outage: the batch estimate, and one merchant's latency.

Draws a platform of M merchants over 13 weeks (default 10,000, about 10 million orders;
:func:`claimstats.datasets.platform.make_platform`) into a temporary folder as Parquet,
then measures, each in a fresh process so peak memory is its own:

* ``estimate_loss_batch`` on the Parquet file: every merchant's estimate (the goal is
  under 60 s on 2 cores);
* the same estimates one merchant at a time with ``estimate_loss`` on a sample of K
  merchants, projected to all M (what the batch saves);
* one merchant end to end: ``read_orders`` of its own CSV export, then
  ``estimate_loss`` (the latency a merchant waits for).

Prints a table; run ``python benchmarks/batch.py [--merchants M] [--sample K]``. The
machine is shared and noisy: compare ratios within one run. Peak memory is each child's
own high-water mark (``VmHWM``; ``ru_maxrss`` would start at the parent's).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

_PRELUDE = textwrap.dedent(
    """
    import json, sys, time
    import pandas as pd
    import claimstats as cs
    from claimstats.engines import estimate_loss_batch
    folder = sys.argv[1]
    outage = pd.read_parquet(folder + "/outage.parquet")
    def peak():  # MB: this process's own high-water mark (ru_maxrss starts at the parent's)
        with open("/proc/self/status") as status:
            line = next(line for line in status if line.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024
    """
)

_BATCH = _PRELUDE + textwrap.dedent(
    """
    t0 = time.perf_counter()
    rows = estimate_loss_batch(folder + "/orders.parquet", outage, channel="whatsapp",
                                  progress=False)
    seconds = time.perf_counter() - t0
    estimated = int(rows["problem"].isna().sum())
    print(json.dumps({"seconds": seconds, "merchants": len(rows), "estimated": estimated,
                      "lost": float(rows["lost_orders"].sum()), "peak_mb": peak()}))
    """
)

_LOOP = _PRELUDE + textwrap.dedent(
    """
    sample = int(sys.argv[2])
    orders = pd.read_parquet(folder + "/orders.parquet")
    names = sorted(orders["merchant_id"].unique())[:sample]
    chosen = orders.loc[orders["merchant_id"].isin(names)]
    parts = {name: part.drop(columns="merchant_id") for name, part in chosen.groupby("merchant_id")}
    t0 = time.perf_counter()
    for name in names:
        cs.estimate_loss(parts[name], outage, channel="whatsapp", settings={"method": "seasonal"})
    seconds = time.perf_counter() - t0
    print(json.dumps({"seconds": seconds, "merchants": sample, "peak_mb": peak()}))
    """
)

_ONE = _PRELUDE + textwrap.dedent(
    """
    t0 = time.perf_counter()
    orders = cs.read_orders(folder + "/one_merchant.csv", tz="UTC")
    loaded = time.perf_counter() - t0
    estimate = cs.estimate_loss(orders, outage, channel="whatsapp", control="website")
    seconds = time.perf_counter() - t0
    print(json.dumps({"seconds": seconds, "load": loaded, "orders": len(orders),
                      "peak_mb": peak()}))
    """
)


def run(script: str, *args: object) -> dict:
    """Run one measurement in a fresh Python and return what it printed."""
    out = subprocess.run(
        [sys.executable, "-c", script, *map(str, args)], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--merchants", type=int, default=10_000)
    parser.add_argument("--weeks", type=int, default=13)
    parser.add_argument("--sample", type=int, default=50, help="merchants timed one by one")
    args = parser.parse_args(argv)
    from claimstats.datasets.platform import make_platform

    with tempfile.TemporaryDirectory() as folder:
        orders, outage = make_platform(merchants=args.merchants, weeks=args.weeks, seed=0)
        orders.to_parquet(Path(folder) / "orders.parquet", index=False)
        outage.to_parquet(Path(folder) / "outage.parquet", index=False)
        sizes = orders["merchant_id"].value_counts()
        busiest = orders.loc[orders["merchant_id"] == sizes.index[0]].drop(columns="merchant_id")
        busiest.to_csv(Path(folder) / "one_merchant.csv", index=False)
        count = len(orders)
        del orders
        batch = run(_BATCH, folder)
        loop = run(_LOOP, folder, args.sample)
        one = run(_ONE, folder)
    projected = loop["seconds"] / loop["merchants"] * batch["merchants"]
    print(f"{batch['merchants']:,} merchants, {args.weeks} weeks, {count:,} orders\n")
    print(f"{'run':<46}{'seconds':>9}{'per merchant ms':>17}{'peak MB':>9}")
    rows = [
        ("estimate_loss_batch, all merchants (Parquet)", batch["seconds"], batch),
        (f"estimate_loss one by one ({args.sample}), projected", projected, loop),
    ]
    for label, seconds, result in rows:
        per = seconds / batch["merchants"] * 1000
        print(f"{label:<46}{seconds:>9.1f}{per:>17.2f}{result['peak_mb']:>9.0f}")
    print(
        f"{'one merchant: read_orders + estimate_loss':<46}{one['seconds']:>9.2f}"
        f"{one['seconds'] * 1000:>17.0f}{one['peak_mb']:>9.0f}"
    )
    print(
        f"\nbatch: {batch['estimated']:,} of {batch['merchants']:,} merchants estimated, "
        f"{batch['lost']:,.1f} orders lost in all; {projected / batch['seconds']:.1f}x faster "
        "than one by one."
    )
    print(f"one merchant: {one['orders']:,} orders, loaded in {one['load']:.2f} s.")
    goal = "PASS" if batch["seconds"] < 60 else "MISS"
    print(f"goal: batch under 60 s on 2 cores: {goal} ({batch['seconds']:.1f} s)")


if __name__ == "__main__":
    main()
