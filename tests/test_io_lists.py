"""Tests of claimstats.io.lists: the hand-written lists (expenses, evidence, SLA tiers)."""

from __future__ import annotations

import json

import pytest

from claimstats.errors import FormatError
from claimstats.io.lists import read_list


def test_csv_and_json_lists_give_the_same_rows_with_their_lines(tmp_path):
    csv = tmp_path / "tiers.csv"
    csv.write_text("below_uptime_percent,credit_percent\n\n99.9,10\n99,25\n", encoding="utf-8")
    rows = [
        {"below_uptime_percent": 99.9, "credit_percent": 10},
        {"below_uptime_percent": 99, "credit_percent": 25},
    ]
    js = tmp_path / "tiers.json"
    js.write_text(json.dumps(rows), encoding="utf-8")
    source, table = read_list(csv, "an SLA schedule", "tiers")
    assert source.label == str(csv)
    assert table.frame.astype(float).to_dict("records") == rows
    assert table.lines.tolist() == [3, 4]  # the blank line 2 is skipped, lines as in the file
    _, from_json = read_list(js, "an SLA schedule", "tiers")
    assert from_json.frame.astype(float).to_dict("records") == rows


def test_another_format_is_refused_naming_the_list_and_what_to_do(tmp_path):
    path = tmp_path / "expenses.xlsx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(
        FormatError,
        match=r"expenses\.xlsx: an expense list is read from \.csv or \.json, not \.xlsx; save it as CSV or JSON",
    ):
        read_list(path, "an expense list", "expenses")
