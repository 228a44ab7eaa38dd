"""``claimstats batch``: one outage, every merchant, one table of losses.

Reads the orders with the engine (:func:`claimstats.engines.estimate_loss_batch`: CSV or
Parquet files, globs allowed, in bounded memory), the outages with
:func:`claimstats.read_outages`, and writes one row per merchant to Parquet or CSV,
atomically, never over an input, each number rounded for what it is (:mod:`claimstats.units`).
"""

from __future__ import annotations

import argparse
import glob
import io
from pathlib import Path

from claimstats._files import check_outputs, csv_safe, write_atomic
from claimstats.cli.options import add_estimate_options, add_force_option, add_mapping_options
from claimstats.errors import ConfigError
from claimstats.incidents import incidents
from claimstats.io import read_outages
from claimstats.models import EstimatorSettings

__all__ = ["add_batch_parser", "run_batch"]


def add_batch_parser(commands: argparse._SubParsersAction) -> None:
    """Add the ``batch`` command and its options."""
    batch = commands.add_parser(
        "batch", help="estimate the loss of every merchant from one outage (large data)"
    )
    batch.add_argument(
        "--orders", required=True, nargs="+", help="order files: CSV or Parquet, globs allowed"
    )
    batch.add_argument("--outages", required=True, type=Path, help="outage file")
    batch.add_argument("--by", default="merchant_id", help="column naming the merchant")
    batch.add_argument(
        "--out", required=True, type=Path, help="results file: .parquet (default) or .csv"
    )
    batch.add_argument("--tz", default="UTC", help="zone of times written without an offset")
    batch.add_argument("--channel", help="count only this channel's orders, e.g. whatsapp")
    batch.add_argument("--service", help="the interrupted service, when the outages name several")
    batch.add_argument("--as-of", dest="as_of", help="reference time for open outages")
    add_estimate_options(batch)
    batch.add_argument("--chunk", type=int, default=1000, help="merchants per array step")
    batch.add_argument("--threads", type=int, help="DuckDB threads (default: all cores)")
    batch.add_argument("--memory-limit", default="1GB", help="DuckDB memory cap")
    batch.add_argument(
        "--no-progress", action="store_true", help="no progress bar (none off a terminal anyway)"
    )
    add_force_option(batch)
    add_mapping_options(batch, ("orders", "outages"))


def run_batch(args: argparse.Namespace) -> list[Path]:
    """Run ``claimstats batch``; return the file written."""
    # optional: the engines need ibis and DuckDB (pip install 'claimstats[engines]')
    from claimstats.engines import EngineSettings, estimate_loss_batch, rounded_results

    inputs = [Path(f) for pattern in args.orders for f in glob.glob(pattern)] + [args.outages]
    out: Path = args.out
    if out.suffix.lower() not in (".parquet", ".csv"):
        msg = f"--out {out}: give a .parquet or .csv file name, e.g. results.parquet"
        raise ConfigError(msg)
    check_outputs([out], inputs, args.force)
    outages = read_outages(
        args.outages,
        tz=args.tz,
        columns=args.outages_columns,
        as_of=args.as_of,
        service=args.service,
    )
    results = estimate_loss_batch(
        args.orders if len(args.orders) > 1 else args.orders[0],
        incidents(outages, as_of=args.as_of, service=args.service),
        by=args.by,
        channel=args.channel,
        margin=args.margin,
        settings=EstimatorSettings(
            method="seasonal",
            freq=args.freq,
            recovery=args.recovery,
            confidence=args.confidence,
            seed=args.seed,
        ),
        engine=EngineSettings(
            tz=args.tz,
            columns=args.orders_columns,
            status_map=args.status_map,
            threads=args.threads,
            memory_limit=args.memory_limit,
        ),
        chunk=args.chunk,
        progress=False if args.no_progress else None,
    )
    results = rounded_results(results)  # as every output: numbers rounded for what they are
    buffer = io.BytesIO()
    if out.suffix.lower() == ".csv":
        text = csv_safe(results).to_csv(index=False, lineterminator="\n")
        buffer.write(text.encode("utf-8"))
    else:
        results.to_parquet(buffer, index=False)
    return [write_atomic(out, buffer.getvalue())]
