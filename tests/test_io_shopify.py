"""Tests of claimstats.io.shopify: the Shopify orders export."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

import claimstats.io as cio
from claimstats.errors import DataError
from claimstats.io.options import ReadOptions
from claimstats.io.registry import choose_format
from claimstats.io.shopify import LINE_ITEMS, read_shopify, sniff_shopify
from claimstats.io.sources import open_source

DATA = Path(__file__).parent / "data" / "exports"
EXPORT = DATA / "shopify_orders_export.csv"

NAMES = ["#1001", "#1002", "#1003", "#1004", "#1005", "#1006", "#1007", "#1008"]
#: the physical line of each order's first row (#1008's Notes hold a line break)
LINES = [2, 5, 6, 8, 9, 11, 12, 13]
TOTALS = [755.0, 448.0, 553.2, 520.0, 750.0, 320.0, 350.0, 195.0]
CREATED_UTC = [
    "2026-08-04 01:40:12",
    "2026-08-04 02:05:33",
    "2026-08-04 03:22:05",
    "2026-08-04 04:47:50",
    "2026-08-04 05:15:00",
    "2026-08-04 06:30:45",
    "2026-08-04 08:08:19",
    "2026-08-04 09:55:02",
]


def export_rows() -> tuple[list[str], list[list[str]]]:
    """The fixture's header and rows, parsed as CSV."""
    text = EXPORT.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return rows[0], rows[1:]


def write_export(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    """Write rows in the export's own dialect (CRLF, quoting only where needed)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def changed(tmp_path: Path, edits: dict[tuple[str, str], str]) -> Path:
    """A copy of the fixture with ``{(order name, column): value}`` set on its first row."""
    header, rows = export_rows()
    seen: set[str] = set()
    for row in rows:
        name = row[0]
        if name in seen:
            continue
        seen.add(name)
        for (target, column), value in edits.items():
            if target == name:
                row[header.index(column)] = value
    return write_export(tmp_path / "orders_export.csv", header, rows)


# --- the export, end to end -----------------------------------------------------------------


def test_export_is_detected_and_gives_one_order_per_name() -> None:
    orders = cio.read_orders(EXPORT)

    assert orders["order_id"].tolist() == NAMES
    assert orders["timestamp"].tolist() == [pd.Timestamp(t, tz="UTC") for t in CREATED_UTC]
    assert orders["amount"].tolist() == TOTALS
    assert orders["amount"].sum() == pytest.approx(3891.2)
    assert orders["currency"].tolist() == ["HKD"] * 8
    assert orders["status"].tolist() == [
        "completed",  # paid
        "refunded",  # refunded
        "completed",  # partially_refunded: still a sale
        "pending",  # pending (bank deposit)
        "cancelled",  # voided
        "cancelled",  # paid, then cancelled
        "pending",  # authorized
        "completed",  # paid
    ]
    assert orders["status_text"].tolist() == [
        "paid",
        "refunded",
        "partially_refunded",
        "pending",
        "voided",
        "paid",
        "authorized",
        "paid",
    ]
    assert orders["refunded_amount"].tolist() == [0.0, 448.0, 98.0, 0, 0, 0, 0, 0]
    assert orders["channel"].tolist() == [
        "web",
        "web",
        "web",
        "shopify_draft_order",
        "web",
        "web",
        "pos",
        "pos",
    ]
    assert orders["customer"].tolist()[5:] == [
        "fung.k@example.com",
        "Wong Ka Ho",
        "chow.s@example.com",
    ]


def test_line_items_are_counted_as_excluded_so_no_row_is_lost() -> None:
    orders = cio.read_orders(EXPORT)

    prov = cio.provenance(orders)
    assert prov.format == "shopify-csv"
    assert prov.excluded == {LINE_ITEMS: 5}
    assert (prov.rows_read, prov.rows_kept, prov.rows_rejected) == (13, 8, 0)
    assert prov.rows_read == prov.rows_kept + prov.rows_rejected + sum(prov.excluded.values())
    assert prov.encoding == "utf-8"
    assert prov.time_start.isoformat() == "2026-08-04T01:40:12+00:00"


def test_reader_gives_canonical_text_columns_on_the_first_line_of_each_order() -> None:
    table = read_shopify(open_source(EXPORT), ReadOptions("orders"))

    assert table.lines.tolist() == LINES
    assert list(table.frame.columns) == [
        "order_id",
        "timestamp",
        "amount",
        "currency",
        "channel",
        "status",
        "customer",
        "status_text",
        "refunded_amount",
    ]
    assert table.frame["timestamp"].iloc[0] == "2026-08-04 09:40:12 +0800"
    assert table.frame["amount"].iloc[2] == "553.20"
    assert table.excluded == {LINE_ITEMS: 5}


def test_errors_name_the_line_of_the_order(tmp_path: Path) -> None:
    path = changed(
        tmp_path,
        {
            ("#1005", "Total"): "seven fifty",
            ("#1008", "Currency"): "Hong Kong dollars",
            ("#1002", "Financial Status"): "chargeback",
        },
    )

    with pytest.raises(DataError) as info:
        cio.read_orders(path)

    message = str(info.value)
    assert info.value.lines == [5, 9, 13]
    assert "line 9, column 'amount': not an amount" in message
    assert "(found 'seven fifty')" in message
    assert "line 13, column 'currency': not an ISO 4217 currency code" in message
    assert "line 5, column 'status': unknown status 'chargeback'" in message


def test_a_total_written_with_another_currencys_sign_is_a_row_problem(tmp_path: Path) -> None:
    # the shop sells in HKD: "$" may be Hong Kong dollars, "€" and "¥" may not
    path = changed(
        tmp_path,
        {("#1002", "Total"): "€448.00", ("#1005", "Total"): "$750.00", ("#1008", "Total"): "¥195"},
    )

    with pytest.raises(DataError) as info:
        cio.read_orders(path)

    assert info.value.lines == [5, 13]
    message = str(info.value)
    assert "line 5, column 'amount': the amount is written with '€' (euros) but the row's " in (
        message
    )
    assert "currency is HKD (column 'currency'); correct the amount or the currency" in message
    assert "line 13, column 'amount': the amount is written with '¥' (yuan or yen)" in message


def test_status_map_says_what_an_unknown_financial_status_means(tmp_path: Path) -> None:
    path = changed(tmp_path, {("#1002", "Financial Status"): "chargeback"})

    orders = cio.read_orders(path, status_map={"chargeback": "refunded"})

    assert orders["status"].tolist()[1] == "refunded"
    assert orders["status_text"].tolist()[1] == "chargeback"


def test_rows_of_an_order_need_not_be_together(tmp_path: Path) -> None:
    header, rows = export_rows()
    first, *rest = rows
    shuffled = [*rest[:5], first, *rest[5:]]  # #1001's totals row after its line items
    path = write_export(tmp_path / "sorted.csv", header, shuffled)

    orders = cio.read_orders(path)

    assert orders["order_id"].tolist() == ["#1002", "#1003", "#1001", *NAMES[3:]]
    assert orders["amount"].sum() == pytest.approx(3891.2)
    assert cio.provenance(orders).excluded == {LINE_ITEMS: 5}


def test_two_orders_with_one_name_are_reported_not_merged(tmp_path: Path) -> None:
    header, rows = export_rows()
    again = list(rows[3])  # #1002's row, as a second order of that name
    path = write_export(tmp_path / "twice.csv", header, [*rows, again])

    with pytest.raises(DataError) as info:
        cio.read_orders(path)

    assert "lines 5, 16, column 'order_id': the same order id is on more than one line" in str(
        info.value
    )


def test_an_order_without_its_totals_row_is_reported_on_its_first_line(tmp_path: Path) -> None:
    header, rows = export_rows()
    rows = [row for row in rows if not (row[0] == "#1005" and row[2] == "voided")]
    path = write_export(tmp_path / "cut.csv", header, rows)

    orders = cio.read_orders(path, on_error="reject")

    prov = cio.provenance(orders)
    assert orders["order_id"].tolist() == [n for n in NAMES if n != "#1005"]
    assert [(r.line, r.column, r.reason) for r in prov.rejected] == [
        (9, "amount", "the amount is missing"),
        (
            9,
            "currency",
            'the currency is missing; fill it in, or pass currency="CNY" for such rows',
        ),
    ]
    assert (prov.rows_read, prov.rows_kept, prov.rows_rejected) == (12, 7, 1)
    assert prov.excluded == {LINE_ITEMS: 4}


def test_blank_source_is_the_shopify_channel_and_blank_name_an_order_of_its_own(
    tmp_path: Path,
) -> None:
    path = changed(tmp_path, {("#1004", "Source"): "", ("#1004", "Name"): ""})

    orders = cio.read_orders(path)

    assert orders["order_id"].tolist()[3] == "L8"
    assert orders["channel"].tolist()[3] == "shopify"


# --- a file that lacks what the layout needs -------------------------------------------------


def test_export_without_total_says_so() -> None:
    with pytest.raises(DataError) as info:
        cio.read_orders(DATA / "shopify_no_total.csv")

    message = str(info.value)
    assert message.startswith(
        f"{DATA / 'shopify_no_total.csv'}: this Shopify orders export has no 'Total' column "
        "(columns found: 'Name', 'Email', 'Financial Status', 'Paid at', 'Currency', "
        "'Subtotal', 'Created at', 'Lineitem quantity', 'Lineitem name', 'Lineitem price', "
        "'Refunded Amount', 'Source'); export the orders again in Shopify admin"
    )
    assert "format='csv'" in message
    assert 'columns={"amount": "Subtotal"}' in message


def test_plain_table_read_as_shopify_names_every_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    path.write_text("order_id,timestamp,amount\nA,2026-08-04T01:40Z,5\n", encoding="utf-8")

    with pytest.raises(
        DataError, match="has no 'Name', 'Created at', 'Total', 'Financial Status' columns"
    ):
        cio.read_orders(path, format="shopify", currency="CNY")


# --- recognising the export ------------------------------------------------------------------


def test_sniff_knows_the_export_by_its_header() -> None:
    source = open_source(EXPORT)

    assert sniff_shopify(EXPORT.read_bytes()[:65536], source).ok
    assert choose_format("auto", source, "orders").format.name == "shopify"


@pytest.mark.parametrize(
    "head",
    [
        "\ufeffName,Email,Financial Status,Paid at\r\n",
        "sep=;\r\nName;Email;Financial Status;Lineitem name\r\n",
        "Created at;Name;Lineitem name;Financial Status;Total\n",
    ],
)
def test_sniff_accepts_a_resaved_export(head: str) -> None:
    assert sniff_shopify(head.encode("utf-8"), open_source(EXPORT)).ok


def test_sniff_says_why_another_file_is_not_an_export() -> None:
    fit = sniff_shopify(b"order_id,timestamp,amount\n", open_source(EXPORT))

    assert not fit.ok
    assert (
        fit.why == "no Shopify header ('Name,Email,Financial Status' or 'Lineitem name') at the top"
    )
    assert len(fit.why) < 80
