"""Deterministic sample claim with known truth: tests, notebooks and validation reuse it.

A Guangzhou florist takes orders through ``whatsapp`` and ``website``; WhatsApp Web goes
down for 27 h 15 min and then twice more within a week. A cafe's WeChat Pay fails for an
evening. The generator simulates the orders that would have happened, removes those the
outages took, adds the customers who came back, and returns the frames with the truth.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from claimstats._files import write_atomic
from claimstats.datasets.exports import monitor_heartbeat, status_incidents, wechat_bill
from claimstats.datasets.generate import (
    CURRENCY,
    TZ,
    Records,
    baskets,
    concat,
    gamma_noise,
    in_hours,
    openids,
    records_frame,
    take,
    utc,
    with_order_ids,
)
from claimstats.schema import ORDER_COLUMNS, OUTAGE_COLUMNS, TIME_DTYPE

__all__ = ["HOURLY_ORDERS", "TZ", "WALLET_COLUMNS", "WEEKDAY_ORDERS", "SampleClaim", "SampleTruth",
           "WalletTruth", "WindowTruth", "fake_customers", "make_sample", "shares",
           "write_sample"]  # fmt: skip

SERVICE, WALLET_SERVICE = "WhatsApp Web", "WeChat Pay"
#: columns of ``wallet_transactions``: the canonical order columns plus ``funds_deducted``
WALLET_COLUMNS: dict[str, object] = {**ORDER_COLUMNS, "funds_deducted": "bool"}
_H = 3600
# fmt: off
# --- florist: orders 2026-06-01..2026-08-09 local, three WhatsApp Web outages ------------
_ORDER_START, _ORDER_DAYS = "2026-06-01", 70
_OUTAGES = (("2026-08-04 09:40", "2026-08-05 12:55"),
            ("2026-08-06 20:05", "2026-08-06 20:45"),
            ("2026-08-08 14:20", "2026-08-08 15:55"))
_DAILY = {"whatsapp": 150.0, "website": 60.0}
_PREFIX = {"whatsapp": "WA", "website": "WEB", "wechat_pay": "WXP"}  # of order ids
_OUTAGE_TEXT = ("WhatsApp Web unreachable; customer messages not delivered",
                "merchant uptime monitor")
#: relative orders per local hour 00..23, by channel, of the sample's flower shop
HOURLY_ORDERS = {
    "whatsapp": [.2, .08, .04, .03, .03, .05, .2, 1, 3, 4.5, 5.5, 8,
                 8.5, 7, 5, 4.5, 5, 6, 8, 8.5, 7, 5, 2.5, .8],
    "website": [1, .6, .4, .3, .3, .4, .6, 1.2, 2.5, 3.5, 4.5, 6.5,
                7, 6, 4.5, 4, 4.5, 5.5, 7, 7.5, 6.5, 5, 3.5, 2],
}
_HOLIDAY = "2026-06-19"  # Dragon Boat Festival: a morning rush, a quiet evening
_HOLIDAY_HOURLY = [.1, .05, .02, .02, .02, .05, .3, 2, 6, 8.5, 9, 8.5,
                   6, 3.5, 2.5, 2, 2, 2, 2.5, 2.5, 2, 1.2, .6, .3]
_DAY_FACTOR = {"2026-06-17": 1.35, "2026-06-18": 1.7, "2026-06-19": 0.9}  # gift days, holiday
#: relative orders per day of the week, Monday to Sunday
WEEKDAY_ORDERS = np.array([0.85, 0.95, 0.97, 1.0, 1.15, 1.25, 1.0])
_SUNDAY_AFTERNOON, _TREND_PER_WEEK = 0.7, 0.005
_DISPERSION = 20.0  # gamma shape of the hourly noise: coefficient of variation 0.22
_PRICES = np.array([99, 129, 168, 199, 258, 299, 399, 520, 999.0])
_PRICE_P = {"whatsapp": [.10, .14, .20, .18, .12, .11, .08, .05, .02],
            "website": [.06, .10, .17, .18, .14, .14, .11, .07, .03]}
_ADDONS = np.array([49.0, 10.0, 20.0])  # vase, card, delivery fee
_ADDON_P = {"whatsapp": np.array([.12, .30, .45]), "website": np.array([.18, .40, .60])}
_DISCOUNT_P, _DISCOUNT = 0.10, 0.05  # member discount on the whole order
_STATUSES, _STATUS_P = np.array(["completed", "cancelled", "refunded"]), [0.97, 0.02, 0.01]
_RECOVERY, _RETURN_SHARE = pd.Timedelta(hours=24), 0.35
_EARLY_BOOST, _EARLY_MINUTES = 4.0, 180.0  # returns crowd into the first hours after service
_PHONE_PREFIXES = np.array([130, 131, 132, 135, 136, 137, 138, 139, 150, 151, 152, 155, 156,
                            157, 158, 159, 166, 176, 177, 180, 181, 185, 186, 187, 188, 189, 199])
# --- cafe wallet: WeChat Pay attempts 2026-07-13..2026-08-09 local, one failure window ---
_WALLET_START, _WALLET_DAYS = "2026-07-13", 28
_WALLET_WINDOW = ("2026-08-07 18:10", "2026-08-07 20:25")
_WALLET_OUTAGE_TEXT = ("WeChat Pay payments declined by the provider (most attempts failed)",
                       "WeChat Pay merchant notice")
_WALLET_HOURLY = np.array([0, 0, 0, 0, 0, 0, .5, 8, 28, 32, 26, 22,
                           26, 24, 30, 32, 28, 24, 24, 22, 18, 10, 3, .5])  # attempts an hour
_WALLET_WEEKDAY = np.array([0.9, 0.95, 0.95, 1.0, 1.1, 1.15, 1.1])
# baskets (generate.baskets): prices, their chances, chances of 1-3 items, coupon chance, cents
_MENU = (np.array([16, 22, 25, 28, 30, 32, 36, 38.0]), [.1, .15, .2, .15, .12, .12, .1, .06],
         [0.6, 0.3, 0.1], 0.1, 89)
_FAIL_IN, _FAIL_OUT = 0.85, 0.015  # failure rate inside / outside the window
_RETRY_IN, _RETRY_OUT = 0.55, 0.9  # share of failed attempts paid later
_DEDUCTED_IN, _DEDUCTED_OUT = 3, 2  # failed attempts that took the money anyway
# fmt: on


@dataclass(frozen=True)
class WindowTruth:
    """What one outage (or all) really cost ``whatsapp``; revenue counts completed orders only."""

    start: pd.Timestamp
    end: pd.Timestamp
    expected_lost_orders: float  # intensity integrated over the window, noise-free
    expected_lost_revenue: float
    gross_lost_orders: int  # would-have-happened completed orders removed by the outage
    gross_lost_revenue: float
    recovered_orders: int  # completed catch-up orders within 24 h after the service returned
    recovered_revenue: float
    net_lost_orders: int
    net_lost_revenue: float
    recovered_order_ids: tuple[str, ...] = ()

    @property
    def duration(self) -> pd.Timedelta:
        """Length of the outage."""
        return self.end - self.start


@dataclass(frozen=True)
class SampleTruth(WindowTruth):
    """Totals over all outages (``start``/``end`` span them) plus each one in ``windows``."""

    windows: tuple[WindowTruth, ...] = ()
    channel: str = "whatsapp"
    control_channel: str = "website"
    recovery: pd.Timedelta = _RECOVERY


@dataclass(frozen=True)
class WalletTruth:
    """What the WeChat Pay failure window really did (amounts in CNY, ids of failed attempts)."""

    start: pd.Timestamp
    end: pd.Timestamp
    attempts: int  # every row, successful retries included
    attempts_in_window: int
    failures_in_window: int
    expected_failures_in_window: float  # at the normal failure rate
    excess_failures: float
    failed_amount_in_window: float
    recovered_amount: float  # paid later by the same customer, same amount
    unrecovered_amount: float
    refund_due: tuple[str, ...]  # failed attempts whose money was taken (none refunded)
    refund_due_amount: float


@dataclass(frozen=True, eq=False)
class SampleClaim:
    """The sample scenario: canonical frames (treat them as read-only) and the known truth."""

    orders: pd.DataFrame
    outages: pd.DataFrame
    wallet_transactions: pd.DataFrame
    wallet_outages: pd.DataFrame
    truth: SampleTruth
    wallet_truth: WalletTruth
    tz: str = TZ
    currency: str = CURRENCY
    service: str = SERVICE
    wallet_service: str = WALLET_SERVICE


def _seconds(local: str) -> int:
    return int(pd.Timestamp(local, tz=TZ).timestamp())


def shares(weights: object) -> np.ndarray:
    """Weights as shares of their sum."""
    array = np.asarray(weights, dtype=float)
    return array / array.sum()


def _hours(start: str, days: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Epoch second, local hour, weekday and local date of each hour of the period."""
    grid = pd.date_range(pd.Timestamp(start, tz=TZ), periods=days * 24, freq="h")
    day = np.asarray(grid.strftime("%Y-%m-%d"))
    return grid.as_unit("s").asi8, grid.hour.to_numpy(), grid.day_of_week.to_numpy(), day


def _order_intensity(hour: np.ndarray, dow: np.ndarray, day: np.ndarray) -> dict[str, np.ndarray]:
    """Expected orders per hour and channel: hour, weekday, trend, holiday (no noise)."""
    weekly = WEEKDAY_ORDERS[dow] * np.where((dow == 6) & (hour >= 14), _SUNDAY_AFTERNOON, 1.0)
    trend = (1 + _TREND_PER_WEEK) ** (np.arange(len(hour)) / (24 * 7))
    special, holiday = pd.Series(day).map(_DAY_FACTOR).fillna(1.0).to_numpy(), day == _HOLIDAY
    intensity = {}
    for channel, daily in _DAILY.items():
        base = shares(HOURLY_ORDERS[channel])[hour] * weekly
        lam = base * (daily * len(hour) / 24 / base.sum()) * trend * special
        lam[holiday] = lam[holiday].sum() * shares(_HOLIDAY_HOURLY)[hour[holiday]]
        intensity[channel] = lam
    return intensity


def _draw_times(rng: np.random.Generator, lam: np.ndarray, hour_start: np.ndarray) -> np.ndarray:
    """Gamma-Poisson counts per hour, each event at a uniform second of its hour."""
    return in_hours(rng, hour_start, rng.poisson(lam * gamma_noise(rng, _DISPERSION, lam.shape)))


def _draw_values(rng: np.random.Generator, n: int, channel: str) -> tuple[np.ndarray, np.ndarray]:
    """Amounts (bouquet + add-ons, sometimes discounted) and statuses of ``n`` orders."""
    bouquet = rng.choice(_PRICES, n, p=_PRICE_P[channel])
    addons = (rng.random((n, len(_ADDONS))) < _ADDON_P[channel]) @ _ADDONS
    discount = np.where(rng.random(n) < _DISCOUNT_P, 1 - _DISCOUNT, 1.0)
    return np.round((bouquet + addons) * discount, 2), rng.choice(_STATUSES, n, p=_STATUS_P)


def fake_customers(rng: np.random.Generator, size: int, n: int, phones: bool) -> np.ndarray:
    """``n`` draws from a pool of fake mobile numbers (or WeChat openids); many repeat."""
    if phones:
        numbers = rng.choice(_PHONE_PREFIXES, size) * 10**8 + rng.integers(0, 10**8, size)
        _, first = np.unique(numbers, return_index=True)
        pool = np.array([f"+86 {number}" for number in numbers[np.sort(first)]])
    else:
        pool = openids(rng, size)
    return rng.choice(pool, n, p=shares(rng.gamma(0.5, size=len(pool))))


def _window_index(seconds: np.ndarray, windows: np.ndarray) -> np.ndarray:
    """Index of the window ``[start, end)`` holding each time, or -1."""
    index = np.searchsorted(windows[:, 0], seconds, side="right") - 1
    inside = (index >= 0) & (seconds < windows[np.maximum(index, 0), 1])
    return np.where(inside, index, -1)


def _outages(
    prefix: str, service: str, windows: np.ndarray, severity: str, text: tuple[str, str]
) -> pd.DataFrame:
    ids = [f"INC-{prefix}-{i + 1:03d}" for i in range(len(windows))]
    data = dict(zip(OUTAGE_COLUMNS, (ids, service, utc(windows[:, 0]), utc(windows[:, 1]),
                                     severity, *text), strict=True))  # fmt: skip
    return pd.DataFrame(data).astype(OUTAGE_COLUMNS)


def _would_have(
    rng: np.random.Generator, lam: dict[str, np.ndarray], hour_s: np.ndarray
) -> Records:
    """Orders of both channels as they would have happened without any outage."""
    parts = []
    for channel in _DAILY:
        seconds = _draw_times(rng, lam[channel], hour_s)
        amount, status = _draw_values(rng, len(seconds), channel)
        channels = np.full(len(seconds), channel)
        parts.append({"seconds": seconds, "amount": amount, "status": status, "channel": channels})
    orders = concat(parts)
    return {**orders, "customer": fake_customers(rng, 9000, len(orders["seconds"]), phones=True)}


def _catch_up(
    rng: np.random.Generator,
    lost: Records,
    lam: np.ndarray,
    hour_s: np.ndarray,
    windows: np.ndarray,
) -> Records:
    """Lost customers who come back within 24 h, mostly soon and in open hours: new orders."""
    back = take(lost, rng.random(len(lost["seconds"])) < _RETURN_SHARE)
    minutes = np.arange(_RECOVERY // pd.Timedelta(minutes=1))
    early = 1 + _EARLY_BOOST * np.exp(-minutes / _EARLY_MINUTES)
    for w, end in enumerate(windows[:, 1]):
        chosen, candidates = back["window"] == w, end + 60 * minutes
        weight = lam[(candidates - hour_s[0]) // _H] * early
        weight[_window_index(candidates, windows) >= 0] = 0.0
        picked = rng.choice(minutes, int(chosen.sum()), p=weight / weight.sum())
        back["seconds"][chosen] = end + 60 * picked + rng.integers(1, 60, int(chosen.sum()))
    back["amount"], back["status"] = _draw_values(rng, len(back["seconds"]), "whatsapp")
    return back


def _window_truth(
    start: int, end: int, expected: float, lost: Records, back: Records
) -> WindowTruth:
    """Truth of one window (or all) from the expected orders of any status in it.

    Orders and revenue count completed orders; expected revenue = expected orders x
    mean completed value.
    """
    value = _PRICES @ _PRICE_P["whatsapp"] + _ADDONS @ _ADDON_P["whatsapp"]
    value *= (1 - _DISCOUNT_P * _DISCOUNT) * _STATUS_P[0]
    gross = round(float(lost["amount"][lost["status"] == "completed"].sum()), 2)
    recovered = round(float(back["amount"][back["status"] == "completed"].sum()), 2)
    # Orders count completed ones only, as revenue does and as the estimator does.
    n_lost = int((lost["status"] == "completed").sum())
    n_back = int((back["status"] == "completed").sum())
    counts = (n_lost, gross, n_back, recovered, n_lost - n_back, round(gross - recovered, 2))
    times = utc([start, end])
    ids = tuple(back["order_id"][back["status"] == "completed"].tolist())
    completed = float(expected * _STATUS_P[0])
    return WindowTruth(times[0], times[1], completed, float(expected * value), *counts, ids)


def _florist(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame, SampleTruth]:
    """Simulate would-have-happened orders, remove the lost ones, add catch-up; the truth."""
    hour_s, hour, dow, day = _hours(_ORDER_START, _ORDER_DAYS)
    lam = _order_intensity(hour, dow, day)
    windows = np.array([[_seconds(start), _seconds(end)] for start, end in _OUTAGES])
    orders = _would_have(rng, lam, hour_s)
    on_whatsapp = orders["channel"] == "whatsapp"
    orders["window"] = np.where(on_whatsapp, _window_index(orders["seconds"], windows), -1)
    lost, kept = take(orders, orders["window"] >= 0), take(orders, orders["window"] < 0)
    came_back = _catch_up(rng, lost, lam["whatsapp"], hour_s, windows)
    final = with_order_ids(concat([kept, came_back]), _PREFIX)
    back, per_window, expected = take(final, final["window"] >= 0), [], 0.0
    for w, (start, end) in enumerate(windows):
        overlap = np.clip(np.minimum(hour_s + _H, end) - np.maximum(hour_s, start), 0, None) / _H
        in_w = (take(lost, lost["window"] == w), take(back, back["window"] == w))
        per_window.append(_window_truth(start, end, lam["whatsapp"] @ overlap, *in_w))
        expected += lam["whatsapp"] @ overlap
    total = _window_truth(windows[0, 0], windows[-1, 1], expected, lost, back)
    outages = _outages("WA", SERVICE, windows, "outage", _OUTAGE_TEXT)
    truth = SampleTruth(**vars(total), windows=tuple(per_window))
    return records_frame(ORDER_COLUMNS, final), outages, truth


def _wallet_outcomes(
    rng: np.random.Generator, seconds: np.ndarray, inside: np.ndarray, end: int, period_end: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Failed attempts, which are paid later and when, and which took the money anyway."""
    n = len(seconds)
    failed = rng.random(n) < np.where(inside, _FAIL_IN, _FAIL_OUT)
    retry = failed & (rng.random(n) < np.where(inside, _RETRY_IN, _RETRY_OUT))
    soon = end + 60 + rng.exponential(900, n).astype(np.int64)  # once payments work again
    next_day = seconds + 86400 - rng.integers(600, 4 * _H, n)  # about the same time next day
    retry_s = np.where(rng.random(n) < 0.6, soon, next_day)
    retry_s = np.where(inside, retry_s, seconds + rng.integers(30, 600, n))  # normal: at once
    retry &= retry_s < period_end
    deducted = np.zeros(n, dtype=bool)
    for mask, k in ((failed & inside, _DEDUCTED_IN), (failed & ~inside, _DEDUCTED_OUT)):
        deducted[rng.choice(np.flatnonzero(mask), min(k, int(mask.sum())), replace=False)] = True
    return failed, retry, retry_s, deducted


def _wallet(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame, WalletTruth]:
    """Cafe payment attempts: failures in the window, later retries, deducted-but-failed."""
    hour_s, hour, dow, _ = _hours(_WALLET_START, _WALLET_DAYS)
    start, end = (_seconds(local) for local in _WALLET_WINDOW)
    seconds = np.sort(_draw_times(rng, _WALLET_HOURLY[hour] * _WALLET_WEEKDAY[dow], hour_s))
    n = len(seconds)
    amount = baskets(rng, n, *_MENU)
    inside = (seconds >= start) & (seconds < end)
    failed, retry, retry_s, deducted = _wallet_outcomes(rng, seconds, inside, end, hour_s[-1] + _H)
    customer = fake_customers(rng, 1500, n, phones=False)
    attempts = {"seconds": seconds, "amount": amount, "customer": customer,
                "status": np.where(failed, "failed", "completed"), "funds_deducted": deducted,
                "channel": np.full(n, "wechat_pay")}  # fmt: skip
    retries = {**take(attempts, retry), "seconds": retry_s[retry],
               "status": np.full(retry.sum(), "completed"),
               "funds_deducted": np.zeros(retry.sum(), dtype=bool)}  # fmt: skip
    final = with_order_ids(concat([attempts, retries]), _PREFIX)
    hit, expected = failed & inside, float(inside.sum() * _FAIL_OUT)
    masks = (hit, hit & retry, hit & ~retry, deducted)
    sums = [round(float(amount[mask].sum()), 2) for mask in masks]
    truth = WalletTruth(*utc([start, end]), len(final["seconds"]), int(inside.sum()),
                        int(hit.sum()), expected, float(hit.sum() - expected), *sums[:3],
                        tuple(final["order_id"][final["funds_deducted"]].tolist()),
                        sums[3])  # fmt: skip
    window = np.array([[start, end]])
    outages = _outages("WXP", WALLET_SERVICE, window, "partial", _WALLET_OUTAGE_TEXT)
    return records_frame(WALLET_COLUMNS, final), outages, truth


def make_sample(seed: int = 0) -> SampleClaim:
    """Generate the sample claim (florist orders and cafe wallet payments) with its truth.

    Parameters
    ----------
    seed
        Seed of ``numpy.random.default_rng``; the same seed gives identical frames.

    Returns
    -------
    SampleClaim
        Canonical ``orders``/``outages`` frames, the wallet frames (``funds_deducted``
        added to the order columns), and the truth of both scenarios.

    Examples
    --------
    >>> claim = make_sample(seed=0)
    >>> str(claim.truth.windows[0].duration)
    '1 days 03:15:00'
    >>> claim.truth.net_lost_orders == claim.truth.gross_lost_orders - claim.truth.recovered_orders
    True
    """
    florist_rng, wallet_rng = np.random.default_rng(seed).spawn(2)
    orders, outages, truth = _florist(florist_rng)
    wallet, wallet_outages, wallet_truth = _wallet(wallet_rng)
    return SampleClaim(orders, outages, wallet, wallet_outages, truth, wallet_truth)


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    """Generic layout: local ISO-8601 times with offset, 2-decimal amounts, LF, UTF-8."""
    text = {}
    for name, column in frame.items():
        if column.dtype == TIME_DTYPE:  # numpy writes the wall time fast; then the offset
            wall = column.dt.tz_convert(TZ).dt.tz_localize(None)
            minutes = (wall - column.dt.tz_localize(None)) // pd.Timedelta(minutes=1)
            minutes = minutes.fillna(0).astype(int)
            signed = {m: f"{'+-'[int(m < 0)]}{abs(m) // 60:02d}:{abs(m) % 60:02d}"
                      for m in minutes.unique()}  # fmt: skip
            iso = np.datetime_as_string(wall.to_numpy().astype("datetime64[s]"))
            text[name] = (iso + minutes.map(signed)).where(column.notna())
        elif column.dtype == bool:
            text[name] = column.map({True: "true", False: "false"})
        else:
            text[name] = column
    return pd.DataFrame(text).to_csv(index=False, lineterminator="\n", float_format="%.2f").encode()


def write_sample(directory: str | os.PathLike[str], seed: int = 0) -> list[Path]:
    """Write the sample claim's files, each atomically (temp file, then replace).

    Four CSV files in the generic layout, then the same evidence in real layouts
    (:mod:`claimstats.datasets.exports`): the monitor's heartbeat log, the wallet
    provider's status page ``incidents.json`` and the cafe's WeChat Pay bill.

    Parameters
    ----------
    directory
        Folder to write into; created when missing.
    seed
        Passed to :func:`make_sample`; the same seed gives identical bytes.

    Returns
    -------
    list of Path
        ``orders.csv``, ``outages.csv``, ``wallet_transactions.csv``, ``wallet_outages.csv``,
        ``monitor_heartbeat.csv``, ``status_incidents.json``, ``wechat_bill.csv``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     [path.name for path in write_sample(folder)][:2]
    ['orders.csv', 'outages.csv']
    """
    claim, folder, paths = make_sample(seed), Path(directory), []
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("orders", "outages", "wallet_transactions", "wallet_outages"):
        paths.append(write_atomic(folder / f"{name}.csv", _csv_bytes(getattr(claim, name))))
    exports = {
        "monitor_heartbeat.csv": monitor_heartbeat(claim.outages, claim.tz, seed),
        "status_incidents.json": status_incidents(claim.wallet_outages),
        "wechat_bill.csv": wechat_bill(claim.wallet_transactions, claim.tz),
    }
    for name, text in exports.items():
        paths.append(write_atomic(folder / name, text.encode("utf-8")))
    return paths
