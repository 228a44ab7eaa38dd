"""Options shared by the commands: the column and status-word mappings of the input files."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Sequence
from typing import Any

from claimstats.models import ClaimPolicy, EstimatorSettings
from claimstats.pipeline import ClaimDocuments

__all__ = ["add_mapping_options", "claim_settings", "parse_pairs", "reading_settings"]


def add_mapping_options(parser: argparse.ArgumentParser, files: Sequence[str]) -> None:
    """Add ``--<file>-columns`` for each file (``--columns`` for ``""``) and ``--status-map``.

    Examples
    --------
    >>> p = argparse.ArgumentParser()
    >>> add_mapping_options(p, ("orders", "outages"))
    >>> p.parse_args(["--orders-columns", "timestamp=Order Date,amount=Total (RMB)"]).orders_columns
    {'timestamp': 'Order Date', 'amount': 'Total (RMB)'}
    """
    examples = {
        "orders": "timestamp=Order Date,amount=Total (RMB),channel=Source",
        "outages": "start=Began,end=Resolved,service=Component",
        "transactions": "timestamp=Paid at,status=Result,customer=Payer",
        "": "timestamp=Order Date,amount=Total (RMB)",
    }
    for name in files:
        flag = f"--{name}-columns" if name else "--columns"
        parser.add_argument(
            flag,
            type=_pairs(flag),
            metavar="NAME=COLUMN,...",
            help=f"which column of the {name or 'input'} file holds each field, e.g. "
            f"'{examples[name]}' (default: found by the headers)",
        )
    parser.add_argument(
        "--status-map",
        type=_pairs("--status-map"),
        metavar="WORD=STATUS,...",
        help="what the order file's status words mean: completed, failed, cancelled, "
        "refunded or pending, e.g. 'paid=completed,void=cancelled' (default: the usual words "
        "in English and Chinese)",
    )


def _pairs(flag: str) -> Callable[[str], dict[str, str]]:
    """The type of a mapping flag: its errors become argparse's usage errors."""

    def parse(text: str) -> dict[str, str]:
        try:
            return parse_pairs(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from exc

    parse.__name__ = flag
    return parse


def parse_pairs(text: str) -> dict[str, str]:
    """``'timestamp=Order Date,amount=Total (RMB)'`` as a mapping, for a flag's value.

    A comma splits pairs only where another ``name=`` follows, so a column named
    ``Total, RMB`` needs no quoting beyond the shell's.

    Raises
    ------
    ValueError
        A part has no ``=`` or nothing on one side of it.

    Examples
    --------
    >>> parse_pairs("timestamp=Order Date, amount=Total, RMB")
    {'timestamp': 'Order Date', 'amount': 'Total, RMB'}
    """
    pairs: dict[str, str] = {}
    for part in re.split(r",(?=[^,=]*=)", text):
        name, sign, value = part.partition("=")
        if not sign or not name.strip() or not value.strip():
            msg = f"{part.strip()!r} is not name=value; write e.g. 'timestamp=Order Date,amount=Total'"
            raise ValueError(msg)
        pairs[name.strip()] = value.strip()
    return pairs


def claim_settings(args: argparse.Namespace) -> dict[str, Any]:
    """The keyword arguments of :func:`claimstats.analyze_claim` that the claim options of
    ``report`` and ``pack`` set: the claim's context, documents, estimator and policy."""
    return {
        "service": args.service,
        "channel": args.channel,
        "control": args.control,
        "margin": args.margin,
        "as_of": args.as_of,
        "documents": ClaimDocuments(
            expenses=args.expenses or (),
            evidence=args.evidence or (),
            sla_schedule=args.sla_schedule,
            filed_on=args.filed_on,
        ),
        "estimator": EstimatorSettings(
            **{name: getattr(args, name) for name in EstimatorSettings.model_fields}
        ),
        "policy": ClaimPolicy(
            **{
                name: getattr(args, name)
                for name in ("claimant_type", "country", "threshold", "filing_window")
            }
        ),
    }


def reading_settings(args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    """How ``report`` and ``pack`` read the claim's files: the keyword arguments of
    :func:`claimstats.read_orders` and :func:`claimstats.read_outages` that the reading
    options set (besides ``tz``, ``as_of`` and ``service``, which the claim's settings
    give), by file; options left unset are left out, so the readers' defaults hold."""
    shared = {"on_error": args.on_error, "encoding": args.encoding}
    orders = {
        "format": args.orders_format,
        "columns": args.orders_columns,
        "currency": args.currency,
        "decimal": args.decimal,
        "status_map": args.status_map,
        **shared,
    }
    outages = {
        "format": args.outages_format,
        "columns": args.outages_columns,
        "component": args.component,
        "min_failed": args.min_failed,
        "max_gap": args.max_gap,
        **shared,
    }
    return {
        kind: {name: value for name, value in options.items() if value is not None}
        for kind, options in (("orders", orders), ("outages", outages))
    }
