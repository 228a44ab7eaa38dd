"""``claimstats complaint``: the wallet complaint from the shop's own files, on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from claimstats.cli import main

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"
AS_OF = "2026-08-10T10:00:00+08:00"


def _args(out: Path, *extra: str, transactions: Path | None = None) -> list[str]:
    return [
        "complaint",
        "--transactions", str(transactions or SAMPLE / "wallet_transactions.csv"),
        "--outages", str(SAMPLE / "wallet_outages.csv"),
        "--tz", "Asia/Shanghai",
        "--merchant-name", "街角咖啡",
        "--merchant-id", "1650012345",
        "--as-of", AS_OF,
        "--out", str(out),
        *extra,
    ]  # fmt: skip


def _one_error_line(capsys) -> str:
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("claimstats: error: ")
    return lines[0]


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("complaint")
    paths = {s: folder / f"complaint.{s}" for s in ("html", "json", "xlsx")}
    args = _args(paths["html"], "--json", str(paths["json"]), "--xlsx", str(paths["xlsx"]),
                 "--contact", "020-1234 5678", "--support-contacted", "2026-08-07",
                 "--ticket", "WX-778812")  # fmt: skip
    assert main(args) == 0
    return paths


def test_the_command_writes_the_letter_page_its_json_and_the_lists(written):
    data = json.loads(written["json"].read_text(encoding="utf-8"))
    payments = data["payments"]
    assert len(payments["unpaid"]) == payments["unrecovered_attempts"] == 20
    assert [r["order_id"] for r in payments["refund_due"]][:2] == [
        "WXP-20260720-0184", "WXP-20260728-0168"]  # fmt: skip
    assert payments["refund_due_amount"] == 201.0
    assert all(r["customer"].startswith("o***") for r in payments["unpaid"])
    assert data["context"]["steps"] == {"support_contacted": "2026-08-07", "ticket": "WX-778812"}
    page = written["html"].read_text(encoding="utf-8")
    for shown in ("街角咖啡", "1650012345", "WX-778812"):
        assert shown in page
    assert written["xlsx"].read_bytes()[:2] == b"PK"


def test_own_headers_are_mapped_and_give_the_same_complaint(tmp_path, written):
    frame = pd.read_csv(SAMPLE / "wallet_transactions.csv", dtype=str)
    own = frame.rename(columns={"timestamp": "支付时间", "status": "结果", "customer": "付款人"})
    own["结果"] = own["结果"].replace({"completed": "成功", "failed": "失败了"})
    path = tmp_path / "attempts.csv"
    own.to_csv(path, index=False)
    out = tmp_path / "c.html"
    args = _args(out, "--json", str(tmp_path / "c.json"), transactions=path)
    args += ["--transactions-columns", "timestamp=支付时间,status=结果,customer=付款人",
             "--status-map", "成功=completed,失败了=failed"]  # fmt: skip
    assert main(args) == 0
    ours = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))["payments"]
    sample = json.loads(written["json"].read_text(encoding="utf-8"))["payments"]
    for figure in ("unrecovered_amount", "recovered_amount", "refund_due_amount", "p_value"):
        assert ours[figure] == sample[figure], figure


def test_without_the_deduction_column_the_letter_asks_no_refund(tmp_path):
    frame = pd.read_csv(SAMPLE / "wallet_transactions.csv", dtype=str).drop(
        columns="funds_deducted"
    )
    path = tmp_path / "attempts.csv"
    frame.to_csv(path, index=False)
    out, js = tmp_path / "c.html", tmp_path / "c.json"
    assert main(_args(out, "--json", str(js), transactions=path)) == 0
    payments = json.loads(js.read_text(encoding="utf-8"))["payments"]
    assert payments["funds_deducted_known"] is False
    assert payments["refund_due"] == []


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        (["--support-contacted", "2026-13-01"], "--support-contacted: "),
        (["--country", "SG"], "no escalation bodies are known for --country SG"),
        (["--merchant-id", ""], "--merchant-id: "),
    ],
)
def test_bad_settings_are_one_line_naming_the_flag(tmp_path, capsys, extra, said):
    out = tmp_path / "c.html"
    args = _args(out)
    for flag, value in zip(extra[::2], extra[1::2], strict=True):
        if flag in args:
            args[args.index(flag) + 1] = value
        else:
            args += [flag, value]
    assert main(args) == 2
    line = _one_error_line(capsys)
    assert said in line, line
    assert "--escalation" in line or "--country" not in said
    assert not out.exists()


def test_a_payees_bill_is_refused_saying_what_to_export(tmp_path, capsys):
    out = tmp_path / "c.html"
    assert main(_args(out, transactions=SAMPLE / "wechat_bill.csv")) == 2
    line = _one_error_line(capsys)
    assert "failed" in line
    assert not out.exists()


def test_the_letter_never_replaces_an_input(tmp_path, capsys):
    copy = tmp_path / "attempts.csv"
    copy.write_bytes((SAMPLE / "wallet_transactions.csv").read_bytes())
    assert main(_args(copy, "--force", transactions=copy)) == 2
    assert "refusing to write" in _one_error_line(capsys)
    assert copy.read_bytes() == (SAMPLE / "wallet_transactions.csv").read_bytes()
