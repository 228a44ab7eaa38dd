"""Read orders or payment attempts (one row each) into the canonical order frame."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Final

import numpy as np
import pandas as pd

from claimstats._files import check_fits_in_memory
from claimstats.errors import ConfigError, DataError
from claimstats.io.columns import ORDER_ALIASES
from claimstats.io.loader import Loaded, Opened, finish, match, open_table
from claimstats.io.options import ReadOptions
from claimstats.io.problems import check_on_error, shorten
from claimstats.io.registry import tried_text
from claimstats.io.times import check_tz, parse_times
from claimstats.io.values import (
    Amounts,
    as_text,
    currency_conflicts,
    describe_sign,
    iso_currencies,
    map_words,
    normalise_word,
    parse_amounts,
    text_or,
)
from claimstats.schema import ORDER_COLUMNS, ORDER_EXTRAS, ORDER_STATUSES

__all__ = ["CURRENCY_SYNONYMS", "FLAG_WORDS", "STATUS_SYNONYMS", "check_status_map", "read_orders"]

#: words accepted for each status (matched lower case, spaces and hyphens as ``_``)
STATUS_SYNONYMS: Final[dict[str, str]] = {
    **{s: s for s in ORDER_STATUSES},
    **dict.fromkeys(("paid", "success", "succeeded", "successful", "complete"), "completed"),
    **dict.fromkeys(("fail", "failure", "error", "declined"), "failed"),
    **dict.fromkeys(("canceled", "cancel", "void", "voided"), "cancelled"),
    **dict.fromkeys(("refund",), "refunded"),
    **dict.fromkeys(("processing", "in_progress"), "pending"),
    **dict.fromkeys(("支付成功", "交易成功", "已支付", "已完成"), "completed"),
    **dict.fromkeys(("支付失败", "失败"), "failed"),
    **dict.fromkeys(("已取消", "交易关闭"), "cancelled"),
    **dict.fromkeys(("已退款", "已全额退款"), "refunded"),
    **dict.fromkeys(("处理中", "待支付"), "pending"),
}

#: words accepted for a yes/no column such as ``funds_deducted`` (matched lower case)
FLAG_WORDS: Final[dict[str, bool]] = {
    **dict.fromkeys(("true", "t", "yes", "y", "1", "是", "已扣款", "扣款成功"), True),
    **dict.fromkeys(("false", "f", "no", "n", "0", "否", "未扣款", "扣款失败"), False),
}

#: common non-ISO names of a currency, upper case -> ISO 4217 code
CURRENCY_SYNONYMS: Final[dict[str, str]] = {"RMB": "CNY"}

_STATUS_CHOICES = ", ".join(ORDER_STATUSES)


def _check_currency(currency: object) -> str | None:
    if currency is None:
        return None
    code = str(currency).strip().upper()
    code = CURRENCY_SYNONYMS.get(code, code)
    if not isinstance(currency, str) or code not in iso_currencies():
        msg = (
            f'currency={currency!r} is not an ISO 4217 code; pass one such as "CNY", "USD" or "EUR"'
        )
        raise ConfigError(msg)
    return code


def check_status_map(status_map: object) -> dict[str, str]:
    """The user's status words, normalised as the loaders match them, each checked.

    Examples
    --------
    >>> check_status_map({"On Hold": "Pending"})
    {'on_hold': 'pending'}
    """
    if status_map is None:
        return {}
    if not isinstance(status_map, Mapping):
        msg = f'status_map must be a dict such as {{"paid_out": "completed"}}, not {type(status_map).__name__}'
        raise ConfigError(msg)
    checked: dict[str, str] = {}
    for value, status in status_map.items():
        target = str(status).strip().lower()
        if target not in ORDER_STATUSES:
            msg = f"status_map[{value!r}] is {status!r}; map each value to one of {_STATUS_CHOICES}"
            raise ConfigError(msg)
        key = normalise_word(pd.Series([str(value)], dtype="str")).iloc[0]
        checked[key] = target
    return checked


def _require_currency(loaded: Loaded, default: str | None) -> None:
    if loaded.column("currency") is None and default is None:
        msg = (
            f'{loaded.source.label}: has no currency column; pass currency="CNY" (the '
            "ISO 4217 code of the amounts)"
        )
        raise ConfigError(msg)


def _currencies(loaded: Loaded, default: str | None) -> pd.Series:
    raw = loaded.column("currency")
    if raw is None:
        return pd.Series([default] * loaded.rows, dtype="str")
    label = loaded.label("currency")
    codes = as_text(raw).str.upper()
    codes = codes.replace(CURRENCY_SYNONYMS)
    if default is not None:
        codes = codes.fillna(default)
    missing = codes.isna().to_numpy()
    loaded.problems.add(
        label, 'the currency is missing; fill it in, or pass currency="CNY" for such rows', missing
    )
    invalid = ~codes.isin(iso_currencies()).to_numpy() & ~missing
    loaded.problems.add(
        label, "not an ISO 4217 currency code; use a code such as CNY, USD or EUR", invalid
    )
    return codes


def _statuses(loaded: Loaded, status_map: dict[str, str]) -> pd.Series:
    raw = loaded.column("status")
    if raw is None:
        return pd.Series(["completed"] * loaded.rows, dtype="str")
    text = text_or(raw, "completed", loaded.rows)
    status = map_words(text, status_map, STATUS_SYNONYMS)
    unknown = np.flatnonzero(status.isna().to_numpy())
    if unknown.size:
        values = text.iloc[unknown].to_numpy()
        for value, rows in pd.Series(unknown).groupby(values, sort=False).indices.items():
            shown = shorten(value)
            word = value if shown == value else "<that status>"
            loaded.problems.add_rows(
                loaded.label("status"),
                f'unknown status {shown!r}; say what it means with status_map={{"{word}": '
                f'"completed"}} (or another of {_STATUS_CHOICES})',
                unknown[rows],
            )
    return status


def _order_ids(loaded: Loaded) -> pd.Series:
    lines = pd.Series(loaded.table.lines).astype("str")
    ids = text_or(loaded.column("order_id"), "L" + lines, loaded.rows)
    repeated = np.flatnonzero(ids.duplicated(keep=False).to_numpy())
    if repeated.size:
        values = ids.iloc[repeated].to_numpy()
        for rows in pd.Series(repeated).groupby(values, sort=False).indices.values():
            loaded.problems.add_rows(
                loaded.label("order_id"),
                "the same order id is on more than one line; remove the copies, or give "
                "each order its own id",
                repeated[rows],
            )
    return ids


def read_orders(
    source: str | os.PathLike[str] | pd.DataFrame,
    format: str = "auto",
    tz: str | None = None,
    columns: Mapping[str, str] | None = None,
    currency: str | None = None,
    status_map: Mapping[str, str] | None = None,
    on_error: str = "raise",
    *,
    decimal: str = ".",
    encoding: str | None = None,
) -> pd.DataFrame:
    """Read orders or payment attempts into the canonical order frame.

    Parameters
    ----------
    source
        A CSV, Excel, Parquet or JSON file, or a DataFrame (never modified).
    format
        ``"auto"`` (by type and extension) or a name in :data:`claimstats.io.FORMATS`.
    tz
        IANA zone of times written without an offset, e.g. ``"Asia/Shanghai"``.
    columns
        Canonical name -> the file's column, e.g. ``{"timestamp": "Paid at"}``.
    currency
        ISO 4217 code for rows without one (required when the file has no currency column).
    status_map
        The file's status values -> canonical status; applied before the built-in synonyms.
    on_error
        ``"raise"`` to stop on any bad row, ``"reject"`` to keep the good rows.
    decimal
        The decimal mark of amounts written as text: ``"."`` (``¥1,234.50``) or ``","``
        (``1.234,50 €``).
    encoding
        Text encoding; default: detect UTF-8 (with or without BOM), UTF-16, GBK/GB18030.

    Returns
    -------
    pandas.DataFrame
        Columns and dtypes of :data:`claimstats.schema.ORDER_COLUMNS`, in file order,
        then the optional columns of :data:`claimstats.schema.ORDER_EXTRAS` the source
        has (``status_text``: the status as written; ``refunded_amount``;
        ``refunded_at``: when the money went back, missing where not known;
        ``funds_deducted``: pandas ``boolean``, True when a payment's money was taken
        although it failed, missing where the file leaves it empty), with
        ``attrs["provenance"]`` describing the file, any rejected rows and the rows
        excluded on purpose (a bill's outgoing payments).

    Raises
    ------
    DataError
        The file is missing or empty, lacks ``timestamp`` or ``amount``, or has bad rows
        (every one is listed with its line number).
    FormatError
        The file cannot be read in the chosen format.
    ConfigError
        An argument is invalid, times lack a zone and ``tz`` is not given, or no
        currency is known.

    Examples
    --------
    >>> df = pd.DataFrame({"Paid at": ["2026-08-04 09:40"], "total": ["25.00"], "state": ["PAID"]})
    >>> out = read_orders(df, tz="Asia/Shanghai", currency="cny", columns={"timestamp": "Paid at"})
    >>> row = out.iloc[0]
    >>> row["order_id"], str(row["timestamp"]), float(row["amount"]), row["currency"], row["status"]
    ('L1', '2026-08-04 01:40:00+00:00', 25.0, 'CNY', 'completed')
    """
    on_error = check_on_error(on_error)
    tz = check_tz(tz)
    check_fits_in_memory(source)
    default_currency = _check_currency(currency)
    user_statuses = check_status_map(status_map)
    options = ReadOptions("orders", tz=tz, encoding=encoding, decimal=_check_decimal(decimal))
    loaded = _match(open_table(source, format, options), columns)
    _require_currency(loaded, default_currency)
    problems, rows = loaded.problems, loaded.rows

    order_ids = _order_ids(loaded)
    time_label = loaded.label("timestamp")
    times = parse_times(loaded.table.frame[time_label], time_label, tz, problems)
    problems.add(time_label, "the time is missing; every order needs one", times.missing)

    amounts = _amounts(loaded, "amount", options.decimal)

    currencies = _currencies(loaded, default_currency)
    _check_signs(loaded, "amount", amounts, currencies, default_currency)
    statuses = _statuses(loaded, user_statuses)
    frame = pd.DataFrame(
        {
            "order_id": order_ids,
            "timestamp": times.utc,
            "amount": amounts.numbers,
            "currency": currencies,
            "channel": text_or(loaded.column("channel"), "unspecified", rows),
            "status": statuses,
            "customer": (
                pd.Series([np.nan] * rows, dtype="str")
                if loaded.column("customer") is None
                else as_text(loaded.column("customer"))  # type: ignore[arg-type]
            ),
        }
    ).astype(ORDER_COLUMNS)
    extras = _extras(loaded, options.decimal, currencies, default_currency, tz)
    if extras:
        frame = frame.assign(**extras).astype({k: ORDER_EXTRAS[k] for k in extras})
    return finish(loaded, "orders", frame, on_error, ("timestamp",), tz)


def _match(opened: Opened, columns: Mapping[str, str] | None) -> Loaded:
    """Match the columns; when a detected generic table lacks the required ones, say
    which special layouts were tried too, so the user knows what the file is not."""
    try:
        return match(opened, ORDER_ALIASES, columns, ("timestamp", "amount"))
    except DataError as exc:
        if not opened.choice.tried or exc.problems:
            raise
        msg = (
            f"{exc.message}. Not one of the bill layouts either: {tried_text(opened.choice.tried)}"
        )
        raise DataError(msg, source=exc.source) from exc


def _check_decimal(decimal: object) -> str:
    if decimal in (".", ","):
        return str(decimal)
    msg = f'decimal must be "." (1,234.50) or "," (1.234,50), not {decimal!r}'
    raise ConfigError(msg)


#: no single order is worth a trillion, in any currency: such a number is another column's
_ABSURD_AMOUNT: Final = 1e12


def _amounts(loaded: Loaded, name: str, decimal: str) -> Amounts:
    """Parse a money column; record missing, unreadable and negative values as problems."""
    label = loaded.label(name)
    amounts = parse_amounts(loaded.table.frame[label], decimal=decimal)
    problems = loaded.problems
    problems.add(label, "the amount is missing", amounts.missing)
    other = "," if decimal == "." else "."
    problems.add(
        label,
        f"not an amount; write it like 1234.50 or ¥1,234.50 (if {other!r} is your decimal "
        f'mark, pass decimal="{other}")',
        amounts.not_number,
    )
    problems.add(label, "not a finite number", amounts.not_finite)
    problems.add(
        label,
        'negative amount; record a refund as a positive amount with status "refunded"',
        amounts.negative,
    )
    problems.add(
        label,
        f"an amount over {_ABSURD_AMOUNT:,.0f} is no order's; check that this is the "
        "amount column (not an order or phone number) and its decimal mark",
        np.nan_to_num(np.asarray(amounts.numbers, dtype=float)) > _ABSURD_AMOUNT,
    )
    return amounts


def _check_signs(
    loaded: Loaded, name: str, amounts: Amounts, currencies: pd.Series, default: str | None
) -> None:
    """Record the rows whose amount is written with the sign or code of another currency
    than the row's (``$113.00`` in a CNY row), saying where the row's currency comes from."""
    raw = loaded.column("currency")
    given = np.zeros(loaded.rows, dtype=bool) if raw is None else as_text(raw).notna().to_numpy()
    for sign, currency, rows in currency_conflicts(amounts.sign, currencies):
        for from_column in (True, False):
            chosen = rows[given[rows] == from_column]
            origin = f'currency="{default}"' + ("" if raw is None else ", for rows without one")
            if from_column:
                origin = f"column {loaded.label('currency')!r}"
            written = "the amount" if name == "amount" else f"the {name.replace('_', ' ')}"
            loaded.problems.add_rows(
                loaded.label(name),
                f"{written} is written with {sign!r} ({describe_sign(sign)}) but the row's "
                f"currency is {currency} ({origin}); correct the amount or the currency",
                chosen,
            )


def _flags(loaded: Loaded, name: str) -> pd.Series:
    """A yes/no column as pandas ``boolean``: missing where blank, a problem where unknown."""
    text = as_text(loaded.column(name))  # type: ignore[arg-type]
    words = normalise_word(text)
    flags = words.map(FLAG_WORDS).astype("boolean")
    unknown = (flags.isna() & text.notna()).to_numpy()
    loaded.problems.add(
        loaded.label(name),
        "not a yes/no value; write true or false (yes/no, 1/0 and 是/否 are read too), "
        "or leave it empty when not known",
        unknown,
    )
    return flags


def _extras(
    loaded: Loaded, decimal: str, currencies: pd.Series, default: str | None, tz: str | None
) -> dict[str, pd.Series | np.ndarray]:
    """The optional columns the source has: the status as written, the refunded amount
    and time, whether a payment's money was taken."""
    extras: dict[str, pd.Series | np.ndarray] = {}
    text = loaded.column("status_text")
    if text is None:
        text = loaded.column("status")
    if text is not None:
        extras["status_text"] = as_text(text)
    if loaded.column("refunded_amount") is not None:
        label = loaded.label("refunded_amount")
        refunds = parse_amounts(loaded.table.frame[label], decimal=decimal)
        loaded.problems.add(
            label, "not an amount; write it like 12.50", refunds.not_number | refunds.not_finite
        )
        loaded.problems.add(label, "a refund cannot be negative", refunds.negative)
        _check_signs(loaded, "refunded_amount", refunds, currencies, default)
        extras["refunded_amount"] = np.where(refunds.missing, 0.0, refunds.numbers)
    if loaded.column("refunded_at") is not None:
        label = loaded.label("refunded_at")
        extras["refunded_at"] = parse_times(
            loaded.table.frame[label], label, tz, loaded.problems
        ).utc
    if loaded.column("funds_deducted") is not None:
        extras["funds_deducted"] = _flags(loaded, "funds_deducted")
    return extras
