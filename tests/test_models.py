"""The result models: settings refuse bad values with a ConfigError, results are frozen and
round-trip through JSON."""

from __future__ import annotations

from datetime import timedelta

import pytest

from claimstats.errors import ConfigError
from claimstats.models import ClaimPolicy, EstimatorSettings, Note, Window

# --- estimator settings -------------------------------------------------------------------


def test_estimator_settings_have_the_defaults_a_claim_needs():
    settings = EstimatorSettings()
    assert settings.model_dump() == {
        "method": "auto",
        "freq": "1h",
        "recovery": "auto",  # measured from the orders, up to 24 h
        "confidence": 0.95,
        "seed": 0,
        "baseline_weeks": 6,
        "max_placebos": 500,
        "sensitivity": True,  # the sensitivity table, in analyze_claim
    }


def test_estimator_settings_take_durations_as_text():
    settings = EstimatorSettings(recovery="90min", freq="15min", method="regression")
    assert settings.recovery == timedelta(minutes=90)
    assert (settings.freq, settings.method) == ("15min", "regression")
    # a fixed window, none at all, or "auto" (measured from the orders), through JSON too
    assert EstimatorSettings(recovery=0).recovery == timedelta(0)
    assert EstimatorSettings(recovery="auto").model_dump_json().count('"recovery":"auto"') == 1
    fixed = EstimatorSettings(recovery="12h")
    assert EstimatorSettings.model_validate_json(fixed.model_dump_json()) == fixed


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("method", "median", "use 'auto' or one of seasonal, control, regression"),
        ("confidence", 95, "must lie between 0 and 1, e.g. 0.95"),
        ("confidence", True, "must lie between 0 and 1"),
        ("confidence", 1.0, "must lie between 0 and 1"),
        ("seed", -1, "seed=-1 must be a whole number of 0 or more"),
        ("baseline_weeks", 0, "baseline_weeks=0 must be a whole number of 1 or more"),
        ("baseline_weeks", 2.5, "must be a whole number"),
        ("max_placebos", 1, "max_placebos=1 must be a whole number of 2 or more"),
        ("freq", "7min", "freq='7min' must divide a day evenly"),
        ("recovery", "soon", "recovery='soon' is not a duration; pass e.g. '24h'"),
        ("recovery", "soon", "or 'auto' to measure it from the orders"),
    ],
)
def test_estimator_settings_refuse_bad_values_saying_what_to_pass(field, value, says):
    with pytest.raises(ConfigError) as caught:
        EstimatorSettings(**{field: value})
    assert says in str(caught.value)


def test_estimator_settings_refuse_unknown_fields_and_stay_frozen():
    with pytest.raises(Exception, match="baseline_week"):
        EstimatorSettings(baseline_week=4)
    settings = EstimatorSettings()
    with pytest.raises(Exception, match="frozen"):
        settings.seed = 2  # type: ignore[misc]


# --- claim policy -------------------------------------------------------------------------


def test_claim_policy_defaults_and_durations():
    policy = ClaimPolicy(threshold="12h", filing_window="3D")
    assert policy.threshold == timedelta(hours=12)
    assert policy.filing_window == timedelta(days=3)
    assert (policy.claimant_type, policy.country, policy.recurrence_min) == ("business", "CN", 3)


# --- records ------------------------------------------------------------------------------


def test_records_round_trip_through_json():
    window = Window(start="2026-08-04T01:00:00Z", end="2026-08-04T03:30:00Z", coverage=0.5)
    assert Window.model_validate_json(window.model_dump_json()) == window
    note = Note(code="lingering_shortfall", values={"orders": 3.25})
    again = Note.model_validate_json(note.model_dump_json())
    assert again == note
    assert again.text.startswith("Orders stayed 3.2 below expectation")
