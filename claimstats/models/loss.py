"""What the estimators find: the loss and its interval, the effect on a series, what a
wallet failure did to payments; and the settings of the loss estimator."""

from __future__ import annotations

from datetime import datetime, timedelta
from numbers import Real
from typing import Literal, get_args

import pandas as pd
from pydantic import Field, ValidationInfo, computed_field, field_validator

from claimstats._time import bucket_size, duration
from claimstats.errors import ConfigError
from claimstats.models.base import DerivedRecord, Note, Record, Window, whole_number
from claimstats.units import Money, Orders, Share

__all__ = [
    "METHODS",
    "SENSITIVITY_CHOICES",
    "Effect",
    "EffectPoint",
    "EstimatorSettings",
    "ExpenseItem",
    "LossBucket",
    "LossEstimate",
    "PaymentAnalysis",
    "PaymentRecord",
    "SensitivityRow",
    "SensitivitySpread",
]


#: the methods :func:`claimstats.estimate_loss` can predict with, besides ``"auto"``
METHODS = ("seasonal", "control", "regression")
#: what a sensitivity row may change, in the order the table shows them
SensitivityChoice = Literal["method", "baseline_weeks", "recovery", "freq", "margin"]
SENSITIVITY_CHOICES: tuple[str, ...] = get_args(SensitivityChoice)


class EstimatorSettings(Record):
    """How :func:`claimstats.estimate_loss` predicts the orders and calibrates the interval.

    Every field has the default a claim usually needs; bad values raise
    :class:`claimstats.errors.ConfigError` saying what to pass. Durations take a
    ``timedelta`` or text such as ``'24h'``.

    Examples
    --------
    >>> settings = EstimatorSettings(method="seasonal", recovery="12h")
    >>> settings.recovery, settings.confidence, settings.freq
    (datetime.timedelta(seconds=43200), 0.95, '1h')
    >>> EstimatorSettings().recovery
    'auto'
    >>> EstimatorSettings(confidence=95)
    Traceback (most recent call last):
    ...
    claimstats.errors.ConfigError: confidence=95 must lie between 0 and 1, e.g. 0.95
    """

    method: str = Field(
        default="auto",
        description="'seasonal', 'control', 'regression', or 'auto': the one with the "
        "smallest error on the placebo windows",
    )
    freq: str = Field(default="1h", description="bucket size that divides a day: '1h', '15min'")
    recovery: timedelta | Literal["auto"] = Field(
        default="auto",
        description="catch-up window after each incident ends: 'auto' measures it from the "
        "orders (1 h to 24 h: as long as the channel stays above its expectation), a "
        "duration fixes it, 0 deducts no catch-up",
    )
    confidence: float = Field(default=0.95, description="level of the intervals")
    seed: int = Field(default=0, description="seed of the draw of placebo windows")
    baseline_weeks: int = Field(default=6, description="previous weeks the baseline looks at")
    max_placebos: int = Field(default=500, description="most placebo windows calibrated on")
    sensitivity: bool = Field(
        default=True,
        description="also re-estimate the loss under each alternative choice, changed alone, "
        "for the sensitivity table of claimstats.analyze_claim (a quarter of a second on "
        "the sample claim); "
        "estimate_loss makes one estimate either way",
    )

    @field_validator("method", mode="before")
    @classmethod
    def _method(cls, value: object) -> str:
        if value != "auto" and value not in METHODS:
            msg = f"method={value!r} is not known; use 'auto' or one of {', '.join(METHODS)}"
            raise ConfigError(msg)
        return str(value)

    @field_validator("freq", mode="before")
    @classmethod
    def _freq(cls, value: object) -> str:
        bucket_size(value)  # type: ignore[arg-type]
        return str(value)

    @field_validator("recovery", mode="before")
    @classmethod
    def _recovery(cls, value: object) -> timedelta | str:
        if value == "auto":
            return "auto"
        try:
            return duration(value, "recovery").to_pytimedelta()
        except ConfigError as exc:
            msg = f"{exc}; or 'auto' to measure it from the orders"
            raise ConfigError(msg) from None

    @field_validator("confidence", mode="before")
    @classmethod
    def _confidence(cls, value: object) -> float:
        number = isinstance(value, Real) and not isinstance(value, bool)
        if not number or not 0 < value < 1:  # type: ignore[operator]
            msg = f"confidence={value!r} must lie between 0 and 1, e.g. 0.95"
            raise ConfigError(msg)
        return float(value)  # type: ignore[arg-type]

    @field_validator("seed", "baseline_weeks", "max_placebos", mode="before")
    @classmethod
    def _whole(cls, value: object, info: ValidationInfo) -> int:
        smallest = {"seed": 0, "baseline_weeks": 1, "max_placebos": 2}[str(info.field_name)]
        return whole_number(value, str(info.field_name), smallest)


class ExpenseItem(Record):
    """A cost the claimant documents: an extra expense (claimed) or an indirect loss (recorded
    but not claimed)."""

    amount: Money = Field(ge=0, description="in the claim's currency")
    description: str
    evidence: str = Field(default="", description="where it is documented: file, receipt, link")
    claimed: bool = Field(
        default=True, description="False for indirect losses: listed, never added to the claim"
    )


class LossBucket(Record):
    """One time bucket of the affected channel, as shown in the loss chart."""

    bucket: datetime
    expected: Orders = Field(description="counterfactual orders in the whole bucket")
    actual: Orders = Field(description="orders that happened in the whole bucket")
    low: Orders = Field(description="lower bound of normal variation around expected")
    high: Orders = Field(description="upper bound of normal variation around expected")
    outage_fraction: Share = Field(description="share of the bucket inside an outage window")
    recovery_fraction: Share = Field(
        description="share of the bucket inside a recovery window kept for the catch-up"
    )
    lost: Orders = Field(
        description="what the bucket adds to the gross shortfall: expected minus actual "
        "orders in its outage part (0 outside the outages)"
    )
    recovered: Orders = Field(
        description="what the bucket adds to the catch-up: its surplus over expectation in "
        "the kept recovery windows times the share kept (0 elsewhere)"
    )
    expected_revenue: Money
    actual_revenue: Money
    lost_revenue: Money = Field(description="as lost, in money")
    recovered_revenue: Money = Field(description="as recovered, in money")
    net_lost_so_far: Orders = Field(
        description="lost less recovered, added up from the first bucket shown to this one: "
        "the last bucket's equals net_lost_orders"
    )
    net_lost_revenue_so_far: Money = Field(
        description="as net_lost_so_far, in money: the last bucket's equals net_lost_revenue"
    )
    control: Orders | None = Field(default=None, description="orders of the control channel")


class LossEstimate(DerivedRecord):
    """The direct loss from the interruptions, with its interval and its evidence.

    ``lost_*`` is the gross shortfall inside the outage windows; ``recovered_*`` the
    catch-up surplus in the recovery windows after service returned; ``net_lost_*`` the
    difference, which is what is claimed. ``*_low``/``*_high`` bound each at ``confidence``.
    """

    channel: str | None
    control: str | None
    method: str
    backtest_errors: dict[str, Share] = Field(
        default_factory=dict,
        description=(
            "with method 'auto', each method's error on the placebo windows (total absolute "
            "error of the window sums / total orders); the smallest was used. Empty when the "
            "method was set"
        ),
    )
    currency: str
    freq: str
    confidence: Share
    seed: int
    windows: list[Window]
    recovery: timedelta = Field(
        description="the longest recovery window after each outage: the longest tried when "
        "it was measured, else the one set"
    )
    recovery_estimated: bool = Field(
        default=False,
        description="True when each recovery window was measured from the orders (how long "
        "the channel stayed above its expectation), False when it was set",
    )
    recovery_windows: list[Window] = Field(
        description="the recovery windows kept: after each outage whose orders rose above "
        "expectation, from its end to where the surplus peaked (or the window set)"
    )
    recovery_surplus: Orders = Field(
        default=0.0, description="orders above expectation in the kept recovery windows"
    )
    recovery_kept_share: Share = Field(
        default=0.0,
        description="share of recovery_surplus counted as catch-up: what normal-day noise "
        "cannot explain (1 - the placebos' mean squared surplus / the surplus squared, at "
        "least 0)",
    )
    baseline_start: datetime
    baseline_end: datetime
    baseline_weeks: int = Field(
        description="whole weeks before the first outage the baseline used (from "
        "baseline_start to baseline_end): those asked for, fewer when the orders begin later"
    )
    placebo_windows: int = Field(description="normal-history windows used for calibration")
    average_order_value: Money
    expected_orders: Orders
    actual_orders: Orders
    lost_orders: Orders
    lost_orders_low: Orders
    lost_orders_high: Orders
    recovered_orders: Orders
    recovered_orders_low: Orders = Field(description="catch-up orders, lower bound (0 or more)")
    recovered_orders_high: Orders
    net_lost_orders: Orders
    net_lost_orders_low: Orders
    net_lost_orders_high: Orders
    expected_revenue: Money
    actual_revenue: Money
    lost_revenue: Money
    lost_revenue_low: Money
    lost_revenue_high: Money
    recovered_revenue: Money
    recovered_revenue_low: Money
    recovered_revenue_high: Money
    net_lost_revenue: Money
    net_lost_revenue_low: Money
    net_lost_revenue_high: Money
    margin: Share | None
    lost_profit: Money | None
    lost_profit_low: Money | None
    lost_profit_high: Money | None
    p_value: Share = Field(
        description="chance of a net loss (in money) at least this large on a normal day: "
        "the share of placebo windows whose net loss is as large, found by the same steps"
    )
    expenses: list[ExpenseItem] = Field(
        default_factory=list,
        description="documented extra expenses (claimed) and indirect losses (not claimed)",
    )
    claimed_expenses: Money = Field(default=0.0, description="sum of the claimed expenses")
    claim_amount: Money = Field(
        default=0.0,
        description="what is claimed: lost profit (or net lost revenue without a margin) "
        "plus the claimed expenses",
    )
    claim_amount_low: Money = 0.0
    claim_amount_high: Money = 0.0
    control_expected_orders: Orders | None = Field(
        default=None, description="control channel: expected orders in the outage windows"
    )
    control_actual_orders: Orders | None = Field(
        default=None, description="control channel: actual orders in the outage windows"
    )
    placebo_losses: list[Money] = Field(
        default_factory=list,
        repr=False,
        description="net lost revenue each placebo window shows (its shortfall less its "
        "catch-up), at the claim's expected volume: the normal variation the net loss is "
        "ranked in",
    )
    notes: list[Note] = Field(default_factory=list)
    buckets: list[LossBucket] = Field(default_factory=list, repr=False)

    @property
    def significant(self) -> bool:
        """True when a net loss this large is unlikely on normal days at ``confidence``."""
        return self.p_value < 1 - self.confidence

    @property
    def loss_low(self) -> float:
        """Lower bound of the loss claimed, expenses aside: lost profit with a margin, else
        net lost revenue."""
        return self.net_lost_revenue_low if self.lost_profit_low is None else self.lost_profit_low

    @computed_field(
        description="whether the loss is established at the confidence used: a net loss "
        "this large is not chance variation, and its intervals (of the loss claimed: lost "
        "profit with a margin, else net lost revenue; and of the net lost orders) lie above "
        "zero"
    )
    @property
    def established(self) -> bool:
        """True when the loss holds at ``confidence``: :attr:`significant`, and the lower
        bounds of the loss claimed (:attr:`loss_low`) and of the net lost orders above zero."""
        return self.significant and self.loss_low > 0 and self.net_lost_orders_low > 0

    def bucket_table(self) -> pd.DataFrame:
        """The per-bucket table as a DataFrame with a UTC ``bucket`` column."""
        frame = pd.DataFrame([b.model_dump() for b in self.buckets])
        if not frame.empty:
            frame["bucket"] = pd.to_datetime(frame["bucket"], utc=True).dt.as_unit("us")
        return frame


class SensitivityRow(Record):
    """The amount claimed under one alternative choice of the estimate, the others as made.

    ``choice`` names what was changed (``method``, ``baseline_weeks``, ``recovery``,
    ``freq``, ``margin``) and ``value`` what it was set to (``'seasonal'``, ``'4'``,
    ``'none'``, ``'auto'``, ``'48h'``, ``'15min'``, ``'0.3'``...); ``base`` marks the choice
    the claim was estimated with. A choice that cannot run has no amounts and says why in
    ``reason`` (``no_control``: no control channel; ``short_history``: the orders begin too
    late for the weeks asked; ``failed``: the estimate refused the data).
    """

    choice: SensitivityChoice
    value: str
    base: bool = Field(default=False, description="the choice the claim was estimated with")
    claim_amount: Money | None = Field(
        default=None,
        description="what is claimed under this choice: lost profit (or net lost revenue "
        "without a margin) plus the claimed expenses; None when the choice cannot run",
    )
    claim_amount_low: Money | None = None
    claim_amount_high: Money | None = None
    established: bool | None = Field(
        default=None, description="whether the loss is established under this choice"
    )
    reason: str | None = Field(
        default=None, description="why the choice cannot run: no_control, short_history, failed"
    )
    detail: str = Field(default="", description="the estimate's own words when it failed")


class SensitivitySpread(Record):
    """The range the amounts claimed of a sensitivity table span, and the choice that moves
    them most: the smallest and largest amount among the rows that ran, and the choice
    whose own values (the claim's own among them) span the widest range, with its smallest
    and largest amount.
    """

    low: Money = Field(description="the smallest amount claimed among the rows that ran")
    high: Money = Field(description="the largest amount claimed among the rows that ran")
    choice: SensitivityChoice = Field(
        description="the choice whose values move the amount claimed most"
    )
    choice_low: Money = Field(description="the smallest amount claimed under that choice")
    choice_high: Money = Field(description="the largest amount claimed under that choice")


class EffectPoint(Record):
    """One point of a counterfactual series: what happened and what was predicted."""

    at: datetime | int = Field(description="the point's time (UTC if zoned), or its integer label")
    actual: float
    predicted: float
    predicted_low: float
    predicted_high: float
    post: bool = Field(description="True in the post (effect) period")


class Effect(Record):
    """The effect of an event on a series, as :func:`claimstats.counterfactual` finds it.

    Like CausalImpact's summary: sums over the post period (``actual``, ``predicted``,
    ``effect`` = actual - predicted) with intervals at ``confidence``, the same as
    averages per point, the relative effect (``effect / predicted``), and a two-sided
    p-value: the chance of an effect at least this far from zero, either way, on normal data.
    """

    method: str
    method_reason: str
    confidence: Share
    seed: int
    pre_start: datetime | int
    pre_end: datetime | int
    post_start: datetime | int
    post_end: datetime | int
    pre_points: int
    post_points: int
    placebo_windows: int = Field(description="windows of normal data used for calibration")
    actual: float
    predicted: float
    predicted_low: float
    predicted_high: float
    effect: float
    effect_low: float
    effect_high: float
    average_actual: float
    average_predicted: float
    average_predicted_low: float
    average_predicted_high: float
    average_effect: float
    average_effect_low: float
    average_effect_high: float
    relative_effect: Share | None = Field(description="None when predicted is 0")
    relative_effect_low: Share | None = Field(
        description="None when the prediction interval reaches 0"
    )
    relative_effect_high: Share | None = None
    p_value: Share
    notes: list[Note] = Field(default_factory=list)
    points: list[EffectPoint] = Field(default_factory=list, repr=False)

    @property
    def significant(self) -> bool:
        """True when an effect this large is unlikely on normal data at ``confidence``."""
        return self.p_value < 1 - self.confidence


class PaymentRecord(Record):
    """One payment attempt named in a payment analysis (for a refund claim, say).

    ``amount`` is the attempt's amount; in the list of refunds due it is what is still
    due: the amount less what the wallet gave back already (``refunded_amount``).
    """

    order_id: str
    timestamp: datetime
    amount: Money
    customer: str | None = None
    refunded_amount: Money | None = Field(
        default=None, description="refund lists: what the wallet gave back, when known"
    )
    refunded_at: datetime | None = Field(
        default=None, description="refund lists: when the wallet gave it back, when known"
    )


class PaymentAnalysis(Record):
    """What a wallet failure did to payment attempts: failures, retries, money not received.

    The direct loss is ``unrecovered_amount``: the failed amount in the windows never paid
    by a later success of the same customer and amount within ``retry_window`` (chance
    matches added back), times ``excess_failures / failures_in_window``. A purchase tapped
    twice (failing at once again) counts once in every count and amount but
    ``failed_attempts_in_window`` and ``repeated_*``; the figures add up:
    ``failed_amount_in_window = recovered_amount + unpaid_amount`` and
    ``failures_in_window = recovered_attempts + unrecovered_attempts``.
    """

    currency: str
    windows: list[Window]
    retry_window: timedelta = Field(
        description="how long after a failure a payment of the same customer and amount "
        "counts as its retry"
    )
    retry_window_measured: bool = Field(
        default=False,
        description="True when the retry window was measured from the data (retry_window "
        "'auto'), False when it was given",
    )
    confidence: Share
    attempts_in_window: int = Field(
        description="payment attempts in the windows, a double tap once"
    )
    failures_in_window: int = Field(
        description="failed purchases in the windows: failed attempts, a double tap once"
    )
    failed_attempts_in_window: int = Field(
        default=0, description="failed attempts in the windows, each tap of a double tap counted"
    )
    failure_rate_in_window: Share
    attempts_outside: int
    failures_outside: int
    failure_rate_outside: Share
    expected_failures_in_window: Orders
    excess_failures: Orders
    excess_failures_low: Orders
    excess_failures_high: Orders
    p_value: Share = Field(description="chance of this many failures at the normal rate")
    failed_amount_in_window: Money = Field(
        description="amount of the failed purchases in the windows (a double tap once): "
        "recovered_amount + unpaid_amount"
    )
    recovered_attempts: int = Field(description="failed purchases paid later by a retry")
    recovered_amount: Money
    unrecovered_attempts: int = Field(description="failed purchases never paid: len(unpaid)")
    unpaid_amount: Money = Field(
        default=0.0, description="failed in the windows and never paid: the listed transactions"
    )
    repeated_attempts: int = Field(
        default=0,
        description="failed attempts tapped again at once that failed again: the earlier taps "
        "of double taps, left out of the counts and amounts of purchases",
    )
    repeated_amount: Money = 0.0
    chance_matched_amount: Money = Field(
        default=0.0,
        description="recovered money expected to be regulars' chance purchases; added back",
    )
    unpaid: list[PaymentRecord] = Field(
        default_factory=list, description="the failed purchases never paid: evidence"
    )
    unrecovered_amount: Money = Field(description="the direct loss: failed, never paid later")
    unrecovered_amount_low: Money
    unrecovered_amount_high: Money
    funds_deducted_known: bool = Field(
        default=True,
        description="False when the transactions do not say whether a failed attempt took "
        "the money (no funds_deducted column): no refund can then be asked for",
    )
    refund_due: list[PaymentRecord] = Field(
        default_factory=list,
        description="failed attempts whose money was taken and not given back: refund due; "
        "each amount is what is still due",
    )
    refund_due_amount: Money = 0.0
    refunded: list[PaymentRecord] = Field(
        default_factory=list,
        description="failed attempts whose money was taken and has been given back in full",
    )
    already_refunded_amount: Money = Field(
        default=0.0,
        description="what the wallet gave back of the money failed attempts took (refunded "
        "in full and in part)",
    )
    notes: list[Note] = Field(default_factory=list)
