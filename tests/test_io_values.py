"""Tests of claimstats.io.values: amounts as people write them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import claimstats.io as cio
from claimstats.errors import ConfigError, DataError
from claimstats.io.values import (
    currency_conflicts,
    describe_sign,
    parse_amounts,
    sign_currencies,
)

DATA = Path(__file__).parent / "data" / "exports"


def parsed(values: list[object], decimal: str = ".") -> list[float | None]:
    numbers = parse_amounts(pd.Series(values, dtype=object), decimal=decimal).numbers
    return [None if np.isnan(n) else float(n) for n in numbers]


# --- what is an amount ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("¥1,234.50", 1234.5),
        ("￥25.00", 25.0),
        ("$12.00", 12.0),
        ("CNY 25.00", 25.0),
        ("25.00 元", 25.0),
        ("25.00元", 25.0),
        ("HK$ 30", 30.0),
        ("US$1,000", 1000.0),
        ("$12.00 USD", 12.0),
        ("¥25.00元", 25.0),
        ("€12 EUR", 12.0),
        ("£7", 7.0),
        ("1'234.50", 1234.5),
        ("1’234.50", 1234.5),
        ("1 234 567.5", 1234567.5),
        ("1\u00a0234.50", 1234.5),
        ("1\u202f234.50", 1234.5),
        ("1,234,567.89", 1234567.89),
        ("12,34,567.00", 1234567.0),
        ("1,00,000", 100000.0),
        ("1,234", 1234.0),
        ("1.234", 1.234),
        (".5", 0.5),
        ("25.", 25.0),
        ("1e3", 1000.0),
        ("+3", 3.0),
        ("１２３．５０", 123.5),
        (" \u00a0¥ 88 ", 88.0),
    ],
)
def test_amounts_with_signs_codes_and_thousands_are_numbers(text: str, number: float) -> None:
    amounts = parse_amounts(pd.Series([text]))

    assert amounts.numbers.tolist() == [number]
    assert not amounts.not_number.any()
    assert not amounts.negative.any()


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1.234,50 €", 1234.5),
        ("1.234,50", 1234.5),
        ("1 250,00 €", 1250.0),
        ("1\u00a0250,00 €", 1250.0),
        ("€ 7,00", 7.0),
        ("12,5", 12.5),
        ("1,5", 1.5),
        ("1.234", 1234.0),
        ("1.234.567,89", 1234567.89),
        ("EUR 3,20", 3.2),
        ("3", 3.0),
    ],
)
def test_decimal_comma_reads_european_amounts(text: str, number: float) -> None:
    assert parsed([text], decimal=",") == [number]


@pytest.mark.parametrize(
    "text",
    [
        "1,5",  # 1.5 with a decimal comma, or a typo for 15
        "1.234,50",
        "1,234.5.6",
        "12 34",
        "1,2345",
        "12,34.00",
        "1.234.567",
        "abc",
        "USD",
        "¥",
        "$-",
        "XYZ 5",
        "€12 USD",
        "€9 元",
        "¥7$",
        "CNY 5 USD",
        "(12",
        "12)",
        "¥(3)",
        "++3",
        "--3",
        "nan",
        "¥12,",
    ],
)
def test_ambiguous_or_malformed_text_is_not_a_number(text: str) -> None:
    amounts = parse_amounts(pd.Series([text]))

    assert amounts.not_number.tolist() == [True]
    assert np.isnan(amounts.numbers).all()


@pytest.mark.parametrize(
    "text", ["1,234.50", "¥1,234.50", "1234.50", "12.5", "1 234.5.0", "$1'234.50"]
)
def test_decimal_comma_rejects_point_decimals(text: str) -> None:
    assert parse_amounts(pd.Series([text]), decimal=",").not_number.tolist() == [True]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("-12.00", -12.0),
        ("(12.00)", -12.0),
        ("\u221212.00", -12.0),
        ("¥-3", -3.0),
        ("-¥3", -3.0),
        ("- 3", -3.0),
        ("(¥1,234.50)", -1234.5),
        ("(€3)", -3.0),
        ("-€3", -3.0),
        ("（12.00）", -12.0),
        ("－12", -12.0),
    ],
)
def test_minus_signs_and_parentheses_make_negative_amounts(text: str, number: float) -> None:
    amounts = parse_amounts(pd.Series([text]))

    assert amounts.numbers.tolist() == [number]
    assert amounts.negative.tolist() == [True]
    assert amounts.not_number.tolist() == [False]


def test_infinite_text_is_not_finite_and_blank_is_missing() -> None:
    amounts = parse_amounts(pd.Series(["inf", "-Infinity", "", "  ", None], dtype=object))

    assert amounts.not_finite.tolist() == [True, True, False, False, False]
    assert amounts.missing.tolist() == [False, False, True, True, True]
    assert amounts.not_number.tolist() == [False] * 5
    assert amounts.negative.tolist() == [False] * 5


# --- the currency a sign names ----------------------------------------------------------


def test_signs_and_codes_that_name_one_currency_are_reported() -> None:
    values = ["€3", "1.234,50 €", "CNY 25", "cny 5", "RMB 5", "25 USD", "£7", "HK$ 30", "NT$ 9"]
    shared = ["¥25", "￥25", "$12", "25元", "kr 12", "12", ""]

    eur = parse_amounts(pd.Series(values[1:2]), decimal=",").currency.tolist()
    named = parse_amounts(pd.Series(values[:1] + values[2:])).currency.tolist()
    unnamed = parse_amounts(pd.Series(shared)).currency.tolist()

    assert eur == ["EUR"]
    assert named == ["EUR", "CNY", "CNY", "CNY", "USD", "GBP", "HKD", "TWD"]
    assert unnamed == [None] * len(shared)


def test_a_sign_that_is_not_read_names_no_currency() -> None:
    amounts = parse_amounts(pd.Series(["€1,5", "€12 USD", "EUR"]))

    assert amounts.currency.tolist() == [None, None, None]
    assert amounts.not_number.tolist() == [True, True, True]


def test_each_amount_keeps_the_sign_or_code_written_with_it() -> None:
    values = ["$113.00", "￥5", "¥25.00元", "25元", "(US$3)", "$12.00 usd", "CN¥ 30", "rmb 5"]
    values += ["S$ 4", "12", "", "abc", "-€2"]

    amounts = parse_amounts(pd.Series(values))

    assert amounts.sign.tolist() == [
        "$", "¥", "¥", "元", "US$", "USD", "CN¥", "RMB", "S$", None, None, None, "€",
    ]  # fmt: skip
    assert amounts.currency.tolist()[4:9] == ["USD", "USD", "CNY", "CNY", "SGD"]


@pytest.mark.parametrize("text", ["$12 CNY", "¥5 USD", "€5 CNY", "元5 EUR"])
def test_a_sign_and_a_code_of_different_currencies_are_not_an_amount(text: str) -> None:
    amounts = parse_amounts(pd.Series([text]))

    assert amounts.not_number.tolist() == [True]
    assert amounts.sign.tolist() == [None]


@pytest.mark.parametrize(
    ("sign", "agrees", "disagrees"),
    [
        ("$", ["USD", "CAD", "HKD", "MXN"], ["CNY", "EUR", "JPY"]),
        ("US$", ["USD"], ["CAD", "CNY"]),
        ("USD", ["USD"], ["CNY"]),
        ("¥", ["CNY", "JPY"], ["USD", "EUR"]),
        ("元", ["CNY"], ["USD", "JPY"]),
        ("RMB", ["CNY"], ["JPY"]),
        ("CN¥", ["CNY"], ["JPY"]),
        ("€", ["EUR"], ["CNY", "USD"]),
        ("EUR", ["EUR"], ["CNY"]),
        ("£", ["GBP"], ["EUR"]),
        ("HK$", ["HKD"], ["USD"]),
        ("NT$", ["TWD"], ["USD"]),
        ("S$", ["SGD"], ["USD"]),
    ],
)
def test_a_sign_agrees_with_the_currencies_it_may_stand_for(
    sign: str, agrees: list[str], disagrees: list[str]
) -> None:
    currencies = pd.Series(agrees + disagrees)
    signs = np.array([sign] * len(currencies), dtype=object)

    conflicts = currency_conflicts(signs, currencies)

    assert [(s, c) for s, c, _ in conflicts] == [(sign, c) for c in disagrees]
    assert [rows.tolist() for _, _, rows in conflicts] == [
        [len(agrees) + i] for i in range(len(disagrees))
    ]
    assert set(agrees) <= set(sign_currencies(sign))


def test_rows_without_a_sign_or_a_known_currency_are_not_compared() -> None:
    signs = np.array(["$", None, "$", "€", "$"], dtype=object)
    currencies = pd.Series(["CNY", "CNY", None, "EURO", "CNY"], index=[5, 4, 3, 2, 1])

    assert [(s, c, r.tolist()) for s, c, r in currency_conflicts(signs, currencies)] == [
        ("$", "CNY", [0, 4])
    ]


def test_signs_are_described_in_words() -> None:
    assert describe_sign("$") == "dollars or pesos"
    assert describe_sign("US$") == "US dollars"
    assert describe_sign("¥") == "yuan or yen"
    assert describe_sign("€") == "euros"
    assert describe_sign("HK$") == "Hong Kong dollars"


# --- numbers and mixed cells ------------------------------------------------------------


def test_numbers_pass_through_whatever_the_decimal_mark() -> None:
    for decimal in (".", ","):
        assert parsed([1234.5, 3, np.int64(7), Decimal("2.25")], decimal) == [1234.5, 3, 7, 2.25]
    floats = parse_amounts(pd.Series([1.5, np.nan, -2.0]))
    assert floats.numbers[[0, 2]].tolist() == [1.5, -2.0]
    assert floats.missing.tolist() == [False, True, False]
    assert floats.negative.tolist() == [False, False, True]


def test_excel_columns_mix_number_cells_and_text_cells() -> None:
    cells = pd.Series([88, "¥1,288.00", "￥66.00", None, 199.5, True, datetime(2026, 8, 4)])  # noqa: DTZ001

    amounts = parse_amounts(cells)

    assert amounts.numbers[[0, 1, 2, 4]].tolist() == [88.0, 1288.0, 66.0, 199.5]
    assert amounts.missing.tolist() == [False, False, False, True, False, False, False]
    # true/false and date cells are not amounts
    assert amounts.not_number.tolist() == [False, False, False, False, False, True, True]


def test_other_dtypes_are_read_as_text() -> None:
    assert parse_amounts(pd.Series(["¥5", "7"], dtype="category")).numbers.tolist() == [5.0, 7.0]
    assert parse_amounts(pd.Series([1, None], dtype="Int64")).missing.tolist() == [False, True]
    assert parse_amounts(pd.Series([True, False])).not_number.tolist() == [True, True]


def test_input_is_not_modified_and_its_index_is_ignored() -> None:
    values = pd.Series(["¥1,234.50", "(3)"], index=[10, 20], dtype="str")
    before = values.copy()

    amounts = parse_amounts(values)

    assert amounts.numbers.tolist() == [1234.5, -3.0]
    pd.testing.assert_series_equal(values, before)


def test_each_distinct_text_is_parsed_once_and_mapped_back_to_every_row() -> None:
    values = pd.Series(["¥1,234.50", "1,5", "¥1,234.50", None, "1,5", "€2"] * 1000)

    amounts = parse_amounts(values)

    assert amounts.numbers[[0, 2, 5]].tolist() == [1234.5, 1234.5, 2.0]
    assert np.nansum(amounts.numbers) == pytest.approx((1234.5 * 2 + 2) * 1000)
    assert int(amounts.not_number.sum()) == 2000
    assert int(amounts.missing.sum()) == 1000
    assert amounts.currency[5::6].tolist() == ["EUR"] * 1000


def test_unknown_decimal_mark_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r'decimal must be "\." \(1,234\.50\) or ","'):
        parse_amounts(pd.Series(["1"]), decimal=";")


# --- properties ---------------------------------------------------------------------------


def _written(cents: int, style: str) -> str:
    """An amount in cents written as a person would, in one of several styles."""
    units, rest = divmod(cents, 100)
    grouped = f"{units:,}"
    return {
        "plain": f"{units}.{rest:02d}",
        "yuan": f"¥{grouped}.{rest:02d}",
        "code": f"CNY {grouped}.{rest:02d}",
        "swiss": f"{grouped.replace(',', chr(39))}.{rest:02d} CHF",
        "euro": f"{grouped.replace(',', '.')},{rest:02d} €",
        "spaced": f"{grouped.replace(',', chr(0xA0))},{rest:02d}",
    }[style]


@settings(max_examples=200, deadline=None)
@given(
    cents=st.integers(min_value=0, max_value=10**12),
    style=st.sampled_from(["plain", "yuan", "code", "swiss", "euro", "spaced"]),
    negative=st.booleans(),
)
def test_written_amounts_read_back_exactly(cents: int, style: str, negative: bool) -> None:
    text = _written(cents, style)
    if negative:
        text = f"({text})"
    decimal = "," if style in ("euro", "spaced") else "."

    amounts = parse_amounts(pd.Series([text]), decimal=decimal)

    sign = -1 if negative else 1
    assert amounts.numbers.tolist() == [sign * cents / 100]
    assert amounts.negative.tolist() == [negative and cents > 0]


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=12))
def test_any_text_gives_a_number_or_a_reason(text: str) -> None:
    amounts = parse_amounts(pd.Series([text]))

    reasons = amounts.missing | amounts.not_number | amounts.not_finite
    assert reasons.tolist() == [bool(np.isnan(amounts.numbers[0]) or np.isinf(amounts.numbers[0]))]


# --- through read_orders ------------------------------------------------------------------


def test_european_csv_reads_with_decimal_comma() -> None:
    orders = cio.read_orders(DATA / "orders_european.csv", tz="Europe/Berlin", decimal=",")

    assert orders["order_id"].tolist() == ["B-1001", "B-1002", "B-1003", "B-1004", "B-1005"]
    assert orders["amount"].tolist() == [1234.5, 89.9, 1250.0, 12.5, 7.0]
    assert orders["amount"].sum() == pytest.approx(2593.9)
    assert orders["currency"].tolist() == ["EUR"] * 5
    assert orders["status"].tolist() == [
        "completed",
        "completed",
        "refunded",
        "completed",
        "cancelled",
    ]
    assert orders["timestamp"].tolist() == [
        pd.Timestamp(t, tz="UTC")
        for t in (
            "2026-08-04 07:40",
            "2026-08-04 08:15",
            "2026-08-04 09:05",
            "2026-08-04 10:30",
            "2026-08-04 11:45",
        )
    ]
    prov = cio.provenance(orders)
    assert (prov.format, prov.rows_read, prov.rows_kept, prov.encoding) == (
        "generic-csv",
        5,
        5,
        "utf-8-sig",
    )


def test_european_csv_with_decimal_point_says_to_pass_decimal_comma() -> None:
    with pytest.raises(DataError) as info:
        cio.read_orders(DATA / "orders_european.csv", tz="Europe/Berlin")

    (problem,) = info.value.problems
    assert problem.column == "total"
    assert problem.lines == [2, 3, 4, 5, 6]
    assert problem.values == ["1.234,50 €", "89,90 €", "1\u00a0250,00 €"]  # noqa: PD011
    assert "lines 2, 3, 4, 5, 6, column 'total': not an amount" in str(info.value)
    assert "(if ',' is your decimal mark, pass decimal=\",\")" in str(info.value)


def test_written_amounts_through_read_orders(tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    path.write_text(
        "order_id,timestamp,amount,currency\n"
        'A,2026-08-04T01:40Z,"¥1,234.50",CNY\n'
        "B,2026-08-04T01:41Z,25.00 元,CNY\n"
        'C,2026-08-04T01:42Z,"CNY 1,000",CNY\n'
        "D,2026-08-04T01:43Z,(12.00),CNY\n"
        "E,2026-08-04T01:44Z,\u221212.00,CNY\n",
        encoding="utf-8",
    )

    orders = cio.read_orders(path, on_error="reject")

    assert orders["amount"].tolist() == [1234.5, 25.0, 1000.0]
    rejected = cio.provenance(orders).rejected
    assert [(r.line, r.value) for r in rejected] == [(5, "(12.00)"), (6, "\u221212.00")]
    assert {r.reason for r in rejected} == {
        'negative amount; record a refund as a positive amount with status "refunded"'
    }


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cents=st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=20))
def test_no_row_is_lost_with_written_amounts(tmp_path: Path, cents: list[int]) -> None:
    texts = [_written(c, "yuan") if i % 3 else "1,5" for i, c in enumerate(cents)]
    rows = "".join(f'O{i},2026-08-04T00:00Z,"{t}",CNY\n' for i, t in enumerate(texts))
    path = tmp_path / "orders.csv"
    path.write_text("order_id,timestamp,amount,currency\n" + rows, encoding="utf-8")

    orders = cio.read_orders(path, on_error="reject")

    prov = cio.provenance(orders)
    assert prov.rows_kept + prov.rows_rejected == prov.rows_read == len(cents)
    assert orders["amount"].tolist() == [c / 100 for i, c in enumerate(cents) if i % 3]
    assert sorted(r.line for r in prov.rejected) == [i + 2 for i in range(len(cents)) if i % 3 == 0]
