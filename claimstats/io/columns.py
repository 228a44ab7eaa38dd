"""Match a file's columns to the canonical names.

Without a ``columns`` mapping a file column matches a canonical name when its
normalised header (lower case, spaces and punctuation as ``_``) equals the name, or,
failing that, one of the name's aliases below. An exact match wins over an alias; two
candidates of the same rank are an error, because guessing could read the wrong column.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Final

from claimstats.errors import ConfigError, DataError

__all__ = ["ORDER_ALIASES", "OUTAGE_ALIASES", "normalise_header", "resolve_columns"]

#: canonical outage column -> other headers that mean the same (after normalising)
OUTAGE_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "incident_id": ("id", "incident", "outage_id", "incident_number", "事件编号"),
    "service": ("component", "system", "app", "application", "服务"),
    "start": ("begin", "started_at", "start_time", "started", "start_at", "from", "开始时间"),
    "end": (
        "resolved_at",
        "finish",
        "end_time",
        "ended_at",
        "ended",
        "end_at",
        "finished_at",
        "resolved",
        "until",
        "to",
        "结束时间",
    ),
    "severity": ("impact", "level", "严重程度"),
    "description": ("details", "summary", "title", "notes", "note", "comment", "描述"),
    "source": ("来源",),
}

#: canonical order column -> other headers that mean the same (after normalising)
ORDER_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "order_id": (
        "id",
        "order",
        "order_no",
        "order_number",
        "transaction_id",
        "payment_id",
        "订单号",
    ),
    "timestamp": (
        "time",
        "datetime",
        "created_at",
        "date",
        "paid_at",
        "order_time",
        "created",
        "transaction_time",
        "时间",
        "交易时间",
        "下单时间",
    ),
    "amount": ("total", "value", "price", "amount_paid", "total_price", "金额", "订单金额"),
    "currency": ("ccy", "currency_code", "币种"),
    "channel": ("platform", "sales_channel", "渠道"),
    "status": ("state", "order_status", "payment_status", "financial_status", "状态", "交易状态"),
    "customer": ("customer_id", "customer_name", "client", "buyer", "客户"),
    "status_text": ("original_status", "原始状态"),
    "refunded_amount": ("refunded", "refund_amount", "amount_refunded", "退款金额"),
    "refunded_at": (
        "refund_time",
        "refunded_on",
        "refund_date",
        "refunded_time",
        "refund_at",
        "退款时间",
        "退款日期",
    ),
    "funds_deducted": (
        "deducted",
        "money_taken",
        "funds_taken",
        "debited",
        "扣款成功",
        "已扣款",
        "是否扣款",
    ),
}

_SEPARATORS = re.compile(r"[\s\-./()\[\]]+")
_REPEATED = re.compile(r"^(.*)\.\d+$")


def normalise_header(name: str) -> str:
    """A header as compared with canonical names: lower case, separators as ``_``.

    Examples
    --------
    >>> normalise_header(" Created At ")
    'created_at'
    >>> normalise_header("Order-No.")
    'order_no'
    """
    return _SEPARATORS.sub("_", str(name).strip().lower()).strip("_")


def _unmangled(name: str, found: Sequence[str]) -> str:
    """``amount.1`` -> ``amount`` when the file also has ``amount`` (a repeated header)."""
    match = _REPEATED.match(name)
    return match.group(1) if match and match.group(1) in found else name


def _explicit(
    columns: Mapping[str, str], found: Sequence[str], canonical: Sequence[str], label: str
) -> dict[str, str]:
    if not isinstance(columns, Mapping):
        msg = f'columns must be a dict such as {{"timestamp": "Paid at"}}, not {type(columns).__name__}'
        raise ConfigError(msg)
    chosen: dict[str, str] = {}
    where = f"{label}: " if label else ""
    for name, wanted in columns.items():
        if name not in canonical:
            msg = (
                f"{where}columns names an unknown canonical column {name!r}; "
                f"the keys must be some of {', '.join(canonical)}"
            )
            raise ConfigError(msg)
        if not isinstance(wanted, str):
            msg = f"{where}columns[{name!r}] must be a column name (text), not {wanted!r}"
            raise ConfigError(msg)
        if wanted in found:
            chosen[name] = wanted
            continue
        loose = [c for c in found if c.strip().lower() == wanted.strip().lower()]
        if len(loose) == 1:
            chosen[name] = loose[0]
            continue
        msg = (
            f"columns maps {name!r} to {wanted!r}, but the file has no such column; "
            f"its columns are {', '.join(repr(c) for c in found)}"
        )
        raise DataError(msg, source=label)
    return chosen


def resolve_columns(
    found: Sequence[str],
    aliases: Mapping[str, tuple[str, ...]],
    columns: Mapping[str, str] | None,
    required: Sequence[str],
    label: str,
) -> dict[str, str]:
    """Which file column holds each canonical column.

    Parameters
    ----------
    found
        The file's column names.
    aliases
        Canonical name -> alternative headers (:data:`OUTAGE_ALIASES` or
        :data:`ORDER_ALIASES`); its keys are the canonical names.
    columns
        The user's mapping, canonical name -> file column; it overrides matching.
    required
        Canonical names that must be found.
    label
        The source, for messages.

    Returns
    -------
    dict
        Canonical name -> file column, for every canonical column found.

    Raises
    ------
    ConfigError
        ``columns`` is not a mapping of canonical names to column names.
    DataError
        A mapped column is not in the file, two columns could be the same canonical
        column, or a required column is missing.

    Examples
    --------
    >>> resolve_columns(["Paid at", "Total"], ORDER_ALIASES, {"timestamp": "Paid at"},
    ...                 ["timestamp", "amount"], "orders.csv")
    {'timestamp': 'Paid at', 'amount': 'Total'}
    """
    canonical = list(aliases)
    chosen = _explicit(columns or {}, found, canonical, label)
    used = set(chosen.values())
    normalised = {c: normalise_header(_unmangled(c, found)) for c in found if c not in used}
    for name in canonical:
        if name in chosen:
            continue
        for rank in ((name,), aliases[name]):
            hits = [c for c, norm in normalised.items() if norm in rank]
            if len(hits) > 1:
                both = " and ".join(repr(c) for c in hits)
                msg = (
                    f"columns {both} could both be the {name!r} column; choose one with "
                    f'columns={{"{name}": "{hits[0]}"}}'
                )
                raise DataError(msg, source=label)
            if hits:
                chosen[name] = hits[0]
                normalised.pop(hits[0])
                break
    missing = [name for name in required if name not in chosen]
    if missing:
        example = ", ".join(f'"{name}": "<your column>"' for name in missing)
        msg = (
            f"has no {' or '.join(repr(m) for m in missing)} column "
            f"(columns found: {', '.join(repr(c) for c in found)}); "
            f"say which column holds it with columns={{{example}}}"
        )
        raise DataError(msg, source=label)
    return {name: chosen[name] for name in canonical if name in chosen}
