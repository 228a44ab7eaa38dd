"""Tests of claimstats.io.probes and claimstats.io.heartbeat: monitor records into outages."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import claimstats.io as cio
from claimstats.errors import ConfigError, DataError, FormatError
from claimstats.io.formats import read_table
from claimstats.io.heartbeat import DOWN, RESUME, UNKNOWN, UP
from claimstats.io.options import ReadOptions
from claimstats.io.probes import MISSING, UNRECOGNISED, guess_layout, read_states
from claimstats.io.sources import open_source
from claimstats.schema import OUTAGE_COLUMNS, empty_outages

DATA = Path(__file__).parent / "data" / "probes"
SHANGHAI = "Asia/Shanghai"
AS_OF = "2026-09-01T00:00Z"


def utc(*stamps: str) -> list[pd.Timestamp]:
    return [pd.Timestamp(s, tz="UTC") for s in stamps]


def windows(frame: pd.DataFrame) -> list[list[pd.Timestamp]]:
    """The unknown periods in the provenance, as [start, end] pairs."""
    return [
        [pd.Timestamp(w.start), pd.Timestamp(w.end)] for w in cio.provenance(frame).unknown_periods
    ]


def guess(name: str) -> tuple[str | None, str]:
    table = read_table(open_source(DATA / name), ReadOptions("outages"))
    return guess_layout(table, None)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- up/down events ---------------------------------------------------------------------


def test_events_build_outages_from_down_to_up() -> None:
    out = cio.read_outages(DATA / "events_utc.csv", as_of=AS_OF)

    assert list(out.columns) == list(OUTAGE_COLUMNS)
    assert out.dtypes.equals(empty_outages().dtypes)
    assert out["incident_id"].tolist() == ["E3", "E7"]
    assert out["start"].tolist() == utc("2026-08-04 01:40", "2026-08-04 09:10")
    assert out["end"].tolist() == utc("2026-08-04 02:30", "2026-08-04 09:25:30")
    assert out["service"].tolist() == ["unspecified"] * 2
    assert out["severity"].tolist() == ["outage"] * 2
    assert out["source"].tolist() == ["events_utc.csv"] * 2
    assert out.loc[0, "description"] == (
        "monitor reported down at 2026-08-04 01:40 UTC (line 3, 2 down records); up again "
        "at 2026-08-04 02:30 UTC (line 5); first message: HTTP 503"
    )
    record = cio.provenance(out)
    assert (record.rows_read, record.rows_kept, record.rows_rejected) == (7, 7, 0)
    assert record.unknown_periods == []


def test_events_ending_down_leave_an_open_incident_and_unsorted_rows_are_sorted() -> None:
    out = cio.read_outages(DATA / "events_open.csv", as_of=AS_OF)

    assert out["incident_id"].tolist() == ["E4", "E3"]
    assert out["start"].tolist() == utc("2026-08-05 01:00", "2026-08-05 04:20")
    assert out.loc[0, "end"] == pd.Timestamp("2026-08-05 02:00", tz="UTC")
    assert pd.isna(out.loc[1, "end"])
    assert out.loc[1, "description"].endswith("still down at the end of the log (open)")


def test_uptimerobot_export_newest_first_with_pause_gives_unknown_period() -> None:
    out = cio.read_outages(DATA / "uptimerobot_logs.csv", tz=SHANGHAI, as_of=AS_OF)

    assert out["incident_id"].tolist() == ["E6"]
    assert out.loc[0, "start"] == pd.Timestamp("2026-08-04 01:40:12", tz="UTC")
    assert out.loc[0, "end"] == pd.Timestamp("2026-08-05 04:55", tz="UTC")
    assert out.loc[0, "end"] - out.loc[0, "start"] == pd.Timedelta(hours=27, minutes=14, seconds=48)
    assert out.loc[0, "description"].endswith("first message: Connection Timeout")
    # Paused (line 4) until Started (line 3): nobody watched
    assert windows(out) == [utc("2026-08-06 00:00", "2026-08-06 09:59:30")]
    assert cio.provenance(out).rows_kept == 6


def test_events_paused_while_down_end_the_outage_with_an_uncertain_end(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "log.csv",
        "time,event\n"
        "2026-08-04T01:00Z,down\n"
        "2026-08-04T02:00Z,paused\n"
        "2026-08-04T03:00Z,up\n"
        "2026-08-04T05:00Z,maintenance\n",
    )

    out = cio.read_outages(path, as_of="2026-08-04T06:00Z")

    assert out["start"].tolist() == utc("2026-08-04 01:00")
    assert out["end"].tolist() == utc("2026-08-04 02:00")
    assert (
        "monitoring paused or in maintenance from 2026-08-04 02:00 UTC (line 3)"
        in (out.loc[0, "description"])
    )
    assert "the end is uncertain" in out.loc[0, "description"]
    # the last pause runs to as_of
    assert windows(out) == [
        utc("2026-08-04 02:00", "2026-08-04 03:00"),
        utc("2026-08-04 05:00", "2026-08-04 06:00"),
    ]


def test_up_without_open_outage_and_started_marker_change_nothing(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "log.csv",
        "time,state\n2026-08-04T01:00Z,up\n2026-08-04T01:30Z,started\n2026-08-04T02:00Z,up\n",
    )

    out = cio.read_outages(path, format="events", as_of=AS_OF)

    assert out.empty
    assert out.dtypes.equals(empty_outages().dtypes)
    assert cio.provenance(out).rows_kept == 3


# --- heartbeat logs ---------------------------------------------------------------------


def test_heartbeat_with_naive_local_times_needs_tz_and_converts_to_utc() -> None:
    with pytest.raises(ConfigError, match="on line 2"):
        cio.read_outages(DATA / "heartbeat_local.csv", as_of=AS_OF)

    out = cio.read_outages(DATA / "heartbeat_local.csv", tz=SHANGHAI, as_of=AS_OF)

    assert out["incident_id"].tolist() == ["H6"]
    assert out["start"].tolist() == utc("2026-08-04 01:40")
    assert out["end"].tolist() == utc("2026-08-04 01:43")
    assert out.loc[0, "description"] == (
        "3 failed probes from 2026-08-04 01:40 UTC to 2026-08-04 01:42 UTC (first on line 6); "
        "up again at 2026-08-04 01:43 UTC (line 9); first message: HTTP 503"
    )
    assert cio.provenance(out).tz == SHANGHAI


def test_http_codes_and_a_probing_gap_give_an_unknown_period() -> None:
    out = cio.read_outages(DATA / "heartbeat_http_gap.csv", as_of=AS_OF)

    # 503, 502 then 70 minutes without probes, then 504, 0 (no response), 200; 404 alone
    assert out["incident_id"].tolist() == ["H5", "H7"]
    assert out["start"].tolist() == utc("2026-08-04 02:15", "2026-08-04 03:30")
    assert out["end"].tolist() == utc("2026-08-04 02:20", "2026-08-04 03:40")
    assert "then no probe for 1 h 10 min until 2026-08-04 03:30 UTC" in out.loc[0, "description"]
    assert "its true end is unknown" in out.loc[0, "description"]
    assert out.loc[0, "description"].endswith("first message: Service Unavailable")
    assert windows(out) == [utc("2026-08-04 02:20", "2026-08-04 03:30")]
    assert cio.provenance(out).unknown_periods[0].start.tzinfo is not None


def test_max_gap_decides_what_counts_as_a_gap() -> None:
    out = cio.read_outages(DATA / "heartbeat_http_gap.csv", as_of=AS_OF, max_gap="2h")

    assert out["incident_id"].tolist() == ["H5"]
    assert out["start"].tolist() == utc("2026-08-04 02:15")
    assert out["end"].tolist() == utc("2026-08-04 03:40")
    assert windows(out) == []


def test_probing_slower_than_max_gap_is_unknown_never_up_or_down() -> None:
    out = cio.read_outages(DATA / "heartbeat_local.csv", tz=SHANGHAI, as_of=AS_OF, max_gap="30s")

    assert out.empty
    assert windows(out) == [utc("2026-08-04 01:36", "2026-08-04 01:45")]


@pytest.mark.parametrize(
    ("min_failed", "ids", "ends"),
    [
        (1, ["H7", "H12"], ["2026-08-04 00:06", "2026-08-04 00:12"]),
        (2, ["H12"], ["2026-08-04 00:12"]),
        (3, [], []),
    ],
)
def test_a_single_failed_probe_is_a_blip_below_min_failed(
    min_failed: int, ids: list[str], ends: list[str]
) -> None:
    out = cio.read_outages(DATA / "heartbeat_blip.csv", as_of=AS_OF, min_failed=min_failed)

    assert out["incident_id"].tolist() == ids
    assert out["end"].tolist() == utc(*ends)


def test_forcing_events_on_a_probe_log_counts_every_failure() -> None:
    out = cio.read_outages(DATA / "heartbeat_blip.csv", format="events", as_of=AS_OF)

    assert out["incident_id"].tolist() == ["E7", "E12"]


def test_heartbeat_ending_failing_leaves_an_open_outage(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "log.csv",
        "time,status,latency_ms\n"
        "2026-08-04T01:00Z,up,80\n"
        "2026-08-04T01:01Z,down,\n"
        "2026-08-04T01:02Z,down,\n",
    )

    out = cio.read_outages(path, as_of=AS_OF)

    assert out["incident_id"].tolist() == ["H3"]
    assert pd.isna(out.loc[0, "end"])


def test_maintenance_after_failed_probes_ends_the_outage_uncertainly(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "log.csv",
        "time,status,msg,ping\n"
        "2026-08-04T01:00Z,1,,80\n"
        "2026-08-04T01:01Z,0,,\n"
        "2026-08-04T01:02Z,0,ECONNRESET,\n"
        "2026-08-04T01:03Z,3,Maintenance,\n"
        "2026-08-04T01:04Z,3,Maintenance,\n"
        "2026-08-04T01:05Z,1,,75\n",
    )

    out = cio.read_outages(path, as_of=AS_OF)

    assert out["start"].tolist() == utc("2026-08-04 01:01")
    assert out["end"].tolist() == utc("2026-08-04 01:03")
    description = out.loc[0, "description"]
    assert "monitoring paused or in maintenance from 2026-08-04 01:03 UTC (line 5)" in description
    # the first failed probe has no message: the run's first message is used
    assert description.endswith("first message: ECONNRESET")
    assert windows(out) == [utc("2026-08-04 01:03", "2026-08-04 01:05")]


def test_uptime_kuma_heartbeats_pending_counts_as_failed_and_maintenance_is_unknown() -> None:
    out = cio.read_outages(DATA / "kuma_heartbeats.json", tz="UTC", as_of=AS_OF)

    assert out["incident_id"].tolist() == ["H3"]
    assert out["service"].tolist() == ["1"]
    assert out["start"].tolist() == utc("2026-08-04 01:38:00.412")
    assert out["end"].tolist() == utc("2026-08-04 01:41:00.130")
    assert out.loc[0, "description"].startswith("3 failed probes from 2026-08-04 01:38:00 UTC")
    assert out.loc[0, "description"].endswith("first message: timeout of 48000ms exceeded")
    assert windows(out) == [utc("2026-08-04 01:43", "2026-08-04 01:46:00.133")]
    assert cio.provenance(out).format == "heartbeat-json"


def test_several_services_in_one_log_are_built_separately() -> None:
    out = cio.read_outages(DATA / "multi_service.csv", as_of=AS_OF)

    assert out["service"].tolist() == ["shop", "api"]
    assert out["incident_id"].tolist() == ["H4", "H7"]
    assert out["start"].tolist() == utc("2026-08-04 01:01", "2026-08-04 01:02")
    assert out["end"].tolist() == utc("2026-08-04 01:03", "2026-08-04 01:05")


def test_crlf_file_with_a_multiline_message_keeps_line_numbers() -> None:
    out = cio.read_outages(DATA / "heartbeat_crlf.csv", as_of=AS_OF)

    assert out["incident_id"].tolist() == ["H4"]
    assert out["end"].tolist() == utc("2026-08-04 01:04")
    assert "up again at 2026-08-04 01:04 UTC (line 7)" in out.loc[0, "description"]
    assert out.loc[0, "description"].endswith("first message: HTTP 500 internal error")


def test_dataframe_with_unix_times_and_mapped_columns_is_not_modified() -> None:
    frame = pd.DataFrame(
        {
            "when": [1785807600, 1785807660, 1785807720, 1785807780, 1785807840],
            "health": ["ok", "ok", "HTTP 503", "503 Service Unavailable", "200 OK"],
        }
    )
    before = frame.copy()

    out = cio.read_outages(frame, columns={"time": "when", "state": "health"}, as_of=AS_OF)

    pd.testing.assert_frame_equal(frame, before)
    # a DataFrame's lines are row positions from 1
    assert out["incident_id"].tolist() == ["H3"]
    assert out["start"].tolist() == utc("2026-08-04 01:42")
    assert out["end"].tolist() == utc("2026-08-04 01:44")


def test_unix_milliseconds_as_text_are_utc(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "log.csv",
        "datetime,up\n1785807600000,1\n1785807660500,0\n1785807720000,1\n",
    )

    out = cio.read_outages(path, format="events", as_of=AS_OF)

    assert out["start"].tolist() == utc("2026-08-04 01:41:00.500")
    assert out["end"].tolist() == utc("2026-08-04 01:42")


# --- bad rows ---------------------------------------------------------------------------


def test_unknown_state_names_line_column_and_what_to_write() -> None:
    with pytest.raises(DataError) as info:
        cio.read_outages(DATA / "hostile_unknown_state.csv", as_of=AS_OF)

    message = str(info.value)
    assert "1 problem in 1 record row" in message
    assert "line 4, column 'state': unknown state; use up or down" in message
    assert "200-399 up, 400-599 down" in message
    assert 'columns={"state": "<column>"}' in message
    assert "(found 'maybe')" in message
    assert info.value.lines == [4]


def test_rejecting_bad_rows_builds_outages_from_the_others() -> None:
    out = cio.read_outages(DATA / "hostile_unknown_state.csv", as_of=AS_OF, on_error="reject")

    assert out["incident_id"].tolist() == ["E3"]
    assert out["end"].tolist() == utc("2026-08-04 02:30")
    record = cio.provenance(out)
    assert (record.rows_read, record.rows_kept, record.rows_rejected) == (4, 3, 1)
    assert [(r.line, r.column, r.value) for r in record.rejected] == [(4, "state", "maybe")]


def test_unparseable_time_is_rejected_with_its_line() -> None:
    with pytest.raises(DataError, match=r"line 4, column 'time': not a date and time"):
        cio.read_outages(DATA / "hostile_bad_time.csv", format="events", as_of=AS_OF)

    out = cio.read_outages(DATA / "hostile_bad_time.csv", as_of=AS_OF, on_error="reject")

    assert out["start"].tolist() == utc("2026-08-04 01:40")
    assert out["end"].tolist() == utc("2026-08-04 02:30")
    assert cio.provenance(out).rows_rejected == 1


def test_records_after_as_of_are_in_the_future(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "log.csv",
        "time,state\n2026-08-04T01:00Z,down\n2026-08-04T02:00Z,up\n2026-08-05T02:00Z,down\n",
    )

    with pytest.raises(DataError, match=r"line 4, column 'time': record is in the future"):
        cio.read_outages(path, as_of="2026-08-05T00:00Z")

    out = cio.read_outages(path, as_of="2026-08-05T00:00Z", on_error="reject")
    assert out["incident_id"].tolist() == ["E2"]
    assert cio.provenance(out).rows_kept == 2


def test_a_bare_number_as_time_is_not_read_as_an_ancient_date(tmp_path: Path) -> None:
    path = write(tmp_path, "log.csv", "time,state\n-1,down\n2026-08-04T01:00Z,up\n")

    with pytest.raises(DataError, match=r"line 2, column 'time': not a date and time"):
        cio.read_outages(path, format="events", tz="UTC", as_of=AS_OF)


def test_blank_state_and_blank_time_are_problems(tmp_path: Path) -> None:
    path = write(tmp_path, "log.csv", "time,state\n2026-08-04T01:00Z,\n,up\n")

    with pytest.raises(DataError) as info:
        cio.read_outages(path, format="heartbeat", as_of=AS_OF)

    message = str(info.value)
    assert "line 2, column 'state': the state is missing" in message
    assert "line 3, column 'time': the time is missing" in message


def test_missing_state_column_auto_lists_what_was_tried() -> None:
    with pytest.raises(FormatError) as info:
        cio.read_outages(DATA / "hostile_no_state.csv", as_of=AS_OF)

    assert "events/heartbeat (no 'state' column (columns found: 'time', 'service'))" in str(
        info.value
    )


def test_missing_state_column_forced_says_how_to_map_it() -> None:
    with pytest.raises(DataError) as info:
        cio.read_outages(DATA / "hostile_no_state.csv", format="heartbeat", as_of=AS_OF)

    assert str(info.value) == (
        f"{DATA / 'hostile_no_state.csv'}: has no 'state' column (columns found: 'time', "
        '\'service\'); say which column holds it with columns={"state": "<your column>"}'
    )


def test_two_possible_state_columns_are_an_error_not_a_guess(tmp_path: Path) -> None:
    path = write(tmp_path, "log.csv", "time,status,result\n2026-08-04T01:00Z,up,ok\n")

    with pytest.raises(DataError, match=r"columns 'status' and 'result' could both be"):
        cio.read_outages(path, format="events", as_of=AS_OF)


# --- states and layout detection --------------------------------------------------------


#: a state as written -> its kind
VOCABULARY = {
    "UP": UP, "Down": DOWN, "OK": UP, "failed": DOWN, "true": UP, "0": DOWN, "1": UP,
    "2": DOWN, "3": UNKNOWN, "200": UP, "302": UP, "404": DOWN, "429": DOWN, "503": DOWN,
    "HTTP 500": DOWN, "200 OK": UP, "100": UNRECOGNISED, "600": UNRECOGNISED,
    "7": UNRECOGNISED, "Paused": UNKNOWN, "Started": RESUME, "unconfirmed_down": DOWN,
    "正常": UP, "故障": DOWN, "维护": UNKNOWN, "?": UNRECOGNISED, " ": MISSING,
}  # fmt: skip


def test_state_vocabulary() -> None:
    kinds = read_states(pd.Series(list(VOCABULARY)))

    assert dict(zip(VOCABULARY, kinds.tolist(), strict=True)) == VOCABULARY


def test_json_booleans_and_numbers_are_states() -> None:
    assert read_states(pd.Series([True, False])).tolist() == [UP, DOWN]
    assert read_states(pd.Series([1.0, 0.0, None])).tolist() == [UP, DOWN, MISSING]


@pytest.mark.parametrize(
    ("name", "layout", "rule"),
    [
        ("events_utc.csv", "events", "events: 2 of 6 records (33%) repeat"),
        ("uptimerobot_logs.csv", "events", "events: 0 of 5 records (0%)"),
        ("heartbeat_local.csv", "heartbeat", "heartbeat: 7 of 9 records (78%) repeat"),
        ("multi_service.csv", "heartbeat", "heartbeat: 6 of 10 records (60%)"),
        ("heartbeat_http_gap.csv", "heartbeat", "column 'http_status' holds HTTP status codes"),
        ("kuma_heartbeats.json", "heartbeat", "column 'ping' holds response times"),
    ],
)
def test_guess_layout_names_the_rule_that_decided(name: str, layout: str, rule: str) -> None:
    found, why = guess(name)

    assert found == layout
    assert rule in why


def test_guess_layout_refuses_an_order_file() -> None:
    table = read_table(
        open_source(Path(__file__).parent / "data" / "io" / "orders.csv"), ReadOptions("outages")
    )

    assert guess_layout(table, None) == (
        None,
        "column 'status' does not hold up/down states (e.g. 'paid')",
    )


def test_guess_layout_takes_the_users_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "log.csv", "when,health\n2026-08-04T01:00Z,up\n")
    table = read_table(open_source(path), ReadOptions("outages"))

    assert guess_layout(table, None)[0] is None
    assert guess_layout(table, {"time": "when", "state": "health"})[0] == "events"
    layout, why = guess_layout(table, {"start": "when"})
    assert layout is None
    assert why.startswith("columns names an unknown canonical column 'start'")


# --- invariants -------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    states=st.lists(st.sampled_from(["up", "down"]), min_size=1, max_size=40),
    seed=st.integers(0, 2**32 - 1),
)
def test_regular_probes_with_min_failed_1_match_events_and_row_order_does_not_matter(
    states: list[str], seed: int
) -> None:
    times = pd.date_range("2026-08-04", periods=len(states), freq="min", tz="UTC")
    frame = pd.DataFrame({"time": times.strftime("%Y-%m-%dT%H:%M:%SZ"), "state": states})
    shuffled = frame.sample(frac=1, random_state=np.random.default_rng(seed))

    beat = cio.read_outages(frame, format="heartbeat", as_of=AS_OF, min_failed=1)
    events = cio.read_outages(shuffled, format="events", as_of=AS_OF)

    assert beat["start"].tolist() == events["start"].tolist()
    assert beat["end"].isna().tolist() == events["end"].isna().tolist()
    assert beat["end"].dropna().tolist() == events["end"].dropna().tolist()
    trailing = len(states) - len("".join(s[0] for s in states).rstrip("d"))
    closed = (beat["end"] - beat["start"]).dropna().sum() / pd.Timedelta(minutes=1)
    assert closed == states.count("down") - trailing
    assert beat["end"].isna().sum() == (trailing > 0)
