"""How right the wallet payment analysis is on generated shops with known truth.

:func:`claimstats.datasets.wallet_shops.wallet_study` makes small shops (6-16 purchases
an open hour, regulars and walk-ins, six weeks), each with a 5-hour outage failing 70%
of the attempts, double taps, retries within minutes and later the same day,
charged-but-failed payments of which the wallet refunded half by itself, and regulars
buying the same amount again the next day, and analyses each with
:func:`claimstats.analyze_payments`: the retry window measured (``auto``, the default)
and, to compare, fixed at 24 h (the old default). The table shows, per setting, the
precision and recall of the unpaid list (goal at least 90%) and of the refund-due list
(goal at least 95%), the median error of the recovered amount (goal at most 3%), the
median error of the loss, the coverage of its 95% interval of the outage-caused loss
(goal near 95%), and whether the figures add up (failed = recovered + unpaid). Run
``python benchmarks/wallet_accuracy.py`` (``--shops 200`` by default; ``--out
results.csv`` keeps every row).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd
import text_table  # beside this script

from claimstats.datasets.wallet_shops import summarize_wallet_study, wallet_study

#: column: (header, width, format)
_COLUMNS = {
    "shops": ("shops", 6, "d"),
    "failures": ("failed", 7, "d"),
    "unpaid_precision": ("unpaid P", 9, ".1%"),
    "unpaid_recall": ("unpaid R", 9, ".1%"),
    "unpaid_recall_low": ("R p10", 7, ".1%"),
    "refund_due_precision": ("refund P", 9, ".1%"),
    "refund_due_recall": ("refund R", 9, ".1%"),
    "recovered_error": ("recov err", 10, ".1%"),
    "recovered_bias": ("recov bias", 11, "+.1%"),
    "loss_error": ("loss err", 9, ".1%"),
    "coverage": ("coverage", 9, ".1%"),
    "adds_up": ("adds up", 8, ".0%"),
    "window_hours": ("window h", 9, ".1f"),
}


def summary_table(summary: pd.DataFrame) -> str:
    """The summary as plain text, one line per retry window setting."""
    head = f"{'retry window':<13}" + text_table.header(_COLUMNS)
    lines = [head + "  goals", "-" * (len(head) + 8)]
    for row in summary.itertuples(index=False):
        cells = text_table.cells(row, _COLUMNS)
        lines.append(f"{row.retry_window:<13}{cells}  {'met' if row.goals_met else 'missed'}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shops", type=int, default=200, help="shops to generate (200)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="write every row to this .csv or .parquet")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    results = wallet_study(args.shops, args.seed, retry_windows=("auto", "24h"))
    elapsed = time.perf_counter() - started
    print(
        f"{args.shops} generated shops, seed {args.seed}, a 5-hour outage each "
        f"({results['failed_purchases'].iloc[::2].sum():,} failed purchases, "
        f"{results['double_taps'].iloc[::2].sum():,} double taps), 95% intervals\n"
    )
    print(summary_table(summarize_wallet_study(results)))
    failures = results.loc[results["failure"] != "", "failure"]
    if len(failures):
        print(f"\n{len(failures)} analyses failed; the most common reason:")
        print(failures.value_counts().index[0])
    print(
        f"\ntotal {elapsed:.0f} s; {results['seconds'].median():.3f} s median per analysis "
        "(the shops' simulation included in the total)"
    )
    if args.out is not None:
        if args.out.suffix == ".parquet":
            results.to_parquet(args.out, index=False)
        else:
            results.to_csv(args.out, index=False)
        print(f"wrote {len(results)} rows to {args.out}")


if __name__ == "__main__":
    main()
