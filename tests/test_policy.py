"""Tests of claimstats.policy: the claim policy, its checks, deadlines and next steps."""

# ruff: noqa: PD011 (``.values`` here is the dict field of PolicyCheck and NextStep)

from __future__ import annotations

import json
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from claimstats._time import country_code
from claimstats.datasets.sample import make_sample
from claimstats.errors import ConfigError, DataError
from claimstats.incidents import incidents
from claimstats.models import ClaimPolicy, PolicyAssessment
from claimstats.pipeline import analyze_claim
from claimstats.policy import POLICY_CODES, add_business_days, assess_claim
from claimstats.schema import OUTAGE_COLUMNS, empty_outages

AS_OF = "2026-08-10T10:00+08:00"
TZ = "Asia/Shanghai"


def outage_frame(*rows: tuple) -> pd.DataFrame:
    """Canonical outages from ``(start, end)`` UTC pairs; ``end`` None for an open outage."""
    records = [
        {
            "incident_id": f"i{n}",
            "service": "WhatsApp Web",
            "start": pd.Timestamp(start, tz="UTC"),
            "end": pd.NaT if end is None else pd.Timestamp(end, tz="UTC"),
            "severity": "outage",
            "description": "",
            "source": "monitor",
        }
        for n, (start, end) in enumerate(rows)
    ]
    return pd.concat([empty_outages(), pd.DataFrame(records)], ignore_index=True).astype(
        OUTAGE_COLUMNS
    )


@pytest.fixture(scope="module")
def sample_inc() -> pd.DataFrame:
    return incidents(make_sample(0).outages, as_of=AS_OF)


@pytest.fixture(scope="module")
def sample_assessment(sample_inc) -> PolicyAssessment:
    return assess_claim(
        sample_inc, as_of=AS_OF, tz=TZ, has_order_records=True, has_control_channel=True
    )


def codes(items) -> list[str]:
    return [item.code for item in items]


# --- ClaimPolicy ---------------------------------------------------------------------


def test_policy_defaults_follow_the_domain() -> None:
    policy = ClaimPolicy()
    assert policy.threshold == timedelta(hours=24)
    assert policy.filing_window == timedelta(days=7)
    assert policy.recurrence_window == timedelta(days=7)
    assert (policy.recurrence_min, policy.claimant_type, policy.country) == (3, "business", "CN")
    assert (policy.reply_business_days, policy.follow_up_days) == ((1, 3), 7)


def test_policy_takes_text_durations_and_round_trips_through_json() -> None:
    policy = ClaimPolicy(threshold="12h", filing_window="P10D", country=" gb ")
    assert policy.threshold == timedelta(hours=12)
    assert policy.filing_window == timedelta(days=10)
    assert policy.country == "GB"
    assert ClaimPolicy.model_validate_json(policy.model_dump_json()) == policy


def test_policy_counts_take_numpy_integers_as_the_estimator_settings_do() -> None:
    policy = ClaimPolicy(recurrence_min=np.int64(4))
    assert (policy.recurrence_min, type(policy.recurrence_min)) == (4, int)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"threshold": "0h"}, "threshold='0h' must be longer than zero; pass e.g. '24h' or '7D'"),
        ({"filing_window": "soon"}, "filing_window='soon' is not a duration"),
        ({"recurrence_window": "-1D"}, "recurrence_window='-1D' must be a duration of zero"),
        ({"recurrence_min": 0}, "recurrence_min=0 must be a whole number of 1 or more"),
        ({"follow_up_days": 2.5}, "follow_up_days=2.5 must be a whole number of 1 or more"),
        ({"claimant_type": "company"}, "claimant_type='company' is not known; pass 'business'"),
        ({"country": "ZZ"}, "country='ZZ' has no public-holiday calendar; pass an ISO 3166"),
        ({"reply_business_days": (3, 1)}, "reply_business_days=(3, 1) must be two whole numbers"),
        ({"reply_business_days": (0, 2)}, "reply_business_days=(0, 2) must be two whole numbers"),
    ],
)
def test_bad_policy_values_raise_config_errors_saying_what_to_pass(settings, message) -> None:
    with pytest.raises(ConfigError) as caught:
        ClaimPolicy(**settings)
    assert str(caught.value).startswith(message)


def test_country_code_normalises_and_refuses_unknown_codes() -> None:
    assert country_code("cn") == "CN"
    with pytest.raises(ConfigError, match="country=None has no public-holiday calendar"):
        country_code(None)


# --- the sample claim ------------------------------------------------------------------


def test_sample_claim_meets_both_duration_tests(sample_assessment) -> None:
    a = sample_assessment
    assert codes(a.checks) == [
        "continuous_interruption",
        "repeated_interruptions",
        "filed_in_time",
        "business_evidence",
    ]
    continuous, repeated, filed, evidence = a.checks
    assert continuous.met
    assert continuous.values == {"longest_hours": 27.25, "threshold_hours": 24.0}
    assert continuous.text == (
        "The longest continuous interruption lasted 27 h 15 min, more than the 24 h threshold."
    )
    assert repeated.met
    assert repeated.values == {
        "max_interruptions_in_window": 3,
        "recurrence_min": 3,
        "window_days": 7.0,
    }
    assert filed.met
    assert filed.values == {"deadline": "2026-08-11", "days_remaining": 1, "filed": "no"}
    assert evidence.met
    assert a.qualifies
    assert a.notes == []


def test_sample_claim_deadlines_in_the_local_calendar(sample_assessment) -> None:
    filing, reply, follow_up = sample_assessment.deadlines
    # first interruption 2026-08-04 09:40 in Guangzhou, plus 7 days
    assert (filing.code, filing.date, filing.days_remaining, filing.passed) == (
        "filing_deadline",
        date(2026, 8, 11),
        1,
        False,
    )
    assert filing.moment == pd.Timestamp("2026-08-11T01:40", tz="UTC")
    # as_of is Monday 10 August: 1-3 business days are Tuesday to Thursday
    assert (reply.code, reply.date, reply.days_remaining) == (
        "first_reply_due",
        date(2026, 8, 13),
        3,
    )
    assert (follow_up.code, follow_up.date, follow_up.days_remaining) == (
        "follow_up_due",
        date(2026, 8, 17),
        7,
    )


def test_filing_deadline_matches_the_report(sample_inc) -> None:
    from claimstats.report import build_report

    claim = make_sample(0)
    report = build_report(
        analyze_claim(
            claim.orders,
            claim.outages,
            tz=TZ,
            channel="whatsapp",
            as_of=AS_OF,
            estimator={"method": "seasonal"},
        )
    )
    assessment = assess_claim(sample_inc, as_of=AS_OF, tz=TZ)
    assert assessment.deadlines[0].moment == report.filing_deadline


def test_sample_claim_next_steps_in_order(sample_assessment) -> None:
    steps = sample_assessment.next_steps
    assert [(s.code, s.due, s.done) for s in steps] == [
        ("file_claim", date(2026, 8, 11), False),
        ("await_first_reply", date(2026, 8, 13), False),
        ("follow_up_no_reply", date(2026, 8, 17), False),
        ("appeal_with_more_evidence", None, False),
        ("escalate_consumer_protection", None, False),
        ("escalate_arbitration", None, False),
        ("escalate_small_claims_court", None, False),
    ]
    assert steps[1].values["earliest"] == "2026-08-11"
    assert steps[1].values["latest"] == "2026-08-13"


def test_assessment_round_trips_through_json(sample_assessment) -> None:
    text = sample_assessment.model_dump_json()
    assert PolicyAssessment.model_validate_json(text) == sample_assessment


@pytest.mark.parametrize(
    ("policy", "tests"),
    [
        ({}, ["continuous_interruption", "repeated_interruptions"]),
        ({"recurrence_min": 4}, ["continuous_interruption"]),
        ({"threshold": "30h"}, ["repeated_interruptions"]),
        ({"threshold": "30h", "recurrence_min": 4}, []),
    ],
)
def test_json_says_whether_the_claim_qualifies_and_by_which_tests(sample_inc, policy, tests):
    a = assess_claim(sample_inc, ClaimPolicy(**policy), as_of=AS_OF, tz=TZ)
    data = json.loads(a.model_dump_json())
    assert (data["qualifies"], data["qualifying_tests"]) == (bool(tests), tests)
    assert PolicyAssessment.model_validate(data) == a  # read back, the verdict drawn again


def test_assess_claim_does_not_change_the_incidents(sample_inc) -> None:
    before = sample_inc.copy()
    assess_claim(sample_inc, as_of=AS_OF, tz=TZ)
    pd.testing.assert_frame_equal(sample_inc, before)


def test_every_code_emitted_is_listed(sample_inc) -> None:
    listed = {code for group in POLICY_CODES.values() for code in group}
    personal = ClaimPolicy(claimant_type="personal")
    runs = [
        assess_claim(sample_inc, as_of=AS_OF, tz=TZ),
        assess_claim(sample_inc, personal, as_of="2026-08-20T10:00+08:00", tz=TZ),
        assess_claim(sample_inc, as_of=AS_OF, tz=TZ, filed_on="2026-08-09"),
        assess_claim(incidents(empty_outages()), as_of=AS_OF, tz=TZ),
        assess_claim(
            incidents(outage_frame(("2026-08-09 00:00", None)), as_of=AS_OF), as_of=AS_OF, tz=TZ
        ),
    ]
    emitted = {
        item.code for a in runs for item in (*a.checks, *a.deadlines, *a.next_steps, *a.notes)
    }
    assert emitted == listed


# --- claimants, filing, deadlines ----------------------------------------------------------


def test_business_claim_without_records_asks_for_them(sample_inc) -> None:
    a = assess_claim(sample_inc, as_of=AS_OF, tz=TZ, has_order_records=True)
    check = a.check("business_evidence")
    assert check is not None
    assert not check.met
    assert check.values == {"order_records": "yes", "control_channel": "no"}
    assert check.text == ("Business claims need stricter proof: add an unaffected control channel.")


def test_personal_claimant_is_told_about_service_extensions(sample_inc) -> None:
    a = assess_claim(sample_inc, ClaimPolicy(claimant_type="personal"), as_of=AS_OF, tz=TZ)
    assert a.check("business_evidence") is None
    assert codes(a.notes) == ["service_extension_likely"]


def test_stricter_policy_can_fail_both_duration_tests(sample_inc) -> None:
    policy = ClaimPolicy(threshold="30h", recurrence_min=4)
    a = assess_claim(sample_inc, policy, as_of=AS_OF, tz=TZ)
    assert not a.check("continuous_interruption").met
    assert not a.check("repeated_interruptions").met
    assert not a.qualifies


def test_deadline_passed_turns_filing_into_filing_late(sample_inc) -> None:
    a = assess_claim(sample_inc, as_of="2026-08-12T10:00+08:00", tz=TZ)
    filed = a.check("filed_in_time")
    assert not filed.met
    assert filed.values["days_remaining"] == -1
    assert (a.deadlines[0].days_remaining, a.deadlines[0].passed) == (-1, True)
    assert (a.next_steps[0].code, a.next_steps[0].due) == ("file_claim_late", date(2026, 8, 12))


@pytest.mark.parametrize(("clock", "passed"), [("09:40", False), ("09:41", True)])
def test_deadline_is_a_moment_on_its_last_day(sample_inc, clock, passed) -> None:
    a = assess_claim(sample_inc, as_of=f"2026-08-11T{clock}+08:00", tz=TZ)
    deadline = a.deadlines[0]
    assert (deadline.days_remaining, deadline.passed) == (0, passed)
    assert a.check("filed_in_time").met is not passed


def test_filed_claim_counts_replies_from_the_filing_day(sample_inc) -> None:
    a = assess_claim(sample_inc, as_of=AS_OF, tz=TZ, filed_on=date(2026, 8, 7))
    assert a.filed_on == date(2026, 8, 7)
    assert a.check("filed_in_time").met
    assert a.check("filed_in_time").values["filed"] == "yes"
    assert (a.next_steps[0].code, a.next_steps[0].due, a.next_steps[0].done) == (
        "file_claim",
        date(2026, 8, 7),
        True,
    )
    # Friday 7 August + 1..3 business days: Monday 10 to Wednesday 12
    assert a.next_steps[1].values["earliest"] == "2026-08-10"
    assert (a.deadlines[1].date, a.deadlines[1].passed) == (date(2026, 8, 12), False)
    assert (a.deadlines[2].date, a.deadlines[2].days_remaining) == (date(2026, 8, 14), 4)


def test_filed_on_accepts_an_aware_time_in_the_local_calendar(sample_inc) -> None:
    a = assess_claim(sample_inc, as_of=AS_OF, tz=TZ, filed_on="2026-08-08T20:30:00Z")
    assert a.filed_on == date(2026, 8, 9)


@pytest.mark.parametrize("filed_on", ["2026-08-03", "2026-08-11", "next week"])
def test_filed_on_outside_the_claim_is_refused(sample_inc, filed_on) -> None:
    with pytest.raises(ConfigError, match="filed_on"):
        assess_claim(sample_inc, as_of=AS_OF, tz=TZ, filed_on=filed_on)


# --- edge cases -------------------------------------------------------------------------


def test_ongoing_incident_is_noted_and_counted_to_as_of() -> None:
    inc = incidents(outage_frame(("2026-08-09 00:00", None)), as_of="2026-08-10T02:00Z")
    a = assess_claim(inc, as_of="2026-08-10T02:00Z", tz=TZ)
    assert a.summary.ongoing
    assert a.check("continuous_interruption").values["longest_hours"] == 26.0
    assert a.check("continuous_interruption").met
    assert codes(a.notes) == ["incident_ongoing"]


def test_no_incidents_means_nothing_to_claim() -> None:
    a = assess_claim(incidents(empty_outages()), as_of=AS_OF, tz=TZ)
    assert codes(a.checks) == [
        "continuous_interruption",
        "repeated_interruptions",
        "business_evidence",
    ]
    assert not a.qualifies
    assert (a.deadlines, a.next_steps) == ([], [])
    assert codes(a.notes) == ["no_interruptions"]


def test_as_of_before_the_incidents_end_is_refused() -> None:
    inc = incidents(outage_frame(("2026-08-04 01:40", "2026-08-05 04:55")))
    with pytest.raises(ConfigError, match=r"the incidents run until 2026-08-05 04:55:00\+00:00"):
        assess_claim(inc, as_of="2026-08-01T10:00+08:00", tz=TZ)


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"as_of": "2026-08-10 10:00", "tz": TZ}, ConfigError, "has no time zone"),
        ({"as_of": AS_OF, "tz": "Mars/Olympus"}, ConfigError, "unknown time zone"),
    ],
)
def test_bad_arguments_raise(sample_inc, arguments, error, message) -> None:
    with pytest.raises(error, match=message):
        assess_claim(sample_inc, **arguments)


def test_a_frame_that_is_not_incidents_is_refused(claim) -> None:
    with pytest.raises(DataError, match=r"lacks columns \['duration', 'ongoing'\]"):
        assess_claim(claim.outages, as_of=AS_OF, tz=TZ)


# --- business days ----------------------------------------------------------------------


def test_golden_week_2026_skips_the_holidays_and_works_the_makeup_saturday() -> None:
    # 1-7 October 2026 are holidays; Sunday 20 September and Saturday 10 October are worked.
    eve = date(2026, 9, 30)
    assert [add_business_days(eve, n, "CN") for n in (1, 2, 3)] == [
        date(2026, 10, 8),
        date(2026, 10, 9),
        date(2026, 10, 10),
    ]
    assert add_business_days(date(2026, 9, 18), 1, "CN") == date(2026, 9, 20)
    assert add_business_days(date(2026, 10, 3), 0, "CN") == date(2026, 10, 8)


def test_same_dates_in_britain_are_ordinary_business_days() -> None:
    assert add_business_days(date(2026, 9, 30), 3, "GB") == date(2026, 10, 5)
    assert add_business_days(date(2026, 9, 18), 1, "GB") == date(2026, 9, 21)
    # Christmas Day (Friday) and Boxing Day moved to Monday 28 December
    assert add_business_days(date(2026, 12, 24), 1, "GB") == date(2026, 12, 29)


def test_reply_window_over_golden_week_in_an_assessment() -> None:
    inc = incidents(outage_frame(("2026-09-28 01:00", "2026-09-29 03:00")))
    as_of = "2026-09-30T18:00+08:00"
    cn = assess_claim(inc, as_of=as_of, tz=TZ)
    gb = assess_claim(inc, ClaimPolicy(country="GB"), as_of=as_of, tz="Europe/London")
    assert cn.next_steps[1].values["earliest"] == "2026-10-08"
    assert (cn.deadlines[1].date, cn.deadlines[1].days_remaining) == (date(2026, 10, 10), 10)
    assert gb.next_steps[1].values["earliest"] == "2026-10-01"
    assert gb.deadlines[1].date == date(2026, 10, 5)
    # follow-up counts calendar days, holidays or not
    assert cn.deadlines[2].date == gb.deadlines[2].date == date(2026, 10, 7)


def test_business_days_refuse_a_negative_count() -> None:
    with pytest.raises(ConfigError, match="days=-1 must be 0 or more"):
        add_business_days(date(2026, 9, 30), -1, "CN")
