"""Tests of claimstats.estimate.loss (estimate_loss): hard cases on synthetic series with
known truth, each run with every method. The ``claim`` and ``sample_incidents`` fixtures
are in tests/conftest.py."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pytest

from claimstats.datasets.validation import (
    InjectedOutage,
    inject_outage,
    outage_frame,
    synthetic_orders,
)
from claimstats.estimate import estimate_loss
from claimstats.estimate.calibration import min_placebos
from claimstats.estimate.methods import METHODS
from claimstats.incidents import incidents
from claimstats.models import EstimatorSettings
from claimstats.series import bucket_orders

# --- estimate_loss: hard cases on synthetic series with known truth ------------------
# Series from claimstats.datasets.validation (a merchant in Asia/Shanghai: "whatsapp" affected,
# "website" the control); each case runs with every method. A 95% interval misses the
# truth one time in twenty, so coverage is asked on all but one of a handful of seeds.

#: every method estimate_loss knows, read at import so that a method added later is tested
ALL_METHODS = ("auto", *METHODS)
SEEDS = range(4)

#: (case, method) -> why the estimator fails the case, with the measured numbers
KNOWN_FAILURES: dict[tuple[str, str], str] = {
    ("sample", "control"): (
        "sample claim, method='control': lost 269.6 [192.1, 376.9] (truth 220, expected "
        "206), 31% above the expected loss; catch-up 25.7 [5.1, 65.6] against a true 87; "
        "net 244.0 [93.7, 459.6] holds the true 133 only through its width. "
        "The website ran at 91.5 / 68.8 = 133% of its own expectation in the windows; its "
        "true intensity there is 80.2, so its expectation is 14% low (a quiet website "
        "history), which inflates the counterfactual. auto does not choose it: its placebo "
        "error is twice the seasonal one."
    ),
}


def methods(case: str) -> list[object]:
    """Every method as a parameter, a known failure of the estimator marked strict xfail."""
    return [
        pytest.param(m, marks=pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[case, m]))
        if (case, m) in KNOWN_FAILURES
        else m
        for m in ALL_METHODS
    ]


def local(text: str) -> str:
    """A wall time of the synthetic merchant (Asia/Shanghai)."""
    return f"{text}+08:00"


@functools.cache
def synthetic(per_hour: float, seed: int, trend: float = 0.0) -> pd.DataFrame:
    return synthetic_orders(per_hour, seed=seed, trend=trend)


@functools.cache
def injected(
    per_hour: float,
    seed: int,
    window: tuple[str, str],
    loss_share: float = 1.0,
    catch_up: float = 0.0,
    trend: float = 0.0,
) -> tuple[pd.DataFrame, pd.DataFrame, InjectedOutage]:
    """Orders with one outage injected, its incidents, and the truth (cached: read-only)."""
    orders, truth = inject_outage(
        synthetic(per_hour, seed, trend),
        local(window[0]),
        local(window[1]),
        loss_share=loss_share,
        catch_up_share=catch_up,
        seed=seed,
    )
    return orders, incidents(outage_frame(truth.start, truth.end)), truth


#: the options of estimate_loss that are fields of its EstimatorSettings
SETTINGS = frozenset(EstimatorSettings.model_fields)


def estimate(orders: pd.DataFrame, inc: pd.DataFrame, method: str, **options: object):
    options = {"channel": "whatsapp", "control": "website", **options}
    settings = {"method": method, **{k: v for k, v in options.items() if k in SETTINGS}}
    others = {k: v for k, v in options.items() if k not in SETTINGS}
    return estimate_loss(orders, inc, settings=settings, **others)


def gross_covers(est, truth: InjectedOutage) -> bool:
    return est.lost_orders_low <= truth.removed_orders <= est.lost_orders_high


def net_covers(est, truth: InjectedOutage) -> bool:
    return est.net_lost_orders_low <= truth.net_lost_orders <= est.net_lost_orders_high


def intervals(rows: list[tuple[object, InjectedOutage]]) -> str:
    """The estimates against the truth, for assertion messages."""
    return "; ".join(
        f"gross {t.removed_orders} in [{e.lost_orders_low:.1f}, {e.lost_orders_high:.1f}], "
        f"net {t.net_lost_orders} in [{e.net_lost_orders_low:.1f}, {e.net_lost_orders_high:.1f}]"
        for e, t in rows
    )


DAY_WINDOW = ("2026-05-06 10:00", "2026-05-06 18:00")  # a Wednesday, 8 busy hours


@pytest.mark.parametrize("method", methods("sample"))
def test_sample_truth_is_covered_by_every_method(claim, sample_incidents, method):
    est = estimate(claim.orders, sample_incidents, method)
    truth = claim.truth
    assert est.method == method or method == "auto"
    assert est.lost_orders_low <= truth.gross_lost_orders <= est.lost_orders_high
    assert est.net_lost_orders_low <= truth.net_lost_orders <= est.net_lost_orders_high
    assert est.net_lost_revenue_low <= truth.net_lost_revenue <= est.net_lost_revenue_high
    assert est.lost_orders == pytest.approx(truth.expected_lost_orders, rel=0.15)


def test_sparse_series_has_mostly_zero_hours():
    orders = synthetic(1.0, 0)
    hourly = bucket_orders(orders.loc[orders["channel"] == "whatsapp"], freq="1h", by=None)
    assert 0.4 < (hourly["orders"] == 0).mean() < 0.6  # measured 0.51


@pytest.mark.parametrize("method", methods("sparse"))
def test_sparse_merchant_loss_and_catch_up_are_covered(method):
    """About one order an hour, half the hours empty; a day-long outage, 30% come back.

    The net loss (about 17 orders) is read against the noise of the outage and of the
    day after it: at this volume it is often not established, and a
    report never calls it established while its interval reaches zero."""
    rows = []
    for seed in SEEDS:
        orders, inc, truth = injected(1.0, seed, ("2026-05-06 09:00", "2026-05-07 09:00"), 1, 0.3)
        rows.append((estimate(orders, inc, method), truth))
        est = rows[-1][0]
        assert est.actual_orders == 0.0
        low = min(est.net_lost_revenue_low, est.net_lost_orders_low)
        assert est.established == (est.significant and low > 0)
        assert est.recovered_orders <= est.recovery_surplus  # shrunk, never inflated
    assert sum(gross_covers(e, t) for e, t in rows) >= len(SEEDS) - 1, intervals(rows)
    assert sum(net_covers(e, t) for e, t in rows) >= len(SEEDS) - 1, intervals(rows)
    # measured (seasonal): established in 1 of the 4 shops (p 0.022), p 0.043-0.095 in the others


@pytest.mark.parametrize("method", methods("zero"))
def test_outage_that_drives_orders_to_zero_loses_all_expected_orders(method):
    rows = []
    for seed in SEEDS:
        orders, inc, truth = injected(10.0, seed, ("2026-05-05 08:00", "2026-05-06 11:00"))
        est = estimate(orders, inc, method)  # 27 hours without a single order
        assert est.actual_orders == 0.0
        assert est.actual_revenue == 0.0
        assert est.lost_orders == est.expected_orders
        assert est.lost_revenue == pytest.approx(est.expected_revenue)
        assert est.placebo_windows >= min_placebos(0.95)
        assert est.p_value == pytest.approx(1 / (est.placebo_windows + 1))  # no placebo as low
        rows.append((est, truth))
    assert sum(gross_covers(e, t) for e, t in rows) >= len(SEEDS) - 1, intervals(rows)


#: three disjoint outages (local times): a Tuesday midday, a Thursday evening, a Sunday
WINDOWS = (
    ("2026-04-28 10:00", "2026-04-28 14:00"),
    ("2026-04-30 19:00", "2026-04-30 21:30"),
    ("2026-05-03 08:00", "2026-05-03 20:00"),
)


@functools.cache
def several_windows(seed: int) -> tuple[pd.DataFrame, pd.DataFrame, list[InjectedOutage]]:
    """All three outages injected in one series (20% come back within 24 h), and the truths."""
    orders, truths = synthetic(10.0, seed), []
    for start, end in WINDOWS:
        orders, truth = inject_outage(
            orders, local(start), local(end), catch_up_share=0.2, seed=seed
        )
        truths.append(truth)
    frames = [
        outage_frame(t.start, t.end).assign(incident_id=f"W{i}") for i, t in enumerate(truths)
    ]
    return orders, incidents(pd.concat(frames, ignore_index=True)), truths


@pytest.mark.parametrize("method", methods("windows"))
def test_several_disjoint_windows_add_up_and_cover_the_total(method):
    rows, gaps = [], []
    for seed in SEEDS[:3]:
        orders, inc, truths = several_windows(seed)
        est = estimate(orders, inc, method)
        assert [(w.start, w.end) for w in est.windows] == [(t.start, t.end) for t in truths]
        # a recovery window is kept only after an outage the orders rose above expectation
        ends = [t.end for t in truths]
        assert all(w.start in ends for w in est.recovery_windows)
        assert all(w.end - w.start <= pd.Timedelta("24h") for w in est.recovery_windows)
        if seed < 2:  # each window alone, by the method the claim used (auto may differ)
            one_by_one = []
            for i, window in enumerate(WINDOWS):
                alone, alone_inc, alone_truth = injected(10.0, seed, window, catch_up=0.2)
                assert alone_truth.removed_orders == truths[i].removed_orders  # same orders
                one_by_one.append(estimate(alone, alone_inc, est.method).lost_orders)
            gaps.append(est.lost_orders / sum(one_by_one) - 1)
        total = InjectedOutage(
            truths[0].start,
            truths[-1].end,
            sum(t.removed_orders for t in truths),
            sum(t.removed_revenue for t in truths),
            sum(t.returned_orders for t in truths),
            sum(t.returned_revenue for t in truths),
        )
        rows.append((est, total))
    assert max(abs(gap) for gap in gaps) < 0.05, gaps  # measured: within 1.9%
    assert sum(gross_covers(e, t) for e, t in rows) >= len(rows) - 1, intervals(rows)
    assert sum(net_covers(e, t) for e, t in rows) >= len(rows) - 1, intervals(rows)


@pytest.mark.parametrize("method", methods("partial"))
def test_partial_outage_loss_is_measured_not_assumed(method):
    """severity="partial" and 40% of the orders lost: the estimate finds ~40%, not 100%."""
    rows, shares = [], []
    for seed in SEEDS:
        orders, _, truth = injected(20.0, seed, ("2026-05-06 10:00", "2026-05-06 16:00"), 0.4)
        inc = incidents(outage_frame(truth.start, truth.end, severity="partial"))
        assert inc["severity"].tolist() == ["partial"]
        est = estimate(orders, inc, method)
        assert est.actual_orders > 0
        shares.append(est.lost_orders / est.expected_orders)
        rows.append((est, truth))
    # measured mean share: auto and regression 0.43, seasonal 0.47, control 0.35
    assert np.mean(shares) == pytest.approx(0.4, abs=0.1), shares
    assert max(shares) < 0.7, shares
    assert sum(gross_covers(e, t) for e, t in rows) >= len(SEEDS) - 1, intervals(rows)


def with_holiday(orders: pd.DataFrame, day: str, seed: int) -> pd.DataFrame:
    """The same orders with every channel at 40% on one local day (a public holiday)."""
    start = pd.Timestamp(local(f"{day} 00:00"))
    for channel in ("whatsapp", "website"):
        orders, _ = inject_outage(
            orders, start, start + pd.Timedelta("1D"), channel=channel, loss_share=0.6, seed=seed
        )
    return orders


@pytest.mark.parametrize("method", methods("holiday"))
def test_holiday_in_the_baseline_does_not_drag_the_expectation_down(method):
    """A holiday on the same weekday one week before the outage, against the same series
    without it: the expected orders stay within 5%, and the truth is covered."""
    rows, ratios = [], []
    for seed in SEEDS:
        orders, inc, truth = injected(10.0, seed, DAY_WINDOW, catch_up=0.2)
        holiday = with_holiday(orders, "2026-04-29", seed)
        est = estimate(holiday, inc, method)
        ratios.append(est.expected_orders / estimate(orders, inc, method).expected_orders)
        rows.append((est, truth))
    assert np.mean(ratios) == pytest.approx(1.0, abs=0.05), ratios
    assert sum(gross_covers(e, t) for e, t in rows) >= len(SEEDS) - 1, intervals(rows)


@pytest.mark.parametrize("method", methods("trend"))
def test_growing_merchant_loss_is_covered(method):
    """Orders grow 3% a week (34% over the ten weeks); a 12-hour outage, 20% come back."""
    rows = []
    for seed in SEEDS:
        window = ("2026-05-06 08:00", "2026-05-06 20:00")
        orders, inc, truth = injected(10.0, seed, window, catch_up=0.2, trend=0.03)
        rows.append((estimate(orders, inc, method), truth))
    assert sum(gross_covers(e, t) for e, t in rows) >= len(SEEDS) - 1, intervals(rows)
    assert sum(net_covers(e, t) for e, t in rows) >= len(SEEDS) - 1, intervals(rows)


@functools.cache
def two_messaging_channels(seed: int) -> tuple[pd.DataFrame, pd.DataFrame, list[InjectedOutage]]:
    """``whatsapp`` and ``instagram`` (a second series' whatsapp) both lose half their
    orders in one outage; ``website`` is untouched."""
    second = synthetic(4.0, seed + 100)
    instagram = second.loc[second["channel"] == "whatsapp"].assign(
        channel="instagram", order_id="IG" + second["order_id"]
    )
    both = pd.concat([synthetic(10.0, seed), instagram], ignore_index=True)
    orders = both.sort_values("timestamp", kind="stable", ignore_index=True)
    truths = []
    for channel in ("whatsapp", "instagram"):
        orders, truth = inject_outage(
            orders, local(DAY_WINDOW[0]), local(DAY_WINDOW[1]), channel=channel,
            loss_share=0.5, seed=seed,
        )  # fmt: skip
        truths.append(truth)
    inc = incidents(outage_frame(truths[0].start, truths[0].end, service="Meta messaging"))
    return orders, inc, truths


@pytest.mark.parametrize("method", methods("channels"))
def test_channel_none_sums_every_channel_but_the_control(method):
    rows, gaps = [], []
    for seed in SEEDS[:3]:
        orders, inc, truths = two_messaging_channels(seed)
        est = estimate(orders, inc, method, channel=None)
        start, end = truths[0].start, truths[0].end
        inside = orders.loc[
            (orders["timestamp"] >= start)
            & (orders["timestamp"] < end)
            & (orders["status"] == "completed")
        ]
        assert est.channel is None
        assert est.actual_orders == (inside["channel"] != "website").sum()
        if seed < 2:
            # auto may choose differently per channel: compare like with like
            each = [estimate(orders, inc, est.method, channel=c) for c in ("whatsapp", "instagram")]
            gaps.append(est.expected_orders / sum(e.expected_orders for e in each) - 1)
        truth = InjectedOutage(
            start,
            end,
            sum(t.removed_orders for t in truths),
            sum(t.removed_revenue for t in truths),
            0,
            0.0,
        )
        rows.append((est, truth))
    assert max(abs(gap) for gap in gaps) < 0.05, gaps  # measured: within 2.8%
    assert sum(gross_covers(e, t) for e, t in rows) >= len(rows) - 1, intervals(rows)


@pytest.mark.parametrize("method", methods("buckets"))
def test_quarter_hour_and_hourly_buckets_give_close_losses(method):
    """An outage from 10:20 to 15:50: partly covered hours on the hourly grid."""
    rows, ratios = [], []
    for seed in SEEDS:
        orders, inc, truth = injected(10.0, seed, ("2026-05-06 10:20", "2026-05-06 15:50"))
        quarter = estimate(orders, inc, method, freq="15min")
        hourly = estimate(orders, inc, method, freq="1h")
        assert quarter.freq == "15min"
        assert quarter.actual_orders == hourly.actual_orders == 0.0
        ratios.append(quarter.lost_orders / hourly.lost_orders)
        rows += [(quarter, truth), (hourly, truth)]
    assert max(abs(ratio - 1) for ratio in ratios) < 0.05, ratios  # measured: within 2.2%
    assert sum(gross_covers(e, t) for e, t in rows) >= len(rows) - 2, intervals(rows)


@functools.cache
def twice(method: str) -> tuple[object, object]:
    """The whole run (series, outage, estimate with a capped placebo draw) made twice."""

    def run():
        orders = synthetic_orders(5.0, seed=3)
        hit, truth = inject_outage(orders, local(DAY_WINDOW[0]), local(DAY_WINDOW[1]), seed=3)
        inc = incidents(outage_frame(truth.start, truth.end))
        return estimate(hit, inc, method, max_placebos=20, seed=7)  # the seed draws them

    return run(), run()


@pytest.mark.parametrize("method", methods("seed"))
def test_same_seed_gives_an_identical_estimate(method):
    first, again = twice(method)
    assert first.placebo_windows <= 20
    assert again.model_dump() == first.model_dump()


@pytest.mark.parametrize("method", ALL_METHODS)
def test_same_seed_gives_the_same_numbers_in_json(method):
    first, again = twice(method)  # JSON writes NaN as null, so NaN compares equal there
    assert again.model_dump_json() == first.model_dump_json()


@pytest.mark.parametrize("method", methods("no_loss"))
def test_window_without_loss_is_not_significant(method):
    rows = []
    for seed in SEEDS:
        orders, inc, truth = injected(20.0, seed, DAY_WINDOW, loss_share=0.0)
        assert truth.removed_orders == 0
        est = estimate(orders, inc, method)
        assert est.p_value > 0.05, est.p_value  # measured: 0.13 to 0.68
        assert est.significant is False
        rows.append((est, truth))
    assert sum(gross_covers(e, t) for e, t in rows) >= len(SEEDS) - 1, intervals(rows)


@pytest.mark.parametrize("method", methods("three_days"))
def test_three_day_outage_reads_its_overlapping_placebos_as_fewer(method):
    """A busy shop down for 3 days: placebos a day apart share 2 of their 3 days, so the
    interval is a t interval on their independent number, and it covers the truth."""
    rows = []
    for seed in SEEDS:
        orders, inc, truth = injected(
            50.0, seed, ("2026-05-04 09:00", "2026-05-07 09:00"), loss_share=0.5, catch_up=0.2
        )
        est = estimate(orders, inc, method)
        note = next(n for n in est.notes if n.code == "overlapping_placebos")
        values = note.model_dump()["values"]
        assert values["count"] == est.placebo_windows >= min_placebos(0.95)
        # A day apart, 3-day windows are worth about a third (more, with the recovery
        # hours): measured 13.7 of 40 for every seed and method.
        assert est.placebo_windows / 4 < values["independent"] < est.placebo_windows / 2
        rows.append((est, truth))
    assert sum(gross_covers(e, t) for e, t in rows) >= len(SEEDS) - 1, intervals(rows)
    assert sum(net_covers(e, t) for e, t in rows) >= len(SEEDS) - 1, intervals(rows)
    # the day after a 3-day outage is noisy (busy days vary by 13%): the net loss is
    # established for 3 or 4 of the 4 shops (measured: seasonal 3, regression 3)
    assert sum(e.established for e, _ in rows) >= len(SEEDS) - 1, intervals(rows)
