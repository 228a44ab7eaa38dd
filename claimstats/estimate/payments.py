"""What a wallet failure did to payment attempts: excess failures, retries, money not received.

The windows are the incidents. Inside them the failure rate is compared with the
**normal rate**: failed / all attempts outside the windows and outside the retry period
after each window (where late retries would make the rate look better than normal).
The daily rhythm lives in the number of attempts, which the windows bring with them;
whether failures are unusual at the windows' hours of day anyway is checked and noted.

Excess failures = failures in the windows - attempts in the windows x normal rate. Their
interval and p-value come from the beta-binomial predictive distribution of the failures
the windows would have had at the normal rate (the rate's own uncertainty included, from
a Jeffreys prior), widened when failures in normal time come in bursts (over-dispersion
of hourly counts).

Each failed attempt in the windows is repeated, recovered or unrecovered; how a failure
is matched to its retry, how long a retry may take (measured from the data by default),
and how often a regular's next purchase is taken for one by chance, is told in
:mod:`claimstats.estimate.retries` (:func:`payment_outcomes`). A purchase tapped twice
(a failure repeated at once that failed again) is one failure and one attempt here,
in every count and amount, so the figures add up: the failed amount is the recovered
amount plus the unpaid amount.

Only the excess failures are the provider's doing: at the normal rate some attempts
would have failed anyway. The direct loss is the unpaid amount, with the chance matches
added back, times ``excess_failures / failures_in_window``, which is conservative: it
treats the would-have-failed attempts as unpaid as often as the rest, whereas in normal
time most failures are retried at once. How many of the unpaid purchases would have
failed anyway is itself a draw: beta-binomial, as the excess is, over the attempts
behind them. The interval takes the most of them at ``confidence`` to be the largest
unpaid purchases (the low bound: the listed unpaid amount less those) and the fewest
to be the smallest, with as many chance matches added as a Poisson count reaches (the
high bound), so the bounds hold whichever purchases they are. On generated shops
(:mod:`claimstats.datasets.wallet_shops`) the 95 % interval holds the outage-caused
loss in 96.5 % of 200 shops.

A failed attempt that took the customer's money anyway (``funds_deducted`` true, at any
time) is due a refund, less what the wallet gave back already (``refunded_amount``, or
all of it when only ``refunded_at`` is known; from the transactions' own columns or a
separate list by ``order_id``, :func:`apply_refunds`): one given back in full is listed
as refunded, never as due.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from claimstats._time import inside_intervals
from claimstats.errors import ConfigError, DataError
from claimstats.estimate.retries import (
    OUTCOME_COLUMNS,
    MatchedAttempts,
    chance_matches,
    coincidence,
    match_attempts,
    matching_notes,
    payment_outcomes,
    repeat_duration,
    retry_window_notes,
)
from claimstats.models import Note, PaymentAnalysis, PaymentRecord, Window
from claimstats.schema import TIME_DTYPE, canonical_frame

# payment_outcomes and OUTCOME_COLUMNS stay importable from here, where they used to live
__all__ = ["OUTCOME_COLUMNS", "analyze_payments", "apply_refunds", "payment_outcomes"]

#: normal failures at the windows' hours this unlike the overall rate (binomial test) are noted
_HOURS_P = 0.01
#: the data after the last window a measured retry window needs: the rest of the day
_MEASURED_REACH = pd.Timedelta("24h")
#: over-dispersion of hourly failure counts (Pearson chi2 / df) from which a note is given
_NOTED_DISPERSION = 1.5


# --- the normal failure rate and the excess ------------------------------------------------


def _dispersion(times: pd.Series, failed: np.ndarray, rate: float) -> float:
    """Pearson chi-square / df of hourly failure counts at ``rate``: about 1 when failures
    fall independently, larger when they come in bursts."""
    if not 0 < rate < 1:
        return 1.0
    hours = times.to_numpy(dtype="datetime64[h]").astype(np.int64)
    _, hour = np.unique(hours, return_inverse=True)
    expected = np.bincount(hour) * rate
    if len(expected) < 2:
        return 1.0
    observed = np.bincount(hour, weights=failed.astype(float))
    chi2 = ((observed - expected) ** 2 / (expected * (1 - rate))).sum()
    return float(chi2 / (len(expected) - 1))


def _predictive(
    trials: int, normal: tuple[int, int], confidence: float, dispersion: float
) -> tuple[object, float, float, float, float]:
    """The failures among ``trials`` attempts at the normal rate (beta-binomial, from a
    Jeffreys prior): the distribution, its mean, the widening for bursts, and its bounds
    at ``confidence``, widened likewise."""
    from scipy import stats  # imported when needed: it takes a second to load

    normal_attempts, normal_failures = normal
    predictive = stats.betabinom(
        trials, normal_failures + 0.5, normal_attempts - normal_failures + 0.5
    )
    mean = float(predictive.mean())
    alpha = (1 - confidence) / 2
    low, high = (float(q) for q in predictive.ppf([alpha, 1 - alpha]))
    spread = np.sqrt(max(dispersion, 1.0))  # quasi-likelihood widening of a bursty rate
    low, high = max(mean + spread * (low - mean), 0.0), mean + spread * (high - mean)
    return predictive, mean, spread, low, high


def _excess(
    attempts: int,
    failures: int,
    normal: tuple[int, int],
    confidence: float,
    dispersion: float,
) -> tuple[float, float, float, float]:
    """Expected failures at the normal rate, bounds of the excess, and the p-value."""
    normal_attempts, normal_failures = normal
    expected = attempts * normal_failures / normal_attempts
    if attempts == 0:
        return 0.0, 0.0, 0.0, 1.0
    predictive, mean, spread, low, high = _predictive(attempts, normal, confidence, dispersion)
    at_normal_spread = mean + (failures - mean) / spread
    # summed from the pmf: 1 - cdf would round a tiny tail to 0
    tail = np.arange(int(np.ceil(at_normal_spread - 1e-9)), attempts + 1)
    p_value = float(min(predictive.pmf(tail).sum(), 1.0))
    return expected, failures - high, failures - low, p_value


# --- the analysis ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rate:
    """Attempts and failures inside the windows and in normal time, and the excess."""

    attempts: int
    failures: int
    normal_attempts: int
    normal_failures: int
    dispersion: float
    expected: float
    excess_low: float
    excess_high: float
    p_value: float

    @property
    def normal_rate(self) -> float:
        return self.normal_failures / self.normal_attempts

    @property
    def excess(self) -> float:
        return self.failures - self.expected

    @property
    def share(self) -> float:
        """Share of the failures the outage caused: the excess share (0-1)."""
        return float(np.clip(self.excess / max(self.failures, 1), 0.0, 1.0))

    def anyway(self, unpaid: int, confidence: float) -> tuple[float, float]:
        """How many of ``unpaid`` failed purchases would have failed anyway: low and high.

        Their number is beta-binomial, as the excess is, over the attempts behind the
        unpaid failures (``unpaid x attempts / failures``) at the normal rate, widened
        likewise when normal failures come in bursts.
        """
        if unpaid == 0 or self.failures == 0:
            return 0.0, 0.0
        trials = max(round(unpaid * self.attempts / self.failures), unpaid)
        normal = (self.normal_attempts, self.normal_failures)
        *_, low, high = _predictive(trials, normal, confidence, self.dispersion)
        return min(low, unpaid), min(high, unpaid)


def _largest(amounts: np.ndarray, count: float) -> float:
    """The sum of the ``count`` largest ``amounts`` (a fraction of the next for a
    fractional count)."""
    ordered = np.sort(amounts)[::-1]
    whole = int(np.floor(count))
    part = ordered[whole] * (count - whole) if whole < len(ordered) else 0.0
    return float(ordered[:whole].sum() + part)


@dataclass(frozen=True)
class _Money:
    """What became of the failed attempts in the windows, in money."""

    recovered: tuple[int, float]
    unpaid: tuple[int, float]
    repeated: tuple[int, float]
    chance_share: float  # of normal payments' money followed by the same again
    chance_payments: int  # normal payments the share is measured on
    chance_amount: float  # expected money of unpaid failures matched by chance
    chance_high: float
    unpaid_rows: np.ndarray  # positions of the unpaid failed attempts

    @property
    def failed(self) -> tuple[int, float]:
        """Failed purchases (a double tap counted once) and their amount: recovered + unpaid."""
        count = self.recovered[0] + self.unpaid[0]
        return count, round(self.recovered[1] + self.unpaid[1], 2)


def _rate(
    times: pd.Series,
    attempt: np.ndarray,
    failed: np.ndarray,
    inside: np.ndarray,
    normal: np.ndarray,
    confidence: float,
) -> _Rate:
    normal_attempts, normal_failures = int(normal.sum()), int((failed & normal).sum())
    if normal_attempts == 0:
        msg = (
            "there are no attempts outside the windows and their retry periods to learn the "
            "normal failure rate from; export the attempts of the weeks before the failure"
        )
        raise DataError(msg, source="transactions")
    attempts, failures = int((attempt & inside).sum()), int((failed & inside).sum())
    dispersion = _dispersion(times[normal], failed[normal], normal_failures / normal_attempts)
    counted = _excess(
        attempts, failures, (normal_attempts, normal_failures), confidence, dispersion
    )
    return _Rate(attempts, failures, normal_attempts, normal_failures, dispersion, *counted)


def _money(matched: MatchedAttempts, normal: np.ndarray, confidence: float) -> _Money:
    amounts = matched.payments["amount"].to_numpy(float)

    def total(mask: np.ndarray) -> tuple[int, float]:
        return int(mask.sum()), round(float(amounts[mask].sum()), 2)

    single = matched.chosen & ~matched.repeated  # a double tap counted with its last attempt
    unpaid = single & (matched.paid_by < 0)
    share, measured_on = coincidence(matched.payments, normal, matched.retry)
    chance, chance_high = chance_matches(*total(unpaid), share, confidence)
    return _Money(
        recovered=total(single & (matched.paid_by >= 0)),
        unpaid=total(unpaid),
        repeated=total(matched.repeated),
        chance_share=share,
        chance_payments=measured_on,
        chance_amount=chance,
        chance_high=chance_high,
        unpaid_rows=np.flatnonzero(unpaid),
    )


def _records(
    rows: pd.DataFrame, amounts: object = None, refunded: object = None
) -> list[PaymentRecord]:
    """The attempts of ``rows`` as :class:`PaymentRecord` evidence, in their order; with
    ``amounts`` (else each attempt's amount) and, for the refund lists, what the wallet
    gave back (``refunded``) and when."""
    count = len(rows)
    amounts = rows["amount"] if amounts is None else amounts
    back = [None] * count if refunded is None else refunded
    at = rows["refunded_at"] if refunded is not None else [None] * count
    return [
        PaymentRecord(
            order_id=str(order_id),
            timestamp=timestamp.to_pydatetime(),
            amount=round(float(amount), 2),
            customer=None if pd.isna(customer) else str(customer),
            refunded_amount=None if money is None or pd.isna(money) else round(float(money), 2),
            refunded_at=None if when is None or pd.isna(when) else when.to_pydatetime(),
        )
        for order_id, timestamp, amount, customer, money, when in zip(
            rows["order_id"], rows["timestamp"], amounts, rows["customer"], back, at, strict=True
        )
    ]


# --- refunds: money taken by failed attempts, and what the wallet gave back -----------------


def _refund_table(refunds: pd.DataFrame) -> pd.DataFrame:
    """A refund list checked: one row per order id (amounts added, the last time kept)."""
    if not isinstance(refunds, pd.DataFrame):
        msg = (
            "refunds must be a DataFrame of order_id, refunded_amount and refunded_at "
            f"(claimstats.read_refunds() reads one from a file), not {type(refunds).__name__}"
        )
        raise ConfigError(msg)
    given = [name for name in ("refunded_amount", "refunded_at") if name in refunds.columns]
    if "order_id" not in refunds.columns or not given:
        msg = (
            f"the refunds have columns {[str(c) for c in refunds.columns]}; a refund list "
            "needs order_id and refunded_amount or refunded_at (the time the money went back)"
        )
        raise DataError(msg, source="refunds")
    table = refunds[["order_id", *given]]
    if "refunded_at" in given:
        table = canonical_frame(table, ("refunded_at",), "refunds")
    else:
        table = table.assign(refunded_at=pd.Series(pd.NaT, index=table.index, dtype=TIME_DTYPE))
    if "refunded_amount" in given:
        money = pd.to_numeric(table["refunded_amount"], errors="coerce")
        bad = (money.isna() & table["refunded_amount"].notna()) | (money < 0)
        if bad.any():
            shown = table.loc[bad, "refunded_amount"].head(3).tolist()
            msg = f"refunded_amount must be an amount of 0 or more (found {shown})"
            raise DataError(msg, source="refunds")
        table = table.assign(refunded_amount=money.fillna(0.0))
    else:
        table = table.assign(refunded_amount=0.0)
    table = table.assign(order_id=table["order_id"].astype("str")).dropna(subset=["order_id"])
    grouped = table.groupby("order_id", sort=False)
    return grouped.agg(
        refunded_amount=("refunded_amount", "sum"), refunded_at=("refunded_at", "max")
    ).reset_index()


def _own_refunds(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The attempts' own ``refunded_amount`` (0 where missing) and ``refunded_at``
    (missing where not known)."""
    amount = (
        frame["refunded_amount"].astype(float).fillna(0.0)
        if "refunded_amount" in frame.columns
        else pd.Series(0.0, index=frame.index)
    )
    at = (
        canonical_frame(frame[["refunded_at"]], ("refunded_at",), "transactions")["refunded_at"]
        if "refunded_at" in frame.columns
        else pd.Series(pd.NaT, index=frame.index, dtype=TIME_DTYPE)
    )
    return amount, at


def _with_refunds(transactions: pd.DataFrame, refunds: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The transactions with the refund list's amounts and times, and how many of the
    list's order ids are not in them."""
    if not isinstance(transactions, pd.DataFrame) or "order_id" not in transactions.columns:
        msg = "transactions must be a DataFrame with order_id (claimstats.read_orders())"
        raise ConfigError(msg)
    table = _refund_table(refunds).set_index("order_id")
    ids = transactions["order_id"].astype("str")
    unmatched = int((~table.index.isin(set(ids))).sum())
    listed_amount = ids.map(table["refunded_amount"]).astype(float)
    listed_at = ids.map(table["refunded_at"]).astype(TIME_DTYPE)
    amount, at = _own_refunds(transactions)
    amount = amount.mask(listed_amount > 0, listed_amount)
    at = at.mask(listed_at.notna(), listed_at)
    return transactions.assign(refunded_amount=amount, refunded_at=at), unmatched


def apply_refunds(transactions: pd.DataFrame, refunds: pd.DataFrame) -> pd.DataFrame:
    """The payment attempts with what a separate refund list says the wallet gave back.

    Parameters
    ----------
    transactions
        Canonical payment attempts (:func:`claimstats.read_orders`); not changed.
    refunds
        One row per refund: ``order_id`` (the attempt's), and ``refunded_amount`` or
        ``refunded_at`` or both (:func:`claimstats.read_refunds` reads such a file).
        Several rows of one order id are added up (their latest time kept).

    Returns
    -------
    pandas.DataFrame
        A copy of ``transactions`` whose ``refunded_amount`` (0 where nothing came back)
        and ``refunded_at`` (missing where not known) take the list's values where it
        names the attempt, and keep their own elsewhere. Order ids of the list not in the
        transactions are left out (:func:`analyze_payments` notes how many).

    Raises
    ------
    ConfigError
        A frame is not a DataFrame.
    DataError
        The list lacks ``order_id`` or both of ``refunded_amount`` and ``refunded_at``,
        holds a negative amount, or times without a zone.

    Examples
    --------
    >>> tx = pd.DataFrame({"order_id": ["A", "B"], "amount": [30.0, 25.0]})
    >>> back = pd.DataFrame({"order_id": ["B"], "refunded_amount": [10.0],
    ...                      "refunded_at": [pd.Timestamp("2026-08-08 09:00", tz="UTC")]})
    >>> out = apply_refunds(tx, back)
    >>> out["refunded_amount"].tolist(), out["refunded_at"].isna().tolist()
    ([0.0, 10.0], [True, False])
    """
    return _with_refunds(transactions, refunds)[0]


@dataclass(frozen=True)
class _Refunds:
    """The failed attempts whose money was taken: still due, and given back."""

    known: bool  # the transactions say for each attempt whether money was taken
    due: list[PaymentRecord]
    due_amount: float
    refunded: list[PaymentRecord]
    refunded_amount: float
    notes: list[Note]


def _refunds(payments: pd.DataFrame) -> _Refunds:
    """Failed attempts whose money was taken anyway (at any time), less what the wallet
    gave back: due, or refunded. A refund of a failed attempt shows its money was taken
    even where ``funds_deducted`` does not say so."""
    failed = (payments["status"] == "failed").to_numpy()
    amount = payments["amount"].to_numpy(float)
    back, refunded_at = _own_refunds(payments)
    payments = payments.assign(refunded_at=refunded_at)
    back, at = back.to_numpy(), refunded_at.notna().to_numpy()
    # refunded in full when the amount back reaches the attempt's, or only a time is known
    returned = np.where(back > 0, np.minimum(back, amount), np.where(at, amount, 0.0))
    known = "funds_deducted" in payments.columns
    notes: list[Note] = []
    if known:
        flag = payments["funds_deducted"].astype("boolean")
        taken = flag.fillna(False).to_numpy(dtype=bool)
        unknown = int((failed & flag.isna().to_numpy(dtype=bool) & (returned == 0)).sum())
        if unknown:
            notes.append(Note(code="funds_deducted_unknown", values={"attempts": unknown}))
    else:
        taken = np.zeros(len(payments), dtype=bool)
        notes.append(Note(code="no_funds_deducted"))
    deducted = failed & (taken | (returned > 0))
    due = np.round(amount - returned, 2)
    owed, given = deducted & (due > 0), deducted & (due <= 0)
    shown = np.where(returned > 0, returned, np.nan)
    owed_rows, given_rows = payments.loc[owed], payments.loc[given]
    refunded_back = round(float(returned[deducted].sum()), 2)
    if given.any():
        notes.append(
            Note(
                code="refunded_by_wallet",
                values={"attempts": int(given.sum()), "amount": refunded_back},
            )
        )
    return _Refunds(
        known=known,
        due=_records(owed_rows, due[owed], shown[owed]),
        due_amount=round(float(due[owed].sum()), 2),
        refunded=_records(given_rows, None, shown[given]),
        refunded_amount=refunded_back,
        notes=notes,
    )


# --- the analysis ---------------------------------------------------------------------------


def analyze_payments(
    transactions: pd.DataFrame,
    incidents: pd.DataFrame,
    retry_window: object = "auto",
    confidence: float = 0.95,
    channel: str | None = None,
    *,
    repeat_window: object = "15min",
    refunds: pd.DataFrame | None = None,
) -> PaymentAnalysis:
    """Failures beyond the normal rate in the incident windows, retries, and the money lost.

    Parameters
    ----------
    transactions
        Canonical payment attempts (:func:`claimstats.read_orders`) with status
        ``completed`` or ``failed`` (other statuses are left out and noted). With the
        optional ``funds_deducted`` column the failed attempts whose money was taken are
        listed for a refund, less what ``refunded_amount`` and ``refunded_at`` say the
        wallet gave back.
    incidents
        Merged incidents (:func:`claimstats.incidents`): the failure windows.
    retry_window
        How long after a failure a payment of the same customer and amount counts as its
        retry: ``"auto"`` measures it from the delays of such payments after the
        failures against their rate on normal days
        (:func:`claimstats.estimate.retries.measure_retry_window`); a duration such as
        ``"2h"`` fixes it. Normal time starts again this long after each window.
    confidence
        Level of the intervals.
    channel
        The wallet that failed; needed when the transactions hold several channels.
    repeat_window
        A failure followed this soon by a failed attempt of the same customer and amount
        in the windows is one purchase tried twice and counted once; ``"0s"`` counts
        every failed attempt as a purchase of its own.
    refunds
        Refunds the wallet made, listed apart by ``order_id`` (:func:`apply_refunds`;
        :func:`claimstats.read_refunds` reads such a file).

    Returns
    -------
    PaymentAnalysis
        ``unrecovered_amount`` is the direct loss: the unpaid amount in the windows, with
        the chance matches added back, times ``excess_failures / failures_in_window``;
        its low bound is the listed unpaid amount less the largest purchases that may
        have failed anyway, its high bound adds the chance matches a Poisson count
        reaches. Failures, attempts and
        amounts count a double tap once: ``failed_amount_in_window`` is
        ``recovered_amount + unpaid_amount``. ``unpaid`` lists the failed purchases
        never paid (:func:`payment_outcomes` lists every outcome); ``refund_due`` every
        failed attempt whose money was taken and not given back (the amount still due),
        ``refunded`` those given back; ``notes`` say what the reader must know.

    Raises
    ------
    ConfigError
        An argument is invalid, the channel is unknown or must be chosen, or there are
        no incidents.
    DataError
        The transactions lack canonical columns or failed attempts, mix currencies, do
        not cover an incident, or have no attempts in normal time; or the refund list is
        not one.

    Examples
    --------
    >>> import claimstats as cs
    >>> from claimstats.datasets import make_sample
    >>> claim = make_sample(seed=0)
    >>> result = analyze_payments(claim.wallet_transactions, cs.incidents(claim.wallet_outages))
    >>> result.failures_in_window, result.attempts_in_window, round(result.excess_failures, 1)
    (43, 53, 42.2)
    >>> str(result.retry_window), result.retry_window_measured
    ('23:47:26', True)
    >>> result.failed_amount_in_window == round(result.recovered_amount + result.unpaid_amount, 2)
    True
    >>> result.p_value < 1e-6, len(result.refund_due), result.refund_due_amount
    (True, 5, 201.0)
    """
    if not 0 < confidence < 1:
        msg = f"confidence={confidence} must lie between 0 and 1, e.g. 0.95"
        raise ConfigError(msg)
    repeat = repeat_duration(retry_window, repeat_window)
    unmatched = 0
    if refunds is not None:
        transactions, unmatched = _with_refunds(transactions, refunds)
    matched = match_attempts(transactions, incidents, retry_window, channel, repeat)
    payments, ours = matched.payments, matched.ours
    status = payments["status"].to_numpy()
    attempt = ours & np.isin(status, ("completed", "failed"))
    failed = ours & (status == "failed")
    normal = _normal_time(matched, attempt)
    times, single = payments["timestamp"], ~matched.repeated  # a double tap counted once
    rate = _rate(times, attempt & single, failed & single, matched.inside, normal, confidence)
    money = _money(matched, normal, confidence)
    loss, loss_low, loss_high = _loss(rate, money, payments["amount"], confidence)
    notes = [
        *_rate_notes(rate, confidence, matched.retry.window),
        *retry_window_notes(matched.retry),
        *_hours_notes(times, failed, normal, matched.windows, rate),
        *matching_notes(
            money.repeated,
            share=money.chance_share,
            measured_on=money.chance_payments,
            chance_amount=money.chance_amount,
        ),
        *_data_notes(matched, attempt),
    ]
    back = _refunds(payments.loc[ours])
    if unmatched:
        notes.append(Note(code="refunds_unmatched", values={"refunds": unmatched}))
    return PaymentAnalysis(
        currency=str(payments.loc[ours, "currency"].iloc[0]),
        windows=[
            Window(
                start=row.start.to_pydatetime(),
                end=row.end.to_pydatetime(),
                service=None if pd.isna(getattr(row, "service", None)) else row.service,
            )
            for row in matched.windows.itertuples(index=False)
        ],
        retry_window=matched.retry.window.to_pytimedelta(),
        retry_window_measured=matched.retry.measured,
        confidence=confidence,
        attempts_in_window=rate.attempts,
        failures_in_window=rate.failures,
        failed_attempts_in_window=int(matched.chosen.sum()),
        failure_rate_in_window=rate.failures / rate.attempts if rate.attempts else 0.0,
        attempts_outside=rate.normal_attempts,
        failures_outside=rate.normal_failures,
        failure_rate_outside=rate.normal_rate,
        expected_failures_in_window=rate.expected,
        excess_failures=rate.excess,
        excess_failures_low=rate.excess_low,
        excess_failures_high=rate.excess_high,
        p_value=rate.p_value,
        failed_amount_in_window=money.failed[1],
        recovered_attempts=money.recovered[0],
        recovered_amount=money.recovered[1],
        unrecovered_attempts=money.unpaid[0],
        unpaid_amount=money.unpaid[1],
        repeated_attempts=money.repeated[0],
        repeated_amount=money.repeated[1],
        chance_matched_amount=round(money.chance_amount, 2),
        unpaid=_records(payments.iloc[money.unpaid_rows]),
        unrecovered_amount=round(loss, 2),
        unrecovered_amount_low=round(min(loss_low, loss), 2),
        unrecovered_amount_high=round(max(loss_high, loss), 2),
        funds_deducted_known=back.known,
        refund_due=back.due,
        refund_due_amount=back.due_amount,
        refunded=back.refunded,
        already_refunded_amount=back.refunded_amount,
        notes=[*notes, *back.notes],
    )


def _normal_time(matched: MatchedAttempts, attempt: np.ndarray) -> np.ndarray:
    """True for the ``attempt`` rows outside the windows and their retry periods."""
    ends = matched.windows["end"]
    # retry periods may overlap, but all have one length, so their ends rise with starts
    after = inside_intervals(matched.payments["timestamp"], ends, ends + matched.retry.window)
    return attempt & ~matched.inside & ~after


def _loss(
    rate: _Rate, money: _Money, amounts: pd.Series, confidence: float
) -> tuple[float, float, float]:
    """The direct loss, and its low and high bound (not rounded)."""
    unpaid = money.unpaid[1]
    loss = (unpaid + money.chance_amount) * rate.share
    # the would-have-failed-anyway purchases among the unpaid: the largest ones for the
    # low bound, the smallest for the high one, so the bounds hold whichever they are
    few, many = rate.anyway(money.unpaid[0], confidence)
    unpaid_amounts = amounts.to_numpy(float)[money.unpaid_rows]
    low = unpaid - _largest(unpaid_amounts, many)
    high = unpaid + money.chance_high + _largest(-unpaid_amounts, few)
    return loss, low, high


# --- notes: what the reader must know --------------------------------------------------------


def _rate_notes(rate: _Rate, confidence: float, retry: pd.Timedelta) -> list[Note]:
    notes = [
        Note(
            code="normal_period",
            values={
                "attempts": rate.normal_attempts,
                "failures": rate.normal_failures,
                "rate": rate.normal_rate,
            },
        )
    ]
    if rate.dispersion > _NOTED_DISPERSION:
        notes.append(
            Note(
                code="failures_cluster",
                values={"dispersion": rate.dispersion},
            )
        )
    if rate.attempts == 0:
        notes.append(
            Note(
                code="no_attempts_in_window",
            )
        )
    elif rate.p_value >= 1 - confidence:
        notes.append(
            Note(
                code="not_significant",
                values={"p_value": rate.p_value},
            )
        )
    return notes


def _hours_notes(
    times: pd.Series, failed: np.ndarray, normal: np.ndarray, windows: pd.DataFrame, rate: _Rate
) -> list[Note]:
    """A note when normal-time failures at the windows' hours of day (UTC) are unlike the
    normal rate of all hours (binomial test)."""
    if ((windows["end"] - windows["start"]) >= pd.Timedelta("1D")).any():
        return []  # a window of a day or more covers every hour
    minute = (times.dt.hour * 60 + times.dt.minute).to_numpy()
    at_hours = np.zeros(len(times), dtype=bool)
    for start, end in zip(windows["start"], windows["end"], strict=True):
        first, last = start.hour * 60 + start.minute, end.hour * 60 + end.minute
        if first < last:
            at_hours |= (minute >= first) & (minute < last)
        else:
            at_hours |= (minute >= first) | (minute < last)
    chosen = normal & at_hours
    attempts, failures = int(chosen.sum()), int(failed[chosen].sum())
    if attempts in (0, rate.normal_attempts) or not 0 < rate.normal_rate < 1:
        return []
    from scipy import stats

    test = stats.binomtest(failures, attempts, rate.normal_rate)
    if test.pvalue >= _HOURS_P:
        return []
    at_rate = failures / attempts
    return [
        Note(
            code="failure_rate_at_these_hours",
            values={
                "rate_at_hours": at_rate,
                "attempts_at_hours": attempts,
                "expected_at_hours": rate.attempts * at_rate,
                "p_value": float(test.pvalue),
            },
        )
    ]


def _data_notes(matched: MatchedAttempts, attempt: np.ndarray) -> list[Note]:
    payments, ours, window = matched.payments, matched.ours, matched.retry
    notes = []
    if matched.left_out:
        notes.append(
            Note(
                code="incidents_outside_data",
                values={"incidents": matched.left_out},
            )
        )
    nameless = int((matched.chosen & payments["customer"].isna().to_numpy()).sum())
    if nameless:
        notes.append(
            Note(
                code="no_customer",
                values={"attempts": nameless},
            )
        )
    if not ours.all():
        notes.append(
            Note(
                code="retries_in_other_channels",
            )
        )
    # a measured window needs a day after the windows at least, to see the day's retries
    reach = max(window.window, _MEASURED_REACH) if window.measured else window.window
    horizon, data_end = matched.windows["end"].max() + reach, payments["timestamp"].max()
    if data_end < horizon:
        notes.append(
            Note(
                code="retry_window_cut",
                values={"data_end": str(data_end), "retry_end": str(horizon)},
            )
        )
    other = payments.loc[ours & ~attempt, "status"].value_counts()
    if len(other):
        notes.append(
            Note(
                code="other_statuses",
                values={str(name): int(count) for name, count in other.items()},
            )
        )
    return notes
