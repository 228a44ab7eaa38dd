"""Tests of claimstats.estimate.loss (estimate_loss): the sample claim, bad input, and a
hand-made series with known truth. The hard cases on synthetic series, run with every
method, are in tests/test_loss_cases.py; the ``claim`` and ``sample_incidents`` fixtures
are in tests/conftest.py."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from claimstats.errors import ConfigError, DataError
from claimstats.estimate import estimate_loss
from claimstats.estimate.calibration import min_placebos
from claimstats.incidents import incidents
from claimstats.models import ExpenseItem
from claimstats.schema import ORDER_COLUMNS, OUTAGE_COLUMNS, empty_outages


def utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC").as_unit("us")


# --- estimate_loss on the sample claim ---------------------------------------------


@pytest.fixture(scope="module")
def sample_estimate(claim, sample_incidents):
    return estimate_loss(
        claim.orders, sample_incidents, channel="whatsapp", control="website", margin=0.35
    )


def test_sample_true_gross_lost_orders_lie_in_the_interval(claim, sample_estimate):
    est = sample_estimate
    assert est.lost_orders_low <= claim.truth.gross_lost_orders <= est.lost_orders_high


def test_sample_true_net_lost_revenue_lies_in_the_interval(claim, sample_estimate):
    est = sample_estimate
    assert est.net_lost_revenue_low <= claim.truth.net_lost_revenue <= est.net_lost_revenue_high
    assert est.lost_revenue_low <= claim.truth.gross_lost_revenue <= est.lost_revenue_high


def test_sample_point_estimate_is_within_ten_percent_of_the_expected_loss(claim, sample_estimate):
    expected = claim.truth.expected_lost_orders  # noise-free, from the simulated intensity
    assert sample_estimate.lost_orders == pytest.approx(expected, rel=0.10)
    assert sample_estimate.lost_revenue == pytest.approx(
        claim.truth.expected_lost_revenue, rel=0.10
    )


def test_sample_shortfall_is_significant(sample_estimate):
    est = sample_estimate
    assert est.p_value < 0.05
    # every order in the windows was lost: no placebo comes close, the p-value is 1/(n+1)
    assert est.p_value == pytest.approx(1 / (est.placebo_windows + 1))
    assert est.significant is True


def test_sample_estimate_is_identical_for_the_same_seed(claim, sample_incidents, sample_estimate):
    again = estimate_loss(
        claim.orders, sample_incidents, channel="whatsapp", control="website", margin=0.35
    )
    assert again == sample_estimate


def test_lost_profit_is_net_lost_revenue_times_margin(sample_estimate):
    est = sample_estimate
    assert est.margin == 0.35
    assert est.lost_profit == est.net_lost_revenue * 0.35
    assert est.lost_profit_low == est.net_lost_revenue_low * 0.35
    assert est.lost_profit_high == est.net_lost_revenue_high * 0.35


def test_no_margin_gives_no_profit(claim, sample_incidents):
    est = estimate_loss(claim.orders, sample_incidents, channel="whatsapp")
    assert est.margin is None
    assert est.lost_profit is None
    assert est.lost_profit_low is None
    assert est.lost_profit_high is None


def test_sample_is_calibrated_on_enough_placebo_windows(sample_estimate):
    assert sample_estimate.placebo_windows >= min_placebos(0.95)
    assert not [note for note in sample_estimate.notes if note.code == "few_placebos"]


def test_control_channel_runs_near_normal_during_the_outage(sample_estimate):
    est = sample_estimate
    assert est.control == "website"
    ratio = est.control_actual_orders / est.control_expected_orders
    assert 0.8 <= ratio <= 1.5


def test_sample_catch_up_is_recovered_and_netted(sample_estimate):
    est = sample_estimate
    assert est.recovered_orders > 0
    assert est.recovered_revenue > 0
    assert est.net_lost_orders == pytest.approx(est.lost_orders - est.recovered_orders)
    assert est.net_lost_revenue == pytest.approx(est.lost_revenue - est.recovered_revenue)


def test_sample_catch_up_has_an_interval_that_covers_the_true_catch_up(claim, sample_estimate):
    est = sample_estimate
    assert 0 <= est.recovered_orders_low <= est.recovered_orders <= est.recovered_orders_high
    assert est.recovered_orders_low <= claim.truth.recovered_orders <= est.recovered_orders_high
    assert est.recovered_revenue_low <= claim.truth.recovered_revenue <= est.recovered_revenue_high


def test_claim_amount_is_lost_profit_plus_claimed_expenses_only(claim, sample_incidents):
    est = estimate_loss(
        claim.orders,
        sample_incidents,
        channel="whatsapp",
        margin=0.4,
        expenses=[
            {"amount": 300, "description": "courier re-delivery", "evidence": "receipt-0806.pdf"},
            ExpenseItem(amount=120.5, description="phone calls to customers", evidence="bill"),
            {"amount": 5000, "description": "a regular customer lost", "claimed": False},
        ],
    )

    assert est.claimed_expenses == 420.5
    assert est.claim_amount == pytest.approx(est.lost_profit + 420.5)
    assert est.claim_amount_low == pytest.approx(est.lost_profit_low + 420.5)
    assert est.claim_amount_high == pytest.approx(est.lost_profit_high + 420.5)
    assert [e.claimed for e in est.expenses] == [True, True, False]
    assert est.expenses[0].evidence == "receipt-0806.pdf"


def test_without_margin_the_claim_is_net_lost_revenue(sample_estimate, claim, sample_incidents):
    est = estimate_loss(claim.orders, sample_incidents, channel="whatsapp")
    assert est.claim_amount == est.net_lost_revenue
    assert est.claimed_expenses == 0.0


@pytest.mark.parametrize(
    ("expenses", "message"),
    [
        ([{"amount": -3, "description": "x"}], "expense item 1: amount: Input should be greater"),
        ([{"description": "no amount"}], "expense item 1: amount: Field required"),
        ({"amount": 3, "description": "x"}, "expenses must be a list of items"),
    ],
)
def test_bad_expenses_are_config_errors(claim, sample_incidents, expenses, message):
    with pytest.raises(ConfigError, match=message):
        estimate_loss(claim.orders, sample_incidents, channel="whatsapp", expenses=expenses)


def test_sample_windows_are_the_incidents_and_the_recovery_is_measured(claim, sample_estimate):
    est = sample_estimate
    assert [(w.start, w.end) for w in est.windows] == [
        (utc("2026-08-04 01:40"), utc("2026-08-05 04:55")),
        (utc("2026-08-06 12:05"), utc("2026-08-06 12:45")),
        (utc("2026-08-08 06:20"), utc("2026-08-08 07:55")),
    ]
    # measured: a day of surplus after the long outage; none after the 40-minute one
    # (orders stayed below expectation) nor after the third (an hour's surplus of 3.8
    # orders, less than normal days show: none of it counts)
    assert est.recovery_estimated
    assert est.recovery == pd.Timedelta(hours=24)
    assert [(w.start, w.end) for w in est.recovery_windows] == [
        (utc("2026-08-05 04:55"), utc("2026-08-06 04:55")),
    ]
    assert round(est.recovery_surplus, 1) == 51.1
    assert 0.5 < est.recovery_kept_share < 1
    assert est.recovered_orders == pytest.approx(est.recovery_surplus * est.recovery_kept_share)
    # WhatsApp Web was down: no whatsapp order was placed inside the windows
    assert est.actual_orders == 0.0
    assert est.actual_revenue == 0.0
    assert est.currency == "CNY"
    assert est.method == "seasonal"


def test_a_recovery_window_set_is_kept_where_orders_rose_above_expectation(claim, sample_incidents):
    est = estimate_loss(
        claim.orders, sample_incidents, channel="whatsapp", settings={"recovery": "24h"}
    )
    assert not est.recovery_estimated
    assert est.recovery == pd.Timedelta(hours=24)
    # a day after the first outage; after the other two the orders stayed below
    assert [(w.start, w.end) for w in est.recovery_windows] == [
        (utc("2026-08-05 04:55"), utc("2026-08-06 04:55"))
    ]
    none = estimate_loss(
        claim.orders, sample_incidents, channel="whatsapp", settings={"recovery": "0h"}
    )
    assert none.recovery_windows == []
    assert none.recovered_orders == 0.0
    assert none.net_lost_orders == pytest.approx(none.lost_orders)


def test_placebo_draw_depends_on_the_seed_only_when_capped(claim, sample_incidents):
    def capped(seed: int):
        return estimate_loss(
            claim.orders,
            sample_incidents,
            channel="whatsapp",
            settings={"max_placebos": 25, "seed": seed},
        )

    assert capped(1) == capped(1)
    first, second = capped(1), capped(2)
    assert (first.lost_orders_low, first.lost_orders_high) != (
        second.lost_orders_low,
        second.lost_orders_high,
    )
    assert first.lost_orders == second.lost_orders  # the point estimate does not depend on it


def test_few_placebos_give_a_note(claim, sample_incidents):
    est = estimate_loss(
        claim.orders, sample_incidents, channel="whatsapp", settings={"max_placebos": 10}
    )
    assert est.placebo_windows < min_placebos(0.95)
    notes = [note for note in est.notes if note.code == "few_placebos"]
    assert len(notes) == 1
    assert notes[0].model_dump()["values"]["count"] == est.placebo_windows
    assert "come from a t distribution of their errors" in notes[0].text


def test_estimate_does_not_mutate_its_inputs(claim, sample_incidents):
    orders, inc = claim.orders.copy(deep=True), sample_incidents.copy(deep=True)
    estimate_loss(orders, inc, channel="whatsapp", control="website", margin=0.35)
    pd.testing.assert_frame_equal(orders, claim.orders)
    pd.testing.assert_frame_equal(inc, sample_incidents)


# --- estimate_loss: errors ---------------------------------------------------------


def test_unknown_channel_is_a_config_error_listing_the_channels(claim, sample_incidents):
    with pytest.raises(ConfigError) as caught:
        estimate_loss(claim.orders, sample_incidents, channel="telegram")
    assert str(caught.value) == (
        "channel='telegram' is not in the orders; their channels are ['website', 'whatsapp']"
    )


def test_unknown_control_is_a_config_error(claim, sample_incidents):
    with pytest.raises(ConfigError, match=r"control='phone' is not in the orders"):
        estimate_loss(claim.orders, sample_incidents, channel="whatsapp", control="phone")


def test_channel_as_its_own_control_is_a_config_error(claim, sample_incidents):
    with pytest.raises(ConfigError, match="channel and control are both 'whatsapp'"):
        estimate_loss(claim.orders, sample_incidents, channel="whatsapp", control="whatsapp")


def test_no_incidents_is_a_config_error(claim, sample_incidents):
    with pytest.raises(ConfigError, match="there are no incidents"):
        estimate_loss(claim.orders, sample_incidents.iloc[:0], channel="whatsapp")


def test_frames_whose_times_are_not_times_are_refused_saying_what_is_wrong(claim, sample_incidents):
    orders = claim.orders.assign(timestamp=claim.orders["timestamp"].dt.tz_localize(None))
    with pytest.raises(DataError, match="orders: column 'timestamp' holds naive times"):
        estimate_loss(orders, sample_incidents, channel="whatsapp")
    merged = sample_incidents.assign(start=sample_incidents["start"].astype(str))
    with pytest.raises(DataError, match="incidents: column 'start' holds text, not times"):
        estimate_loss(claim.orders, merged, channel="whatsapp")


def test_orders_ending_before_the_outage_ends_are_a_data_error(claim, sample_incidents):
    orders = claim.orders.loc[claim.orders["timestamp"] < utc("2026-08-05 00:00")]
    with pytest.raises(DataError, match="before the last outage ends at 2026-08-08 07:55:00"):
        estimate_loss(orders, sample_incidents, channel="whatsapp")


def _history(claim, days: int) -> pd.DataFrame:
    """The sample's orders from ``days`` days before its first outage (2026-08-04 01:40 UTC)."""
    return claim.orders.loc[
        claim.orders["timestamp"] >= utc("2026-08-04 01:40") - pd.Timedelta(days=days)
    ]


def test_history_shorter_than_the_baseline_needs_names_the_days_it_needs(claim, sample_incidents):
    # 2 weeks for each hour's usual orders, 7 of the 14 days before the outage for the level
    with pytest.raises(
        DataError, match=r"begin 20\.1 days before it, and the baseline needs at least 21 days"
    ):
        estimate_loss(_history(claim, 20), sample_incidents, channel="whatsapp")


def test_history_the_placebos_need_is_named_and_is_exactly_enough(claim, sample_incidents):
    # the windows and their recovery span 5.3 days: 21 + 6 + 1 days give two placebo windows
    with pytest.raises(
        DataError, match=r"only 1 normal-history window.* export at least 28 days of orders"
    ):
        estimate_loss(
            _history(claim, 27),
            sample_incidents,
            channel="whatsapp",
            settings={"method": "seasonal"},
        )
    est = estimate_loss(
        _history(claim, 28), sample_incidents, channel="whatsapp", settings={"method": "seasonal"}
    )
    assert est.placebo_windows == 2


@pytest.mark.parametrize(("days", "weeks"), [(31, 4), (35, 5), (60, 6)])
def test_baseline_weeks_and_dates_are_those_used_when_history_is_short(
    claim, sample_incidents, days, weeks
):
    est = estimate_loss(
        _history(claim, days), sample_incidents, channel="whatsapp", settings={"method": "seasonal"}
    )
    assert est.baseline_weeks == weeks  # 6 asked for
    assert est.baseline_end == utc("2026-08-04 01:00")
    assert est.baseline_start == est.baseline_end - pd.Timedelta(weeks=weeks)


def test_mixed_currencies_are_a_data_error(claim, sample_incidents):
    orders = claim.orders.copy()
    orders.loc[orders.index[:3], "currency"] = "HKD"
    with pytest.raises(DataError, match=r"2 currencies \['CNY', 'HKD'\]"):
        estimate_loss(orders, sample_incidents, channel="whatsapp")


@pytest.mark.parametrize("margin", [1.5, -0.1])
def test_margin_outside_zero_to_one_is_a_config_error(claim, sample_incidents, margin):
    with pytest.raises(ConfigError, match=f"margin={margin} must be a share between 0 and 1"):
        estimate_loss(claim.orders, sample_incidents, channel="whatsapp", margin=margin)


@pytest.mark.parametrize("confidence", [1.0, 0.0, 95])
def test_confidence_outside_zero_to_one_is_a_config_error(claim, sample_incidents, confidence):
    with pytest.raises(ConfigError, match=f"confidence={confidence} must lie between 0 and 1"):
        estimate_loss(
            claim.orders, sample_incidents, channel="whatsapp", settings={"confidence": confidence}
        )


# --- estimate_loss on a hand-made series -------------------------------------------

#: relative orders per UTC hour of the hand-made shop
DAY_SHAPE = np.array(
    [1, 1, 1, 1, 1, 1, 2, 4, 6, 8, 9, 10, 10, 9, 8, 8, 9, 10, 11, 10, 8, 6, 3, 2.0]
)
PRICES = np.array([80.0, 120.0, 200.0])
OUTAGE_START, OUTAGE_END = utc("2026-07-20 08:00"), utc("2026-07-20 18:00")


def steady_shop(seed: int, weeks: int = 8, per_day: float = 240.0):
    """Poisson orders of ``shop`` (and ``web`` at half its rate), the same every day.

    Returns the orders and the hourly intensity of ``shop``, indexed by hour.
    """
    rng = np.random.default_rng(seed)
    hours = pd.date_range(utc("2026-06-01 00:00"), periods=weeks * 7 * 24, freq="1h", unit="us")
    shop_rate = pd.Series(per_day * DAY_SHAPE[hours.hour] / DAY_SHAPE.sum(), index=hours)
    parts = []
    for channel, rate in (("shop", shop_rate), ("web", shop_rate / 2)):
        counts = rng.poisson(rate.to_numpy())
        offsets = pd.to_timedelta(rng.integers(0, 3_600_000_000, counts.sum()), unit="us")
        parts.append(
            pd.DataFrame(
                {
                    "timestamp": hours.repeat(counts) + offsets,
                    "amount": rng.choice(PRICES, counts.sum()),
                    "channel": channel,
                }
            )
        )
    orders = pd.concat(parts, ignore_index=True).sort_values("timestamp", ignore_index=True)
    orders = orders.assign(
        order_id=[f"o{i}" for i in range(len(orders))],
        currency="EUR",
        status="completed",
        customer="",
    )
    return orders.loc[:, list(ORDER_COLUMNS)].astype(ORDER_COLUMNS), shop_rate


def shop_outage(start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    row = {
        "incident_id": ["SHOP-1"],
        "service": ["Shop"],
        "start": [start],
        "end": [end],
        "severity": ["outage"],
        "description": [""],
        "source": ["test"],
    }
    frame = pd.concat([empty_outages(), pd.DataFrame(row)], ignore_index=True)
    return incidents(frame.astype(OUTAGE_COLUMNS))


def in_outage(orders: pd.DataFrame) -> pd.Series:
    stamps = orders["timestamp"]
    return (orders["channel"] == "shop") & (stamps >= OUTAGE_START) & (stamps < OUTAGE_END)


def test_hand_made_outage_truth_is_covered_and_estimate_within_15_percent():
    orders, rate = steady_shop(seed=2)
    lost = in_outage(orders)
    true_orders, true_revenue = int(lost.sum()), float(orders.loc[lost, "amount"].sum())
    expected = float(rate[OUTAGE_START : OUTAGE_END - pd.Timedelta(1, "us")].sum())
    assert expected == pytest.approx(240 * 87 / 139)  # 10 busy hours of a 240-order day

    est = estimate_loss(
        orders.loc[~lost], shop_outage(OUTAGE_START, OUTAGE_END), channel="shop", control="web"
    )
    assert est.actual_orders == 0.0
    assert est.lost_orders_low <= true_orders <= est.lost_orders_high
    assert est.lost_revenue_low <= true_revenue <= est.lost_revenue_high
    assert est.lost_orders == pytest.approx(expected, rel=0.15)
    assert est.lost_orders == pytest.approx(true_orders, rel=0.15)
    assert est.p_value < 0.05
    assert est.currency == "EUR"
    assert est.average_order_value == pytest.approx(PRICES.mean(), rel=0.02)


def test_window_over_normal_data_finds_no_loss():
    orders, _ = steady_shop(seed=2)
    est = estimate_loss(orders, shop_outage(OUTAGE_START, OUTAGE_END), channel="shop")
    assert est.actual_orders == float(in_outage(orders).sum())
    assert est.p_value > 0.3
    assert est.lost_orders_low <= 0 <= est.lost_orders_high
    assert est.net_lost_orders_low <= 0 <= est.net_lost_orders_high
    assert est.significant is False


def test_hand_made_outages_are_estimated_well_over_many_seeds():
    covered, errors = 0, []
    for seed in range(20):
        orders, rate = steady_shop(seed=seed)
        lost = in_outage(orders)
        expected = float(rate[OUTAGE_START : OUTAGE_END - pd.Timedelta(1, "us")].sum())
        est = estimate_loss(
            orders.loc[~lost], shop_outage(OUTAGE_START, OUTAGE_END), channel="shop"
        )
        covered += est.lost_orders_low <= lost.sum() <= est.lost_orders_high
        errors.append(est.lost_orders / expected - 1)
    assert max(abs(e) for e in errors) < 0.15
    assert abs(np.mean(errors)) < 0.03  # no systematic bias
    assert covered >= 17  # 95% intervals: about one miss in twenty


def test_the_loss_is_established_only_when_significant_and_the_loss_lies_above_zero(
    claim, sample_incidents
):
    est = estimate_loss(claim.orders, sample_incidents, channel="whatsapp", margin=0.4)
    assert (est.significant, est.loss_low > 0, est.established) == (True, True, True)
    assert est.loss_low == est.lost_profit_low
    # the interval of the loss claimed decides, expenses aside: a documented expense
    # does not lift a loss reaching zero above it
    reaching_zero = est.model_copy(update={"lost_profit_low": 0.0, "claim_amount_low": 300.0})
    chance = est.model_copy(update={"p_value": 0.06})
    assert not reaching_zero.established
    assert not chance.established
    data = json.loads(reaching_zero.model_dump_json())
    assert data["established"] is False
    assert type(est).model_validate(data).established is False  # drawn again when read
    no_margin = est.model_copy(update={"margin": None, "lost_profit_low": None})
    assert no_margin.loss_low == est.net_lost_revenue_low
