"""Tests of claimstats.schema: canonical frames however pandas left them (issue 18, point 7)."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from claimstats.errors import ConfigError, DataError
from claimstats.schema import TIME_DTYPE, canonical_frame, empty_orders

STAMPS = ["2026-08-04 01:40:00.000", "2026-08-04 02:15:30.500"]


def utc(unit: str = "us") -> pd.Series:
    return pd.Series(pd.to_datetime(STAMPS).tz_localize("UTC").as_unit(unit))


@pytest.mark.parametrize(
    "times",
    [
        utc("ns"),
        utc("ms"),
        utc("s").dt.floor("s"),
        utc().dt.tz_convert("Asia/Shanghai"),
        utc("ns").dt.tz_convert("America/New_York"),
        pd.concat([utc().iloc[:1], utc().iloc[1:].dt.tz_convert("Asia/Kolkata")]),  # objects
        utc().astype(pd.ArrowDtype(pa.timestamp("ms", tz="UTC"))),
        utc().astype("category"),
        pd.Series([datetime(2026, 8, 4, 1, 40, tzinfo=UTC), None], dtype=object),
    ],
    ids=["ns", "ms", "s", "shanghai", "new-york-ns", "two-zones", "arrow", "category", "python"],
)
def test_aware_times_in_any_resolution_or_zone_become_utc_microseconds(times: pd.Series) -> None:
    frame = pd.DataFrame({"timestamp": times.to_numpy(), "amount": [1.0, 2.0]}, index=[7, 3])
    frame.attrs["provenance"] = "kept"

    out = canonical_frame(frame, ("timestamp",), "orders")

    assert out["timestamp"].dtype == TIME_DTYPE
    expected = [None if pd.isna(t) else pd.Timestamp(t).tz_convert("UTC") for t in times.tolist()]
    assert [None if pd.isna(t) else t for t in out["timestamp"]] == expected
    assert out["timestamp"].iloc[0] == pd.Timestamp("2026-08-04 01:40", tz="UTC")
    assert out.index.tolist() == [7, 3]
    assert out.attrs == {"provenance": "kept"}
    assert frame["timestamp"].dtype == pd.Series(times.to_numpy()).dtype  # not modified


def test_a_canonical_frame_comes_back_as_it_is() -> None:
    frame = empty_orders()

    assert canonical_frame(frame, ("timestamp",), "orders") is frame


def test_text_categories_become_text() -> None:
    frame = pd.DataFrame({"timestamp": utc(), "channel": pd.Categorical(["web", "app"])})

    out = canonical_frame(frame, ("timestamp",), "orders")

    assert out["channel"].dtype == "str"
    assert out["channel"].tolist() == ["web", "app"]


def test_an_empty_time_column_of_another_dtype_becomes_empty_times() -> None:
    frame = pd.DataFrame({"start": pd.Series([], dtype=object), "end": [np.nan] * 0})

    out = canonical_frame(frame, ("start", "end"), "outages")

    assert out.dtypes.tolist() == [TIME_DTYPE, TIME_DTYPE]


@pytest.mark.parametrize(
    ("times", "said"),
    [
        (["2026-08-04 09:40", "x"], "column 'timestamp' holds text, not times (e.g. "),
        ([1786000000, 1786000060], "column 'timestamp' holds numbers, not times (e.g. "),
        (
            pd.to_datetime(STAMPS),
            "column 'timestamp' holds naive times, without a time zone (e.g. "
            "'2026-08-04 01:40:00', '2026-08-04 02:15:30.500000'); say the zone they were "
            'recorded in with .dt.tz_localize("Asia/Shanghai")',
        ),
        (
            [pd.Timestamp("2026-08-04", tz="UTC"), pd.Timestamp("2026-08-05")],
            "column 'timestamp' mixes times with a time zone and naive ones, without (e.g. "
            "'2026-08-05 00:00:00')",
        ),
        ([True, False], "column 'timestamp' holds bool values, not times"),
    ],
    ids=["text", "numbers", "naive", "mixed", "bool"],
)
def test_a_wrong_time_column_is_refused_saying_what_is_wrong(times: object, said: str) -> None:
    frame = pd.DataFrame({"timestamp": times})

    with pytest.raises(DataError) as info:
        canonical_frame(frame, ("timestamp",), "orders")

    assert said in str(info.value)
    assert str(info.value).startswith("orders: ")
    assert str(info.value).endswith("; load them with claimstats.read_orders()")


def test_a_missing_column_or_not_a_frame_is_named() -> None:
    with pytest.raises(
        DataError, match=r"the outages have no column 'end' \(they have \['start'\]"
    ):
        canonical_frame(pd.DataFrame({"start": utc()}), ("start", "end"), "outages")
    with pytest.raises(ConfigError, match="the incidents must be a pandas DataFrame, not a list"):
        canonical_frame([], ("start", "end"), "incidents")  # type: ignore[arg-type]


def test_times_beyond_microseconds_are_row_problems_not_a_crash() -> None:
    far = np.array(["2026-08-04", "300000-01-01", "NaT", "-300000-01-01"], dtype="datetime64[s]")
    frame = pd.DataFrame({"start": pd.Series(far).dt.tz_localize("UTC")})

    with pytest.raises(DataError) as info:
        canonical_frame(frame, ("start",), "outages")

    (problem,) = info.value.problems
    assert (problem.column, problem.lines) == ("start", [2, 4])
    assert "a time beyond what microseconds hold" in problem.reason
    assert "300000-01-01" in str(info.value)
