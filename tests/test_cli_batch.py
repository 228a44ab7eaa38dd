"""The ``claimstats batch`` command: one row per merchant, as estimate_loss_batch gives them,
to Parquet or CSV, never over an existing file unless asked, never over an input."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from claimstats.cli import main
from claimstats.datasets import make_platform
from claimstats.engines import BATCH_COLUMNS, estimate_loss_batch, rounded_results

MERCHANTS = [f"M0000{i}" for i in range(1, 7)]


@pytest.fixture(scope="module")
def platform():
    return make_platform(merchants=6, weeks=5, orders_per_week=300, seed=7)


@pytest.fixture(scope="module")
def inputs(platform, tmp_path_factory) -> Path:
    orders, outage = platform
    folder = tmp_path_factory.mktemp("batch-inputs")
    orders.to_parquet(folder / "orders.parquet", index=False)
    outage.assign(service="WhatsApp").to_csv(folder / "outages.csv", index=False)
    return folder


@pytest.fixture(scope="module")
def expected(platform, inputs) -> pd.DataFrame:
    """The batch's results as the command writes them: numbers rounded for what they are."""
    return rounded_results(
        estimate_loss_batch(
            str(inputs / "orders.parquet"), platform[1], channel="whatsapp", progress=False
        )
    )


def batch_args(inputs: Path, out: Path, *extra: str, orders: str | None = None) -> list[str]:
    return [
        "batch",
        "--orders",
        orders or str(inputs / "orders.parquet"),
        "--outages",
        str(inputs / "outages.csv"),
        "--by",
        "merchant_id",
        "--channel",
        "whatsapp",
        "--out",
        str(out),
        "--no-progress",
        *extra,
    ]


def one_error_line(capsys) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("claimstats: error: ")
    assert captured.out == ""
    return lines[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_outages_file_is_a_list_of_intervals(inputs):
    text = (inputs / "outages.csv").read_text(encoding="utf-8")
    assert text == (
        "start,end,service\n2026-06-01 10:00:00+00:00,2026-06-01 14:00:00+00:00,WhatsApp\n"
    )


def test_batch_writes_one_row_per_merchant_to_parquet(inputs, expected, tmp_path, capsys):
    out = tmp_path / "results.parquet"
    assert main(batch_args(inputs, out)) == 0
    assert capsys.readouterr() == (f"wrote {out}\n", "")
    written = pd.read_parquet(out)
    assert written["merchant_id"].tolist() == MERCHANTS
    pd.testing.assert_frame_equal(written, expected, check_exact=True)
    assert written["placebo_windows"].tolist() == [10] * 6
    assert written["lost_orders"].iloc[0] == 3.9  # orders to 0.1
    assert written["lost_revenue"].iloc[0] == round(written["lost_revenue"].iloc[0], 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.parquet"]


def test_csv_results_and_no_bar_off_a_terminal(inputs, expected, tmp_path, capsys):
    out = tmp_path / "results.csv"
    args = [a for a in batch_args(inputs, out) if a != "--no-progress"]
    assert main(args) == 0
    assert capsys.readouterr() == (f"wrote {out}\n", "")  # capsys is no terminal
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(["merchant_id", *BATCH_COLUMNS])
    assert "\r" not in text
    written = pd.read_csv(out)
    assert written["problem"].isna().all()
    columns = [c for c in BATCH_COLUMNS if c != "problem"]
    pd.testing.assert_frame_equal(
        written[["merchant_id", *columns]],
        expected[["merchant_id", *columns]],
        check_exact=False,
        rtol=1e-12,
    )


def test_the_margin_turns_the_net_loss_into_the_claimed_profit(inputs, tmp_path):
    out = tmp_path / "results.parquet"
    assert main(batch_args(inputs, out, "--margin", "0.3")) == 0
    written = pd.read_parquet(out)
    profit = written["net_lost_revenue"] * 0.3  # both to the cent, each from the full number
    assert ((written["lost_profit"] - profit).abs() < 0.01).all()
    pd.testing.assert_series_equal(
        written["claim_amount"], written["lost_profit"], check_names=False
    )


def test_an_existing_out_is_kept_without_force(inputs, expected, tmp_path, capsys):
    out = tmp_path / "results.parquet"
    out.write_bytes(b"last week's results")
    assert main(batch_args(inputs, out)) == 2
    line = one_error_line(capsys)
    assert str(out) in line
    assert "--force" in line
    assert out.read_bytes() == b"last week's results"


def test_force_replaces_an_existing_out(inputs, expected, tmp_path):
    out = tmp_path / "results.parquet"
    out.write_bytes(b"last week's results")
    assert main(batch_args(inputs, out, "--force")) == 0
    pd.testing.assert_frame_equal(pd.read_parquet(out), expected, check_exact=True)


@pytest.mark.parametrize("name", ["orders.parquet", "outages.csv"])
def test_an_input_is_never_the_output(inputs, capsys, name):
    given = inputs / name
    before = digest(given)
    assert main(batch_args(inputs, given, "--force")) == 2
    assert "it is one of the input files" in one_error_line(capsys)
    assert digest(given) == before


def test_an_input_matched_by_a_glob_is_never_the_output(inputs, tmp_path, capsys):
    part = tmp_path / "part-1.parquet"
    part.write_bytes((inputs / "orders.parquet").read_bytes())
    args = batch_args(inputs, part, "--force", orders=str(tmp_path / "part-*.parquet"))
    assert main(args) == 2
    assert "it is one of the input files" in one_error_line(capsys)
    assert digest(part) == digest(inputs / "orders.parquet")


@pytest.mark.parametrize("name", ["results.txt", "results.json", "results"])
def test_an_out_that_is_neither_parquet_nor_csv_is_refused(inputs, tmp_path, capsys, name):
    out = tmp_path / name
    assert main(batch_args(inputs, out)) == 2
    assert "give a .parquet or .csv file name" in one_error_line(capsys)
    assert not out.exists()


def test_a_glob_of_two_parquet_files(platform, inputs, expected, tmp_path, capsys):
    orders, _ = platform
    first = orders["merchant_id"].isin(MERCHANTS[:2])
    orders.loc[first].to_parquet(tmp_path / "orders-1.parquet", index=False)
    orders.loc[~first].to_parquet(tmp_path / "orders-2.parquet", index=False)
    out = tmp_path / "results.parquet"
    args = batch_args(inputs, out, orders=str(tmp_path / "orders-*.parquet"))
    assert main(args) == 0
    assert capsys.readouterr().out == f"wrote {out}\n"
    pd.testing.assert_frame_equal(pd.read_parquet(out), expected, check_exact=False, rtol=1e-12)


def test_two_files_named_one_by_one(platform, inputs, expected, tmp_path):
    orders, _ = platform
    first = orders["merchant_id"].isin(MERCHANTS[:3])
    orders.loc[first].to_parquet(tmp_path / "a.parquet", index=False)
    orders.loc[~first].to_parquet(tmp_path / "b.parquet", index=False)
    out = tmp_path / "results.csv"
    args = batch_args(inputs, out)
    at = args.index("--orders") + 1
    args[at : at + 1] = [str(tmp_path / "a.parquet"), str(tmp_path / "b.parquet")]
    assert main(args) == 0
    written = pd.read_csv(out)
    assert written["merchant_id"].tolist() == MERCHANTS
    assert written["lost_orders"].tolist() == expected["lost_orders"].tolist()


def test_a_glob_matching_nothing_is_one_error_line(inputs, tmp_path, capsys):
    out = tmp_path / "results.parquet"
    assert main(batch_args(inputs, out, orders=str(tmp_path / "none-*.parquet"))) == 2
    assert "no file matches" in one_error_line(capsys)
    assert not out.exists()


def test_a_channel_without_orders_is_one_error_line(inputs, tmp_path, capsys):
    out = tmp_path / "results.parquet"
    args = batch_args(inputs, out)
    args[args.index("--channel") + 1] = "telegram"
    assert main(args) == 2
    assert "no completed orders of channel 'telegram'" in one_error_line(capsys)
    assert not out.exists()


def test_a_missing_merchant_column_is_one_error_line_listing_the_file_columns(
    inputs, tmp_path, capsys
):
    out = tmp_path / "results.parquet"
    args = batch_args(inputs, out)
    args[args.index("--by") + 1] = "shop"
    assert main(args) == 2
    line = one_error_line(capsys)
    assert "no column 'shop'" in line
    listed = "['order_id', 'timestamp', 'amount', 'currency', 'channel', 'status', 'merchant_id']"
    assert f"(they have {listed})" in line
    assert not out.exists()


def test_the_batch_command_is_documented_in_the_readme():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "claimstats batch" in readme


def test_csv_results_keep_a_formula_like_merchant_id_as_text(platform, inputs, tmp_path):
    orders, _ = platform
    hostile = '=HYPERLINK("http://evil.example","M00001")'
    renamed = orders.assign(merchant_id=orders["merchant_id"].replace({"M00001": hostile}))
    renamed.to_parquet(tmp_path / "orders.parquet", index=False)
    out = tmp_path / "results.csv"
    assert main(batch_args(inputs, out, orders=str(tmp_path / "orders.parquet"))) == 0
    written = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert written["merchant_id"].iloc[0] == "'" + hostile
    assert not written["merchant_id"].str.startswith(("=", "+", "-", "@")).any()
    # the numbers are unchanged: a negative interval bound stays a number
    assert (written["lost_orders_low"].astype(float) < 0).any()


def test_mapped_columns_and_status_words_give_the_same_results(
    platform, inputs, expected, tmp_path
):
    """A platform export with its own headers and status words, mapped on the command line."""
    orders = platform[0].rename(columns={"timestamp": "Paid at", "amount": "Total (RMB)"})
    orders["status"] = orders["status"].replace({"completed": "settled"})
    exported = tmp_path / "export.parquet"
    orders.to_parquet(exported, index=False)
    outages = tmp_path / "incidents.csv"
    outages.write_text(
        (inputs / "outages.csv").read_text(encoding="utf-8").replace("start,end", "Began,Fixed"),
        encoding="utf-8",
    )
    out = tmp_path / "results.parquet"
    args = batch_args(inputs, out, orders=str(exported))
    args[args.index("--outages") + 1] = str(outages)
    args += ["--orders-columns", "timestamp=Paid at,amount=Total (RMB)"]
    args += ["--outages-columns", "start=Began,end=Fixed", "--status-map", "settled=completed"]
    assert main(args) == 0
    pd.testing.assert_frame_equal(pd.read_parquet(out), expected, check_exact=True)


def test_unmapped_columns_name_the_flag_that_maps_them(platform, inputs, tmp_path, capsys):
    exported = tmp_path / "export.parquet"
    platform[0].rename(columns={"amount": "Total"}).to_parquet(exported, index=False)
    out = tmp_path / "results.parquet"
    assert main(batch_args(inputs, out, orders=str(exported))) == 2
    line = one_error_line(capsys)
    assert "with --orders-columns 'amount=<your column>'" in line
    assert "columns=" not in line
    assert not out.exists()
