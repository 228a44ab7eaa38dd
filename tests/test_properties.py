"""Properties that must hold for any input, checked with Hypothesis (issue 7, point 2).

* Interval algebra (:func:`claimstats.incidents`, :func:`claimstats.series.window_coverage`):
  the merged incidents are checked against an independent minute-by-minute oracle, for
  any mix of overlapping, touching, nested, zero-length and open outages of several
  services and any ``as_of``.
* Loaders: canonical frames with times in any UTC offset or IANA zone, two-decimal
  amounts, several currencies, channels and statuses, written the way other programs
  write them (offset text, naive local text with ``tz=``, native Excel date cells, native
  zoned Parquet columns, JSON numbers) and read back with ``format="auto"`` and with the
  explicit format name: no row lost, every value equal, rows in file order.
  (tests/test_io_roundtrip.py covers UTC times and arbitrary text by auto-detection.)
* Estimator: removing completed orders inside the outage never lowers the estimated loss
  (it rises by exactly the orders removed), the same seed gives the identical estimate,
  and the order of the rows of the order frame changes nothing.
* Frames touched by pandas (issue 18): orders, outages and incidents whose times went to
  another resolution or zone, through concatenation (also of two zones), a timedelta
  shift and back, shuffled rows, a new index, a copy or categories give the same
  buckets, incidents and estimate as the frames as loaded.
"""

from __future__ import annotations

import json
import math
from datetime import timedelta, timezone
from pathlib import Path
from typing import NamedTuple

import hypothesis.strategies as st
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

import claimstats as cs
from claimstats._time import inside_intervals
from claimstats.errors import DataError
from claimstats.schema import ORDER_COLUMNS, ORDER_STATUSES, OUTAGE_COLUMNS, SEVERITIES
from claimstats.series import window_coverage

# Example counts sized to what each shows within the suite's time budget (make test in at
# most 3 minutes on 2 cores); explore further with HYPOTHESIS settings of your own.
INTERVALS = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
LOADERS = settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ESTIMATES = settings(max_examples=10, deadline=None, derandomize=True, database=None)

MINUTE = pd.Timedelta(minutes=1)
BASE = pd.Timestamp("2026-08-03T00:00", tz="UTC")
SERVICES = ("WhatsApp Web", "API", "网站")
#: minutes after BASE within which outages start (a bit over two days)
SPAN_MINUTES = 3000


# --- interval algebra ------------------------------------------------------------------


def _minute(n: int) -> pd.Timestamp:
    return (BASE + n * MINUTE).as_unit("us")


@st.composite
def outage_sets(draw: st.DrawFn) -> tuple[pd.DataFrame, pd.Timestamp | None]:
    """A canonical outage frame on a minute grid, and an ``as_of`` (None when no outage
    is open, to test that path too). Starts cluster so that overlaps, touching and
    nested outages are common; lengths may be zero; some outages are open."""
    rows = draw(st.integers(min_value=0, max_value=12))
    services = [draw(st.sampled_from(SERVICES)) for _ in range(rows)]
    starts: list[int] = []
    lengths: list[int | None] = []
    for _ in range(rows):
        ends = [s + n for s, n in zip(starts, lengths, strict=True) if n is not None]
        # often start exactly where an earlier outage ends (touching), or at its start
        anchors = ends + starts
        start = draw(st.integers(0, SPAN_MINUTES) | st.sampled_from(anchors or [0]))
        starts.append(start)
        lengths.append(draw(st.none() | st.integers(0, 600)))
    frame = pd.DataFrame(
        {
            "incident_id": [f"O{i}" for i in range(rows)],
            "service": pd.Series(services, dtype="str"),
            "start": pd.Series([_minute(s) for s in starts], dtype=OUTAGE_COLUMNS["start"]),
            "end": pd.Series(
                [
                    pd.NaT if n is None else _minute(s + n)
                    for s, n in zip(starts, lengths, strict=True)
                ],
                dtype=OUTAGE_COLUMNS["end"],
            ),
            "severity": [draw(st.sampled_from(SEVERITIES)) for _ in range(rows)],
            "description": [
                draw(st.sampled_from(["", "down", "slow", "维护"])) for _ in range(rows)
            ],
            "source": "monitor.csv",
        }
    ).astype(OUTAGE_COLUMNS)
    if frame["end"].isna().any() or draw(st.booleans()):
        # anywhere from before the first start to after the last end
        as_of = _minute(draw(st.integers(-60, SPAN_MINUTES + 700)))
    else:
        as_of = None
    return frame, as_of


def _kept(outages: pd.DataFrame, as_of: pd.Timestamp | None) -> pd.DataFrame:
    """The outages as the incidents should see them: those starting before ``as_of``,
    each closed at ``as_of`` when open or running past it."""
    if as_of is None:
        return outages.assign(end=outages["end"])
    kept = outages.loc[outages["start"] < as_of]
    return kept.assign(end=kept["end"].fillna(as_of).clip(upper=as_of))


def _union_minutes(kept: pd.DataFrame) -> dict[str, np.ndarray]:
    """Oracle: for each service, a bitmap of the minutes covered by any outage."""
    size = SPAN_MINUTES + 800
    covered: dict[str, np.ndarray] = {}
    for row in kept.itertuples():
        bits = covered.setdefault(row.service, np.zeros(size, dtype=bool))
        bits[(row.start - BASE) // MINUTE : (row.end - BASE) // MINUTE] = True
    return covered


def _runs(bits: np.ndarray) -> int:
    """How many runs of True a bitmap holds."""
    edges = np.diff(np.concatenate([[False], bits, [False]]).astype(np.int8))
    return int((edges == 1).sum())


@INTERVALS
@given(case=outage_sets())
def test_incidents_are_disjoint_non_negative_and_end_by_as_of(
    case: tuple[pd.DataFrame, pd.Timestamp | None],
) -> None:
    outages, as_of = case
    inc = cs.incidents(outages, as_of=as_of)
    kept = _kept(outages, as_of)

    assert (inc["duration"] >= pd.Timedelta(0)).all()
    assert (inc["duration"] == inc["end"] - inc["start"]).all()
    assert int(inc["parts"].sum()) == len(kept)
    if as_of is not None:
        assert (inc["start"] < as_of).all()
        assert (inc["end"] <= as_of).all()
        # an incident holding an open outage is ongoing, closed exactly at as_of
        assert (inc.loc[inc["ongoing"], "end"] == as_of).all()
    else:
        assert not inc["ongoing"].any()
    for _, part in inc.groupby("service"):
        # sorted by start, and the gap to the next incident is never zero or negative:
        # touching outages are one incident
        assert part["start"].is_monotonic_increasing
        assert (part["start"].iloc[1:].to_numpy() > part["end"].iloc[:-1].to_numpy()).all()
    rank = {name: i for i, name in enumerate(SEVERITIES)}
    for incident in inc.itertuples():
        ids = incident.incident_ids.split(", ")
        parts = kept.loc[kept["incident_id"].isin(ids)]
        assert len(ids) == incident.parts == len(parts)
        # the worst severity of the parts, their earliest start and latest end
        assert incident.severity == min(parts["severity"], key=rank.__getitem__)
        assert incident.start == parts["start"].min()
        assert incident.end == parts["end"].max()
        texts = [t for t in parts["description"] if t]
        assert set(filter(None, incident.description.split(" | "))) == set(texts)
    # every outage lies inside the one incident that names it
    for row in kept.itertuples():
        holders = inc.loc[
            (inc["service"] == row.service) & (inc["start"] <= row.start) & (inc["end"] >= row.end)
        ]
        named = [ids for ids in holders["incident_ids"] if row.incident_id in ids.split(", ")]
        assert len(named) == 1, row
        open_part = (
            pd.isna(outages.loc[row.Index, "end"]) or outages.loc[row.Index, "end"] > row.end
        )
        if open_part:
            assert holders.loc[holders["incident_ids"] == named[0], "ongoing"].all()


@INTERVALS
@given(case=outage_sets())
def test_merged_duration_is_the_union_within_span_and_longest_outage(
    case: tuple[pd.DataFrame, pd.Timestamp | None],
) -> None:
    outages, as_of = case
    inc = cs.incidents(outages, as_of=as_of)
    kept = _kept(outages, as_of)
    oracle = _union_minutes(kept)

    assert sorted(inc["service"].unique()) == sorted(kept["service"].unique())
    for service, part in inc.groupby("service"):
        rows = kept.loc[kept["service"] == service]
        total = part["duration"].sum()
        assert total == int(oracle[service].sum()) * MINUTE
        assert total <= part["end"].max() - part["start"].min()
        assert total >= (rows["end"] - rows["start"]).max()
        # incidents of positive length are the runs of covered minutes
        assert int((part["duration"] > pd.Timedelta(0)).sum()) == _runs(oracle[service])


@INTERVALS
@given(case=outage_sets(), data=st.data())
def test_incidents_do_not_depend_on_the_order_of_the_rows(
    case: tuple[pd.DataFrame, pd.Timestamp | None], data: st.DataObject
) -> None:
    outages, as_of = case
    order = data.draw(st.permutations(range(len(outages))))
    shuffled = outages.iloc[list(order)].reset_index(drop=True)

    first = cs.incidents(outages, as_of=as_of)
    second = cs.incidents(shuffled, as_of=as_of)

    same = ["service", "start", "end", "duration", "severity", "ongoing", "parts"]
    pd.testing.assert_frame_equal(first[same], second[same])
    # Outages with the very same start and end are listed in file order, so the joined
    # ids and descriptions may come in another order; what they hold is the same.
    for column, sep in (("incident_ids", ", "), ("description", " | ")):
        assert [set(t.split(sep)) for t in first[column]] == [
            set(t.split(sep)) for t in second[column]
        ]


@INTERVALS
@given(case=outage_sets(), moments=st.lists(st.integers(-100, SPAN_MINUTES + 800), max_size=40))
def test_inside_intervals_and_the_summary_agree_with_the_incidents(
    case: tuple[pd.DataFrame, pd.Timestamp | None], moments: list[int]
) -> None:
    outages, as_of = case
    inc = cs.incidents(outages, as_of=as_of)
    windows = inc.sort_values("start", kind="stable")
    times = pd.Series([_minute(m) for m in sorted(moments)], dtype="datetime64[us, UTC]")

    for name, part in windows.groupby("service"):  # disjoint within one service
        inside = inside_intervals(times, part["start"], part["end"])
        brute = [bool(((part["start"] <= t) & (t < part["end"])).any()) for t in times]
        assert inside.tolist() == brute, name

    summary = cs.summarize_incidents(inc, threshold="3h")
    assert summary.interruptions == len(inc)
    assert summary.total_downtime == inc["duration"].sum()
    assert summary.longest == (inc["duration"].max() if len(inc) else pd.Timedelta(0))
    assert summary.passed_threshold == bool(len(inc) and inc["duration"].max() > pd.Timedelta("3h"))
    assert summary.ongoing == bool(inc["ongoing"].any())


def _as_outages(inc: pd.DataFrame) -> pd.DataFrame:
    """Merged incidents written back as an outage list (ongoing ones open again)."""
    return pd.DataFrame(
        {
            "incident_id": inc["incident_ids"],
            "service": inc["service"],
            "start": inc["start"],
            "end": inc["end"].where(~inc["ongoing"]),
            "severity": inc["severity"],
            "description": inc["description"],
            "source": "incidents",
        }
    ).astype(OUTAGE_COLUMNS)


@INTERVALS
@given(case=outage_sets())
def test_merging_merged_incidents_changes_nothing(
    case: tuple[pd.DataFrame, pd.Timestamp | None],
) -> None:
    outages, as_of = case
    once = cs.incidents(outages, as_of=as_of)
    twice = cs.incidents(_as_outages(once), as_of=as_of)

    pd.testing.assert_frame_equal(twice.drop(columns="parts"), once.drop(columns="parts"))
    assert (twice["parts"] == 1).all()


def _two_overlapping() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "incident_id": ["a", "b"],
            "service": ["API", "API"],
            "start": [_minute(0), _minute(30)],
            "end": [_minute(60), _minute(90)],
            "severity": ["outage", "partial"],
            "description": ["", ""],
            "source": "x",
        }
    ).astype(OUTAGE_COLUMNS)


def test_merged_incidents_passed_back_are_merged_again_or_refused_with_a_data_error() -> None:
    once = cs.incidents(_two_overlapping())
    refused: DataError | None = None
    try:
        again = cs.incidents(once)
    except DataError as exc:
        refused = exc
    if refused is not None:
        assert "incident" in str(refused)
    else:
        pd.testing.assert_frame_equal(again[["start", "end"]], once[["start", "end"]])


def test_an_outage_ending_before_it_starts_is_refused_not_given_a_negative_duration() -> None:
    outages = _two_overlapping().assign(end=[_minute(-60), _minute(90)])
    with pytest.raises(DataError, match="before"):
        cs.incidents(outages)


# --- window coverage -------------------------------------------------------------------


@st.composite
def grids(draw: st.DrawFn) -> tuple[pd.DatetimeIndex, str]:
    freq = draw(st.sampled_from(["15min", "30min", "1h", "2h"]))
    step = pd.Timedelta(freq)
    first = draw(st.integers(-600, SPAN_MINUTES)) // (step // MINUTE) * (step // MINUTE)
    periods = draw(st.integers(1, 120))
    grid = pd.date_range(_minute(first), periods=periods, freq=freq, unit="us")
    return grid, freq


@INTERVALS
@given(case=outage_sets(), grid=grids())
def test_window_coverage_is_a_share_summing_to_the_merged_duration_in_the_grid(
    case: tuple[pd.DataFrame, pd.Timestamp | None], grid: tuple[pd.DatetimeIndex, str]
) -> None:
    outages, as_of = case
    buckets, freq = grid
    step = pd.Timedelta(freq)
    inc = cs.incidents(outages, as_of=as_of)
    windows = _kept(outages, as_of)  # overlapping, unmerged, of every service

    merged = window_coverage(buckets, freq, inc)
    raw = window_coverage(buckets, freq, windows[["start", "end"]])

    assert merged.shape == (len(buckets),)
    assert ((merged >= 0) & (merged <= 1)).all()
    np.testing.assert_allclose(raw, merged, rtol=0, atol=1e-12)
    # oracle: the covered minutes of all services together, inside the grid
    union = np.zeros(SPAN_MINUTES + 800, dtype=bool)
    for bits in _union_minutes(windows).values():
        union |= bits
    lo = (buckets[0] - BASE) // MINUTE
    hi = (buckets[-1] + step - BASE) // MINUTE
    inside = int(union[max(lo, 0) : max(hi, 0)].sum())
    assert float(merged.sum()) * (step / MINUTE) == pytest.approx(inside, abs=1e-6)
    # per bucket too
    for i, start in enumerate(buckets):
        a = (start - BASE) // MINUTE
        b = a + step // MINUTE
        expected = union[max(a, 0) : max(b, 0)].sum() / (step // MINUTE)
        assert merged[i] == pytest.approx(expected, abs=1e-12)


# --- loaders: round trips through every generic format ----------------------------------

WORDS = (
    st.text(
        st.characters(
            whitelist_categories=("Lu", "Ll", "Lo", "Nd"), whitelist_characters="-_ .#/'\"é€"
        ),
        min_size=1,
        max_size=10,
    )
    .map(str.strip)
    .filter(bool)
)
CURRENCIES = ("CNY", "USD", "EUR", "JPY", "GBP", "HKD")
#: zones without daylight saving time after 2000, so every local time exists once
ZONES = ("Asia/Shanghai", "Asia/Kolkata", "Asia/Kathmandu", "Asia/Tokyo", "Africa/Nairobi", "UTC")
SECOND_TIMES = st.integers(
    int(pd.Timestamp("2001-01-01", tz="UTC").timestamp()),
    int(pd.Timestamp("2089-12-31", tz="UTC").timestamp()),
).map(lambda s: pd.Timestamp(s, unit="s", tz="UTC").as_unit("us"))
MICRO_TIMES = st.tuples(SECOND_TIMES, st.integers(0, 999_999)).map(
    lambda t: t[0] + pd.Timedelta(microseconds=t[1])
)
#: UTC offsets every quarter hour from -12:00 to +14:00
OFFSETS = st.integers(-48, 56).map(lambda q: timezone(timedelta(minutes=15 * q)))
CENTS = st.integers(0, 10**11)  # amounts up to 1e9 with two decimals


class Written(NamedTuple):
    """A canonical frame and how its values are written: each time's UTC offset, and
    for orders the amounts in cents."""

    frame: pd.DataFrame
    offsets: list[timezone]
    cents: tuple[int, ...] = ()


@st.composite
def orders_written(draw: st.DrawFn, times: st.SearchStrategy = MICRO_TIMES) -> Written:
    """Canonical orders (UTC), the offset each time is written in, the amounts in cents."""
    rows = draw(st.integers(1, 12))
    cents = [draw(CENTS) for _ in range(rows)]
    frame = pd.DataFrame(
        {
            "order_id": draw(st.lists(WORDS, min_size=rows, max_size=rows, unique=True)),
            "timestamp": pd.Series([draw(times) for _ in range(rows)], dtype="datetime64[us, UTC]"),
            "amount": [c / 100 for c in cents],
            "currency": [draw(st.sampled_from(CURRENCIES)) for _ in range(rows)],
            "channel": [draw(WORDS) for _ in range(rows)],
            "status": [draw(st.sampled_from(ORDER_STATUSES)) for _ in range(rows)],
            "customer": [draw(st.none() | WORDS) for _ in range(rows)],
        }
    ).astype(ORDER_COLUMNS)
    return Written(frame, [draw(OFFSETS) for _ in range(rows)], tuple(cents))


def _offset_text(stamps: pd.Series, offsets: list[timezone]) -> list[str | None]:
    return [
        None if pd.isna(t) else t.tz_convert(z).isoformat()
        for t, z in zip(stamps, offsets, strict=True)
    ]


def _amount_text(cents: tuple[int, ...]) -> list[str]:
    return [f"{c // 100}.{c % 100:02d}" for c in cents]


def _order_text_frame(written: Written) -> pd.DataFrame:
    """The orders as another program writes them: each time in its own UTC offset,
    amounts with two decimals."""
    return written.frame.assign(
        timestamp=_offset_text(written.frame["timestamp"], written.offsets),
        amount=_amount_text(written.cents),
    ).astype(object)


def _write_text_formats(table: pd.DataFrame, folder: Path) -> dict[str, tuple[Path, str]]:
    """``table`` (values as text or None) in every generic format: file, format name."""
    records = [{k: v for k, v in row.items()} for row in table.to_dict("records")]
    for record in records:  # JSON null, not NaN
        for key, value in record.items():
            if isinstance(value, float) and math.isnan(value):
                record[key] = None
    paths = {
        "csv": folder / "data.csv",
        "tsv": folder / "data.txt",
        "json": folder / "data.json",
        "jsonl": folder / "data.jsonl",
        "xlsx": folder / "data.xlsx",
        "parquet": folder / "data.parquet",
    }
    table.to_csv(paths["csv"], index=False, lineterminator="\r\n")
    table.to_csv(paths["tsv"], index=False, sep="\t")
    paths["json"].write_text(json.dumps({"rows": records}, ensure_ascii=False), encoding="utf-8")
    lines = [json.dumps(r, ensure_ascii=True) for r in records]
    paths["jsonl"].write_text("\n".join(lines) + "\n", encoding="utf-8")
    table.to_excel(paths["xlsx"], index=False)
    table.astype("str").to_parquet(paths["parquet"], index=False)
    names = {"csv": "csv", "tsv": "csv", "json": "json", "jsonl": "json"}
    names |= {"xlsx": "excel", "parquet": "parquet"}
    return {key: (path, names[key]) for key, path in paths.items()}


def _assert_orders_equal(read: pd.DataFrame, frame: pd.DataFrame, label: str) -> None:
    assert len(read) == len(frame), label
    pd.testing.assert_frame_equal(
        read[list(ORDER_COLUMNS)], frame.reset_index(drop=True), obj=label
    )
    record = cs.provenance(read)
    assert (record.rows_read, record.rows_kept, record.rows_rejected) == (len(frame),) * 2 + (0,)


@LOADERS
@given(written=orders_written())
def test_orders_in_any_offset_round_trip_through_each_format_by_name_and_by_auto(
    tmp_path: Path, written: Written
) -> None:
    frame = written.frame
    for key, (path, name) in _write_text_formats(_order_text_frame(written), tmp_path).items():
        for fmt in ("auto", name):
            _assert_orders_equal(cs.read_orders(path, format=fmt), frame, f"{key} as {fmt}")


@LOADERS
@given(written=orders_written(), zone=st.sampled_from(ZONES))
def test_orders_in_local_time_round_trip_with_tz(
    tmp_path: Path, written: Written, zone: str
) -> None:
    frame = written.frame
    local = frame["timestamp"].dt.tz_convert(zone).dt.tz_localize(None)
    text = _order_text_frame(written).assign(timestamp=[t.isoformat(sep=" ") for t in local])
    for key, (path, name) in _write_text_formats(text, tmp_path).items():
        read = cs.read_orders(path, format=name, tz=zone)
        _assert_orders_equal(read, frame, f"{key} in {zone}")
        assert cs.provenance(read).tz == zone


@LOADERS
@given(written=orders_written(times=SECOND_TIMES), zone=st.sampled_from(ZONES))
def test_orders_with_native_cells_round_trip(tmp_path: Path, written: Written, zone: str) -> None:
    """Typed values: Excel date and number cells (local wall time, read with ``tz``),
    a zoned Parquet timestamp column, JSON numbers. Excel keeps milliseconds, so the
    times here are whole seconds."""
    frame = written.frame
    local = frame.assign(timestamp=frame["timestamp"].dt.tz_convert(zone))
    local.assign(timestamp=local["timestamp"].dt.tz_localize(None)).to_excel(
        tmp_path / "typed.xlsx", index=False
    )
    local.to_parquet(tmp_path / "typed.parquet", index=False)
    records = _order_text_frame(written).assign(amount=frame["amount"]).to_dict("records")
    text = json.dumps(
        [{k: (None if v is None or v != v else v) for k, v in r.items()} for r in records]
    )
    (tmp_path / "typed.json").write_text(text, encoding="utf-8")

    for path, name, tz in (
        (tmp_path / "typed.xlsx", "excel", zone),
        (tmp_path / "typed.parquet", "parquet", None),
        (tmp_path / "typed.json", "json", None),
    ):
        for fmt in ("auto", name):
            _assert_orders_equal(
                cs.read_orders(path, format=fmt, tz=tz), frame, f"{path.name} {fmt}"
            )
    # and the frame itself, zoned in the local zone, read as a DataFrame
    _assert_orders_equal(cs.read_orders(local, format="dataframe"), frame, "dataframe")


@st.composite
def outages_written(draw: st.DrawFn) -> Written:
    rows = draw(st.integers(1, 8))
    starts = [draw(MICRO_TIMES) for _ in range(rows)]
    lengths = [draw(st.none() | st.integers(0, 10**11)) for _ in range(rows)]
    frame = pd.DataFrame(
        {
            "incident_id": draw(st.lists(WORDS, min_size=rows, max_size=rows, unique=True)),
            "service": [draw(WORDS) for _ in range(rows)],
            "start": pd.Series(starts, dtype="datetime64[us, UTC]"),
            "end": pd.Series(
                [
                    pd.NaT if n is None else s + pd.Timedelta(microseconds=n)
                    for s, n in zip(starts, lengths, strict=True)
                ],
                dtype="datetime64[us, UTC]",
            ),
            "severity": [draw(st.sampled_from(SEVERITIES)) for _ in range(rows)],
            "description": [draw(WORDS) for _ in range(rows)],
            "source": [draw(WORDS) for _ in range(rows)],
        }
    ).astype(OUTAGE_COLUMNS)
    return Written(frame, [draw(OFFSETS) for _ in range(rows)])


AS_OF = "2100-01-01T00:00Z"


@LOADERS
@given(written=outages_written())
def test_outages_in_any_offset_round_trip_through_each_format_by_name_and_by_auto(
    tmp_path: Path, written: Written
) -> None:
    frame, offsets = written.frame, written.offsets
    text = frame.assign(
        start=_offset_text(frame["start"], offsets), end=_offset_text(frame["end"], offsets)
    ).astype(object)
    for key, (path, name) in _write_text_formats(text, tmp_path).items():
        for fmt in ("auto", name):
            read = cs.read_outages(path, format=fmt, as_of=AS_OF)
            label = f"{key} as {fmt}"
            assert len(read) == len(frame), label
            pd.testing.assert_frame_equal(read, frame.reset_index(drop=True), obj=label)
            assert cs.provenance(read).rows_kept == len(frame)


@LOADERS
@given(written=outages_written(), zone=st.sampled_from(ZONES))
def test_outages_with_native_excel_and_parquet_times_round_trip(
    tmp_path: Path, written: Written, zone: str
) -> None:
    frame = written.frame
    frame = frame.assign(start=frame["start"].dt.floor("s"), end=frame["end"].dt.floor("s"))
    local = frame.assign(
        start=frame["start"].dt.tz_convert(zone), end=frame["end"].dt.tz_convert(zone)
    )
    wall = local.assign(
        start=local["start"].dt.tz_localize(None), end=local["end"].dt.tz_localize(None)
    )
    wall.to_excel(tmp_path / "typed.xlsx", index=False)
    local.to_parquet(tmp_path / "typed.parquet", index=False)

    for path, name, tz in (
        (tmp_path / "typed.xlsx", "excel", zone),
        (tmp_path / "typed.parquet", "parquet", None),
    ):
        read = cs.read_outages(path, format=name, tz=tz, as_of=AS_OF)
        pd.testing.assert_frame_equal(
            read.drop(columns="source"), frame.drop(columns="source").reset_index(drop=True)
        )


def _one_order(tmp_path: Path) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "order_id": ["A-1", "A-2"],
            "timestamp": ["2026-08-04T09:40:00+08:00", "2026-08-04T09:41:30+08:00"],
            "amount": ["25.00", "1234.50"],
            "currency": ["CNY", "CNY"],
        }
    )


@pytest.mark.parametrize(
    "fmt",
    [
        "csv",
        "json",
        "parquet",
        "excel",
    ],
)
def test_explicit_format_reads_its_layout_under_any_file_name(tmp_path: Path, fmt: str) -> None:
    table = _one_order(tmp_path)
    path = tmp_path / "orders.export"
    if fmt == "csv":
        table.to_csv(path, index=False)
    elif fmt == "json":
        path.write_text(table.to_json(orient="records"), encoding="utf-8")
    elif fmt == "parquet":
        table.to_parquet(path)
    else:
        table.to_excel(tmp_path / "orders.xlsx", index=False)
        (tmp_path / "orders.xlsx").rename(path)

    read = cs.read_orders(path, format=fmt)

    assert read["order_id"].tolist() == ["A-1", "A-2"]
    assert read["amount"].tolist() == [25.0, 1234.5]
    assert read["timestamp"].tolist() == [
        pd.Timestamp("2026-08-04T01:40:00Z"),
        pd.Timestamp("2026-08-04T01:41:30Z"),
    ]


# --- estimator invariants --------------------------------------------------------------


def _window_orders(orders: pd.DataFrame, inc: pd.DataFrame, channel: str | None) -> np.ndarray:
    """Row labels of completed orders of ``channel`` (None: every channel) inside an
    outage window."""
    windows = inc.sort_values("start")
    inside = inside_intervals(orders["timestamp"], windows["start"], windows["end"])
    chosen = orders["status"] == "completed"
    if channel is not None:
        chosen &= orders["channel"] == channel
    return orders.index[inside & chosen.to_numpy()].to_numpy()


@ESTIMATES
@given(data=st.data())
def test_removing_orders_inside_the_outage_never_lowers_the_loss(
    claim, sample_incidents, data
) -> None:
    # The sample's WhatsApp orders stop entirely in the outage; the website keeps
    # selling, so its orders (or all orders) are the ones that can be removed.
    channel = data.draw(st.sampled_from(["website", None]), label="channel")
    method = data.draw(st.sampled_from(["seasonal", "regression", "auto"]), label="method")
    orders = claim.orders
    inside = _window_orders(orders, sample_incidents, channel)
    assert len(inside) > 50
    order = data.draw(st.permutations(inside), label="removal order")
    cuts = sorted(data.draw(st.lists(st.integers(0, len(inside)), min_size=2, max_size=3)))

    estimates = []
    for cut in cuts:
        removed = list(order[:cut])
        est = cs.estimate_loss(
            orders.drop(index=removed),
            sample_incidents,
            channel=channel,
            settings={"method": method},
        )
        estimates.append((cut, float(orders.loc[removed, "amount"].sum()), est))

    (cut0, money0, first), *later = estimates
    for cut, money, est in later:
        assert est.lost_orders >= first.lost_orders
        assert est.lost_orders_low >= first.lost_orders_low - 1e-9
        assert est.lost_orders_high >= first.lost_orders_high - 1e-9
        assert est.lost_revenue >= first.lost_revenue
        # the expectation does not move; each order removed is one more lost
        assert est.expected_orders == pytest.approx(first.expected_orders, rel=1e-12)
        assert est.lost_orders - first.lost_orders == pytest.approx(cut - cut0, abs=1e-9)
        assert est.lost_revenue - first.lost_revenue == pytest.approx(money - money0, abs=1e-6)
        assert est.method == first.method


@ESTIMATES
@given(
    seed=st.integers(0, 2**32 - 1),
    max_placebos=st.sampled_from([15, 40, 500]),
    method=st.sampled_from(["seasonal", "auto"]),
)
def test_the_same_seed_gives_the_identical_estimate(
    claim, sample_incidents, seed: int, max_placebos: int, method: str
) -> None:
    settings_ = {"seed": seed, "max_placebos": max_placebos, "method": method}
    first = cs.estimate_loss(claim.orders, sample_incidents, channel="whatsapp", settings=settings_)
    second = cs.estimate_loss(
        claim.orders.copy(deep=True),
        sample_incidents.copy(),
        channel="whatsapp",
        settings=settings_,
    )

    assert first.model_dump() == second.model_dump()
    assert first.seed == seed


def _assert_close(a: object, b: object, path: str = "") -> None:
    """Equal, floats to 1e-9 relative (sums in another order round differently)."""
    if isinstance(a, dict):
        assert a.keys() == b.keys(), path  # type: ignore[union-attr]
        for key in a:
            _assert_close(a[key], b[key], f"{path}.{key}")  # type: ignore[index]
    elif isinstance(a, list):
        assert len(a) == len(b), path  # type: ignore[arg-type]
        for i, (x, y) in enumerate(zip(a, b, strict=True)):  # type: ignore[call-overload]
            _assert_close(x, y, f"{path}[{i}]")
    elif isinstance(a, float):
        assert b == pytest.approx(a, rel=1e-9, abs=1e-9), path
    else:
        assert a == b, path


@ESTIMATES
@given(shuffle=st.integers(0, 2**32 - 1), channel=st.sampled_from(["whatsapp", "website"]))
def test_the_order_of_the_order_rows_changes_no_number(
    claim, sample_incidents, shuffle: int, channel: str
) -> None:
    shuffled = claim.orders.sample(frac=1, random_state=shuffle)
    first = cs.estimate_loss(
        claim.orders, sample_incidents, channel=channel, settings={"method": "seasonal"}
    )
    second = cs.estimate_loss(
        shuffled, sample_incidents, channel=channel, settings={"method": "seasonal"}
    )

    _assert_close(first.model_dump(), second.model_dump())


# --- frames a notebook user has touched ----------------------------------------------------

#: zones canonical times may be converted to (offsets of whole hours, half hours, 45 min)
TOUCH_ZONES = ("Asia/Shanghai", "America/New_York", "Asia/Kolkata", "Pacific/Chatham", "UTC")
TOUCHED = settings(max_examples=5, deadline=None, derandomize=True, database=None)


def _touched(draw: st.DrawFn, frame: pd.DataFrame, times: tuple[str, ...]) -> pd.DataFrame:
    """``frame`` after a few ordinary pandas steps that keep its meaning: the times in
    another resolution or zone, shifted by a timedelta and back, split and concatenated
    (also across two zones, which pandas holds as objects), rows shuffled and
    re-indexed, a copy, text columns as categories."""
    steps = draw(
        st.lists(
            st.sampled_from(
                ["unit", "zone", "shift", "concat", "zones", "shuffle", "index", "copy", "category"]
            ),
            min_size=1,
            max_size=4,
        ),
        label="steps",
    )

    def aware(frame: pd.DataFrame) -> dict[str, pd.Series]:
        # after concatenating two zones the times are objects: pd.to_datetime makes them times
        return {c: pd.to_datetime(frame[c], utc=True) for c in times}

    for step in steps:
        if step == "unit":
            unit = draw(st.sampled_from(["ns", "ms", "s"]), label="unit")
            frame = frame.assign(**{c: t.dt.as_unit(unit) for c, t in aware(frame).items()})
        elif step == "zone":
            zone = draw(st.sampled_from(TOUCH_ZONES), label="zone")
            frame = frame.assign(**{c: t.dt.tz_convert(zone) for c, t in aware(frame).items()})
        elif step == "shift":
            delta = pd.to_timedelta(draw(st.integers(1, 10**12), label="ns"), unit="ns")
            frame = frame.assign(**{c: (t + delta) - delta for c, t in aware(frame).items()})
        elif step in ("concat", "zones"):
            cut = draw(st.integers(1, len(frame) - 1), label="cut")
            head, tail = frame.iloc[:cut], frame.iloc[cut:]
            if step == "zones":
                zone = draw(st.sampled_from(TOUCH_ZONES[:-1]), label="second zone")
                tail = tail.assign(**{c: t.dt.tz_convert(zone) for c, t in aware(tail).items()})
            frame = pd.concat([head, tail])
        elif step == "shuffle":
            frame = frame.sample(frac=1, random_state=draw(st.integers(0, 2**32 - 1)))
        elif step == "index":
            frame = frame.set_axis(np.arange(len(frame)) * 7 + 3).reset_index()
        elif step == "copy":
            frame = frame.copy(deep=True)
        else:
            text = [c for c in ("channel", "status", "service", "severity") if c in frame]
            frame = frame.astype(dict.fromkeys(text, "category"))
    return frame


@pytest.fixture(scope="module")
def untouched(claim, sample_incidents):
    """The sample's hourly buckets and seasonal estimate, from the frames as loaded."""
    settings_ = {"method": "seasonal"}
    estimate = cs.estimate_loss(
        claim.orders, sample_incidents, channel="whatsapp", control="website", settings=settings_
    )
    return cs.bucket_orders(claim.orders), estimate


@TOUCHED
@given(data=st.data())
def test_frames_touched_by_pandas_give_the_same_numbers(
    claim, sample_incidents, untouched, data
) -> None:
    buckets, estimate = untouched
    orders = _touched(data.draw, claim.orders, ("timestamp",))
    outages = _touched(data.draw, claim.outages, ("start", "end"))
    merged = _touched(data.draw, sample_incidents, ("start", "end"))

    again = cs.bucket_orders(orders).astype({"channel": "str"})
    pd.testing.assert_frame_equal(again, buckets, check_exact=False, rtol=1e-9)
    pd.testing.assert_frame_equal(cs.incidents(outages), sample_incidents)
    touched = cs.estimate_loss(
        orders, merged, channel="whatsapp", control="website", settings={"method": "seasonal"}
    )
    _assert_close(touched.model_dump(), estimate.model_dump())
