"""Tests of claimstats.incidents: merging outages, the duration tests, the timeline."""

from __future__ import annotations

import pandas as pd
import pytest

from claimstats.errors import ConfigError, DataError
from claimstats.incidents import (
    INCIDENT_COLUMNS,
    check_incident_frame,
    incidents,
    summarize_incidents,
    timeline,
)
from claimstats.schema import OUTAGE_COLUMNS, empty_outages


def utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC").as_unit("us")


def outage_frame(*rows: tuple) -> pd.DataFrame:
    """Canonical outages from ``(id, service, start, end, severity[, description])`` rows.

    ``end`` may be ``None`` for an outage still open.
    """
    records = [
        {
            "incident_id": row[0],
            "service": row[1],
            "start": utc(row[2]),
            "end": pd.NaT if row[3] is None else utc(row[3]),
            "severity": row[4],
            "description": row[5] if len(row) > 5 else "",
            "source": "monitor",
        }
        for row in rows
    ]
    frame = pd.concat([empty_outages(), pd.DataFrame(records)], ignore_index=True)
    return frame.astype(OUTAGE_COLUMNS)


# --- incidents: merging ------------------------------------------------------------


def test_overlapping_outages_merge_into_one_incident_with_the_worst_severity():
    raw = outage_frame(
        ("a", "WhatsApp Web", "2026-08-04 01:40", "2026-08-04 12:00", "partial", "slow"),
        ("b", "WhatsApp Web", "2026-08-04 10:00", "2026-08-05 04:55", "outage", "down"),
        ("c", "WhatsApp Web", "2026-08-04 11:00", "2026-08-04 11:30", "degraded", "slow"),
    )
    inc = incidents(raw)
    assert len(inc) == 1
    row = inc.iloc[0]
    assert row["service"] == "WhatsApp Web"
    assert row["start"] == utc("2026-08-04 01:40")
    assert row["end"] == utc("2026-08-05 04:55")
    assert row["duration"] == pd.Timedelta(hours=27, minutes=15)
    assert row["severity"] == "outage"
    assert row["parts"] == 3
    assert row["incident_ids"] == "a, b, c"
    assert row["description"] == "slow | down"
    assert not row["ongoing"]


def test_touching_outages_merge_into_one_incident():
    raw = outage_frame(
        ("a", "WhatsApp Web", "2026-08-04 01:40", "2026-08-04 20:00", "outage"),
        ("b", "WhatsApp Web", "2026-08-04 20:00", "2026-08-05 04:55", "partial"),
    )
    inc = incidents(raw)
    assert inc[["start", "end", "parts", "incident_ids", "severity"]].to_dict("records") == [
        {
            "start": utc("2026-08-04 01:40"),
            "end": utc("2026-08-05 04:55"),
            "parts": 2,
            "incident_ids": "a, b",
            "severity": "outage",
        }
    ]
    assert inc.loc[0, "duration"] == pd.Timedelta("1 days 03:15:00")


def test_outages_a_minute_apart_stay_separate_incidents():
    raw = outage_frame(
        ("b", "WhatsApp Web", "2026-08-04 20:01", "2026-08-04 21:00", "partial"),
        ("a", "WhatsApp Web", "2026-08-04 19:00", "2026-08-04 20:00", "outage"),
    )
    inc = incidents(raw)
    assert inc["incident_ids"].tolist() == ["a", "b"]
    assert inc["duration"].tolist() == [pd.Timedelta(hours=1), pd.Timedelta(minutes=59)]
    assert inc["parts"].tolist() == [1, 1]


def test_outage_inside_a_longer_one_does_not_split_it():
    # the running end must be the maximum so far, not the end of the previous row
    raw = outage_frame(
        ("long", "WhatsApp Web", "2026-08-04 00:00", "2026-08-04 10:00", "partial"),
        ("short", "WhatsApp Web", "2026-08-04 01:00", "2026-08-04 02:00", "outage"),
        ("late", "WhatsApp Web", "2026-08-04 05:00", "2026-08-04 12:00", "degraded"),
    )
    inc = incidents(raw)
    assert len(inc) == 1
    assert inc.loc[0, "end"] == utc("2026-08-04 12:00")
    assert inc.loc[0, "incident_ids"] == "long, short, late"


def test_overlapping_outages_of_different_services_stay_separate():
    raw = outage_frame(
        ("w1", "WhatsApp Web", "2026-08-04 01:00", "2026-08-04 03:00", "outage"),
        ("p1", "WeChat Pay", "2026-08-04 02:00", "2026-08-04 04:00", "partial"),
        ("w2", "WhatsApp Web", "2026-08-04 02:30", "2026-08-04 05:00", "degraded"),
    )
    inc = incidents(raw)
    assert inc[["service", "start", "end", "severity", "incident_ids"]].to_dict("records") == [
        {
            "service": "WeChat Pay",
            "start": utc("2026-08-04 02:00"),
            "end": utc("2026-08-04 04:00"),
            "severity": "partial",
            "incident_ids": "p1",
        },
        {
            "service": "WhatsApp Web",
            "start": utc("2026-08-04 01:00"),
            "end": utc("2026-08-04 05:00"),
            "severity": "outage",
            "incident_ids": "w1, w2",
        },
    ]


def test_service_filter_keeps_only_that_service():
    raw = outage_frame(
        ("w1", "WhatsApp Web", "2026-08-04 01:00", "2026-08-04 03:00", "outage"),
        ("p1", "WeChat Pay", "2026-08-04 02:00", "2026-08-04 04:00", "partial"),
    )
    inc = incidents(raw, service="WeChat Pay")
    assert inc["service"].tolist() == ["WeChat Pay"]
    assert inc["incident_ids"].tolist() == ["p1"]


def test_unknown_service_is_a_config_error_naming_the_known_services():
    raw = outage_frame(
        ("w1", "WhatsApp Web", "2026-08-04 01:00", "2026-08-04 03:00", "outage"),
        ("p1", "WeChat Pay", "2026-08-04 02:00", "2026-08-04 04:00", "partial"),
    )
    with pytest.raises(ConfigError) as caught:
        incidents(raw, service="Whatsapp web")
    assert str(caught.value) == (
        "no outage of service 'Whatsapp web'; the outages name ['WeChat Pay', 'WhatsApp Web']"
    )


# --- incidents: open outages and as_of ---------------------------------------------


def test_open_outage_without_as_of_is_a_config_error_mentioning_as_of():
    raw = outage_frame(
        ("a", "WhatsApp Web", "2026-08-04 01:40", "2026-08-04 03:00", "outage"),
        ("b", "WhatsApp Web", "2026-08-06 00:00", None, "outage"),
    )
    with pytest.raises(ConfigError, match="as_of=") as caught:
        incidents(raw)
    assert "1 outage is still open" in str(caught.value)
    assert "2026-08-06 00:00:00+00:00" in str(caught.value)


def test_open_incident_uses_as_of_and_is_flagged_ongoing():
    raw = outage_frame(
        ("a", "WhatsApp Web", "2026-08-04 01:40", "2026-08-04 03:00", "outage"),
        ("b", "WhatsApp Web", "2026-08-06 00:00", None, "degraded"),
    )
    inc = incidents(raw, as_of="2026-08-06T10:00+08:00")
    assert inc["end"].tolist() == [utc("2026-08-04 03:00"), utc("2026-08-06 02:00")]
    assert inc["duration"].tolist() == [pd.Timedelta(minutes=80), pd.Timedelta(hours=2)]
    assert inc["ongoing"].tolist() == [False, True]


def test_outages_starting_after_as_of_are_dropped():
    raw = outage_frame(
        ("a", "WhatsApp Web", "2026-08-04 01:40", "2026-08-04 03:00", "outage"),
        ("b", "WhatsApp Web", "2026-08-07 00:00", "2026-08-07 02:00", "outage"),
        ("c", "WhatsApp Web", "2026-08-08 00:00", None, "outage"),
    )
    inc = incidents(raw, as_of=utc("2026-08-06 00:00"))
    assert inc["incident_ids"].tolist() == ["a"]
    assert inc["ongoing"].tolist() == [False]


def test_outage_ending_after_as_of_is_clipped_to_as_of_and_flagged_ongoing():
    raw = outage_frame(("a", "WhatsApp Web", "2026-08-04 01:40", "2026-08-05 04:55", "outage"))
    inc = incidents(raw, as_of="2026-08-04T12:00:00Z")
    assert inc.loc[0, "end"] == utc("2026-08-04 12:00")
    assert inc.loc[0, "duration"] == pd.Timedelta(hours=10, minutes=20)
    assert bool(inc.loc[0, "ongoing"]) is True


def test_naive_as_of_is_a_config_error():
    raw = outage_frame(("a", "WhatsApp Web", "2026-08-04 01:40", None, "outage"))
    with pytest.raises(ConfigError, match="has no time zone"):
        incidents(raw, as_of="2026-08-06 10:00")


def test_incidents_do_not_mutate_the_outage_frame():
    raw = outage_frame(
        ("b", "WhatsApp Web", "2026-08-06 00:00", None, "outage"),
        ("a", "WhatsApp Web", "2026-08-04 01:40", "2026-08-05 04:55", "outage"),
    )
    before = raw.copy(deep=True)
    incidents(raw, as_of="2026-08-06T10:00+08:00", service="WhatsApp Web")
    pd.testing.assert_frame_equal(raw, before)


def test_incident_columns_and_dtypes_are_canonical():
    raw = outage_frame(("a", "WhatsApp Web", "2026-08-04 01:40", "2026-08-05 04:55", "outage"))
    inc = incidents(raw)
    assert tuple(inc.columns) == INCIDENT_COLUMNS
    assert str(inc["start"].dtype) == "datetime64[us, UTC]"
    assert str(inc["end"].dtype) == "datetime64[us, UTC]"
    assert str(inc["duration"].dtype) == "timedelta64[us]"
    assert str(inc["ongoing"].dtype) == "bool"
    assert str(inc["parts"].dtype) == "int64"


def test_no_outages_give_an_empty_incident_frame_with_canonical_dtypes():
    inc = incidents(empty_outages())
    assert inc.empty
    assert tuple(inc.columns) == INCIDENT_COLUMNS
    assert str(inc["start"].dtype) == "datetime64[us, UTC]"
    assert str(inc["duration"].dtype) == "timedelta64[us]"


def test_missing_description_is_treated_as_empty():
    raw = outage_frame(
        ("a", "WhatsApp Web", "2026-08-04 01:40", "2026-08-04 20:00", "outage", "down"),
        ("b", "WhatsApp Web", "2026-08-04 20:00", "2026-08-05 04:55", "outage", None),
    )
    inc = incidents(raw)
    assert inc.loc[0, "description"] == "down"


# --- summarize_incidents -----------------------------------------------------------


def test_summary_reports_longest_total_downtime_and_passes_over_24_hours():
    raw = outage_frame(
        ("a", "WhatsApp Web", "2026-08-04 01:40", "2026-08-05 04:55", "outage"),
        ("b", "WhatsApp Web", "2026-08-06 12:05", "2026-08-06 12:45", "outage"),
        ("c", "WhatsApp Web", "2026-08-08 06:20", "2026-08-08 07:55", "outage"),
    )
    summary = summarize_incidents(incidents(raw))
    assert summary.service == "WhatsApp Web"
    assert summary.interruptions == 3
    assert summary.first_start == utc("2026-08-04 01:40")
    assert summary.last_end == utc("2026-08-08 07:55")
    assert summary.longest == pd.Timedelta(hours=27, minutes=15)
    assert summary.total_downtime == pd.Timedelta(hours=29, minutes=30)
    assert summary.threshold == pd.Timedelta(hours=24)
    assert summary.passed_threshold is True
    assert summary.window == pd.Timedelta(days=7)
    assert summary.max_interruptions_in_window == 3
    assert summary.recurrence_min == 3
    assert summary.recurrent is True
    assert summary.ongoing is False


def test_interruption_of_exactly_24_hours_does_not_pass_the_threshold():
    raw = outage_frame(("a", "WhatsApp Web", "2026-08-04 00:00", "2026-08-05 00:00", "outage"))
    summary = summarize_incidents(incidents(raw))
    assert summary.longest == pd.Timedelta(hours=24)
    assert summary.passed_threshold is False


def test_interruption_one_minute_over_24_hours_passes_the_threshold():
    raw = outage_frame(("a", "WhatsApp Web", "2026-08-04 00:00", "2026-08-05 00:01", "outage"))
    assert summarize_incidents(incidents(raw)).passed_threshold is True


def test_custom_threshold_is_applied():
    raw = outage_frame(("a", "WhatsApp Web", "2026-08-04 00:00", "2026-08-04 05:00", "outage"))
    summary = summarize_incidents(incidents(raw), threshold="4h")
    assert summary.threshold == pd.Timedelta(hours=4)
    assert summary.passed_threshold is True


def three_outages_apart(days: int) -> pd.DataFrame:
    first = utc("2026-08-01 10:00")
    rows = []
    for i in range(3):
        start = first + pd.Timedelta(days=days * i)
        rows.append(
            (f"o{i}", "WhatsApp Web", str(start), str(start + pd.Timedelta(hours=1)), "outage")
        )
    return outage_frame(*rows)


def test_interruptions_starting_six_days_apart_count_two_in_a_week():
    summary = summarize_incidents(incidents(three_outages_apart(6)))
    assert summary.interruptions == 3
    assert summary.max_interruptions_in_window == 2
    assert summary.recurrent is False


def test_interruptions_starting_eight_days_apart_count_one_in_a_week():
    summary = summarize_incidents(incidents(three_outages_apart(8)))
    assert summary.max_interruptions_in_window == 1
    assert summary.recurrent is False


def test_three_interruptions_within_a_week_are_recurrent():
    summary = summarize_incidents(incidents(three_outages_apart(3)))
    assert summary.max_interruptions_in_window == 3
    assert summary.recurrent is True
    assert (
        summarize_incidents(incidents(three_outages_apart(3)), recurrence_min=4).recurrent is False
    )


def test_summary_of_mixed_services_has_no_service_name():
    raw = outage_frame(
        ("w1", "WhatsApp Web", "2026-08-04 01:00", "2026-08-04 03:00", "outage"),
        ("p1", "WeChat Pay", "2026-08-04 02:00", "2026-08-04 04:00", "partial"),
    )
    summary = summarize_incidents(incidents(raw))
    assert summary.service is None
    assert summary.interruptions == 2
    assert summary.total_downtime == pd.Timedelta(hours=4)


def test_summary_flags_an_ongoing_interruption():
    raw = outage_frame(("a", "WhatsApp Web", "2026-08-04 00:00", None, "outage"))
    summary = summarize_incidents(incidents(raw, as_of="2026-08-05T09:00+08:00"))
    assert summary.ongoing is True
    assert summary.longest == pd.Timedelta(hours=25)
    assert summary.passed_threshold is True


def test_summary_of_no_incidents_is_all_zero():
    summary = summarize_incidents(incidents(empty_outages()))
    assert summary.service is None
    assert summary.interruptions == 0
    assert summary.first_start is None
    assert summary.last_end is None
    assert summary.longest == pd.Timedelta(0)
    assert summary.total_downtime == pd.Timedelta(0)
    assert summary.passed_threshold is False
    assert summary.max_interruptions_in_window == 0
    assert summary.recurrent is False
    assert summary.ongoing is False


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"threshold": "a day"}, "threshold='a day' is not a duration"),
        ({"window": "-7D"}, "window='-7D' must be a duration of zero or more"),
        ({"recurrence_min": 0}, "recurrence_min=0 must be 1 or more"),
    ],
)
def test_bad_summary_settings_are_config_errors(arguments, message):
    with pytest.raises(ConfigError, match=message):
        summarize_incidents(incidents(empty_outages()), **arguments)


# --- timeline ----------------------------------------------------------------------


def sample_like_incidents() -> pd.DataFrame:
    return incidents(
        outage_frame(
            ("a", "WhatsApp Web", "2026-08-04 01:40", "2026-08-05 04:55", "outage"),
            ("b", "WhatsApp Web", "2026-08-06 12:05", "2026-08-06 12:45", "partial"),
        )
    )


def test_timeline_in_shanghai_shows_local_time_with_offset_and_utc():
    table = timeline(sample_like_incidents(), "Asia/Shanghai")
    assert list(table.columns) == [
        "number",
        "service",
        "start_local",
        "end_local",
        "start_utc",
        "end_utc",
        "duration",
        "duration_text",
        "severity",
        "ongoing",
    ]
    assert table.drop(columns="duration").to_dict("records") == [
        {
            "number": 1,
            "service": "WhatsApp Web",
            "start_local": "2026-08-04 09:40 (UTC+08:00)",
            "end_local": "2026-08-05 12:55 (UTC+08:00)",
            "start_utc": "2026-08-04 01:40 UTC",
            "end_utc": "2026-08-05 04:55 UTC",
            "duration_text": "27 h 15 min",
            "severity": "outage",
            "ongoing": False,
        },
        {
            "number": 2,
            "service": "WhatsApp Web",
            "start_local": "2026-08-06 20:05 (UTC+08:00)",
            "end_local": "2026-08-06 20:45 (UTC+08:00)",
            "start_utc": "2026-08-06 12:05 UTC",
            "end_utc": "2026-08-06 12:45 UTC",
            "duration_text": "40 min",
            "severity": "partial",
            "ongoing": False,
        },
    ]


def test_timeline_in_new_york_summer_uses_daylight_saving_offset():
    table = timeline(sample_like_incidents(), "America/New_York")
    assert table["start_local"].tolist() == [
        "2026-08-03 21:40 (UTC-04:00)",
        "2026-08-06 08:05 (UTC-04:00)",
    ]
    assert table["end_local"].tolist() == [
        "2026-08-05 00:55 (UTC-04:00)",
        "2026-08-06 08:45 (UTC-04:00)",
    ]
    assert table["duration_text"].tolist() == ["27 h 15 min", "40 min"]


def test_timeline_in_new_york_winter_uses_standard_offset():
    inc = incidents(outage_frame(("a", "S", "2026-01-15 15:00", "2026-01-15 16:30", "outage")))
    table = timeline(inc, "America/New_York")
    assert table["start_local"].tolist() == ["2026-01-15 10:00 (UTC-05:00)"]
    assert table["duration_text"].tolist() == ["1 h 30 min"]


def test_timeline_tells_durations_of_three_days_or_more_in_days():
    inc = incidents(outage_frame(("a", "S", "2026-08-01 00:00", "2026-08-05 02:00", "outage")))
    assert timeline(inc, "UTC")["duration_text"].tolist() == ["4 d 2 h 0 min"]


def test_timeline_numbers_incidents_of_all_services_by_start():
    inc = incidents(
        outage_frame(
            ("w1", "WhatsApp Web", "2026-08-04 03:00", "2026-08-04 04:00", "outage"),
            ("p1", "WeChat Pay", "2026-08-04 05:00", "2026-08-04 06:00", "partial"),
            ("p0", "WeChat Pay", "2026-08-04 01:00", "2026-08-04 02:00", "partial"),
        )
    )
    table = timeline(inc, "Asia/Shanghai")
    assert table["number"].tolist() == [1, 2, 3]
    assert table["service"].tolist() == ["WeChat Pay", "WhatsApp Web", "WeChat Pay"]
    assert table["start_utc"].tolist() == [
        "2026-08-04 01:00 UTC",
        "2026-08-04 03:00 UTC",
        "2026-08-04 05:00 UTC",
    ]


def test_timeline_with_unknown_time_zone_is_a_config_error():
    with pytest.raises(ConfigError, match="unknown time zone 'Asia/Beijing'"):
        timeline(sample_like_incidents(), "Asia/Beijing")


def test_check_incident_frame_refuses_missing_columns_and_naive_times():
    naive = pd.DataFrame(
        {"start": pd.to_datetime(["2026-08-04 01:40"]), "end": pd.to_datetime(["2026-08-04 02:40"])}
    )
    with pytest.raises(DataError, match="column 'start' holds naive times, without a time zone"):
        check_incident_frame(naive, ("start", "end"))
    with pytest.raises(DataError, match=r"lacks columns \['severity'\]"):
        check_incident_frame(naive, ("start", "end", "severity"))
    check_incident_frame(naive.apply(lambda c: c.dt.tz_localize("UTC")), ("start", "end"))  # passes


# --- frames touched by pandas (issue 18, point 7) ----------------------------------------


def test_outages_in_another_resolution_or_zone_merge_as_in_utc():
    outages = outage_frame(
        ("a", "S", "2026-08-04 01:00", "2026-08-04 02:00", "outage"),
        ("b", "S", "2026-08-04 01:30", "2026-08-04 03:00", "partial"),
    )
    touched = outages.assign(
        start=outages["start"].dt.as_unit("ns").dt.tz_convert("Asia/Shanghai"),
        end=outages["end"].dt.as_unit("s"),
        severity=outages["severity"].astype("category"),
    )

    merged = incidents(touched)

    pd.testing.assert_frame_equal(merged, incidents(outages))
    table = timeline(merged.assign(start=merged["start"].dt.tz_convert("Asia/Tokyo")), "UTC")
    assert table["start_utc"].tolist() == ["2026-08-04 01:00 UTC"]
    summary = summarize_incidents(merged.assign(end=merged["end"].dt.tz_convert("Asia/Tokyo")))
    assert summary.last_end == utc("2026-08-04 03:00")


def test_outages_with_text_times_are_refused_saying_so():
    outages = outage_frame(("a", "S", "2026-08-04 01:00", "2026-08-04 02:00", "outage"))

    with pytest.raises(DataError, match=r"column 'end' holds text, not times \(e\.g\. '2026"):
        incidents(outages.assign(end=outages["end"].astype(str)))
