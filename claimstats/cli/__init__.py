"""Command line: ``claimstats demo``, ``report``, ``pack``, ``verify``, ``complaint``,
``batch``, ``validate`` and ``schema``.

A thin face over public functions: :func:`claimstats.analyze_claim` and
:func:`claimstats.build_report` for ``report``, :mod:`claimstats.engines` for ``batch``,
:mod:`claimstats.export` for ``--pdf`` and ``--charts``, :mod:`claimstats.datasets` for
``demo``. Every ``ClaimstatsError`` becomes one line on stderr and exit status 2;
``--verbose`` adds the traceback. The command never writes over one of its input
files, and writes every output atomically.
"""

from __future__ import annotations

import argparse
import sys
import traceback
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from claimstats._files import check_outputs
from claimstats.cli.batch import add_batch_parser, run_batch
from claimstats.cli.complaint import add_complaint_parser, run_complaint
from claimstats.cli.hints import command_flags, flag_words
from claimstats.cli.options import (
    add_estimate_options,
    add_force_option,
    add_mapping_options,
    add_reading_options,
    claim_files,
    claim_settings,
    presentation_settings,
    reading_settings,
)
from claimstats.cli.pack import add_pack_parsers, run_pack, run_verify
from claimstats.complaint import check_complaint_input
from claimstats.errors import ClaimstatsError, TimeZoneWarning
from claimstats.io.check import check_input, describe_check
from claimstats.models import METHODS, InputCheck
from claimstats.pipeline import analyze_claim, read_claim_files
from claimstats.report import (
    ImpactReport,
    build_report,
    render_impact_report_schema,
    write_impact_report_schema,
    write_json,
    write_loss_schedule,
)

__all__ = ["main"]


class _DefaultsShown(argparse.HelpFormatter):
    """Help that gives every option's default, unless its text already says it."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        default = action.default
        quiet = default is None or default is False or default == argparse.SUPPRESS
        if not action.option_strings or quiet or "default" in text:
            return text
        return f"{text} (default: %(default)s)"


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage error as one line on stderr and exit status 2, and every
    default shown in ``--help``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _DefaultsShown)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"claimstats: error: {message}; see {self.prog} --help\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="claimstats",
        description="Turn outage evidence and order records into an impact report for a claim.",
    )
    parser.add_argument("--verbose", action="store_true", help="show the traceback of an error")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser(
        "demo", help="write the sample claim's files and its impact report into a folder"
    )
    demo.add_argument(
        "--out",
        required=True,
        type=Path,
        help="folder for sample_data/ and impact_report.html/.json",
    )
    demo.add_argument("--lang", choices=("zh", "en"), default="zh", help="report language")
    demo.add_argument("--seed", type=int, default=0, help="seed of the sample (default 0)")
    add_force_option(demo)

    report = commands.add_parser("report", help="write the impact report of a claim")
    _claim_options(report)
    report.add_argument("--out", required=True, type=Path, help="HTML report to write")
    report.add_argument("--json", type=Path, help="also write the report as JSON here")
    report.add_argument("--xlsx", type=Path, help="also write the Excel loss schedule here")
    report.add_argument(
        "--charts", type=Path, help="also write the charts as PNG and SVG into this folder"
    )
    report.add_argument(
        "--pdf", type=Path, help="also print the report to PDF here (needs Chromium)"
    )
    add_force_option(report)
    _claim_reading_options(report)

    add_batch_parser(commands)
    add_complaint_parser(commands)
    add_pack_parsers(commands, _claim_options, _claim_reading_options)

    validate = commands.add_parser(
        "validate", help="check that an input file can be used, and show what is in it"
    )
    validate.add_argument("file", type=Path, help="the outage or order file to check")
    validate.add_argument("--kind", choices=("outages", "orders"), help="default: detect")
    validate.add_argument("--tz", help="zone of times written without an offset")
    validate.add_argument("--format", default="auto", help="format name (default: auto)")
    validate.add_argument("--currency", help="currency of orders without a currency column")
    validate.add_argument("--as-of", dest="as_of", help="reference time for outages")
    validate.add_argument(
        "--for",
        dest="purpose",
        choices=("claim", "complaint"),
        default="claim",
        help="what the file is for: a claim's orders or outages, or the payment attempts of "
        "a wallet complaint (failed attempts needed, funds_deducted for refunds)",
    )
    validate.add_argument(
        "--outages",
        type=Path,
        help="with --for complaint: the provider's notice, to see the failures cluster in it",
    )
    add_mapping_options(validate, ("",))
    add_reading_options(validate, on_error=False)

    schema = commands.add_parser(
        "schema", help="write the JSON schema of the report's JSON (--json) to check it with"
    )
    schema.add_argument("--out", type=Path, help="file to write (default: standard output)")
    add_force_option(schema)
    return parser


def _claim_options(report: argparse.ArgumentParser) -> None:
    """The inputs and settings of a claim, shared by ``report`` and ``pack``."""
    report.add_argument("--outages", required=True, type=Path, help="outage file")
    report.add_argument("--orders", required=True, type=Path, help="order file")
    report.add_argument("--tz", required=True, help="claimant's time zone, e.g. Asia/Shanghai")
    report.add_argument(
        "--service",
        help="the interrupted service: chosen when the outages name several, the name "
        "given to records that name none (a monitor log of one service)",
    )
    report.add_argument(
        "--channel",
        help="the affected order channel, e.g. whatsapp (default: every channel but --control)",
    )
    report.add_argument("--control", help="an unaffected channel to compare with, e.g. website")
    report.add_argument("--currency", help="currency of orders without a currency column")
    add_estimate_options(report)
    report.add_argument(
        "--baseline-weeks", type=int, default=6, help="previous weeks the baseline looks at"
    )
    report.add_argument(
        "--max-placebos", type=int, default=500, help="most placebo windows calibrated on"
    )
    report.add_argument(
        "--no-sensitivity",
        dest="sensitivity",
        action="store_false",
        help="leave out the sensitivity table (the amount claimed under other choices of "
        "the estimate); a quarter of a second faster on the sample claim",
    )
    report.add_argument(
        "--method",
        choices=("auto", *METHODS),
        default="auto",
        help="how expected orders are predicted; auto (default) takes the method with the "
        "smallest error on placebo windows",
    )
    report.add_argument(
        "--expenses",
        type=Path,
        help="CSV or JSON file of documented costs: amount, description, evidence, claimed "
        "(false for an indirect loss, listed but not claimed)",
    )
    report.add_argument(
        "--evidence",
        type=Path,
        help="CSV or JSON list of other evidence: name, description, kind (screenshot, "
        "recording, chat, contract, ticket, network, other), path (hashed when given)",
    )
    report.add_argument("--claimant", help="claimant's name for the report header")
    report.add_argument(
        "--claimant-type",
        choices=("business", "personal"),
        default="business",
        help="business claims need stricter proof; personal users are often offered "
        "service extensions",
    )
    report.add_argument(
        "--country", default="CN", help="country whose public holidays are not business days"
    )
    report.add_argument("--threshold", default="24h", help="the continuous-duration test")
    report.add_argument("--filing-window", default="7D", help="file within this of the problem")
    report.add_argument("--filed-on", help="local date the claim was filed, e.g. 2026-08-07")
    report.add_argument(
        "--sla-schedule",
        type=Path,
        help="CSV or JSON of SLA credit tiers: below_uptime_percent, credit_percent "
        "(default: 99.9/10, 99.0/25, 95.0/100)",
    )
    report.add_argument(
        "--no-mask",
        dest="mask",
        action="store_false",
        help="show phone numbers, e-mail addresses and customers unmasked (do not share)",
    )
    report.add_argument(
        "--include-orders",
        dest="include_orders",
        action="store_true",
        help="list the orders in the outage and recovery windows (customers masked "
        "unless --no-mask)",
    )
    report.add_argument("--lang", choices=("zh", "en"), default="zh", help="report language")
    report.add_argument("--as-of", dest="as_of", help="report time, ISO with offset (default: now)")


def _claim_reading_options(report: argparse.ArgumentParser) -> None:
    """How a claim's files are read, shared by ``report`` and ``pack``."""
    report.add_argument("--orders-format", default="auto", help="format of --orders (auto)")
    report.add_argument("--outages-format", default="auto", help="format of --outages (auto)")
    add_mapping_options(report, ("orders", "outages"))
    add_reading_options(report)


def _write(
    report: ImpactReport,
    html: Path,
    json: Path | None,
    xlsx: Path | None = None,
    charts: Path | None = None,
    pdf: Path | None = None,
) -> list[Path]:
    written = [report.to_html(html)]
    if json is not None:
        written.append(write_json(report, json))
    if xlsx is not None:
        written.append(write_loss_schedule(report, xlsx))
    if charts is not None:
        from claimstats.export import export_charts  # optional: needs Kaleido and Chromium

        written += export_charts(report, charts)
    if pdf is not None:
        from claimstats.export import write_pdf  # optional: needs Chromium

        written.append(write_pdf(html, pdf))
    return written


def _options(args: argparse.Namespace, *names: str) -> dict[str, Any]:
    """The command's options of these names, as the keyword arguments of a function."""
    return {name: getattr(args, name) for name in names}


#: options of the readers, named as their keyword arguments
_PROBES = ("component", "min_failed", "max_gap")


def _check(args: argparse.Namespace) -> InputCheck:
    reading = ("tz", "format", "as_of", "currency", "decimal", "encoding", "columns", "status_map")
    if args.purpose == "complaint":
        return check_complaint_input(args.file, outages=args.outages, **_options(args, *reading))
    return check_input(args.file, **_options(args, "kind", *reading, *_PROBES))


def _demo(args: argparse.Namespace) -> list[Path]:
    """The sample claim's files and its report, written into ``--out``."""
    from claimstats.datasets import demo_report, write_sample  # optional: the sample data

    # The same files as the repository's sample_data/, so the report's evidence
    # inventory names real files with their SHA-256.
    data = args.out / "sample_data"
    html, json = args.out / "impact_report.html", args.out / "impact_report.json"
    check_outputs([html, json, data / "orders.csv"], [], args.force)
    written = write_sample(data, seed=args.seed)
    report = demo_report(seed=args.seed, lang=args.lang, folder=data)
    return [*written, *_write(report, html, json)]


def _report(args: argparse.Namespace) -> list[Path]:
    """The impact report of a claim, from its files and the command's settings."""
    outputs = [args.out, *(path for path in (args.json, args.xlsx, args.pdf) if path)]
    check_outputs(outputs, claim_files(args), args.force)
    orders, outages = read_claim_files(
        args.orders, args.outages, tz=args.tz, as_of=args.as_of, service=args.service,
        reading=reading_settings(args),
    )  # fmt: skip
    analysis = analyze_claim(orders, outages, tz=args.tz, **claim_settings(args))
    report = build_report(analysis, presentation_settings(args))
    return _write(report, args.out, args.json, args.xlsx, args.charts, args.pdf)


def _run(args: argparse.Namespace) -> list[Path]:
    if args.command == "schema":
        if args.out is None:
            sys.stdout.write(render_impact_report_schema())
            return []
        check_outputs([args.out], [], args.force)
        return [write_impact_report_schema(args.out)]
    if args.command == "batch":
        return run_batch(args)
    if args.command == "complaint":
        return run_complaint(args)
    if args.command == "demo":
        return _demo(args)
    if args.command == "pack":
        return run_pack(args)
    return _report(args)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status: 0 done, 2 failed.

    Every failure is one line on stderr starting ``claimstats: error:`` (a usage error
    too, which exits with 2 from the parser); ``--verbose`` puts the traceback before it.

    Examples
    --------
    >>> main(["report", "--outages", "missing.csv", "--orders", "missing.csv",
    ...       "--tz", "Asia/Shanghai", "--out", "never-written.html"])
    2
    """
    parser = _parser()
    args = parser.parse_args(argv)
    command = _command(parser, args.command)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", TimeZoneWarning)
            if args.command == "validate":
                return _validate(args, command)
            if args.command == "verify":
                return run_verify(args)
            written = _run(args)
    except ClaimstatsError as exc:
        return _fail(args.verbose, _said(command, args, str(exc), getattr(exc, "source", None)))
    except OSError as exc:  # a file that cannot be read or written: permissions, a full disk
        where = f" {exc.filename}" if exc.filename else ""
        return _fail(args.verbose, f"cannot use{where}: {exc.strerror or exc}; check the path")
    except Exception as exc:  # a bug: still one line, and how to report it
        return _fail(
            args.verbose,
            f"internal error ({type(exc).__name__}: {exc}); nothing was written over your "
            "files. Run again with --verbose and report the traceback (see SECURITY.md)",
        )
    finally:
        _warn(command, args, [w for w in caught if issubclass(w.category, TimeZoneWarning)])
    for path in written:
        print(f"wrote {path}")
    return 0


def _validate(args: argparse.Namespace, command: argparse.ArgumentParser) -> int:
    """``claimstats validate``: what is in the file on stdout; warnings, errors on stderr."""
    check = _check(args)
    print("\n".join(_said(command, args, line, None) for line in describe_check(check)))
    for doubt in check.warnings:
        print(f"claimstats: warning: {_said(command, args, doubt, None)}", file=sys.stderr)
    if not check.usable:
        error = _said(command, args, " ".join(str(check.error).split()), None)
        print(f"claimstats: error: {check.source}: not usable: {error}", file=sys.stderr)
        return 2
    return 0


def _command(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    """The parser of one command (``report``, ``validate``, ...)."""
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return commands.choices[name]


def _said(
    command: argparse.ArgumentParser, args: argparse.Namespace, message: str, source: object
) -> str:
    """A library message as the command line says it: with its flags, not Python arguments."""
    about = None
    for kind, option in (("orders", "orders"), ("orders", "transactions"), ("outages", "outages")):
        paths = getattr(args, option, None)
        for path in paths if isinstance(paths, list) else [paths]:
            if path is not None and (source == str(path) or message.startswith(f"{path}:")):
                about = kind
    return flag_words(message, command_flags(command, about))


def _warn(command: argparse.ArgumentParser, args: argparse.Namespace, caught: list[Any]) -> None:
    """Each time-zone warning as one line on stderr, once."""
    for text in dict.fromkeys(str(w.message) for w in caught):
        print(f"claimstats: warning: {_said(command, args, text, None)}", file=sys.stderr)


def _fail(verbose: bool, message: str) -> int:
    """Print a failure as one line on stderr (after the traceback with ``--verbose``): 2."""
    if verbose:
        traceback.print_exc()
    print(f"claimstats: error: {' '.join(message.split())}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
