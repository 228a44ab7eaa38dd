"""Masking customer identifiers, so the impact report is private by default.

A claim needs the shape of the loss, not who the customers were. Everything that names
a customer is masked before it reaches a report:

phone numbers
    The ``+`` country code, the first 3 and the last 4 digits of the national number
    are kept and the digits between them become ``*`` (``+86 138****5678``); a
    national number of fewer than 8 digits is masked whole, keeping its length. The
    country code is read with the E.164 rule (1 and 7 are one digit, 44 codes are two,
    every other is three), so ``+8613812345678`` and ``+86 138 1234 5678`` mask alike.
e-mail addresses
    The first character of the part before ``@`` and a fixed ``***``
    (``z***@example.com``): the domain stays, the length of the name does not show.
names and other identifiers
    The first character and a fixed run of asterisks, whatever the length: ``**`` after
    a Chinese, Japanese or Korean character (``张**``), ``***`` otherwise (``Z***``), so
    neither the length of the name nor the number of its characters leaks.

:func:`mask_text` finds phone numbers and e-mail addresses inside free text (an outage
description, a chat line) and leaves everything else, including order ids, amounts,
dates and times, as it is. In text, a number without a country code is taken as a
phone number only in the Chinese forms: a mobile number (``13812345678``,
``138 1234 5678``, ``86 13812345678``) or a landline with its area code
(``010-62345678``, ``(0755) 22345678``); other numbers are found with their ``+`` code
(``+44 20 7946 0958``). A number written right after a phone number, separated by a
space only, may be taken as part of it (and masked with it) when the two together have
no more than the 15 digits of an international number.

Only the standard library's :mod:`re` is used: the ``phonenumbers`` package would parse
more national formats, but it weighs about 50 MB installed and parses one number in
about 40 µs (its text matcher about 400 µs a line), too slow for a million orders, for a
task that only has to hide digits.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from claimstats.errors import ConfigError
from claimstats.models import PaymentAnalysis, PaymentRecord

__all__ = [
    "mask_customer",
    "mask_email",
    "mask_frame",
    "mask_identifier",
    "mask_name",
    "mask_payments",
    "mask_phone",
    "mask_text",
]

#: the two-digit country codes of E.164; 1 and 7 are one digit, every other code three
_TWO_DIGIT_CODES = frozenset(
    {20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54,
     55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98}
)  # fmt: skip
#: E.164: a full international number has at most 15 digits
_MAX_DIGITS = 15
#: an international number shorter than this (country code included) is not a phone
_MIN_INTERNATIONAL_DIGITS = 8
#: a national number keeps its last 4 digits from this many on (4 or more stay hidden),
#: and its first 3 as well from ``_HEAD_SHOWN`` on (a Chinese mobile: ``138****5678``)
_PARTLY_SHOWN, _HEAD_SHOWN = 8, 11

# ASCII-only boundaries: Chinese text may touch a number directly ("客户13812345678来电").
_BEFORE = r"(?<![0-9A-Za-z_+\-./#@])"
_AFTER = r"(?![0-9A-Za-z_@]|[.,:/\-]\d)"
_EMAIL = (
    r"(?<![A-Za-z0-9._%+\-])(?P<email>[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+"
    r"(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,})(?![A-Za-z0-9\-])"
)
_CN_MOBILE = (
    rf"{_BEFORE}(?P<mobile>(?:(?:\+|00)?86[ \-]?)?"
    rf"1[3-9]\d(?:\d{{8}}|[ \-]\d{{4}}[ \-]\d{{4}})){_AFTER}"
)
_CN_LANDLINE = (
    rf"{_BEFORE}(?P<landline>(?:\(0[1-9]\d{{1,2}}\)[ \-]?|0[1-9]\d{{1,2}}[ \-])[2-9]\d{{6,7}})"
    rf"{_AFTER}"
)
# Each run of digits is taken whole (possessive); a group that starts a date or a time
# (2026-08-04, 09:40) ends the number, and so does an amount (1,250.50).
_INTERNATIONAL = (
    r"(?<![0-9A-Za-z_+])(?P<international>\+[1-9]\d*+(?:[ \-]?\(\d{1,4}\))?"
    r"(?:[ \-]?(?!\d{4}-\d{1,2}-\d{1,2}(?!\d)|\d{1,2}:\d{2})\d++)*)(?![.,:]?\d)"
)
_PHONE_FORMS = "|".join((_CN_MOBILE, _CN_LANDLINE, _INTERNATIONAL))
# The lookahead lets the engine skip at once every place that cannot start a number.
_PHONES = re.compile(rf"(?=[+(\d])(?:{_PHONE_FORMS})")
_PHONES_AND_EMAILS = re.compile(rf"{_EMAIL}|(?=[+(\d])(?:{_PHONE_FORMS})")
_EMAIL_ALONE = re.compile(_EMAIL)
_CN_MOBILE_WITH_86 = re.compile(r"861[3-9]\d{9}")
#: a Chinese mobile number alone, and how to mask it, as the text kernels of pandas take them
_CN_MOBILE_ALONE = r"(?:(?:\+|00)?86[ \-]?)?1[3-9]\d(?:\d{8}|[ \-]\d{4}[ \-]\d{4})"
_CN_MOBILE_MASKS = (
    (r"^(?:\+|00)?86[ \-]?(1[3-9]\d)(?:\d{4}|[ \-]\d{4}[ \-])(\d{4})$", r"+86 \1****\2"),
    (r"^(1[3-9]\d)(?:\d{4}|[ \-]\d{4}[ \-])(\d{4})$", r"\1****\2"),
)
#: full-width digits and signs, as Chinese input methods type them, read as ASCII
_HALF_WIDTH = str.maketrans("０１２３４５６７８９＋（）－＠　", "0123456789+()-@ ")
_FULL_WIDTH = re.compile("[０-９＋（）－＠　]")
_PHONE_CHARACTERS = re.compile(r"[+\d\s\-().]+")
_DIGITS = re.compile(r"\d+")


def _half_width(text: str) -> str:
    """Text with full-width digits and signs as ASCII; the length is the same."""
    return text.translate(_HALF_WIDTH) if _FULL_WIDTH.search(text) else text


def _country_code(digits: str) -> int:
    """How many of the leading digits (after ``+``) are the country code."""
    if int(digits[:1]) in (1, 7):
        return 1
    return 2 if int(digits[:2]) in _TWO_DIGIT_CODES else 3


def _mask_national(digits: str) -> str:
    if len(digits) < _PARTLY_SHOWN:
        return "*" * len(digits)
    if len(digits) < _HEAD_SHOWN:
        return "*" * (len(digits) - 4) + digits[-4:]
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_phone(text: str) -> str:
    """Mask a phone number, keeping its country code and a few digits to tell numbers apart.

    Parameters
    ----------
    text
        One phone number, written with or without ``+`` and a country code (``00``
        works as ``+``, and a Chinese mobile may start with ``86``), with spaces,
        hyphens, dots or parentheses anywhere; full-width digits (``１３８``) are read
        as digits.

    Returns
    -------
    str
        ``+CC`` and a space (when the number has a country code), then the national
        number with one ``*`` for each hidden digit: at least 4 digits are always
        hidden. From 11 digits on the first 3 and last 4 show (``138****5678``); from 8
        to 10 digits the last 4 (``******2671``); fewer than 8 become all ``*``. A
        value that is not a phone number (it holds letters) is masked whole, keeping
        its length.

    Examples
    --------
    >>> [mask_phone(p) for p in ("+86 13812345678", "+8613812345678", "+86 138 1234 5678")]
    ['+86 138****5678', '+86 138****5678', '+86 138****5678']
    >>> mask_phone("13812345678"), mask_phone("+1 (415) 555-2671"), mask_phone("+354 5551234")
    ('138****5678', '+1 ******2671', '+354 *******')
    """
    value = _half_width(str(text).strip())
    if not _PHONE_CHARACTERS.fullmatch(value):
        return "*" * len(value)
    digits = "".join(_DIGITS.findall(value))
    international = value.startswith("+") or digits.startswith("00")
    digits = digits[2:] if not value.startswith("+") and digits.startswith("00") else digits
    if not international and _CN_MOBILE_WITH_86.fullmatch(digits):
        international = True  # a Chinese mobile written 86 138..., as some exports do
    if not international or not digits:
        return _mask_national(digits)
    split = _country_code(digits)
    national = _mask_national(digits[split:])
    return f"+{digits[:split]} {national}".rstrip()


def mask_email(text: str) -> str:
    """Mask an e-mail address: its first character, ``***``, and the domain.

    Examples
    --------
    >>> mask_email("zhang.wei@example.com"), mask_email("13812345678@qq.com")
    ('z***@example.com', '1***@qq.com')
    """
    local, _, domain = str(text).strip().rpartition("@")
    return f"{local[:1]}***@{domain}"


def mask_name(name: str) -> str:
    """Mask a name or an identifier to its first character and a fixed run of ``*``.

    The number of asterisks does not follow the length, so the length does not leak:
    ``**`` after a Chinese, Japanese or Korean character, ``***`` after any other.

    Examples
    --------
    >>> mask_name("张伟"), mask_name("欧阳娜娜"), mask_name("Zhang Wei"), mask_name("oXy_9aB")
    ('张**', '欧**', 'Z***', 'o***')
    >>> mask_name("  ")
    ''
    """
    value = str(name).strip()
    if not value:
        return ""
    wide = unicodedata.east_asian_width(value[0]) in ("W", "F")
    return value[0] + ("**" if wide else "***")


def _mask_found(found: re.Match[str]) -> tuple[str, int] | None:
    """The mask of what was found, and how many of its characters it replaces; None when
    it is not a phone number after all."""
    text = found.group()
    if found.lastgroup == "email":
        return mask_email(text), len(text)
    if found.lastgroup != "international":
        return mask_phone(text), len(text)
    runs = list(_DIGITS.finditer(text))
    if sum(len(run.group()) for run in runs) < _MIN_INTERNATIONAL_DIGITS:
        return None  # "+500 orders", not a phone number
    end, count = 0, 0
    for run in runs:  # a number written right after the phone is not part of it
        count += len(run.group())
        if count > _MAX_DIGITS:
            break
        end = run.end()
    return mask_phone(text[:end]), end


def mask_text(text: str) -> str:
    """Mask the phone numbers and e-mail addresses in free text; leave the rest.

    Order ids, amounts, dates and times are not phone numbers and stay as they are.

    Examples
    --------
    >>> mask_text("2026-08-04 09:40 客户13812345678来电, 订单ORD-000123 ¥1,250.50")
    '2026-08-04 09:40 客户138****5678来电, 订单ORD-000123 ¥1,250.50'
    >>> mask_text("mail zhang.wei@example.com or call +44 20 7946 0958")
    'mail z***@example.com or call +44 ******0958'
    """
    value = str(text)
    probe = _half_width(value)  # same length: the places found are the same
    pieces, done = [], 0
    for found in (_PHONES_AND_EMAILS if "@" in probe else _PHONES).finditer(probe):
        masked = _mask_found(found)
        if masked is not None:
            pieces += (value[done : found.start()], masked[0])
            done = found.start() + masked[1]
    return "".join((*pieces, value[done:])) if pieces else value


#: an account identifier (a WeChat openid, an Alipay user id): 12 or more letters, digits,
#: ``-`` and ``_``, with at least one digit or both cases (not a word)
_IDENTIFIER = re.compile(
    r"(?=[\w-]*\d|[\w-]*[a-z][\w-]*[A-Z]|[\w-]*[A-Z][\w-]*[a-z])[A-Za-z0-9_-]{12,}"
)


def mask_identifier(value: str) -> str:
    """Mask an account identifier to its first character, ``***`` and its last four.

    Enough stays to tell two customers of one list apart (as a card's last four digits
    do) and to find each in the wallet's own records; the identifier cannot be read back.

    Examples
    --------
    >>> mask_identifier("oPYFY1I0t8ojFJdGog1ZqCR0fEA7f")
    'o***EA7f'
    """
    text = str(value).strip()
    return f"{text[0]}***{text[-4:]}"


#: what the masks of a customer give: a phone (country code, first digits, stars, the last
#: four), an e-mail (first letter, stars, domain), an identifier (first, stars, last four),
#: a name (first character, stars)
_MASKED = re.compile(
    r"(\+\d{1,4} )?\d{0,3}\*{4,}\d{4}|[^*@\s]\*{3}@[^@\s*]+|[^*\s]\*{3}[^*\s]{4}|[^*\s]\*{2,3}"
)


def mask_customer(value: str) -> str:
    """Mask a customer identifier, whatever it is: a phone number, an e-mail, a name or id.

    A value that is a phone number as :func:`mask_text` finds them goes to
    :func:`mask_phone`, an e-mail address to :func:`mask_email`, an account identifier
    (a WeChat openid, 12 or more letters and digits) to :func:`mask_identifier`, anything
    else (a name, a short customer number) to :func:`mask_name`.

    Examples
    --------
    >>> [mask_customer(v) for v in ("+86 138 1234 5678", "li@example.cn", "张伟", "C-00123")]
    ['+86 138****5678', 'l***@example.cn', '张**', 'C***']
    >>> mask_customer("o6o38WeMGCKAwWzplMKjCaD3-sbS")
    'o***-sbS'

    A value in exactly the shape these masks give stays as it is, so masking twice gives
    what masking once gave (a claim pack's inputs are masked, and so is a report made from
    them); stars anywhere else mask nothing:

    >>> [mask_customer(mask_customer(v)) for v in ("+86 138 1234 5678", "li@example.cn")]
    ['+86 138****5678', 'l***@example.cn']
    >>> mask_customer("**13812345678")
    '****'
    """
    text = str(value).strip()
    if _MASKED.fullmatch(text):
        return text
    probe = _half_width(text)
    if _EMAIL_ALONE.fullmatch(probe):
        return mask_email(probe)
    found = _PHONES.fullmatch(probe)
    masked = _mask_found(found) if found is not None else None
    if masked is not None and masked[1] == len(probe):
        return masked[0]
    if _IDENTIFIER.fullmatch(text):
        return mask_identifier(text)
    return mask_name(text)


def _mask_each(values: pd.Series, mask: Callable[[str], str]) -> np.ndarray:
    return np.array([mask(value) for value in values.tolist()], dtype=object)


def _mask_customers(values: pd.Series) -> np.ndarray:
    """:func:`mask_customer` of each value; Chinese mobile numbers, the usual customer
    identifier of orders, are masked all at once by the text kernels of pandas."""
    mobile = values.str.fullmatch(_CN_MOBILE_ALONE).to_numpy(dtype=bool, na_value=False)
    masked = np.empty(len(values), dtype=object)
    if mobile.any():
        mobiles = values[mobile]
        for pattern, replacement in _CN_MOBILE_MASKS:
            mobiles = mobiles.str.replace(pattern, replacement, regex=True)
        masked[mobile] = mobiles.to_numpy(dtype=object)
    if not mobile.all():
        masked[~mobile] = _mask_each(values[~mobile], mask_customer)
    return masked


def _masked(values: pd.Series, mask: Callable[[pd.Series], np.ndarray]) -> pd.Series:
    """``mask`` applied once per distinct value; missing values stay missing."""
    codes, distinct = pd.factorize(values)
    masked = np.append(mask(pd.Series(distinct, dtype=object).astype("str")), None)
    return pd.Series(masked[codes], index=values.index, dtype="str", name=values.name)


def mask_frame(
    frame: pd.DataFrame,
    columns: Sequence[str] = ("customer",),
    *,
    text_columns: Sequence[str] = (),
) -> pd.DataFrame:
    """A copy of a frame with its customer identifiers masked; the frame is not changed.

    Parameters
    ----------
    frame
        Any frame, e.g. the canonical orders from :func:`claimstats.io.read_orders`.
    columns
        Columns of customer identifiers, each value masked by :func:`mask_customer`.
    text_columns
        Columns of free text (an outage ``description``, chat lines), masked by
        :func:`mask_text`.

    Returns
    -------
    pandas.DataFrame
        The same rows, index, other columns and ``attrs``; the masked columns have the
        ``str`` dtype, and missing values stay missing. Each distinct value is masked
        once, so a column of repeat customers is fast.

    Raises
    ------
    ConfigError
        A column named is not in the frame.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer": ["13812345678", None, "张伟"], "amount": [5.0, 6, 7]})
    >>> mask_frame(orders)["customer"].tolist()
    ['138****5678', nan, '张**']
    >>> orders["customer"].tolist()[0]
    '13812345678'
    """
    by_text = functools.partial(_mask_each, mask=mask_text)
    wanted = {**dict.fromkeys(columns, _mask_customers), **dict.fromkeys(text_columns, by_text)}
    missing = [name for name in wanted if name not in frame.columns]
    if missing:
        found = ", ".join(repr(str(name)) for name in frame.columns) or "none"
        msg = (
            f"cannot mask column {' or '.join(repr(m) for m in missing)}: the frame has no "
            f"such column (columns: {found}); name the columns that hold customer "
            "identifiers (columns=) or free text (text_columns=)"
        )
        raise ConfigError(msg)
    masked = frame.copy(deep=False)
    for name, mask in wanted.items():
        masked[name] = _masked(frame[name], mask)
    return masked


def _masked_record(record: PaymentRecord) -> PaymentRecord:
    if record.customer is None:
        return record
    return record.model_copy(update={"customer": mask_customer(record.customer)})


def mask_payments(analysis: PaymentAnalysis) -> PaymentAnalysis:
    """A copy of a payment analysis with every customer masked; the analysis is not changed.

    :func:`claimstats.analyze_payments` keeps the raw customer of each payment it lists
    (the unpaid failures, the failures that took money), so the merchant can match the
    refunds. Show or share this copy instead.

    Parameters
    ----------
    analysis
        A payment analysis, e.g. from :func:`claimstats.analyze_payments`.

    Returns
    -------
    PaymentAnalysis
        The same analysis, with the ``customer`` of every payment record in its lists
        masked by :func:`mask_customer` (a missing customer stays missing); every
        other field is equal to the original's. Mask once: a masked value masked again
        shows less (``+86 138****5678`` becomes ``+***``), never more.

    Examples
    --------
    >>> import claimstats as cs
    >>> from claimstats.datasets import make_sample
    >>> claim = make_sample(0)
    >>> pay = cs.analyze_payments(claim.wallet_transactions, cs.incidents(claim.wallet_outages))
    >>> raw, shown = pay.refund_due[0], mask_payments(pay).refund_due[0]
    >>> raw.customer, shown.customer, shown.order_id == raw.order_id
    ('oH1o0rGonzGti6924u48Cs1X4-qJ', 'o***4-qJ', True)
    """
    lists = {
        name: [_masked_record(record) for record in value]
        for name, value in analysis
        if isinstance(value, list) and any(isinstance(item, PaymentRecord) for item in value)
    }
    return analysis.model_copy(update=lists, deep=True)
