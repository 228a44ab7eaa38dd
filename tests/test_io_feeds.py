"""Tests of claimstats.io.feeds: Statuspage history.atom and history.rss feeds."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import claimstats.io as cio
from claimstats.errors import ClaimstatsError, DataError, FormatError
from claimstats.io.feeds import read_atom, read_rss, sniff_atom, sniff_rss
from claimstats.io.options import ReadOptions
from claimstats.io.sources import Source, open_source

DATA = Path(__file__).parent / "data" / "statuspage"
ATOM = DATA / "history.atom"
RSS = DATA / "history.rss"
AS_OF = "2026-02-01T00:00Z"
NEVER_BEGAN = "maintenances that never began (no 'In progress' update)"


def utc(*stamps: str | None) -> list[pd.Timestamp]:
    return [pd.NaT if s is None else pd.Timestamp(s, tz="UTC") for s in stamps]


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


def atom(*entries: str, updated: str = "2026-01-05T09:12:40Z") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xml:lang="en-US" xmlns="http://www.w3.org/2005/Atom">\n'
        "  <title>Shop Status - Incident History</title>\n"
        '  <link rel="alternate" type="text/html" href="https://status.shop.example"/>\n'
        f"  <updated>{updated}</updated>\n" + "".join(entries) + "</feed>\n"
    )


def atom_entry(code: str, published: str | None, *updates: tuple[str, str]) -> str:
    content = updates_html(*updates).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    date = f"    <published>{published}</published>\n" if published else ""
    return (
        f"  <entry>\n    <id>tag:status.shop.example,2005:Incident/{code}</id>\n{date}"
        f'    <link rel="alternate" type="text/html" href="https://status.shop.example/incidents/{code}"/>\n'
        f"    <title>Incident {code}</title>\n"
        f'    <content type="html">{content}</content>\n  </entry>\n'
    )


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- the fixtures, read through the public loader ------------------------------------------


def test_atom_feed_is_detected_and_gives_one_row_per_incident() -> None:
    outages = cio.read_outages(ATOM, as_of=AS_OF)

    assert outages["incident_id"].tolist() == [
        "q1w2e3r4t5y6",
        "m9n8b7v6c5x4",
        "k7j6h5g4f3d2",
        "d1f2g3h4j5k6",
    ]
    assert outages["start"].tolist() == utc(
        "2026-01-05 08:55", "2026-01-03 02:00", "2025-12-31 23:50", "2025-12-20 15:02"
    )
    assert outages["end"].tolist() == utc(
        None, "2026-01-03 04:10", "2026-01-01 00:40", "2025-12-20 16:30"
    )
    assert outages["severity"].tolist() == ["partial", "maintenance", "outage", "degraded"]
    assert outages["service"].tolist() == [
        "Acme Chat",
        "Acme Chat",
        "Messaging API, Webhooks",  # its "This incident affected:" line
        "Acme Chat",
    ]
    assert outages.loc[0, "description"] == (
        "Messages failing to send (https://status.acmechat.example/incidents/q1w2e3r4t5y6)"
    )
    assert set(outages["source"]) == {"https://status.acmechat.example"}
    record = cio.provenance(outages)
    assert (record.format, record.rows_read, record.rows_kept) == ("statuspage-atom", 5, 4)
    assert record.excluded == {NEVER_BEGAN: 1}


def test_rss_feed_in_cst_is_read_with_the_pubdate_offset() -> None:
    outages = cio.read_outages(RSS, as_of=AS_OF)

    assert outages["incident_id"].tolist() == [
        "n1m2b3v4c5x6",
        "h8g7f6d5s4a3",
        "q9w8e7r6t5y4",
        "r5t4y3u2i1o0",
    ]
    assert outages["start"].tolist() == utc(
        "2026-01-06 01:45",  # 09:45 CST = +08:00
        "2026-01-03 18:00",  # maintenance in progress at Jan 4 02:00 CST
        "2025-12-31 15:50",  # Dec 31 23:50 CST, resolved Jan 1 00:40 CST
        "2025-12-18 02:10",  # no pubDate: placed with the channel's date
    )
    assert outages["end"].tolist() == utc(
        None, "2026-01-03 19:05", "2025-12-31 16:40", "2025-12-18 03:30"
    )
    assert outages["severity"].tolist() == ["outage", "maintenance", "partial", "outage"]
    assert set(outages["service"]) == {"Pay Gateway"}
    record = cio.provenance(outages)
    assert (record.format, record.rows_read, record.excluded) == (
        "statuspage-rss",
        5,
        {NEVER_BEGAN: 1},
    )


def test_lines_are_the_lines_of_the_entry_tags() -> None:
    atom_table = read_atom(open_source(ATOM), ReadOptions("outages"))
    rss_table = read_rss(open_source(RSS), ReadOptions("outages"))

    assert atom_table.lines.tolist() == [11, 19, 27, 35]
    assert rss_table.lines.tolist() == [8, 24, 32, 40]  # 16 never began


def test_claimant_tz_does_not_override_the_page_offset() -> None:
    outages = cio.read_outages(RSS, as_of=AS_OF, tz="America/Chicago")  # Chicago prints CST too

    assert outages["start"].tolist()[0] == pd.Timestamp("2026-01-06 01:45", tz="UTC")


@pytest.mark.parametrize(("path", "name"), [(ATOM, "feed.xml"), (RSS, "feed.xml"), (RSS, "feed")])
def test_feeds_with_other_names_are_detected_by_content(
    tmp_path: Path, path: Path, name: str
) -> None:
    copy = shutil.copy(path, tmp_path / name)

    assert len(cio.read_outages(copy, as_of=AS_OF)) == 4


def test_explicit_formats_read_the_feeds() -> None:
    assert len(cio.read_outages(ATOM, format="statuspage-atom", as_of=AS_OF)) == 4
    assert len(cio.read_outages(RSS, format="statuspage-rss", as_of=AS_OF)) == 4


def test_wrong_feed_format_says_which_to_use() -> None:
    with pytest.raises(FormatError) as caught:
        cio.read_outages(RSS, format="statuspage-atom", as_of=AS_OF)

    assert str(caught.value).startswith(
        f"{RSS}: is not an Atom feed (its root element is <rss>); pass format='statuspage-rss'"
    )


def test_bom_and_crlf_keep_line_numbers() -> None:
    path = DATA / "history_bom_crlf.rss"

    table = read_rss(open_source(path), ReadOptions("outages"))
    outages = cio.read_outages(path, as_of=AS_OF)

    assert table.lines.tolist() == [8]
    assert table.encoding == "utf-8-sig"
    assert outages["start"].tolist() == utc("2025-12-31 15:50")
    assert outages["end"].tolist() == utc("2025-12-31 16:40")


# --- component filter ---------------------------------------------------------------------


def test_component_filter_keeps_entries_naming_it() -> None:
    outages = cio.read_outages(ATOM, as_of=AS_OF, component="webhooks")

    assert outages["incident_id"].tolist() == ["k7j6h5g4f3d2"]
    assert outages["service"].tolist() == ["Webhooks"]
    assert cio.provenance(outages).excluded == {
        NEVER_BEGAN: 1,
        "entries not affecting component 'webhooks'": 3,
    }


def test_component_no_entry_names_lists_the_named_ones() -> None:
    with pytest.raises(DataError, match="they name 'Messaging API', 'Webhooks'; pass one"):
        cio.read_outages(ATOM, as_of=AS_OF, component="Billing")


def test_component_on_a_feed_without_components_points_to_incidents_json() -> None:
    with pytest.raises(DataError) as caught:
        cio.read_outages(RSS, as_of=AS_OF, component="API")

    assert str(caught.value) == (
        f"{RSS}: none of the 4 entries affects component 'API': none of them names its "
        "components; leave component out, or read the page's incidents.json, which lists "
        "the components of each incident"
    )


# --- years and zones ----------------------------------------------------------------------


def test_ambiguous_zone_is_settled_by_the_entry_date_of_an_atom_feed(tmp_path: Path) -> None:
    # published in UTC (no offset to go by): the last update is 16:40 UTC only if CST is China's
    entry = atom_entry("cn1", "2025-12-31T16:41:10Z",
                       ("Jan 1, 00:40 CST", "Resolved"), ("Dec 31, 23:50 CST", "Investigating"))  # fmt: skip
    path = write(tmp_path, "history.atom", atom(entry))

    outages = cio.read_outages(path, as_of=AS_OF)

    assert outages["start"].tolist() == utc("2025-12-31 15:50")
    assert outages["end"].tolist() == utc("2025-12-31 16:40")


def test_ambiguous_zone_without_an_entry_date_needs_tz(tmp_path: Path) -> None:
    entry = atom_entry("cn2", None, ("Dec 18, 11:30 CST", "Resolved"),
                       ("Dec 18, 10:10 CST", "Investigating"))  # fmt: skip
    path = write(tmp_path, "history.atom", atom(entry, updated="2026-01-05T09:12:40Z"))

    with pytest.raises(DataError) as caught:
        cio.read_outages(path, as_of=AS_OF)
    outages = cio.read_outages(path, as_of=AS_OF, tz="Asia/Shanghai")

    assert caught.value.problems[0].values == [  # noqa: PD011
        "Dec 18, 10:10 CST (zone 'CST' names several zones; pass tz= the status page's zone)"
    ]
    assert outages["start"].tolist() == utc("2025-12-18 02:10")


def test_unknown_zone_and_numeric_offsets(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "history.atom",
        atom(
            atom_entry("n1", "2026-01-03T04:00:00Z", ("Jan 3, 12:00 +08", "Resolved"),
                       ("Jan 3, 11:00 +08:00", "Investigating")),
            atom_entry("x1", "2026-01-02T04:00:00Z", ("Jan 2, 04:00 XYZ", "Investigating")),
        ),
    )  # fmt: skip

    with pytest.raises(DataError) as caught:
        cio.read_outages(path, as_of=AS_OF)
    kept = cio.read_outages(path, as_of=AS_OF, on_error="reject")

    assert caught.value.problems[0].values == [  # noqa: PD011
        "Jan 2, 04:00 XYZ (unknown zone 'XYZ'; pass tz= the status page's zone)"
    ]
    assert caught.value.lines == [13]
    assert kept["start"].tolist() == utc("2026-01-03 03:00")
    assert kept["end"].tolist() == utc("2026-01-03 04:00")


def test_reopened_incident_is_open_and_postmortem_does_not_reopen(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "history.atom",
        atom(
            atom_entry("r1", "2026-01-04T12:00:00Z", ("Jan 4, 12:00 UTC", "Investigating"),
                       ("Jan 4, 11:00 UTC", "Resolved"), ("Jan 4, 10:00 UTC", "Investigating")),
            atom_entry("p1", "2026-01-05T12:00:00Z", ("Jan 5, 12:00 UTC", "Postmortem"),
                       ("Jan 4, 11:30 UTC", "Resolved"), ("Jan 4, 10:30 UTC", "Investigating")),
        ),
    )  # fmt: skip

    outages = cio.read_outages(path, as_of=AS_OF)

    assert outages["end"].tolist() == utc(None, "2026-01-04 11:30")


# --- hostile files ------------------------------------------------------------------------


def test_doctype_and_entities_are_refused_before_parsing() -> None:
    path = DATA / "history_doctype.atom"

    with pytest.raises(FormatError) as caught:
        cio.read_outages(path, as_of=AS_OF)

    assert str(caught.value).startswith(
        f"{path}: line 2 declares a DOCTYPE; claimstats does not read XML with document type"
    )


def test_entity_declaration_without_doctype_keyword_is_refused(tmp_path: Path) -> None:
    text = RSS.read_text(encoding="utf-8").replace("<rss", '<!ENTITY x "y">\n<rss', 1)
    path = write(tmp_path, "history.rss", text)

    with pytest.raises(FormatError, match="line 2 declares a ENTITY"):
        cio.read_outages(path, format="statuspage-rss", as_of=AS_OF)


def test_entry_without_dates_is_a_row_problem_on_its_line() -> None:
    path = DATA / "history_no_dates.atom"

    with pytest.raises(DataError) as caught:
        cio.read_outages(path, as_of=AS_OF)
    kept = cio.read_outages(path, as_of=AS_OF, on_error="reject")

    [problem] = caught.value.problems
    assert (problem.lines, problem.column) == ([15], "start")
    assert "the start time is missing" in problem.reason
    assert kept["incident_id"].tolist() == ["q1w2e3r4t5y6"]
    assert cio.provenance(kept).rows_rejected == 1


def test_rss_without_any_date_cannot_place_its_updates() -> None:
    path = DATA / "history_no_dates.rss"

    with pytest.raises(DataError) as caught:
        cio.read_outages(path, as_of=AS_OF, tz="Asia/Shanghai")

    assert caught.value.lines == [7]
    assert [p.column for p in caught.value.problems] == ["start", "end"]
    assert caught.value.problems[0].values == [  # noqa: PD011
        "Dec 18, 10:10 CST (year unknown: the entry has no date)"
    ]


def test_truncated_feed_is_a_format_error_naming_the_line() -> None:
    path = DATA / "history_truncated.atom"

    with pytest.raises(FormatError) as caught:
        cio.read_outages(path, as_of=AS_OF)

    assert str(caught.value).startswith(f"{path}: is not well-formed XML (line 14, column 1:")


def test_feed_without_entries_holds_no_incidents(tmp_path: Path) -> None:
    path = write(tmp_path, "history.atom", atom())

    with pytest.raises(DataError, match="holds no incidents;"):
        cio.read_outages(path, as_of=AS_OF)


def test_other_atom_feed_is_not_taken_for_a_status_page(tmp_path: Path) -> None:
    blog = write(
        tmp_path,
        "blog.atom",
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title><entry><title>Hi'
        "</title></entry></feed>",
    )

    with pytest.raises(FormatError) as caught:
        cio.read_outages(blog, as_of=AS_OF)

    assert (
        "statuspage-atom (an Atom feed without Statuspage incidents (no dated updates or links))"
        in str(caught.value)
    )
    assert "statuspage-rss (root element is <feed>, not <rss>)" in str(caught.value)


@pytest.mark.parametrize(
    ("sniff", "head", "why"),
    [
        (sniff_atom, b"id,start\n", "not XML (no element at the start)"),
        (sniff_atom, b'<feed><title>Status - Incident History</title>', "a <feed> without the Atom namespace"),
        (sniff_rss, b'<?xml version="1.0"?>\n<!-- c --><feed xmlns="x">', "root element is <feed>, not <rss>"),
    ],
)  # fmt: skip
def test_sniffers_say_why_a_file_does_not_fit(sniff: Callable, head: bytes, why: str) -> None:
    fit = sniff(head, Source(label="f", name="f"))

    assert (fit.ok, fit.why) == (False, why)


def test_sniffers_fit_with_a_bom_and_a_doctype() -> None:
    source = Source(label="f", name="f")

    assert sniff_rss(b"\xef\xbb\xbf" + RSS.read_bytes()[:200], source).ok
    assert sniff_atom((DATA / "history_doctype.atom").read_bytes(), source).ok


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cut=st.integers(min_value=1, max_value=len(ATOM.read_bytes())), noise=st.binary(max_size=40))
def test_any_cut_or_noisy_feed_gives_a_frame_or_a_claimstats_error(
    tmp_path: Path, cut: int, noise: bytes
) -> None:
    data = ATOM.read_bytes()
    path = tmp_path / "history.atom"
    path.write_bytes(data[:cut] + noise + data[cut:] if noise else data[:cut])

    try:
        cio.read_outages(path, format="statuspage-atom", as_of=AS_OF, on_error="reject")
    except ClaimstatsError:
        return


def test_dates_at_the_ends_of_the_calendar_are_kept_or_rejected(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "history.atom",
        atom(
            atom_entry("y1", "0001-01-01T00:00:00Z", ("Dec 31, 23:50 +08:00", "Investigating")),
            atom_entry("y9", "9999-12-31T23:59:00Z", ("Jan 1, 00:10 -08:00", "Investigating")),
            atom_entry("ok", "2026-01-03T04:00:00Z", ("Jan 3, 03:00 UTC", "Investigating")),
        ),
    )

    kept = cio.read_outages(path, as_of=AS_OF, on_error="reject")

    # Year 1 and year 10000 are no outage's times (before 1970 or after 2099): rejected.
    assert kept["incident_id"].tolist() == ["ok"]
    assert kept["start"].tolist() == utc("2026-01-03 03:00")
    assert cio.provenance(kept).rows_rejected == 2


def test_feed_in_latin1_is_decoded_as_its_xml_declaration_says(tmp_path: Path) -> None:
    text = (
        RSS.read_text(encoding="utf-8")
        .replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
        .replace("Refund API errors", "Rückerstattungen fehlerhaft")
    )
    path = tmp_path / "history.rss"
    path.write_bytes(text.encode("latin-1"))

    outages = cio.read_outages(path, as_of=AS_OF)

    assert outages.loc[3, "description"].startswith("Rückerstattungen fehlerhaft (https://")
    assert cio.provenance(outages).encoding == "iso8859-1"
