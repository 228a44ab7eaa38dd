"""Options shared by the commands: the column and status-word mappings of the input files."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from claimstats.io.options import READING_SETTINGS
from claimstats.models import ClaimPolicy, EstimatorSettings
from claimstats.pipeline import ClaimDocuments
from claimstats.report import Presentation

__all__ = [
    "add_estimate_options",
    "add_force_option",
    "add_mapping_options",
    "add_reading_options",
    "claim_files",
    "claim_settings",
    "parse_pairs",
    "presentation_settings",
    "reading_settings",
]


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


def add_estimate_options(parser: argparse.ArgumentParser) -> None:
    """Add how the loss is estimated, shared by ``report``, ``pack`` and ``batch``:
    ``--margin``, ``--recovery``, ``--confidence``, ``--seed`` and ``--freq``."""
    parser.add_argument(
        "--margin",
        type=float,
        help="contribution margin 0-1 for lost profit (default: none, and the claim is the "
        "net lost revenue before costs: give your margin to claim lost profit)",
    )
    parser.add_argument(
        "--recovery",
        default="auto",
        help="catch-up window after service returns: auto measures it from the orders "
        "(1 h to 24 h, as long as they stay above expectation), or a duration such as 12h; "
        "0 deducts no catch-up (default: auto)",
    )
    parser.add_argument("--confidence", type=float, default=0.95, help="interval level")
    parser.add_argument("--seed", type=int, default=0, help="seed of the calibration")
    parser.add_argument("--freq", default="1h", help="bucket size that divides a day, e.g. 15min")


def add_force_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--force``: replace output files that exist (without it they are refused)."""
    parser.add_argument(
        "--force", action="store_true", help="replace output files that exist already"
    )


def add_reading_options(
    parser: argparse.ArgumentParser, *, on_error: bool = True, probes: bool = True
) -> None:
    """Add the loaders' options: ``--encoding``, ``--decimal``, ``--on-error`` (unless
    ``on_error`` is False) and, for outages from a status page or a heartbeat log,
    ``--component``, ``--min-failed`` and ``--max-gap`` (unless ``probes`` is False).

    Examples
    --------
    >>> p = argparse.ArgumentParser()
    >>> add_reading_options(p, probes=False)
    >>> vars(p.parse_args(["--on-error", "reject"]))
    {'encoding': None, 'decimal': '.', 'on_error': 'reject'}
    """
    parser.add_argument("--encoding", help="text encoding of the files (default: detect)")
    parser.add_argument(
        "--decimal", choices=(".", ","), default=".", help="decimal mark of amounts"
    )
    if probes:
        parser.add_argument("--component", help="status page: only incidents of this component")
        parser.add_argument(
            "--min-failed", type=int, default=2, help="heartbeat: failed probes that make an outage"
        )
        parser.add_argument("--max-gap", help="heartbeat: longer probe gaps are unknown periods")
    if on_error:
        parser.add_argument(
            "--on-error",
            choices=("raise", "reject"),
            default="raise",
            help="stop on a bad row (raise), or leave bad rows out and list them (reject)",
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


def claim_files(args: argparse.Namespace) -> list[Path]:
    """The files a claim command reads (``report``, ``pack``): orders, outages, and the
    expenses, evidence list and SLA schedule when given; none may be written over."""
    optional = (args.expenses, args.evidence, args.sla_schedule)
    return [args.outages, args.orders, *(path for path in optional if path)]


def presentation_settings(args: argparse.Namespace) -> dict[str, Any]:
    """How the report is worded and shown: the :class:`claimstats.Presentation` fields,
    from the options of ``report`` and ``pack`` of the same names."""
    return {name: getattr(args, name) for name in Presentation.model_fields}


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


def reading_settings(args: argparse.Namespace, orders: str = "orders") -> dict[str, dict[str, Any]]:
    """How a command reads its files: the keyword arguments of
    :func:`claimstats.read_orders` (for the file whose flags start ``--<orders>``: the
    orders of ``report`` and ``pack``, the payment attempts of ``complaint``) and of
    :func:`claimstats.read_outages` that the reading options set (besides ``tz``,
    ``as_of`` and ``service``, which the claim's settings give), by file; options left
    unset, or that the command does not have, are left out, so the readers' defaults hold.

    Examples
    --------
    >>> args = argparse.Namespace(transactions_format="wechat", transactions_columns=None,
    ...     outages_format="auto", outages_columns=None, currency=None, decimal=".",
    ...     status_map=None, on_error="raise", encoding=None)
    >>> reading_settings(args, orders="transactions")["orders"]
    {'format': 'wechat', 'on_error': 'raise', 'decimal': '.'}
    """
    prefix = {"orders": orders, "outages": "outages"}

    def flag(kind: str, name: str) -> str:
        return f"{prefix[kind]}_{name}" if name in ("format", "columns") else name

    return {
        kind: {
            name: getattr(args, flag(kind, name))
            for name in names
            if getattr(args, flag(kind, name), None) is not None
        }
        for kind, names in READING_SETTINGS.items()
    }
