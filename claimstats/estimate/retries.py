"""What became of each failed payment attempt in the incident windows: retried or not.

A failed attempt is matched to a later payment of the same customer and amount (amounts
compared in 1/10000 of a unit). Each failed attempt in the windows ends one of three
ways (:func:`payment_outcomes`):

* **repeated**: the same customer tried the same amount again within ``repeat_window``
  and failed again inside the windows: one purchase tapped twice, so it is counted
  once, with the later attempt;
* **recovered**: a later completed payment of the same customer and amount within
  ``retry_window`` paid it; failures take successes in time order, each the earliest
  one still free, and a success pays one failure only;
* **unrecovered**: never paid.

**How long a retry may take** (``retry_window="auto"``, :func:`measure_retry_window`).
Matching by customer and amount also finds a regular buying the same thing again, the
next day say, which is no retry. The two are told apart by when they happen, as in a
hazard model: after the failures in the windows, the later payments of the same
customer and amount come at some delays; on normal days the same kind of pair (a
payment, then the same customer paying the same amount again) comes at a rate
measured on the completed payments outside the windows. For each failure the chance
rate is its own customer's (``(m(d) + C(d)) / (n + 1)`` pairs within a delay ``d``,
from the customer's ``n`` normal payments of that amount and their ``m(d)`` pairs,
shrunk toward everyone's ``C(d)``; everyone's for a walk-in), so the expected chance
pairs ``E(d)`` follow how many regulars are among the failures. Pairs beyond ``E(d)``
are retries. A pair at delay ``d`` is more likely a retry than chance where pairs come
at more than twice the chance rate, so the window ends where the excess of pairs over
chance stops: at the delay ``W`` of the pair that makes ``pairs(W) - 2 * E(W)`` largest
(each pair counts +1, each expected chance pair -2: a stretch of delays is worth
including when its pairs are mostly retries). Retries come within minutes or hours and
thin out; a regular's purchases come at about a day and its multiples at the rate of
normal days, so the window ends before them. The delays looked at reach 72 h after each
failure (less when the data end sooner); ``W`` is 0 when nothing follows the failures.

Inside the window one more test is made of each payment that would pay a failure: over
stretches of delays (2, 10, 30 min, 1, 2, 4, 8, 16, 32, 72 h) the retries per failure
are the pairs less ``E``; a payment whose own customer makes more than twice that many
chance pairs in its stretch on normal days (a regular's usual second coffee of the
day) is passed over as no retry. A duration given as ``retry_window`` is used as it is,
without either step.

Within the window some matches may still be a regular's purchase. How often that
happens by chance is measured on normal payments (the share of the money of completed
payments followed by another payment of the same customer and amount within
``retry_window``, ``c``), and the unpaid amount is scaled by ``1 / (1 - c)``: if a
share ``c`` of the really unpaid failures found a chance match, ``unpaid_seen = unpaid
* (1 - c)``. The lower bound is the unpaid amount of the listed transactions alone; the
upper bound allows for as many chance matches as a Poisson count reaches at
``confidence``. On 200 shops simulated with retries, double taps and regulars
(:mod:`claimstats.datasets.wallet_shops`), the measured window lists the unpaid
transactions with a precision and a recall of 99 % and the recovered amount with a
median error of 0 %, where a fixed 24 h took next-day purchases for retries (recall
89 %, recovered amount +10 %; ``benchmarks/wallet_accuracy.py``).

The attempts and the windows are read and checked here too, once for both this module
and :mod:`claimstats.estimate.payments`, which turns the outcomes into the loss.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from claimstats._time import duration, inside_intervals
from claimstats.errors import ConfigError, DataError
from claimstats.models import Note
from claimstats.schema import TIME_DTYPE, canonical_frame

__all__ = [
    "OUTCOME_COLUMNS",
    "RETRY_HORIZON",
    "MatchedAttempts",
    "RetryWindow",
    "chance_matches",
    "coincidence",
    "covered_windows",
    "match_attempts",
    "matching_notes",
    "measure_retry_window",
    "payment_attempts",
    "payment_outcomes",
    "payment_windows",
    "repeat_duration",
    "repeated_attempts",
    "resolve_retry_window",
    "retry_window_notes",
]

#: columns of the frame :func:`payment_outcomes` returns
OUTCOME_COLUMNS: tuple[str, ...] = (
    "order_id",
    "timestamp",
    "amount",
    "customer",
    "outcome",
    "paid_by",
    "paid_at",
)

#: the longest delay after a failure at which ``retry_window="auto"`` looks for its retry
RETRY_HORIZON = pd.Timedelta("72h")

_NO_TIME: pd.Timedelta = pd.Timedelta(0)
#: weight, in payments, of every customer's rate in a customer's own chance rate
_PRIOR_PAYMENTS = 1.0
#: a payment is passed over as a regular's purchase when its customer's chance rate at
#: its delay is this many times the retry rate there: only when clearly more likely
_ODDS = 2.0
#: the window ends where pairs stop coming at this many times the chance rate
_KAPPA = 2.0
_REQUIRED = ("order_id", "timestamp", "amount", "currency", "channel", "status", "customer")
_UNITS = 10_000  # amounts are matched in 1/10000 of a unit: exact for every currency


# --- the attempts and the windows ---------------------------------------------------------


def payment_attempts(
    transactions: pd.DataFrame, channel: str | None
) -> tuple[pd.DataFrame, np.ndarray]:
    """Attempts of one currency in time order, and True for those of the wallet analysed.

    Rows of other channels stay in (same currency): a retry may be paid through them.
    """
    if not isinstance(transactions, pd.DataFrame):
        msg = (
            "transactions must be a DataFrame of payment attempts (claimstats.read_orders()), "
            f"not {type(transactions).__name__}"
        )
        raise ConfigError(msg)
    missing = [c for c in _REQUIRED if c not in transactions.columns]
    if missing:
        msg = (
            f"the transactions lack columns {missing}; a payment analysis needs the status "
            "of every attempt (completed or failed): read them with claimstats.read_orders()"
        )
        raise DataError(msg, source="transactions")
    transactions = canonical_frame(transactions, ("timestamp",), "transactions")
    channels = sorted(transactions["channel"].dropna().unique())
    if channel is not None and channel not in channels:
        msg = f"channel={channel!r} is not in the transactions; their channels are {channels}"
        raise ConfigError(msg)
    if channel is None and len(channels) > 1:
        msg = (
            f"the transactions mix channels {channels}, whose failure rates differ; "
            f"choose the wallet that failed, e.g. channel={channels[0]!r}"
        )
        raise ConfigError(msg)

    def of_wallet(frame: pd.DataFrame) -> np.ndarray:
        named = (frame["channel"] == channel) if channel is not None else frame["channel"].notna()
        return named.to_numpy(dtype=bool)

    chosen = transactions.loc[of_wallet(transactions)]
    if not (chosen["status"] == "failed").any():
        msg = (
            "the transactions have no failed attempt, so failures cannot be counted; a "
            "payee's bill (WeChat Pay, Alipay) lists successful payments only: export the "
            "payment attempts with their status (completed and failed) from the merchant "
            "platform"
        )
        raise DataError(msg, source="transactions")
    currencies = sorted(chosen["currency"].dropna().unique())
    if len(currencies) != 1:
        msg = (
            f"the transactions are in {len(currencies)} currencies {currencies}; analyse "
            "one currency at a time (filter the transactions, or convert them first)"
        )
        raise DataError(msg, source="transactions")
    same = transactions.loc[(transactions["currency"] == currencies[0]).to_numpy()]
    same = same.sort_values("timestamp", kind="stable").reset_index(drop=True)
    same["_key"] = _purchase_keys(same)
    return same, of_wallet(same)


def payment_windows(incidents: pd.DataFrame) -> pd.DataFrame:
    """The incidents as disjoint windows (overlapping ones merged), in time order."""
    if not isinstance(incidents, pd.DataFrame):
        msg = (
            "incidents must be the DataFrame claimstats.incidents() returns, "
            f"not {type(incidents).__name__}"
        )
        raise ConfigError(msg)
    missing = [c for c in ("start", "end") if c not in incidents.columns]
    if missing:
        msg = f"the incidents lack columns {missing}; pass claimstats.incidents(outages)"
        raise DataError(msg, source="incidents")
    if incidents.empty:
        msg = (
            "there are no incidents, so there is no failure window to analyse; check the "
            "outages, the service chosen and as_of"
        )
        raise ConfigError(msg)
    incidents = canonical_frame(incidents, ("start", "end"), "incidents")
    if incidents[["start", "end"]].isna().any().any():
        msg = "an incident has no start or end; close open ones with claimstats.incidents(outages, as_of=...)"
        raise DataError(msg, source="incidents")
    columns = ["start", "end", "service"] if "service" in incidents.columns else ["start", "end"]
    frame = incidents[columns].sort_values(["start", "end"], kind="stable")
    group = (frame["start"] > frame["end"].cummax().shift(1)).cumsum().to_numpy()
    grouped = frame.groupby(group)
    merged = grouped.agg(start=("start", "min"), end=("end", "max")).reset_index(drop=True)
    if "service" in frame.columns:  # named when every incident of the window names one
        one = grouped["service"].agg(
            lambda names: names.iloc[0] if (names == names.iloc[0]).all() else None
        )
        merged["service"] = one.to_numpy()
    return merged


def covered_windows(windows: pd.DataFrame, first: pd.Timestamp, last: pd.Timestamp) -> pd.DataFrame:
    """The windows within the transactions' period; a DataError for one cut by its edge."""
    within = (windows["start"] >= first) & (windows["end"] <= last)
    outside = (windows["end"] <= first) | (windows["start"] > last)
    cut = windows.loc[~within & ~outside]
    if len(cut) or not within.any():
        window = cut.iloc[0] if len(cut) else windows.iloc[0]
        msg = (
            f"the transactions run from {first} to {last}, which does not cover the "
            f"incident from {window['start']} to {window['end']}; export the attempts of "
            "the weeks around the failure, up to after it ended"
        )
        raise DataError(msg, source="transactions")
    return windows.loc[within].reset_index(drop=True)


# --- what became of each failed attempt ----------------------------------------------------


def _purchase_keys(payments: pd.DataFrame) -> np.ndarray:
    """One integer per customer and amount (amounts in 1/10000 units); -1 without customer."""
    units = np.rint(payments["amount"].to_numpy(float) * _UNITS).astype(np.int64)
    who = pd.factorize(payments["customer"])[0]
    pairs = pd.DataFrame({"who": who, "units": units})
    keys = pairs.groupby(["who", "units"], sort=False).ngroup().to_numpy(np.int64)
    return np.where(who < 0, -1, keys)


def _keys(payments: pd.DataFrame, rows: np.ndarray) -> pd.DataFrame:
    """Key, time and row of the chosen rows that name a customer, sorted so that each
    customer's attempts of one amount follow in time."""
    key = payments["_key"].to_numpy()
    picked = np.flatnonzero(rows & (key >= 0))
    time = payments["timestamp"].to_numpy(dtype="datetime64[us]")[picked]
    order = np.lexsort((picked, time, key[picked]))
    return pd.DataFrame({"key": key[picked][order], "time": time[order], "row": picked[order]})


def _next_within(keys: pd.DataFrame, limit: pd.Timedelta) -> tuple[np.ndarray, np.ndarray]:
    """Rows of ``keys`` whose next attempt of the same customer and amount follows within
    ``limit``, and the row of that next attempt."""
    key, time, row = (keys[name].to_numpy() for name in ("key", "time", "row"))
    follows = (key[1:] == key[:-1]) & ((time[1:] - time[:-1]) <= limit.to_timedelta64())
    return row[:-1][follows], row[1:][follows]


def _greedy(candidates: pd.DataFrame) -> pd.DataFrame:
    """Pairs of failure and success, one each: failures in time order, each taking the
    earliest success still free. ``candidates`` (failure, success, key) are
    sorted by failure time, failure and success time."""
    failures_per_key = candidates.groupby("key")["failure"].transform("nunique")
    shared = (failures_per_key > 1).to_numpy()
    # One failed purchase of a customer and amount simply takes the first success after it.
    pairs = [candidates.loc[~shared, ["failure", "success"]].drop_duplicates("failure")]
    taken_failures: set[int] = set()
    taken_successes: set[int] = set()
    chosen = []
    for failure, success in candidates.loc[shared, ["failure", "success"]].itertuples(index=False):
        if failure not in taken_failures and success not in taken_successes:
            taken_failures.add(failure)
            taken_successes.add(success)
            chosen.append((failure, success))
    pairs.append(pd.DataFrame(chosen, columns=["failure", "success"], dtype=np.int64))
    return pd.concat(pairs, ignore_index=True)


def _later(failures: pd.DataFrame, paid: pd.DataFrame, limit: pd.Timedelta) -> pd.DataFrame:
    """Each pair of a row of ``failures`` and a later one of ``paid`` (both of :func:`_keys`)
    of the same customer and amount at most ``limit`` after it, with that ``delay``."""
    pairs = failures.merge(paid, on="key", suffixes=("", "_paid"))
    delay = pairs["time_paid"] - pairs["time"]
    return pairs.assign(delay=delay).loc[(delay > _NO_TIME) & (delay <= limit)]


def repeated_attempts(
    payments: pd.DataFrame, chosen: np.ndarray, repeat: pd.Timedelta
) -> np.ndarray:
    """True for each chosen failure followed within ``repeat`` by a chosen failure of the
    same customer and amount: one purchase tapped again, counted with its later attempt."""
    status = payments["status"].to_numpy()
    repeated = np.zeros(len(payments), dtype=bool)
    if repeat > pd.Timedelta(0):
        attempts = _keys(payments, np.isin(status, ("completed", "failed")))
        rows, nexts = _next_within(attempts, repeat)
        repeated[rows[chosen[rows] & chosen[nexts]]] = True
    return repeated


def _attempt_outcomes(
    payments: pd.DataFrame,
    chosen: np.ndarray,
    retry: RetryWindow,
    repeated: np.ndarray,
) -> np.ndarray:
    """For every row, the row of the success that paid it (-1); ``repeated`` rows
    (:func:`repeated_attempts`) are left unpaid.

    A measured ``retry`` also passes over a later payment that is more likely a regular's
    usual purchase than a retry (:meth:`RetryWindow.accepts`).
    """
    successes = _keys(payments, (payments["status"] == "completed").to_numpy())
    candidates = _later(_keys(payments, chosen & ~repeated), successes, retry.window)
    gap = candidates["delay"].to_numpy()
    candidates = candidates.loc[retry.accepts(candidates["key"].to_numpy(), gap)]
    candidates = candidates.sort_values(["time", "row", "time_paid", "row_paid"], kind="stable")
    pairs = _greedy(candidates.rename(columns={"row": "failure", "row_paid": "success"}))
    paid_by = np.full(len(payments), -1, dtype=np.int64)
    paid_by[pairs["failure"].to_numpy(np.int64)] = pairs["success"].to_numpy(np.int64)
    return paid_by


# --- how long a retry may take ---------------------------------------------------------------


#: delays after a failure by which a retry is compared with chance, one stretch each
_STRETCHES = pd.to_timedelta(
    ["0s", "2min", "10min", "30min", "1h", "2h", "4h", "8h", "16h", "32h", "72h"]
).to_numpy()


def _stretch(delays: np.ndarray) -> np.ndarray:
    """For each delay, the position of the end of its stretch in :data:`_STRETCHES`."""
    return np.clip(np.searchsorted(_STRETCHES, delays, side="left"), 1, len(_STRETCHES) - 1)


class _ChanceRates:
    """How often a customer pays the same amount again after a payment on normal days.

    For a customer and amount with ``n`` normal payments and ``m(d)`` later payments of
    the same amount within ``d`` of them, the chance pairs within ``d`` after one more
    payment are ``(m(d) + C(d)) / (n + 1)``, where ``C(d)`` is the same per payment of
    every customer: the customer's own rate, shrunk toward everyone's by one payment's
    weight (everyone's for a customer never seen paying that amount).
    """

    def __init__(
        self, payments: pd.DataFrame, paid: pd.DataFrame, normal: np.ndarray, horizon: pd.Timedelta
    ) -> None:
        times = payments["timestamp"]
        key = payments["_key"].to_numpy()
        seen = normal & (times + horizon <= times.max()).to_numpy() & (key >= 0)
        firsts, delays = _pair_delays(paid, horizon)
        kept = seen[firsts]
        self.seen = seen
        self.measured = int(seen.sum())
        self.everyone = np.sort(delays[kept])
        self.payments_of = pd.Series(key[seen]).value_counts()
        grouped = pd.Series(delays[kept]).groupby(key[firsts][kept])
        self.own = {k: np.sort(values.to_numpy()) for k, values in grouped}
        # every customer's pairs as one sorted code: key, then delay (in microseconds)
        self._span = int(horizon / pd.Timedelta("1us")) + 1
        self._codes = np.sort(key[firsts][kept] * self._span + _micro(delays[kept]))

    def _everyone(self, delays: np.ndarray) -> np.ndarray:
        if not self.measured:
            return np.zeros(len(delays))
        return np.searchsorted(self.everyone, delays, side="right") / self.measured

    def _own(self, key: int, delays: np.ndarray, left_out: np.ndarray | int = 0) -> np.ndarray:
        """Chance pairs within ``delays`` after one payment of ``key``; ``left_out`` (1 for
        a payment of the history itself, 0 else) leaves that payment out of the history."""
        own = self.own.get(key, self.everyone[:0])
        pairs = np.searchsorted(own, delays, side="right")
        count = float(self.payments_of.get(key, 0)) - left_out
        everyone = _PRIOR_PAYMENTS * self._everyone(delays)
        return (pairs + everyone) / (count + _PRIOR_PAYMENTS)

    def within(self, keys: np.ndarray, delays: np.ndarray) -> np.ndarray:
        """Chance pairs expected within each of ``delays`` after payments of ``keys``."""
        chance = np.zeros(len(delays))
        for key, count in pd.Series(keys).value_counts().items():
            chance += count * self._own(int(key), delays)
        return chance

    def in_stretch(
        self, keys: np.ndarray, delays: np.ndarray, rows: np.ndarray | None = None
    ) -> np.ndarray:
        """For each pair (a key, a delay), the chance pairs its customer makes in the
        stretch of :data:`_STRETCHES` holding the delay; for pairs whose first payment
        (``rows``) is of the history, measured without it and its own pair."""
        stretch = _stretch(delays)
        low, high = _STRETCHES[stretch - 1], _STRETCHES[stretch]
        out = np.zeros(len(delays)) if rows is None else self.seen[rows].astype(float)
        keys = np.asarray(keys, dtype=np.int64)
        base = keys * self._span
        last = np.minimum(_micro(high), self._span - 1)
        first = np.minimum(_micro(low), self._span - 1)
        own = np.searchsorted(self._codes, base + last, side="right") - np.searchsorted(
            self._codes, base + first, side="right"
        )
        everyone = self._everyone(high) - self._everyone(low)
        count = self.payments_of.reindex(keys, fill_value=0).to_numpy(float) - out
        # a payment of the history leaves itself and its own pair out
        return (own - out + _PRIOR_PAYMENTS * everyone) / (count + _PRIOR_PAYMENTS)


@dataclass(frozen=True)
class RetryWindow:
    """How long after a failure a payment of the same customer and amount is its retry.

    Attributes
    ----------
    window
        The retry window.
    measured
        True when it was measured from the data (``retry_window="auto"``).
    failures
        Failed purchases in the windows naming a customer, whose later payments were
        looked at (measured only).
    pairs
        Later completed payments of the same customer and amount within ``window``
        after them.
    chance_pairs
        Of those, how many regulars' purchases give by chance at their normal days' rates.
    horizon
        How far after each failure the measurement looked.
    retry_rates
        Measured only: per stretch of delays (:data:`_STRETCHES`), the retries per
        failure there (pairs less chance pairs, at least 0).
    chance
        Measured only: the customers' rates of paying the same amount again.
    """

    window: pd.Timedelta
    measured: bool = False
    failures: int = 0
    pairs: int = 0
    chance_pairs: float = 0.0
    horizon: pd.Timedelta = _NO_TIME
    retry_rates: np.ndarray | None = field(default=None, repr=False)
    chance: _ChanceRates | None = field(default=None, repr=False)

    def accepts(
        self, keys: np.ndarray, delays: np.ndarray, rows: np.ndarray | None = None
    ) -> np.ndarray:
        """True for each later payment (its key, its delay after the failure, within the
        window) that may be a retry: always with a window given; with a measured one,
        unless its customer pays that amount again at such delays on normal days more
        than twice as often as failures are retried there (a regular's usual purchase).
        ``rows``: the rows of the earlier payments, when they are normal payments (their
        own pair is then left out of their customer's rate)."""
        if self.retry_rates is None or self.chance is None:
            return np.ones(len(delays), dtype=bool)
        stretch = _stretch(delays)
        chance = self.chance.in_stretch(keys, delays, rows)
        return _ODDS * self.retry_rates[stretch - 1] > chance


def _micro(delays: np.ndarray) -> np.ndarray:
    """Durations as whole microseconds."""
    return np.asarray(delays).astype("timedelta64[us]").astype(np.int64)


def _pair_delays(keys: pd.DataFrame, limit: pd.Timedelta) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of rows of ``keys`` (sorted by :func:`_keys`) of one customer and amount
    at most ``limit`` apart: the earlier row, and the delay to the later one."""
    key, time, row = (keys[name].to_numpy() for name in ("key", "time", "row"))
    most = limit.to_timedelta64()
    firsts, delays = [np.zeros(0, dtype=row.dtype)], [np.zeros(0, dtype="timedelta64[us]")]
    for lag in range(1, len(key)):
        gap = time[lag:] - time[:-lag]
        near = (key[lag:] == key[:-lag]) & (gap <= most)
        if not near.any():  # later rows of a customer and amount are further apart still
            break
        near &= gap > np.timedelta64(0, "us")
        firsts.append(row[:-lag][near])
        delays.append(gap[near])
    return np.concatenate(firsts), np.concatenate(delays)


def measure_retry_window(
    payments: pd.DataFrame,
    failures: np.ndarray,
    normal: np.ndarray,
    horizon: pd.Timedelta = RETRY_HORIZON,
) -> RetryWindow:
    """The retry window measured from the delays of same-customer, same-amount payments
    after the failures, against their rate on normal days (see the module's description).

    Parameters
    ----------
    payments
        The attempts of :func:`payment_attempts`.
    failures
        True for each failed purchase in the windows (double taps counted once).
    normal
        True for the attempts of normal time, whose completed payments give the rate at
        which a customer pays the same amount again by chance.
    horizon
        The longest delay looked at.

    Returns
    -------
    RetryWindow
        The window: the delay of the pair that makes ``pairs - 2 x chance pairs`` largest,
        or 0 when nothing follows the failures.

    Examples
    --------
    >>> at = lambda day, hhmm: pd.Timestamp(f"2026-08-0{day} {hhmm}", tz="UTC")
    >>> rows = [("A", 1, "12:00", "completed"), ("B", 2, "12:00", "completed"),
    ...         ("C", 3, "12:00", "failed"), ("D", 3, "12:04", "completed"),
    ...         ("E", 4, "12:01", "completed")]  # a regular, who retries once
    >>> tx = pd.DataFrame({"order_id": [r[0] for r in rows],
    ...     "timestamp": [at(day, hhmm) for _, day, hhmm, _ in rows], "amount": 25.0,
    ...     "currency": "CNY", "channel": "wechat_pay", "status": [r[3] for r in rows],
    ...     "customer": "y"}).astype({"timestamp": "datetime64[us, UTC]"})
    >>> payments, _ = payment_attempts(tx, None)
    >>> failed = (payments["status"] == "failed").to_numpy()
    >>> normal = (payments["timestamp"] < at(3, "00:00")).to_numpy()
    >>> found = measure_retry_window(payments, failed, normal, pd.Timedelta("48h"))
    >>> str(found.window), found.pairs  # E, the next day, is the regular's usual purchase
    ('0 days 00:04:00', 1)
    """
    if horizon <= pd.Timedelta(0):
        return RetryWindow(pd.Timedelta(0), True, horizon=horizon)
    completed = (payments["status"] == "completed").to_numpy()
    after = _keys(payments, failures)
    paid = _keys(payments, completed)
    delays = np.sort(_later(after, paid, horizon)["delay"].to_numpy())
    if not len(delays):
        return RetryWindow(pd.Timedelta(0), True, len(after), horizon=horizon)
    rates = _ChanceRates(payments, paid, completed & normal, horizon)
    failed_keys = after["key"].to_numpy()
    chance = rates.within(failed_keys, delays)
    score = np.arange(1, len(delays) + 1) - _KAPPA * chance
    best = int(np.argmax(score))
    if score[best] <= 0:
        return RetryWindow(pd.Timedelta(0), True, len(after), horizon=horizon)
    # the retries per failure in each stretch of delays: what chance does not explain
    edges = np.minimum(_STRETCHES, horizon.to_timedelta64())
    seen = np.diff(np.searchsorted(delays, edges, side="right"))
    expected = np.diff(rates.within(failed_keys, edges))
    retry_rates = np.maximum(seen - expected, 0.0) / len(after)
    return RetryWindow(
        pd.Timedelta(delays[best]),
        True,
        len(after),
        best + 1,
        float(chance[best]),
        horizon,
        retry_rates,
        rates,
    )


def resolve_retry_window(
    value: object,
    payments: pd.DataFrame,
    chosen: np.ndarray,
    repeat: pd.Timedelta,
    windows: pd.DataFrame,
    *,
    repeated: np.ndarray | None = None,
    inside: np.ndarray | None = None,
) -> RetryWindow:
    """The retry window ``value`` names: measured for ``"auto"``
    (:func:`measure_retry_window`), else the duration given. ``repeated``
    (:func:`repeated_attempts`) and ``inside`` (True for the attempts in the windows) are
    found here unless given."""
    if not (isinstance(value, str) and value == "auto"):
        return RetryWindow(retry_duration(value))
    times = payments["timestamp"]
    if repeated is None:
        repeated = repeated_attempts(payments, chosen, repeat)
    if inside is None:
        inside = inside_intervals(times, windows["start"], windows["end"])
    failures = chosen & ~repeated
    # every failure is followed as long: up to the data's end after the last one
    last = times[failures].max() if failures.any() else windows["end"].max()
    horizon = max(min(RETRY_HORIZON, times.max() - last), _NO_TIME)
    status = payments["status"].to_numpy()
    attempt = np.isin(status, ("completed", "failed"))
    after = inside_intervals(times, windows["end"], windows["end"] + horizon)
    return measure_retry_window(payments, failures, attempt & ~inside & ~after, horizon)


def retry_duration(value: object) -> pd.Timedelta:
    """A retry window given as a duration (``"auto"`` is checked by the caller)."""
    try:
        return duration(value, "retry_window")
    except ConfigError as exc:
        msg = f"{exc}; or 'auto' to measure it from the data"
        raise ConfigError(msg) from None


def repeat_duration(retry_window: object, repeat_window: object) -> pd.Timedelta:
    """``repeat_window`` as a duration, once ``retry_window`` is checked ("auto" or one)."""
    if not (isinstance(retry_window, str) and retry_window == "auto"):
        retry_duration(retry_window)
    return duration(repeat_window, "repeat_window")


@dataclass(frozen=True)
class MatchedAttempts:
    """The failed attempts in the windows, matched once (:func:`match_attempts`)."""

    payments: pd.DataFrame  # the attempts of :func:`payment_attempts`
    ours: np.ndarray  # True for the attempts of the wallet analysed
    left_out: int  # incidents outside the transactions' period
    windows: pd.DataFrame  # the windows the transactions cover (:func:`covered_windows`)
    inside: np.ndarray  # True for the attempts in the windows
    chosen: np.ndarray  # True for the wallet's failed attempts in the windows
    repeated: np.ndarray  # of :func:`repeated_attempts`
    retry: RetryWindow  # of :func:`resolve_retry_window`
    paid_by: np.ndarray  # of :func:`_attempt_outcomes`


def match_attempts(
    transactions: pd.DataFrame,
    incidents: pd.DataFrame,
    retry_window: object,
    channel: str | None,
    repeat: pd.Timedelta,
) -> MatchedAttempts:
    """The attempts and windows read and checked, and every failed attempt in the windows
    matched once: repeated, or paid by a retry (``retry_window`` is checked, and ``repeat``
    given, by :func:`repeat_duration`)."""
    payments, ours = payment_attempts(transactions, channel)
    times = payments["timestamp"]
    all_windows = payment_windows(incidents)
    windows = covered_windows(all_windows, times.min(), times.max())
    inside = inside_intervals(times, windows["start"], windows["end"])
    chosen = ours & inside & (payments["status"] == "failed").to_numpy()
    repeated = repeated_attempts(payments, chosen, repeat)
    retry = resolve_retry_window(
        retry_window, payments, chosen, repeat, windows, repeated=repeated, inside=inside
    )
    paid_by = _attempt_outcomes(payments, chosen, retry, repeated)
    left_out = len(all_windows) - len(windows)
    return MatchedAttempts(
        payments, ours, left_out, windows, inside, chosen, repeated, retry, paid_by
    )


def _outcome_table(matched: MatchedAttempts) -> pd.DataFrame:
    payments, rows = matched.payments, np.flatnonzero(matched.chosen)
    paid = matched.paid_by[rows]
    outcome = np.where(
        matched.repeated[rows], "repeated", np.where(paid >= 0, "recovered", "unrecovered")
    )
    failed = payments.iloc[rows].reset_index(drop=True)
    payer = payments.iloc[np.maximum(paid, 0)].reset_index(drop=True)
    table = pd.DataFrame(
        {
            **{name: failed[name] for name in ("order_id", "timestamp", "amount", "customer")},
            "outcome": pd.Series(outcome, dtype="str"),
            "paid_by": payer["order_id"].where(paid >= 0),
            "paid_at": payer["timestamp"].where(paid >= 0),
        }
    )
    dtypes = {"timestamp": TIME_DTYPE, "amount": "float64", "paid_at": TIME_DTYPE}
    return table.astype({name: dtypes.get(name, "str") for name in OUTCOME_COLUMNS})


def payment_outcomes(
    transactions: pd.DataFrame,
    incidents: pd.DataFrame,
    retry_window: object = "auto",
    channel: str | None = None,
    *,
    repeat_window: object = "15min",
) -> pd.DataFrame:
    """What became of each failed attempt inside the incident windows.

    Parameters
    ----------
    transactions
        Canonical payment attempts (:func:`claimstats.read_orders`) with status
        ``completed`` or ``failed``; other statuses are ignored. Completed payments of
        other channels in the same currency may pay a retry too.
    incidents
        Merged incidents (:func:`claimstats.incidents`): the failure windows.
    retry_window
        How long after a failure a payment of the same customer and amount counts as
        its retry: ``"auto"`` measures it from the data (:func:`measure_retry_window`),
        a duration such as ``"2h"`` fixes it.
    channel
        The wallet that failed; needed when the transactions hold several channels.
    repeat_window
        A failure followed this soon by a failed attempt of the same customer and amount
        in the windows is the same purchase tried again; ``"0s"`` treats every failure
        as a purchase of its own.

    Returns
    -------
    pandas.DataFrame
        One row per failed attempt in the windows, in time order, with columns
        :data:`OUTCOME_COLUMNS`; ``outcome`` is ``repeated``, ``recovered`` (``paid_by``
        and ``paid_at`` name the payment that paid it) or ``unrecovered``.

    Raises
    ------
    ConfigError
        A duration is invalid, ``channel`` is unknown or needed, or there are no incidents.
    DataError
        The transactions lack canonical columns or failed attempts, mix currencies, or
        do not cover an incident.

    Examples
    --------
    >>> at = lambda hhmm: pd.Timestamp(f"2026-08-07 {hhmm}", tz="UTC")
    >>> tx = pd.DataFrame({
    ...     "order_id": ["N", "A", "B", "C", "D", "Z"],
    ...     "timestamp": [at(h) for h in ("08:00", "10:05", "10:10", "10:12", "11:00", "13:00")],
    ...     "amount": 25.0, "currency": "CNY", "channel": "wechat_pay",
    ...     "status": ["completed", "failed", "failed", "failed", "completed", "completed"],
    ...     "customer": ["x", "x", "y", "y", "y", "x"]}).astype({"timestamp": "datetime64[us, UTC]"})
    >>> inc = pd.DataFrame({"start": [at("10:00")], "end": [at("10:30")]}).astype("datetime64[us, UTC]")
    >>> payment_outcomes(tx, inc, retry_window="2h")[["order_id", "outcome", "paid_by"]].to_numpy().tolist()
    [['A', 'unrecovered', nan], ['B', 'repeated', nan], ['C', 'recovered', 'D']]
    """
    repeat = repeat_duration(retry_window, repeat_window)
    return _outcome_table(match_attempts(transactions, incidents, retry_window, channel, repeat))


# --- matches by chance: a regular buying the same again -------------------------------------


def coincidence(
    payments: pd.DataFrame, normal: np.ndarray, retry: pd.Timedelta | RetryWindow
) -> tuple[float, int]:
    """Share of the money of normal completed payments followed, within ``retry``, by
    another completed payment of the same customer and amount that would be taken for a
    retry, and how many payments it is measured on (those at least ``retry`` before the
    data's end)."""
    window = retry if isinstance(retry, RetryWindow) else RetryWindow(retry)
    retry = window.window
    completed = (payments["status"] == "completed").to_numpy()
    keys = _keys(payments, completed)
    rows, nexts = _next_within(keys, retry)
    times = payments["timestamp"].to_numpy(dtype="datetime64[us]")
    taken = window.accepts(payments["_key"].to_numpy()[rows], times[nexts] - times[rows], rows)
    followed = np.zeros(len(payments), dtype=bool)
    followed[rows[taken]] = True
    end = payments["timestamp"].max()
    seen = completed & normal & (payments["timestamp"] + retry <= end).to_numpy()
    seen &= payments["customer"].notna().to_numpy()
    amounts = payments["amount"].to_numpy(float)
    money = float(amounts[seen].sum())
    if money <= 0:
        return 0.0, 0
    return float(amounts[seen & followed].sum() / money), int(seen.sum())


def chance_matches(
    unpaid_count: int, unpaid: float, share: float, confidence: float
) -> tuple[float, float]:
    """Money of really unpaid failures that a chance purchase made look paid: expected,
    and an upper bound (a Poisson count of such matches at ``confidence``).

    If a share ``share`` of the really unpaid failures found a chance match, the unpaid
    seen is ``(1 - share)`` of the real one: ``unpaid * share / (1 - share)`` is missing.
    """
    if unpaid_count == 0 or not 0 < share < 1:
        return 0.0, 0.0
    from scipy import stats

    expected_count = unpaid_count * share / (1 - share)
    high_count = float(stats.poisson.ppf(1 - (1 - confidence) / 2, expected_count))
    mean_amount = unpaid / unpaid_count
    return expected_count * mean_amount, max(high_count, expected_count) * mean_amount


# --- notes on the matching -------------------------------------------------------------------


def matching_notes(
    repeated: tuple[int, float],
    *,
    share: float,
    measured_on: int,
    chance_amount: float,
) -> list[Note]:
    """Notes on purchases tapped twice (``repeated``: attempts, amount) and on the chance
    matches (:func:`coincidence`'s ``share`` and ``measured_on``, :func:`chance_matches`'s
    ``chance_amount``), which the loss adds back."""
    notes = []
    if repeated[0]:
        count, amount = repeated
        notes.append(
            Note(
                code="repeated_attempts",
                values={"attempts": count, "amount": amount},
            )
        )
    if measured_on:
        notes.append(
            Note(
                code="coincidental_matches",
                values={
                    "share": share,
                    "payments": measured_on,
                    "amount": chance_amount,
                },
            )
        )
    else:
        notes.append(
            Note(
                code="coincidence_unknown",
            )
        )
    return notes


def retry_window_notes(window: RetryWindow) -> list[Note]:
    """A note on how the retry window was measured (none when it was given)."""
    if not window.measured:
        return []
    return [
        Note(
            code="retry_window_measured",
            values={
                "window_hours": round(window.window / pd.Timedelta("1h"), 2),
                "failures": window.failures,
                "pairs": window.pairs,
                "chance_pairs": round(window.chance_pairs, 1),
                "horizon_hours": round(window.horizon / pd.Timedelta("1h"), 1),
            },
        )
    ]
