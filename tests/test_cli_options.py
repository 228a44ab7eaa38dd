"""The mapping options shared by the commands: --orders-columns, --outages-columns, --status-map."""

from __future__ import annotations

import argparse

import pytest

from claimstats.cli.options import add_mapping_options, parse_pairs


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        ("timestamp=Order Date", {"timestamp": "Order Date"}),
        (
            "timestamp=Order Date,amount=Total (RMB),channel=Source",
            {"timestamp": "Order Date", "amount": "Total (RMB)", "channel": "Source"},
        ),
        (" paid = completed , void=cancelled ", {"paid": "completed", "void": "cancelled"}),
        ("amount=Total, RMB,status=State", {"amount": "Total, RMB", "status": "State"}),
        ("timestamp=下单时间,amount=订单金额", {"timestamp": "下单时间", "amount": "订单金额"}),
    ],
)
def test_pairs_are_split_at_commas_that_start_another_pair(text, pairs):
    assert parse_pairs(text) == pairs


@pytest.mark.parametrize("text", ["timestamp", "timestamp=", "=Order Date", ""])
def test_a_part_that_is_not_name_value_is_refused_with_an_example(text):
    with pytest.raises(ValueError, match=r"is not name=value; write e\.g\. 'timestamp=Order Date"):
        parse_pairs(text)


def test_the_options_parse_to_mappings_and_a_bad_one_is_a_usage_error_naming_the_flag(capsys):
    parser = argparse.ArgumentParser(prog="claimstats report")
    add_mapping_options(parser, ("orders", "outages"))
    args = parser.parse_args(
        ["--outages-columns", "start=Began,end=Fixed", "--status-map", "paid=completed"]
    )
    assert args.outages_columns == {"start": "Began", "end": "Fixed"}
    assert args.status_map == {"paid": "completed"}
    assert args.orders_columns is None
    with pytest.raises(SystemExit):
        parser.parse_args(["--orders-columns", "Order Date"])
    assert "argument --orders-columns: 'Order Date' is not name=value" in capsys.readouterr().err


def test_a_single_file_command_has_columns_without_a_file_name():
    parser = argparse.ArgumentParser()
    add_mapping_options(parser, ("",))
    assert parser.parse_args(["--columns", "timestamp=When"]).columns == {"timestamp": "When"}
