"""Tests of claimstats.io.statuspage: Atlassian Statuspage incidents.json."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import claimstats.io as cio
from claimstats.errors import ClaimstatsError, DataError, FormatError
from claimstats.io.options import ReadOptions
from claimstats.io.sources import Source, open_source
from claimstats.io.statuspage import read_statuspage, sniff_statuspage

DATA = Path(__file__).parent / "data" / "statuspage"
INCIDENTS = DATA / "incidents.json"
AS_OF = "2026-09-01T00:00Z"
NEVER_BEGAN = "maintenances that never began (no 'in progress' update)"


def utc(*stamps: str | None) -> list[pd.Timestamp]:
    return [pd.NaT if s is None else pd.Timestamp(s, tz="UTC") for s in stamps]


def page(*incidents: dict, name: str = "Shop Cloud") -> dict:
    return {
        "page": {"id": "p1", "name": name, "url": "https://status.example"},
        "incidents": list(incidents),
    }


def incident(ident: str = "i1", **fields: object) -> dict:
    base = {
        "id": ident,
        "name": "Checkout down",
        "status": "resolved",
        "impact": "major",
        "created_at": "2026-08-04T01:40:00Z",
        "resolved_at": "2026-08-04T02:00:00Z",
        "shortlink": f"https://stspg.io/{ident}",
        "incident_updates": [],
        "components": [],
    }
    return base | fields


def write_page(tmp_path: Path, data: object, name: str = "incidents.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def update(status: str, at: str, *affected: tuple[str, str, str]) -> dict:
    return {
        "status": status,
        "body": "...",
        "created_at": at,
        "display_at": at,
        "affected_components": [
            {"code": code, "name": name, "old_status": "operational", "new_status": new}
            for code, name, new in affected
        ]
        or None,
    }


# --- the fixture, read through the public loader ----------------------------------------


def test_incidents_json_is_detected_and_gives_one_row_per_incident() -> None:
    outages = cio.read_outages(INCIDENTS, as_of=AS_OF)

    assert outages["incident_id"].tolist() == [
        "p8x1k2m3n4q5",
        "h3k9d2w1z7v0",
        "m2n7b4c8x6r1",
        "w5q1e8t3y9u2",
        "s6d4f2g8h1j3",
        "a1s2d3f4g5h6",
    ]
    assert outages["start"].tolist() == utc(
        "2026-08-20 02:02",  # started_at (10:02 +08:00), before created_at
        "2026-08-14 13:07",
        "2026-08-10 09:00",  # started_at null: created_at, written with Z
        "2026-08-06 14:00",
        "2026-08-03 18:00",  # maintenance: its in_progress update, not the announcement
        "2026-08-02 00:15",
    )
    assert outages["end"].tolist() == utc(
        None, "2026-08-14 17:25", "2026-08-10 10:15", "2026-08-06 15:30", "2026-08-03 19:40",
        "2026-08-02 00:55",
    )  # fmt: skip
    assert outages["severity"].tolist() == [
        "outage",  # impact major (the component reported only partial_outage)
        "outage",  # critical
        "partial",  # minor, worse than the degraded_performance its update reported
        "degraded",  # impact none
        "maintenance",
        "outage",
    ]
    assert outages["service"].tolist() == [
        "Checkout",
        "API, Checkout",
        "Dashboard",
        "Webhooks",
        "API",
        "Shop Cloud",  # no component named: the page
    ]
    assert outages.loc[1, "description"] == (
        "Payments API and checkout unavailable (https://stspg.io/h3k9d2w1)"
    )
    assert set(outages["source"]) == {"https://status.shopcloud.example"}


def test_provenance_counts_the_maintenance_that_never_began() -> None:
    record = cio.provenance(cio.read_outages(INCIDENTS, as_of=AS_OF))

    assert record.format == "statuspage-json"
    assert (record.rows_read, record.rows_kept, record.rows_rejected) == (7, 6, 0)
    assert record.excluded == {NEVER_BEGAN: 1}
    assert record.encoding == "utf-8"
    assert record.time_start == pd.Timestamp("2026-08-02 00:15", tz="UTC")


def test_lines_are_positions_in_the_incident_list() -> None:
    table = read_statuspage(open_source(INCIDENTS), ReadOptions("outages"))

    assert table.lines.tolist() == [1, 2, 3, 4, 5, 7]  # 6 is the maintenance not begun


def test_explicit_format_reads_a_file_with_another_name(tmp_path: Path) -> None:
    path = shutil.copy(INCIDENTS, tmp_path / "github-status.txt")

    outages = cio.read_outages(path, format="statuspage", as_of=AS_OF)

    assert len(outages) == 6


def test_scheduled_maintenances_json_starts_when_in_progress_and_stays_open() -> None:
    outages = cio.read_outages(DATA / "scheduled-maintenances.json", as_of=AS_OF)

    assert outages["incident_id"].tolist() == ["r7t8y9u0i1o2"]
    assert outages["start"].tolist() == utc("2026-08-24 18:00")
    assert outages["end"].isna().all()
    assert outages[["service", "severity"]].iloc[0].tolist() == ["Search", "maintenance"]
    assert cio.provenance(outages).excluded == {NEVER_BEGAN: 1}


def test_bom_and_crlf_are_read() -> None:
    outages = cio.read_outages(DATA / "incidents_bom_crlf.json", as_of=AS_OF)

    assert outages["start"].tolist() == utc("2026-08-02 00:15")
    assert cio.provenance(outages).encoding == "utf-8-sig"


# --- component filter ---------------------------------------------------------------------


def test_component_name_matches_in_any_case_and_names_the_service() -> None:
    outages = cio.read_outages(INCIDENTS, as_of=AS_OF, component="checkout")

    assert outages["incident_id"].tolist() == ["p8x1k2m3n4q5", "h3k9d2w1z7v0"]
    assert outages["service"].tolist() == ["Checkout", "Checkout"]
    record = cio.provenance(outages)
    assert record.excluded == {NEVER_BEGAN: 1, "incidents not affecting component 'checkout'": 4}
    assert (record.rows_read, record.rows_kept) == (7, 2)


def test_component_id_matches_and_update_components_count() -> None:
    outages = cio.read_outages(INCIDENTS, format="statuspage", as_of=AS_OF, component="cmp_api")

    assert outages["incident_id"].tolist() == ["h3k9d2w1z7v0", "s6d4f2g8h1j3"]
    assert outages["service"].tolist() == ["API", "API"]


def test_component_no_incident_affects_lists_the_components_there_are() -> None:
    with pytest.raises(DataError) as caught:
        cio.read_outages(INCIDENTS, as_of=AS_OF, component="Billing")

    assert str(caught.value) == (
        f"{INCIDENTS}: none of the 6 incidents affects component 'Billing': they name "
        "'API', 'Checkout', 'Dashboard', 'Webhooks'; pass one of these as component=, or "
        "leave component out to read every incident"
    )


def test_component_of_a_page_whose_incidents_name_none(tmp_path: Path) -> None:
    path = write_page(tmp_path, page(incident("a"), incident("b")))

    with pytest.raises(DataError, match="none of them names its components"):
        cio.read_outages(path, as_of=AS_OF, component="API")


# --- severity -----------------------------------------------------------------------------


def test_severity_is_the_worse_of_impact_and_reported_component_status(tmp_path: Path) -> None:
    at = "2026-08-04T01:40:00Z"
    path = write_page(
        tmp_path,
        page(
            incident("none-partial", impact="none",
                     incident_updates=[update("investigating", at, ("c1", "API", "partial_outage"))]),
            incident("minor-major", impact="minor",
                     incident_updates=[update("identified", at, ("c1", "API", "major_outage"))]),
            incident("none", impact="none"),
            incident("critical", impact="critical"),
            incident("no-impact", impact=None),
            incident("maintenance-down", impact="maintenance", status="completed",
                     incident_updates=[update("in_progress", at, ("c1", "API", "major_outage"))]),
        ),
    )  # fmt: skip

    outages = cio.read_outages(path, as_of=AS_OF)

    assert outages["severity"].tolist() == [
        "partial",
        "outage",
        "degraded",
        "outage",
        "outage",
        "maintenance",
    ]
    assert outages["service"].tolist()[:2] == ["API", "API"]  # named by the updates only


def test_unknown_impact_is_a_row_problem_naming_the_record(tmp_path: Path) -> None:
    path = write_page(tmp_path, page(incident("a"), incident("b", impact="catastrophic")))

    with pytest.raises(DataError) as caught:
        cio.read_outages(path, as_of=AS_OF)

    [problem] = caught.value.problems
    assert (problem.lines, problem.column) == ([2], "severity")
    assert problem.values == ["catastrophic"]  # noqa: PD011


# --- times --------------------------------------------------------------------------------


def test_open_status_leaves_the_end_open_and_resolution_comes_from_updates(
    tmp_path: Path,
) -> None:
    path = write_page(
        tmp_path,
        page(
            incident("reopened", status="investigating"),  # resolved_at set, then reopened
            incident("no-resolved-at", resolved_at=None, incident_updates=[
                update("resolved", "2026-08-04T12:00:00+08:00"),
                update("investigating", "2026-08-04T09:40:00+08:00"),
            ]),
        ),
    )  # fmt: skip

    outages = cio.read_outages(path, as_of=AS_OF)

    assert outages["end"].tolist() == utc(None, "2026-08-04 04:00")


def test_bad_time_is_a_row_problem_and_reject_keeps_the_others(tmp_path: Path) -> None:
    path = write_page(tmp_path, page(incident("a"), incident("b", started_at="yesterday")))

    with pytest.raises(DataError) as caught:
        cio.read_outages(path, as_of=AS_OF)
    kept = cio.read_outages(path, as_of=AS_OF, on_error="reject")

    assert caught.value.lines == [2]
    assert caught.value.problems[0].column == "start"
    assert kept["incident_id"].tolist() == ["a"]
    assert cio.provenance(kept).rows_rejected == 1


def test_incident_starting_after_as_of_is_an_error() -> None:
    with pytest.raises(DataError) as caught:
        cio.read_outages(INCIDENTS, as_of="2026-08-15T00:00Z")

    assert caught.value.lines == [1]  # the open incident of Aug 20


def test_incident_without_any_time_is_a_missing_start(tmp_path: Path) -> None:
    path = write_page(tmp_path, page(incident("a", created_at=None, started_at=None)))

    with pytest.raises(DataError, match="the start time is missing"):
        cio.read_outages(path, as_of=AS_OF)


# --- files that are not (whole) incident lists ---------------------------------------------


def test_page_with_no_incidents_is_a_data_error() -> None:
    with pytest.raises(DataError) as caught:
        cio.read_outages(DATA / "incidents_empty.json", as_of=AS_OF)

    assert str(caught.value).startswith(f"{DATA / 'incidents_empty.json'}: holds no incidents;")


def test_page_whose_maintenances_never_began_says_so(tmp_path: Path) -> None:
    scheduled = incident("m", impact="maintenance", status="scheduled", resolved_at=None)
    path = write_page(tmp_path, page(scheduled))

    with pytest.raises(DataError, match=r"holds no incidents \(1 maintenances that never began"):
        cio.read_outages(path, as_of=AS_OF)


def test_truncated_json_is_a_format_error_naming_the_line() -> None:
    path = DATA / "incidents_truncated.json"

    with pytest.raises(FormatError) as caught:
        cio.read_outages(path, as_of=AS_OF)

    assert str(caught.value).startswith(f"{path}: is not valid JSON (line 26, column 75:")
    assert "save incidents.json again" in str(caught.value)


def test_statuspage_object_without_incidents_is_a_format_error() -> None:
    path = DATA / "components.json"

    with pytest.raises(FormatError) as caught:
        cio.read_outages(path, format="statuspage", as_of=AS_OF)

    assert str(caught.value) == (
        f"{path}: holds an object without an 'incidents' list (keys found: 'page', "
        "'components'); save https://<your status page>/api/v2/incidents.json, or pass "
        "format='json' for your own list of outages"
    )


def test_components_json_is_not_taken_for_incidents_by_auto() -> None:
    with pytest.raises(FormatError, match="without a list of outages"):
        cio.read_outages(DATA / "components.json", as_of=AS_OF)


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("[1, 2]", "a JSON list, not a Statuspage object"),
        ('{"incidents": ["x"]}', "record 1 of 'incidents' is a JSON str"),
        ('{"incidents": [' + "[" * 100_000 + "]" * 100_000 + "]}", "JSON list|RecursionError"),
        ('{"incidents": [{"id": 1' + "0" * 5000 + "}]}", "ValueError"),
    ],
)
def test_odd_json_is_a_format_error(tmp_path: Path, text: str, what: str) -> None:
    path = tmp_path / "incidents.json"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(FormatError, match=what):
        cio.read_outages(path, format="statuspage", as_of=AS_OF)


def test_plain_outage_json_still_reads_as_generic_json() -> None:
    outages = cio.read_outages(
        Path(__file__).parent / "data" / "io" / "outages.json", tz="Asia/Shanghai", as_of=AS_OF
    )

    assert cio.provenance(outages).format == "generic-json"


# --- content test -------------------------------------------------------------------------


SOURCE = Source(label="x.json", name="x.json")


def test_sniff_needs_only_the_start_of_a_large_file() -> None:
    head = INCIDENTS.read_bytes()[:300]  # cut in the middle of the first incident

    assert sniff_statuspage(head, SOURCE).ok
    assert sniff_statuspage(b"\xef\xbb\xbf" + head, SOURCE).ok


@pytest.mark.parametrize(
    ("head", "why"),
    [
        (b'[{"start": "2026-08-04"}]', "not a JSON object"),
        (b'{"outages": [{"start": "2026-08-04"}]}', 'no "incidents" list in the first 64 KiB'),
        (
            b'{"incidents": [{"start": "2026-08-04", "impact": "major"}]}',
            'an "incidents" list without Statuspage fields (page, shortlink)',
        ),
    ],
)
def test_sniff_says_why_a_file_does_not_fit(head: bytes, why: str) -> None:
    fit = sniff_statuspage(head, SOURCE)

    assert (fit.ok, fit.why) == (False, why)
    assert len(why) < 80


# --- no other exception escapes -----------------------------------------------------------

_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)
_FIELDS = st.sampled_from(
    ["id", "name", "status", "impact", "created_at", "started_at", "resolved_at", "shortlink",
     "incident_updates", "components", "scheduled_for"]
)  # fmt: skip


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(records=st.lists(st.dictionaries(_FIELDS, _JSON, max_size=6), max_size=4), name=_JSON)
def test_any_json_record_gives_a_frame_or_a_claimstats_error(
    tmp_path: Path, records: list[dict], name: object
) -> None:
    path = tmp_path / "incidents.json"
    path.write_text(json.dumps({"page": {"name": name}, "incidents": records}), encoding="utf-8")

    try:
        outages = cio.read_outages(path, as_of=AS_OF, on_error="reject", component="API")
    except ClaimstatsError:
        return
    assert list(outages.columns) == [
        "incident_id", "service", "start", "end", "severity", "description", "source"
    ]  # fmt: skip
