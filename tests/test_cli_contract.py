"""The command line's contract: every failure one line on stderr and exit 2, nothing damaged.

``--verbose`` adds the traceback; outputs are never written over an input, and an
existing report is replaced only with ``--force``. Also what the tool never does: ask
for a password or a verification code, or keep a column it does not need.
"""

from __future__ import annotations

import ast
import hashlib
import json
from pathlib import Path

import pytest

import claimstats.cli as cli
from claimstats.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
AS_OF = "2026-08-10T10:00:00+08:00"


def _report(out: Path, *extra: str) -> list[str]:
    return [
        "report", "--orders", str(SAMPLE / "orders.csv"), "--outages",
        str(SAMPLE / "outages.csv"), "--tz", "Asia/Shanghai", "--channel", "whatsapp",
        "--as-of", AS_OF, "--out", str(out), *extra,
    ]  # fmt: skip


def _one_line(capsys) -> str:
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("claimstats: error: ")
    return lines[0]


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["report", "--orders", "x.csv"], "the following arguments are required"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["report", "--method", "magic"], "invalid choice: 'magic'"),
        (["batch", "--orders", "o.csv", "--outages", "f.csv", "--out", "r.parquet", "--chunk", "x"],
         "invalid int value: 'x'"),
        ([], "the following arguments are required: COMMAND"),
    ],
)  # fmt: skip
def test_a_usage_error_is_one_line_and_exit_2(argv, words, capsys):
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    line = _one_line(capsys)
    assert words in line
    assert line.endswith("see claimstats --help") or "--help" in line


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["report", "--orders", "missing.csv", "--outages", "missing.csv", "--tz", "UTC",
          "--out", "r.html"], "missing.csv"),
        (["batch", "--orders", "o.csv", "--outages", "f.csv", "--out", "r.txt"],
         "give a .parquet or .csv file name"),
        (["validate", "missing.csv"], "missing.csv"),
        (["schema", "--out", "no-such-folder/schema.json"], "does not exist; create it first"),
    ],
)  # fmt: skip
def test_every_command_fails_in_one_line_with_exit_2(argv, words, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    assert words in _one_line(capsys)
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_verbose_puts_the_traceback_before_the_one_line(tmp_path, capsys):
    assert main(["--verbose", *_report(tmp_path / "r.html", "--channel", "fax")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):")
    assert err.splitlines()[-1].startswith("claimstats: error: --channel fax is not in the orders")


def test_a_bug_is_still_one_line_saying_how_to_report_it(tmp_path, capsys, monkeypatch):
    def broken(args):
        column = "bucket"
        raise KeyError(column)

    monkeypatch.setattr(cli, "_run", broken)
    assert main(_report(tmp_path / "r.html")) == 2
    line = _one_line(capsys)
    assert "internal error (KeyError: 'bucket')" in line
    assert "--verbose" in line
    assert "SECURITY.md" in line


def test_a_file_that_cannot_be_written_is_one_line(tmp_path, capsys, monkeypatch):
    def refused(path, data):
        raise PermissionError(13, "Permission denied", str(path))

    target = tmp_path / "schema.json"
    monkeypatch.setattr("claimstats.report.json_schema.write_atomic", refused)
    assert main(["schema", "--out", str(target)]) == 2
    line = _one_line(capsys)
    assert f"cannot use {target}: Permission denied" in line
    assert not target.exists()


def test_an_existing_report_is_replaced_only_with_force(tmp_path, capsys):
    html = tmp_path / "impact_report.html"
    html.write_text("my earlier report", encoding="utf-8")
    assert main(_report(html, "--json", str(tmp_path / "r.json"))) == 2
    assert "impact_report.html exists; pass --force to replace it" in _one_line(capsys)
    assert html.read_text(encoding="utf-8") == "my earlier report"
    assert not (tmp_path / "r.json").exists()  # refused before anything was written
    assert main(_report(html, "--force")) == 0
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_demo_into_a_folder_with_a_report_asks_for_force(tmp_path, capsys):
    (tmp_path / "impact_report.html").write_text("kept", encoding="utf-8")
    assert main(["demo", "--out", str(tmp_path)]) == 2
    assert "pass --force" in _one_line(capsys)
    assert (tmp_path / "impact_report.html").read_text(encoding="utf-8") == "kept"
    assert not (tmp_path / "sample_data").exists()


@pytest.mark.parametrize("output", ["--out", "--json", "--xlsx"])
def test_no_output_may_be_an_input_even_with_force(tmp_path, capsys, output):
    orders = tmp_path / "orders.csv"
    orders.write_bytes((SAMPLE / "orders.csv").read_bytes())
    before = hashlib.sha256(orders.read_bytes()).hexdigest()
    argv = _report(tmp_path / "r.html", "--force")
    argv[argv.index("--orders") + 1] = str(orders)
    if output == "--out":
        argv[argv.index("--out") + 1] = str(orders)
    else:
        argv += [output, str(orders)]
    assert main(argv) == 2
    assert "it is one of the input files" in _one_line(capsys)
    assert hashlib.sha256(orders.read_bytes()).hexdigest() == before


def test_the_tool_never_prompts_for_a_password_or_a_code():
    """No module reads the terminal (input, getpass): nothing can ask for a secret."""
    asking = []
    for path in sorted((ROOT / "claimstats").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] + [getattr(node, "module", "") or ""]
                if "getpass" in names:
                    asking.append(f"{path.name}: imports getpass")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "input"
            ):
                asking.append(f"{path.name}:{node.lineno}: input()")
    assert asking == []


def test_secret_columns_in_an_export_are_never_kept_or_reported(tmp_path):
    text = (SAMPLE / "orders.csv").read_text(encoding="utf-8").splitlines()
    rows = [text[0] + ",password,verification_code"]
    rows += [f"{line},hunter2-{i},83{i:04d}" for i, line in enumerate(text[1:])]
    orders = tmp_path / "orders.csv"
    orders.write_text("\n".join(rows) + "\n", encoding="utf-8")
    html, data = tmp_path / "r.html", tmp_path / "r.json"
    argv = _report(html, "--json", str(data), "--include-orders", "--no-mask")
    argv[argv.index("--orders") + 1] = str(orders)
    assert main(argv) == 0
    written = html.read_text(encoding="utf-8") + data.read_text(encoding="utf-8")
    assert "hunter2" not in written
    assert "830001" not in written
    assert "password" not in json.loads(data.read_text(encoding="utf-8"))["orders"][0]
