"""Bucketing on an engine (DuckDB for files, ibis tables) gives the pandas path's numbers."""

from __future__ import annotations

import ibis
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import claimstats as cs
from claimstats.engines import EngineSettings, bucket_orders
from claimstats.errors import ConfigError, DataError

SAMPLE = "sample_data/orders.csv"
TZ = "Asia/Shanghai"


@pytest.fixture(scope="module")
def orders():
    return cs.read_orders(SAMPLE, tz=TZ)


def _same(engine: pd.DataFrame, pandas: pd.DataFrame) -> None:
    counts = [c for c in engine.columns if c != "revenue"]
    pd.testing.assert_frame_equal(engine[counts], pandas[counts])
    assert engine["revenue"].to_numpy() == pytest.approx(pandas["revenue"].to_numpy(), abs=1e-6)


@pytest.mark.parametrize(("freq", "by"), [("1h", "channel"), ("15min", None), ("1h", "status")])
def test_csv_through_duckdb_equals_the_pandas_path(orders, freq, by):
    engine = bucket_orders(SAMPLE, freq=freq, by=by, engine=EngineSettings(tz=TZ))
    _same(engine, cs.bucket_orders(orders, freq=freq, by=by))
    if freq == "1h" and by == "channel":
        # 10 weeks of the sample on an hourly grid, two channels; 14,751 completed orders
        assert len(engine) == 3360
        assert int(engine["orders"].sum()) == 14751
        assert engine["revenue"].sum() == pytest.approx(3928996.95)


def test_parquet_glob_and_engine_table_equal_the_csv(orders, tmp_path):
    table = pa.Table.from_pandas(orders, preserve_index=False)
    half = len(orders) // 2
    pq.write_table(table.slice(0, half), tmp_path / "part-1.parquet")
    pq.write_table(table.slice(half), tmp_path / "part-2.parquet")
    expected = cs.bucket_orders(orders)
    _same(bucket_orders(str(tmp_path / "part-*.parquet")), expected)
    _same(bucket_orders(ibis.memtable(table)), expected)


def test_naive_times_in_files_are_read_in_tz_as_read_orders_reads_them(tmp_path):
    frame = pd.read_csv(SAMPLE, dtype=str)
    frame["timestamp"] = frame["timestamp"].str.replace("+08:00", "", regex=False)
    naive = tmp_path / "naive.csv"
    frame.to_csv(naive, index=False)
    expected = cs.bucket_orders(cs.read_orders(naive, tz=TZ))
    _same(bucket_orders(str(naive), engine=EngineSettings(tz=TZ)), expected)
    shifted = bucket_orders(str(naive), engine=EngineSettings(tz="UTC"))
    assert shifted["bucket"].iloc[0] - expected["bucket"].iloc[0] == pd.Timedelta("8h")


def test_status_words_follow_read_orders_and_unknown_ones_are_named(tmp_path):
    frame = pd.read_csv(SAMPLE, dtype=str).head(50)
    frame.loc[:9, "status"] = "Paid"  # a known synonym of completed
    frame.loc[10:12, "status"] = "on hold"
    odd = tmp_path / "odd.csv"
    frame.to_csv(odd, index=False)
    with pytest.raises(DataError, match=r"3 orders have a status that is not known: 'on hold'"):
        bucket_orders(str(odd), engine=EngineSettings(tz=TZ))
    words = {"on hold": "pending"}
    mapped = bucket_orders(str(odd), engine=EngineSettings(tz=TZ, status_map=words))
    loaded = cs.read_orders(odd, tz=TZ, status_map=words)
    _same(mapped, cs.bucket_orders(loaded))
    assert int(mapped["pending"].sum()) == 3


def test_bad_sources_are_data_errors_saying_what_to_do(tmp_path):
    with pytest.raises(DataError, match="no file matches"):
        bucket_orders(str(tmp_path / "none-*.csv"))
    (tmp_path / "a.csv").write_text("order_id,when\n1,2026-08-04\n", encoding="utf-8")
    with pytest.raises(DataError, match="no column 'timestamp'"):
        bucket_orders(str(tmp_path / "a.csv"))
    (tmp_path / "b.json").write_text("{}", encoding="utf-8")
    with pytest.raises(DataError, match="one format at a time"):
        bucket_orders([str(tmp_path / "a.csv"), str(tmp_path / "b.json")])


def _one_day(tmp_path, name: str, times: list[str], amounts: list[str]) -> str:
    path = tmp_path / name
    rows = [
        f"{i},{t},{a},EUR,web,completed"
        for i, (t, a) in enumerate(zip(times, amounts, strict=True))
    ]
    path.write_text("order_id,timestamp,amount,currency,channel,status\n" + "\n".join(rows) + "\n")
    return str(path)


@pytest.mark.parametrize(
    ("local", "kind"),
    [("2026-03-29 02:30:00", "does not exist"), ("2026-10-25 02:30:00", "happens twice")],
)
def test_daylight_saving_gaps_and_repeats_are_refused_as_read_orders_refuses_them(
    tmp_path, local, kind
):
    path = _one_day(tmp_path, "dst.csv", ["2026-03-28 10:00:00", local], ["5", "6"])
    with pytest.raises(DataError) as raised:
        cs.read_orders(path, tz="Europe/Berlin")
    assert kind in str(raised.value)
    with pytest.raises(DataError, match=rf"1 orders have a time .*: '{local}'; correct them"):
        bucket_orders(path, engine=EngineSettings(tz="Europe/Berlin"))
    # With its offset the same time is read, by both.
    fixed = _one_day(tmp_path, "fixed.csv", ["2026-03-28 10:00:00", f"{local}+01:00"], ["5", "6"])
    berlin = EngineSettings(tz="Europe/Berlin")
    assert int(bucket_orders(fixed, by=None, engine=berlin)["orders"].sum()) == 2


def test_unreadable_times_and_amounts_stop_the_run_naming_examples(tmp_path):
    path = _one_day(tmp_path, "bad.csv", ["2026-08-04 10:00:00", "yesterday"], ["5", "6"])
    with pytest.raises(DataError, match=r"column 'timestamp': 1 orders .*'yesterday'"):
        bucket_orders(path)
    path = _one_day(
        tmp_path, "amt.csv", ["2026-08-04 10:00:00", "2026-08-04 11:00:00"], ["5", "¥6"]
    )
    with pytest.raises(DataError, match=r"column 'amount': 1 completed orders .*orders '1'"):
        bucket_orders(path)


def test_a_broken_file_is_a_data_error_not_an_engine_exception(tmp_path):
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1 not really parquet")
    with pytest.raises(DataError, match="the engine could not read the orders"):
        bucket_orders(str(path))


@pytest.mark.parametrize("dialect", ["bigquery", "snowflake", "postgres", "trino", "duckdb"])
def test_the_one_bucket_expression_compiles_for_warehouse_engines(dialect):
    from claimstats.engines.sums import bucket_table
    from claimstats.engines.tables import order_table

    schema = {
        "order_id": "string", "timestamp": "timestamp('UTC')", "amount": "float64",
        "currency": "string", "channel": "string", "status": "string", "merchant_id": "string",
    }  # fmt: skip
    table = order_table(ibis.table(schema, name="orders"), keep=["merchant_id"])
    sql = ibis.to_sql(bucket_table(table, "1h", ["merchant_id"]), dialect=dialect)
    assert "merchant_id" in sql
    assert "3600" in sql  # the bucket: whole seconds since the epoch, cut to the hour


def test_date_only_and_padded_times_are_local_times_as_read_orders_reads_them(tmp_path):
    # '2026-08-04' ends in '-04', which is not an offset; blanks around a time are allowed.
    path = _one_day(
        tmp_path, "plain.csv", ["2026-08-04", "  2026-08-04 10:20:00 ", " 2026-08-04T03:00Z"],
        ["5", " 6.5 ", "7"],
    )  # fmt: skip
    loaded = cs.read_orders(path, tz="Asia/Shanghai")
    engine = bucket_orders(path, by=None, engine=EngineSettings(tz="Asia/Shanghai"))
    _same(engine, cs.bucket_orders(loaded, by=None))
    assert engine.loc[engine["orders"] > 0, "bucket"].dt.strftime("%H:%M").tolist() == [
        "16:00",
        "02:00",
        "03:00",
    ]  # fmt: skip (midnight of 4 August in Shanghai is 16:00 UTC the day before)
    assert engine["revenue"].sum() == pytest.approx(18.5)


def test_the_pandas_bucket_orders_points_paths_and_tables_to_the_engines(orders):
    table = ibis.memtable(pa.Table.from_pandas(orders.head(10), preserve_index=False))
    for source in (SAMPLE, table):
        with pytest.raises(ConfigError, match=r"claimstats\.engines\.bucket_orders"):
            cs.bucket_orders(source)


def test_window_sums_are_the_exact_counts_inside_each_set_of_windows(orders):
    from claimstats.engines.sums import window_sums
    from claimstats.engines.tables import order_table

    table = order_table(SAMPLE, EngineSettings(tz=TZ))
    first = (pd.Timestamp("2026-08-04 01:40Z"), pd.Timestamp("2026-08-05 04:55Z"))
    later = (pd.Timestamp("2026-08-05 04:55Z"), pd.Timestamp("2026-08-06 04:55Z"))
    sums = window_sums(table, ["channel"], {"outage": [first], "after": [later]}).set_index(
        "channel"
    )
    completed = orders.loc[orders["status"] == "completed"]
    for name, (start, end) in (("outage", first), ("after", later)):
        inside = completed.loc[(completed["timestamp"] >= start) & (completed["timestamp"] < end)]
        by_channel = inside.groupby("channel")
        for channel in ("website", "whatsapp"):
            count = len(by_channel.groups.get(channel, []))
            assert sums.loc[channel, f"{name}_orders"] == count
            amount = inside.loc[inside["channel"] == channel, "amount"].sum()
            assert sums.loc[channel, f"{name}_revenue"] == pytest.approx(amount, abs=1e-6)
    assert sums.loc["whatsapp", "outage_orders"] == 0  # WhatsApp Web was down
    assert sums.loc["whatsapp", "after_orders"] == 208  # the day after: 208 completed
