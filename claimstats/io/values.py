"""Vectorised cleaning of raw values: text, vocabularies (status, severity), amounts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from claimstats.io.tables import blank_mask

__all__ = ["Amounts", "as_text", "map_words", "normalise_word", "parse_amounts", "text_or"]

#: spaces inside numbers: ASCII, tab, no-break and narrow no-break (thousands groups)
_SPACES = "[ \t\u00a0\u202f]+"


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
        if bool(np.isfinite(finite).all()) and bool((finite % 1 == 0).all()):
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


@dataclass(frozen=True)
class Amounts:
    """Parsed amounts (NaN where unusable) and why the others are unusable."""

    numbers: np.ndarray
    missing: np.ndarray
    not_number: np.ndarray
    not_finite: np.ndarray
    negative: np.ndarray


def parse_amounts(values: pd.Series, decimal: str = ".") -> Amounts:
    """Amounts as float64: numbers, or numeric text with spaces removed.

    Examples
    --------
    >>> a = parse_amounts(pd.Series(["1 250.50", "-3", "ten", ""]))
    >>> a.numbers.tolist()[:2], a.negative.tolist(), a.not_number.tolist(), a.missing.tolist()
    ([1250.5, -3.0], [False, True, False, False], [False, False, True, False], [False, False, False, True])
    """
    values = values.reset_index(drop=True)
    missing = blank_mask(values)
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        numbers = values.astype("float64").to_numpy()
    else:
        text = values.astype("str").str.replace(_SPACES, "", regex=True)
        numbers = pd.to_numeric(text, errors="coerce").astype("float64").to_numpy()
    not_number = np.isnan(numbers) & ~missing
    not_finite = np.isinf(numbers)
    negative = (numbers < 0) & ~not_finite
    return Amounts(numbers, missing, not_number, not_finite, negative)
