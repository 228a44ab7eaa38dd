"""What the generators of :mod:`claimstats.datasets` share: records of one array per
column, epoch seconds to times, order ids, fake customers, baskets and noise; and the
timed rows of the studies."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from claimstats.errors import ClaimstatsError

TZ, CURRENCY = "Asia/Shanghai", "CNY"

Records = dict[str, np.ndarray]  # one array per column, all of one length


def utc(seconds: object) -> pd.DatetimeIndex:
    """Epoch seconds as UTC times (microseconds)."""
    return pd.to_datetime(np.asarray(seconds, dtype=np.int64), unit="s", utc=True).as_unit("us")


def take(records: Records, rows: np.ndarray) -> Records:
    """The ``rows`` (a mask or positions) of every column."""
    return {name: values[rows] for name, values in records.items()}


def concat(parts: list[Records]) -> Records:
    """The records of ``parts`` one after the other."""
    return {name: np.concatenate([part[name] for part in parts]) for name in parts[0]}


def with_order_ids(records: Records, prefix: Mapping[str, str]) -> Records:
    """Sorted by time, numbered ``PREFIX-YYYYMMDD-NNNN`` per channel and local day (:data:`TZ`)."""
    records = take(records, np.argsort(records["seconds"], kind="stable"))
    wall = utc(records["seconds"]).tz_convert(TZ).tz_localize(None).to_numpy()
    day = np.char.replace(np.datetime_as_string(wall.astype("datetime64[D]")), "-", "")
    key = pd.Series(records["channel"]).map(prefix) + "-" + day
    number = (key.groupby(key).cumcount() + 1).astype(str).str.zfill(4)
    return {**records, "order_id": (key + "-" + number).to_numpy()}


def records_frame(columns: dict[str, object], records: Records) -> pd.DataFrame:
    """The ``columns`` of the records as a frame: ``timestamp`` from ``seconds``, CNY."""
    data = {**records, "timestamp": utc(records["seconds"]), "currency": CURRENCY}
    return pd.DataFrame({name: data[name] for name in columns}).astype(columns)


def openids(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` fake WeChat openids."""
    alphabet = np.array(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"))
    return np.char.add("o", alphabet[rng.integers(0, 64, (n, 27))].view("<U27").ravel())


def baskets(
    rng: np.random.Generator,
    n: int,
    prices: np.ndarray,
    price_p: list[float],
    size_p: list[float],
    coupon_p: float,
    coupon_cents: int,
) -> np.ndarray:
    """Amounts of ``n`` baskets of 1-3 items (``size_p``), some with a coupon of a random
    1 to ``coupon_cents - 1`` cents off."""
    size = rng.choice([1, 2, 3], (n, 1), p=size_p)
    basket = (rng.choice(prices, (n, 3), p=price_p) * (np.arange(3) < size)).sum(axis=1)
    coupon = np.where(rng.random(n) < coupon_p, rng.integers(1, coupon_cents, n) / 100, 0.0)
    return np.round(basket - coupon, 2)


def gamma_noise(rng: np.random.Generator, shape: float, size: object) -> np.ndarray:
    """Multiplicative gamma noise of mean 1 and coefficient of variation ``shape ** -0.5``."""
    return rng.gamma(shape, 1 / shape, size)


def in_hours(
    rng: np.random.Generator, starts: np.ndarray, counts: np.ndarray, hour: int = 3600
) -> np.ndarray:
    """``counts`` events in the hour from each of ``starts``, each at a uniform time of it."""
    return np.repeat(starts, counts) + rng.integers(0, hour, counts.sum())


def relative_error(estimate: float, truth: float) -> float:
    """``(estimate - truth) / truth``; NaN when the truth is 0."""
    return (estimate - truth) / truth if truth else np.nan


def timed_row(
    row: dict[str, object], work: Callable[..., dict[str, object]], *args: object
) -> dict[str, object]:
    """``row`` updated with ``work(*args)`` (or its error in ``failure``), and ``seconds``."""
    clock = time.perf_counter()
    try:
        row = {**row, **work(*args)}
    except ClaimstatsError as exc:
        row = {**row, "failure": str(exc)}
    return {**row, "seconds": time.perf_counter() - clock}
