"""Tests of claimstats.io.csvfile: delimiters, line ends and line numbers of CSV files."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import claimstats.io as cio
from claimstats.errors import DataError, FormatError
from claimstats.io.csvfile import read_csv, read_delimited, sniff_delimiter, unify_line_ends
from claimstats.io.options import ReadOptions
from claimstats.io.sources import Source, open_source

SHANGHAI = "Asia/Shanghai"
HEADER = ["order_id", "timestamp", "amount", "currency", "customer"]
ROWS = [
    ["A1", "2026-08-04 09:40", "25.00", "CNY", "Ann"],
    ["A2", "2026-08-04 10:15", "12.50", "CNY", "Bo, Jr."],
]


def write(tmp_path: Path, text: str, name: str = "orders.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def table(tmp_path: Path, text: str):
    return read_csv(open_source(write(tmp_path, text)), ReadOptions("orders"))


def dialect(delimiter: str, newline: str = "\n", trailing: str = "") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    for row in [HEADER, *ROWS]:
        writer.writerow(row + ([""] if trailing else []))
    return buffer.getvalue()


# --- delimiters ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "rows", "expected"),
    [
        ("id,amount", ["A1,5"], ","),
        ("id;amount", ["A1;12,50"], ";"),
        ("id\tamount", ["A1\t5"], "\t"),
        ("id|amount|note", ["A1|5|a, b; c"], "|"),
        ('"id;x",amount', ['"A;1",5'], ","),
        ("Kunde;Betrag (EUR, brutto)", ["Jürgen;12,50", "Zoë;3,00"], ";"),
        ("amount, CNY\tid", ["5\tA1", "6\tA2"], "\t"),
        ("note", ["late, sorry", "ok; fine"], "\t"),
        ("a,b;c", ["1,2;3", "4,5;6"], ","),
        ("a,b,c", ["1,2,3,", "4,5,6,"], ","),
    ],
)
def test_sniff_delimiter_uses_the_header_and_the_rows(
    header: str, rows: list[str], expected: str
) -> None:
    assert sniff_delimiter(header, rows) == expected


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_every_delimiter_gives_the_same_orders(tmp_path: Path, delimiter: str) -> None:
    orders = cio.read_orders(write(tmp_path, dialect(delimiter)), tz=SHANGHAI)

    assert orders["order_id"].tolist() == ["A1", "A2"]
    assert orders["amount"].tolist() == [25.0, 12.5]
    assert orders["customer"].tolist() == ["Ann", "Bo, Jr."]
    assert [str(t) for t in orders["timestamp"]] == [
        "2026-08-04 01:40:00+00:00",
        "2026-08-04 02:15:00+00:00",
    ]


def test_quoted_fields_may_hold_the_delimiter(tmp_path: Path) -> None:
    text = '"order;id";amount;note\n"A;1";5;"x; y"\nA2;6;"say ""hi""; bye"\n'

    raw = table(tmp_path, text)

    assert raw.frame.to_dict("list") == {
        "order;id": ["A;1", "A2"],
        "amount": ["5", "6"],
        "note": ["x; y", 'say "hi"; bye'],
    }


def test_header_of_one_name_is_one_column_whatever_the_rows_hold(tmp_path: Path) -> None:
    raw = table(tmp_path, "note\nlate, sorry\nok; fine, thanks\n")

    assert raw.frame.to_dict("list") == {"note": ["late, sorry", "ok; fine, thanks"]}
    assert raw.lines.tolist() == [2, 3]


def test_rows_decide_between_delimiters_the_header_holds_alike(tmp_path: Path) -> None:
    raw = table(tmp_path, "id;Betrag (EUR, brutto)\nA1;12,50\nA2;3,00\n")

    assert raw.frame.to_dict("list") == {
        "id": ["A1", "A2"],
        "Betrag (EUR, brutto)": ["12,50", "3,00"],
    }


# --- Excel's sep= line ------------------------------------------------------------------


def test_excel_sep_line_is_skipped_and_counted(tmp_path: Path) -> None:
    text = "\ufeffsep=;\r\nid;time;amount\r\nA1;2026-08-04T01:40Z;5\r\nA2;2026-08-04T01:41Z;x\r\n"
    path = write(tmp_path, text)

    with pytest.raises(DataError) as info:
        cio.read_orders(path, currency="CNY")
    raw = read_csv(open_source(path), ReadOptions("orders"))

    assert info.value.lines == [4]
    assert raw.lines.tolist() == [3, 4]
    assert raw.encoding == "utf-8-sig"


def test_excel_sep_line_names_the_delimiter(tmp_path: Path) -> None:
    raw = table(tmp_path, "sep=,\na;b,c\n1;2,3\n")

    assert raw.frame.to_dict("list") == {"a;b": ["1;2"], "c": ["3"]}
    assert raw.lines.tolist() == [3]


# --- line ends and line numbers -----------------------------------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_numbers_are_the_same_for_every_line_end(tmp_path: Path, newline: str) -> None:
    lines = ["", "id,note,amount", 'A1,"two', 'lines",5', "", "A2,plain,x", "A3,last,7"]
    path = write(tmp_path, newline.join(lines) + newline)

    raw = read_csv(open_source(path), ReadOptions("orders"))
    with pytest.raises(DataError) as info:
        cio.read_orders(path, currency="CNY", columns={"timestamp": "note"})

    assert raw.lines.tolist() == [3, 6, 7]
    inside = "\r\n" if newline == "\r\n" else "\n"  # CRLF in a quoted value is kept
    assert raw.frame["note"].tolist() == [f"two{inside}lines", "plain", "last"]
    assert 6 in info.value.lines  # "x" is not an amount, on line 6 whatever the line end


def test_unify_line_ends_keeps_lf_text_as_it_is() -> None:
    text = "a\nb\n"

    assert unify_line_ends(text) is text


# --- trailing delimiters and ragged rows -------------------------------------------------


def test_trailing_delimiter_on_every_line_adds_no_column(tmp_path: Path) -> None:
    raw = table(tmp_path, dialect(";", "\r\n", trailing=";"))

    assert list(raw.frame.columns) == HEADER
    assert raw.frame["customer"].tolist() == ["Ann", "Bo, Jr."]


@pytest.mark.parametrize("rows", ["A1,5,\nA2,6,\n", "A1,5,\nA2,6\n", "A1,5\nA2,6,,\n"])
def test_trailing_delimiter_on_rows_only_is_allowed(tmp_path: Path, rows: str) -> None:
    raw = table(tmp_path, "id,amount\n" + rows)

    assert raw.frame.to_dict("list") == {"id": ["A1", "A2"], "amount": ["5", "6"]}
    assert raw.lines.tolist() == [2, 3]


def test_extra_values_name_their_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "id,amount\nA1,5,oops\n\nA2,6\nA3,7,,x\n")

    with pytest.raises(FormatError) as info:
        read_csv(open_source(path), ReadOptions("orders"))

    assert str(info.value) == (
        f"{path}: lines 2, 5 have more fields than the header (line 1, split by comma); "
        "check those lines for an extra comma or an unclosed quote"
    )


def test_extra_values_after_a_pipe_name_the_pipe(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match=r"line 3 has more .*split by pipe.*an extra pipe"):
        table(tmp_path, "id|amount\nA1|5\nA2|6|x|y\n")


def test_unclosed_quote_names_the_line_it_opens_on(tmp_path: Path) -> None:
    path = write(tmp_path, 'id,note\nA1,fine\nA2,"never closed\nA3,lost\n')

    with pytest.raises(FormatError) as info:
        read_csv(open_source(path), ReadOptions("orders"))

    assert str(info.value) == (
        f'{path}: line 3 opens a quote (") that is never closed, so the rest of the file '
        "would be one value; close the quote or remove it"
    )


def test_unclosed_quote_in_the_header_names_the_header_line(tmp_path: Path) -> None:
    path = write(tmp_path, '\nid,"note\nA1,x\nA2,y\n')

    with pytest.raises(FormatError, match=r"the header on line 2 opens a quote \(\"\) that is not"):
        read_csv(open_source(path), ReadOptions("orders"))


def test_header_without_rows_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"has column names \('id', 'amount'\) but no data rows"):
        table(tmp_path, "sep=,\n\nid,amount\n,\n")


def test_sep_line_alone_is_an_empty_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="the file is empty"):
        table(tmp_path, "sep=;\n\n")


def test_read_delimited_numbers_lines_from_where_the_block_starts() -> None:
    raw = read_delimited("id,amount\n\nA1,5\n", Source("bill.csv", "bill.csv"), "x", first_line=17)

    assert raw.lines.tolist() == [19]
    assert raw.format == "x"


# --- round trip: any table written in any dialect reads back, line for line ------------

_VALUE = st.text(alphabet='ab 1,;|\t"\n中é', max_size=6)


@st.composite
def written_tables(draw: st.DrawFn) -> tuple[str, list[str], list[list[str]], list[int]]:
    width = draw(st.integers(1, 4))
    names = draw(
        st.lists(
            st.from_regex(r"[a-z]{1,5}", fullmatch=True),
            min_size=width,
            max_size=width,
            unique=True,
        )
    )
    rows = [
        [f"R{i}", *draw(st.lists(_VALUE, min_size=width - 1, max_size=width - 1))]
        for i in range(draw(st.integers(1, 6)))
    ]
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    trailing = draw(st.sampled_from(["none", "all", "rows"]))
    sep_line = draw(st.booleans())
    blanks = draw(st.lists(st.integers(0, 2), min_size=len(rows) + 1, max_size=len(rows) + 1))

    def record(fields: list[str]) -> str:
        quoted = [
            '"' + f.replace('"', '""') + '"' if any(c in f for c in (delimiter, '"', "\n")) else f
            for f in fields
        ]
        return delimiter.join(quoted) + newline

    parts = [f"sep={delimiter}{newline}"] if sep_line else []
    parts.append(newline * blanks[0])
    parts.append(record(names + ([""] if trailing == "all" else [])))
    line = 1 + sep_line + blanks[0] + 1
    lines = []
    for row, blank in zip(rows, blanks[1:], strict=True):
        lines.append(line)
        parts.append(record(row + ([""] if trailing != "none" else [])))
        parts.append(newline * blank)
        line += 1 + sum(value.count("\n") for value in row) + blank
    return "".join(parts), names, rows, lines


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(written=written_tables())
def test_any_dialect_reads_back_every_value_on_its_line(
    tmp_path: Path, written: tuple[str, list[str], list[list[str]], list[int]]
) -> None:
    text, names, rows, lines = written

    raw = table(tmp_path, text)

    expected = pd.DataFrame(rows, columns=names, dtype="str")
    assert raw.frame.to_dict("list") == expected.to_dict("list")
    assert raw.lines.tolist() == lines
