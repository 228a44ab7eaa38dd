"""Bucketing on Spark (local mode, through ibis) gives the numbers of pandas and DuckDB.

The distributed path of :func:`claimstats.engines.bucket_orders` run for real: one local
SparkSession (one core, session time zone UTC, no UI, bound to 127.0.0.1, its warehouse
and Derby home in a temporary folder) is shared by the module. The sample orders go to
Spark from Arrow, with their times as real instants (``TimestampType``), and the buckets
must equal the pandas path's and the DuckDB file path's: counts exactly, revenue to a
tolerance (engines add floats in another order).

Skipped, saying how to install, when Java or PySpark is missing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

import claimstats as cs
from claimstats.engines import EngineSettings, bucket_orders
from claimstats.errors import ConfigError, DataError

if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
    pytest.skip(
        "Spark needs Java 17 and none is found (no java on PATH, no JAVA_HOME): install "
        "Debian's openjdk-17-jre-headless (apt-get install openjdk-17-jre-headless; .ci/run does)",
        allow_module_level=True,
    )
try:
    import ibis
    from pyspark.sql import SparkSession
    from pyspark.sql.types import TimestampType
except ImportError as exc:  # not installed, or an install that does not import
    pytest.skip(
        f"Spark bucketing needs PySpark and ibis ({exc}): pip install 'claimstats[spark]'",
        allow_module_level=True,
    )

pytestmark = [
    # PySpark 4.0's toPandas calls Series.astype(..., copy=False), deprecated by pandas 3.
    pytest.mark.filterwarnings(
        "ignore:The copy keyword is deprecated:pandas.errors.Pandas4Warning:pyspark.sql.pandas"
    ),
    # ibis 12's PySpark backend turns results into pandas first; its converter reads
    # pandas' future.infer_string option, which pandas 3 deprecates.
    pytest.mark.filterwarnings(
        "ignore:The 'future.infer_string' option is deprecated"
        ":pandas.errors.Pandas4Warning:ibis.formats.pandas"
    ),
    # PySpark reads collected results through a socket file that it closes, but it never
    # closes the socket itself; the socket is then collected and Python warns.
    pytest.mark.filterwarnings("ignore:unclosed <socket.socket:ResourceWarning"),
]

SAMPLE = "sample_data/orders.csv"
TZ = "Asia/Shanghai"
ROOT = Path(__file__).resolve().parent.parent
#: what Spark (and Derby, its Hive metastore) write into the working folder by default
LITTER = ("spark-warehouse", "derby.log", "metastore_db")


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    """One local SparkSession for the module, writing only under a temporary folder."""
    home = tmp_path_factory.mktemp("spark")
    folders = {ROOT, Path.cwd()}
    before = {folder / name for folder in folders for name in LITTER if (folder / name).exists()}
    with pytest.MonkeyPatch.context() as patch:
        # Spark looks up the host's address on its own; keep it on the loopback.
        patch.setenv("SPARK_LOCAL_IP", "127.0.0.1")
        spark = (
            SparkSession.builder.master("local[1]")
            .appName("claimstats-test")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", "1")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .config("spark.sql.warehouse.dir", str(home / "warehouse"))
            # The JVM's quick compiler and one garbage-collector thread: a small test
            # starts sooner and leaves the other cores to the rest of the suite.
            .config(
                "spark.driver.extraJavaOptions",
                f"-Dderby.system.home={home / 'derby'} -XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
            )
            .getOrCreate()
        )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        yield spark
    finally:
        spark.stop()
    left = {folder / name for folder in folders for name in LITTER if (folder / name).exists()}
    assert not left - before, f"Spark wrote into the repository: {sorted(map(str, left - before))}"


@pytest.fixture(scope="module")
def con(session):
    return ibis.pyspark.connect(session)


def _spark_table(session, con, orders: pd.DataFrame, name: str):
    """The canonical order frame as a Spark temporary view, opened as an ibis table.

    Spark gets the frame as Arrow (pandas 3's str columns would send it down a slow path
    of Python rows); nothing is written to a warehouse.
    """
    frame = session.createDataFrame(pa.Table.from_pandas(orders, preserve_index=False))
    assert frame.schema["timestamp"].dataType == TimestampType()  # instants, not local times
    frame.createOrReplaceTempView(name)
    return con.table(name)


@pytest.fixture(scope="module")
def orders():
    return cs.read_orders(SAMPLE, tz=TZ)


@pytest.fixture(scope="module")
def spark_orders(session, con, orders):
    return _spark_table(session, con, orders, "orders")


def _same(engine: pd.DataFrame, expected: pd.DataFrame) -> None:
    counts = [c for c in engine.columns if c != "revenue"]
    pd.testing.assert_frame_equal(engine[counts], expected[counts])
    assert engine["revenue"].to_numpy() == pytest.approx(expected["revenue"].to_numpy(), abs=1e-6)


@pytest.mark.parametrize(("freq", "by"), [("1h", "channel"), ("15min", None)])
def test_spark_buckets_equal_the_pandas_and_duckdb_paths(spark_orders, orders, freq, by):
    spark = bucket_orders(spark_orders, freq=freq, by=by)
    _same(spark, cs.bucket_orders(orders, freq=freq, by=by))
    _same(spark, bucket_orders(SAMPLE, freq=freq, by=by, engine=EngineSettings(tz=TZ)))
    assert str(spark["bucket"].dtype) == "datetime64[us, UTC]"
    # 14,751 completed orders of the sample, 3,928,996.95 CNY, on a complete grid
    assert int(spark["orders"].sum()) == 14751
    assert spark["revenue"].sum() == pytest.approx(3928996.95)
    assert int(spark["cancelled"].sum()) == 319
    assert int(spark["refunded"].sum()) == 150
    if by == "channel":
        assert len(spark) == 3360  # 10 weeks of hours, two channels
        assert sorted(spark["channel"].unique()) == ["website", "whatsapp"]
        assert spark["bucket"].iloc[0] == pd.Timestamp("2026-05-31 16:00", tz="UTC")
    else:
        assert len(spark) == 6718
        assert list(spark.columns) == [
            "bucket", "orders", "revenue", "failed", "cancelled", "refunded", "pending",
        ]  # fmt: skip


def test_unknown_statuses_stop_spark_as_they_stop_duckdb(session, con, orders, tmp_path):
    odd = orders.head(50).copy()
    odd.loc[:9, "status"] = "Paid"  # a known synonym of completed
    odd.loc[10:11, "status"] = "On Hold"
    odd.loc[12, "status"] = "on-hold"
    table = _spark_table(session, con, odd, "odd_orders")
    path = tmp_path / "odd.csv"
    odd.drop(columns=["status_text"]).to_csv(path, index=False)

    with pytest.raises(DataError) as on_spark:
        bucket_orders(table, engine=EngineSettings(tz=TZ))
    with pytest.raises(DataError) as on_duckdb:
        bucket_orders(str(path), engine=EngineSettings(tz=TZ))
    assert str(on_spark.value) == str(on_duckdb.value)
    with pytest.raises(DataError, match=r"unknown status 'On Hold'.*unknown status 'on-hold'"):
        cs.read_orders(path, tz=TZ)  # the pandas path names the same words, by line
    assert str(on_spark.value).startswith(
        "orders: column 'status': 3 orders have a status that is not known: 'On Hold', "
        '\'on-hold\'; say what each means with status_map={"On Hold": "completed"}'
    )

    words = {"on hold": "pending"}
    mapped = bucket_orders(table, engine=EngineSettings(tz=TZ, status_map=words))
    _same(mapped, bucket_orders(str(path), engine=EngineSettings(tz=TZ, status_map=words)))
    _same(mapped, cs.bucket_orders(cs.read_orders(path, tz=TZ, status_map=words)))
    assert int(mapped["pending"].sum()) == 3
    assert int(mapped["orders"].sum()) == 45  # 48 of the first 50 were completed; 3 now on hold

    with pytest.raises(ConfigError, match=r"status_map\['on hold'\] is 'paused'"):
        bucket_orders(table, engine=EngineSettings(status_map={"on hold": "paused"}))
