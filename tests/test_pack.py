"""The claim pack (issue 20): written once per module with the cheap seasonal method, then
checked, tampered with and broken in memory."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest

import claimstats as cs
from claimstats import pack as pack_module

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
AS_OF = "2026-08-10T10:00+08:00"


def claim_files(folder: Path) -> dict[str, Path]:
    """An evidence list naming a screenshot and a link, and an expense, beside the sample."""
    (folder / "shots").mkdir()
    (folder / "shots" / "error page.png").write_bytes(b"\x89PNG fake screenshot")
    evidence = folder / "evidence.csv"
    evidence.write_text(
        "name,description,kind,path\n"
        "error page,客户 13812345678 看到的错误页,screenshot,shots/error page.png\n"
        "status page,the provider's notice,other,https://example.com/status\n",
        encoding="utf-8",
    )
    expenses = folder / "expenses.csv"
    expenses.write_text(
        "amount,description,claimed\n300,courier 13912345678 re-delivery,\n800,lost regulars,no\n",
        encoding="utf-8",
    )
    return {"evidence": evidence, "expenses": expenses}


def write_sample_pack(path: Path, files: dict[str, Path]) -> Path:
    return cs.write_claim_pack(
        path,
        SAMPLE / "orders.csv",
        SAMPLE / "outages.csv",
        tz="Asia/Shanghai",
        claim={
            "channel": "whatsapp",
            "control": "website",
            "margin": 0.4,
            "as_of": AS_OF,
            "documents": cs.ClaimDocuments(expenses=files["expenses"], evidence=files["evidence"]),
            "estimator": {"method": "seasonal"},
        },
    )


@pytest.fixture(scope="module")
def packed(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    folder = tmp_path_factory.mktemp("claim")
    return write_sample_pack(folder / "claim.zip", claim_files(folder)).read_bytes()


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def rezip(data: bytes, changes: dict[str, bytes | None]) -> bytes:
    """The pack with members replaced (bytes) or left out (None)."""
    content = {**members(data), **changes}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, value in content.items():
            if value is not None:
                archive.writestr(name, value)
    return out.getvalue()


def manifest_of(data: bytes) -> dict:
    return json.loads(members(data)["manifest.json"])


def save(tmp_path: Path, data: bytes, name: str = "claim.zip") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_the_pack_holds_report_inputs_evidence_and_a_manifest_of_them(packed):
    content = members(packed)
    manifest = json.loads(content["manifest.json"])
    listed = {f["path"]: f for f in manifest["files"]}
    assert set(listed) == set(content) - {"manifest.json"}
    assert {
        "README.txt",
        "report/impact_report.html",
        "report/impact_report.json",
        "report/loss_schedule.xlsx",
        "inputs/orders.csv",
        "inputs/outages.csv",
        "inputs/evidence.csv",
        "inputs/evidence/01-error_page.png",
        "inputs/expenses.csv",
    } <= set(listed)
    for name, entry in listed.items():
        assert entry["sha256"] == hashlib.sha256(content[name]).hexdigest()
        assert entry["size"] == len(content[name])
    settings = manifest["settings"]
    assert settings["tz"] == "Asia/Shanghai"
    assert settings["margin"] == 0.4
    assert settings["as_of"] == "2026-08-10T02:00:00+00:00"
    assert settings["estimator"]["method"] == "seasonal"
    assert settings["policy"]["claimant_type"] == "business"
    assert settings["presentation"]["lang"] == "zh"
    assert set(manifest["versions"]) == {"claimstats", "numpy", "pandas", "scipy"}
    readme = content["README.txt"].decode("utf-8")
    assert "claimstats verify" in readme
    assert "核对" in readme
    assert "To check it" in readme


def test_the_pack_is_dated_by_as_of_in_sorted_order_with_fixed_permissions(packed):
    with zipfile.ZipFile(io.BytesIO(packed)) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    assert {i.date_time for i in infos} == {(2026, 8, 10, 2, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o644}


def test_customers_and_free_text_are_masked_in_the_packed_inputs(packed):
    content = members(packed)
    orders = content["inputs/orders.csv"].decode("utf-8")
    assert orders.splitlines()[0] == "order_id,timestamp,amount,currency,channel,status,customer"
    assert "+86 15216503080" not in orders
    assert "WA-20260601-0001" in orders
    evidence = content["inputs/evidence.csv"].decode("utf-8")
    assert "13812345678" not in evidence
    expenses = content["inputs/expenses.csv"].decode("utf-8")
    assert "13912345678" not in expenses
    assert expenses.splitlines()[1:] == [
        "300.0,courier 139****5678 re-delivery,,yes",
        "800.0,lost regulars,,no",
    ]
    assert "evidence/01-error_page.png" in evidence
    assert "https://example.com/status" in evidence
    assert manifest_of(packed)["masked"] is True


def test_an_untouched_pack_verifies(packed, tmp_path):
    check = cs.verify_claim_pack(save(tmp_path, packed))
    assert check.ok
    assert check.digests_ok
    assert check.figures_ok
    assert not (check.changed)
    assert not (check.missing)
    assert not (check.extra)
    figures = {f.figure: f for f in check.figures}
    assert figures["loss.claim_amount"].in_pack == figures["loss.claim_amount"].recomputed
    assert figures["loss.claimed_expenses"].recomputed == 300.0


def test_a_tampered_order_file_is_caught(packed, tmp_path):
    orders = members(packed)["inputs/orders.csv"].decode("utf-8").splitlines()
    # a website order in the outage booked as a WhatsApp order: less loss
    in_outage = next(
        i for i, line in enumerate(orders) if "2026-08-04T03:" in line and ",website," in line
    )
    orders[in_outage] = orders[in_outage].replace(",website,", ",whatsapp,")
    tampered = rezip(packed, {"inputs/orders.csv": ("\n".join(orders) + "\n").encode()})
    check = cs.verify_claim_pack(save(tmp_path, tampered))
    assert not check.ok
    assert not check.digests_ok
    assert check.changed == ["inputs/orders.csv"]
    assert "loss.actual_orders" in [f.figure for f in check.figures if not f.same]


def test_a_changed_figure_in_the_json_is_caught_even_with_its_digest_fixed(packed, tmp_path):
    def change(report: dict) -> None:
        report["loss"]["claim_amount"] += 1000

    check = cs.verify_claim_pack(save(tmp_path, with_report(packed, change)))
    assert check.digests_ok
    assert not check.ok
    assert [f.figure for f in check.figures if not f.same] == ["loss.claim_amount"]


def with_report(packed: bytes, change) -> bytes:
    """The pack with its JSON report changed by ``change`` and its digest made to match."""
    content = members(packed)
    report = json.loads(content["report/impact_report.json"])
    change(report)
    data = (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    manifest = json.loads(content["manifest.json"])
    for entry in manifest["files"]:
        if entry["path"] == "report/impact_report.json":
            entry.update(sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    return rezip(
        packed,
        {"report/impact_report.json": data, "manifest.json": json.dumps(manifest).encode()},
    )


def test_every_part_of_the_json_is_compared_but_the_input_files_description(packed, tmp_path):
    def change(report: dict) -> None:
        report["sensitivity"][1]["claim_amount"] *= 0.5  # an alternative made to look weak
        report["policy"]["checks"][0]["met"] = not report["policy"]["checks"][0]["met"]
        report["incidents"][0]["duration"] = "PT1M"
        report["evidence"][0]["sha256"] = "0" * 64  # how the claimant's file read: not recomputed
        report["evidence"][1]["rows_kept"] += 1  # the rows the analysis used: compared

    check = cs.verify_claim_pack(save(tmp_path, with_report(packed, change)))
    assert [f.figure for f in check.figures if not f.same] == [
        "evidence[1].rows_kept",
        "incidents[0].duration",
        "policy.checks[0].met",
        "sensitivity[1].claim_amount",
    ]
    compared = {f.figure.split(".")[0].split("[")[0] for f in check.figures}
    assert {"loss", "summary", "sensitivity", "sensitivity_spread", "policy", "sla"} <= compared
    assert {"incidents", "evidence"} <= compared
    assert not [f for f in check.figures if f.figure.endswith((".sha256", ".format", ".name"))
                and f.figure.startswith("evidence[")]  # fmt: skip
    assert len(check.figures) > 3000


def test_a_pack_listing_the_orders_verifies_their_masked_customers(tmp_path):
    """The customers in the packed orders are masked; the report made from them masks
    them again, and masking twice gives what masking once gave."""
    path = cs.write_claim_pack(
        tmp_path / "claim.zip",
        SAMPLE / "orders.csv",
        SAMPLE / "outages.csv",
        tz="Asia/Shanghai",
        claim={
            "channel": "whatsapp",
            "as_of": AS_OF,
            "estimator": {"method": "seasonal", "sensitivity": False},
        },
        presentation={"include_orders": True},
    )
    check = cs.verify_claim_pack(path)
    customers = [f for f in check.figures if f.figure.endswith(".customer")]
    assert len(customers) > 200
    assert all("**" in f.in_pack for f in customers if f.in_pack)
    assert check.ok


def test_other_versions_of_the_software_are_named(packed, tmp_path):
    manifest = manifest_of(packed)
    manifest["versions"]["pandas"] = "0.0.1"
    changed = rezip(packed, {"manifest.json": json.dumps(manifest).encode()})
    check = cs.verify_claim_pack(save(tmp_path, changed))
    assert list(check.other_versions) == ["pandas"]
    assert check.other_versions["pandas"][0] == "0.0.1"
    assert check.ok  # the figures still agree: a warning, not a failure


@pytest.mark.parametrize(
    ("claim", "reading", "named"),
    [
        ({"chanel": "whatsapp"}, None, "'chanel'"),
        ({"currency": "CNY"}, None, "'currency'"),
        (None, {"order": {}}, "'order'"),
        (None, {"orders": {"as_of": AS_OF}}, "'as_of'"),
    ],
)
def test_settings_a_pack_cannot_take_are_named(tmp_path, claim, reading, named):
    with pytest.raises(cs.ConfigError, match=named):
        cs.write_claim_pack(
            tmp_path / "claim.zip",
            SAMPLE / "orders.csv",
            SAMPLE / "outages.csv",
            tz="Asia/Shanghai",
            claim=claim,
            reading=reading,
        )
    assert not (tmp_path / "claim.zip").exists()


def test_a_masked_pack_refuses_an_unmasked_report_and_bad_reading_options(tmp_path):
    files = (tmp_path / "claim.zip", SAMPLE / "orders.csv", SAMPLE / "outages.csv")
    with pytest.raises(cs.ConfigError, match="a masked pack needs a masked report"):
        cs.write_claim_pack(*files, tz="Asia/Shanghai", presentation={"mask": False})
    for reading in ({"orders": None}, ["orders"]):
        with pytest.raises(cs.ConfigError, match="reading must map 'orders' and 'outages'"):
            cs.write_claim_pack(*files, tz="Asia/Shanghai", reading=reading)  # type: ignore[arg-type]
    assert not files[0].exists()


def test_inputs_and_documents_that_are_not_files_are_refused_before_the_analysis(
    tmp_path, monkeypatch
):
    def never(*args, **kwargs):
        msg = "the analysis ran"
        raise AssertionError(msg)

    monkeypatch.setattr(pack_module, "analyze_claim", never)
    frame = cs.read_orders(SAMPLE / "orders.csv", tz="Asia/Shanghai")
    files = (tmp_path / "claim.zip", SAMPLE / "orders.csv", SAMPLE / "outages.csv")
    with pytest.raises(cs.ConfigError, match="a pack needs orders as a file path"):
        cs.write_claim_pack(files[0], frame, files[2], tz="Asia/Shanghai")  # type: ignore[arg-type]
    for documents, named in (
        ({"expenses": [{"amount": 300, "description": "courier"}]}, "expenses as a file path"),
        ({"evidence": [{"name": "chat"}]}, "evidence as the path of an evidence list"),
    ):
        with pytest.raises(cs.ConfigError, match=named):
            cs.write_claim_pack(*files, tz="Asia/Shanghai", claim={"documents": documents})
    assert not files[0].exists()


def test_a_missing_evidence_file_is_caught(packed, tmp_path):
    lacking = rezip(packed, {"inputs/evidence/01-error_page.png": None})
    check = cs.verify_claim_pack(save(tmp_path, lacking))
    assert check.missing == ["inputs/evidence/01-error_page.png"]
    assert not check.ok


def test_a_file_the_manifest_does_not_name_is_extra(packed, tmp_path):
    check = cs.verify_claim_pack(save(tmp_path, rezip(packed, {"inputs/more.csv": b"a\n"})))
    assert check.extra == ["inputs/more.csv"]
    assert check.figures_ok
    assert not check.ok


def zipped(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"<html>not a zip</html>", "not a ZIP file"),
        (zipped({"big.csv": b"0" * (4 * 1024**2)}), "ZIP bomb"),
        (zipped({"../x": b"a", "manifest.json": b"{}"}), "outside the pack's folder"),
        (zipped({"/etc/x": b"a"}), "outside the pack's folder"),
        (zipped({"README.txt": b"a"}), "no manifest.json"),
        (zipped({"manifest.json": b"{not json"}), "manifest.json cannot be read"),
    ],
    ids=["not-zip", "bomb", "dotdot", "absolute", "no-manifest", "bad-manifest"],
)
def test_a_bad_pack_is_one_clear_error(tmp_path, data, words):
    with pytest.raises(cs.PackError, match=words):
        cs.verify_claim_pack(save(tmp_path, data))
    assert [p.name for p in tmp_path.iterdir()] == ["claim.zip"]


def test_a_pack_too_big_once_unpacked_is_refused(packed, tmp_path, monkeypatch):
    monkeypatch.setattr(pack_module, "MAX_UNPACKED", 1024)
    with pytest.raises(cs.PackError, match="more than the 1024"):
        cs.verify_claim_pack(save(tmp_path, packed))


def test_a_manifest_naming_an_unsafe_path_is_refused(packed, tmp_path):
    manifest = manifest_of(packed)
    manifest["files"].append({"path": "../../etc/passwd", "sha256": "0" * 64, "size": 1})
    bad = rezip(packed, {"manifest.json": json.dumps(manifest).encode()})
    with pytest.raises(cs.PackError, match="unsafe paths"):
        cs.verify_claim_pack(save(tmp_path, bad))


def test_an_order_file_changed_past_reading_is_a_changed_digest(packed, tmp_path):
    broken = rezip(packed, {"inputs/orders.csv": b"nothing,here\n1,2\n"})
    check = cs.verify_claim_pack(save(tmp_path, broken))
    assert check.changed == ["inputs/orders.csv"]
    assert check.error is not None
    assert not check.ok


def test_a_printer_adds_the_pdf_and_the_pack_still_verifies(tmp_path):
    printed: list[str] = []

    def printer(html: str) -> bytes:
        printed.append(html)
        return b"%PDF-1.7 the report printed"

    path = cs.write_claim_pack(
        tmp_path / "claim.zip",
        SAMPLE / "orders.csv",
        SAMPLE / "outages.csv",
        tz="Asia/Shanghai",
        claim={"channel": "whatsapp", "as_of": AS_OF, "estimator": {"sensitivity": False}},
        printer=printer,
    )
    content = members(path.read_bytes())
    assert content["report/impact_report.pdf"] == b"%PDF-1.7 the report printed"
    assert printed == [content["report/impact_report.html"].decode("utf-8")]
    listed = {f["path"] for f in manifest_of(path.read_bytes())["files"]}
    assert "report/impact_report.pdf" in listed
    assert cs.verify_claim_pack(path).ok
