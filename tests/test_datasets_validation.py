"""Tests of claimstats.datasets.validation: the generator, the injected truth, the study and its summary."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import claimstats as cs
import claimstats.models
from claimstats.datasets import make_sample
from claimstats.datasets.validation import (
    InjectedOutage,
    inject_outage,
    outage_frame,
    summarize_study,
    synthetic_orders,
    validation_study,
)
from claimstats.errors import ConfigError
from claimstats.schema import ORDER_COLUMNS, ORDER_STATUSES

TZ = "Asia/Shanghai"
HOURS = 10 * 7 * 24
START, END = pd.Timestamp("2026-04-29 10:00", tz=TZ), pd.Timestamp("2026-04-29 16:00", tz=TZ)


@pytest.fixture(scope="module")
def orders() -> pd.DataFrame:
    return synthetic_orders(5, seed=0)


def _local(frame: pd.DataFrame) -> pd.Series:
    return frame["timestamp"].dt.tz_convert(TZ)


# --- synthetic_orders ----------------------------------------------------------------


@pytest.mark.parametrize(("per_hour", "whatsapp", "website"), [
    (0.5, 0.509, 0.249), (5, 5.030, 2.445), (50, 51.182, 25.231),
])  # fmt: skip
def test_volumes_match_the_asked_rate_and_the_control_is_half(
    per_hour: float, whatsapp: float, website: float
) -> None:
    frame = synthetic_orders(per_hour, seed=3)
    rates = frame["channel"].value_counts() / HOURS
    assert rates["whatsapp"] == pytest.approx(whatsapp, abs=0.0005)
    assert rates["website"] == pytest.approx(website, abs=0.0005)
    assert rates["whatsapp"] == pytest.approx(per_hour, rel=0.05)


def test_frame_is_canonical(orders: pd.DataFrame) -> None:
    assert list(orders.columns) == list(ORDER_COLUMNS)
    for name, dtype in ORDER_COLUMNS.items():
        assert orders[name].dtype == pd.api.types.pandas_dtype(dtype), name
    assert orders.index.equals(pd.RangeIndex(len(orders)))
    assert orders["timestamp"].is_monotonic_increasing
    assert orders["order_id"].is_unique
    assert set(orders["currency"]) == {"CNY"}
    assert set(orders["status"]) <= set(ORDER_STATUSES)
    assert (orders["status"] == "completed").mean() == pytest.approx(0.95, abs=0.01)
    first, last = _local(orders).iloc[[0, -1]]
    assert first >= pd.Timestamp("2026-03-02", tz=TZ)
    assert last < pd.Timestamp("2026-05-11", tz=TZ)


def test_local_hours_shape_volume_and_basket(orders: pd.DataFrame) -> None:
    hour = _local(orders).dt.hour
    per_hour = orders.loc[orders["channel"] == "whatsapp"].groupby(hour).size()
    assert per_hour.loc[2:5].sum() < 0.01 * per_hour.sum()  # the night is quiet
    assert per_hour.loc[11:12].sum() > 0.13 * per_hour.sum()  # noon is busy
    basket = orders.groupby(hour)["amount"].mean()
    assert basket.loc[18:21].mean() > 1.5 * basket.loc[7:9].mean()  # evening baskets larger


def test_day_shocks_are_shared_by_both_channels() -> None:
    frame = synthetic_orders(50, seed=1)
    daily = frame.assign(day=_local(frame).dt.date).pivot_table(
        index="day", columns="channel", values="order_id", aggfunc="count"
    )
    ratio = daily / daily.rolling(7, center=True, min_periods=7).mean()
    correlation = ratio["whatsapp"].corr(ratio["website"])
    assert correlation > 0.6
    assert 0.08 < ratio["whatsapp"].std() < 0.2


def test_trend_grows_the_volume_week_by_week() -> None:
    frame = synthetic_orders(50, seed=2, trend=0.05)
    week = (_local(frame) - pd.Timestamp("2026-03-02", tz=TZ)).dt.days // 7
    weekly = frame.groupby(week).size()
    assert weekly[9] / weekly[0] == pytest.approx(1.05**9, rel=0.1)


def test_holidays_run_at_forty_percent() -> None:
    frame = synthetic_orders(50, seed=4, holidays=["2026-04-15"])
    daily = frame.groupby(_local(frame).dt.strftime("%Y-%m-%d")).size()
    usual = daily[["2026-04-01", "2026-04-08", "2026-04-22", "2026-04-29"]].mean()
    assert daily["2026-04-15"] / usual == pytest.approx(0.4, abs=0.08)


def test_same_seed_same_frame_other_seed_other_frame(orders: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(synthetic_orders(5, seed=0), orders)
    assert not synthetic_orders(5, seed=1).equals(orders)


def test_generator_rejects_bad_arguments() -> None:
    with pytest.raises(ConfigError, match=r"orders_per_hour=0 must be above 0"):
        synthetic_orders(0)
    with pytest.raises(ConfigError, match="unknown time zone"):
        synthetic_orders(5, tz="Mars/Olympus")
    with pytest.raises(ConfigError, match="local dates such as '2026-03-02'"):
        synthetic_orders(5, holidays=["not a day"])


# --- inject_outage -------------------------------------------------------------------


def test_injected_truth_counts_exactly_the_rows(orders: pd.DataFrame) -> None:
    hit, truth = inject_outage(orders, START, END, loss_share=0.5, catch_up_share=0.4, seed=7)
    start, end = START.tz_convert("UTC"), END.tz_convert("UTC")
    target = (
        (orders["channel"] == "whatsapp")
        & (orders["status"] == "completed")
        & orders["timestamp"].between(start, end, inclusive="left")
    )
    removed = orders.loc[target & ~orders["order_id"].isin(hit["order_id"])]
    returned = hit.loc[hit["order_id"].str.endswith("-R")]
    assert (truth.removed_orders, truth.returned_orders) == (len(removed), len(returned))
    assert (truth.removed_orders, truth.returned_orders) == (29, 10)
    assert truth.removed_revenue == pytest.approx(removed["amount"].sum())
    assert truth.returned_revenue == pytest.approx(returned["amount"].sum())
    assert truth.net_lost_orders == 19
    assert truth.net_lost_revenue == round(truth.removed_revenue - truth.returned_revenue, 2)
    assert len(hit) == len(orders) - 29 + 10
    # the ones who come back: same amount and customer, within 24 h after the end
    original = removed.set_index(removed["order_id"] + "-R")
    assert set(returned["order_id"]) <= set(original.index)
    back = returned.set_index("order_id")
    assert (back["amount"] == original.loc[back.index, "amount"]).all()
    assert (back["customer"] == original.loc[back.index, "customer"]).all()
    assert back["timestamp"].between(end, end + pd.Timedelta("24h"), inclusive="left").all()
    # nothing else moved
    untouched = orders.loc[~target]
    assert untouched["order_id"].isin(hit["order_id"]).all()
    assert (truth.start, truth.end) == (start, end)


def test_full_loss_empties_the_window_and_keeps_other_rows(orders: pd.DataFrame) -> None:
    hit, truth = inject_outage(orders, START, END)
    inside = hit["timestamp"].between(START, END, inclusive="left")
    on_whatsapp = hit.loc[inside & (hit["channel"] == "whatsapp"), "status"]
    assert (on_whatsapp != "completed").all()
    assert (hit.loc[inside, "channel"] == "website").sum() == 25
    assert (truth.removed_orders, truth.returned_orders) == (59, 0)
    assert list(hit.columns) == list(orders.columns)
    assert hit.dtypes.equals(orders.dtypes)
    assert hit["timestamp"].is_monotonic_increasing
    assert hit.index.equals(pd.RangeIndex(len(hit)))


def test_no_loss_leaves_the_orders_as_they_were(orders: pd.DataFrame) -> None:
    hit, truth = inject_outage(orders, START, END, loss_share=0.0, catch_up_share=1.0)
    pd.testing.assert_frame_equal(hit, orders)
    assert truth == InjectedOutage(START.tz_convert("UTC"), END.tz_convert("UTC"), 0, 0.0, 0, 0.0)


def test_input_frame_is_not_changed(orders: pd.DataFrame) -> None:
    before = orders.copy(deep=True)
    inject_outage(orders, START, END, loss_share=0.7, catch_up_share=0.5)
    pd.testing.assert_frame_equal(orders, before)


def test_injection_is_deterministic_for_a_seed(orders: pd.DataFrame) -> None:
    first = inject_outage(orders, START, END, loss_share=0.5, catch_up_share=0.5, seed=3)
    again = inject_outage(orders, START, END, loss_share=0.5, catch_up_share=0.5, seed=3)
    other = inject_outage(orders, START, END, loss_share=0.5, catch_up_share=0.5, seed=4)
    pd.testing.assert_frame_equal(first[0], again[0])
    assert first[1] == again[1]
    assert not other[0].equals(first[0])


def test_injection_works_on_the_sample_claims_real_layout() -> None:
    claim = make_sample(seed=0)
    wallet = claim.wallet_transactions
    hit, truth = inject_outage(
        wallet, "2026-08-03 12:00+08:00", "2026-08-03 13:00+08:00", channel="wechat_pay"
    )
    assert "funds_deducted" in hit.columns
    assert len(wallet) - len(hit) == truth.removed_orders == 36


def test_injection_rejects_bad_arguments(orders: pd.DataFrame) -> None:
    with pytest.raises(ConfigError, match="must lie after start"):
        inject_outage(orders, END, START)
    with pytest.raises(ConfigError, match=r"loss_share=1.5 must be a share between 0 and 1"):
        inject_outage(orders, START, END, loss_share=1.5)
    with pytest.raises(ConfigError, match=r"channel='sms' is not in the orders"):
        inject_outage(orders, START, END, channel="sms")
    with pytest.raises(ConfigError, match="has no time zone"):
        inject_outage(orders, "2026-04-29 10:00", END)


# --- outage_frame --------------------------------------------------------------------


def test_outage_frame_gives_one_incident() -> None:
    inc = cs.incidents(outage_frame(START, END, severity="full"))
    assert len(inc) == 1
    assert inc.loc[0, "duration"] == pd.Timedelta("6h")
    assert inc.loc[0, "severity"] == "outage"
    assert inc.loc[0, "service"] == "WhatsApp Web"
    partial = outage_frame(START, END, service="WeChat Pay", severity="partial")
    assert partial.loc[0, "severity"] == "partial"
    with pytest.raises(ConfigError, match="severity='total' is not known"):
        outage_frame(START, END, severity="total")


# --- validation_study ----------------------------------------------------------------


@pytest.fixture(scope="module")
def tiny_study() -> pd.DataFrame:
    return validation_study(
        (5,), ("6h",), (1.0, 0.0), (0.0, 0.4), replicates=1, methods=("seasonal", "control")
    )


def test_tiny_study_has_one_row_per_window_and_method(tiny_study: pd.DataFrame) -> None:
    # a loss window without and with catch-up; a no-loss window once (nobody comes back)
    assert len(tiny_study) == 6
    assert tiny_study["method"].tolist() == ["seasonal", "control"] * 3
    assert tiny_study["loss_share"].tolist() == [1.0, 1.0, 1.0, 1.0, 0.0, 0.0]
    assert tiny_study["catch_up_share"].tolist() == [0.0, 0.0, 0.4, 0.4, 0.0, 0.0]
    assert (tiny_study["failure"] == "").all()
    assert tiny_study["truth"].tolist() == [10, 10, 36, 36, 0, 0]
    assert tiny_study["catch_up_truth"].tolist() == [0, 0, 18, 18, 0, 0]
    net = tiny_study["truth"] - tiny_study["catch_up_truth"]
    assert (tiny_study["net_truth"] == net).all()
    assert (tiny_study["method_chosen"] == tiny_study["method"]).all()
    no_loss = tiny_study.loc[tiny_study["loss_share"] == 0]
    assert no_loss["relative_error"].isna().all()
    assert no_loss["net_relative_error"].isna().all()
    assert (no_loss["net_truth"] == 0).all()
    errors = tiny_study["estimate"] - tiny_study["truth"]
    np.testing.assert_allclose(tiny_study["error"], errors)
    covered = (tiny_study["low"] <= tiny_study["truth"]) & (
        tiny_study["truth"] <= tiny_study["high"]
    )
    assert (tiny_study["covered"] == covered).all()
    net_covered = (tiny_study["net_low"] <= net) & (net <= tiny_study["net_high"])
    assert (tiny_study["net_covered"] == net_covered).all()
    assert (tiny_study["significant"] == (tiny_study["p_value"] < 0.05)).all()
    assert not tiny_study["established_reaching_zero"].any()
    assert (tiny_study["placebos"] >= 39).all()
    assert (tiny_study["seconds"] > 0).all()


def test_study_is_deterministic_for_a_seed(tiny_study: pd.DataFrame) -> None:
    again = validation_study(
        (5,), ("6h",), (1.0, 0.0), (0.0, 0.4), replicates=1, methods=("seasonal", "control")
    )
    pd.testing.assert_frame_equal(again.drop(columns="seconds"), tiny_study.drop(columns="seconds"))


def test_study_records_a_failed_estimate_instead_of_crashing() -> None:
    study = validation_study((5,), ("2h",), (1.0,), (0.0,), replicates=1, methods=("guesswork",))
    assert len(study) == 1
    assert "method='guesswork' is not known" in study.loc[0, "failure"]
    assert study.loc[0, ["estimate", "covered", "p_value"]].isna().all()
    summary = summarize_study(study)
    assert summary.loc[0, ["windows", "failures"]].tolist() == [0, 1]


def test_study_reads_the_methods_at_call_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(claimstats.models, "METHODS", ("seasonal",))
    study = validation_study((5,), ("6h",), (0.0,), replicates=1)
    assert study["method"].tolist() == ["auto", "seasonal"]


# --- summarize_study -----------------------------------------------------------------


def test_summary_computes_the_rates_by_hand() -> None:
    rows = [  # volume, method, loss, catch-up, length, truth, back, estimate, caught,
        # net estimate, covered, net_covered, established, failure
        (5.0, "seasonal", 1.0, 0.4, "24h", 10, 4, 12.0, 3.0, 9.0, True, True, True, ""),
        (5.0, "seasonal", 1.0, 0.0, "6h", 20, 0, 15.0, 1.0, 14.0, False, True, True, ""),
        (5.0, "seasonal", 0.5, 0.0, "72h", 8, 0, 8.0, 0.0, 8.0, True, False, False, ""),
        (5.0, "seasonal", 0.0, 0.0, "6h", 0, 0, 1.0, 0.0, 1.0, True, True, False, ""),
        (5.0, "seasonal", 0.0, 0.0, "6h", 0, 0, 3.0, 0.0, 3.0, True, True, True, ""),
        (5.0, "seasonal", 0.0, 0.0, "6h", 0, 0, np.nan, np.nan, np.nan, pd.NA, pd.NA, pd.NA,
         "too little history"),
        (0.5, "control", 1.0, 0.0, "2h", 0, 0, 0.5, 0.0, 0.5, True, True, False, ""),
        (0.5, "control", 0.0, 0.0, "2h", 0, 0, 0.0, 0.0, 0.0, True, True, False, ""),
    ]  # fmt: skip
    columns = ["volume", "method", "loss_share", "catch_up_share", "length", "truth",
               "catch_up_truth", "estimate", "catch_up_estimate", "net_estimate", "covered",
               "net_covered", "established", "failure"]  # fmt: skip
    results = pd.DataFrame(rows, columns=columns)
    results["established_reaching_zero"] = False
    truth, net = results["truth"], results["truth"] - results["catch_up_truth"]
    results["relative_error"] = (results["estimate"] - truth) / truth.where(truth > 0)
    results["net_relative_error"] = (results["net_estimate"] - net) / net.where(net > 0)
    back = results["catch_up_truth"]
    results["catch_up_relative_error"] = (results["catch_up_estimate"] - back) / back.where(
        back > 0
    )
    summary = summarize_study(results)
    assert summary[["volume", "method"]].to_numpy().tolist() == [
        [0.5, "control"],
        [5.0, "seasonal"],
    ]
    seasonal = summary.iloc[1]
    assert (seasonal["windows"], seasonal["failures"]) == (5, 1)
    assert seasonal["coverage"] == pytest.approx(4 / 5)
    assert seasonal["net_coverage"] == pytest.approx(4 / 5)
    # net errors 9 vs 6 (0.5), 14 vs 20 (0.3), 8 vs 8 (0): median 0.3; of a day or longer
    # 0.5 and 0: median 0.25
    assert seasonal["net_error"] == pytest.approx(0.3)
    assert seasonal["net_error_long"] == pytest.approx(0.25)
    assert seasonal["catch_up_error"] == pytest.approx(0.25)  # 3 of 4
    assert seasonal["catch_up_without"] == pytest.approx((1 / 20 + 0 / 8) / 2)
    assert seasonal["bias"] == pytest.approx((0.2 - 0.25 + 0) / 3)
    assert seasonal["false_positive_rate"] == pytest.approx(0.5)  # one of the 2 no-loss
    assert seasonal["established_reaching_zero"] == 0
    assert seasonal[["coverage_ok", "false_positive_ok"]].tolist() == [False, False]
    control = summary.iloc[0]  # a loss window that lost nothing has no relative error
    assert control[["net_coverage", "false_positive_rate"]].tolist() == [1.0, 0.0]
    assert control[["net_error", "bias", "catch_up_error"]].isna().all()
    assert control[["coverage_ok", "false_positive_ok"]].tolist() == [False, True]


def test_summary_goal_band_is_inclusive() -> None:
    results = pd.DataFrame({
        "volume": 5.0, "method": "auto", "loss_share": 0.0, "catch_up_share": 0.0,
        "length": "6h", "truth": 0, "catch_up_truth": 0, "estimate": 0.0,
        "catch_up_estimate": 0.0, "relative_error": np.nan, "net_relative_error": np.nan,
        "catch_up_relative_error": np.nan, "covered": True,
        "net_covered": [True] * 93 + [False] * 7, "established": [True] * 5 + [False] * 95,
        "established_reaching_zero": False, "failure": "",
    })  # fmt: skip
    summary = summarize_study(results)
    assert summary.loc[0, "net_coverage"] == pytest.approx(0.93)
    assert summary.loc[0, "false_positive_rate"] == pytest.approx(0.05)
    assert summary.loc[0, ["coverage_ok", "false_positive_ok"]].tolist() == [True, True]
