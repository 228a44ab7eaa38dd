"""Write the Excel fixtures of this folder, as a shop's point-of-sale system exports them.

Run from the repository root: ``python tests/data/exports/make_workbooks.py``. The
workbooks are committed; this script says exactly what is in them. Zip entries get a
fixed date and document properties a fixed time, so the bytes do not depend on when the
script runs.
"""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl

HERE = Path(__file__).parent


def local(text: str) -> datetime:
    """A naive local time, as an Excel date cell holds it."""
    return datetime.fromisoformat(text)


FIXED = local("2026-08-10 18:30")

HEADER = ["序号", "订单号", "下单时间", "订单来源", "付款方式", "订单金额", "状态", "备注"]
#: sheet rows 5-9 and 11 (row 10 is left blank, as when a cashier deletes a line);
#: 订单金额 mixes number cells and text cells with ¥/￥ and thousands separators
ROWS = [
    [1, "XS20260804001", local("2026-08-04 09:40"), "门店", "微信支付", 88, "已完成", None],
    [
        2,
        "XS20260804002",
        local("2026-08-04 10:15:30"),
        "小程序",
        "支付宝",
        "¥1,288.00",
        "已完成",
        None,
    ],
    [
        3,
        "XS20260804003",
        local("2026-08-04 11:05"),
        "门店",
        "现金",
        "￥66.00",
        "已退款",
        "顾客退货",
    ],
    [4, "XS20260804004", "2026/08/04 12:00", "美团", "美团", "1,050.00", "已完成", None],
    [5, "XS20260804005", local("2026-08-04 13:20"), "小程序", "微信支付", 199.5, "已取消", None],
    None,
    [
        6,
        "XS20260804006",
        local("2026-08-04 15:45:10"),
        "门店",
        "微信支付",
        "¥ 2,360.00",
        "已完成",
        "婚礼花艺",
    ],
]
TOTALS = ["合计", None, None, None, None, 5051.5, None, None]

XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def pos_sheet(sheet: openpyxl.worksheet.worksheet.Worksheet) -> None:
    """A title merged over the table, the export time, a blank row 3, then the table
    with its header on row 4 and a totals row (合计) under it.
    """
    sheet["A1"] = "花间花店 销售明细"
    sheet.merge_cells("A1:H1")
    sheet["A2"] = "导出时间："
    sheet["B2"] = FIXED
    sheet["B2"].number_format = "yyyy-mm-dd hh:mm"
    for column, name in enumerate(HEADER, start=1):
        sheet.cell(row=4, column=column, value=name)
    for offset, row in enumerate(ROWS):
        for column, value in enumerate(row or [], start=1):
            cell = sheet.cell(row=5 + offset, column=column, value=value)
            if isinstance(value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm:ss"
    for column, value in enumerate(TOTALS, start=1):
        sheet.cell(row=5 + len(ROWS), column=column, value=value)


def workbook() -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    book.properties.created = FIXED
    book.properties.modified = FIXED
    book.properties.creator = "claimstats tests"
    return book


def save(book: openpyxl.Workbook, path: Path, main_type: str = XLSX_MAIN) -> None:
    """Save with fixed zip dates; ``main_type`` marks a macro-enabled workbook."""
    book.save(path)
    with zipfile.ZipFile(path) as source:
        parts = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts:
            if name == "[Content_Types].xml":
                data = data.replace(XLSX_MAIN.encode(), main_type.encode())
            target.writestr(zipfile.ZipInfo(name, date_time=(2026, 8, 10, 18, 30, 0)), data)


def main() -> None:
    book = workbook()
    book.active.title = "销售明细"
    pos_sheet(book.active)
    save(book, HERE / "pos_sales_export.xlsx")
    save(book, HERE / "pos_sales_export.xlsm", XLSM_MAIN)

    book = workbook()
    book.active.title = "说明"  # an empty first sheet, as some exports leave
    pos_sheet(book.create_sheet("销售明细"))
    save(book, HERE / "pos_second_sheet.xlsx")


if __name__ == "__main__":
    main()
