"""Check an input file before a claim: which layout, how many rows are usable, what is in it.

:func:`check_input` reads a file the way the report will (with bad rows rejected, so
one run lists them all) and describes the result as an
:class:`~claimstats.models.InputCheck`; ``claimstats validate`` prints it.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pandas as pd

from claimstats.errors import ClaimstatsError, ConfigError
from claimstats.io.options import READING_SETTINGS
from claimstats.io.orders import read_orders
from claimstats.io.outages import read_outages
from claimstats.io.provenance import provenance
from claimstats.io.zones import zone_doubts
from claimstats.models import FileProvenance, InputCheck

__all__ = ["KINDS", "check_input", "describe_check"]

#: the kinds of input a file may hold
KINDS = ("orders", "outages")

_COUNTED = {"orders": ("currency", "channel", "status"), "outages": ("service", "severity")}
_PLURALS = {
    "currency": "currencies",
    "channel": "channels",
    "status": "statuses",
    "service": "services",
    "severity": "severities",
}


def _describe(source: str, kind: str, frame: pd.DataFrame, tz: str | None) -> InputCheck:
    counts = {
        column: {str(k): int(v) for k, v in frame[column].value_counts(sort=True).items()}
        for column in _COUNTED[kind]
    }
    record = provenance(frame)
    return InputCheck(
        source=source,
        kind=kind,  # type: ignore[arg-type]
        usable=record.rows_kept > 0,
        error=None if record.rows_kept else "no usable rows; see the rejected rows",
        provenance=record,
        counts=counts,
        open_outages=int(frame["end"].isna().sum()) if kind == "outages" else 0,
        warnings=[
            *(zone_doubts(frame, tz) if tz is not None and len(frame) else []),
            *_rejected_share(source, record),
        ],
    )


#: the share of rejected rows from which a usable file gets a warning
REJECTED_SHARE = 0.05


def _rejected_share(source: str, record: FileProvenance) -> list[str]:
    """A warning when many rows were rejected: a claim resting on the rest is questioned."""
    read = record.rows_kept + record.rows_rejected
    if not record.rows_kept or record.rows_rejected / read < REJECTED_SHARE:
        return []
    share = record.rows_rejected / read
    return [
        f"{source}: {record.rows_rejected:,} of {read:,} rows ({share:.0%}) were rejected and "
        "would be left out of the claim; an assessor will ask what they held: fix them in "
        "the file, or map its columns and status words (see the rejected rows)"
    ]


def check_input(
    source: str | os.PathLike[str],
    kind: str | None = None,
    tz: str | None = None,
    format: str = "auto",
    as_of: str | pd.Timestamp | None = None,
    **options: object,
) -> InputCheck:
    """Read one input file with bad rows rejected, and describe what was found.

    Parameters
    ----------
    source
        The file to check (never modified).
    kind
        ``"orders"``, ``"outages"``, or None to try both and keep the reading that
        uses more rows.
    tz
        IANA zone of times written without an offset.
    format
        ``"auto"`` or a name in :data:`claimstats.io.FORMATS`.
    as_of
        Reference time for outages (an outage after it is an error); default now.
    **options
        Passed to the loader: ``currency``, ``columns``, ``decimal``, ``encoding``,
        ``component``, ``min_failed``, ``max_gap`` ...

    Returns
    -------
    InputCheck
        ``usable`` is True when the file loads and keeps at least one row; ``error``
        says why not otherwise; ``provenance`` lists rejected and excluded rows.

    Raises
    ------
    ConfigError
        ``kind`` is not one of :data:`KINDS`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "orders.csv"
    >>> _ = p.write_text("time,amount\\n2026-08-04T01:40Z,5\\n2026-08-04T01:41Z,x\\n")
    >>> check = check_input(p, currency="CNY")
    >>> check.kind, check.usable, check.provenance.rows_kept, check.provenance.rows_rejected
    ('orders', True, 1, 1)
    """
    if kind is not None and kind not in KINDS:
        msg = f"kind must be one of {', '.join(KINDS)} (or None to detect), not {kind!r}"
        raise ConfigError(msg)
    label = os.fspath(source)
    _check_options(options)
    readers: dict[str, Callable[[], pd.DataFrame]] = {
        "orders": lambda: read_orders(
            source, format=format, tz=tz, on_error="reject", **_only(options, _ORDER_OPTIONS)
        ),
        "outages": lambda: read_outages(
            source,
            format=format,
            tz=tz,
            as_of=as_of,
            on_error="reject",
            **_only(options, _OUTAGE_OPTIONS),
        ),
    }
    checks: list[InputCheck] = []
    errors: list[str] = []
    for name in [kind] if kind else KINDS:
        try:
            frame = readers[name]()
        except ClaimstatsError as exc:
            errors.append(f"as {name}: {exc}" if kind is None else str(exc))
            continue
        checks.append(_describe(label, name, frame, tz))
    if checks:
        return max(checks, key=lambda c: c.provenance.rows_kept if c.provenance else 0)
    return InputCheck(source=label, kind=None, usable=False, error=" | ".join(errors))


# the readers' options but those check_input sets itself (format, on_error); outages also
# take the name of the service for records that name none
_ORDER_OPTIONS = tuple(n for n in READING_SETTINGS["orders"] if n not in ("format", "on_error"))
_OUTAGE_OPTIONS = (
    *(n for n in READING_SETTINGS["outages"] if n not in ("format", "on_error")),
    "service",
)


def _check_options(options: dict[str, object]) -> None:
    """Refuse an option neither loader knows, before anything is read."""
    known = {*_ORDER_OPTIONS, *_OUTAGE_OPTIONS}
    unknown = sorted(set(options) - known)
    if unknown:
        msg = f"unknown option {unknown[0]!r}; the loaders accept {', '.join(sorted(known))}"
        raise ConfigError(msg)


def _only(options: dict[str, object], names: tuple[str, ...]) -> dict[str, object]:
    """The options one loader takes (given ones only)."""
    return {k: v for k, v in options.items() if k in names and v is not None}


_MAX_REASONS = 10


def _rejections(record: FileProvenance) -> list[str]:
    """Rejected rows grouped by column and reason, with their first line numbers."""
    groups: dict[tuple[str, str], list[int]] = {}
    for row in record.rejected:
        groups.setdefault((row.column, row.reason), []).append(row.line)
    lines = []
    for (column, reason), numbers in list(groups.items())[:_MAX_REASONS]:
        shown = ", ".join(str(n) for n in numbers[:5])
        more = f" and {len(numbers) - 5} more" if len(numbers) > 5 else ""
        noun = "line" if len(numbers) == 1 else "lines"
        lines.append(f"    {noun} {shown}{more}, column {column!r}: {reason}")
    if len(groups) > _MAX_REASONS:
        lines.append(f"    ... and {len(groups) - _MAX_REASONS} more kinds of problem")
    return lines


def _moment(value: object, tz: str | None) -> str:
    stamp = pd.Timestamp(value)  # type: ignore[arg-type]
    text = f"{stamp:%Y-%m-%d %H:%M:%S} UTC"
    if tz:
        local = stamp.tz_convert(tz)
        text += f" ({local:%Y-%m-%d %H:%M:%S} {tz})"
    return text


def describe_check(check: InputCheck) -> list[str]:
    """The lines ``claimstats validate`` prints for a check.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "orders.csv"
    >>> _ = p.write_text("time,amount\\n2026-08-04T01:40Z,5\\n")
    >>> print("\\n".join(describe_check(check_input(p, currency="CNY"))[1:4]))
      format      generic-csv (encoding utf-8)
      rows        1 read, 1 kept, 0 rejected, 0 excluded
      time span   2026-08-04 01:40:00 UTC to 2026-08-04 01:40:00 UTC
    """
    if check.provenance is None:
        return [f"{check.source}: cannot be used (the reason follows on stderr)"]
    record = check.provenance
    verdict = "usable" if check.usable else "NOT usable"
    out = [f"{check.source}: {verdict} as {check.kind}"]
    encoding = f" (encoding {record.encoding})" if record.encoding else ""
    out.append(f"  format      {record.format}{encoding}")
    excluded = sum(record.excluded.values())
    out.append(
        f"  rows        {record.rows_read:,} read, {record.rows_kept:,} kept, "
        f"{record.rows_rejected:,} rejected, {excluded:,} excluded"
    )
    for reason, count in record.excluded.items():
        out.append(f"    excluded {count:,}: {reason}")
    if record.rejected:
        out.append("  rejected    (these rows are left out; fix them in the file to use them)")
        out.extend(_rejections(record))
    if record.time_start is not None:
        out.append(
            f"  time span   {_moment(record.time_start, record.tz)} to "
            f"{_moment(record.time_end, record.tz)}"
        )
    out.append(f"  time zone   {record.tz or 'none given (times carried their own offset)'}")
    if record.utc_offsets:
        written = ", ".join(f"UTC{o} {n:,}" for o, n in record.utc_offsets.items())
        out.append(f"  offsets     {written} (as written in the file)")
    for column, counts in check.counts.items():
        shown = ", ".join(f"{value} {count:,}" for value, count in counts.items())
        out.append(f"  {_PLURALS[column]:<11} {shown}")
    if check.kind == "outages":
        count = check.open_outages
        out.append(f"  open        {count} {'outage' if count == 1 else 'outages'} without an end")
        for window in record.unknown_periods:
            out.append(
                f"  unknown     {_moment(window.start, record.tz)} to "
                f"{_moment(window.end, record.tz)}: the monitor did not probe"
            )
    return out
