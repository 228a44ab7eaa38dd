"""Tests of claimstats.engines.batch (estimate_loss_batch): every merchant of a synthetic
platform (claimstats.datasets.platform) gets the numbers ``estimate_loss(...,
settings={"method": "seasonal"})`` gives on that merchant's own orders, on the ranked and
the t-interval paths; files give the rows a frame gives; a merchant that cannot be estimated gets a problem,
not a crash; settings that cannot work are refused."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from claimstats.datasets import make_platform
from claimstats.engines import BATCH_COLUMNS, estimate_loss_batch
from claimstats.errors import ConfigError, DataError
from claimstats.estimate import estimate_loss
from claimstats.models import LossEstimate

SETTINGS = {"channel": "whatsapp", "margin": 0.3}
TEXT = ("currency", "method", "problem")
COUNTS = ("placebo_windows", "actual_orders")  # whole numbers: equal exactly
NUMBERS = [name for name in BATCH_COLUMNS if name not in (*TEXT, "placebo_windows")]


def utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC").as_unit("us")


def seasonal(**settings) -> dict:
    """EstimatorSettings fields: the seasonal method, which the batch runs, and ``settings``."""
    return {"method": "seasonal", **settings}


def batch(orders, outage, by: str = "merchant_id", **settings) -> pd.DataFrame:
    return estimate_loss_batch(
        orders, outage, by, **SETTINGS, settings=seasonal(**settings), progress=False
    )


def single(orders: pd.DataFrame, outage: pd.DataFrame, merchant: str, **settings) -> LossEstimate:
    own = orders.loc[orders["merchant_id"] == merchant].drop(columns="merchant_id")
    return estimate_loss(own, outage, **SETTINGS, settings=seasonal(**settings))


def row_of(rows: pd.DataFrame, merchant: str) -> pd.Series:
    found = rows.loc[rows["merchant_id"] == merchant]
    assert len(found) == 1, merchant
    return found.iloc[0]


def assert_row_is_the_estimate(row: pd.Series, est: LossEstimate) -> None:
    """Every number of the batch row is the single estimate's, to 1e-9 (measured 1e-13)."""
    assert pd.isna(row["problem"])
    assert row["currency"] == est.currency
    assert row["method"] == est.method == "seasonal"
    assert row["placebo_windows"] == est.placebo_windows
    for name in NUMBERS:
        assert row[name] == pytest.approx(getattr(est, name), rel=1e-9, abs=1e-9), name


def assert_numbers_close(left: pd.DataFrame, right: pd.DataFrame, rtol: float) -> None:
    """Equal frames: text and counts exactly, money and the rest to ``rtol``."""
    exact = ["merchant_id", "currency", "method", *COUNTS]
    pd.testing.assert_frame_equal(left[exact], right[exact], check_exact=True)
    assert left["problem"].isna().tolist() == right["problem"].isna().tolist()
    pd.testing.assert_frame_equal(left[NUMBERS], right[NUMBERS], check_exact=False, rtol=rtol)


# --- the platform: 30 merchants, 10 weeks, one 4-hour WhatsApp outage -------------------


@pytest.fixture(scope="module")
def platform():
    return make_platform(merchants=30, weeks=10, orders_per_week=600, seed=3)


@pytest.fixture(scope="module")
def orders(platform):
    return platform[0]


@pytest.fixture(scope="module")
def outage(platform):
    return platform[1]


@pytest.fixture(scope="module")
def rows(orders, outage):
    return batch(orders, outage)


def test_one_row_per_merchant_in_order_with_the_documented_columns(rows):
    assert list(rows.columns) == ["merchant_id", *BATCH_COLUMNS]
    assert rows["merchant_id"].tolist() == [f"M{i:05d}" for i in range(1, 31)]
    assert rows["problem"].isna().all()
    assert (rows["currency"] == "CNY").all()
    assert (rows["method"] == "seasonal").all()
    assert rows["placebo_windows"].dtype == np.int64
    assert (rows["placebo_windows"] == 45).all()


def test_measured_numbers_of_the_platform(rows):
    first = row_of(rows, "M00001")
    assert first["lost_orders"] == pytest.approx(34.027, abs=5e-4)
    assert first["actual_orders"] == 0  # WhatsApp took no order in the outage
    assert first["expected_orders"] == first["lost_orders"]
    # every order was lost: no placebo comes close, the p-value is 1 / (45 + 1)
    assert first["p_value"] == pytest.approx(1 / 46)
    # the one merchant whose shortfall is within normal variation: its placebos (one
    # outage and its day after, each a day apart) are ranked
    assert row_of(rows, "M00002")["lost_orders"] == pytest.approx(0.979496, rel=1e-6)
    assert row_of(rows, "M00002")["p_value"] == pytest.approx(15 / 46)
    # a catch-up of 25 of a 54-order shortfall: a net loss this large is rare on normal
    # days (p < 0.05), yet its interval reaches zero: it is not established
    m10 = row_of(rows, "M00010")
    assert m10["recovered_orders"] == pytest.approx(25.15241, rel=1e-6)
    assert m10["net_lost_orders_low"] < 0 < m10["net_lost_orders"]
    assert m10["p_value"] == pytest.approx(0.042609, abs=1e-6)


def test_money_follows_the_margin(rows):
    for end in ("", "_low", "_high"):
        net = rows[f"net_lost_revenue{end}"]
        np.testing.assert_array_equal(rows[f"lost_profit{end}"], net * 0.3)
        np.testing.assert_array_equal(rows[f"claim_amount{end}"], rows[f"lost_profit{end}"])


def test_no_margin_claims_the_net_lost_revenue(orders, outage):
    few = orders.loc[orders["merchant_id"].isin(["M00001", "M00002"])]
    rows = estimate_loss_batch(few, outage, channel="whatsapp", progress=False)
    assert rows["lost_profit"].isna().all()
    np.testing.assert_array_equal(rows["claim_amount"], rows["net_lost_revenue"])
    np.testing.assert_array_equal(rows["claim_amount_low"], rows["net_lost_revenue_low"])


# --- every merchant gets the single estimate, on each path of the calibration ----------
# ranked: 45 placebos (>= 39) of the outage and its day after, disjoint where the
# recovery is short, else overlapping; few: 10 placebos (4 weeks of history);
# overlapping: a 3-day outage, 39 placebos worth about 17 independent ones; capped:
# max_placebos=20.


@pytest.fixture(scope="module")
def cases(orders, outage):
    recent = orders.loc[orders["timestamp"] >= utc("2026-06-08")]
    three_days = pd.DataFrame({"start": outage["start"] - pd.Timedelta("2D"), "end": outage["end"]})
    capped = {"max_placebos": 20, "seed": 5}
    setups = {
        "ranked": (orders, outage, {}),
        "few": (recent, outage, {}),
        "overlapping": (orders, three_days, {}),
        "capped": (orders, outage, capped),
    }
    return {
        name: (data, windows, settings, batch(data, windows, **settings))
        for name, (data, windows, settings) in setups.items()
    }


@pytest.mark.parametrize(
    ("case", "merchant", "placebos", "notes"),
    [
        ("ranked", "M00001", 45, ["overlapping_placebos"]),
        ("ranked", "M00002", 45, []),  # not significant: p = 15/46, ranked
        ("ranked", "M00003", 45, ["overlapping_placebos", "lingering_shortfall"]),
        ("ranked", "M00010", 45, ["overlapping_placebos"]),  # catch-up clearly above 0
        ("ranked", "M00030", 45, ["overlapping_placebos"]),  # catch-up above the loss
        ("few", "M00001", 10, ["few_placebos"]),
        ("few", "M00003", 10, ["few_placebos", "lingering_shortfall"]),
        ("few", "M00030", 10, ["few_placebos"]),
        ("overlapping", "M00001", 39, ["overlapping_placebos"]),
        ("overlapping", "M00003", 39, ["overlapping_placebos", "lingering_shortfall"]),
        ("overlapping", "M00030", 39, ["overlapping_placebos"]),
        ("capped", "M00002", 17, ["few_placebos"]),
        ("capped", "M00010", 17, ["few_placebos"]),
    ],
)
def test_each_merchant_gets_the_numbers_of_estimate_loss(cases, case, merchant, placebos, notes):
    data, windows, settings, rows = cases[case]
    est = single(data, windows, merchant, **settings)
    assert [note.code for note in est.notes] == notes
    assert est.placebo_windows == placebos
    assert_row_is_the_estimate(row_of(rows, merchant), est)


def test_a_merchant_with_a_shorter_history_gets_the_baseline_weeks_of_its_own(orders, outage):
    # M00002's orders begin 5 weeks and a day before the outage, the others' 10 weeks
    late = orders["merchant_id"].eq("M00002") & (
        orders["timestamp"] < outage["start"].min() - pd.Timedelta("36D")
    )
    data = orders.loc[orders["merchant_id"].isin(["M00001", "M00002"]) & ~late]
    rows = batch(data, outage)
    for merchant, weeks in (("M00001", 6), ("M00002", 5)):
        est = single(data, outage, merchant)
        assert est.baseline_weeks == weeks
        assert_row_is_the_estimate(row_of(rows, merchant), est)


def test_the_paths_are_the_ones_the_cases_name(cases):
    ranked, few, overlapping = (cases[name][3] for name in ("ranked", "few", "overlapping"))
    # the net interval from the net calibration (catch-up clearly above 0) and without
    assert row_of(ranked, "M00010")["recovered_orders_low"] == pytest.approx(0.7154, abs=1e-4)
    assert row_of(ranked, "M00001")["recovered_orders_low"] == 0
    assert row_of(few, "M00030")["recovered_orders_low"] == pytest.approx(4.4582, abs=1e-4)
    # t intervals: the p-value is no longer a rank over the placebos
    assert row_of(few, "M00002")["p_value"] == pytest.approx(0.528915, abs=1e-6)
    assert row_of(overlapping, "M00003")["p_value"] == pytest.approx(0.093728, abs=1e-6)
    # ... but never below 1 / (n + 1)
    assert row_of(few, "M00001")["p_value"] == pytest.approx(1 / 11)


def test_every_merchant_of_the_platform_matches(orders, outage, rows):
    worst = 0.0
    for merchant in rows["merchant_id"]:
        est = single(orders, outage, merchant)
        row = row_of(rows, merchant)
        assert row["placebo_windows"] == est.placebo_windows
        for name in NUMBERS:
            expected = getattr(est, name)
            worst = max(worst, abs(row[name] - expected) / max(abs(expected), 1e-12))
    assert worst < 1e-9  # measured 6e-14


@pytest.mark.parametrize("seed", [0, 5])
def test_a_capped_draw_is_the_draw_of_placebo_shifts(orders, outage, cases, seed):
    rows = cases["capped"][3] if seed == 5 else batch(orders, outage, max_placebos=20)
    for merchant in ("M00001", "M00002", "M00010"):
        est = single(orders, outage, merchant, max_placebos=20, seed=seed)
        assert_row_is_the_estimate(row_of(rows, merchant), est)
    # the seed picks the placebos: another seed, other intervals
    low = row_of(rows, "M00010")["recovered_orders_low"]
    assert low == pytest.approx({0: 1.3677, 5: 0.0}[seed], abs=1e-4)


# Each merchant's series spans its own orders, as estimate_loss sees them: a shop that
# joined later has no weeks of zeros in its baseline (before the fix: 59.33 against 33.12).
@pytest.mark.parametrize("weeks", [3, 4, 6])
def test_a_merchant_that_started_later_gets_the_estimate_of_its_own_orders(orders, outage, weeks):
    start = outage["start"].iloc[0].floor("D") - pd.Timedelta(weeks=weeks)
    newcomer = orders.loc[(orders["merchant_id"] == "M00001") & (orders["timestamp"] >= start)]
    newcomer = newcomer.assign(merchant_id="NEW")
    others = orders.loc[orders["merchant_id"].isin(["M00002", "M00003"])]
    rows = batch(pd.concat([others, newcomer], ignore_index=True), outage)
    assert_row_is_the_estimate(row_of(rows, "NEW"), single(newcomer, outage, "NEW"))


# --- files: CSV with offsets and Parquet give the rows of the frame ---------------------


@pytest.fixture(scope="module")
def files(orders, tmp_path_factory):
    folder = tmp_path_factory.mktemp("batch-files")
    # Times written in Beijing time with their offset, as an export in China writes them
    # (formatted directly: to_csv of aware times is slow).
    local = orders["timestamp"].dt.tz_localize(None) + pd.Timedelta("8h")
    text = local.dt.strftime("%Y-%m-%dT%H:%M:%S") + "+08:00"
    orders.assign(timestamp=text).to_csv(folder / "orders.csv", index=False)
    orders.to_parquet(folder / "orders.parquet", index=False)
    return folder


def test_the_csv_really_holds_offsets(files):
    with (files / "orders.csv").open(encoding="utf-8") as handle:
        header, first = handle.readline(), handle.readline()
    assert header.startswith("order_id,timestamp,amount,currency,channel,status,merchant_id")
    assert "2026-05-04T08:09:49+08:00" in first  # 00:09:49 UTC


@pytest.mark.parametrize("name", ["orders.csv", "orders.parquet"])
def test_files_give_the_rows_of_the_frame(files, outage, rows, name):
    from_file = batch(str(files / name), outage)
    assert_numbers_close(from_file, rows, rtol=1e-9)


def test_a_path_object_and_a_list_of_files_are_read_too(files, outage, rows):
    from_path = batch(files / "orders.parquet", outage)
    assert_numbers_close(from_path, rows, rtol=1e-9)
    both = batch([str(files / "orders.parquet")], outage)
    assert_numbers_close(both, rows, rtol=1e-9)


# --- determinism, chunks, progress ------------------------------------------------------


def test_two_runs_give_identical_frames(orders, outage, rows, capsys):
    again = estimate_loss_batch(orders, outage, **SETTINGS)  # progress=None: off a terminal
    pd.testing.assert_frame_equal(again, rows, check_exact=True)
    assert capsys.readouterr() == ("", "")


def test_small_chunks_give_the_same_frame_and_no_progress_prints_nothing(
    orders, outage, rows, capsys
):
    chunked = estimate_loss_batch(orders, outage, **SETTINGS, chunk=7, progress=False)
    assert capsys.readouterr() == ("", "")
    # Not bit for bit: a chunk's matrix products sum in another order (measured 7e-15).
    assert_numbers_close(chunked, rows, rtol=1e-12)


def test_progress_shows_a_bar_of_merchants(orders, outage, capsys):
    three = orders.loc[orders["merchant_id"].isin(["M00001", "M00002", "M00003"])]
    estimate_loss_batch(three, outage, **SETTINGS, chunk=2, progress=True)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "3/3" in captured.err
    assert "merchant" in captured.err


# --- problems per merchant, not a crash -------------------------------------------------


@pytest.fixture(scope="module")
def mixed(orders, outage):
    """The platform with four more merchants: copies of M00001 and M00002, changed."""
    m1 = orders.loc[orders["merchant_id"] == "M00001"]
    days = outage["start"].iloc[0].floor("D") - pd.Timedelta("6D")
    late = m1.loc[m1["timestamp"] >= days].assign(merchant_id="X-LATE")
    two = orders.loc[orders["merchant_id"] == "M00002"].assign(merchant_id="X-TWO")
    two.loc[two.index[::5], "currency"] = "USD"  # completed orders among them
    failed = m1.assign(merchant_id="X-FAILED", status="failed")
    # another currency only on orders that did not complete: no problem
    refunds = m1.assign(merchant_id="X-REFUNDS")
    refunds.loc[refunds["status"] != "completed", "currency"] = "USD"
    extra = pd.concat([late, two, failed, refunds], ignore_index=True)
    return batch(pd.concat([orders, extra], ignore_index=True), outage)


def test_a_merchant_with_a_few_days_of_history_gets_a_problem(mixed):
    row = row_of(mixed, "X-LATE")
    assert "not enough order history" in row["problem"]
    assert row["currency"] == "CNY"
    assert pd.isna(row["method"])
    assert row["placebo_windows"] == 0
    assert row[NUMBERS].isna().all()


def test_a_merchant_in_two_currencies_gets_a_problem(mixed):
    row = row_of(mixed, "X-TWO")
    assert row["problem"] == (
        "completed orders in 2 currencies ['CNY', 'USD']; estimate one currency at a time"
    )
    assert pd.isna(row["currency"])
    assert np.isnan(row["lost_orders"])
    assert np.isnan(row["claim_amount_high"])


def test_a_merchant_without_completed_orders_gets_a_problem(mixed):
    row = row_of(mixed, "X-FAILED")
    assert row["problem"] == "no completed order; nothing to compare"
    assert np.isnan(row["expected_orders"])


def test_other_currencies_on_orders_that_did_not_complete_are_no_problem(mixed, rows):
    row, same = row_of(mixed, "X-REFUNDS"), row_of(rows, "M00001")
    assert pd.isna(row["problem"])
    assert row["currency"] == "CNY"
    assert row["placebo_windows"] == 45
    assert row[NUMBERS].astype(float).tolist() == pytest.approx(
        same[NUMBERS].astype(float).tolist(), rel=1e-12
    )


def test_the_other_merchants_are_unaffected(mixed, rows):
    others = mixed.loc[mixed["merchant_id"].str.startswith("M")].reset_index(drop=True)
    assert len(mixed) == 34
    # equal but for the order of sums in a matrix product of another size (measured 1e-16)
    assert_numbers_close(others, rows, rtol=1e-12)


def test_the_problem_column_has_one_type_with_or_without_problems(mixed, rows):
    assert rows["problem"].dtype == mixed["problem"].dtype == "str"
    assert rows["problem"].isna().all()


# --- settings refused -------------------------------------------------------------------


@pytest.fixture(scope="module")
def small(orders):
    return orders.loc[orders["merchant_id"].isin(["M00001", "M00002"])]


@pytest.mark.parametrize(
    "method",
    [
        "control",
        "regression",
        "auto",
    ],
)
def test_methods_other_than_seasonal_are_refused(small, outage, method):
    with pytest.raises(ConfigError, match="the batch runs the seasonal method"):
        batch(small, outage, method=method)


def test_method_control_is_refused(small, outage):
    with pytest.raises(ConfigError, match="method='control'"):
        batch(small, outage, method="control")


@pytest.mark.parametrize("confidence", [0, 1, 1.5, -0.95])
def test_a_confidence_outside_0_1_is_refused(small, outage, confidence):
    with pytest.raises(
        ConfigError, match=re.escape(f"confidence={confidence} must lie between 0 and 1")
    ):
        batch(small, outage, confidence=confidence)


def test_a_margin_outside_0_1_is_refused(small, outage):
    with pytest.raises(ConfigError, match=re.escape("margin=1.5 must be a share")):
        estimate_loss_batch(small, outage, margin=1.5, progress=False)


def test_no_incident_is_refused(small, outage):
    with pytest.raises(ConfigError, match="no incidents"):
        batch(small, outage.iloc[:0])


def test_orders_ending_before_the_outage_ends_are_refused(small, outage):
    early = small.loc[small["timestamp"] < outage["end"].iloc[0] - pd.Timedelta("1h")]
    with pytest.raises(DataError, match="before the last outage ends at 2026-07-06 14:00"):
        batch(early, outage)


def test_a_channel_without_orders_is_refused(small, outage):
    with pytest.raises(DataError, match="no completed orders of channel 'sms'"):
        estimate_loss_batch(small, outage, channel="sms", progress=False)


def test_a_missing_merchant_column_is_named(small, outage):
    with pytest.raises(DataError, match="no column 'shop'"):
        batch(small, outage, by="shop")


def test_the_merchant_column_may_have_another_name(small, outage, rows):
    renamed = batch(small.rename(columns={"merchant_id": "shop"}), outage, by="shop")
    assert list(renamed.columns) == ["shop", *BATCH_COLUMNS]
    expected = rows.loc[rows["merchant_id"].isin(["M00001", "M00002"])]
    assert renamed["lost_orders"].to_numpy() == pytest.approx(
        expected["lost_orders"].to_numpy(), rel=1e-12
    )
