"""Parse input times into UTC at microsecond resolution, vectorised.

A value with an offset (``+08:00``, ``+0800``, ``Z``, ``UTC``) is converted to UTC. A
naive value is local time in ``tz``; without ``tz`` that is a configuration error, since
guessing the zone would shift every outage and order by hours. Local times that do not
exist or happen twice at a daylight-saving change become row problems.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass

import numpy as np
import pandas as pd

from claimstats.errors import ConfigError
from claimstats.io.problems import Problems
from claimstats.io.tables import blank_mask
from claimstats.schema import TIME_DTYPE

__all__ = ["ParsedTimes", "check_tz", "parse_as_of", "parse_times"]

_SLASH_DATE = r"^(\d{4})/(\d{1,2})/(\d{1,2})"
_DATE = r"(?:\d{4}-\d{1,2}-\d{1,2}|\d{8})(?:$|[T ])"
_UTC_WORD = r"[ \t]*(?:[zZ]|[uU][tT][cC]|[gG][mM][tT])$"
_SPACED_OFFSET = r"[ \t]+([+-]\d{2}:?\d{2})$"
#: an offset after a time of day, however the time is written (09:40, 0940, 09, 09:40:5)
_OFFSET = r"[T ]\d{1,2}(?:[:.\d]*)[+-]\d{2}(?::?\d{2})?$"


@dataclass(frozen=True)
class ParsedTimes:
    """Times of one column: UTC values (NaT where missing or bad) and the missing rows."""

    utc: pd.Series
    missing: np.ndarray


def check_tz(tz: object) -> str | None:
    """Validate an IANA time zone name (``None`` passes through).

    Raises
    ------
    ConfigError
        The name is not a known IANA zone.

    Examples
    --------
    >>> check_tz("Asia/Shanghai")
    'Asia/Shanghai'
    """
    if tz is None:
        return None
    if isinstance(tz, zoneinfo.ZoneInfo):
        tz = tz.key
    if isinstance(tz, str):
        try:
            zoneinfo.ZoneInfo(tz)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
        else:
            return tz
    near = [
        z for z in zoneinfo.available_timezones() if isinstance(tz, str) and z.lower() == tz.lower()
    ]
    hint = f" (did you mean {near[0]!r}?)" if near else ""
    msg = (
        f'unknown time zone {tz!r}{hint}; pass an IANA name, e.g. tz="Asia/Shanghai" (others: '
        "Europe/Berlin, America/New_York, UTC)"
    )
    raise ConfigError(msg)


def parse_as_of(as_of: object, tz: str | None) -> pd.Timestamp:
    """The reference time in UTC: ``as_of`` if given, else now (the only use of the clock).

    A naive ``as_of`` is read in ``tz``; without ``tz`` it is a ConfigError.

    Examples
    --------
    >>> parse_as_of("2026-08-05 08:00", "Asia/Shanghai")
    Timestamp('2026-08-05 00:00:00+0000', tz='UTC')
    """
    if as_of is None:
        return pd.Timestamp.now(tz="UTC")
    try:
        stamp = pd.Timestamp(as_of)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        msg = f"as_of must be a date and time such as '2026-08-05T00:00Z', not {as_of!r}"
        raise ConfigError(msg) from exc
    if pd.isna(stamp):
        msg = "as_of is missing a value; pass a time such as '2026-08-05T00:00Z' or None"
        raise ConfigError(msg)
    if stamp.tzinfo is None:
        if tz is None:
            msg = (
                f"as_of {as_of!r} has no timezone; add an offset ('2026-08-05T00:00+08:00') "
                'or pass tz="Asia/Shanghai" (for example)'
            )
            raise ConfigError(msg)
        stamp = stamp.tz_localize(tz)
    return stamp.tz_convert("UTC")


#: times outside these years are no order's or outage's (a wrong column, unit or serial)
_YEARS = (1970, 2100)


def _plausible(times: pd.Series, column: str, problems: Problems) -> pd.Series:
    """``times`` with those outside 1970-2099 made missing, each a row problem."""
    zone = "UTC" if isinstance(times.dtype, pd.DatetimeTZDtype) else None
    low, high = (pd.Timestamp(f"{year}-01-01", tz=zone) for year in _YEARS)
    outside = ((times < low) | (times >= high)).to_numpy(dtype=bool, na_value=False)
    if not outside.any():
        return times
    problems.add(
        column,
        f"this time is before {_YEARS[0]} or after {_YEARS[1] - 1}, not the time of an order "
        "or an outage; check that this is the time column and how it is written",
        outside,
    )
    return times.mask(outside)


def _as_utc(values: pd.Series) -> pd.Series:
    return values.dt.tz_convert("UTC").astype(TIME_DTYPE)


def _localise(naive: pd.Series, tz: str, column: str, problems: Problems) -> pd.Series:
    """Read naive times in ``tz``; times that do not exist or repeat become NaT + issues."""
    local = naive.dt.tz_localize(tz, ambiguous="NaT", nonexistent="NaT")
    lost = local.isna() & naive.notna()
    if lost.any():
        retry = naive[lost].dt.tz_localize(tz, ambiguous="NaT", nonexistent="shift_forward")
        twice = pd.Series(False, index=naive.index)
        twice[retry.index] = retry.isna()
        gap = lost & ~twice
        if gap.any():
            # The offset in force just before the clocks jumped (Berlin +01:00, New York -05:00).
            before = (naive[gap].iloc[0] - pd.Timedelta("3h")).tz_localize(tz).strftime("%z")
            problems.add(
                column,
                f"this local time does not exist in {tz} (the clocks jump forward then); "
                f"correct it, or write it with its UTC offset, e.g. {before[:3]}:{before[3:]}",
                gap.to_numpy(),
            )
        problems.add(
            column,
            f"this local time happens twice in {tz} (the clocks go back then); write it "
            "with its UTC offset to say which one is meant",
            twice.to_numpy(),
        )
    return _as_utc(local)


#: Excel day numbers of 1990-01-01 and 2100-01-01 (1900 date system)
_SERIAL_RANGE = (32874, 73051)
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")


def _excel_serials(values: pd.Series, missing: np.ndarray) -> pd.Series | None:
    """Naive times from Excel date serials (46238.4027 is 2026-08-04 09:40), or None.

    Only a column of numbers (not text) whose every value lies between 1990 and 2100 as
    a serial is read this way: such a column is a date column formatted as a number.
    Unix seconds are far outside the range. Workbooks in the rare 1904 date system
    would read 1462 days early.
    """
    if values.dtype != object and not pd.api.types.is_numeric_dtype(values.dtype):
        return None
    if pd.api.types.is_complex_dtype(values.dtype):
        return None
    if pd.api.types.is_bool_dtype(values.dtype) or missing.all():
        return None
    filled = values[~missing]
    numeric = ("floating", "integer", "mixed-integer-float")
    if values.dtype == object and pd.api.types.infer_dtype(filled, skipna=True) not in numeric:
        return None
    days = filled.astype("float64")
    low, high = _SERIAL_RANGE
    if not bool(((days >= low) & (days <= high)).all()):
        return None
    seconds = (days * 86400).round(3)
    naive = pd.Series(pd.NaT, index=values.index, dtype="datetime64[us]")
    naive[~missing] = (_EXCEL_EPOCH + pd.to_timedelta(seconds, unit="s")).astype("datetime64[us]")
    return naive


def _written_offsets(text: pd.Series) -> dict[str, int]:
    """How many times each UTC offset is written (``+0800`` and ``+08`` count as ``+08:00``)."""
    parts = text.str.extract(r"([+-])(\d{2}):?(\d{2})?$").dropna(subset=[1])
    written = parts[0] + parts[1] + ":" + parts[2].fillna("00")
    return {str(k): int(v) for k, v in written.value_counts().items()}


def parse_times(values: pd.Series, column: str, tz: str | None, problems: Problems) -> ParsedTimes:
    """Parse one column of times to ``datetime64[us, UTC]``.

    Parameters
    ----------
    values
        The raw column: text, Excel ``datetime`` cells, or pandas datetimes.
    column
        The column's name in the file, for messages.
    tz
        IANA zone of naive values, already checked with :func:`check_tz`.
    problems
        Collects unparseable and non-existent/ambiguous times as row issues.

    Raises
    ------
    ConfigError
        The column has naive times and ``tz`` is None.

    Examples
    --------
    >>> import numpy as np
    >>> p = Problems(np.array([2]), pd.DataFrame(), "x.csv")
    >>> parse_times(pd.Series(["2026-08-04 09:40"]), "time", "Asia/Shanghai", p).utc[0]
    Timestamp('2026-08-04 01:40:00+0000', tz='UTC')
    """
    index = pd.RangeIndex(len(values))
    values = values.set_axis(index)
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        # implausible times go first: microseconds cannot hold every datetime64[s] value
        times = _as_utc(_plausible(values, column, problems))
        return ParsedTimes(times, values.isna().to_numpy())
    missing = blank_mask(values)
    result = pd.Series(pd.NaT, index=index, dtype=TIME_DTYPE)
    unparsed = np.zeros(len(values), dtype=bool)
    serials = _excel_serials(values, missing)
    if pd.api.types.is_datetime64_dtype(values.dtype):
        naive = values
    elif serials is not None:
        naive = serials
    else:
        text = values.astype("str").fillna("").str.strip()
        text = text.str.replace(_SLASH_DATE, r"\1-\2-\3", regex=True)
        text = text.str.replace(_UTC_WORD, "+00:00", regex=True)
        text = text.str.replace(_SPACED_OFFSET, r"\1", regex=True)
        # ISO 8601 alone would read "2026" as 1 January and "-1" as year -1: a time in
        # evidence must at least name its day.
        dated = text.str.match(_DATE).to_numpy(dtype=bool, na_value=False)
        aware = text.str.contains(_OFFSET, regex=True).to_numpy(dtype=bool) & ~missing & dated
        if aware.any():
            parsed = pd.to_datetime(text[aware], format="ISO8601", utc=True, errors="coerce")
            result[aware] = parsed.astype(TIME_DTYPE)
            problems.offsets.update(_written_offsets(text[aware]))
        plain = ~aware & ~missing & dated
        try:
            naive = pd.to_datetime(text.where(plain, ""), format="ISO8601", errors="coerce")
        except ValueError:  # pandas found offsets the pattern did not: none is guessed
            naive = pd.Series(pd.NaT, index=index, dtype="datetime64[us]")
        if isinstance(naive.dtype, pd.DatetimeTZDtype):
            naive = pd.Series(pd.NaT, index=index, dtype="datetime64[us]")
        unparsed = (
            (aware & result.isna().to_numpy())
            | (plain & naive.isna().to_numpy())
            | (~dated & ~missing)
        )
    if naive.notna().any():
        if tz is None:
            first = int(np.flatnonzero(naive.notna().to_numpy())[0])
            msg = (
                f"{problems.label}: column {column!r} has times without a timezone (e.g. "
                f"{str(values.iloc[first]).strip()!r} on line {int(problems.lines[first])}); "
                'pass tz="Asia/Shanghai" (for example; the zone they were recorded in), or '
                "write the times with an offset like +08:00"
            )
            raise ConfigError(msg)
        naive = _plausible(naive, column, problems)
        local = _localise(naive, tz, column, problems)
        result = result.where(result.notna(), local)
    problems.add(
        column,
        "not a date and time; write it as YYYY-MM-DD HH:MM[:SS], with an offset such "
        "as +08:00 or Z when the time is not local",
        unparsed,
    )
    return ParsedTimes(_plausible(result, column, problems), missing)
