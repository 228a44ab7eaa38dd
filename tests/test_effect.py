"""Tests of claimstats.estimate.effect: the generic counterfactual and its calibration."""

from __future__ import annotations

import importlib.util
import json
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import claimstats as cs
from claimstats.datasets import make_sample
from claimstats.errors import ConfigError, DataError
from claimstats.estimate.effect import counterfactual
from claimstats.estimate.regression import LinearFit, backtest_errors, design
from claimstats.models import Effect

CASES_DIR = Path(__file__).parent / "data" / "causalimpact"
CASES = json.loads((CASES_DIR / "cases.json").read_text(encoding="utf-8"))["cases"]


def load_case(case: dict) -> tuple[pd.Series, pd.DataFrame | None]:
    """The response (with any published added effect) and covariates of a reference case."""
    frame = pd.read_csv(CASES_DIR / case["file"], sep=case.get("sep", ","))
    if "index" in case:
        frame = frame.set_index(pd.DatetimeIndex(frame.pop(case["index"])))
    y = frame[case["response"]].copy()
    start = case["post"][0]
    first = start if isinstance(start, int) else frame.index.searchsorted(pd.Timestamp(start))
    y.iloc[first:] += case.get("add", 0.0)
    covariates = frame[case["covariates"]] if case["covariates"] else None
    return y, covariates


def run_case(case: dict) -> Effect:
    y, x = load_case(case)
    return counterfactual(y, x, pre=tuple(case["pre"]), post=tuple(case["post"]))


def ar1(rng: np.random.Generator, size: int, phi: float, sd: float) -> np.ndarray:
    """A stationary AR(1) series."""
    shocks = rng.normal(0, sd, size)
    out = np.empty(size)
    level = rng.normal(0, sd / np.sqrt(1 - phi**2))
    for i in range(size):
        level = phi * level + shocks[i]
        out[i] = level
    return out


# --- the reference tool's published examples -----------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_reproduces_the_reference_tools_conclusion(case):
    effect = run_case(case)
    reference = case["reference"]
    if case["truth"] is not None:
        assert effect.effect_low <= case["truth"] <= effect.effect_high
    if reference is None:  # a recipe with known truth but no published run
        assert effect.significant == (case["truth"] != 0)
        return
    assert effect.significant == (reference["p_value"] < 0.05)
    if effect.significant:
        assert np.sign(effect.effect) == np.sign(reference["effect"])
    assert reference["effect_low"] <= effect.effect <= reference["effect_high"]
    if reference["relative_low"] is not None:
        assert reference["relative_low"] <= effect.relative_effect <= reference["relative_high"]


@pytest.mark.parametrize(
    "case", [c for c in CASES if c["reference"] and c["reference"]["actual"] is not None],
    ids=lambda c: c["name"],
)  # fmt: skip
def test_reference_data_are_the_data_the_tool_saw(case):
    # The published 'Actual' (sum over the post period) is reproduced: same data.
    effect = run_case(case)
    reference = case["reference"]
    assert effect.actual == pytest.approx(reference["actual"], abs=reference["actual_tolerance"])


def test_vignette_matches_causalimpact_within_its_interval():
    vignette = next(c for c in CASES if c["name"] == "vignette")
    effect = run_case(vignette)
    assert effect.actual == pytest.approx(3511.46, abs=0.01)
    assert effect.predicted == pytest.approx(3197.8, abs=0.1)  # R: 3195 [3171, 3220]
    assert effect.effect == pytest.approx(313.7, abs=0.1)  # R: 316 [291.7, 340]
    assert (effect.effect_low, effect.effect_high) == pytest.approx((293.0, 334.3), abs=0.1)
    assert effect.relative_effect == pytest.approx(0.098, abs=0.001)  # R: 9.9%
    assert effect.p_value < 0.001  # R: 0.00111
    assert effect.placebo_windows == 29


def load_make_cases():
    spec = importlib.util.spec_from_file_location("make_cases", CASES_DIR / "make_cases.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_r_random_numbers_are_reproduced():
    make_cases = load_make_cases()
    # R: set.seed(1); rnorm(5) and set.seed(42); rnorm(3)
    np.testing.assert_allclose(
        make_cases.RRandom(1).rnorm(5),
        [-0.6264538107, 0.1836433242, -0.8356286124, 1.5952808021, 0.3295077718],
        atol=1e-9,
    )
    np.testing.assert_allclose(
        make_cases.RRandom(42).rnorm(3), [1.3709584471, -0.5646981714, 0.3631284113], atol=1e-9
    )


def test_simulated_reference_files_are_rebuilt_from_their_recipes():
    make_cases = load_make_cases()
    built = {
        "vignette.csv": make_cases.vignette(100, 71),
        "seed42.csv": make_cases.seed42(),
        "arma_data.csv": make_cases.arma(),
    }
    for name, frame in built.items():
        stored = pd.read_csv(CASES_DIR / name)
        np.testing.assert_allclose(stored.to_numpy(), frame.to_numpy(), atol=1e-9)


# --- null effects are not called significant; real ones are found ------------------


def daily_case(rng: np.random.Generator, effect: float):
    """120 days of covariate-driven orders with a weekly pattern and AR(1) noise, 28 after."""
    size, pre_points = 148, 120
    days = pd.date_range("2025-01-01", periods=size, freq="D")
    x1 = 20 + ar1(rng, size, 0.95, 1.0)
    x2 = rng.normal(10, 2, size)
    week = np.array([0, 1, 2, 3, 5, 9, 4.0])[np.asarray(days.day_of_week)]
    y = 50 + 2 * x1 - 0.5 * x2 + week + ar1(rng, size, 0.5, 2.0)
    y[pre_points:] += effect
    x = pd.DataFrame({"x1": x1, "x2": x2}, index=days)
    return pd.Series(y, index=days), x, (days[0], days[119]), (days[120], days[-1])


def hourly_case(rng: np.random.Generator, effect: float):
    """10 weeks of hourly orders (hour x weekday pattern, a covariate, AR(1) noise)."""
    size, length = 1680, 27
    hours = pd.date_range("2025-03-03", periods=size, freq="h", tz="UTC")
    daily = [0.1] * 7 + [0.5, 1, 2, 3, 3, 4, 3, 2, 2, 3, 4, 5, 4, 3, 2, 1, 0.5]
    shape = np.array(daily)[np.asarray(hours.hour)]
    weekday = np.array([0.9, 1, 1, 1, 1.2, 1.4, 1.1])[np.asarray(hours.day_of_week)]
    x1 = 5 + ar1(rng, size, 0.9, 1.0)
    y = 10 * shape * weekday + 1.5 * x1 + ar1(rng, size, 0.6, 1.5)
    start = size - length - int(rng.integers(0, 48))
    y[start : start + length] += effect
    x = pd.DataFrame({"x1": x1}, index=hours)
    pre, post = (hours[0], hours[start - 1]), (hours[start], hours[start + length - 1])
    return pd.Series(y, index=hours), x, pre, post


def short_case(rng: np.random.Generator, effect: float):
    """The vignette's shape: 70 points before, 30 after, a random-walk covariate."""
    x1 = 100 + ar1(rng, 100, 0.999, 1.0)
    y = 1.2 * x1 + ar1(rng, 100, 0.3, 1.0)
    y[70:] += effect
    return y, x1, (0, 69), (70, 99)


def replicate(make, reps: int, effect: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """p-values and whether the effect interval covered the true total, over ``reps`` series."""
    rng = np.random.default_rng(seed)
    p_values, covered = [], []
    for _ in range(reps):
        y, x, pre, post = make(rng, effect)
        result = counterfactual(y, x, pre=pre, post=post)
        p_values.append(result.p_value)
        covered.append(result.effect_low <= effect * result.post_points <= result.effect_high)
    return np.array(p_values), np.array(covered)


@pytest.mark.parametrize(
    ("make", "reps"), [(daily_case, 200), (hourly_case, 200), (short_case, 500)],
    ids=["daily", "hourly", "short-pre"],
)  # fmt: skip
def test_without_effect_p_values_are_roughly_uniform(make, reps):
    p_values, covered = replicate(make, reps, effect=0.0, seed=11)
    assert np.mean(p_values < 0.05) <= 0.07  # the tail that decides significance
    assert np.mean(p_values < 0.5) <= 0.6  # the bulk is uniform or conservative, never liberal
    assert 0.93 <= np.mean(covered) <= 0.99


@pytest.mark.parametrize(
    ("make", "effect"), [(daily_case, 5.0), (hourly_case, 3.0), (short_case, 3.0)],
    ids=["daily", "hourly", "short-pre"],
)  # fmt: skip
def test_with_an_injected_effect_power_is_high_and_the_interval_covers_it(make, effect):
    p_values, covered = replicate(make, 100, effect=effect, seed=12)
    assert np.mean(p_values < 0.05) >= 0.8
    assert np.mean(covered) >= 0.9


def test_lost_orders_of_the_sample_outage_lie_in_the_interval():
    claim = make_sample(seed=0)
    start, end = claim.orders["timestamp"].min().floor("D"), claim.orders["timestamp"].max()

    def hourly(channel: str) -> pd.Series:
        chosen = claim.orders.loc[claim.orders["channel"] == channel]
        frame = cs.bucket_orders(chosen, freq="1h", by=None, start=start, end=end)
        return pd.Series(frame["orders"].to_numpy(float), index=pd.DatetimeIndex(frame["bucket"]))

    whatsapp, website = hourly("whatsapp"), hourly("website")
    outage = claim.truth.windows[0]
    first, last = outage.start.floor("h"), outage.end.floor("h")
    effect = counterfactual(
        whatsapp, website.to_frame("website"), pre=(start, first - pd.Timedelta("1h")),
        post=(first, last),
    )  # fmt: skip
    assert effect.effect_low <= -outage.gross_lost_orders <= effect.effect_high
    assert effect.effect == pytest.approx(-outage.expected_lost_orders, rel=0.1)
    assert effect.significant
    assert effect.post_points == 28
    assert "hour of the week" in effect.method_reason


def test_ten_weeks_hourly_with_covariates_takes_well_under_half_a_second():
    y, x, pre, post = hourly_case(np.random.default_rng(3), effect=0.0)
    x = x.assign(x2=np.random.default_rng(4).normal(size=len(x)))
    counterfactual(y, x, pre=pre, post=post)
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        counterfactual(y, x, pre=pre, post=post)
        timings.append(time.perf_counter() - started)
    assert min(timings) < 0.25


# --- what the result holds -----------------------------------------------------------


@pytest.fixture(scope="module")
def daily_effect() -> Effect:
    y, x, pre, post = daily_case(np.random.default_rng(5), effect=4.0)
    return counterfactual(y, x, pre=pre, post=post)


def test_sums_intervals_and_averages_are_consistent(daily_effect):
    e = daily_effect
    assert e.effect == pytest.approx(e.actual - e.predicted)
    half = e.predicted_high - e.predicted
    assert e.predicted - e.predicted_low == pytest.approx(half)
    assert (e.effect_low, e.effect_high) == pytest.approx((e.effect - half, e.effect + half))
    assert e.average_effect == pytest.approx(e.effect / e.post_points)
    assert e.average_predicted_high == pytest.approx(e.predicted_high / e.post_points)
    assert e.relative_effect == pytest.approx(e.effect / e.predicted)
    assert e.relative_effect_low == pytest.approx(e.actual / e.predicted_high - 1)
    assert e.relative_effect_high == pytest.approx(e.actual / e.predicted_low - 1)
    assert (e.pre_points, e.post_points, e.confidence, e.seed) == (120, 28, 0.95, 0)


def test_points_cover_pre_and_post_with_their_bands(daily_effect):
    e = daily_effect
    assert len(e.points) == 148
    assert [p.post for p in e.points].count(True) == 28
    assert e.points[0].at == datetime(2025, 1, 1)  # naive times stay naive  # noqa: DTZ001
    assert sum(p.actual - p.predicted for p in e.points if p.post) == pytest.approx(e.effect)
    assert all(p.predicted_low <= p.predicted <= p.predicted_high for p in e.points)
    assert (e.pre_start, e.post_start) == (e.points[0].at, e.points[120].at)


def test_result_is_serialisable_and_identical_for_the_same_inputs(daily_effect):
    y, x, pre, post = daily_case(np.random.default_rng(5), effect=4.0)
    again = counterfactual(y, x, pre=pre, post=post)
    assert again == daily_effect
    assert Effect.model_validate_json(daily_effect.model_dump_json()) == daily_effect


def test_inputs_are_not_modified():
    y, x, pre, post = daily_case(np.random.default_rng(6), effect=0.0)
    y_before, x_before = y.copy(), x.copy()
    counterfactual(y, x, pre=pre, post=post)
    pd.testing.assert_series_equal(y, y_before)
    pd.testing.assert_frame_equal(x, x_before)


def test_times_of_an_aware_index_are_reported_in_utc():
    y, x, pre, post = hourly_case(np.random.default_rng(7), effect=0.0)
    local = y.tz_convert("Asia/Shanghai")
    e = counterfactual(local, x.tz_convert("Asia/Shanghai"), pre=pre, post=post)
    assert e.pre_start == datetime(2025, 3, 3, tzinfo=UTC)
    assert e.points[0].at.tzinfo == UTC


def test_naive_bounds_on_an_aware_index_are_read_in_its_zone():
    idx = pd.date_range("2026-01-01", periods=60, freq="D", tz="Asia/Shanghai")
    y = pd.Series(np.random.default_rng(0).normal(10, 1, 60), index=idx)
    e = counterfactual(y, pre=("2026-01-01", "2026-02-14"), post=("2026-02-15", "2026-03-01"))
    assert (e.pre_points, e.post_points) == (45, 15)


def test_positions_labels_and_arrays_give_the_same_effect():
    vignette = pd.read_csv(CASES_DIR / "vignette.csv")
    from_arrays = counterfactual(
        vignette["y"].to_numpy(), vignette["x1"].to_numpy(), pre=(0, 69), post=(70, 99)
    )
    r_style = vignette.set_index(pd.RangeIndex(1, 101))  # R counts from 1
    from_labels = counterfactual(r_style["y"], r_style[["x1"]], pre=(1, 70), post=(71, 100))
    assert from_labels.effect == pytest.approx(from_arrays.effect)
    assert from_labels.pre_start == 1
    dated = vignette.set_index(pd.date_range("2014-01-01", periods=100, freq="D"))
    from_positions = counterfactual(
        dated["y"], dated[["x1"]], pre=(0, 69), post=(70, 99), season=None
    )
    assert from_positions.effect == pytest.approx(from_arrays.effect)
    assert isinstance(from_arrays.points[0].at, int)


def test_weekly_and_monthly_series_need_no_season():
    months = pd.period_range("2015-01", periods=60, freq="M")
    rng = np.random.default_rng(8)
    x = 50 + rng.normal(0, 3, 60)
    y = pd.Series(2 * x + rng.normal(0, 1, 60), index=months)
    y.iloc[48:] -= 10
    e = counterfactual(
        y, pd.Series(x, index=months), pre=("2015-01", "2018-12"), post=("2019-01", "2019-12")
    )
    assert e.effect_low <= -120 <= e.effect_high
    assert e.significant
    assert e.method_reason.startswith("Least squares of the series on an intercept, 1 covariate")
    assert e.post_start == datetime(2019, 1, 1)  # noqa: DTZ001


def test_a_cycle_on_a_plain_index_is_modelled_with_season():
    rng = np.random.default_rng(1)
    pattern = np.tile([-1.5, -0.8, 0.0, 0.9, 1.8, 2.7, 3.5], 16)
    y = pattern + rng.normal(0, 0.3, 112)
    y[84:] += 3
    with_cycle = counterfactual(y, pre=(0, 83), post=(84, 111), season=7)
    without = counterfactual(y, pre=(0, 83), post=(84, 111), season=None)
    assert with_cycle.effect_low <= 84 <= with_cycle.effect_high
    assert with_cycle.effect_high - with_cycle.effect_low < 0.5 * (
        without.effect_high - without.effect_low
    )
    assert "7-point cycle" in with_cycle.method_reason


def test_trend_follows_a_trending_series():
    rng = np.random.default_rng(10)
    y = 20 + 0.5 * np.arange(150) + rng.normal(0, 1, 150)
    y[120:] -= 5
    with_trend = counterfactual(y, pre=(0, 119), post=(120, 149), trend=True)
    assert with_trend.effect_low <= -150 <= with_trend.effect_high
    assert with_trend.significant
    assert "a linear trend" in with_trend.method_reason


def test_a_gap_between_pre_and_post_is_left_out():
    y, x, _, _ = daily_case(np.random.default_rng(13), effect=0.0)
    e = counterfactual(y, x, pre=(y.index[0], y.index[109]), post=(y.index[120], y.index[-1]))
    assert (e.pre_points, e.post_points, len(e.points)) == (110, 28, 138)
    assert e.pre_end == datetime(2025, 4, 20)  # noqa: DTZ001


def test_few_placebo_windows_give_a_t_interval_and_a_note():
    case = next(c for c in CASES if c["name"] == "google")
    e = run_case(case)
    assert e.placebo_windows == 13
    note = next(n for n in e.notes if n.code == "few_placebos")
    assert note.model_dump()["values"] == {"count": 13, "minimum": 39}


def test_an_effect_beyond_every_placebo_notes_the_smallest_p_value():
    case = next(c for c in CASES if c["name"] == "volkswagen")
    e = run_case(case)
    assert e.placebo_windows == 155
    assert e.p_value == pytest.approx(1 / 156)
    assert [n.code for n in e.notes] == ["p_value_floor"]


def test_placebo_windows_are_drawn_with_the_seed_when_capped():
    y, x, pre, post = hourly_case(np.random.default_rng(14), effect=0.0)
    first = counterfactual(y, x, pre=pre, post=post, max_placebos=40, seed=1)
    again = counterfactual(y, x, pre=pre, post=post, max_placebos=40, seed=1)
    other = counterfactual(y, x, pre=pre, post=post, max_placebos=40, seed=2)
    assert first == again
    assert first.placebo_windows == 40
    assert first.effect_high != other.effect_high
    assert any(n.code == "placebos_drawn" for n in first.notes)


def test_relative_effect_is_undefined_when_the_prediction_may_be_zero():
    rng = np.random.default_rng(15)
    y = rng.normal(0, 1, 100)
    e = counterfactual(y, pre=(0, 69), post=(70, 99))
    assert e.relative_effect_low is None
    assert e.relative_effect_high is None
    assert type(e).model_validate_json(e.model_dump_json()) == e  # survives JSON
    assert any(n.code == "relative_undefined" for n in e.notes)


def test_covariates_constant_or_duplicated_do_not_break_the_fit():
    y, x, pre, post = daily_case(np.random.default_rng(16), effect=0.0)
    wide = x.assign(same=x["x1"], flat=1.0)
    e = counterfactual(y, wide, pre=pre, post=post)
    base = counterfactual(y, x, pre=pre, post=post)
    assert e.predicted == pytest.approx(base.predicted, rel=1e-6)


# --- the regression module -------------------------------------------------------------


def test_slot_levels_equal_one_indicator_column_per_slot():
    rng = np.random.default_rng(17)
    slots = np.arange(60) % 4
    x = rng.normal(size=(60, 2))
    y = x @ [1.5, -2.0] + np.array([0.0, 3.0, -1.0, 5.0])[slots] + rng.normal(0, 0.1, 60)
    fit = LinearFit.from_rows(x, slots, y, levels=4)
    dummies = (slots[:, None] == np.arange(4)).astype(float)
    coef, *_ = np.linalg.lstsq(np.hstack([dummies, x]), y, rcond=None)
    np.testing.assert_allclose(fit.level, coef[:4], atol=1e-6)
    np.testing.assert_allclose(fit.coef, coef[4:], atol=1e-6)


def test_backtest_fits_only_on_data_before_each_window():
    model = design(pd.RangeIndex(30), None, 30, None, trend=False)
    y = np.r_[np.zeros(20), np.full(10, 7.0)]  # a step at row 20
    errors = backtest_errors(model, y, np.array([12, 20]), gap=0, length=5)
    np.testing.assert_allclose(errors[0], 0.0, atol=1e-12)  # rows 12-16 are before the step
    np.testing.assert_allclose(errors[1], 7.0)  # the fit on rows 0-19 never saw it


@pytest.mark.parametrize(
    ("freq", "days", "label", "levels"),
    [
        ("1D", 35, "day of the week", 7),
        ("1D", 14, "an intercept", 1),
        ("1h", 35, "hour of the week", 168),
        ("1h", 21, "hour of the day, and the day of the week", 24),
        ("1h", 7, "hour of the day", 24),
        ("15min", 35, "15-minute slot of the day, and the day of the week", 96),
        ("7D", 420, "an intercept", 1),
    ],
)
def test_auto_season_follows_the_spacing_and_the_pre_periods_length(freq, days, label, levels):
    periods = int(pd.Timedelta(days=days) / pd.Timedelta(freq))
    index = pd.date_range("2026-03-02", periods=periods, freq=freq)
    model = design(index, None, len(index), "auto", trend=False)
    assert label in model.terms[0]
    assert model.levels == levels


def test_daily_season_holds_across_a_daylight_saving_change():
    index = pd.date_range("2026-03-01", periods=42, freq="D", tz="Europe/Berlin")
    y = pd.Series(np.random.default_rng(18).normal(10, 1, 42), index=index)
    e = counterfactual(y, pre=(index[0], index[34]), post=(index[35], index[-1]))
    assert "day of the week" in e.method_reason


# --- input problems say what to do -----------------------------------------------------


@pytest.fixture
def series() -> pd.Series:
    days = pd.date_range("2026-01-01", periods=90, freq="D")
    return pd.Series(np.random.default_rng(0).normal(100, 5, 90), index=days)


PRE, POST = ("2026-01-01", "2026-03-01"), ("2026-03-02", "2026-03-31")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"confidence": 1.5}, "confidence=1.5 must lie between 0 and 1"),
        ({"season": "weekly"}, "season='weekly' must be 'auto', None, or a cycle length"),
        ({"season": 1}, "cycle length of 2 or more"),
        ({"max_placebos": 1}, "max_placebos=1 must be an integer of at least 2"),
        ({"seed": "a"}, "seed='a' must be an integer"),
        ({"trend": "yes"}, "trend='yes' must be True or False"),
        ({"pre": ("2026-03-02", "2026-03-31"), "post": PRE}, "must start after pre="),
        ({"pre": PRE, "post": ("2026-02-20", "2026-03-31")}, "must start after pre="),
        ({"pre": ("2027-01-01", "2027-02-01")}, "holds no point of y, which runs from"),
        ({"pre": ("2026-03-01", "2026-01-01")}, "check the order and the range of pre"),
        ({"pre": "2026-01-01"}, r"must be a \(start, end\) pair"),
        ({"pre": ("soon", "later")}, "pre bound 'soon' is not a time"),
        ({"pre": ("2026-01-01T00:00+08:00", "2026-03-01")}, "has a time zone but y's times"),
        ({"post": (60, 95)}, "post position 95 is outside y's 90 points"),
    ],
)
def test_bad_arguments_are_config_errors(series, kwargs, message):
    arguments = {"pre": PRE, "post": POST, **kwargs}
    with pytest.raises(ConfigError, match=message):
        counterfactual(series, **arguments)


def test_missing_values_in_the_periods_are_data_errors(series):
    broken = series.copy()
    broken.iloc[[5, 40]] = np.nan
    with pytest.raises(DataError, match=r"y has 2 missing or infinite values.*2026-01-06"):
        counterfactual(broken, pre=PRE, post=POST)
    # Points outside the periods, or in the gap between them, are not used.
    counterfactual(broken, pre=("2026-01-07", "2026-02-05"), post=("2026-02-11", "2026-02-14"))


def test_irregular_or_unsorted_times_are_data_errors(series):
    with pytest.raises(DataError, match=r"not evenly spaced: steps of 1 days.*resample"):
        counterfactual(series.drop(series.index[10]), pre=PRE, post=POST)
    with pytest.raises(DataError, match=r"not increasing .*sort_index"):
        counterfactual(series.iloc[::-1], pre=PRE, post=POST)


def test_covariate_problems_are_data_errors(series):
    shifted = series.to_frame("x").shift(freq="1D")
    with pytest.raises(DataError, match=r"X's index does not match y's.*reindex"):
        counterfactual(series, shifted, pre=PRE, post=POST)
    with pytest.raises(DataError, match="X has 89 rows but y has 90 points"):
        counterfactual(series, np.ones(89), pre=PRE, post=POST)
    words = pd.DataFrame({"city": ["a"] * 90}, index=series.index)
    with pytest.raises(DataError, match="covariate 'city' holds"):
        counterfactual(series, words, pre=PRE, post=POST)
    holes = pd.DataFrame({"temp": np.r_[np.nan, np.ones(89)]}, index=series.index)
    with pytest.raises(DataError, match=r"covariates \['temp'\] have missing"):
        counterfactual(series, holes, pre=PRE, post=POST)


def test_response_problems_are_reported(series):
    with pytest.raises(ConfigError, match=r"y is a DataFrame; pass the series .* as y=frame"):
        counterfactual(series.to_frame(), pre=PRE, post=POST)
    with pytest.raises(ConfigError, match=r"y must be one-dimensional"):
        counterfactual(np.ones((10, 2)), pre=(0, 5), post=(6, 9))
    with pytest.raises(DataError, match=r"y holds non-numeric values \(str\)"):
        counterfactual(pd.Series(["a"] * 10), pre=(0, 5), post=(6, 9))
    with pytest.raises(ConfigError, match="y's index holds float64 labels"):
        counterfactual(pd.Series(np.ones(10), index=np.arange(10) / 2), pre=(0, 2), post=(3, 4))


def test_a_pre_period_too_short_for_the_post_is_a_data_error(series):
    with pytest.raises(DataError, match=r"pre period has 20 points, too few .* post period of 30"):
        counterfactual(series, pre=("2026-01-01", "2026-01-20"), post=POST)


def test_counterfactual_is_exported_as_the_function():
    import claimstats as cs
    import claimstats.estimate as estimate

    assert cs.counterfactual is counterfactual
    assert estimate.counterfactual is counterfactual
