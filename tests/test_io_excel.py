"""Tests of claimstats.io.excel: workbooks as people make them."""

from __future__ import annotations

import shutil
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import claimstats.io as cio
from claimstats.errors import DataError, FormatError
from claimstats.io.excel import find_header, read_excel
from claimstats.io.options import ReadOptions
from claimstats.io.sources import open_source

DATA = Path(__file__).parent / "data" / "exports"
SHANGHAI = "Asia/Shanghai"
POS_COLUMNS = {"channel": "订单来源"}
TOTALS_REASON = "totals row under the table (合计, Total), not a record"

#: the six orders of the point-of-sale fixtures, read with tz="Asia/Shanghai"
POS_IDS = [f"XS2026080400{n}" for n in range(1, 7)]
POS_TIMES_UTC = [
    "2026-08-04 01:40:00",
    "2026-08-04 02:15:30",
    "2026-08-04 03:05:00",
    "2026-08-04 04:00:00",
    "2026-08-04 05:20:00",
    "2026-08-04 07:45:10",
]
POS_AMOUNTS = [88.0, 1288.0, 66.0, 1050.0, 199.5, 2360.0]
POS_STATUSES = ["completed", "completed", "refunded", "completed", "cancelled", "completed"]


def local(text: str) -> datetime:
    """A naive local time, as an Excel date cell holds it."""
    return datetime.fromisoformat(text)


def read_pos(path: Path) -> pd.DataFrame:
    return cio.read_orders(path, tz=SHANGHAI, currency="CNY", columns=POS_COLUMNS)


def workbook(path: Path, rows: dict[int, list[object]], sheet_title: str | None = None) -> Path:
    """A workbook whose first sheet holds ``rows`` by sheet row number."""
    book = openpyxl.Workbook()
    sheet = book.active
    if sheet_title:
        sheet.title = sheet_title
    for number, values in rows.items():
        for column, value in enumerate(values, start=1):
            sheet.cell(row=number, column=column, value=value)
    book.save(path)
    return path


# --- the point-of-sale export --------------------------------------------------------------


@pytest.mark.parametrize("name", ["pos_sales_export.xlsx", "pos_sales_export.xlsm"])
def test_pos_export_with_title_rows_gives_the_orders(name: str) -> None:
    orders = read_pos(DATA / name)

    assert orders["order_id"].tolist() == POS_IDS
    assert orders["timestamp"].tolist() == [pd.Timestamp(t, tz="UTC") for t in POS_TIMES_UTC]
    assert orders["amount"].tolist() == POS_AMOUNTS
    assert orders["amount"].sum() == pytest.approx(5051.5)
    assert orders["currency"].tolist() == ["CNY"] * 6
    assert orders["status"].tolist() == POS_STATUSES
    assert orders["status_text"].tolist() == [
        "已完成",
        "已完成",
        "已退款",
        "已完成",
        "已取消",
        "已完成",
    ]
    assert orders["channel"].tolist() == ["门店", "小程序", "门店", "美团", "小程序", "门店"]


def test_pos_export_keeps_sheet_rows_and_counts_the_totals_row() -> None:
    table = read_excel(open_source(DATA / "pos_sales_export.xlsx"), ReadOptions("orders"))

    assert table.lines.tolist() == [5, 6, 7, 8, 9, 11]
    assert list(table.frame.columns) == [
        "序号",
        "订单号",
        "下单时间",
        "订单来源",
        "付款方式",
        "订单金额",
        "状态",
        "备注",
    ]
    assert table.frame["下单时间"].tolist()[:2] == [
        local("2026-08-04 09:40"),
        local("2026-08-04 10:15:30"),
    ]
    assert table.excluded == {TOTALS_REASON: 1}
    assert table.format == "generic-excel"

    prov = cio.provenance(read_pos(DATA / "pos_sales_export.xlsx"))
    assert (prov.rows_read, prov.rows_kept, prov.rows_rejected) == (7, 6, 0)
    assert prov.excluded == {TOTALS_REASON: 1}
    assert prov.format == "generic-excel"


def test_pos_export_errors_name_the_sheet_row(tmp_path: Path) -> None:
    path = shutil.copy(DATA / "pos_sales_export.xlsx", tmp_path / "pos.xlsx")
    book = openpyxl.load_workbook(path)
    book.active["F8"] = "一千零五十"
    book.active["C11"] = "soon"
    book.save(path)

    with pytest.raises(DataError) as info:
        read_pos(path)

    message = str(info.value)
    assert "line 8, column '订单金额': not an amount" in message
    assert "line 11, column '下单时间': not a date and time" in message
    assert info.value.lines == [8, 11]


def test_empty_first_sheet_reads_the_next_and_says_which() -> None:
    orders = read_pos(DATA / "pos_second_sheet.xlsx")

    assert orders["order_id"].tolist() == POS_IDS
    assert orders["amount"].sum() == pytest.approx(5051.5)
    assert cio.provenance(orders).format == "generic-excel:销售明细"


# --- finding the header ----------------------------------------------------------------------


def test_header_under_an_export_line_with_two_cells_is_found_by_its_names(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "o.xlsx",
        {
            1: ["Shop: Petal & Stem", None, None, "Exported by: Ada"],
            2: ["Exported at", local("2026-08-10 18:30")],
            4: ["Order No", "Paid at", "Total", "Currency"],
            5: ["A1", local("2026-08-04 09:40"), "HK$ 1,200.00", "HKD"],
            6: ["A2", local("2026-08-04 10:00"), 80, "HKD"],
        },
    )

    orders = cio.read_orders(path, tz="Asia/Hong_Kong")

    assert orders["order_id"].tolist() == ["A1", "A2"]
    assert orders["amount"].tolist() == [1200.0, 80.0]
    assert orders["timestamp"].tolist() == [
        pd.Timestamp("2026-08-04 01:40", tz="UTC"),
        pd.Timestamp("2026-08-04 02:00", tz="UTC"),
    ]


def test_header_with_unknown_names_is_the_first_wide_row_of_text(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "o.xlsx",
        {
            1: ["Petal & Stem, sales"],
            2: ["exported", local("2026-08-10 18:30")],
            3: ["Receipt", "When", "Paid (HKD)", "Till"],
            4: ["R1", local("2026-08-04 09:40"), 120, "front"],
            5: ["R2", local("2026-08-04 09:45"), 35.5, "front"],
        },
    )

    orders = cio.read_orders(
        path,
        tz="Asia/Hong_Kong",
        currency="HKD",
        columns={"order_id": "Receipt", "timestamp": "When", "amount": "Paid (HKD)"},
    )

    assert orders["order_id"].tolist() == ["R1", "R2"]
    assert orders["amount"].sum() == pytest.approx(155.5)


@pytest.mark.parametrize(
    ("rows", "header"),
    [
        (
            [
                ("XX花店 销售明细",),
                ("导出时间：", "2026-08-10"),
                (),
                ("订单号", "下单时间", "订单金额"),
            ],
            3,
        ),
        ([("a", "b"), (1, 2)], 0),
        ([(), (), ("timestamp", "amount"), (1, 2)], 2),
        # an export line of text cells, narrower than the table, above unknown names
        ([("Shop", "Petal"), ("w", "x", "y", "z", "v"), (1, 2, 3, 4, 5)], 1),
        # only a title: the first filled row, as before
        ([("just a title",)], 0),
        ([(None, "  "), ()], None),
    ],
)
def test_find_header(rows: list[tuple[object, ...]], header: int | None) -> None:
    assert find_header(rows) == header


def test_outage_sheets_find_the_header_by_outage_names(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "outages.xlsx",
        {
            1: ["Incident log", "exported 2026-08-10"],
            3: ["service", "start", "end", "severity"],
            4: ["WhatsApp", "2026-08-04T01:40Z", "2026-08-04T03:10Z", "outage"],
        },
    )

    outages = cio.read_outages(path, as_of="2026-09-01T00:00Z")

    assert outages["service"].tolist() == ["WhatsApp"]
    assert outages["end"].tolist() == [pd.Timestamp("2026-08-04 03:10", tz="UTC")]


# --- totals, blank rows, stray cells -------------------------------------------------------


@pytest.mark.parametrize("word", ["合计", "合 计：", "总计", "Total", "TOTAL:", "Grand total"])
def test_totals_rows_under_the_table_are_excluded(tmp_path: Path, word: str) -> None:
    path = workbook(
        tmp_path / "o.xlsx",
        {
            1: ["order_id", "timestamp", "amount"],
            2: ["A1", "2026-08-04T01:40Z", 5],
            3: ["A2", "2026-08-04T01:41Z", 7],
            5: [word, None, 12],
            7: [],
        },
    )

    orders = cio.read_orders(path, currency="CNY")

    assert orders["amount"].tolist() == [5.0, 7.0]
    prov = cio.provenance(orders)
    assert prov.excluded == {TOTALS_REASON: 1}
    assert (prov.rows_read, prov.rows_kept) == (3, 2)


@pytest.mark.parametrize(
    "ids",
    [
        ["Total", "A2"],  # a totals word inside the table
        # found by tests/test_io_roundtrip.py: a last record whose id is a totals word
        # has a time, and a totals row holds numbers only
        ["A1", "合計"],
    ],
)
def test_a_record_whose_id_is_a_totals_word_is_data(tmp_path: Path, ids: list[str]) -> None:
    path = workbook(
        tmp_path / "o.xlsx",
        {
            1: ["order_id", "timestamp", "amount"],
            2: [ids[0], "2026-08-04T01:40Z", 5],
            3: [ids[1], "2026-08-04T01:41Z", 7],
        },
    )

    orders = cio.read_orders(path, currency="CNY")

    assert orders["order_id"].tolist() == ids
    assert cio.provenance(orders).excluded == {}


def test_cells_right_of_the_header_are_kept_in_unnamed_columns(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "o.xlsx",
        {1: ["timestamp", "amount"], 2: ["2026-08-04T01:40Z", 5, None, "note"]},
    )

    table = read_excel(open_source(path), ReadOptions("orders"))

    assert list(table.frame.columns) == ["timestamp", "amount", "Unnamed: 3"]
    assert table.frame["Unnamed: 3"].tolist() == ["note"]


def test_a_wrong_used_range_in_the_file_does_not_hide_columns(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "o.xlsx",
        {1: ["order_id", "timestamp", "amount"], 2: ["A1", "2026-08-04T01:40Z", 5]},
    )
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    assert b'<dimension ref="A1:C2" />' in sheet
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(b'ref="A1:C2"', b'ref="A1:A1"')
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)

    orders = cio.read_orders(path, currency="CNY")

    assert orders["amount"].tolist() == [5.0]


# --- errors -----------------------------------------------------------------------------------


def test_workbook_without_data_says_every_sheet_is_empty(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.create_sheet("Sheet2")
    book.save(tmp_path / "empty.xlsx")

    with pytest.raises(DataError, match=r"empty\.xlsx: every sheet is empty; put the table"):
        cio.read_orders(tmp_path / "empty.xlsx", currency="CNY")


def test_header_without_rows_says_so(tmp_path: Path) -> None:
    path = workbook(tmp_path / "o.xlsx", {1: ["title"], 3: ["timestamp", "amount"], 4: ["合计", 0]})

    with pytest.raises(
        DataError, match=r"has column names \('timestamp', 'amount'\) but no data rows"
    ):
        cio.read_orders(path, currency="CNY")


def test_a_zip_that_is_not_a_workbook_is_a_format_error(tmp_path: Path) -> None:
    path = tmp_path / "o.xlsm"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")

    with pytest.raises(FormatError, match=r"o\.xlsm: cannot be read as an Excel \.xlsx workbook"):
        cio.read_orders(path, currency="CNY")
