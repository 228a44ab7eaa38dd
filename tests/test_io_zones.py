"""Signs that the claimant's time zone is not the one the times were written in."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from claimstats import read_orders, read_outages
from claimstats.io.check import check_input
from claimstats.io.zones import zone_doubts

AS_OF = "2026-09-01T00:00Z"
#: a shop's orders by local hour: quiet from midnight to 08:00, busy at lunch and evening
DAY = np.array([2, 1, 0, 0, 0, 0, 1, 3, 6, 8, 10, 12, 14, 10, 8, 8, 9, 11, 14, 16, 15, 12, 8, 4])


def _local_times(days: int = 14, per_day: int = 60, seed: int = 1) -> list[str]:
    """Order times written as a shop's clock shows them (no offset)."""
    rng = np.random.default_rng(seed)
    hours = rng.choice(24, size=days * per_day, p=DAY / DAY.sum())
    day = np.repeat(np.arange(days), per_day)
    stamps = (
        pd.Timestamp("2026-07-01")
        + pd.to_timedelta(day, unit="D")
        + pd.to_timedelta(hours, unit="h")
        + pd.to_timedelta(rng.integers(0, 3600, size=hours.size), unit="s")
    )
    return sorted(stamps.strftime("%Y-%m-%d %H:%M:%S"))


def _orders(times: list[str], tz: str | None) -> pd.DataFrame:
    rows = pd.DataFrame({"timestamp": times, "amount": 10.0})
    return read_orders(rows, tz=tz, currency="CNY")


def _outages(start: str, end: str, tz: str | None = None) -> pd.DataFrame:
    return read_outages(pd.DataFrame({"start": [start], "end": [end]}), tz=tz, as_of=AS_OF)


def test_times_read_in_their_own_zone_raise_no_doubt():
    assert zone_doubts(_orders(_local_times(), "Asia/Shanghai"), "Asia/Shanghai") == []
    written = [f"{t}+08:00" for t in _local_times()]
    assert zone_doubts(_orders(written, None), "Asia/Shanghai") == []
    assert (
        zone_doubts(_outages("2026-08-04 09:40+08:00", "2026-08-04 12:00+08:00"), "Asia/Shanghai")
        == []
    )


def test_an_offset_that_tz_never_has_is_named_with_both_zones():
    outages = _outages("2026-08-04 09:40+08:00", "2026-08-04 12:00+08:00")
    (doubt,) = zone_doubts(outages, "Europe/London")
    assert "written at UTC+08:00 (2 times)" in doubt
    assert "tz='Europe/London' is at UTC+01:00 then" in doubt
    assert "pass tz= that zone (e.g. Asia/Shanghai)" in doubt
    assert doubt.endswith("if they are the provider's times, nothing needs changing")
    orders = _orders([f"{t}+08:00" for t in _local_times()], None)
    (doubt,) = zone_doubts(orders, "America/New_York")
    assert "written at UTC+08:00 (840 times), but tz='America/New_York' is at UTC-04:00" in doubt
    assert "provider" not in doubt


def test_utc_and_both_offsets_of_a_summer_time_zone_are_no_sign():
    assert zone_doubts(_outages("2026-08-04 01:40Z", "2026-08-04 04:00Z"), "Asia/Shanghai") == []
    # Berlin is +01:00 in winter and +02:00 in summer: a list spanning both is consistent.
    both = _outages("2026-03-01 10:00+01:00", "2026-08-04 12:00+02:00")
    assert zone_doubts(both, "Europe/Berlin") == []


def test_orders_busiest_at_night_are_named_with_the_zone_they_seem_written_in():
    # A UTC export (no offset) read as the shop's Shanghai time: hours 8 early.
    utc_clock = (pd.to_datetime(_local_times()) - pd.Timedelta("8h")).strftime("%Y-%m-%d %H:%M:%S")
    (doubt,) = zone_doubts(_orders(list(utc_clock), "Asia/Shanghai"), "Asia/Shanghai")
    assert "read in tz='Asia/Shanghai', the fewest orders" in doubt
    assert "from 17:00 to 23:00, when a shop is usually open" in doubt
    assert "written in another zone (about UTC+00:00, e.g. UTC)" in doubt


def test_orders_with_offsets_in_a_shifted_zone_name_the_claimants_likely_zone():
    times = pd.to_datetime(_local_times()).tz_localize("Asia/Shanghai").tz_convert("UTC")
    frame = _orders(list(times.strftime("%Y-%m-%dT%H:%M:%SZ")), None)
    (doubt,) = zone_doubts(frame, "UTC")
    assert "read in tz='UTC', the fewest orders" in doubt
    assert (
        "if the claimant's zone is about UTC+08:00, pass tz= that zone (e.g. Asia/Shanghai)"
        in doubt
    )


@pytest.mark.parametrize("rows", [50, 199])
def test_few_orders_or_no_quiet_hours_say_nothing(rows):
    shifted = (pd.to_datetime(_local_times()) - pd.Timedelta("8h")).strftime("%Y-%m-%d %H:%M")
    assert zone_doubts(_orders(list(shifted[:rows]), "Asia/Shanghai"), "Asia/Shanghai") == []
    even = pd.date_range("2026-07-01", periods=24 * 14, freq="h").strftime("%Y-%m-%d %H:%M")
    assert zone_doubts(_orders(list(even), "Asia/Shanghai"), "Asia/Shanghai") == []


def test_a_frame_without_provenance_is_judged_by_its_hours_only():
    frame = _orders(_local_times(), "UTC")
    plain = pd.DataFrame({"timestamp": frame["timestamp"] - pd.Timedelta("8h")})
    (doubt,) = zone_doubts(plain, "UTC")
    assert doubt.startswith("orders: read in tz='UTC'")


def test_validate_lists_the_doubts_and_the_offsets_written(tmp_path):
    path = tmp_path / "outages.csv"
    path.write_text("start,end\n2026-08-04 09:40+08:00,2026-08-04 12:00+08:00\n", encoding="utf-8")
    check = check_input(path, tz="Europe/London", as_of=AS_OF)
    assert check.usable
    assert check.provenance.utc_offsets == {"+08:00": 2}
    assert len(check.warnings) == 1
    assert "tz='Europe/London' is at UTC+01:00" in check.warnings[0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert check_input(path, tz="Asia/Shanghai", as_of=AS_OF).warnings == []
