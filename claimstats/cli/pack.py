"""``claimstats pack`` and ``claimstats verify``: the claim pack, written and checked.

A thin face over :func:`claimstats.write_claim_pack` and
:func:`claimstats.verify_claim_pack`. ``pack`` takes the inputs and settings of
``report`` (the same options) and ``--out claim.zip``; ``verify`` prints a short table
and returns 0 when every digest and figure agrees, 1 when one differs, 2 (through the
command line's error handling) when the pack cannot be read.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from claimstats._files import check_outputs
from claimstats._version import installed_version
from claimstats.cli.options import (
    add_force_option,
    claim_files,
    claim_settings,
    presentation_settings,
    reading_settings,
)
from claimstats.pack import PackCheck, PackError, verify_claim_pack, write_claim_pack

__all__ = ["add_pack_parsers", "print_check", "run_pack", "run_verify"]

#: figures the table always shows, when the report has them
HEADLINE = (
    "loss.claim_amount",
    "loss.claim_amount_low",
    "loss.claim_amount_high",
    "loss.net_lost_revenue",
    "loss.lost_profit",
    "loss.lost_orders",
    "loss.claimed_expenses",
    "loss.p_value",
    "loss.established",
    "summary.passed_threshold",
    "summary.recurrent",
)

Adder = Callable[[argparse.ArgumentParser], None]


def add_pack_parsers(
    commands: argparse._SubParsersAction, claim_options: Adder, reading_options: Adder
) -> None:
    """Add ``pack`` (with the options of ``report``) and ``verify``."""
    pack = commands.add_parser(
        "pack",
        help="write a claim pack: the report, its inputs, evidence and a manifest in one ZIP "
        "that the other side can check with claimstats verify",
    )
    claim_options(pack)
    pack.add_argument("--out", required=True, type=Path, help="ZIP to write, e.g. claim.zip")
    add_force_option(pack)
    pack.add_argument(
        "--pdf",
        action="store_true",
        help="also print the report to PDF inside the pack (needs Chromium; the PDF carries "
        "its print date, so the pack's bytes then differ from run to run)",
    )
    reading_options(pack)
    verify = commands.add_parser(
        "verify",
        help="check a claim pack: every digest, and every figure re-computed from its inputs "
        "(exit 0 all agree, 1 one differs, 2 unreadable)",
    )
    verify.add_argument("pack", type=Path, help="the claim pack (ZIP) to check")


def run_pack(args: argparse.Namespace) -> list[Path]:
    """``claimstats pack``: the pack written; the path in a list."""
    check_outputs([args.out], claim_files(args), args.force)
    written = write_claim_pack(
        args.out,
        args.orders,
        args.outages,
        tz=args.tz,
        claim=claim_settings(args),
        reading=reading_settings(args),
        presentation=presentation_settings(args),
        mask=args.mask,
        printer=_print_pdf if args.pdf else None,
    )
    return [written]


def _print_pdf(html: str) -> bytes:
    """The report printed to PDF by Chromium (:mod:`claimstats.export`, optional)."""
    import tempfile

    from claimstats.export import write_pdf  # optional: needs Chromium

    with tempfile.TemporaryDirectory(prefix="claimstats-pdf-") as folder:
        page = Path(folder) / "impact_report.html"
        page.write_text(html, encoding="utf-8")
        return write_pdf(page, Path(folder) / "impact_report.pdf").read_bytes()


def print_check(check: PackCheck) -> None:
    """The check as a short table: the headline figures, then every one that differs."""
    shown = [f for f in check.figures if f.figure in HEADLINE or not f.same]
    width = max([len(f.figure) for f in shown] + [6])
    print(f"{'figure':<{width}}  {'in pack':>14}  {'recomputed':>14}  same")
    for row in shown:
        print(
            f"{row.figure:<{width}}  {_cell(row.in_pack):>14}  {_cell(row.recomputed):>14}  "
            f"{'yes' if row.same else 'NO'}"
        )
    differ = [f.figure for f in check.figures if not f.same]
    print(f"{len(check.figures)} figures compared, {len(differ)} differ")
    for name in check.changed:
        print(f"digest differs: {name}")
    for name in check.extra:
        print(f"not in the manifest: {name}")
    if check.error:
        print(" ".join(check.error.split()))
    versions = ", ".join(f"{k} {v}" for k, v in sorted(check.versions.items()))
    print(f"packed with {versions}; checked with claimstats {installed_version()}")
    for name, (packed, here) in check.other_versions.items():
        print(
            f"versions differ: {name} {packed} in the pack, {here} here; a figure that "
            f"differs may come from the software: re-check with pip install {name}=={packed}"
        )
    print("OK: every digest and figure agrees" if check.ok else "FAILED: see the lines above")


def _cell(value: object) -> str:
    text = "—" if value is None else str(value)
    return text if len(text) <= 14 else text[:13] + "…"


def run_verify(args: argparse.Namespace) -> int:
    """``claimstats verify``: 0 all agree, 1 a figure or digest differs; a pack that
    cannot be read raises :class:`~claimstats.pack.PackError` (exit 2)."""
    check = verify_claim_pack(args.pack)
    if check.missing:
        msg = (
            f"{args.pack}: manifest.json names files that are not in the pack: "
            f"{', '.join(check.missing)}; ask the sender for the complete pack"
        )
        raise PackError(msg)
    print_check(check)
    return 0 if check.ok else 1
