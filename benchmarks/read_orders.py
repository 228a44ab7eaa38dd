"""How fast the loaders read large order files, beside pandas' own CSV reader.

Writes a generic order export of N rows (default 1,000,000) in a temporary folder, as
CSV and as Parquet, then times, each in a fresh process so peak memory is its own:

* ``pandas.read_csv`` of the CSV with no parsing of values (the floor for any loader);
* ``claimstats.read_orders`` of the CSV and of the Parquet file (all validation on).

Prints a table; run ``python benchmarks/read_orders.py [--rows N] [--repeat K]``. The
machine is shared and noisy: compare the ratio to pandas within one run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd


def make_orders(rows: int, seed: int = 0) -> pd.DataFrame:
    """A generic order export: local times with offset, amounts, statuses, customers."""
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2026-01-01T00:00:00+08:00")
    seconds = np.sort(rng.integers(0, 220 * 86400, rows))
    times = (start + pd.to_timedelta(seconds, unit="s")).strftime("%Y-%m-%dT%H:%M:%S+08:00")
    return pd.DataFrame(
        {
            "order_id": [f"A{i:08d}" for i in range(rows)],
            "timestamp": times,
            "amount": np.round(rng.gamma(2.0, 80.0, rows), 2),
            "currency": "CNY",
            "channel": rng.choice(["whatsapp", "website", "pos"], rows),
            "status": rng.choice(
                ["completed", "refunded", "cancelled"], rows, p=[0.95, 0.02, 0.03]
            ),
            "customer": [f"+86 138{n:08d}" for n in rng.integers(0, 10**8, rows)],
        }
    )


_MEASURE = textwrap.dedent(
    """
    import json, resource, sys, time
    import pandas as pd
    import claimstats
    kind, path = sys.argv[1], sys.argv[2]
    t0 = time.perf_counter()  # imports are not timed: they happen once per session
    if kind == "pandas":
        frame = pd.read_csv(path, dtype=str, na_filter=False)
    else:
        frame = claimstats.read_orders(path)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "rows": len(frame), "peak_mb": peak}))
    """
)


def measure(kind: str, path: Path) -> dict[str, float]:
    """Run one read in a fresh Python and return its time, rows and peak memory."""
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, kind, str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="best of K runs")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        orders = make_orders(args.rows)
        csv, parquet = Path(folder) / "orders.csv", Path(folder) / "orders.parquet"
        orders.to_csv(csv, index=False)
        orders.to_parquet(parquet, index=False)
        cases = [
            ("pandas.read_csv (text only)", "pandas", csv),
            ("claimstats.read_orders CSV", "claimstats", csv),
            ("claimstats.read_orders Parquet", "claimstats", parquet),
        ]
        results = []
        for label, kind, path in cases:
            runs = [measure(kind, path) for _ in range(args.repeat)]
            best = min(runs, key=lambda r: r["seconds"])
            results.append((label, path.stat().st_size / 1e6, best))
    base = results[0][2]["seconds"]
    print(f"{args.rows:,} orders, best of {args.repeat} (fresh process each)\n")
    print(f"{'reader':<34}{'file MB':>9}{'seconds':>9}{'rows/s':>12}{'x pandas':>10}{'peak MB':>9}")
    for label, size, best in results:
        print(
            f"{label:<34}{size:>9.1f}{best['seconds']:>9.2f}"
            f"{best['rows'] / best['seconds']:>12,.0f}{best['seconds'] / base:>10.2f}"
            f"{best['peak_mb']:>9.0f}"
        )


if __name__ == "__main__":
    main()
