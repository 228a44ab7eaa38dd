"""``claimstats pack`` and ``claimstats verify``: the same pack as the Python API, and the
exit statuses 0 (all agree), 1 (a figure or digest differs) and 2 (unreadable)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimstats.cli import main
from tests.test_pack import (
    SAMPLE,
    claim_files,
    manifest_of,
    members,
    rezip,
    write_sample_pack,
    zipped,
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("claim")


@pytest.fixture(scope="module")
def packed(folder: Path) -> Path:
    files = claim_files(folder)
    out = folder / "claim.zip"
    status = main(
        ["pack", "--orders", str(SAMPLE / "orders.csv"), "--outages", str(SAMPLE / "outages.csv"),
         "--tz", "Asia/Shanghai", "--channel", "whatsapp", "--control", "website",
         "--margin", "0.4", "--as-of", "2026-08-10T10:00+08:00", "--method", "seasonal",
         "--expenses", str(files["expenses"]), "--evidence", str(files["evidence"]),
         "--out", str(out)]
    )  # fmt: skip
    assert status == 0
    return out


def test_pack_writes_the_same_bytes_as_the_python_api(packed, folder):
    again = write_sample_pack(
        folder / "again.zip",
        {"evidence": folder / "evidence.csv", "expenses": folder / "expenses.csv"},
    )
    assert again.read_bytes() == packed.read_bytes()


def test_pack_refuses_to_replace_a_pack_without_force(packed, capsys):
    status = main(
        ["pack", "--orders", str(SAMPLE / "orders.csv"), "--outages", str(SAMPLE / "outages.csv"),
         "--tz", "Asia/Shanghai", "--out", str(packed)]
    )  # fmt: skip
    assert status == 2
    assert "pass --force" in capsys.readouterr().err


def test_verify_prints_a_table_and_exits_0(packed, capsys):
    assert main(["verify", str(packed)]) == 0
    out = capsys.readouterr().out
    assert "loss.claim_amount" in out
    assert "loss.p_value" in out
    assert "summary.recurrent" in out
    assert "0 differ" in out
    assert "versions differ" not in out
    assert "OK" in out


def test_verify_names_other_versions_of_the_software(packed, tmp_path, capsys):
    manifest = manifest_of(packed.read_bytes())
    manifest["versions"]["numpy"] = "1.0.0"
    other = tmp_path / "other.zip"
    other.write_bytes(rezip(packed.read_bytes(), {"manifest.json": json.dumps(manifest).encode()}))
    assert main(["verify", str(other)]) == 0
    out = capsys.readouterr().out
    assert "versions differ: numpy 1.0.0 in the pack" in out
    assert "pip install numpy==1.0.0" in out


def test_verify_names_a_changed_figure_and_exits_1(packed, tmp_path, capsys):
    content = members(packed.read_bytes())
    report = json.loads(content["report/impact_report.json"])
    report["loss"]["lost_orders"] = 1.0
    changed = tmp_path / "changed.zip"
    changed.write_bytes(
        rezip(packed.read_bytes(), {"report/impact_report.json": json.dumps(report).encode()})
    )
    assert main(["verify", str(changed)]) == 1
    out = capsys.readouterr().out
    assert "digest differs: report/impact_report.json" in out
    assert "loss.lost_orders" in out
    assert "NO" in out
    assert "FAILED" in out


def test_verify_of_a_pack_missing_a_file_is_one_line_and_exit_2(packed, tmp_path, capsys):
    lacking = tmp_path / "lacking.zip"
    lacking.write_bytes(rezip(packed.read_bytes(), {"inputs/evidence/01-error_page.png": None}))
    assert main(["verify", str(lacking)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "inputs/evidence/01-error_page.png" in err


@pytest.mark.parametrize(
    "data",
    [b"not a zip", zipped({"../escape.txt": b"x"}), zipped({"README.txt": b"x"})],
    ids=["not-zip", "escaping", "no-manifest"],
)
def test_verify_of_an_unreadable_pack_is_one_line_and_exit_2(tmp_path, capsys, data):
    bad = tmp_path / "bad.zip"
    bad.write_bytes(data)
    assert main(["verify", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("claimstats: error:")
    assert err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.parent.iterdir() if p.name == "escape.txt") == []
