"""Tests of claimstats.io.feed_updates: the updates in a feed entry and their times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from claimstats.io.feed_updates import parse_updates, update_times


def updates_html(*updates: tuple[str, str]) -> str:
    """Statuspage's HTML for updates given as (``"Dec 31, 23:50 UTC"``, status)."""
    parts = []
    for when, status in updates:
        month_day, clock = when.split(", ")
        month, day = month_day.split()
        time, zone = clock.split()
        parts.append(
            f"<p><small>{month} <var data-var='date'>{day:>2}</var>, <var data-var='time'>"
            f"{time}</var> {zone}</small><br><strong>{status}</strong> - Text.</p>"
        )
    return "".join(parts)


# --- years and zones ----------------------------------------------------------------------


def test_year_of_an_update_is_the_one_nearest_the_entry_date_both_ways() -> None:
    ups = parse_updates(updates_html(("Dec 31, 23:50 UTC", "Investigating"),
                                     ("Jan 1, 00:30 UTC", "Resolved")))  # fmt: skip

    published_after = update_times(ups, datetime(2026, 1, 1, 0, 31, tzinfo=UTC))
    published_before = update_times(ups, datetime(2025, 12, 31, 23, 51, tzinfo=UTC))

    assert published_after == [
        datetime(2025, 12, 31, 23, 50, tzinfo=UTC),
        datetime(2026, 1, 1, 0, 30, tzinfo=UTC),
    ]
    assert published_before == published_after


def test_feb_29_is_placed_in_the_leap_year() -> None:
    ups = parse_updates(updates_html(("Feb 29, 10:00 UTC", "Investigating")))

    assert update_times(ups, datetime(2025, 1, 2, tzinfo=UTC)) == [
        datetime(2024, 2, 29, 10, 0, tzinfo=UTC)
    ]


def test_us_abbreviations_follow_daylight_saving() -> None:
    ups = parse_updates(updates_html(("Nov 7, 07:01 EST", "Completed"),
                                     ("Nov 7, 03:00 EST", "In progress"),
                                     ("Nov 2, 09:29 EDT", "Scheduled")))  # fmt: skip

    times = update_times(ups, datetime(2021, 11, 7, 7, 1, 1, tzinfo=timezone(timedelta(hours=-5))))

    assert times == [
        datetime(2021, 11, 7, 12, 1, tzinfo=UTC),
        datetime(2021, 11, 7, 8, 0, tzinfo=UTC),
        datetime(2021, 11, 2, 13, 29, tzinfo=UTC),
    ]


# --- any content --------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(content=st.text(alphabet="<>/smalrongvDec 0123456789:,UTCbp-", max_size=200))
def test_any_content_html_gives_updates_without_error(content: str) -> None:
    updates = parse_updates(content)

    update_times(updates, datetime(2026, 1, 1, tzinfo=UTC), "Asia/Shanghai")
