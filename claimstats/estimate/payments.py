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
is matched to its retry, and how often a regular's next purchase is taken for one by
chance, is told in :mod:`claimstats.estimate.retries` (:func:`payment_outcomes`).

Only the excess failures are the provider's doing: at the normal rate some attempts
would have failed anyway. The direct loss is the unpaid amount, with the chance matches
added back, times ``excess_failures / failures_in_window``, which is conservative: it
treats the would-have-failed attempts as unpaid as often as the rest, whereas in normal
time most failures are retried at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from claimstats._time import duration, inside_intervals
from claimstats.errors import ConfigError, DataError
from claimstats.estimate.retries import (
    OUTCOME_COLUMNS,
    attempt_outcomes,
    chance_matches,
    coincidence,
    covered_windows,
    matching_notes,
    payment_attempts,
    payment_outcomes,
    payment_windows,
)
from claimstats.models import Note, PaymentAnalysis, PaymentRecord, Window

# payment_outcomes and OUTCOME_COLUMNS stay importable from here, where they used to live
__all__ = ["OUTCOME_COLUMNS", "analyze_payments", "payment_outcomes"]

#: normal failures at the windows' hours this unlike the overall rate (binomial test) are noted
_HOURS_P = 0.01
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


def _excess(
    attempts: int,
    failures: int,
    normal: tuple[int, int],
    confidence: float,
    dispersion: float,
) -> tuple[float, float, float, float]:
    """Expected failures at the normal rate, bounds of the excess, and the p-value."""
    from scipy import stats  # imported when needed: it takes a second to load

    normal_attempts, normal_failures = normal
    expected = attempts * normal_failures / normal_attempts
    if attempts == 0:
        return 0.0, 0.0, 0.0, 1.0
    predictive = stats.betabinom(
        attempts, normal_failures + 0.5, normal_attempts - normal_failures + 0.5
    )
    mean = float(predictive.mean())
    alpha = (1 - confidence) / 2
    low, high = (float(q) for q in predictive.ppf([alpha, 1 - alpha]))
    spread = np.sqrt(max(dispersion, 1.0))  # quasi-likelihood widening of a bursty rate
    low, high = max(mean + spread * (low - mean), 0.0), mean + spread * (high - mean)
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

    def shares(self) -> np.ndarray:
        """Excess share of the failures: point, low, high (0-1)."""
        excess = np.array([self.excess, self.excess_low, self.excess_high])
        return np.clip(excess / max(self.failures, 1), 0.0, 1.0)


@dataclass(frozen=True)
class _Money:
    """What became of the failed attempts in the windows, in money."""

    failed: float
    recovered: tuple[int, float]
    unpaid: tuple[int, float]
    repeated: tuple[int, float]
    chance_share: float  # of normal payments' money followed by the same again
    chance_payments: int  # normal payments the share is measured on
    chance_amount: float  # expected money of unpaid failures matched by chance
    chance_high: float
    unpaid_rows: np.ndarray  # positions of the unpaid failed attempts


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


def _money(
    payments: pd.DataFrame,
    chosen: np.ndarray,
    normal: np.ndarray,
    durations: tuple[pd.Timedelta, pd.Timedelta],
    confidence: float,
) -> _Money:
    retry, repeat = durations
    repeated, paid_by = attempt_outcomes(payments, chosen, retry, repeat)
    amounts = payments["amount"].to_numpy(float)

    def total(mask: np.ndarray) -> tuple[int, float]:
        return int(mask.sum()), round(float(amounts[mask].sum()), 2)

    unpaid = chosen & ~repeated & (paid_by < 0)
    share, measured_on = coincidence(payments, normal, retry)
    chance, chance_high = chance_matches(*total(unpaid), share, confidence)
    return _Money(
        failed=total(chosen)[1],
        recovered=total(chosen & ~repeated & (paid_by >= 0)),
        unpaid=total(unpaid),
        repeated=total(repeated),
        chance_share=share,
        chance_payments=measured_on,
        chance_amount=chance,
        chance_high=chance_high,
        unpaid_rows=np.flatnonzero(unpaid),
    )


def _records(rows: pd.DataFrame) -> list[PaymentRecord]:
    """The attempts of ``rows`` as :class:`PaymentRecord` evidence, in their order."""
    return [
        PaymentRecord(
            order_id=str(order_id),
            timestamp=timestamp.to_pydatetime(),
            amount=float(amount),
            customer=None if pd.isna(customer) else str(customer),
        )
        for order_id, timestamp, amount, customer in zip(
            rows["order_id"], rows["timestamp"], rows["amount"], rows["customer"], strict=True
        )
    ]


def _deducted(payments: pd.DataFrame) -> tuple[list[PaymentRecord], float, list[Note]]:
    """Failed attempts whose money was taken anyway (at any time): a refund is due."""
    if "funds_deducted" not in payments.columns:
        note = Note(
            code="no_funds_deducted",
        )
        return [], 0.0, [note]
    failed = (payments["status"] == "failed").to_numpy()
    flag = payments["funds_deducted"].astype("boolean")
    rows = payments.loc[failed & flag.fillna(False).to_numpy(dtype=bool)]
    records = _records(rows)
    notes = []
    unknown = int((failed & flag.isna().to_numpy(dtype=bool)).sum())
    if unknown:
        notes.append(Note(code="funds_deducted_unknown", values={"attempts": unknown}))
    return records, round(float(rows["amount"].sum()), 2), notes


def analyze_payments(
    transactions: pd.DataFrame,
    incidents: pd.DataFrame,
    retry_window: object = "24h",
    confidence: float = 0.95,
    channel: str | None = None,
    *,
    repeat_window: object = "15min",
) -> PaymentAnalysis:
    """Failures beyond the normal rate in the incident windows, retries, and the money lost.

    Parameters
    ----------
    transactions
        Canonical payment attempts (:func:`claimstats.read_orders`) with status
        ``completed`` or ``failed`` (other statuses are left out and noted). With the
        optional ``funds_deducted`` column the failed attempts whose money was taken are
        listed for a refund.
    incidents
        Merged incidents (:func:`claimstats.incidents`): the failure windows.
    retry_window
        How long after a failure a payment of the same customer and amount counts as its
        retry; normal time starts again this long after each window.
    confidence
        Level of the intervals.
    channel
        The wallet that failed; needed when the transactions hold several channels.
    repeat_window
        A failure followed this soon by a failed attempt of the same customer and amount
        in the windows is one purchase tried twice and counted once; ``"0s"`` counts
        every failed attempt as a purchase of its own.

    Returns
    -------
    PaymentAnalysis
        ``unrecovered_amount`` is the direct loss: the unpaid amount in the windows, with
        the chance matches added back, times ``excess_failures / failures_in_window``;
        its low bound counts the unpaid transactions alone. ``recovered_*`` and
        ``unrecovered_attempts`` count matched transactions (:func:`payment_outcomes`
        lists them); ``deducted_but_failed`` lists every failed attempt with
        ``funds_deducted`` true; ``notes`` say what the reader must know.

    Raises
    ------
    ConfigError
        An argument is invalid, the channel is unknown or must be chosen, or there are
        no incidents.
    DataError
        The transactions lack canonical columns or failed attempts, mix currencies, do
        not cover an incident, or have no attempts in normal time.

    Examples
    --------
    >>> import claimstats as cs
    >>> from claimstats.datasets import make_sample
    >>> claim = make_sample(seed=0)
    >>> result = analyze_payments(claim.wallet_transactions, cs.incidents(claim.wallet_outages))
    >>> result.failures_in_window, result.attempts_in_window, round(result.excess_failures, 1)
    (43, 53, 42.2)
    >>> result.p_value < 1e-6, len(result.deducted_but_failed), result.deducted_but_failed_amount
    (True, 5, 201.0)
    """
    if not 0 < confidence < 1:
        msg = f"confidence={confidence} must lie between 0 and 1, e.g. 0.95"
        raise ConfigError(msg)
    retry = duration(retry_window, "retry_window")
    repeat = duration(repeat_window, "repeat_window")
    payments, ours = payment_attempts(transactions, channel)
    times = payments["timestamp"]
    all_windows = payment_windows(incidents)
    windows = covered_windows(all_windows, times.min(), times.max())

    status = payments["status"].to_numpy()
    attempt = ours & np.isin(status, ("completed", "failed"))
    failed = ours & (status == "failed")
    inside = inside_intervals(times, windows["start"], windows["end"])
    # retry periods may overlap, but all have one length, so their ends rise with starts
    after = inside_intervals(times, windows["end"], windows["end"] + retry)
    normal = attempt & ~inside & ~after
    rate = _rate(times, attempt, failed, inside, normal, confidence)
    money = _money(payments, failed & inside, normal, (retry, repeat), confidence)
    share = rate.shares()
    unpaid = money.unpaid[1]
    loss = (unpaid + money.chance_amount) * share[0]
    loss_low, loss_high = unpaid * share[1], (unpaid + money.chance_high) * share[2]

    notes = [
        *_rate_notes(rate, confidence, retry),
        *_hours_notes(times, failed, normal, windows, rate),
        *matching_notes(
            money.repeated,
            share=money.chance_share,
            measured_on=money.chance_payments,
            chance_amount=money.chance_amount,
        ),
        *_data_notes(payments, ours, attempt, failed & inside, retry, all_windows, windows),
    ]
    deducted, deducted_amount, deducted_notes = _deducted(payments.loc[ours])
    return PaymentAnalysis(
        currency=str(payments.loc[ours, "currency"].iloc[0]),
        windows=[
            Window(
                start=row.start.to_pydatetime(),
                end=row.end.to_pydatetime(),
                service=None if pd.isna(getattr(row, "service", None)) else row.service,
            )
            for row in windows.itertuples(index=False)
        ],
        retry_window=retry.to_pytimedelta(),
        confidence=confidence,
        attempts_in_window=rate.attempts,
        failures_in_window=rate.failures,
        failure_rate_in_window=rate.failures / rate.attempts if rate.attempts else 0.0,
        attempts_outside=rate.normal_attempts,
        failures_outside=rate.normal_failures,
        failure_rate_outside=rate.normal_rate,
        expected_failures_in_window=rate.expected,
        excess_failures=rate.excess,
        excess_failures_low=rate.excess_low,
        excess_failures_high=rate.excess_high,
        p_value=rate.p_value,
        failed_amount_in_window=money.failed,
        recovered_attempts=money.recovered[0],
        recovered_amount=money.recovered[1],
        unrecovered_attempts=money.unpaid[0],
        unpaid_amount=unpaid,
        repeated_attempts=money.repeated[0],
        repeated_amount=money.repeated[1],
        chance_matched_amount=round(money.chance_amount, 2),
        unrecovered=_records(payments.iloc[money.unpaid_rows]),
        unrecovered_amount=round(loss, 2),
        unrecovered_amount_low=round(loss_low, 2),
        unrecovered_amount_high=round(max(loss_high, loss), 2),
        deducted_but_failed=deducted,
        deducted_but_failed_amount=deducted_amount,
        notes=[*notes, *deducted_notes],
    )


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


def _data_notes(
    payments: pd.DataFrame,
    ours: np.ndarray,
    attempt: np.ndarray,
    chosen: np.ndarray,
    retry: pd.Timedelta,
    all_windows: pd.DataFrame,
    windows: pd.DataFrame,
) -> list[Note]:
    notes = []
    left_out = len(all_windows) - len(windows)
    if left_out:
        notes.append(
            Note(
                code="incidents_outside_data",
                values={"incidents": left_out},
            )
        )
    nameless = int((chosen & payments["customer"].isna().to_numpy()).sum())
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
    horizon, data_end = windows["end"].max() + retry, payments["timestamp"].max()
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
