"""The command line: exit codes, messages, outputs, and never writing over inputs."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pandas as pd
import pytest

from claimstats.cli import main
from claimstats.report.i18n import Locale

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"
AS_OF = "2026-08-10T10:00:00+08:00"


def _report_args(out: Path, *extra: str) -> list[str]:
    return [
        "report",
        "--orders",
        str(SAMPLE / "orders.csv"),
        "--outages",
        str(SAMPLE / "outages.csv"),
        "--tz",
        "Asia/Shanghai",
        "--channel",
        "whatsapp",
        "--control",
        "website",
        "--as-of",
        AS_OF,
        "--out",
        str(out),
        *extra,
    ]


@pytest.fixture(scope="module")
def default_report(tmp_path_factory) -> tuple[Path, Path]:
    """``claimstats report`` on the sample with no other option but ``--json``: the HTML and
    the JSON, read by several tests (a report takes about a second to make)."""
    folder = tmp_path_factory.mktemp("default")
    html, js = folder / "r.html", folder / "r.json"
    assert main(_report_args(html, "--json", str(js))) == 0
    return html, js


def _one_error_line(capsys) -> str:
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("claimstats: error: ")
    return lines[0]


def test_report_writes_html_and_json(tmp_path, capsys):
    html, js = tmp_path / "r.html", tmp_path / "r.json"
    assert main(_report_args(html, "--json", str(js), "--margin", "0.4")) == 0
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["service"] == "WhatsApp Web"
    assert data["loss"]["margin"] == 0.4
    assert f"wrote {html}" in capsys.readouterr().out
    # nothing but the outputs was written next to them: no temporary files left
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html", "r.json"]
    # readable like any file the user writes, not private like a temporary file
    assert html.stat().st_mode & 0o044 == 0o044


def test_no_sensitivity_leaves_the_table_out(tmp_path, default_report):
    html, js = tmp_path / "r.html", tmp_path / "r.json"
    assert main(_report_args(html, "--json", str(js), "--no-sensitivity")) == 0
    assert json.loads(js.read_text(encoding="utf-8"))["sensitivity"] == []
    assert 'id="sensitivity"' not in html.read_text(encoding="utf-8")
    default = json.loads(default_report[1].read_text(encoding="utf-8"))
    assert len(default["sensitivity"]) > 8
    assert 'id="sensitivity"' in default_report[0].read_text(encoding="utf-8")


def test_report_evidence_names_the_sample_files_with_their_hashes(default_report):
    _, js = default_report
    evidence = {e["name"]: e for e in json.loads(js.read_text(encoding="utf-8"))["evidence"]}
    for name in ("orders.csv", "outages.csv"):
        digest = hashlib.sha256((SAMPLE / name).read_bytes()).hexdigest()
        assert evidence[name]["sha256"] == digest


def test_demo_writes_the_sample_files_and_the_report(tmp_path):
    out = tmp_path / "out"
    assert main(["demo", "--out", str(out)]) == 0
    assert (out / "impact_report.html").stat().st_size > 1_000_000
    report = json.loads((out / "impact_report.json").read_text(encoding="utf-8"))
    for name in ("orders.csv", "outages.csv"):
        assert (out / "sample_data" / name).read_bytes() == (SAMPLE / name).read_bytes()
    digests = {e["name"]: e["sha256"] for e in report["evidence"]}
    assert digests["orders.csv"] == hashlib.sha256((SAMPLE / "orders.csv").read_bytes()).hexdigest()


def test_missing_input_is_one_line_and_exit_2(tmp_path, capsys):
    args = _report_args(tmp_path / "r.html")
    args[args.index("--orders") + 1] = str(tmp_path / "nope.csv")
    assert main(args) == 2
    line = _one_error_line(capsys)
    assert "nope.csv" in line
    assert not (tmp_path / "r.html").exists()


def test_unknown_channel_lists_the_channels(tmp_path, capsys):
    args = _report_args(tmp_path / "r.html")
    args[args.index("--channel") + 1] = "telegram"
    assert main(args) == 2
    line = _one_error_line(capsys)
    assert "--channel telegram is not in the orders" in line
    assert "['website', 'whatsapp']" in line


def test_refuses_to_write_over_an_input(tmp_path, capsys):
    orders = tmp_path / "orders.csv"
    orders.write_bytes((SAMPLE / "orders.csv").read_bytes())
    before = hashlib.sha256(orders.read_bytes()).hexdigest()
    args = _report_args(orders)
    args[args.index("--orders") + 1] = str(orders)
    assert main(args) == 2
    assert "input files" in _one_error_line(capsys)
    assert hashlib.sha256(orders.read_bytes()).hexdigest() == before


def test_verbose_adds_the_traceback(tmp_path, capsys):
    args = _report_args(tmp_path / "r.html")
    args[args.index("--channel") + 1] = "telegram"
    assert main(["--verbose", *args]) == 2
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err
    assert err.strip().splitlines()[-1].startswith("claimstats: error: ")


def test_help_lists_the_commands(capsys):
    # in this process; test_python_dash_m_runs_the_cli_... runs ``python -m claimstats``
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "report" in out
    assert "demo" in out


def test_report_help_shows_every_default_and_what_no_margin_means(capsys):
    with pytest.raises(SystemExit) as info:
        main(["report", "--help"])
    assert info.value.code == 0
    out = " ".join(capsys.readouterr().out.split())  # argparse wraps lines
    for option, default in (
        ("--lang {zh,en}", "zh"), ("--recovery RECOVERY", "auto"),
        ("--confidence CONFIDENCE", "0.95"), ("--threshold THRESHOLD", "24h"),
        ("--country COUNTRY", "CN"), ("--seed SEED", "0"), ("--freq FREQ", "1h"),
        ("--baseline-weeks BASELINE_WEEKS", "6"), ("--filing-window FILING_WINDOW", "7D"),
    ):  # fmt: skip
        shown = out.split(f" {option} ", 1)[1].split(" --", 1)[0]
        assert f"(default: {default})" in shown, option
    assert "the claim is the net lost revenue before costs" in out
    assert "(default: every channel but --control)" in out
    assert "(default: None)" not in out


@pytest.mark.parametrize("command", ["demo", "report", "batch", "schema"])
def test_every_command_is_documented_in_the_readme(command):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"claimstats {command}" in readme


# --- the claimant's own files: mapping flags, and errors that name the flag ----------------


def _own_export(folder: Path) -> Path:
    """The sample's orders as a shop's own export: its headers, its status words, local times."""
    orders = pd.read_csv(SAMPLE / "orders.csv", dtype=str)
    export = pd.DataFrame(
        {
            "Order No": orders["order_id"],
            "Order Date": orders["timestamp"].str.slice(0, 19).str.replace("T", " "),
            "Total (RMB)": orders["amount"],
            "Source": orders["channel"],
            "State": orders["status"].replace({"completed": "settled", "cancelled": "void"}),
        }
    )
    path = folder / "my_orders.csv"
    export.to_csv(path, index=False)
    return path


def test_mapping_flags_read_an_own_export_as_the_sample(tmp_path, default_report, capsys):
    export = _own_export(tmp_path)
    args = _report_args(tmp_path / "r.html", "--json", str(tmp_path / "r.json"))
    args[args.index("--orders") + 1] = str(export)
    args += ["--orders-columns", "order_id=Order No,timestamp=Order Date,amount=Total (RMB),"
             "channel=Source,status=State", "--status-map", "settled=completed,void=cancelled",
             "--currency", "CNY"]  # fmt: skip
    assert main(args) == 0
    assert capsys.readouterr().err == ""  # the local times are read in the right zone: no doubt
    ours = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["loss"]
    sample = json.loads(default_report[1].read_text(encoding="utf-8"))["loss"]
    for figure in ("net_lost_orders", "net_lost_orders_low", "net_lost_revenue", "p_value"):
        assert ours[figure] == sample[figure], figure


#: a Python argument as a message could give it: name=value, name={...}, name= or name=...
PYTHON_ARGUMENT = re.compile(r"(?<![\w\-])[a-z_]+=(?:[\"'{ )]|\.\.\.|$)")


@pytest.mark.parametrize(
    ("case", "extra", "flag"),
    [
        ("own export", [], "--orders-columns 'timestamp=<your column>,amount=<your column>'"),
        ("own export", ["--orders-columns", "when=Order Date"], "--orders-columns names"),
        ("own export", ["--orders-columns", "timestamp=Date"], "--orders-columns maps"),
        ("status", [], "--status-map settled=completed"),
        ("status", ["--status-map", "settled=done"], "--status-map: 'settled' is 'done'"),
        ("bad rows", [], "--on-error reject"),
        ("no currency", [], "--currency CNY"),
        ("future", [], "--as-of the time the evidence was collected"),
        ("sample", ["--tz", "Asia/Shangai"], "--tz Asia/Shanghai"),
        ("sample", ["--margin", "1.5"], "--margin"),
        ("sample", ["--orders-format", "parquet"], "--orders-format"),
    ],
)
def test_report_errors_name_the_flag_not_the_python_argument(tmp_path, capsys, case, extra, flag):
    args = _report_args(tmp_path / "r.html", *extra)
    orders = tmp_path / "orders.csv"
    if case == "own export":
        orders = _own_export(tmp_path)
        args += ["--currency", "CNY"]
    elif case == "status":
        orders.write_text("timestamp,amount,currency,status\n2026-08-04 09:40+08:00,5,CNY,"
                          "settled\n", encoding="utf-8")  # fmt: skip
        if not extra:
            args += ["--orders-columns", "timestamp=timestamp"]
    elif case == "bad rows":
        orders.write_text("timestamp,amount,currency\n2026-08-04 09:40+08:00,x,CNY\n",
                          encoding="utf-8")  # fmt: skip
    elif case == "no currency":
        orders.write_text("timestamp,amount\n2026-08-04 09:40+08:00,5\n", encoding="utf-8")
    elif case == "future":
        outages = tmp_path / "outages.csv"
        outages.write_text("start,end\n2030-08-04 09:40+08:00,2030-08-04 12:00+08:00\n",
                           encoding="utf-8")  # fmt: skip
        args[args.index("--outages") + 1] = str(outages)
        orders = SAMPLE / "orders.csv"
    else:
        orders = SAMPLE / "orders.csv"
    args[args.index("--orders") + 1] = str(orders)
    if "--tz" in extra:  # the last --tz given counts
        args.remove("Asia/Shanghai")
        args.remove("--tz")
    assert main(args) == 2
    line = _one_error_line(capsys)
    assert flag in line
    assert not PYTHON_ARGUMENT.search(line), line
    assert not (tmp_path / "r.html").exists()


def test_a_time_zone_that_disagrees_with_the_files_is_a_warning_naming_both(tmp_path, capsys):
    args = _report_args(tmp_path / "r.html", "--method", "seasonal")
    args[args.index("--tz") + 1] = "Europe/London"
    assert main(args) == 0
    captured = capsys.readouterr()
    warned = captured.err.strip().splitlines()
    assert len(warned) == 2  # the outage list and the orders, one line each
    assert all(line.startswith("claimstats: warning: ") for line in warned)
    assert "outages.csv: its times are written at UTC+08:00 (6 times), but --tz " in warned[0]
    assert "Europe/London is at UTC+01:00 then" in warned[0]
    assert "e.g. Asia/Shanghai" in warned[1]
    assert not any(PYTHON_ARGUMENT.search(line) for line in warned)
    assert f"wrote {tmp_path / 'r.html'}" in captured.out


def test_validate_warns_of_a_time_zone_that_disagrees_with_the_file(capsys):
    assert main(["validate", str(SAMPLE / "outages.csv"), "--tz", "America/New_York",
                 "--as-of", AS_OF]) == 0  # fmt: skip
    captured = capsys.readouterr()
    assert "  offsets     UTC+08:00 6 (as written in the file)" in captured.out
    (line,) = captured.err.strip().splitlines()
    assert line.startswith("claimstats: warning: ")
    assert "--tz America/New_York is at UTC-04:00 then" in line


def test_validate_maps_columns_and_status_words(tmp_path, capsys):
    export = _own_export(tmp_path)
    args = ["validate", str(export), "--tz", "Asia/Shanghai", "--currency", "CNY", "--kind",
            "orders", "--columns", "timestamp=Order Date,amount=Total (RMB),channel=Source,"
            "status=State", "--status-map", "settled=completed,void=cancelled"]  # fmt: skip
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "  statuses    completed 14,751, cancelled 319, refunded 150" in out
    assert main(args[:-2]) == 0  # unmapped words are rejected rows, and the flag is named
    out = capsys.readouterr().out
    assert "say what it means with --status-map settled=completed" in out
    assert not PYTHON_ARGUMENT.search(out)


# --- validate ---------------------------------------------------------------------------


def test_validate_warns_when_a_usable_file_lost_many_rows(tmp_path, capsys):
    rows = [f"A{i},2026-08-04T01:{i:02d}Z,{'10' if i % 4 else 'ten'}" for i in range(20)]
    path = tmp_path / "orders.csv"
    path.write_text("id,time,amount\n" + "\n".join(rows) + "\n", encoding="utf-8")

    assert main(["validate", str(path), "--currency", "CNY"]) == 0

    captured = capsys.readouterr()
    assert captured.out.splitlines()[0] == f"{path}: usable as orders"
    assert f"claimstats: warning: {path}: 5 of 20 rows (25%) were rejected" in captured.err


def test_validate_describes_a_usable_order_file(capsys):
    assert main(["validate", str(SAMPLE / "orders.csv"), "--tz", "Asia/Shanghai"]) == 0

    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{SAMPLE / 'orders.csv'}: usable as orders"
    assert "  rows        15,220 read, 15,220 kept, 0 rejected, 0 excluded" in out
    assert "  channels    whatsapp 10,835, website 4,385" in out
    assert "  statuses    completed 14,751, cancelled 319, refunded 150" in out
    assert "  currencies  CNY 15,220" in out
    assert any(
        line.startswith("  time span   2026-05-31 16:37:05 UTC (2026-06-01 00:37:05 Asia/Shanghai)")
        for line in out
    )


def test_validate_detects_outages_and_lists_them(capsys):
    assert main(["validate", str(SAMPLE / "outages.csv"), "--as-of", AS_OF]) == 0

    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("outages.csv: usable as outages")
    assert "  services    WhatsApp Web 3" in out
    assert "  open        0 outages without an end" in out


def test_validate_lists_rejected_rows_and_stays_usable(tmp_path, capsys):
    path = tmp_path / "orders.csv"
    path.write_text(
        "id,time,amount\nA,2026-08-04T01:40Z,5\nB,2026-08-04T01:41Z,five\nC,,7\n",
        encoding="utf-8",
    )

    assert main(["validate", str(path), "--kind", "orders", "--currency", "CNY"]) == 0

    out = capsys.readouterr().out
    assert "3 read, 1 kept, 2 rejected, 0 excluded" in out
    assert "    line 3, column 'amount': not an amount" in out
    assert "    line 4, column 'time': the time is missing" in out


def test_validate_of_an_unusable_file_exits_2_with_one_line(tmp_path, capsys):
    path = tmp_path / "orders.csv"
    path.write_text("id,time,amount\nA,2026-08-04 09:40,5\n", encoding="utf-8")

    assert main(["validate", str(path), "--kind", "orders", "--currency", "CNY"]) == 2

    captured = capsys.readouterr()
    assert captured.out.strip() == f"{path}: cannot be used (the reason follows on stderr)"
    err = captured.err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"claimstats: error: {path}: not usable: ")
    assert "has times without a timezone" in err[0]
    assert "pass --tz Asia/Shanghai" in err[0]


def test_validate_rejects_an_unknown_kind():
    with pytest.raises(SystemExit) as info:
        main(["validate", "x.csv", "--kind", "payments"])
    assert info.value.code == 2


def test_report_from_the_monitor_log_names_the_service_and_finds_the_same_loss(
    tmp_path, default_report
):
    _, from_list = default_report
    from_monitor = tmp_path / "monitor.json"
    args = _report_args(
        tmp_path / "b.html", "--json", str(from_monitor), "--service", "WhatsApp Web"
    )
    args[args.index(str(SAMPLE / "outages.csv"))] = str(SAMPLE / "monitor_heartbeat.csv")
    assert main(args) == 0

    a = json.loads(from_list.read_text(encoding="utf-8"))
    b = json.loads(from_monitor.read_text(encoding="utf-8"))
    assert b["service"] == "WhatsApp Web"
    assert b["loss"]["lost_orders"] == a["loss"]["lost_orders"]
    assert b["loss"]["net_lost_revenue"] == a["loss"]["net_lost_revenue"]
    [monitor] = [e for e in b["evidence"] if e["name"] == "monitor_heartbeat.csv"]
    assert monitor["format"] == "heartbeat-csv"
    assert len(monitor["unknown_periods"]) == 1


# --- method and expenses ----------------------------------------------------------------


def test_report_with_method_seasonal_describes_the_seasonal_baseline(tmp_path):
    html, js = tmp_path / "r.html", tmp_path / "r.json"
    args = _report_args(html, "--json", str(js), "--method", "seasonal", "--lang", "en")
    assert main(args) == 0

    page = unescape(html.read_text(encoding="utf-8"))
    loss = json.loads(js.read_text(encoding="utf-8"))["loss"]
    assert loss["method"] == "seasonal"
    assert loss["backtest_errors"] == {}
    en = Locale("en", "Asia/Shanghai")
    assert "<h3>Method used: seasonal baseline (before and after)</h3>" in page
    assert en.text("method_seasonal", step="hour", weeks=6, control="website") in page
    assert en.text("method_control", step="hour", weeks=6, control="website") not in page
    assert en.text("limit_seasonal") in page


def test_recovery_is_measured_by_default_and_fixed_when_given(tmp_path, default_report):
    measured = json.loads(default_report[1].read_text(encoding="utf-8"))["loss"]
    assert (measured["recovery"], measured["recovery_estimated"]) == ("P1D", True)
    # kept after the first outage only, for the 24 h the orders stayed above expectation:
    # after the second they stayed below it, and the few orders above it in the hour after
    # the third are within normal-day noise (none of them counts), so no window is kept
    assert [(w["start"], w["end"]) for w in measured["recovery_windows"]] == [
        ("2026-08-05T04:55:00Z", "2026-08-06T04:55:00Z"),
    ]
    assert (measured["recovery_surplus"], measured["recovered_orders"]) == (51.1, 46.1)
    assert measured["recovery_kept_share"] == pytest.approx(46.1 / 51.1, abs=2e-3)
    js = tmp_path / "r.json"
    assert main(_report_args(tmp_path / "r.html", "--json", str(js), "--recovery", "12h")) == 0
    fixed = json.loads(js.read_text(encoding="utf-8"))["loss"]
    assert (fixed["recovery"], fixed["recovery_estimated"]) == ("PT12H", False)
    assert [(w["start"], w["end"]) for w in fixed["recovery_windows"]] == [
        ("2026-08-05T04:55:00Z", "2026-08-05T16:55:00Z")
    ]
    assert fixed["lost_orders"] - fixed["recovered_orders"] == pytest.approx(
        fixed["net_lost_orders"], abs=0.1
    )


def test_unknown_method_is_refused_by_the_parser(capsys):
    with pytest.raises(SystemExit) as info:
        main(_report_args(Path("never.html"), "--method", "bayes"))
    assert info.value.code == 2
    assert "invalid choice: 'bayes'" in capsys.readouterr().err


def test_expenses_file_adds_claimed_items_and_lists_indirect_ones(tmp_path):
    expenses = tmp_path / "expenses.csv"
    expenses.write_text(
        "amount,description,evidence,claimed\n"
        "300,courier re-delivery,receipt-0805.pdf,\n"
        "5000,regular customers lost,,no\n",
        encoding="utf-8",
    )
    html, js = tmp_path / "r.html", tmp_path / "r.json"
    args = _report_args(html, "--json", str(js), "--margin", "0.4", "--lang", "en")
    assert main([*args, "--expenses", str(expenses)]) == 0

    loss = json.loads(js.read_text(encoding="utf-8"))["loss"]
    assert loss["claimed_expenses"] == 300.0
    assert loss["claim_amount"] == pytest.approx(loss["lost_profit"] + 300.0)
    assert loss["claim_amount_low"] == pytest.approx(loss["lost_profit_low"] + 300.0)
    assert [(e["description"], e["claimed"]) for e in loss["expenses"]] == [
        ("courier re-delivery", True),
        ("regular customers lost", False),
    ]
    page = html.read_text(encoding="utf-8")
    assert (
        "<tr><td>courier re-delivery</td><td>receipt-0805.pdf</td>"
        '<td class="num">CN¥300.00</td><td>Claimed</td></tr>'
    ) in page
    assert (
        "<tr><td>regular customers lost</td><td>—</td>"
        '<td class="num">CN¥5,000.00</td><td>Not claimed (indirect loss, listed only)</td></tr>'
    ) in page
    claim = Locale("en", "Asia/Shanghai").money(loss["claim_amount"], "CNY")
    assert (
        f'<tr class="key"><td>Claim amount</td><td class="num"></td><td class="num"></td><td class="num">{claim}</td>'
        in page
    )
    assert "The indirect losses total CN¥5,000.00 (items: 1); they are listed" in page
    assert "Documents of the claimed expenses: receipt-0805.pdf" in page


def test_bad_expenses_file_is_one_line_naming_file_row_and_field(tmp_path, capsys):
    expenses = tmp_path / "expenses.csv"
    expenses.write_text(
        "amount,description,evidence,claimed\n300,courier,receipt.pdf,\nthree hundred,taxi,,\n",
        encoding="utf-8",
    )
    html = tmp_path / "r.html"
    assert main([*_report_args(html), "--expenses", str(expenses)]) == 2
    line = _one_error_line(capsys)
    assert line == (
        f"claimstats: error: {expenses}: 1 problem in 1 expense item; fix them and run "
        "again: line 3, column 'amount': not an amount; write e.g. 300 or 1250.50 "
        "(found 'three hundred')"
    )
    assert not html.exists()


def test_refuses_to_write_over_the_expenses_file(tmp_path, capsys):
    expenses = tmp_path / "expenses.csv"
    expenses.write_text("amount,description\n300,courier\n", encoding="utf-8")
    assert main([*_report_args(expenses), "--expenses", str(expenses)]) == 2
    assert "input files" in _one_error_line(capsys)
    assert expenses.read_text(encoding="utf-8") == "amount,description\n300,courier\n"


# --- policy, evidence list, masking and the extra outputs --------------------------------

EVIDENCE = Path(__file__).resolve().parent / "data" / "evidence" / "evidence.csv"


def test_policy_evidence_and_excel_options_reach_the_report(tmp_path):
    html, js, xlsx = tmp_path / "r.html", tmp_path / "r.json", tmp_path / "r.xlsx"
    args = _report_args(
        html, "--json", str(js), "--xlsx", str(xlsx), "--evidence", str(EVIDENCE),
        "--claimant-type", "personal", "--filed-on", "2026-08-07", "--country", "GB",
    )  # fmt: skip
    assert main(args) == 0
    data = json.loads(js.read_text(encoding="utf-8"))
    policy = data["policy"]
    assert (policy["policy"]["claimant_type"], policy["policy"]["country"]) == ("personal", "GB")
    assert policy["filed_on"] == "2026-08-07"
    assert [n["code"] for n in policy["notes"]] == ["service_extension_likely"]
    assert data["sla"][0]["credit_percent"] == 25.0
    kinds = [item["kind"] for item in data["evidence_items"]]
    assert kinds == ["screenshot", "chat", "network", "contract", "ticket"]
    assert all(
        len(i["sha256"]) == 64
        for i in data["evidence_items"]
        if i["path"] and "://" not in i["path"]
    )
    assert xlsx.read_bytes()[:2] == b"PK"
    page = unescape(html.read_text(encoding="utf-8"))
    assert "申请人列出的其他证据" in page
    assert "服务商通常向个人用户提供延长服务期" in page


def test_phone_numbers_in_descriptions_are_masked_unless_no_mask(tmp_path):
    outages = tmp_path / "outages.csv"
    text = (SAMPLE / "outages.csv").read_text(encoding="utf-8")
    header, first, *rest = text.splitlines()
    column = header.split(",").index("description")
    cells = first.split(",")
    cells[column] = "customer 13812345678 could not order"
    outages.write_text("\n".join([header, ",".join(cells), *rest]) + "\n", encoding="utf-8")
    for flag, shown in (((), "138****5678"), (("--no-mask",), "13812345678")):
        html = tmp_path / f"r{len(flag)}.html"
        args = _report_args(html, *flag)
        args[args.index("--outages") + 1] = str(outages)
        assert main(args) == 0
        page = html.read_text(encoding="utf-8")
        assert f"customer {shown} could not order" in page
        if not flag:
            assert "13812345678" not in page


def test_include_orders_lists_masked_customers_and_json_keeps_them(tmp_path, default_report):
    html, data = tmp_path / "r.html", tmp_path / "r.json"
    assert main(_report_args(html, "--include-orders", "--json", str(data))) == 0
    page = html.read_text(encoding="utf-8")
    assert '<section id="orders">' in page
    assert "+86 176****3711" in page
    assert "+86 17683233711" not in page
    rows = json.loads(data.read_text(encoding="utf-8"))["orders"]
    assert len(rows) == 378  # in the outages and the recovery window kept
    assert rows[0]["customer"] == "+86 176****3711"
    assert main(_report_args(html, "--include-orders", "--no-mask", "--force")) == 0
    assert "+86 17683233711" in html.read_text(encoding="utf-8")
    without, _ = default_report  # the same command without --include-orders
    assert '<section id="orders">' not in without.read_text(encoding="utf-8")


def test_refuses_to_write_over_the_evidence_list_and_rejects_a_bad_country(tmp_path, capsys):
    listed = tmp_path / "evidence.csv"
    listed.write_bytes(EVIDENCE.read_bytes())
    assert (
        main(_report_args(tmp_path / "r.html", "--evidence", str(listed), "--xlsx", str(listed)))
        == 2
    )
    assert "refusing to write" in _one_error_line(capsys)
    assert listed.read_bytes() == EVIDENCE.read_bytes()
    assert main(_report_args(tmp_path / "r.html", "--country", "XX")) == 2
    assert "--country XX has no public-holiday calendar" in _one_error_line(capsys)


# --- schema -----------------------------------------------------------------------------


def test_schema_goes_to_stdout_and_to_a_file_as_the_same_bytes(tmp_path, capsys):
    from claimstats.report.json_schema import render_impact_report_schema

    assert main(["schema"]) == 0
    printed = capsys.readouterr().out
    assert printed == render_impact_report_schema()
    assert json.loads(printed)["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    out = tmp_path / "impact_report.schema.json"
    assert main(["schema", "--out", str(out)]) == 0
    assert capsys.readouterr().out == f"wrote {out}\n"
    assert out.read_bytes() == printed.encode("utf-8")
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # written atomically
    assert main(["schema", "--out", str(out), "--force"]) == 0  # a second run: the same bytes
    assert out.read_bytes() == printed.encode("utf-8")


def test_python_dash_m_runs_the_cli_and_its_schema_on_stdout_is_the_bytes_of_the_file(tmp_path):
    out = tmp_path / "schema.json"
    assert main(["schema", "--out", str(out)]) == 0
    done = subprocess.run(
        [sys.executable, "-m", "claimstats", "schema"], capture_output=True, check=False
    )
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout == out.read_bytes()


def test_report_json_written_by_the_cli_passes_the_schema_written_by_the_cli(
    tmp_path, default_report
):
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema comes with the dev extra")
    _, js = default_report
    schema = tmp_path / "schema.json"
    assert main(["schema", "--out", str(schema)]) == 0
    cls = jsonschema.Draft202012Validator
    validator = cls(
        json.loads(schema.read_text(encoding="utf-8")), format_checker=cls.FORMAT_CHECKER
    )
    assert list(validator.iter_errors(json.loads(js.read_text(encoding="utf-8")))) == []


def test_schema_into_a_folder_or_a_missing_folder_is_one_line_and_exit_2(tmp_path, capsys):
    assert main(["schema", "--out", str(tmp_path)]) == 2
    assert "it is a folder" in _one_error_line(capsys)
    assert main(["schema", "--out", str(tmp_path / "nope" / "schema.json")]) == 2
    assert "does not exist; create it first" in _one_error_line(capsys)
    assert list(tmp_path.iterdir()) == []
