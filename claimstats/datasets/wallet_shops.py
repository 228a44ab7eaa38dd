"""Small shops' wallet payment attempts over six weeks, with the traps of a real complaint.

Each shop (:func:`make_wallet_shop`) is a cafe open 07:00-21:00 whose customers are
regulars and walk-ins. A regular comes on most days at about the same time (some twice a
day) and usually buys the same thing, so the same customer pays the same amount again
the next day, and on other days: a payment that looks like a retry and is not. A
walk-in comes once or rarely.

Normally a small share of the attempts fails (1-2.5 %), and nearly every such customer
taps again at once and pays. For five hours on one day of the last three weeks the
wallet fails 70 % of the attempts. A customer whose payment failed then

* taps again within seconds or minutes, maybe several times (**double taps**); a tap
  that goes through pays the purchase;
* if every tap failed, may come back once payments work again, later the same day, and
  pay (a **late retry**); or never pays (the money is lost: **unpaid**).

Some failed attempts took the customer's money anyway (``funds_deducted``); the wallet
gives half of those back by itself (``refunded_amount``, ``refunded_at``; a few only in
part), and what is not back by the end of the data is **due**.

:func:`wallet_study` analyses many such shops with
:func:`claimstats.estimate.payments.analyze_payments` against their truth, and
:func:`summarize_wallet_study` reads off how right the lists and amounts are;
``benchmarks/wallet_accuracy.py`` runs the full study.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from claimstats.datasets.generate import (
    TZ,
    baskets,
    in_hours,
    openids,
    records_frame,
    relative_error,
    timed_row,
    utc,
    with_order_ids,
)
from claimstats.datasets.sample import WALLET_SERVICE, shares
from claimstats.datasets.validation import outage_frame
from claimstats.errors import ConfigError
from claimstats.schema import ORDER_COLUMNS, TIME_DTYPE

__all__ = [
    "SHOP_COLUMNS",
    "ShopTruth",
    "WalletShop",
    "make_wallet_shop",
    "summarize_wallet_study",
    "wallet_study",
]

#: columns of a shop's transactions: the canonical order columns, then whether the money
#: of a failed attempt was taken, and what the wallet gave back and when
SHOP_COLUMNS: dict[str, object] = {
    **ORDER_COLUMNS,
    "funds_deducted": "boolean",
    "refunded_amount": "float64",
    "refunded_at": TIME_DTYPE,
}

_START, _WEEKS = "2026-06-01", 6  # a Monday, local
_OPEN, _CLOSE = 7, 21  # local hours
_H, _DAY = 3600, 86400
# fmt: off
_HOURLY = np.array([0, 0, 0, 0, 0, 0, 0, 1.4, 1.6, 1.2, 1.0, 1.1,
                    1.5, 1.3, 0.9, 1.0, 1.2, 1.1, 1.0, 0.8, 0.6, 0.4, 0, 0])  # relative, local
_WEEKDAY = np.array([0.95, 0.95, 1.0, 1.0, 1.1, 1.15, 0.9])
# baskets (generate.baskets): prices, their chances, chances of 1-3 items, a coupon of up to
# 0.99 off and its chance (amounts then rarely repeat)
_MENU = (np.array([12, 15, 18, 22, 25, 28, 32, 36.0]), [.10, .15, .18, .17, .14, .11, .09, .06],
         [0.55, 0.33, 0.12], 0.08, 100)
# fmt: on
_REGULAR_SHARE = 0.4  # of the purchases
_TWICE_A_DAY = 0.15  # share of regulars with a second habitual visit
_OUTAGE_HOURS, _OUTAGE_FAIL = 5, 0.70
_TAP_AGAIN = (0.7, 0.5, 0.3)  # chance of another tap after the 1st, 2nd, 3rd failed one
_LATER = 0.35  # chance that a customer whose taps all failed comes back later that day
_LATER_MINUTES = 90.0  # mean wait after payments work again
_NORMAL_RETRY = 0.9  # chance a normal failure is tapped again at once
_DEDUCTED = 0.06  # chance a failed attempt takes the money anyway
_SELF_REFUND, _PARTIAL = 0.5, 0.15  # wallet refunds by itself; of those, only in part


@dataclass(frozen=True)
class ShopTruth:
    """What the outage really did to one shop's payments (amounts in CNY).

    Attributes
    ----------
    start, end
        The outage, UTC.
    failed_purchases
        Purchases with a failed attempt in the outage (a double tap counted once).
    failed_amount
        Their amount.
    recovered_amount
        Of that, what a later payment of the same customer and amount paid (a tap that
        went through, or a late retry).
    unpaid
        The id of the last failed attempt in the outage of each purchase never paid.
    unpaid_amount
        Their amount: ``failed_amount - recovered_amount``.
    outage_loss
        The unpaid amount of the purchases whose failure the outage caused (not those
        that would have failed anyway, at the normal rate): what the shop may claim.
    refund_due
        Ids of the failed attempts, anywhere in the data, whose money was taken and not
        (or only partly) given back by the end of the data.
    refund_due_amount
        What is still due on them.
    refunded
        Ids of the failed attempts whose money was taken and has been given back in full.
    double_taps
        Failed attempts in the outage tapped again at once and failing again.
    """

    start: pd.Timestamp
    end: pd.Timestamp
    failed_purchases: int
    failed_amount: float
    recovered_amount: float
    unpaid: tuple[str, ...]
    unpaid_amount: float
    outage_loss: float
    refund_due: tuple[str, ...]
    refund_due_amount: float
    refunded: tuple[str, ...]
    double_taps: int


@dataclass(frozen=True, eq=False)
class WalletShop:
    """One shop: its payment attempts (columns :data:`SHOP_COLUMNS`), the outage and the
    truth. Treat the frames as read-only."""

    transactions: pd.DataFrame
    outages: pd.DataFrame
    truth: ShopTruth
    attempts_per_hour: float
    tz: str = TZ


# --- customers and purchases ---------------------------------------------------------------


def _purchases(
    rng: np.random.Generator, per_hour: float, days: pd.DatetimeIndex
) -> dict[str, np.ndarray]:
    """Every purchase of the period: time, customer and amount (walk-ins and regulars)."""
    day0 = days.as_unit("s").asi8
    weekday = _WEEKDAY[days.day_of_week.to_numpy()]
    hourly = shares(_HOURLY)
    # walk-ins: Poisson per hour, customers from a large pool (they rarely come back)
    lam = (1 - _REGULAR_SHARE) * per_hour * 14 * np.outer(weekday, hourly)
    counts = rng.poisson(lam).ravel()
    walk_s = in_hours(rng, (day0[:, None] + np.arange(24)[None, :] * _H).ravel(), counts)
    pool = openids(rng, 40 * int(per_hour * 14 * 7) + 1000)
    walk_who = pool[rng.integers(0, len(pool), len(walk_s))]
    walk_amount = baskets(rng, len(walk_s), *_MENU)
    # regulars: each at a habitual minute (some twice a day), on most days, mostly the same
    regulars = max(round(_REGULAR_SHARE * per_hour * 14 / 0.55), 5)  # 0.55 visits a day
    visit_p = rng.uniform(0.25, 0.85, regulars)
    ids = openids(rng, regulars)
    open_minutes = np.arange(_OPEN * 60, _CLOSE * 60)
    habit = rng.choice(open_minutes, regulars, p=shares(_HOURLY[open_minutes // 60]))
    spread = rng.uniform(10, 45, regulars)  # minutes
    usual, loyal = baskets(rng, regulars, *_MENU), rng.uniform(0.6, 0.95, regulars)
    second = rng.random(regulars) < _TWICE_A_DAY
    other = np.clip(habit + rng.choice([-1, 1], regulars) * rng.integers(180, 420, regulars),
                    _OPEN * 60, _CLOSE * 60 - 1)  # fmt: skip
    times, who, amount = [walk_s], [walk_who], [walk_amount]
    for minute, visits in ((habit, np.ones(regulars, bool)), (other, second)):
        comes = (rng.random((len(days), regulars)) < visit_p) & visits
        d, r = np.nonzero(comes)
        at = np.round(minute[r] + rng.normal(0, spread[r]))
        inside = (at >= _OPEN * 60) & (at < _CLOSE * 60)
        d, r, at = d[inside], r[inside], at[inside]
        times.append(day0[d] + at.astype(np.int64) * 60 + rng.integers(0, 60, len(d)))
        who.append(ids[r])
        same = rng.random(len(r)) < loyal[r]
        amount.append(np.where(same, usual[r], baskets(rng, len(r), *_MENU)))
    return {
        "seconds": np.concatenate(times),
        "customer": np.concatenate(who),
        "amount": np.concatenate(amount),
    }


# --- attempts --------------------------------------------------------------------------------


def _attempts(
    rng: np.random.Generator,
    purchases: dict[str, np.ndarray],
    outage: tuple[int, int],
    normal_rate: float,
    closing: np.ndarray,
) -> dict[str, np.ndarray]:
    """The attempts of every purchase, with the purchase each belongs to and its fate.

    ``role``: 0 first attempt, 1 a tap again at once, 2 a late retry, 3 a normal
    retry. ``cause``: for a purchase's first failed attempt in the outage, 1 when the
    outage made it fail, 0 when it would have failed anyway.
    """
    start, end = outage
    seconds = purchases["seconds"]
    n = len(seconds)
    inside = (seconds >= start) & (seconds < end)
    anyway = rng.random(n) < normal_rate
    outage_fail = inside & (rng.random(n) < (_OUTAGE_FAIL - normal_rate) / (1 - normal_rate))
    failed = anyway | outage_fail

    rows = {"purchase": list(range(n)), "seconds": list(seconds), "failed": list(failed),
            "role": [0] * n}  # fmt: skip

    def tap(p: int, at: int, role: int) -> bool:
        """Another attempt of purchase ``p`` at ``at``: whether it went through."""
        fails = bool(rng.random() < (_OUTAGE_FAIL if start <= at < end else normal_rate))
        for column, value in zip(rows.values(), (p, at, fails, role), strict=True):
            column.append(value)
        return not fails

    for p in np.flatnonzero(failed):
        at = int(seconds[p])
        paid = False
        if not inside[p]:  # normal: tapped again at once, nearly always paid
            if rng.random() < _NORMAL_RETRY:
                tap(p, at + int(rng.integers(15, 180)), 3)
            continue
        for again in _TAP_AGAIN:
            if rng.random() >= again:
                break
            at += int(np.clip(rng.lognormal(np.log(25), 0.9), 3, 240))
            if paid := tap(p, at, 1):
                break
        if not paid and rng.random() < _LATER:  # back after the outage: the normal rate
            back = max(at, end) + 120 + int(rng.exponential(_LATER_MINUTES * 60))
            if back < closing[p]:
                tap(p, back, 2)
    attempts = {name: np.asarray(values) for name, values in rows.items()}
    attempts["seconds"] = attempts["seconds"].astype(np.int64)
    attempts["failed"] = attempts["failed"].astype(bool)
    owner = attempts["purchase"]
    attempts["customer"] = purchases["customer"][owner]
    attempts["amount"] = purchases["amount"][owner]
    attempts["cause"] = np.where(attempts["role"] == 0, outage_fail[owner] & ~anyway[owner], False)
    return attempts


def _refunds(
    rng: np.random.Generator, attempts: dict[str, np.ndarray], data_end: int
) -> dict[str, np.ndarray]:
    """Which failed attempts took the money, and what the wallet gave back by ``data_end``."""
    n = len(attempts["seconds"])
    deducted = attempts["failed"] & (rng.random(n) < _DEDUCTED)
    back_at = attempts["seconds"] + rng.integers(2 * _H, 4 * _DAY, n)
    refunded = deducted & (rng.random(n) < _SELF_REFUND) & (back_at < data_end)
    part = np.round(attempts["amount"] * rng.uniform(0.3, 0.9, n), 2)
    amount = np.where(rng.random(n) < _PARTIAL, part, attempts["amount"])
    return {
        "funds_deducted": deducted,
        "refunded_amount": np.where(refunded, amount, 0.0),
        "refunded_s": np.where(refunded, back_at, -1),
    }


# --- the shop ------------------------------------------------------------------------------


def make_wallet_shop(seed: int = 0, *, attempts_per_hour: float | None = None) -> WalletShop:
    """A small shop's wallet payment attempts over six weeks, with a 5-hour outage.

    The shop's size (6-16 purchases an open hour unless given), its customers, its
    normal failure rate (1-2.5 %) and the outage's day (in the last three weeks, at
    least five days before the end) and hour (starting 09:00-15:00 local) all come
    from ``seed``. See the module's description for what the customers do.

    Parameters
    ----------
    seed
        Seed of ``numpy.random.default_rng``; the same seed gives the identical shop.
    attempts_per_hour
        Average purchases an open hour (07:00-21:00, Asia/Shanghai).

    Returns
    -------
    WalletShop
        ``transactions`` (columns :data:`SHOP_COLUMNS`, channel ``wechat_pay``, CNY,
        sorted by time), ``outages`` (the one outage, canonical) and ``truth``.

    Raises
    ------
    ConfigError
        ``attempts_per_hour`` is not above 0.

    Examples
    --------
    >>> shop = make_wallet_shop(seed=1)
    >>> str(shop.truth.end - shop.truth.start), shop.transactions["status"].unique().tolist()
    ('0 days 05:00:00', ['completed', 'failed'])
    >>> shop.truth.failed_amount == round(shop.truth.recovered_amount + shop.truth.unpaid_amount, 2)
    True
    """
    rng = np.random.default_rng(seed)
    per_hour = float(rng.uniform(6, 16)) if attempts_per_hour is None else attempts_per_hour
    if not per_hour > 0:
        msg = f"attempts_per_hour={attempts_per_hour} must be above 0, e.g. 10"
        raise ConfigError(msg)
    normal_rate = float(rng.uniform(0.01, 0.025))
    days = pd.date_range(pd.Timestamp(_START, tz=TZ), periods=_WEEKS * 7, freq="D")
    purchases = _purchases(rng, per_hour, days)
    day = int(rng.integers(_WEEKS * 7 - 21, _WEEKS * 7 - 5))
    day0 = days.as_unit("s").asi8
    start = int(day0[day]) + int(rng.integers(9, 16)) * _H
    outage = (start, start + _OUTAGE_HOURS * _H)
    closing = day0[0] + (purchases["seconds"] - day0[0]) // _DAY * _DAY + _CLOSE * _H
    attempts = _attempts(rng, purchases, outage, normal_rate, closing)
    attempts.update(_refunds(rng, attempts, int(day0[-1]) + _DAY))
    attempts["status"] = np.where(attempts["failed"], "failed", "completed")
    attempts["channel"] = np.full(len(attempts["seconds"]), "wechat_pay")
    final = with_order_ids(attempts, {"wechat_pay": "WXP"})
    refunded_at = pd.Series(utc(np.maximum(final["refunded_s"], 0)))
    refunded_at = refunded_at.where(final["refunded_s"] >= 0)
    transactions = records_frame(SHOP_COLUMNS, {**final, "refunded_at": refunded_at})
    truth = _truth(final, outage)
    outages = outage_frame(truth.start, truth.end, service=WALLET_SERVICE, severity="partial")
    return WalletShop(transactions, outages, truth, per_hour)


def _truth(records: dict[str, np.ndarray], outage: tuple[int, int]) -> ShopTruth:
    """The truth of the outage from the attempts and the purchase each belongs to."""
    start, end = outage
    seconds, failed, owner = records["seconds"], records["failed"], records["purchase"]
    inside = (seconds >= start) & (seconds < end)
    first = records["role"] == 0
    hit = np.unique(owner[failed & inside])  # purchases with a failed attempt in the outage
    amount_of = pd.Series(records["amount"], index=owner).groupby(level=0).first()
    paid = np.unique(owner[~failed])
    unpaid_purchases = np.setdiff1d(hit, paid)
    failed_in = failed & inside & np.isin(owner, unpaid_purchases)
    last = pd.Series(np.flatnonzero(failed_in)).groupby(owner[failed_in]).last()
    unpaid_ids = tuple(sorted(records["order_id"][last.to_numpy()].tolist()))
    # the outage caused every failure but of a purchase whose first attempt in it failed
    # anyway (one begun just before it and tried again inside failed because of it)
    anyway = np.unique(owner[first & failed & inside & ~records["cause"].astype(bool)])
    caused = np.setdiff1d(hit, anyway)
    money = records["amount"] - records["refunded_amount"]
    deducted = records["funds_deducted"]
    due = deducted & (money > 0.005)
    unpaid_amount = round(float(amount_of[unpaid_purchases].sum()), 2)
    failed_amount = round(float(amount_of[hit].sum()), 2)
    double = failed & inside & (records["role"] == 1)
    return ShopTruth(
        start=utc([start])[0],
        end=utc([end])[0],
        failed_purchases=len(hit),
        failed_amount=failed_amount,
        recovered_amount=round(failed_amount - unpaid_amount, 2),
        unpaid=unpaid_ids,
        unpaid_amount=unpaid_amount,
        outage_loss=round(float(amount_of[np.intersect1d(unpaid_purchases, caused)].sum()), 2),
        refund_due=tuple(sorted(records["order_id"][due].tolist())),
        refund_due_amount=round(float(money[due].sum()), 2),
        refunded=tuple(sorted(records["order_id"][deducted & ~due].tolist())),
        double_taps=int(double.sum()),
    )


# --- the validation study -------------------------------------------------------------------


def _shop_seed(seed: int, shop: int) -> int:
    return int(np.random.SeedSequence([seed, shop]).generate_state(1)[0])


def _hits(name: str, listed: object, true: Sequence[str]) -> dict[str, int]:
    """Listed, true and both, of two lists of order ids."""
    found = {record.order_id for record in listed}  # type: ignore[attr-defined]
    both = len(found & set(true))
    return {f"{name}_listed": len(found), f"{name}_true": len(true), f"{name}_hits": both}


def _study_row(shop: WalletShop, retry_window: object, confidence: float) -> dict[str, object]:
    """One shop analysed against its truth."""
    from claimstats.estimate.payments import analyze_payments
    from claimstats.incidents import incidents

    truth = shop.truth
    result = analyze_payments(shop.transactions, incidents(shop.outages), retry_window, confidence)
    loss = result.unrecovered_amount
    return {
        "retry_window_hours": result.retry_window.total_seconds() / 3600,
        **_hits("unpaid", result.unpaid, truth.unpaid),
        **_hits("refund_due", result.refund_due, truth.refund_due),
        **_hits("refunded", result.refunded, truth.refunded),
        "refund_due_amount": result.refund_due_amount,
        "refund_due_amount_truth": truth.refund_due_amount,
        "recovered": result.recovered_amount,
        "recovered_truth": truth.recovered_amount,
        "recovered_error": relative_error(result.recovered_amount, truth.recovered_amount),
        "loss": loss,
        "loss_low": result.unrecovered_amount_low,
        "loss_high": result.unrecovered_amount_high,
        "loss_truth": truth.outage_loss,
        "loss_error": relative_error(loss, truth.outage_loss),
        "covered": bool(
            result.unrecovered_amount_low <= truth.outage_loss <= result.unrecovered_amount_high
        ),
        "adds_up": bool(
            result.failed_amount_in_window
            == round(result.recovered_amount + result.unpaid_amount, 2)
            and result.failures_in_window == result.recovered_attempts + result.unrecovered_attempts
            and result.failures_in_window == truth.failed_purchases
            and abs(result.failed_amount_in_window - truth.failed_amount) < 0.005
        ),
    }


def wallet_study(
    shops: int = 8,
    seed: int = 0,
    *,
    retry_windows: Sequence[object] = ("auto",),
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Analyse many generated shops (:func:`make_wallet_shop`) against their truth.

    Parameters
    ----------
    shops
        How many shops; shop ``i`` is made from ``numpy.random.SeedSequence([seed, i])``.
    seed
        Seed of the study; the same seed gives the identical table (but ``seconds``).
    retry_windows
        The ``retry_window`` settings to analyse each shop with: ``"auto"`` and
        durations such as ``"24h"`` (the old default), to compare.
    confidence
        Level of the loss interval.

    Returns
    -------
    pandas.DataFrame
        One row per shop and setting: ``shop``, ``retry_window``, the shop's size
        (``attempts_per_hour``, ``failed_purchases``, ``double_taps``), the window used
        (``retry_window_hours``), the unpaid, refund-due and refunded lists (``*_listed``,
        ``*_true``, ``*_hits``), ``recovered`` against ``recovered_truth``
        (``recovered_error``, relative), the loss with its interval against the
        outage-caused truth (``loss_error``, ``covered``), whether the figures add up
        (``adds_up``: failed = recovered + unpaid, as the truth counts them),
        ``seconds`` and ``failure`` (the error of an analysis that failed, else ``""``).

    Raises
    ------
    ConfigError
        ``shops`` is below 1.

    Examples
    --------
    >>> results = wallet_study(shops=2)
    >>> results[["shop", "unpaid_true", "unpaid_hits", "covered", "adds_up"]].to_numpy().tolist()
    [[0, 7, 7, True, True], [1, 21, 21, True, True]]
    """
    if shops < 1:
        msg = f"shops={shops} must be 1 or more, e.g. 8"
        raise ConfigError(msg)
    rows = []
    for number in range(shops):
        shop = make_wallet_shop(_shop_seed(seed, number))
        about = {
            "shop": number,
            "attempts_per_hour": shop.attempts_per_hour,
            "failed_purchases": shop.truth.failed_purchases,
            "double_taps": shop.truth.double_taps,
        }
        for setting in retry_windows:
            row = {**about, "retry_window": str(setting), "failure": ""}
            rows.append(timed_row(row, _study_row, shop, setting, confidence))
    return pd.DataFrame(rows)


def summarize_wallet_study(results: pd.DataFrame) -> pd.DataFrame:
    """How right the lists and amounts of :func:`wallet_study` are, per retry window setting.

    Precision and recall pool the lists of every shop (hits / listed, hits / true); the
    errors are medians over the shops. A coverage on ``n`` shops has a sampling error of
    about ``sqrt(0.95 * 0.05 / n)``: 0.015 on 200 shops.

    Parameters
    ----------
    results
        The table of :func:`wallet_study` (rows with a ``failure`` are counted in
        ``failures`` and left out of every rate).

    Returns
    -------
    pandas.DataFrame
        Per ``retry_window``: ``shops``, ``failures``, ``unpaid_precision`` and
        ``unpaid_recall`` (goal at least 0.90), ``unpaid_recall_low`` (the 10th
        percentile over the shops), ``refund_due_precision`` and ``refund_due_recall``
        (goal at least 0.95), ``refunded_recall``, ``recovered_error`` (median of
        ``|estimate - truth| / truth``; goal at most 0.03), ``recovered_bias`` (median
        relative error), ``loss_error`` (median ``|loss - truth| / truth``),
        ``coverage`` (share of shops whose loss interval holds the outage-caused truth;
        goal near the interval's level), ``adds_up`` (share of shops whose figures add
        up; goal 1), ``window_hours`` (median retry window) and the flag ``goals_met``.

    Examples
    --------
    >>> s = summarize_wallet_study(wallet_study(shops=2))
    >>> s[["shops", "unpaid_precision", "unpaid_recall", "refund_due_recall"]].round(2).to_dict("records")
    [{'shops': 2, 'unpaid_precision': 0.97, 'unpaid_recall': 1.0, 'refund_due_recall': 1.0}]
    """
    rows = []
    for setting, group in results.groupby("retry_window", sort=False):
        ok = group.loc[group["failure"].fillna("") == ""]

        def ratio(hits: str, of: str, frame: pd.DataFrame = ok) -> float:
            total = frame[of].sum()
            return float(frame[hits].sum() / total) if total else np.nan

        recall = ok["unpaid_hits"] / ok["unpaid_true"].where(ok["unpaid_true"] > 0)
        rows.append(
            {
                "retry_window": setting,
                "shops": len(ok),
                "failures": len(group) - len(ok),
                "unpaid_precision": ratio("unpaid_hits", "unpaid_listed"),
                "unpaid_recall": ratio("unpaid_hits", "unpaid_true"),
                "unpaid_recall_low": float(recall.quantile(0.1)) if len(ok) else np.nan,
                "refund_due_precision": ratio("refund_due_hits", "refund_due_listed"),
                "refund_due_recall": ratio("refund_due_hits", "refund_due_true"),
                "refunded_recall": ratio("refunded_hits", "refunded_true"),
                "recovered_error": float(ok["recovered_error"].abs().median()),
                "recovered_bias": float(ok["recovered_error"].median()),
                "loss_error": float(ok["loss_error"].abs().median()),
                "coverage": float(ok["covered"].astype(float).mean()),
                "adds_up": float(ok["adds_up"].astype(float).mean()),
                "window_hours": float(ok["retry_window_hours"].median()),
            }
        )
    summary = pd.DataFrame(rows)
    summary["goals_met"] = (
        (summary["unpaid_precision"] >= 0.9)
        & (summary["unpaid_recall"] >= 0.9)
        & (summary["refund_due_precision"] >= 0.95)
        & (summary["refund_due_recall"] >= 0.95)
        & (summary["recovered_error"] <= 0.03)
        & (summary["adds_up"] == 1)
    )
    return summary
