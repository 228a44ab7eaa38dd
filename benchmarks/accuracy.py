"""How accurate the loss engine is on outages injected into realistic series with known truth.

:func:`claimstats.datasets.validation.validation_study` simulates 10 weeks of orders at four
volumes (0.5, 2, 8 and 30 orders an hour on the affected channel), injects outages of
2 h, 6 h, 24 h and 72 h that take all, half or none of the orders, with no catch-up or
with 40% of the lost customers coming back within 24 h, and estimates each with every
method (the recovery measured). With the default 9 replicates that is 720 windows. The
table shows, per volume and method, for the net loss (what is claimed): the coverage of
its 95% interval (goal 93-97%), the false-positive rate (no-loss windows whose loss the
report calls established; goal at most 5%), the reports calling a loss established
while a net interval reaches zero (goal 0), the median error (goal at most 8% on outages
of a day or longer at 8 orders an hour and more) and the median error of the catch-up
(goal at most 25% at 8 orders an hour and more); then coverage per outage length. Run
``python benchmarks/accuracy.py`` (``--quick`` for one replicate; ``--out results.csv``
or ``.parquet`` keeps every row).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd
import text_table  # beside this script

from claimstats.datasets.validation import summarize_study, validation_study

#: column: (header, width, format)
_COLUMNS = {
    "windows": ("windows", 8, "d"),
    "failures": ("failed", 7, "d"),
    "net_coverage": ("net cov.", 9, ".1%"),
    "false_positive_rate": ("FP rate", 8, ".1%"),
    "established_reaching_zero": ("est.0", 6, "d"),
    "net_error": ("net err", 8, ".1%"),
    "net_error_long": ("err >=1d", 9, ".1%"),
    "catch_up_error": ("c-u err", 8, ".1%"),
    "catch_up_without": ("c-u none", 9, ".1%"),
    "coverage": ("gross cov", 10, ".1%"),
}


def summary_table(summary: pd.DataFrame) -> str:
    """The summary as plain text; goals missed are flagged with ``*``."""
    head = f"{'volume':>7} {'method':<11}" + text_table.header(_COLUMNS)
    lines = [head + "  goals", "-" * (len(head) + 20)]
    for row in summary.itertuples(index=False):
        cells = text_table.cells(row, _COLUMNS)
        missed = [
            name
            for name, ok in (("coverage", row.coverage_ok), ("FP", row.false_positive_ok))
            if not ok
        ]
        flag = "ok" if not missed else "* " + ", ".join(missed)
        lines.append(f"{row.volume:>7g} {row.method:<11}{cells}  {flag}")
    return "\n".join(lines)


def by_length(results: pd.DataFrame, column: str = "net_covered") -> str:
    """Coverage per volume, method and outage length (rows) as plain text."""
    ok = results.loc[results["failure"] == ""]
    lengths = list(dict.fromkeys(results["length"]))
    table = ok.pivot_table(
        index=["volume", "method"], columns="length", values=column, aggfunc="mean", sort=False
    ).reindex(columns=lengths)
    lines = [f"{'volume':>7} {'method':<11}" + "".join(f"{length:>8}" for length in lengths)]
    for (volume, method), values in table.iterrows():
        cells = "".join(f"{v:>8.0%}" if pd.notna(v) else f"{'n/a':>8}" for v in values)
        lines.append(f"{volume:>7g} {method:<11}{cells}")
    return "\n".join(lines)


def false_positives_by_length(results: pd.DataFrame) -> str:
    """Share of no-loss windows called established per volume, method and length."""
    none = results.loc[(results["failure"] == "") & (results["loss_share"] == 0)]
    return by_length(none.assign(fp=none["established"].astype(float)), "fp")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=9, help="windows per cell (9: 720)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="one replicate (80 windows)")
    parser.add_argument("--out", type=Path, help="write every row to this .csv or .parquet")
    args = parser.parse_args(argv)
    replicates = 1 if args.quick else args.replicates
    started = time.perf_counter()
    results = validation_study(replicates=replicates, seed=args.seed)
    elapsed = time.perf_counter() - started
    windows = len(
        results.drop_duplicates(["volume", "length", "loss_share", "catch_up_share", "replicate"])
    )
    methods = list(dict.fromkeys(results["method"]))
    print(
        f"{windows} injected windows x {len(methods)} methods ({', '.join(methods)}), "
        f"seed {args.seed}, 95% intervals\n"
    )
    print(summary_table(summarize_study(results)))
    print("\ncoverage of the net loss's 95% interval by outage length (all loss shares)")
    print(by_length(results))
    print("\nfalse-positive rate (loss established) on no-loss windows by outage length")
    print(false_positives_by_length(results))
    print("\ncoverage of the net loss's interval by outage length, with 40% catch-up")
    print(by_length(results.loc[results["catch_up_share"] > 0]))
    failures = results.loc[results["failure"] != "", "failure"]
    if len(failures):
        print(f"\n{len(failures)} estimates failed; the most common reason:")
        print(failures.value_counts().index[0])
    print(
        f"\ntotal {elapsed:.0f} s; {results['seconds'].median():.3f} s median per estimate "
        f"(series simulation and injection included in the total)"
    )
    if args.out is not None:
        if args.out.suffix == ".parquet":
            results.to_parquet(args.out, index=False)
        else:
            results.to_csv(args.out, index=False)
        print(f"wrote {len(results)} rows to {args.out}")


if __name__ == "__main__":
    main()
