"""What became of each failed payment attempt in the incident windows: retried or not.

A failed attempt is matched to a later payment of the same customer and amount (amounts
compared in 1/10000 of a unit). Each failed attempt in the windows ends one of three
ways (:func:`payment_outcomes`):

* **repeated**: the same customer tried the same amount again within ``repeat_window``
  and failed again inside the windows: one purchase tapped twice, so its money is
  counted once, with the later attempt;
* **recovered**: a later completed payment of the same customer and amount within
  ``retry_window`` paid it; failures take successes in time order, each the earliest
  one still free, and a success pays one failure only;
* **unrecovered**: never paid.

Matching by customer and amount also takes a regular's next purchase of the same thing
for a retry. How often that happens by chance is measured on normal payments (the share
of the money of completed payments followed by another payment of the same customer
and amount within ``retry_window``, ``c``), and the unpaid amount is scaled by
``1 / (1 - c)``: if a share ``c`` of the really unpaid failures found a chance match,
``unpaid_seen = unpaid * (1 - c)``. On the sample claim (seeds 0-59) matching alone
finds 1.7 % too much recovered money and a loss 2.1 % too low on average; scaled, the
loss is 0.1 % too high on average (a claim with no chance match gets about ``c`` too
much, one with a chance match less too little). The lower bound is the unpaid amount
of the listed transactions alone; the upper bound allows for as many chance matches as
a Poisson count reaches at ``confidence``.

The attempts and the windows are read and checked here too, once for both this module
and :mod:`claimstats.estimate.payments`, which turns the outcomes into the loss.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from claimstats._time import duration, inside_intervals
from claimstats.errors import ConfigError, DataError
from claimstats.models import Note
from claimstats.schema import TIME_DTYPE, canonical_frame

__all__ = [
    "OUTCOME_COLUMNS",
    "attempt_outcomes",
    "chance_matches",
    "coincidence",
    "covered_windows",
    "matching_notes",
    "payment_attempts",
    "payment_outcomes",
    "payment_windows",
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
    ours = (
        (transactions["channel"] == channel)
        if channel is not None
        else transactions["channel"].notna()
    )
    chosen = transactions.loc[ours.to_numpy()]
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
    ours = (same["channel"] == channel) if channel is not None else same["channel"].notna()
    return same, ours.to_numpy(dtype=bool)


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


def attempt_outcomes(
    payments: pd.DataFrame, chosen: np.ndarray, retry: pd.Timedelta, repeat: pd.Timedelta
) -> tuple[np.ndarray, np.ndarray]:
    """For every row: repeated (True/False) and the row of the success that paid it (-1)."""
    status = payments["status"].to_numpy()
    attempts = _keys(payments, np.isin(status, ("completed", "failed")))
    repeated = np.zeros(len(payments), dtype=bool)
    if repeat > pd.Timedelta(0):
        rows, nexts = _next_within(attempts, repeat)
        repeated[rows[chosen[rows] & chosen[nexts]]] = True

    failures = _keys(payments, chosen & ~repeated)
    successes = _keys(payments, status == "completed")
    candidates = failures.merge(successes, on="key", suffixes=("", "_paid"))
    gap = candidates["time_paid"] - candidates["time"]
    candidates = candidates.loc[(gap > pd.Timedelta(0)) & (gap <= retry)]
    candidates = candidates.sort_values(["time", "row", "time_paid", "row_paid"], kind="stable")
    pairs = _greedy(candidates.rename(columns={"row": "failure", "row_paid": "success"}))
    paid_by = np.full(len(payments), -1, dtype=np.int64)
    paid_by[pairs["failure"].to_numpy(np.int64)] = pairs["success"].to_numpy(np.int64)
    return repeated, paid_by


def _outcome_table(
    payments: pd.DataFrame, chosen: np.ndarray, repeated: np.ndarray, paid_by: np.ndarray
) -> pd.DataFrame:
    rows = np.flatnonzero(chosen)
    paid = paid_by[rows]
    outcome = np.where(repeated[rows], "repeated", np.where(paid >= 0, "recovered", "unrecovered"))
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
    retry_window: object = "24h",
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
        its retry, e.g. ``"24h"``.
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
    retry = duration(retry_window, "retry_window")
    repeat = duration(repeat_window, "repeat_window")
    payments, ours = payment_attempts(transactions, channel)
    windows = covered_windows(
        payment_windows(incidents), payments["timestamp"].min(), payments["timestamp"].max()
    )
    inside = inside_intervals(payments["timestamp"], windows["start"], windows["end"])
    chosen = ours & inside & (payments["status"] == "failed").to_numpy()
    repeated, paid_by = attempt_outcomes(payments, chosen, retry, repeat)
    return _outcome_table(payments, chosen, repeated, paid_by)


# --- matches by chance: a regular buying the same again -------------------------------------


def coincidence(
    payments: pd.DataFrame, normal: np.ndarray, retry: pd.Timedelta
) -> tuple[float, int]:
    """Share of the money of normal completed payments followed, within ``retry``, by
    another completed payment of the same customer and amount, and how many payments it
    is measured on (those at least ``retry`` before the data's end)."""
    completed = (payments["status"] == "completed").to_numpy()
    keys = _keys(payments, completed)
    rows, _ = _next_within(keys, retry)
    followed = np.zeros(len(payments), dtype=bool)
    followed[rows] = True
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
