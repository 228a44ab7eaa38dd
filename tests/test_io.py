"""Tests of claimstats.io: the loaders of outage evidence and order records."""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from datetime import datetime
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import claimstats.io as cio
from claimstats.errors import ClaimstatsError, ConfigError, DataError, FormatError
from claimstats.io.registry import Fit, Format, register_format
from claimstats.io.tables import read_dataframe
from claimstats.models import FileProvenance
from claimstats.schema import ORDER_COLUMNS, OUTAGE_COLUMNS, empty_orders, empty_outages

DATA = Path(__file__).parent / "data" / "io"
SHANGHAI = "Asia/Shanghai"
AS_OF = "2026-09-01T00:00Z"

#: the orders of tests/data/io/orders.* read with tz="Asia/Shanghai"
ORDER_TIMES_UTC = [
    "2026-08-04 01:40:00",
    "2026-08-04 02:15:30",
    "2026-08-04 03:05:00",
    "2026-08-04 04:00:00",
]


def utc(*stamps: str) -> list[pd.Timestamp]:
    return [pd.Timestamp(s, tz="UTC") for s in stamps]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def orders_csv(
    tmp_path: Path, rows: str, header: str = "order_id,timestamp,amount,currency"
) -> Path:
    return write(tmp_path, "orders.csv", f"{header}\n{rows}")


def wall_clock(text: str) -> datetime:
    """A naive datetime, as an Excel date cell holds it."""
    return pd.Timestamp(text).to_pydatetime()


def raw_orders_frame() -> pd.DataFrame:
    return pd.read_csv(DATA / "orders.csv", dtype=str, keep_default_na=False)


def write_orders_xlsx(path: Path) -> Path:
    """The orders fixture as a workbook with real Excel date cells, header on row 1."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["order_id", "timestamp", "amount", "currency", "channel", "status", "customer"])
    sheet.append(
        [
            "A1001",
            wall_clock("2026-08-04 09:40"),
            25.0,
            "CNY",
            "whatsapp",
            "paid",
            "+86 138 0000 0001",
        ]
    )
    sheet.append(
        ["A1002", wall_clock("2026-08-04 10:15:30"), 118.5, "cny", "website", "completed", None]
    )
    sheet.append(["A1003", "2026/08/04 11:05", 60, "CNY", "whatsapp", "Refunded", "alice"])
    sheet.append(["A1004", "2026-08-04T12:00:00+08:00", "12.5", "USD", "website", "failed", "bob"])
    book.save(path)
    return path


# --- the canonical result -----------------------------------------------------------


def test_orders_csv_gives_canonical_frame_in_utc() -> None:
    orders = cio.read_orders(DATA / "orders.csv", tz=SHANGHAI)

    assert list(orders.columns) == [*ORDER_COLUMNS, "status_text"]
    assert orders[list(ORDER_COLUMNS)].dtypes.equals(empty_orders().dtypes)
    assert orders["status_text"].dtype == "str"
    assert isinstance(orders.index, pd.RangeIndex)
    assert orders.index.tolist() == [0, 1, 2, 3]
    assert orders["order_id"].tolist() == ["A1001", "A1002", "A1003", "A1004"]
    assert orders["timestamp"].tolist() == utc(*ORDER_TIMES_UTC)
    assert orders["amount"].sum() == pytest.approx(216.0)
    assert orders["currency"].tolist() == ["CNY", "CNY", "CNY", "USD"]
    assert orders["status"].tolist() == ["completed", "completed", "refunded", "failed"]
    assert orders["channel"].tolist() == ["whatsapp", "website", "whatsapp", "website"]
    assert orders["customer"].isna().tolist() == [False, True, False, False]


def test_naive_local_time_is_converted_from_tz_to_utc() -> None:
    frame = pd.DataFrame({"timestamp": ["2026-08-04 09:40"], "amount": [1.0]})

    orders = cio.read_orders(frame, tz=SHANGHAI, currency="CNY")

    assert orders.loc[0, "timestamp"] == pd.Timestamp("2026-08-04 01:40", tz="UTC")
    assert str(orders["timestamp"].dtype) == "datetime64[us, UTC]"


def test_outages_csv_gives_canonical_frame_with_open_end() -> None:
    outages = cio.read_outages(DATA / "outages.csv", tz=SHANGHAI, as_of=AS_OF)

    assert list(outages.columns) == list(OUTAGE_COLUMNS)
    assert outages.dtypes.equals(empty_outages().dtypes)
    assert outages["incident_id"].tolist() == ["INC-1", "INC-2", "INC-3"]
    assert outages["start"].tolist() == utc(
        "2026-08-04 01:40", "2026-08-06 12:00", "2026-08-07 00:00"
    )
    assert outages["end"].iloc[:2].tolist() == utc("2026-08-05 04:55", "2026-08-06 13:30")
    assert pd.isna(outages.loc[2, "end"])
    assert outages["severity"].tolist() == ["outage", "partial", "degraded"]
    assert outages.loc[1, "description"] == "messages delayed, some lost"
    assert outages["source"].tolist() == ["outages.csv"] * 3
    longest = (outages["end"] - outages["start"]).max()
    assert longest == pd.Timedelta(hours=27, minutes=15)


def test_outage_defaults_fill_absent_columns_and_ids_use_file_lines() -> None:
    # header on line 2 (line 1 is blank), rows on lines 3 and 5 (line 4 is blank)
    outages = cio.read_outages(DATA / "outages_minimal.csv", as_of=AS_OF)

    assert outages["incident_id"].tolist() == ["O3", "O5"]
    assert outages["service"].tolist() == ["unspecified", "unspecified"]
    assert outages["severity"].tolist() == ["outage", "outage"]
    assert outages["description"].tolist() == ["", ""]
    assert outages["source"].tolist() == ["outages_minimal.csv"] * 2
    assert outages["start"].tolist() == utc("2026-08-04 01:40", "2026-08-06 12:00")
    assert outages.loc[0, "end"] == pd.Timestamp("2026-08-05 04:55", tz="UTC")
    assert pd.isna(outages.loc[1, "end"])


def test_order_defaults_fill_absent_columns() -> None:
    frame = pd.DataFrame({"time": ["2026-08-04T01:40Z", "2026-08-04T02:00Z"], "total": [5, 7]})

    orders = cio.read_orders(frame, currency="cny")

    assert orders["order_id"].tolist() == ["L1", "L2"]
    assert orders["currency"].tolist() == ["CNY", "CNY"]
    assert orders["status"].tolist() == ["completed", "completed"]
    assert orders["channel"].tolist() == ["unspecified", "unspecified"]
    assert orders["customer"].isna().all()
    assert orders["amount"].tolist() == [5.0, 7.0]


def test_severity_synonyms_are_case_insensitive() -> None:
    frame = pd.DataFrame(
        {
            "start": ["2026-08-04T01:00Z"] * 6,
            "severity": ["DOWN", "Critical", "minor", "Degraded Performance", "maintenance", ""],
        }
    )

    outages = cio.read_outages(frame, as_of=AS_OF)

    assert outages["severity"].tolist() == [
        "outage",
        "outage",
        "partial",
        "degraded",
        "maintenance",
        "outage",
    ]
    assert outages["source"].tolist() == ["DataFrame"] * 6


def test_status_synonyms_and_status_map_which_overrides_them() -> None:
    frame = pd.DataFrame(
        {
            "timestamp": ["2026-08-04T01:00Z"] * 7,
            "amount": [1] * 7,
            "status": [
                "Succeeded",
                "declined",
                "Canceled",
                "refund",
                "processing",
                "PAID",
                "shipped",
            ],
        }
    )

    orders = cio.read_orders(
        frame, currency="USD", status_map={"paid": "pending", "Shipped": "completed"}
    )

    assert orders["status"].tolist() == [
        "completed",
        "failed",
        "cancelled",
        "refunded",
        "pending",
        "pending",
        "completed",
    ]


def test_mixed_currencies_are_kept_and_the_argument_fills_blanks() -> None:
    frame = pd.DataFrame(
        {
            "timestamp": ["2026-08-04T01:00Z"] * 3,
            "amount": ["1", "2", "3"],
            "Currency": ["eur", "", " usd "],
        }
    )

    orders = cio.read_orders(frame, currency="CNY")

    assert orders["currency"].tolist() == ["EUR", "CNY", "USD"]


def test_amounts_accept_numeric_text_with_spaces() -> None:
    frame = pd.DataFrame(
        {"timestamp": ["2026-08-04T01:00Z"] * 3, "amount": [" 1 250.50 ", "3", "1e2"]}
    )

    orders = cio.read_orders(frame, currency="CNY")

    assert orders["amount"].tolist() == [1250.5, 3.0, 100.0]


def test_time_formats_with_offsets_z_and_slashes() -> None:
    frame = pd.DataFrame(
        {
            "timestamp": [
                "2026-08-04T01:40:00Z",
                "2026-08-04 09:40:00+08:00",
                "2026-08-04 09:40 +0800",
                "2026/08/04 09:40:00",
                "2026-08-04 01:40 UTC",
                "2026-08-04T09:40:00.123456",
            ],
            "amount": [1] * 6,
        }
    )

    orders = cio.read_orders(frame, tz=SHANGHAI, currency="CNY")

    assert orders["timestamp"].tolist() == utc(
        *["2026-08-04 01:40"] * 5, "2026-08-04 01:40:00.123456"
    )


def test_dataframe_datetimes_naive_and_aware_are_converted() -> None:
    frame = pd.DataFrame(
        {
            "start": pd.to_datetime(["2026-08-04 09:40", "2026-08-06 20:00"]),
            "end": pd.to_datetime(["2026-08-05 12:55", None]).tz_localize(SHANGHAI),
        }
    )

    outages = cio.read_outages(frame, tz=SHANGHAI, as_of=AS_OF)

    assert outages["start"].tolist() == utc("2026-08-04 01:40", "2026-08-06 12:00")
    assert outages.loc[0, "end"] == pd.Timestamp("2026-08-05 04:55", tz="UTC")
    assert pd.isna(outages.loc[1, "end"])
    assert outages.dtypes.equals(empty_outages().dtypes)


def test_input_dataframe_is_not_changed() -> None:
    frame = pd.DataFrame(
        {"Paid at": ["2026-08-04 09:40", "2026-08-04 10:00"], "Total": [" 5 ", "6"]},
        index=[10, 20],
    )
    frame.attrs["mine"] = 1
    before = frame.copy(deep=True)

    orders = cio.read_orders(frame, tz=SHANGHAI, currency="CNY", columns={"timestamp": "Paid at"})

    pd.testing.assert_frame_equal(frame, before)
    assert frame.attrs == {"mine": 1}
    assert orders.index.tolist() == [0, 1]


def test_input_file_is_not_changed(tmp_path: Path) -> None:
    path = shutil.copy(DATA / "orders_bad.csv", tmp_path / "orders_bad.csv")
    before = Path(path).read_bytes()

    cio.read_orders(path, tz=SHANGHAI, on_error="reject")

    assert Path(path).read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["orders_bad.csv"]


# --- every format gives the same frame ----------------------------------------------


def test_every_order_format_gives_the_identical_frame(tmp_path: Path) -> None:
    raw = raw_orders_frame()
    raw.to_parquet(tmp_path / "orders.parquet")
    sources = [
        DATA / "orders.csv",
        DATA / "orders_semicolon_bom_crlf.csv",
        DATA / "orders_tab.txt",
        DATA / "orders.json",
        DATA / "orders.jsonl",
        write_orders_xlsx(tmp_path / "orders.xlsx"),
        tmp_path / "orders.parquet",
        raw,
    ]

    frames = [cio.read_orders(s, tz=SHANGHAI) for s in sources]

    formats = [cio.provenance(f).format for f in frames]
    assert formats == [
        "generic-csv",
        "generic-csv",
        "generic-csv",
        "generic-json",
        "generic-jsonl",
        "generic-excel",
        "generic-parquet",
        "dataframe",
    ]
    for frame in frames[1:]:
        pd.testing.assert_frame_equal(frame, frames[0])
    assert frames[0]["timestamp"].tolist() == utc(*ORDER_TIMES_UTC)


def test_every_outage_format_gives_the_same_rows(tmp_path: Path) -> None:
    raw = pd.read_csv(DATA / "outages.csv", dtype=str, keep_default_na=False)
    raw.to_parquet(tmp_path / "outages.parquet")
    raw.to_excel(tmp_path / "outages.xlsx", index=False)
    sources = [
        DATA / "outages.csv",
        DATA / "outages.json",
        tmp_path / "outages.parquet",
        tmp_path / "outages.xlsx",
        raw,
    ]

    frames = [cio.read_outages(s, tz=SHANGHAI, as_of=AS_OF) for s in sources]

    expected = frames[0].drop(columns="source")
    for frame, source in zip(frames, sources, strict=True):
        pd.testing.assert_frame_equal(frame.drop(columns="source"), expected)
        name = source.name if isinstance(source, Path) else "DataFrame"
        assert frame["source"].tolist() == [name] * 3


def test_explicit_format_reads_a_file_with_another_extension(tmp_path: Path) -> None:
    path = shutil.copy(DATA / "orders.json", tmp_path / "orders.export")

    orders = cio.read_orders(path, format="json", tz=SHANGHAI)

    assert len(orders) == 4
    assert cio.provenance(orders).format == "generic-json"


def test_registry_lists_the_formats_and_accepts_new_layouts(tmp_path: Path) -> None:
    assert set(cio.FORMATS) >= {"csv", "excel", "parquet", "json", "dataframe"}
    assert ".xlsx" in cio.FORMATS["excel"].extensions

    def read_statuspage_like(source, options):  # a new layout plugs in like this
        return read_dataframe(
            type(source)(
                label=source.label,
                name=source.name,
                frame=pd.DataFrame({"start": ["2026-08-04T01:40Z"], "end": ["2026-08-04T02:00Z"]}),
            ),
            options,
        )

    fmt = Format(
        "test-layout",
        read_statuspage_like,
        (".sp",),
        sniff=lambda head, source: Fit(head.startswith(b"SP1"), "no SP1 mark"),
    )
    register_format(fmt)
    try:
        path = tmp_path / "history.log"
        path.write_bytes(b"SP1 anything")
        outages = cio.read_outages(path, as_of=AS_OF)
        with pytest.raises(ConfigError, match="registered already"):
            register_format(fmt)
    finally:
        del cio.FORMATS["test-layout"]
    assert outages["end"].tolist() == utc("2026-08-04 02:00")


# --- columns --------------------------------------------------------------------------


def test_columns_mapping_names_the_file_columns() -> None:
    frame = pd.DataFrame({"Paid at": ["2026-08-04 09:40"], "Sum (CNY)": ["5"], "Ref": ["R1"]})

    orders = cio.read_orders(
        frame,
        tz=SHANGHAI,
        currency="CNY",
        columns={"timestamp": "Paid at", "amount": "Sum (CNY)", "order_id": "ref"},
    )

    assert orders.loc[0, "order_id"] == "R1"
    assert orders.loc[0, "amount"] == 5.0
    assert orders.loc[0, "timestamp"] == pd.Timestamp("2026-08-04 01:40", tz="UTC")


def test_headers_match_case_insensitively_and_through_aliases() -> None:
    frame = pd.DataFrame(
        {
            "ID": ["A"],
            "Created At": ["2026-08-04T01:40Z"],
            "Total": ["9.5"],
            "CURRENCY": ["usd"],
            "Order Status": ["paid"],
        }
    )

    orders = cio.read_orders(frame)

    assert orders.iloc[0].tolist()[:6] == [
        "A",
        pd.Timestamp("2026-08-04 01:40", tz="UTC"),
        9.5,
        "USD",
        "unspecified",
        "completed",
    ]


def test_exact_canonical_header_wins_over_an_alias() -> None:
    frame = pd.DataFrame(
        {"order_id": ["A"], "id": ["row-1"], "timestamp": ["2026-08-04T01:40Z"], "amount": [1]}
    )

    orders = cio.read_orders(frame, currency="CNY")

    assert orders.loc[0, "order_id"] == "A"


def test_two_columns_matching_one_name_is_an_error_naming_both(tmp_path: Path) -> None:
    path = orders_csv(
        tmp_path, "2026-08-04T01:40Z,2026-08-04T01:41Z,5\n", header="created_at,datetime,amount"
    )

    with pytest.raises(DataError) as info:
        cio.read_orders(path, currency="CNY")

    message = str(info.value)
    assert "orders.csv" in message
    assert "'created_at' and 'datetime'" in message
    assert 'columns={"timestamp": "created_at"}' in message


def test_repeated_header_is_an_error_naming_both_copies(tmp_path: Path) -> None:
    path = orders_csv(tmp_path, "2026-08-04T01:40Z,5,6\n", header="timestamp,amount,amount")

    with pytest.raises(
        DataError, match=r"columns 'amount' and 'amount\.1' could both be the 'amount'"
    ):
        cio.read_orders(path, currency="CNY")


def test_mapping_to_a_column_not_in_the_file_lists_the_columns(tmp_path: Path) -> None:
    path = orders_csv(tmp_path, "A,2026-08-04T01:40Z,5,CNY\n")

    with pytest.raises(DataError) as info:
        cio.read_orders(path, columns={"timestamp": "Paid at"})

    message = str(info.value)
    assert "orders.csv" in message
    assert "'Paid at'" in message
    assert "'order_id', 'timestamp', 'amount', 'currency'" in message


def test_mapping_with_an_unknown_canonical_name_is_a_config_error() -> None:
    frame = pd.DataFrame({"timestamp": ["2026-08-04T01:40Z"], "amount": [1]})

    with pytest.raises(ConfigError, match=r"unknown canonical column 'price'.*order_id, timestamp"):
        cio.read_orders(frame, currency="CNY", columns={"price": "amount"})


def test_missing_required_column_lists_columns_and_suggests_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, "orders.csv", "order_id,paid_on,sum\nA,2026-08-04T01:40Z,5\n")

    with pytest.raises(DataError) as info:
        cio.read_orders(path, currency="CNY")

    message = str(info.value)
    assert "orders.csv" in message
    assert "no 'timestamp' or 'amount' column" in message
    assert "'order_id', 'paid_on', 'sum'" in message
    assert 'columns={"timestamp": "<your column>", "amount": "<your column>"}' in message


def test_outages_without_start_column_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "outages.csv", "service,when\nweb,2026-08-04\n")

    with pytest.raises(FormatError) as info:
        cio.read_outages(path)

    message = str(info.value)
    assert message.startswith(f"{path}: not a kind of outage list claimstats knows. Tried: ")
    assert "intervals (has no 'start' column (columns found: 'service', 'when')" in message
    assert "events/heartbeat (" in message
    assert "statuspage (" in message


# --- file-level errors ------------------------------------------------------------------


def test_missing_file_is_a_data_error_naming_the_path(tmp_path: Path) -> None:
    path = tmp_path / "nope.csv"

    with pytest.raises(DataError) as info:
        cio.read_orders(path, currency="CNY")

    assert str(info.value).startswith(f"{path}: file not found; check the path")
    assert info.value.source == str(path)


def test_a_directory_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="is a folder, not a file"):
        cio.read_outages(tmp_path)


@pytest.mark.parametrize("content", [b"", b"  \n\r\n\t", b"\xef\xbb\xbf\n"])
def test_empty_file_is_a_data_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(content)

    with pytest.raises(DataError, match=r"empty\.csv: the file is empty; export the data again"):
        cio.read_orders(path, currency="CNY")


def test_header_only_is_a_data_error(tmp_path: Path) -> None:
    path = write(tmp_path, "orders.csv", "order_id,timestamp,amount\n\n")

    with pytest.raises(DataError) as info:
        cio.read_orders(path, currency="CNY")

    message = str(info.value)
    assert "orders.csv" in message
    assert "has column names ('order_id', 'timestamp', 'amount') but no data rows" in message


def test_empty_json_list_is_a_data_error(tmp_path: Path) -> None:
    path = write(tmp_path, "outages.json", '{"outages": []}')

    with pytest.raises(DataError, match="holds no outages records"):
        cio.read_outages(path)


def test_binary_file_named_csv_is_a_format_error(tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    path.write_bytes(b"\x00\x01\x02garbage\x00")

    with pytest.raises(FormatError, match=r"orders\.csv: is not a text file .*NUL bytes"):
        cio.read_orders(path, currency="CNY")


def test_workbook_named_csv_is_a_format_error_suggesting_excel(tmp_path: Path) -> None:
    path = write_orders_xlsx(tmp_path / "orders.xlsx").rename(tmp_path / "orders.csv")

    with pytest.raises(FormatError, match="format='excel'"):
        cio.read_orders(path, tz=SHANGHAI)


def test_text_that_is_not_the_encoding_given_is_a_format_error_naming_the_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "alipay.csv"
    path.write_bytes("时间,金额\n2026-08-04 09:40,5\n".encode("gbk"))

    orders = cio.read_orders(path, tz=SHANGHAI, currency="CNY")  # detected: GB18030
    with pytest.raises(FormatError) as info:
        cio.read_orders(path, tz=SHANGHAI, currency="CNY", encoding="utf-8")

    assert cio.provenance(orders).encoding == "gb18030"
    assert orders["amount"].tolist() == [5.0]
    message = str(info.value)
    assert "alipay.csv: line 1 is not valid utf-8 text" in message
    assert "save the file as UTF-8" in message
    assert isinstance(info.value.__cause__, UnicodeDecodeError)


def test_utf16_text_from_excel_is_read(tmp_path: Path) -> None:
    path = tmp_path / "orders.txt"
    text = "timestamp\tamount\r\n2026-08-04T01:40Z\t5\r\n"
    path.write_bytes(text.encode("utf-16"))

    orders = cio.read_orders(path, currency="CNY")

    assert orders["amount"].tolist() == [5.0]


def test_ragged_csv_row_is_a_format_error_with_advice(tmp_path: Path) -> None:
    rows = 'A,2026-08-04T01:40Z,5,"two\nlines"\n\nB,2026-08-04T01:41Z,5,CNY,extra,more\n'
    path = orders_csv(tmp_path, rows)

    with pytest.raises(FormatError) as info:
        cio.read_orders(path)

    assert str(info.value) == (
        f"{path}: line 5 has more fields than the header (line 1, split by comma); check "
        "those lines for an extra comma or an unclosed quote"
    )


def test_broken_json_is_a_format_error_naming_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "orders.json", '[\n{"timestamp": "2026-08-04T01:40Z",\n "amount": }\n]')

    with pytest.raises(FormatError, match=r"orders\.json: is not valid JSON \(line 3"):
        cio.read_orders(path, currency="CNY")


def test_json_object_without_the_kind_key_is_a_format_error(tmp_path: Path) -> None:
    path = shutil.copy(DATA / "orders.json", tmp_path / "x.json")

    with pytest.raises(
        FormatError,
        match=r"""without a list of outages \(keys found: 'orders'\).*\{"outages": \[...\]\}""",
    ):
        cio.read_outages(path)


def test_damaged_workbook_and_parquet_are_format_errors(tmp_path: Path) -> None:
    xlsx = write(tmp_path, "orders.xlsx", "not a workbook")
    parquet = write(tmp_path, "orders.parquet", "not parquet either")

    with pytest.raises(
        FormatError, match=r"orders\.xlsx: cannot be read as an Excel \.xlsx workbook"
    ):
        cio.read_orders(xlsx, currency="CNY")
    with pytest.raises(FormatError, match=r"orders\.parquet: cannot be read as Parquet"):
        cio.read_orders(parquet, currency="CNY")


def test_excel_without_openpyxl_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_orders_xlsx(tmp_path / "orders.xlsx")
    monkeypatch.setitem(sys.modules, "openpyxl", None)

    with pytest.raises(ConfigError, match=r'pip install "claimstats\[excel\]"'):
        cio.read_orders(path, tz=SHANGHAI)


def test_unknown_extension_is_a_format_error_listing_formats(tmp_path: Path) -> None:
    path = write(tmp_path, "orders.dat", "timestamp,amount\n2026-08-04T01:40Z,5\n")

    with pytest.raises(FormatError, match=r"extension '\.dat'.*\.csv.*'csv', 'excel', 'parquet'"):
        cio.read_orders(path, currency="CNY")


# --- configuration errors ---------------------------------------------------------------


def test_unknown_format_name_lists_the_valid_names() -> None:
    with pytest.raises(ConfigError) as info:
        cio.read_orders(DATA / "orders.csv", format="xls", tz=SHANGHAI)

    assert str(info.value) == (
        "unknown format 'xls'; use one of 'auto', 'wechat', 'alipay', 'shopify', 'csv', "
        "'excel', 'parquet', 'json', 'dataframe'"
    )


def test_format_that_does_not_fit_the_source_is_a_config_error() -> None:
    frame = raw_orders_frame()

    with pytest.raises(ConfigError, match="format 'json' reads a file, but a DataFrame was given"):
        cio.read_orders(frame, format="json", tz=SHANGHAI)
    with pytest.raises(
        ConfigError,
        match=r"format='dataframe' needs a pandas DataFrame, but .*orders\.csv' is a path",
    ):
        cio.read_orders(DATA / "orders.csv", format="dataframe", tz=SHANGHAI)


def test_old_xls_workbook_says_to_save_as_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "orders.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0 old workbook")

    with pytest.raises(
        FormatError,
        match=r"orders\.xls: old Excel \.xls workbooks cannot be read; .* save it as \.xlsx",
    ):
        cio.read_orders(path, currency="CNY")


def test_source_of_another_type_is_a_config_error() -> None:
    with pytest.raises(
        ConfigError, match="source must be a file path or a pandas DataFrame, not list"
    ):
        cio.read_orders([1, 2], currency="CNY")


def test_naive_times_without_tz_name_the_column_and_the_advice() -> None:
    with pytest.raises(ConfigError) as info:
        cio.read_orders(DATA / "orders.csv")

    message = str(info.value)
    assert "orders.csv: column 'timestamp' has times without a timezone" in message
    assert "'2026-08-04 09:40' on line 2" in message
    assert 'tz="Asia/Shanghai"' in message
    assert "--tz" not in message  # Python names the argument; the command line says --tz


def test_times_with_offsets_need_no_tz() -> None:
    outages = cio.read_outages(DATA / "outages_minimal.csv", as_of=AS_OF)

    assert cio.provenance(outages).tz is None
    assert len(outages) == 2


def test_unknown_time_zone_is_a_config_error_with_a_suggestion() -> None:
    with pytest.raises(
        ConfigError, match="unknown time zone 'asia/shanghai' \\(did you mean 'Asia/Shanghai'\\?\\)"
    ):
        cio.read_orders(DATA / "orders.csv", tz="asia/shanghai")


def test_missing_currency_is_a_config_error_with_advice() -> None:
    frame = pd.DataFrame({"timestamp": ["2026-08-04T01:40Z"], "amount": [1]})

    with pytest.raises(
        ConfigError, match=r'DataFrame: has no currency column; pass currency="CNY" \(the ISO'
    ):
        cio.read_orders(frame)


def test_invalid_currency_argument_is_a_config_error() -> None:
    frame = pd.DataFrame({"timestamp": ["2026-08-04T01:40Z"], "amount": [1]})

    with pytest.raises(ConfigError, match="currency='YUAN' is not an ISO 4217 code"):
        cio.read_orders(frame, currency="YUAN")


def test_status_map_to_a_non_canonical_status_is_a_config_error() -> None:
    frame = pd.DataFrame({"timestamp": ["2026-08-04T01:40Z"], "amount": [1]})

    with pytest.raises(
        ConfigError, match="status_map\\['x'\\] is 'shipped'; map each value to one of completed"
    ):
        cio.read_orders(frame, currency="CNY", status_map={"x": "shipped"})


@pytest.mark.parametrize("reader", [cio.read_orders, cio.read_outages])
def test_unknown_on_error_is_a_config_error(reader) -> None:
    with pytest.raises(ConfigError, match=r"on_error must be 'raise'.*or 'reject'.*not 'skip'"):
        reader(DATA / "orders.csv", on_error="skip")


def test_naive_as_of_needs_tz() -> None:
    with pytest.raises(ConfigError, match="as_of '2026-09-01' has no timezone"):
        cio.read_outages(DATA / "outages_minimal.csv", as_of="2026-09-01")


# --- row errors: every one is listed with its file line -----------------------------------


def test_unparseable_time_names_the_line_and_column(tmp_path: Path) -> None:
    path = orders_csv(tmp_path, "A,2026-08-04 09:40,5,CNY\nB,04.08.2026 9h40,5,CNY\n")

    with pytest.raises(DataError) as info:
        cio.read_orders(path, tz=SHANGHAI)

    message = str(info.value)
    assert "orders.csv: 1 problem in 1 order row" in message
    assert (
        "line 3, column 'timestamp': not a date and time; write it as YYYY-MM-DD HH:MM" in message
    )
    assert "'04.08.2026 9h40'" in message
    assert info.value.lines == [3]


def test_end_before_start_is_a_row_error() -> None:
    with pytest.raises(DataError) as info:
        cio.read_outages(DATA / "outages_multiline.csv", as_of=AS_OF)

    # the first record spans lines 2-4 and line 5 is blank, so the bad row is line 6
    message = str(info.value)
    assert "outages_multiline.csv" in message
    assert "line 6, column 'end': the outage ends before it starts" in message
    assert info.value.lines == [6]


def test_negative_amount_is_a_row_error(tmp_path: Path) -> None:
    path = orders_csv(tmp_path, "A,2026-08-04T01:40Z,5,CNY\nB,2026-08-04T01:41Z,-12.5,CNY\n")

    with pytest.raises(DataError) as info:
        cio.read_orders(path)

    assert "line 3, column 'amount': negative amount" in str(info.value)
    assert 'status "refunded"' in str(info.value)
    assert "'-12.5'" in str(info.value)


def test_non_numeric_and_non_finite_amounts_are_row_errors(tmp_path: Path) -> None:
    rows = (
        "A;2026-08-04T01:40Z;¥25.00;CNY\nB;2026-08-04T01:41Z;1.234,56;CNY\n"
        "C;2026-08-04T01:42Z;inf;CNY\nD;2026-08-04T01:43Z;;CNY\nE;2026-08-04T01:44Z;five;CNY\n"
    )
    path = write(tmp_path, "orders.csv", "order_id;timestamp;amount;currency\n" + rows)

    with pytest.raises(DataError) as info:
        cio.read_orders(path)

    message = str(info.value)
    assert (
        "lines 3, 6, column 'amount': not an amount; write it like 1234.50 or ¥1,234.50" in message
    )
    assert "(if ',' is your decimal mark, pass decimal=\",\") (found '1.234,56', 'five')" in message
    assert "line 4, column 'amount': not a finite number" in message
    assert "line 5, column 'amount': the amount is missing" in message
    assert 2 not in info.value.lines  # ¥25.00 is an amount now


def test_duplicate_order_ids_name_every_line_involved(tmp_path: Path) -> None:
    path = orders_csv(
        tmp_path,
        "A,2026-08-04T01:40Z,5,CNY\nB,2026-08-04T01:41Z,5,CNY\nA,2026-08-04T01:42Z,5,CNY\n"
        "B,2026-08-04T01:43Z,5,CNY\nA,2026-08-04T01:44Z,5,CNY\nC,2026-08-04T01:45Z,5,CNY\n",
    )

    with pytest.raises(DataError) as info:
        cio.read_orders(path)

    problems = info.value.problems
    assert [(p.column, p.lines, p.values) for p in problems] == [  # noqa: PD011
        ("order_id", [2, 4, 6], ["A"]),
        ("order_id", [3, 5], ["B"]),
    ]
    assert "the same order id is on more than one line" in problems[0].reason


def test_unknown_status_says_to_pass_status_map(tmp_path: Path) -> None:
    path = orders_csv(
        tmp_path,
        "A,2026-08-04T01:40Z,5,CNY,shipped\n",
        header="order_id,timestamp,amount,currency,Status",
    )

    with pytest.raises(DataError) as info:
        cio.read_orders(path)

    message = str(info.value)
    assert "line 2, column 'Status': unknown status 'shipped'" in message
    assert 'status_map={"shipped": "completed"}' in message


def test_unknown_severity_is_a_row_error(tmp_path: Path) -> None:
    path = write(tmp_path, "outages.csv", "start,severity\n2026-08-04T01:40Z,apocalyptic\n")

    with pytest.raises(
        DataError, match=r"line 2, column 'severity': unknown severity; use outage, partial"
    ):
        cio.read_outages(path, as_of=AS_OF)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json", ".parquet"])
def test_statuspage_impact_words_map_as_the_statuspage_reader_maps_them(
    tmp_path: Path, suffix: str
) -> None:
    from claimstats.io.statuspage import IMPACT_SEVERITY

    words = ["none", "minor", "major", "critical", "maintenance", "Major"]
    frame = pd.DataFrame(
        {
            "start": [f"2026-08-0{day}T01:00Z" for day in range(1, 7)],
            "end": [f"2026-08-0{day}T02:00Z" for day in range(1, 7)],
            "impact": words,
        }
    )
    path = tmp_path / f"history{suffix}"
    if suffix == ".csv":
        frame.to_csv(path, index=False)
    elif suffix == ".xlsx":
        frame.to_excel(path, index=False)
    elif suffix == ".json":
        frame.to_json(path, orient="records")
    else:
        frame.to_parquet(path, index=False)

    read = cio.read_outages(path, as_of=AS_OF)

    expected = ["degraded", "partial", "outage", "outage", "maintenance", "outage"]
    assert read["severity"].tolist() == expected
    assert expected[:5] == [IMPACT_SEVERITY[word] for word in words[:5]]


def test_invalid_currency_code_is_a_row_error(tmp_path: Path) -> None:
    path = orders_csv(tmp_path, "A,2026-08-04T01:40Z,5,EURO\nB,2026-08-04T01:41Z,5,rmb\n")

    with pytest.raises(DataError) as info:
        cio.read_orders(path)

    assert "line 2, column 'currency': not an ISO 4217 currency code" in str(info.value)
    assert info.value.lines == [2]  # RMB is the common name of CNY


def test_outage_starting_in_the_future_is_a_row_error(tmp_path: Path) -> None:
    path = write(tmp_path, "outages.csv", "start\n2026-08-04T01:40Z\n2026-09-02T00:00Z\n")

    with pytest.raises(DataError) as info:
        cio.read_outages(path, as_of=AS_OF)

    message = str(info.value)
    assert (
        "line 3, column 'start': outage starts in the future (after 2026-09-01 00:00 UTC)"
        in message
    )
    assert "pass as_of=" in message


def test_outage_in_the_future_by_the_clock_is_a_row_error(tmp_path: Path) -> None:
    path = write(tmp_path, "outages.csv", "start\n2090-01-01T00:00Z\n")

    with pytest.raises(DataError, match="outage starts in the future"):
        cio.read_outages(path)


def test_nonexistent_local_time_at_dst_change_is_a_row_error(tmp_path: Path) -> None:
    # Europe/Berlin jumps from 02:00 to 03:00 on 2026-03-29
    path = write(
        tmp_path, "outages.csv", "start\n2026-03-29 01:30\n2026-03-29 02:30\n2026-03-29 03:30\n"
    )

    with pytest.raises(DataError) as info:
        cio.read_outages(path, tz="Europe/Berlin", as_of=AS_OF)

    message = str(info.value)
    assert "line 3, column 'start': this local time does not exist in Europe/Berlin" in message
    assert "UTC offset" in message
    assert info.value.lines == [3]


def test_ambiguous_local_time_at_dst_change_is_a_row_error(tmp_path: Path) -> None:
    # Europe/Berlin repeats 02:00-03:00 on 2026-10-25
    path = write(tmp_path, "outages.csv", "start\n2026-10-25 02:30\n2026-10-25 02:30+01:00\n")

    with pytest.raises(DataError) as info:
        cio.read_outages(path, tz="Europe/Berlin", as_of="2026-12-01T00:00Z")

    assert "line 2, column 'start': this local time happens twice in Europe/Berlin" in str(
        info.value
    )
    assert info.value.lines == [2]


def test_every_problem_is_collected_before_raising() -> None:
    with pytest.raises(DataError) as info:
        cio.read_orders(DATA / "orders_bad.csv", tz=SHANGHAI)

    error = info.value
    assert error.source == str(DATA / "orders_bad.csv")
    assert [(p.column, p.lines) for p in error.problems] == [
        ("order_id", [2, 6]),
        ("timestamp", [3]),
        ("amount", [4]),
        ("amount", [5]),
        ("status", [7]),
        ("currency", [8]),
    ]
    assert error.lines == [2, 3, 4, 5, 6, 7, 8]
    assert str(error).startswith(
        f"{DATA / 'orders_bad.csv'}: 6 problems in 7 order rows; fix them in the file and "
        'read it again, or pass on_error="reject"'
    )


def test_excel_errors_name_the_sheet_row(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["B3"], sheet["C3"] = "timestamp", "amount"
    sheet["B4"], sheet["C4"] = wall_clock("2026-08-04 09:40"), 5
    sheet["B6"], sheet["C6"] = wall_clock("2026-08-04 09:41"), "five"
    book.save(tmp_path / "orders.xlsx")

    with pytest.raises(DataError) as info:
        cio.read_orders(tmp_path / "orders.xlsx", tz=SHANGHAI, currency="CNY")

    assert "line 6, column 'amount': not an amount" in str(info.value)
    assert info.value.lines == [6]


def test_json_errors_name_the_record_number(tmp_path: Path) -> None:
    records = [{"timestamp": "2026-08-04T01:40Z", "amount": 5}, {"timestamp": "soon", "amount": 5}]
    path = write(tmp_path, "orders.json", json.dumps(records))

    with pytest.raises(DataError, match="line 2, column 'timestamp': not a date and time"):
        cio.read_orders(path, currency="CNY")


def test_dataframe_errors_name_the_row_position_from_one() -> None:
    frame = pd.DataFrame(
        {"timestamp": ["2026-08-04T01:40Z"] * 3, "amount": [1, 2, -3]}, index=[7, 8, 9]
    )

    with pytest.raises(DataError, match=r"^DataFrame: .*line 3, column 'amount': negative amount"):
        cio.read_orders(frame, currency="CNY")


# --- rejecting rows ---------------------------------------------------------------------


def test_reject_keeps_good_rows_and_counts_rejected_ones_in_provenance() -> None:
    orders = cio.read_orders(DATA / "orders_bad.csv", tz=SHANGHAI, on_error="reject")

    assert orders["order_id"].tolist() == ["B8", "B9"]
    assert orders["amount"].sum() == pytest.approx(23.5)
    assert orders.index.tolist() == [0, 1]
    prov = cio.provenance(orders)
    assert (prov.rows_read, prov.rows_kept, prov.rows_rejected) == (9, 2, 7)
    assert [(r.line, r.column, r.value) for r in prov.rejected] == [
        (2, "order_id", "B1"),
        (3, "timestamp", "yesterday"),
        (4, "amount", "-5"),
        (5, "amount", "abc"),
        (6, "order_id", "B1"),
        (7, "status", "shipped"),
        (8, "currency", "EURO"),
    ]
    assert prov.rejected[2].reason.startswith("negative amount")
    assert prov.time_start == datetime.fromisoformat("2026-08-04T02:25:00+00:00")
    assert prov.time_end == datetime.fromisoformat("2026-08-04T02:30:00+00:00")


def test_reject_in_outages_keeps_good_rows() -> None:
    outages = cio.read_outages(
        DATA / "outages_bad.csv", tz=SHANGHAI, as_of=AS_OF, on_error="reject"
    )

    assert outages["incident_id"].tolist() == ["X5"]
    assert outages["severity"].tolist() == ["partial"]
    prov = cio.provenance(outages)
    assert (prov.rows_read, prov.rows_kept, prov.rows_rejected) == (5, 1, 4)
    assert [(r.line, r.column) for r in prov.rejected] == [
        (2, "end"),
        (3, "start"),
        (4, "severity"),
        (5, "start"),
    ]


def test_reject_records_one_row_per_line_and_column(tmp_path: Path) -> None:
    path = orders_csv(tmp_path, "A,never,-1,XXY\nB,2026-08-04T01:40Z,2,CNY\n")

    orders = cio.read_orders(path, on_error="reject")

    prov = cio.provenance(orders)
    assert len(orders) == 1
    assert prov.rows_rejected == 1
    assert [(r.line, r.column) for r in prov.rejected] == [
        (2, "amount"),
        (2, "currency"),
        (2, "timestamp"),
    ]


def test_reject_of_every_row_returns_an_empty_canonical_frame(tmp_path: Path) -> None:
    path = orders_csv(tmp_path, "A,never,1,CNY\n")

    orders = cio.read_orders(path, on_error="reject")

    assert orders.empty
    assert orders.dtypes.equals(empty_orders().dtypes)
    prov = cio.provenance(orders)
    assert (prov.rows_kept, prov.rows_rejected, prov.time_start) == (0, 1, None)


# --- provenance ---------------------------------------------------------------------------


def test_provenance_records_the_file_fingerprint_and_counts() -> None:
    path = DATA / "orders.csv"

    prov = cio.provenance(cio.read_orders(str(path), tz=SHANGHAI))

    data = path.read_bytes()
    assert isinstance(prov, FileProvenance)
    assert prov.sha256 == hashlib.sha256(data).hexdigest()
    assert prov.size_bytes == len(data)
    assert prov.source == str(path)
    assert prov.name == "orders.csv"
    assert prov.kind == "orders"
    assert prov.format == "generic-csv"
    assert (prov.rows_read, prov.rows_kept, prov.rows_rejected, prov.rejected) == (4, 4, 0, [])
    assert prov.time_start == datetime.fromisoformat("2026-08-04T01:40:00+00:00")
    assert prov.time_end == datetime.fromisoformat("2026-08-04T04:00:00+00:00")
    assert prov.tz == SHANGHAI


def test_outage_provenance_spans_starts_and_ends() -> None:
    prov = cio.provenance(cio.read_outages(DATA / "outages.csv", tz=SHANGHAI, as_of=AS_OF))

    assert prov.kind == "outages"
    assert prov.time_start == datetime.fromisoformat("2026-08-04T01:40:00+00:00")
    assert prov.time_end == datetime.fromisoformat("2026-08-07T00:00:00+00:00")


def test_dataframe_provenance_has_no_fingerprint() -> None:
    frame = pd.DataFrame({"start": ["2026-08-04T01:40Z"]})

    prov = cio.provenance(cio.read_outages(frame, as_of=AS_OF))

    assert (prov.source, prov.name, prov.format, prov.sha256, prov.size_bytes) == (
        "DataFrame",
        "DataFrame",
        "dataframe",
        None,
        None,
    )


def test_provenance_survives_filtering_and_parquet(tmp_path: Path) -> None:
    orders = cio.read_orders(DATA / "orders.csv", tz=SHANGHAI)
    expected = cio.provenance(orders)

    filtered = orders[orders["amount"] > 50]
    orders.to_parquet(tmp_path / "canonical.parquet")
    reloaded = pd.read_parquet(tmp_path / "canonical.parquet")

    assert cio.provenance(filtered) == expected
    assert cio.provenance(reloaded) == expected


def test_provenance_of_a_frame_without_it_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="carries no provenance; read the data with read_outages"):
        cio.provenance(pd.DataFrame({"a": [1]}))


def test_every_error_is_a_claimstats_error(tmp_path: Path) -> None:
    bad_inputs = [
        (tmp_path / "missing.csv", {}),
        (write(tmp_path, "a.json", "{"), {}),
        (write(tmp_path, "b.xlsx", "x"), {}),
        (DATA / "orders_bad.csv", {"tz": SHANGHAI}),
    ]
    for source, kwargs in bad_inputs:
        with pytest.raises(ClaimstatsError):
            cio.read_orders(source, currency="CNY", **kwargs)


# --- properties -----------------------------------------------------------------------------

_amount_text = st.one_of(
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False).map(str),
    st.sampled_from(["-1", "abc", "", "inf"]),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(amounts=st.lists(_amount_text, min_size=1, max_size=30))
def test_no_row_is_lost_kept_plus_rejected_equals_read(tmp_path: Path, amounts: list[str]) -> None:
    rows = "".join(f"O{i},2026-08-04T{i % 24:02d}:00Z,{a},CNY\n" for i, a in enumerate(amounts))
    path = orders_csv(tmp_path, rows)

    orders = cio.read_orders(path, on_error="reject")

    prov = cio.provenance(orders)
    assert prov.rows_read == len(amounts)
    assert prov.rows_kept + prov.rows_rejected == prov.rows_read
    good = [float(a) for a in amounts if a not in {"-1", "abc", "", "inf"}]
    assert orders["amount"].tolist() == good
    assert sorted({r.line for r in prov.rejected}) == [
        i + 2 for i, a in enumerate(amounts) if a in {"-1", "abc", "", "inf"}
    ]


@settings(max_examples=40, deadline=None)
@given(
    stamps=st.lists(
        st.datetimes(min_value=wall_clock("2000-01-01"), max_value=wall_clock("2090-01-01")),
        min_size=1,
        max_size=20,
    )
)
def test_times_written_in_utc_read_back_exactly(stamps: list[datetime]) -> None:
    frame = pd.DataFrame(
        {"timestamp": [s.isoformat() + "Z" for s in stamps], "amount": np.ones(len(stamps))}
    )

    orders = cio.read_orders(frame, currency="CNY")

    assert orders["timestamp"].tolist() == [pd.Timestamp(s, tz="UTC") for s in stamps]


# --- values found in real exports ------------------------------------------------------


def test_a_time_must_name_its_day(tmp_path: Path) -> None:
    frame = pd.DataFrame({"time": ["2026", "-1", "20260804 10:00", "2026-08-04"], "amount": 1})

    out = cio.read_orders(frame, tz="UTC", currency="CNY", on_error="reject")

    assert [r.line for r in cio.provenance(out).rejected] == [1, 2]
    assert out["timestamp"].tolist() == utc("2026-08-04 10:00", "2026-08-04 00:00")


def test_excel_date_serials_in_a_number_column_are_local_times() -> None:
    # a date column formatted as a number: 46238.40277... is 2026-08-04 09:40
    frame = pd.DataFrame({"time": [46238.4027777778, None, 46239.5], "amount": [1, 2, 3]})

    out = cio.read_orders(frame, tz=SHANGHAI, currency="CNY", on_error="reject")

    assert out["timestamp"].tolist() == utc("2026-08-04 01:40", "2026-08-05 04:00")
    assert cio.provenance(out).rows_rejected == 1  # the blank time


def test_numbers_outside_the_serial_range_are_not_dates() -> None:
    frame = pd.DataFrame({"time": [46238.4, 5.0], "amount": [1, 2]})

    with pytest.raises(DataError, match=r"lines 1, 2, column 'time': not a date and time.*5\.0"):
        cio.read_orders(frame, tz=SHANGHAI, currency="CNY")


def test_a_json_export_wrapping_its_rows_in_one_list_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "export.json",
        '{"count": 2, "next": null, "results": [{"time": "2026-08-04T01:40Z", "amount": 5},'
        ' {"time": "2026-08-04T01:41Z", "amount": 7}]}',
    )

    out = cio.read_orders(path, currency="CNY")

    assert out["amount"].tolist() == [5.0, 7.0]


#: the formats of a generic table, and the line of the first data row in each
FIRST_LINE = {"csv": 2, "xlsx": 2, "json": 1, "parquet": 1, "dataframe": 1}


def as_source(frame: pd.DataFrame, folder: Path, fmt: str) -> Path | pd.DataFrame:
    """``frame`` written as a file of the format, or the frame itself (``dataframe``)."""
    path = folder / f"table.{fmt}"
    if fmt == "csv":
        frame.to_csv(path, index=False)
    elif fmt == "xlsx":
        frame.to_excel(path, index=False)
    elif fmt == "json":
        frame.to_json(path, orient="records")
    elif fmt == "parquet":
        frame.to_parquet(path, index=False)
    else:
        return frame
    return path


@pytest.mark.parametrize("fmt", list(FIRST_LINE))
def test_an_amount_whose_sign_names_another_currency_is_a_row_problem(
    tmp_path: Path, fmt: str
) -> None:
    frame = pd.DataFrame(
        {
            "time": ["2026-08-04T01:40Z"] * 8,
            "amount": ["$113.00", "¥1,356.00", "€5", "US$3", "¥5", "5 USD", "$7", "8"],
            "ccy": ["CNY", "USD", "CNY", "CNY", "CNY", "USD", "CAD", "EUR"],
        }
    )
    source = as_source(frame, tmp_path, fmt)

    with pytest.raises(DataError) as info:
        cio.read_orders(source)

    first = FIRST_LINE[fmt]
    assert [(p.column, p.lines) for p in info.value.problems] == [
        ("amount", [first + row]) for row in range(4)
    ]
    assert (
        f"line {first}, column 'amount': the amount is written with '$' (dollars or pesos) "
        "but the row's currency is CNY (column 'ccy'); correct the amount or the currency"
    ) in str(info.value)
    assert "with '¥' (yuan or yen) but the row's currency is USD" in str(info.value)
    assert "with '€' (euros) but the row's currency is CNY" in str(info.value)
    assert "with 'US$' (US dollars) but the row's currency is CNY" in str(info.value)

    kept = cio.read_orders(source, on_error="reject")

    assert kept["amount"].tolist() == [5.0, 5.0, 7.0, 8.0]
    assert kept["currency"].tolist() == ["CNY", "USD", "CAD", "EUR"]
    prov = cio.provenance(kept)
    assert (prov.rows_rejected, prov.rows_kept) == (4, 4)
    assert [r.line for r in prov.rejected] == [first + row for row in range(4)]


def test_a_sign_against_the_currency_argument_names_the_argument() -> None:
    frame = pd.DataFrame(
        {"time": ["2026-08-04T01:40Z"] * 3, "amount": ["€5", "5", "¥6"], "refunded": [0, "$1", 0]}
    )

    with pytest.raises(DataError) as info:
        cio.read_orders(frame, currency="CNY", columns={"refunded_amount": "refunded"})

    assert [(p.column, p.lines) for p in info.value.problems] == [
        ("amount", [1]),
        ("refunded", [2]),
    ]
    message = str(info.value)
    assert "with '€' (euros) but the row's currency is CNY (currency=\"CNY\")" in message
    assert "the refunded amount is written with '$' (dollars or pesos)" in message


@pytest.mark.parametrize("fmt", ["dataframe", "parquet"])
@pytest.mark.parametrize("zone", [None, "UTC"])
@pytest.mark.parametrize("kind", ["orders", "outages"])
def test_far_off_native_times_are_row_problems_not_a_crash(
    tmp_path: Path, fmt: str, zone: str | None, kind: str
) -> None:
    # year 62180 in seconds: pandas can neither hold it in nanoseconds nor print it with
    # strftime; year 300000 not even in microseconds
    stamps = ["2026-08-04T01:40", "62180-01-01T00:00", "300000-06-01T00:00"]
    times = pd.Series(np.array(stamps, dtype="datetime64[s]"))
    if zone is not None:
        times = times.dt.tz_localize(zone)
    frame = pd.DataFrame({"timestamp" if kind == "orders" else "start": times, "amount": 1.0})
    source = as_source(frame, tmp_path, fmt)
    read = (
        (lambda **kw: cio.read_orders(source, currency="CNY", **kw))
        if kind == "orders"
        else (lambda **kw: cio.read_outages(source, as_of=AS_OF, **kw))
    )

    with pytest.raises(DataError) as info:
        read(tz=SHANGHAI)

    (problem,) = info.value.problems
    assert problem.lines == [2, 3]
    assert "this time is before 1970 or after 2099" in problem.reason
    assert "62180-01-01" in str(info.value)
    kept = read(tz=SHANGHAI, on_error="reject")
    assert len(kept) == 1
    assert [r.line for r in cio.provenance(kept).rejected] == [2, 3]
