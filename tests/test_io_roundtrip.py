"""Round trips: a canonical frame written in each generic format reads back unchanged.

Hypothesis writes frames of orders and outages with awkward but legitimate values
(any Unicode text, quotes and delimiters inside values, microsecond times, large and
tiny amounts, missing customers, open outages) and reads them back with auto-detection.
No row may be lost and no value changed.
"""

from __future__ import annotations

import json
import string
from pathlib import Path

import hypothesis.strategies as st
import pandas as pd
from hypothesis import HealthCheck, given, settings

import claimstats.io as cio
from claimstats.schema import ORDER_COLUMNS, ORDER_STATUSES, OUTAGE_COLUMNS, SEVERITIES

SETTINGS = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text a user's export may hold: any printable character, no surrounding spaces (the
# loaders strip them on purpose), not starting with "=" (a spreadsheet formula).
TEXT = (
    st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=12)
    .map(str.strip)
    .filter(lambda s: s and not s.startswith("="))
)
TIMES = st.datetimes(
    min_value=pd.Timestamp("1990-01-01").to_pydatetime(),
    max_value=pd.Timestamp("2090-12-31").to_pydatetime(),
).map(lambda t: pd.Timestamp(t, tz="UTC").as_unit("us"))
AMOUNTS = st.floats(min_value=0, max_value=1e12, allow_nan=False, allow_infinity=False)
CURRENCIES = st.sampled_from(["CNY", "USD", "EUR", "HKD", "JPY"])


@st.composite
def order_frames(draw: st.DrawFn) -> pd.DataFrame:
    rows = draw(st.integers(min_value=1, max_value=8))
    ids = draw(st.lists(TEXT, min_size=rows, max_size=rows, unique=True))
    frame = pd.DataFrame(
        {
            "order_id": ids,
            "timestamp": [draw(TIMES) for _ in range(rows)],
            "amount": [draw(AMOUNTS) for _ in range(rows)],
            "currency": [draw(CURRENCIES) for _ in range(rows)],
            "channel": [draw(TEXT) for _ in range(rows)],
            "status": [draw(st.sampled_from(ORDER_STATUSES)) for _ in range(rows)],
            "customer": [draw(st.none() | TEXT) for _ in range(rows)],
        }
    )
    return frame.astype(ORDER_COLUMNS)


@st.composite
def outage_frames(draw: st.DrawFn) -> pd.DataFrame:
    rows = draw(st.integers(min_value=1, max_value=6))
    starts = [draw(TIMES) for _ in range(rows)]
    lengths = [draw(st.none() | st.integers(0, 10**11)) for _ in range(rows)]
    ends = [
        pd.NaT if n is None else start + pd.Timedelta(microseconds=n)
        for start, n in zip(starts, lengths, strict=True)
    ]
    frame = pd.DataFrame(
        {
            "incident_id": draw(st.lists(TEXT, min_size=rows, max_size=rows, unique=True)),
            "service": [draw(TEXT) for _ in range(rows)],
            "start": starts,
            "end": pd.to_datetime(pd.Series(ends, dtype=object), utc=True),
            "severity": [draw(st.sampled_from(SEVERITIES)) for _ in range(rows)],
            "description": [draw(TEXT) for _ in range(rows)],
            "source": [draw(TEXT) for _ in range(rows)],
        }
    )
    return frame.astype(OUTAGE_COLUMNS)


def _records(frame: pd.DataFrame) -> list[dict[str, object]]:
    """JSON-ready records: ISO times with offset, exact floats, null for missing."""
    records = []
    for row in frame.to_dict("records"):
        record: dict[str, object] = {}
        for key, value in row.items():
            if isinstance(value, pd.Timestamp):
                record[key] = value.isoformat()
            elif value is pd.NaT or (
                isinstance(value, float) and pd.isna(value) and key != "amount"
            ):
                record[key] = None
            else:
                record[key] = value
        records.append(record)
    return records


def write(frame: pd.DataFrame, folder: Path, fmt: str) -> Path | pd.DataFrame:
    """Write ``frame`` in format ``fmt`` the way another program would."""
    if fmt == "dataframe":
        return frame
    path = folder / f"data.{fmt}"
    if fmt == "csv":
        frame.to_csv(path, index=False)
    elif fmt == "tsv":
        frame.to_csv(path, index=False, sep="\t")
    elif fmt == "json":
        path.write_text(json.dumps(_records(frame), ensure_ascii=False), encoding="utf-8")
    elif fmt == "jsonl":
        lines = (json.dumps(r, ensure_ascii=False) for r in _records(frame))
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif fmt == "parquet":
        frame.to_parquet(path, index=False)
    elif fmt == "xlsx":
        records = pd.DataFrame(_records(frame)).astype(object)
        records.to_excel(path, index=False)
    return path


FORMATS = ["csv", "tsv", "json", "jsonl", "parquet", "xlsx", "dataframe"]


def assert_same(read: pd.DataFrame, written: pd.DataFrame) -> None:
    columns = list(written.columns)
    pd.testing.assert_frame_equal(read[columns], written.reset_index(drop=True))


def _check_orders(frame: pd.DataFrame, folder: Path) -> None:
    for fmt in FORMATS:
        read = cio.read_orders(write(frame, folder, fmt))
        assert len(read) == len(frame), fmt
        assert_same(read, frame)
        assert cio.provenance(read).rows_rejected == 0


def _check_outages(frame: pd.DataFrame, folder: Path) -> None:
    for fmt in FORMATS:
        read = cio.read_outages(write(frame, folder, fmt), as_of="2100-01-01T00:00Z")
        assert len(read) == len(frame), fmt
        assert_same(read, frame)


@SETTINGS
@given(frame=order_frames())
def test_orders_round_trip_through_every_generic_format(
    tmp_path: Path, frame: pd.DataFrame
) -> None:
    _check_orders(frame, tmp_path)


@SETTINGS
@given(frame=outage_frames())
def test_outages_round_trip_through_every_generic_format(
    tmp_path: Path, frame: pd.DataFrame
) -> None:
    _check_outages(frame, tmp_path)


def test_values_that_look_like_numbers_dates_or_missing_stay_text(tmp_path: Path) -> None:
    tricky = ["007", "1e5", "NaN", "None", "null", "2026-08-04", "TRUE", '"quoted"', "a,b;c\td"]
    frame = pd.DataFrame(
        {
            "order_id": tricky,
            "timestamp": pd.Timestamp("2026-08-04T01:40:00.000001Z").as_unit("us"),
            "amount": [0.1, 1e-9, 123456789.125, 0.0, 5.0, 1 / 3, 2.5, 99.99, 1e12],
            "currency": "CNY",
            "channel": list(string.ascii_lowercase[: len(tricky)]),
            "status": "completed",
            "customer": tricky[::-1],
        }
    ).astype(ORDER_COLUMNS)

    _check_orders(frame, tmp_path)
