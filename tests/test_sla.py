"""Tests of claimstats.sla: credit schedules, and monthly uptime with the credit earned."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimstats.errors import ConfigError, DataError, FormatError
from claimstats.incidents import incidents
from claimstats.io import read_sla_schedule, sla_schedule_from_rows
from claimstats.models import SlaMonth, SlaSchedule, SlaTier
from claimstats.schema import OUTAGE_COLUMNS, empty_outages
from claimstats.sla import DOWNTIME_WEIGHTS, monthly_uptime

AS_OF = "2026-08-10T10:00+08:00"


def outage_frame(*rows: tuple) -> pd.DataFrame:
    """Canonical outages from ``(start, end[, severity[, service]])``; times with offsets."""
    records = [
        {
            "incident_id": f"i{n}",
            "service": row[3] if len(row) > 3 else "WhatsApp Web",
            "start": pd.Timestamp(row[0]).tz_convert("UTC"),
            "end": pd.NaT if row[1] is None else pd.Timestamp(row[1]).tz_convert("UTC"),
            "severity": row[2] if len(row) > 2 else "outage",
            "description": "",
            "source": "monitor",
        }
        for n, row in enumerate(rows)
    ]
    return pd.concat([empty_outages(), pd.DataFrame(records)], ignore_index=True).astype(
        OUTAGE_COLUMNS
    )


def tier(below: float, credit: float) -> SlaTier:
    return SlaTier(below_uptime_percent=below, credit_percent=credit)


# --- schedules ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("uptime", "credit"),
    [(100.0, 0.0), (99.9, 0.0), (99.89, 10.0), (99.0, 10.0), (98.99, 25.0), (95.0, 25.0),
     (94.99, 100.0), (0.0, 100.0)],
)  # fmt: skip
def test_default_schedule_is_the_typical_cloud_one(uptime, credit) -> None:
    assert SlaSchedule().credit_for(uptime) == credit


def test_tiers_are_sorted_from_the_highest_threshold() -> None:
    schedule = SlaSchedule(tiers=[tier(95, 100), tier(99.9, 10), tier(99, 25)])
    assert [t.below_uptime_percent for t in schedule.tiers] == [99.9, 99.0, 95.0]
    assert schedule.tier_for(97.0) == tier(99, 25)
    assert schedule.tier_for(99.95) is None


@pytest.mark.parametrize(
    ("tiers", "message"),
    [
        ([], "an SLA schedule needs at least one tier"),
        ([tier(0, 10)], "SLA tier 1: below_uptime_percent must be more than 0 and at most 100"),
        ([tier(100.5, 10)], "SLA tier 1: below_uptime_percent must be more than 0"),
        ([tier(99, 10), tier(98, 101)], "SLA tier 2: credit_percent must be from 0 to 100"),
        ([tier(99, 10), tier(99, 20)], "SLA tier 1, 2: below_uptime_percent the same threshold"),
        ([tier(99.9, 25), tier(99, 10)], "SLA tier 1, 2: credit_percent a lower uptime must not"),
    ],
)
def test_bad_tiers_raise_config_errors(tiers, message) -> None:
    with pytest.raises(ConfigError) as caught:
        SlaSchedule(tiers=tiers)
    assert str(caught.value).startswith(message)


def test_schedule_round_trips_through_json() -> None:
    schedule = SlaSchedule(tiers=[tier(99.95, 10), tier(99, 30)])
    assert SlaSchedule.model_validate_json(schedule.model_dump_json()) == schedule


def test_rows_take_numbers_and_percent_text_in_any_order() -> None:
    schedule = sla_schedule_from_rows(
        [
            {"Below_Uptime_Percent ": "95 %", "credit_percent": 100},
            {"below_uptime_percent": 99.95, "credit_percent": "10%"},
        ]
    )
    assert schedule.tiers == [tier(99.95, 10), tier(95, 100)]


def test_bad_rows_are_all_named_with_line_and_column() -> None:
    rows = [
        {"below_uptime_percent": "99.9", "credit_percent": "ten"},
        {"below_uptime_percent": "", "credit_percent": 25},
        {"below_uptime_percent": True, "credit_percent": 100},
    ]
    with pytest.raises(DataError) as caught:
        sla_schedule_from_rows(rows, source="sla.csv", lines=[2, 3, 5])
    assert [(p.column, p.lines, p.values) for p in caught.value.problems] == [  # noqa: PD011
        ("credit_percent", [2], ["ten"]),
        ("below_uptime_percent", [3], []),
        ("below_uptime_percent", [5], [True]),
    ]
    assert str(caught.value).startswith("sla.csv: 3 problems in 3 SLA tiers; fix them")


def test_rows_with_out_of_order_credits_name_both_rows() -> None:
    rows = [
        {"below_uptime_percent": 99, "credit_percent": 30},
        {"below_uptime_percent": 99.9, "credit_percent": 50},
    ]
    with pytest.raises(DataError) as caught:
        sla_schedule_from_rows(rows)
    [problem] = caught.value.problems
    assert (problem.column, problem.lines) == ("credit_percent", [1, 2])
    assert "a lower uptime must not earn a smaller credit" in problem.reason


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([], "rows: holds no tiers; give at least one row"),
        (
            [{"uptime": 99, "credit_percent": 10}],
            "rows: has no 'below_uptime_percent' column (columns found: 'uptime', ",
        ),
        (
            [{"below_uptime_percent": 99, "credit_percent": 10, "credits": 1}],
            "rows: has columns an SLA schedule does not use: 'credits'",
        ),
        (["99,10"], "rows: rows must be records"),
    ],
)
def test_rows_that_are_no_schedule_are_refused(rows, message) -> None:
    with pytest.raises(DataError) as caught:
        sla_schedule_from_rows(rows)
    assert str(caught.value).startswith(message)


def test_read_schedule_from_csv_and_json(tmp_path) -> None:
    csv_path = tmp_path / "sla.csv"
    csv_path.write_text(
        "below_uptime_percent,credit_percent\n99.95,10\n99.0,25\n95,100\n", encoding="utf-8"
    )
    json_path = tmp_path / "sla.json"
    json_path.write_text(
        json.dumps({"tiers": [{"below_uptime_percent": 99.95, "credit_percent": 10}]}),
        encoding="utf-8",
    )
    assert read_sla_schedule(csv_path).tiers == [tier(99.95, 10), tier(99, 25), tier(95, 100)]
    assert read_sla_schedule(json_path).tiers == [tier(99.95, 10)]


def test_read_schedule_names_the_file_line_and_column(tmp_path) -> None:
    path = tmp_path / "sla.csv"
    path.write_text("below_uptime_percent,credit_percent\n99.9,10\n99.9,20\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_sla_schedule(path)
    assert caught.value.source == str(path)
    assert caught.value.lines == [2, 3]
    assert "column 'below_uptime_percent': the same threshold twice" in str(caught.value)


def test_read_schedule_reports_blank_cells_and_a_missing_column(tmp_path) -> None:
    blank = tmp_path / "blank.csv"
    blank.write_text("below_uptime_percent,credit_percent\n99.9,\n,5\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_sla_schedule(blank)
    assert [(p.column, p.lines) for p in caught.value.problems] == [
        ("credit_percent", [2]),
        ("below_uptime_percent", [3]),
    ]
    assert "missing; write a percentage such as 99.9" in str(caught.value)
    one_column = tmp_path / "one.csv"
    one_column.write_text("below_uptime_percent\n99\n", encoding="utf-8")
    with pytest.raises(DataError, match="has no 'credit_percent' column"):
        read_sla_schedule(one_column)


def test_read_schedule_refuses_other_formats(tmp_path) -> None:
    path = tmp_path / "sla.xlsx"
    path.write_bytes(b"not really a workbook")
    with pytest.raises(FormatError, match=r"read from \.csv or \.json, not \.xlsx"):
        read_sla_schedule(path)


# --- monthly uptime --------------------------------------------------------------------


def test_sample_month_earns_the_25_percent_tier(claim) -> None:
    inc = incidents(claim.outages, as_of=AS_OF)
    [month] = monthly_uptime(inc, "Asia/Shanghai", as_of=AS_OF)
    assert (month.service, month.month) == ("WhatsApp Web", date(2026, 8, 1))
    assert month.minutes == 31 * 24 * 60
    assert month.downtime == timedelta(hours=29, minutes=30)
    assert month.downtime_minutes == 1770.0
    assert month.uptime_percent == pytest.approx(100 * (44640 - 1770) / 44640, abs=1e-12)
    assert (month.tier, month.credit_percent) == (tier(99, 25), 25.0)
    assert month.interruptions == 3
    assert month.complete is False
    assert month.start == pd.Timestamp("2026-07-31T16:00Z")
    assert month.end == pd.Timestamp("2026-08-31T16:00Z")


def test_without_as_of_completeness_is_unknown(claim) -> None:
    [month] = monthly_uptime(incidents(claim.outages, as_of=AS_OF), "Asia/Shanghai")
    assert month.complete is None


def test_an_interruption_across_midnight_of_a_month_is_split_in_local_time() -> None:
    # 31 July 22:00 to 1 August 02:00 in Guangzhou: in UTC all of it is still in July
    inc = incidents(outage_frame(("2026-07-31T22:00+08:00", "2026-08-01T02:00+08:00")))
    july, august = monthly_uptime(inc, "Asia/Shanghai", as_of="2026-09-01T00:00+08:00")
    assert (july.month, july.downtime_minutes, july.interruptions) == (date(2026, 7, 1), 120.0, 1)
    assert (august.month, august.downtime_minutes, august.interruptions) == (
        date(2026, 8, 1),
        120.0,
        1,
    )
    assert (july.complete, august.complete) == (True, True)
    [utc_month] = monthly_uptime(inc, "UTC")
    assert (utc_month.month, utc_month.downtime_minutes) == (date(2026, 7, 1), 240.0)


def test_an_incident_ending_at_midnight_does_not_touch_the_next_month() -> None:
    inc = incidents(outage_frame(("2026-07-31T23:00+08:00", "2026-08-01T00:00+08:00")))
    assert [m.month for m in monthly_uptime(inc, "Asia/Shanghai")] == [date(2026, 7, 1)]


@pytest.mark.parametrize(
    ("minutes", "uptime", "credit"),
    [(40.32, 99.9, 0.0), (40.5, pytest.approx(99.8995536, abs=1e-7), 10.0), (403.2, 99.0, 10.0)],
)
def test_february_has_28_days_and_tiers_are_exact(minutes, uptime, credit) -> None:
    start = pd.Timestamp("2026-02-10T08:00+08:00")
    end = start + pd.Timedelta(minutes=minutes)
    inc = incidents(outage_frame((start.isoformat(), end.isoformat())))
    [month] = monthly_uptime(inc, "Asia/Shanghai")
    assert month.minutes == 28 * 24 * 60
    assert month.uptime_percent == uptime
    assert month.credit_percent == credit


def test_berlin_months_with_a_clock_change_are_an_hour_shorter_or_longer() -> None:
    inc = incidents(
        outage_frame(
            ("2026-03-10T10:00+01:00", "2026-03-10T10:44:34.800+01:00"),
            ("2026-10-10T10:00+02:00", "2026-10-10T11:00+02:00"),
            ("2026-11-10T10:00+01:00", "2026-11-10T11:00+01:00"),
        )
    )
    march, october, november = monthly_uptime(inc, "Europe/Berlin")
    assert march.minutes == 31 * 24 * 60 - 60
    assert october.minutes == 31 * 24 * 60 + 60
    assert november.minutes == 30 * 24 * 60
    # 0.1 % of March's 44580 minutes is 44.58 minutes: exactly 99.9 %, no credit
    assert (march.downtime_minutes, march.uptime_percent, march.credit_percent) == (
        44.58,
        99.9,
        0.0,
    )
    assert march.start == pd.Timestamp("2026-02-28T23:00Z")
    assert october.end == pd.Timestamp("2026-10-31T23:00Z")


def test_berlin_incident_across_the_end_of_march_is_split_at_local_midnight() -> None:
    inc = incidents(outage_frame(("2026-03-31T23:30+02:00", "2026-04-01T00:30+02:00")))
    march, april = monthly_uptime(inc, "Europe/Berlin")
    assert (march.downtime_minutes, april.downtime_minutes) == (30.0, 30.0)
    assert april.minutes == 30 * 24 * 60


def test_a_month_down_from_end_to_end_has_zero_uptime() -> None:
    inc = incidents(outage_frame(("2026-05-20T00:00+08:00", "2026-07-03T00:00+08:00")))
    may, june, july = monthly_uptime(inc, "Asia/Shanghai")
    assert (june.uptime_percent, june.credit_percent) == (0.0, 100.0)
    assert may.downtime_minutes == 12 * 24 * 60
    assert july.downtime_minutes == 2 * 24 * 60


# --- severities, services, as_of -------------------------------------------------------------


def severities_frame() -> pd.DataFrame:
    return incidents(
        outage_frame(
            ("2026-08-03T10:00+08:00", "2026-08-03T11:00+08:00", "outage"),
            ("2026-08-04T10:00+08:00", "2026-08-04T12:00+08:00", "partial"),
            ("2026-08-05T10:00+08:00", "2026-08-05T14:00+08:00", "degraded"),
            ("2026-08-06T10:00+08:00", "2026-08-06T18:00+08:00", "maintenance"),
            ("2026-09-06T10:00+08:00", "2026-09-06T18:00+08:00", "maintenance"),
        )
    )


def test_outage_and_partial_count_degraded_and_maintenance_do_not() -> None:
    assert dict(DOWNTIME_WEIGHTS) == {
        "outage": 1.0,
        "partial": 1.0,
        "degraded": 0.0,
        "maintenance": 0.0,
    }
    [august] = monthly_uptime(severities_frame(), "Asia/Shanghai")
    assert (august.downtime_minutes, august.interruptions) == (180.0, 2)


def test_weights_can_count_partial_outages_by_half_and_degraded_service() -> None:
    [august] = monthly_uptime(
        severities_frame(), "Asia/Shanghai", weights={"partial": 0.5, "degraded": 0.25}
    )
    assert (august.downtime_minutes, august.interruptions) == (60.0 + 60.0 + 60.0, 3)


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"outtage": 1.0}, r"weights name unknown severities \['outtage'\]"),
        ({"partial": 2}, r"weights \{'partial': 2\} must be from 0"),
    ],
)
def test_bad_weights_are_refused(weights, message) -> None:
    with pytest.raises(ConfigError, match=message):
        monthly_uptime(severities_frame(), "Asia/Shanghai", weights=weights)


def test_services_are_measured_separately() -> None:
    inc = incidents(
        outage_frame(
            ("2026-08-03T10:00+08:00", "2026-08-03T11:00+08:00", "outage", "WeChat Pay"),
            ("2026-08-03T10:30+08:00", "2026-08-03T12:30+08:00", "outage", "Alipay"),
        )
    )
    months = monthly_uptime(inc, "Asia/Shanghai")
    assert [(m.service, m.downtime_minutes) for m in months] == [
        ("Alipay", 120.0),
        ("WeChat Pay", 60.0),
    ]


def test_as_of_cuts_downtime_and_marks_the_month_incomplete() -> None:
    inc = incidents(
        outage_frame(
            ("2026-07-30T10:00+08:00", "2026-07-30T12:00+08:00"),
            ("2026-08-09T10:00+08:00", "2026-08-10T12:00+08:00"),
            ("2026-08-20T10:00+08:00", "2026-08-20T12:00+08:00"),
        )
    )
    july, august = monthly_uptime(inc, "Asia/Shanghai", as_of=AS_OF)
    assert (july.complete, august.complete) == (True, False)
    assert (august.downtime_minutes, august.interruptions) == (24 * 60.0, 1)


def test_no_incidents_no_months() -> None:
    assert monthly_uptime(incidents(empty_outages()), "Asia/Shanghai") == []


def test_months_round_trip_through_json_and_leave_the_input_alone(claim) -> None:
    inc = incidents(claim.outages, as_of=AS_OF)
    before = inc.copy()
    [month] = monthly_uptime(inc, "Asia/Shanghai", as_of=AS_OF)
    assert SlaMonth.model_validate_json(month.model_dump_json()) == month
    pd.testing.assert_frame_equal(inc, before)


def test_bad_inputs_are_refused(claim) -> None:
    with pytest.raises(ConfigError, match="unknown time zone"):
        monthly_uptime(incidents(empty_outages()), "Guangzhou")
    with pytest.raises(DataError, match=r"lacks columns \['severity'\]"):
        monthly_uptime(pd.DataFrame({"service": [], "start": [], "end": []}), "UTC")
    naive = pd.DataFrame(
        {
            "service": ["x"],
            "start": [pd.Timestamp("2026-08-01")],
            "end": [pd.Timestamp("2026-08-02")],
            "severity": ["outage"],
        }
    )
    with pytest.raises(DataError, match="column 'start' holds naive times, without a time zone"):
        monthly_uptime(naive, "UTC")


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 365 * 24 * 60),  # start, minutes into 2026 (UTC)
            st.integers(1, 80 * 24 * 60),  # length in minutes, up to 80 days
        ),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from(["Europe/Berlin", "Asia/Shanghai", "America/New_York"]),
)
def test_months_split_all_downtime_and_stay_within_bounds(spans, tz) -> None:
    base = pd.Timestamp("2026-01-01T00:00Z")
    rows = [
        (
            (base + pd.Timedelta(minutes=start)).isoformat(),
            (base + pd.Timedelta(minutes=start + length)).isoformat(),
        )
        for start, length in spans
    ]
    inc = incidents(outage_frame(*rows))
    months = monthly_uptime(inc, tz)
    total = inc["duration"].sum() / pd.Timedelta(minutes=1)
    assert sum(m.downtime_minutes for m in months) == pytest.approx(total, abs=1e-6)
    assert all(0 <= m.uptime_percent <= 100 for m in months)
    assert all(m.downtime_minutes <= m.minutes for m in months)
    assert all(m.start < m.end for m in months)
    assert [m.month for m in months] == sorted({m.month for m in months})
