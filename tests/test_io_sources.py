"""Tests of claimstats.io.sources: decoding text files, detecting their encoding."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

import claimstats.io as cio
from claimstats.errors import ConfigError, FormatError
from claimstats.io.jsonfile import read_json
from claimstats.io.options import ReadOptions
from claimstats.io.sources import (
    check_encoding,
    decode_file,
    open_source,
    sniff_text,
)

WALLETS = Path(__file__).parent / "data" / "wallets"
SHANGHAI = "Asia/Shanghai"
ORDERS = "order_id,timestamp,amount,currency\nA1,2026-08-04 09:40,25.00,CNY\n"


def decode(tmp_path: Path, data: bytes, encoding: str | None = None) -> tuple[str, str]:
    path = tmp_path / "orders.csv"
    path.write_bytes(data)
    return decode_file(open_source(path), encoding=encoding)


# --- detection --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ORDERS.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + ORDERS.encode("utf-8"), "utf-8-sig"),
        (ORDERS.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + ORDERS.encode("utf-16-be"), "utf-16"),
        (ORDERS.encode("utf-32"), "utf-32"),
    ],
)
def test_unicode_text_is_detected_by_its_byte_order_mark(
    tmp_path: Path, data: bytes, encoding: str
) -> None:
    assert decode(tmp_path, data) == (ORDERS, encoding)


def test_gbk_text_is_read_as_gb18030(tmp_path: Path) -> None:
    text = "交易号,金额（元）,交易对方\n2026080422001,25.00,张三\n"

    assert decode(tmp_path, text.encode("gbk")) == (text, "gb18030")


def test_gb18030_text_with_a_character_outside_gbk_is_read(tmp_path: Path) -> None:
    text = "交易对方,金额\n𠮷野家(中关村店),68.00\n"
    with pytest.raises(UnicodeEncodeError):
        text.encode("gbk")

    assert decode(tmp_path, text.encode("gb18030")) == (text, "gb18030")


def test_latin1_text_is_not_misread_as_gb18030(tmp_path: Path) -> None:
    data = (WALLETS / "latin1_orders.csv").read_bytes()
    assert "M黮ler" in data.decode("gb18030")  # the bytes are valid GB18030: mojibake

    with pytest.raises(FormatError) as info:
        decode(tmp_path, data)

    assert str(info.value) == (
        f"{tmp_path / 'orders.csv'}: line 2 is not valid UTF-8 text (byte 0xfc at offset "
        "112), nor Chinese GBK/GB18030 text; it is probably Latin-1 or cp1252: pass "
        'encoding="cp1252" (or "gb18030" if it holds Chinese text, or the encoding it was '
        "saved in), or save the file as UTF-8 (in Excel: Save As > CSV UTF-8)"
    )
    assert isinstance(info.value.__cause__, UnicodeDecodeError)


def test_cp1252_text_that_is_not_gb18030_either_names_its_line(tmp_path: Path) -> None:
    data = "id,customer\r\nA1,Zoë\r\nA2,José\r\n".encode("cp1252")

    with pytest.raises(FormatError, match=r"line 2 is not valid UTF-8 text \(byte 0xeb"):
        decode(tmp_path, data)


def test_line_numbers_count_old_mac_line_ends(tmp_path: Path) -> None:
    data = "id,customer\rA1,Ann\rA2,Zoë\r".encode("latin-1")

    with pytest.raises(FormatError, match="line 3 is not valid UTF-8 text"):
        decode(tmp_path, data)


def test_latin1_fixture_reads_with_the_encoding_named() -> None:
    orders = cio.read_orders(WALLETS / "latin1_orders.csv", encoding="cp1252")

    assert orders["customer"].tolist() == ["Müller", "Sánchez", "Françoise Gómez"]
    assert orders["amount"].sum() == 50.5
    assert cio.provenance(orders).encoding == "cp1252"


def test_utf16_fixture_from_excel_is_read() -> None:
    orders = cio.read_orders(WALLETS / "utf16_orders.csv", tz=SHANGHAI)

    assert orders["order_id"].tolist() == ["W1", "W2"]
    assert orders["customer"].tolist() == ["张三", "李四"]
    assert orders["status"].tolist() == ["completed", "completed"]
    assert [str(t) for t in orders["timestamp"]] == [
        "2026-08-04 01:40:00+00:00",
        "2026-08-04 02:00:00+00:00",
    ]
    prov = cio.provenance(orders)
    assert (prov.encoding, prov.format, prov.rows_kept) == ("utf-16", "generic-csv", 2)


def test_gbk_csv_is_read_end_to_end_and_its_encoding_recorded(tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    path.write_bytes("时间,金额,客户\n2026-08-04 09:40,5,张三\n".encode("gbk"))

    orders = cio.read_orders(path, tz=SHANGHAI, currency="CNY")

    assert orders["customer"].tolist() == ["张三"]
    assert str(orders["timestamp"].iloc[0]) == "2026-08-04 01:40:00+00:00"
    assert cio.provenance(orders).encoding == "gb18030"


def test_utf16_without_byte_order_mark_suggests_the_encoding(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match=r'contains NUL bytes.*encoding="utf-16-le"'):
        decode(tmp_path, ORDERS.encode("utf-16-le"))

    assert decode(tmp_path, ORDERS.encode("utf-16-le"), "utf-16-le") == (ORDERS, "utf-16-le")


def test_a_workbook_is_not_decoded_even_with_an_encoding(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="looks like an Excel workbook"):
        decode(tmp_path, b"PK\x03\x04rest", "cp1252")


# --- an encoding named by the user -----------------------------------------------------


def test_named_encoding_decodes_strictly_and_names_the_line(tmp_path: Path) -> None:
    data = "id,customer\n\nA1,张三\n".encode()

    with pytest.raises(FormatError) as info:
        decode(tmp_path, data, "ascii")

    assert str(info.value) == (
        f"{tmp_path / 'orders.csv'}: line 3 is not valid ascii text (byte 0xe5 at offset "
        "16), but encoding='ascii' was given; check the file's encoding (or pass "
        "encoding=None to detect it), or save the file as UTF-8"
    )


def test_named_utf16_error_counts_lines_in_utf16(tmp_path: Path) -> None:
    data = "id\nA1\nA2\n".encode("utf-16") + b"\x00"  # an odd byte at the end

    with pytest.raises(FormatError, match="line 4 is not valid utf-16 text"):
        decode(tmp_path, data, "utf-16")


def test_named_utf8_drops_a_byte_order_mark(tmp_path: Path) -> None:
    assert decode(tmp_path, codecs.BOM_UTF8 + b"id\n", "UTF8") == ("id\n", "utf-8-sig")


def test_named_gbk_reads_gbk(tmp_path: Path) -> None:
    assert decode(tmp_path, "金额\n".encode("gbk"), "GBK") == ("金额\n", "gbk")


@pytest.mark.parametrize("encoding", ["no-such-codec", "base64", 8])
def test_unknown_encoding_is_a_config_error(tmp_path: Path, encoding: object) -> None:
    path = tmp_path / "orders.csv"
    path.write_text(ORDERS, encoding="utf-8")

    with pytest.raises(ConfigError, match=r"unknown text encoding .*pass a Python codec name"):
        cio.read_orders(path, tz=SHANGHAI, encoding=encoding)  # type: ignore[arg-type]


def test_check_encoding_returns_the_codec_name() -> None:
    assert check_encoding("UTF-16LE") == "utf-16-le"
    assert check_encoding("cp936") == "gbk"


# --- JSON passes the encoding on ---------------------------------------------------------


def test_json_records_its_encoding_and_takes_the_users(tmp_path: Path) -> None:
    path = tmp_path / "orders.json"
    record = {"id": "A1", "time": "2026-08-04T01:40Z", "amount": 5, "customer": "Zoë"}
    path.write_bytes(json.dumps([record], ensure_ascii=False).encode("cp1252"))

    with pytest.raises(FormatError, match='pass encoding="cp1252"'):
        read_json(open_source(path), ReadOptions("orders"))
    table = read_json(open_source(path), ReadOptions("orders", encoding="cp1252"))
    orders = cio.read_orders(path, currency="EUR", encoding="cp1252")

    assert table.encoding == "cp1252"
    assert orders["customer"].tolist() == ["Zoë"]
    assert cio.provenance(orders).encoding == "cp1252"


# --- content tests see text whatever the encoding ----------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gbk", "gb18030"])
def test_sniff_text_decodes_every_encoding_of_a_bill(encoding: str) -> None:
    text = "支付宝交易记录明细查询\n账号:[shop@example.com]\n"

    assert sniff_text(text.encode(encoding)) == text


def test_sniff_text_never_raises_on_cut_or_binary_bytes() -> None:
    cut = "微信支付账单明细列表".encode()[:-2]

    assert sniff_text(cut) == "微信支付账单明细列"
    assert isinstance(sniff_text(bytes(range(256))), str)
