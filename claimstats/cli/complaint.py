"""``claimstats complaint``: the wallet complaint of a shop, from its own files.

Reads the payment attempts and the provider's notice as ``report`` reads its inputs
(the same mapping flags, masking, atomic writes and one-line errors), analyses them with
:func:`claimstats.analyze_complaint`, and writes the letter with its report as HTML,
and as JSON and an Excel workbook of the lists when asked.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pydantic import ValidationError

from claimstats._files import check_outputs
from claimstats.cli.options import (
    add_force_option,
    add_mapping_options,
    add_reading_options,
    reading_settings,
)
from claimstats.complaint import analyze_complaint
from claimstats.errors import ConfigError
from claimstats.models import ComplaintContext, ComplaintSteps, Merchant, PaymentSettings
from claimstats.pipeline import read_claim_files
from claimstats.report import build_complaint_report

__all__ = ["add_complaint_parser", "run_complaint"]


def add_complaint_parser(commands: argparse._SubParsersAction) -> None:
    """Add the ``complaint`` command and its options."""
    c = commands.add_parser(
        "complaint",
        help="write a wallet complaint: the letter to the provider, the unpaid and "
        "refund-due payments, and the figures behind them",
    )
    c.add_argument(
        "--transactions",
        required=True,
        type=Path,
        help="payment attempts, one row each: status completed or failed, and "
        "funds_deducted for the refund request (a payee's bill of successful payments "
        "is not enough)",
    )
    c.add_argument("--outages", required=True, type=Path, help="the provider's failure notice")
    c.add_argument("--tz", required=True, help="the shop's time zone, e.g. Asia/Shanghai")
    c.add_argument("--merchant-name", required=True, help="the shop's name as the wallet knows it")
    c.add_argument("--merchant-id", required=True, help="the merchant number (商户号)")
    c.add_argument("--contact", help="phone or e-mail for the provider's reply")
    c.add_argument("--provider", help="the wallet, e.g. 'WeChat Pay' (default: the notice's)")
    c.add_argument(
        "--support-contacted",
        help="local date support was contacted, e.g. 2026-08-07 (default: not said)",
    )
    c.add_argument("--ticket", help="the support case number, if one was given")
    c.add_argument(
        "--refunds",
        type=Path,
        help="refunds the wallet made already: order_id, refunded_amount, refunded_at",
    )
    c.add_argument("--country", default="CN", help="the country whose bodies the path names")
    c.add_argument(
        "--escalation",
        type=Path,
        help="CSV or JSON of escalation bodies: country, step (association, regulator, "
        "legal), name_zh, name_en, contact; replaces the built-in ones of their step",
    )
    c.add_argument("--reply-days", type=int, default=7, help="days to ask a reply in")
    c.add_argument(
        "--retry-window",
        default="auto",
        help="how long after a failure a same-customer same-amount payment is its retry: "
        "auto measures it from the payments, or a duration such as 2h (default: auto)",
    )
    c.add_argument("--confidence", type=float, default=0.95, help="interval level")
    c.add_argument("--channel", help="the wallet's channel, when the file holds several")
    c.add_argument("--currency", help="currency of attempts without a currency column")
    c.add_argument("--as-of", dest="as_of", help="letter time, ISO with offset (default: now)")
    c.add_argument("--lang", choices=("zh", "en"), default="zh", help="letter language")
    c.add_argument(
        "--no-mask",
        dest="mask",
        action="store_false",
        help="list customers unmasked (to match them with your records; do not send)",
    )
    c.add_argument("--out", required=True, type=Path, help="HTML letter and report to write")
    c.add_argument("--json", type=Path, help="also write the complaint as JSON here")
    c.add_argument("--xlsx", type=Path, help="also write the lists as an Excel workbook here")
    add_force_option(c)
    c.add_argument("--transactions-format", default="auto", help="format of --transactions")
    c.add_argument("--outages-format", default="auto", help="format of --outages")
    add_mapping_options(c, ("transactions", "outages"))
    add_reading_options(c, probes=False)


#: the flag of each field of the merchant and of the steps taken
_FLAGS = {
    "name": "--merchant-name",
    "merchant_id": "--merchant-id",
    "contact": "--contact",
    "support_contacted": "--support-contacted",
    "ticket": "--ticket",
}


def _context(args: argparse.Namespace) -> ComplaintContext:
    """Who complains to whom, from the flags; a bad value is an error naming its flag."""
    try:
        merchant = Merchant(
            name=args.merchant_name, merchant_id=args.merchant_id, contact=args.contact
        )
        steps = ComplaintSteps(support_contacted=args.support_contacted, ticket=args.ticket)
    except ValidationError as exc:
        error = exc.errors()[0]
        flag = _FLAGS.get(str(error["loc"][0]), str(error["loc"][0]))
        msg = f"{flag}: {error['msg'].lower()} (found {error.get('input')!r})"
        raise ConfigError(msg) from exc
    return ComplaintContext(
        merchant=merchant,
        provider=args.provider,
        steps=steps,
        country=args.country,
        reply_days=args.reply_days,
    )


def run_complaint(args: argparse.Namespace) -> list[Path]:
    """Run ``claimstats complaint``; return the files written."""
    outputs = [args.out, *(p for p in (args.json, args.xlsx) if p)]
    inputs = [args.transactions, args.outages, *(p for p in (args.refunds, args.escalation) if p)]
    check_outputs(outputs, inputs, args.force)
    reading = reading_settings(args, orders="transactions")
    transactions, outages = read_claim_files(
        args.transactions, args.outages, tz=args.tz, as_of=args.as_of, reading=reading
    )
    context = _context(args)
    complaint = analyze_complaint(
        transactions,
        outages,
        tz=args.tz,
        context=context,
        as_of=args.as_of,
        settings=PaymentSettings(
            retry_window=args.retry_window, confidence=args.confidence, channel=args.channel
        ),
        refunds=args.refunds,
        escalation=args.escalation or (),
        mask=args.mask,
    )
    report = build_complaint_report(complaint, args.lang)
    written = [report.to_html(args.out)]
    if args.json is not None:
        written.append(report.to_json(args.json))
    if args.xlsx is not None:
        written.append(report.to_xlsx(args.xlsx))
    return written
