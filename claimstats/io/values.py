"""Vectorised cleaning of raw values: text, vocabularies (status, severity), amounts."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from babel.numbers import get_currency_name, list_currencies

from claimstats.errors import ConfigError
from claimstats.io.tables import blank_mask

__all__ = [
    "CURRENCY_SYMBOLS",
    "SHARED_SIGNS",
    "Amounts",
    "as_text",
    "currency_conflicts",
    "describe_sign",
    "iso_currencies",
    "map_words",
    "normalise_word",
    "parse_amounts",
    "sign_currencies",
    "text_or",
]


def as_text(values: pd.Series) -> pd.Series:
    """Values as stripped text (``str`` dtype), missing where blank.

    Whole-number floats (ids read from Excel or JSON) lose their ``.0``.

    Examples
    --------
    >>> as_text(pd.Series([" a ", None, 3.0])).tolist()
    ['a', nan, '3.0']
    >>> as_text(pd.Series([1001.0, 7.0])).tolist()
    ['1001', '7']
    """
    values = values.reset_index(drop=True)
    blank = blank_mask(values)
    if pd.api.types.is_float_dtype(values.dtype):
        finite = values[~blank]
        whole = np.isfinite(finite) & (np.abs(finite) < 2**53)  # exact as integers
        if bool(whole.all()) and bool((finite % 1 == 0).all()):
            values = values.astype("Int64")
    text = values.astype("str").str.strip()
    return text.where(~blank)


def text_or(values: pd.Series | None, default: str | pd.Series, rows: int) -> pd.Series:
    """Stripped text, with ``default`` where a value is blank or the column is absent.

    Examples
    --------
    >>> text_or(pd.Series(["web", " "]), "unspecified", 2).tolist()
    ['web', 'unspecified']
    >>> text_or(None, "unspecified", 1).tolist()
    ['unspecified']
    """
    fallback = (
        default.reset_index(drop=True).astype("str")
        if isinstance(default, pd.Series)
        else pd.Series([default] * rows, dtype="str")
    )
    if values is None:
        return fallback
    return as_text(values).fillna(fallback)


def normalise_word(text: pd.Series) -> pd.Series:
    """Lower case, with spaces and hyphens as ``_``: how vocabularies are matched.

    Examples
    --------
    >>> normalise_word(pd.Series(["Degraded Performance", "Major-Outage"])).tolist()
    ['degraded_performance', 'major_outage']
    """
    return text.str.strip().str.lower().str.replace(r"[ \t\-]+", "_", regex=True)


def map_words(text: pd.Series, *vocabularies: Mapping[str, str]) -> pd.Series:
    """Map normalised words through the vocabularies in order; missing where none knows it.

    Each distinct value is looked up once, so a million rows cost a few lookups.

    Examples
    --------
    >>> map_words(pd.Series(["Paid", "odd", "paid "]), {"paid": "completed"}).tolist()
    ['completed', nan, 'completed']
    """
    codes, uniques = pd.factorize(text.reset_index(drop=True))
    if len(uniques) == 0:
        return pd.Series([np.nan] * len(codes), dtype="str")
    words = normalise_word(pd.Series(uniques, dtype="str"))
    mapped = pd.Series(np.nan, index=words.index, dtype="str")
    for vocabulary in vocabularies:
        mapped = mapped.fillna(words.map(dict(vocabulary)).astype("str"))
    result = mapped.to_numpy(dtype=object, na_value=np.nan).take(codes, mode="clip")
    result[codes < 0] = np.nan
    return pd.Series(result, dtype="str")


# --- amounts --------------------------------------------------------------------------

#: spaces between a symbol and its number, or between groups of thousands: ASCII space,
#: tab, no-break, narrow no-break and thin space
_SPACES: Final = " \t\u00a0\u202f\u2009"

#: currency signs and words that name one currency, as written -> ISO 4217 code
CURRENCY_SYMBOLS: Final[dict[str, str]] = {
    "€": "EUR",
    "£": "GBP",
    "₹": "INR",
    "円": "JPY",
    "₩": "KRW",
    "₽": "RUB",
    "₺": "TRY",
    "₫": "VND",
    "₱": "PHP",
    "₪": "ILS",
    "฿": "THB",
    "₴": "UAH",
    "₦": "NGN",
    "US$": "USD",
    "HK$": "HKD",
    "NT$": "TWD",
    "S$": "SGD",
    "CN¥": "CNY",
    "JP¥": "JPY",
    "A$": "AUD",
    "AU$": "AUD",
    "CA$": "CAD",
    "SG$": "SGD",
    "NZ$": "NZD",
    "R$": "BRL",
    "MX$": "MXN",
    "RMB": "CNY",
    "zł": "PLN",
    "Kč": "CZK",
    "Ft": "HUF",
    "RM": "MYR",
    "Rp": "IDR",
}

#: the currencies written with a bare ``$`` where they are used (CLDR): US dollars, and
#: the other dollars and the pesos
_DOLLARS: Final = (
    "USD", "ARS", "AUD", "BBD", "BMD", "BND", "BSD", "BZD", "CAD", "CLP", "COP", "CUP",
    "DOP", "FJD", "GYD", "HKD", "JMD", "KYD", "LRD", "MXN", "NAD", "NZD", "SBD", "SGD",
    "SRD", "TTD", "TWD", "UYU", "XCD",
)  # fmt: skip
_RUPEES: Final = ("INR", "PKR", "LKR", "NPR", "MUR", "SCR")
_CROWNS: Final = ("SEK", "NOK", "DKK", "ISK")

#: signs that several currencies share, as written -> the currencies each may stand for:
#: such a sign names no one currency, but it does rule out the others (``$`` with CNY)
SHARED_SIGNS: Final[dict[str, tuple[str, ...]]] = {
    "$": _DOLLARS,
    "¥": ("CNY", "JPY"),
    "元": ("CNY", "TWD", "HKD", "MOP"),
    "块": ("CNY",),
    "C$": ("CAD", "NIO"),
    "kr": _CROWNS,
    "kr.": _CROWNS,
    "Fr.": ("CHF", "XAF", "XOF", "XPF"),
    "Rs": _RUPEES,
    "Rs.": _RUPEES,
}
#: what a shared sign stands for, in messages
_SHARED_MEANING: Final = {
    "$": "dollars or pesos",
    "¥": "yuan or yen",
    "元": "yuan",
    "块": "yuan",
    "C$": "Canadian dollars or córdobas",
    "kr": "crowns",
    "kr.": "crowns",
    "Fr.": "francs",
    "Rs": "rupees",
    "Rs.": "rupees",
}
_SHARED_SYMBOLS: Final = tuple(SHARED_SIGNS)
#: the shared signs without letters: stripped on the fast path (the first written is kept)
_SHARED_SIGNS: Final = ("$", "¥", "元", "块")


def _alternatives(tokens: list[str]) -> str:
    return "|".join(re.escape(t) for t in sorted(tokens, key=len, reverse=True))


_SP: Final = f"[{_SPACES}]*"
_SIGN: Final = "[-+\u2212]"
_SYMBOL: Final = f"(?:{_alternatives([*CURRENCY_SYMBOLS, *_SHARED_SYMBOLS])}|[A-Za-z]{{3}})"
#: an amount as written: sign, symbol or code, digits with separators, symbol or code,
#: in any of the usual orders; parentheses around it make it negative
_AMOUNT: Final = (
    f"^(?P<open>\\()?{_SP}(?P<sign>{_SIGN})?{_SP}(?P<pre>{_SYMBOL})?{_SP}"
    f"(?P<sign2>{_SIGN})?{_SP}(?P<number>(?:[0-9]|[.,][0-9])(?:[0-9.,'’{_SPACES}]*[0-9.,])?)"
    f"{_SP}(?P<post>{_SYMBOL})?{_SP}(?P<close>\\))?$"
)
#: plain numbers, converted directly (the common case, so it is the fast path)
_PLAIN: Final = {
    ".": r"^[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$",
    ",": r"^[-+]?(?:[0-9]+,?[0-9]*|,[0-9]+)$",
}
_INFINITE: Final = r"(?i)^[-+]?(?:inf|infinity)$"
#: the amount pattern without its named groups: a fast test of the shape
_SHAPE: Final = re.sub(r"\(\?P<\w+>", "(?:", _AMOUNT)
#: letters and the signs that name a currency: such amounts need the full pattern
_NAMING: Final = (
    "[A-Za-z"
    + "".join(sorted({c for s in CURRENCY_SYMBOLS for c in s} - set("".join(_SHARED_SIGNS))))
    + "]"
)


def _groups(separator: str) -> str:
    """Digits in groups of three after a first group of one to three."""
    return f"[0-9]{{1,3}}(?:{separator}[0-9]{{3}})+"


def _number_grammar(decimal: str) -> str:
    fraction = f"(?:{re.escape(decimal)}[0-9]*)?"
    spaced = _groups(f"[{_SPACES}]") + fraction
    if decimal == ",":
        forms = [f"[0-9]+{fraction}", ",[0-9]+", _groups(r"\.") + fraction, spaced]
    else:
        forms = [
            f"[0-9]+{fraction}",
            r"\.[0-9]+",
            _groups(",") + fraction,
            _groups("['’]") + fraction,
            spaced,
            # Indian grouping: 12,34,567.00 (lakh, crore)
            f"[0-9]{{1,2}}(?:,[0-9]{{2}})+,[0-9]{{3}}{fraction}",
        ]
    return "^(?:" + "|".join(forms) + ")$"


_NUMBER: Final = {mark: _number_grammar(mark) for mark in (".", ",")}


@cache
def iso_currencies() -> frozenset[str]:
    """The ISO 4217 currency codes (Babel's list)."""
    return frozenset(list_currencies())


def _symbol_currency(token: str) -> tuple[bool, str | None]:
    """Whether a symbol or code is usable, and the one currency it names (or None)."""
    if not token or token in _SHARED_SYMBOLS:
        return True, None
    if token in CURRENCY_SYMBOLS:
        return True, CURRENCY_SYMBOLS[token]
    code = token.upper()
    if code in CURRENCY_SYMBOLS:
        return True, CURRENCY_SYMBOLS[code]
    return code in iso_currencies(), code if code in iso_currencies() else None


def _written_sign(token: str) -> str:
    """A sign as :attr:`Amounts.sign` holds it: codes in upper case (``usd`` -> ``USD``)."""
    return token.upper() if re.fullmatch("[A-Za-z]{3}", token) else token


def sign_currencies(sign: str) -> tuple[str, ...]:
    """The ISO 4217 currencies a sign or code written with an amount may stand for.

    Empty for a sign that is not known.

    Examples
    --------
    >>> sign_currencies("€"), sign_currencies("US$"), sign_currencies("usd")
    (('EUR',), ('USD',), ('USD',))
    >>> sign_currencies("¥"), "CAD" in sign_currencies("$"), "CNY" in sign_currencies("$")
    (('CNY', 'JPY'), True, False)
    """
    if sign in SHARED_SIGNS:
        return SHARED_SIGNS[sign]
    usable, code = _symbol_currency(sign)
    return (code,) if usable and code is not None else ()


def describe_sign(sign: str) -> str:
    """What a sign or code written with an amount stands for, in words.

    Examples
    --------
    >>> describe_sign("$"), describe_sign("€"), describe_sign("CNY"), describe_sign("¥")
    ('dollars or pesos', 'euros', 'Chinese yuan', 'yuan or yen')
    """
    if sign in _SHARED_MEANING:
        return _SHARED_MEANING[sign]
    codes = sign_currencies(sign)
    return get_currency_name(codes[0], count=2, locale="en") if codes else "no known currency"


def currency_conflicts(
    signs: np.ndarray | pd.Series, currencies: pd.Series
) -> list[tuple[str, str, np.ndarray]]:
    """The rows whose amount is written with a sign or code of another currency than
    the row's (``$113.00`` in a CNY row, ``¥1,356.00`` in a USD row, ``€5`` in a CNY row).

    A sign that several currencies share agrees with each of them (``¥``: CNY and JPY;
    ``$``: USD and the other dollars and pesos). Rows without a sign, without a currency
    or with a currency that is not an ISO 4217 code are not compared.

    Parameters
    ----------
    signs
        :attr:`Amounts.sign`: the sign or code written with each amount, or None.
    currencies
        The ISO 4217 code of each row, in the same order.

    Returns
    -------
    list of (sign, currency, rows)
        One entry per sign and currency that disagree: the row positions (0-based) in
        ``rows``, in order; entries in the order of their first row.

    Examples
    --------
    >>> a = parse_amounts(pd.Series(["$113.00", "¥1,356.00", "¥8", "€5", "7"]))
    >>> currency_conflicts(a.sign, pd.Series(["CNY", "USD", "JPY", "CNY", "USD"]))
    [('$', 'CNY', array([0])), ('¥', 'USD', array([1])), ('€', 'CNY', array([3]))]
    """
    rows_of, pairs = _pairs(np.asarray(signs, dtype=object), currencies.to_numpy(dtype=object))
    found = []
    for number, (sign, currency) in enumerate(pairs):
        if sign is None or currency is None:
            continue
        if currency in iso_currencies() and currency not in sign_currencies(sign):
            found.append((str(sign), str(currency), np.flatnonzero(rows_of == number)))
    return sorted(found, key=lambda item: int(item[2][0]))


@dataclass(frozen=True)
class Amounts:
    """Parsed amounts (NaN where unusable), why the others are unusable, and the currency
    a sign or code in the text named.

    Attributes
    ----------
    numbers
        float64, NaN where missing or not a number; negative where written so.
    missing, not_number, not_finite, negative
        Boolean masks of the rows with each problem.
    currency
        For each row, the ISO 4217 code that a sign or code written with the amount
        names (``€`` -> ``EUR``, ``CNY 25.00`` -> ``CNY``), or None. Signs that several
        currencies share (``$``, ``¥``, ``元``) name none.
    sign
        For each row, the sign or code written with the amount (``$``, ``¥``, ``€``,
        ``US$``, ``USD``; codes in upper case, full-width signs as ``¥``), or None; of
        a sign and a code written together, the code. :func:`currency_conflicts`
        compares them with the rows' currencies.
    """

    numbers: np.ndarray
    missing: np.ndarray
    not_number: np.ndarray
    not_finite: np.ndarray
    negative: np.ndarray
    currency: np.ndarray
    sign: np.ndarray


def parse_amounts(values: pd.Series, decimal: str = ".") -> Amounts:
    """Amounts as float64, from numbers or from amounts written as people write them.

    Text may carry a currency sign or code before or after the number (``¥1,234.50``,
    ``1.234,50 €``, ``CNY 25.00``, ``25.00 元``, ``HK$ 30``; on both sides only a sign
    and a code that agree, ``$12.00 USD``, or ``¥25.00元``), thousands separators in
    groups of three (``,`` ``'`` or spaces with ``decimal="."``, as well as Indian
    ``12,34,567.00``; ``.`` or spaces with ``decimal=","``), and a minus sign
    (``-``, ``−``) or parentheses for a negative amount. Text that would mean another
    number under the other decimal mark (``1,5`` or ``1.234,50`` with ``decimal="."``)
    is not a number. Numbers (Excel cells, JSON numbers) pass through.

    Each distinct text is parsed once, with vectorised regular expressions.

    Parameters
    ----------
    values
        One column of amounts: text, numbers, or both.
    decimal
        The decimal mark of amounts written as text: ``"."`` or ``","``.

    Raises
    ------
    ConfigError
        ``decimal`` is neither ``"."`` nor ``","``.

    Examples
    --------
    >>> a = parse_amounts(pd.Series(["¥1,234.50", "(12.00)", "CNY 25", "1,5", "", "€3"]))
    >>> a.numbers.tolist()[:3], a.negative.tolist()[:3]
    ([1234.5, -12.0, 25.0], [False, True, False])
    >>> a.not_number.tolist(), a.missing.tolist()[4]
    ([False, False, False, True, False, False], True)
    >>> a.currency.tolist()
    [None, None, 'CNY', None, None, 'EUR']
    >>> a.sign.tolist()
    ['¥', None, 'CNY', None, None, '€']
    >>> parse_amounts(pd.Series(["1.234,50 €", "1 250,5"]), decimal=",").numbers.tolist()
    [1234.5, 1250.5]
    """
    if decimal not in _NUMBER:
        msg = f'decimal must be "." (1,234.50) or "," (1.234,50), not {decimal!r}'
        raise ConfigError(msg)
    values = values.reset_index(drop=True)
    missing = blank_mask(values)
    rows = len(values)
    numbers = np.full(rows, np.nan)
    currency = np.full(rows, None, dtype=object)
    sign = np.full(rows, None, dtype=object)
    dtype = values.dtype
    if (
        pd.api.types.is_bool_dtype(dtype)
        or pd.api.types.is_datetime64_any_dtype(dtype)
        or pd.api.types.is_complex_dtype(dtype)
    ):
        pass  # neither true/false, dates nor complex numbers are amounts
    elif pd.api.types.is_numeric_dtype(dtype):
        numbers = values.astype("float64").to_numpy()
    elif pd.api.types.is_object_dtype(dtype):
        cells = values.to_numpy()
        kinds = np.fromiter(map(type, cells), dtype=object, count=rows)
        kind = pd.Series(kinds).map({t: _kind(t) for t in pd.unique(kinds)}).to_numpy()
        is_number, is_text = kind == "number", kind == "text"
        numbers[is_number] = cells[is_number].astype("float64")
        text = pa.array(cells[is_text], type=pa.large_string())
        numbers[is_text], currency[is_text], sign[is_text] = _parse_texts(text, decimal)
    else:
        text = pa.array(values.astype("str").array)
        numbers, currency, sign = _parse_texts(text, decimal)
    numbers = np.where(missing, np.nan, numbers)
    currency[missing] = None
    sign[missing | np.isnan(numbers)] = None
    not_finite = np.isinf(numbers)
    not_number = np.isnan(numbers) & ~missing
    negative = (numbers < 0) & ~not_finite
    return Amounts(numbers, missing, not_number, not_finite, negative, currency, sign)


def _kind(kind: type) -> str:
    """``"number"``, ``"text"`` or ``"other"`` (dates, true/false): what a cell type holds."""
    if issubclass(kind, bool | np.bool_):
        return "other"
    if issubclass(kind, int | float | Decimal | np.integer | np.floating):
        return "number"
    return "text" if issubclass(kind, str) else "other"


def _parse_texts(
    text: pa.Array | pa.ChunkedArray, decimal: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Numbers, named currencies and signs of text amounts, parsing each distinct text once."""
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    encoded = pc.dictionary_encode(text)
    codes = np.asarray(pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False))
    numbers = np.full(len(codes), np.nan)
    currency = np.full(len(codes), None, dtype=object)
    sign = np.full(len(codes), None, dtype=object)
    if len(encoded.dictionary) == 0:
        return numbers, currency, sign
    found, named, signs = _parse_distinct(encoded.dictionary, decimal)
    known = codes >= 0
    numbers[known] = found[codes[known]]
    if pd.notna(named).any():
        currency[known] = named[codes[known]]
    if pd.notna(signs).any():
        sign[known] = signs[codes[known]]
    return numbers, currency, sign


def _mask(array: pa.Array) -> np.ndarray:
    return np.asarray(array.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)


def _where(mask: np.ndarray) -> pa.Array:
    return pa.array(mask, type=pa.bool_())


def _parse_distinct(text: pa.Array, decimal: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Parse distinct texts: plain numbers first (the fast, common case), then amounts
    with signs and separators, then those with signs or codes that name a currency.
    """
    numbers = np.full(len(text), np.nan)
    currency = np.full(len(text), None, dtype=object)
    sign = np.full(len(text), None, dtype=object)
    wide = _full_width(text)
    if wide.any():
        normal = pc.utf8_normalize(text.filter(_where(wide)), "NFKC")
        text = pc.replace_with_mask(text, _where(wide), normal)
    text = pc.utf8_trim(text, _SPACES)
    plain = _mask(pc.match_substring_regex(text, _PLAIN[decimal]))
    if plain.any():
        digits = text.filter(_where(plain))
        if decimal == ",":
            digits = pc.replace_substring(digits, ",", ".")
        numbers[plain] = _to_float(digits)
    rest = np.flatnonzero(~plain)
    if rest.size == 0:
        return numbers, currency, sign
    text = text.take(pa.array(rest))
    shaped = _mask(pc.match_substring_regex(text, _SHAPE))
    if not shaped.all():
        infinite = np.flatnonzero(~shaped)
        odd = text.take(pa.array(infinite))
        infinite = infinite[_mask(pc.match_substring_regex(odd, _INFINITE))]
        minus = _mask(pc.starts_with(text.take(pa.array(infinite)), "-"))
        numbers[rest[infinite]] = np.where(minus, -np.inf, np.inf)
    naming = shaped & _mask(pc.match_substring_regex(text, _NAMING))
    simple = shaped & ~naming
    if simple.any():
        found, written = _parse_simple(text.filter(_where(simple)), decimal)
        numbers[rest[simple]], sign[rest[simple]] = found, written
    if naming.any():
        found, named, written = _parse_named(text.filter(_where(naming)), decimal)
        numbers[rest[naming]], currency[rest[naming]], sign[rest[naming]] = found, named, written
    return numbers, currency, sign


def _parse_simple(text: pa.Array, decimal: str) -> tuple[np.ndarray, np.ndarray]:
    """Amounts shaped like :data:`_AMOUNT` whose signs name no currency (``¥-1,234.50``),
    and the sign written (of ``¥25.00元``, ``¥``)."""
    valid, negative = _signs(text)
    # a sign on each side only as ¥25.00元; ¥7$ or 5$元 say two things
    counts = {sign: _count(text, sign) for sign in _SHARED_SIGNS}
    valid &= (sum(counts.values()) <= 1) | ((counts["¥"] == 1) & (counts["元"] == 1))
    digits = pc.utf8_trim(text, "()+-\u2212" + "".join(_SHARED_SIGNS) + _SPACES)
    written = np.full(len(text), None, dtype=object)
    for sign in reversed(_SHARED_SIGNS):  # ¥ before 元
        written[counts[sign] > 0] = sign
    return _signed(digits, valid, negative, decimal), written


def _parse_named(text: pa.Array, decimal: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Amounts written with a currency code or a sign that names a currency (``€3``)."""
    parts = pc.extract_regex(text, _AMOUNT)

    def field(name: str) -> pa.Array:
        return pc.struct_field(parts, name)

    valid, negative = _signs(text)
    pre, post = field("pre"), field("post")
    pre_ok, pre_code, pre_sign = _symbols(pre)
    post_ok, post_code, post_sign = _symbols(post)
    # a sign and a code may both be written ($12.00 USD, €5 EUR), if they agree
    both = _mask(pc.not_equal(pre, "")) & _mask(pc.not_equal(post, ""))
    coded = _mask(pc.match_substring_regex(pre, "^[A-Za-z]{3}$"))
    coded |= _mask(pc.match_substring_regex(post, "^[A-Za-z]{3}$"))
    clash = _disagree(pre_sign, post_sign)
    valid &= pre_ok & post_ok & ~clash & (~both | coded)
    numbers = _signed(field("number"), valid, negative, decimal)
    currency = np.where(pd.notna(pre_code), pre_code, post_code)
    # of a sign and a code, the code (it names one currency); else the one written
    sign = np.where(pd.notna(post_code) | pd.isna(pre_sign), post_sign, pre_sign)
    currency[np.isnan(numbers)] = None
    sign[np.isnan(numbers)] = None
    return numbers, currency, sign


def _disagree(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """True where two signs are written and no currency may be meant by both (``$5 CNY``)."""
    codes, pairs = _pairs(first, second)
    disjoint = np.array(
        [
            a is not None
            and b is not None
            and not set(sign_currencies(a)) & set(sign_currencies(b))
            for a, b in pairs
        ],
        dtype=bool,
    )
    return disjoint[codes]


def _pairs(first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, list[tuple]]:
    """Each row's pair of values as a code into the few distinct pairs (None for missing)."""
    a_codes, a_values = pd.factorize(pd.Series(first, dtype=object), use_na_sentinel=True)
    b_codes, b_values = pd.factorize(pd.Series(second, dtype=object), use_na_sentinel=True)
    combined = (a_codes.astype(np.int64) + 1) * (len(b_values) + 1) + (b_codes + 1)
    distinct, codes = np.unique(combined, return_inverse=True)
    a_of = [None, *a_values.tolist()]
    b_of = [None, *b_values.tolist()]
    width = len(b_values) + 1
    pairs = [(a_of[int(c) // width], b_of[int(c) % width]) for c in distinct]
    return codes.reshape(-1), pairs


def _signs(text: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """For texts shaped like :data:`_AMOUNT`: are parentheses paired and is there at
    most one sign (``+ - −``)? Is the amount negative (a minus, or in parentheses)?
    """
    opened = _mask(pc.starts_with(text, "("))
    closed = _mask(pc.ends_with(text, ")"))
    plus, minus, true_minus = (_count(text, sign) for sign in ("+", "-", "\u2212"))
    minus = minus + true_minus
    return (opened == closed) & (plus + minus <= 1), opened | (minus > 0)


def _count(text: pa.Array, literal: str) -> np.ndarray:
    return np.asarray(pc.count_substring(text, literal).to_numpy(zero_copy_only=False))


def _full_width(text: pa.Array) -> np.ndarray:
    """True where a text has characters that NFKC turns into ASCII ones (full-width
    digits, ￥, the ideographic space), found by their UTF-8 lead bytes, which is faster
    than a regular expression.
    """
    raw = text.cast(pa.large_binary())
    found = np.zeros(len(text), dtype=bool)
    for lead in (b"\xef\xbc", b"\xef\xbd", b"\xef\xbf", "\u3000".encode()):
        found |= _mask(pc.match_substring(raw, lead))
    return found


def _signed(digits: pa.Array, valid: np.ndarray, negative: np.ndarray, decimal: str) -> np.ndarray:
    """The numbers of digit groups that follow the grammar of ``decimal``, NaN elsewhere."""
    numbers = np.full(len(digits), np.nan)
    valid = valid & _mask(pc.match_substring_regex(digits, _NUMBER[decimal]))
    if not valid.any():
        return numbers
    digits = digits.filter(_where(valid))
    for separator in ("'", "’", *_SPACES, "," if decimal == "." else "."):
        if pc.any(pc.match_substring(digits, separator)).as_py():
            digits = pc.replace_substring(digits, separator, "")
    if decimal == ",":
        digits = pc.replace_substring(digits, ",", ".")
    amounts = _to_float(digits)
    numbers[valid] = np.where(negative[valid], -amounts, amounts)
    return numbers


def _to_float(text: pa.Array) -> np.ndarray:
    return np.asarray(pc.cast(text, pa.float64()).to_numpy(zero_copy_only=False), dtype="f8")


def _symbols(tokens: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each sign or code (few distinct ones): usable?, the currency it names, and the
    sign as :attr:`Amounts.sign` holds it (None where none is written)."""
    encoded = pc.dictionary_encode(tokens)
    written = [str(token) for token in encoded.dictionary.to_pylist()]
    meaning = [_symbol_currency(token) for token in written]
    usable = np.array([ok for ok, _ in meaning], dtype=bool)
    names = np.array([code for _, code in meaning], dtype=object)
    signs = np.array([_written_sign(t) if t else None for t in written], dtype=object)
    index = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
    return usable[index], names[index], signs[index]
