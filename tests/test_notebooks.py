"""Notebook 02 run by papermill with other parameters writes the report the API builds.

The suite already runs every notebook with its default parameters (``--nbval-lax``);
this runs ``notebooks/02_claim_report.ipynb`` once more, the way a user runs it on their
own claim (``papermill ... -p lang en -p margin 0.3 ...``), in a temporary folder.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

import claimstats as cs

papermill = pytest.importorskip("papermill", reason="papermill comes with the notebooks extra")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "02_claim_report.ipynb"
SAMPLE = ROOT / "sample_data"
AS_OF = "2026-08-10T10:00:00+08:00"
EXPENSES = (
    "amount,description,evidence,claimed\n"
    "300,courier re-delivery,receipt-0805.pdf,\n"
    "5000,regular customers lost,,no\n"
)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """The notebook executed by papermill with non-default parameters, in a temporary folder."""
    folder = tmp_path_factory.mktemp("papermill")
    (folder / "expenses.csv").write_text(EXPENSES, encoding="utf-8")
    parameters = {
        "orders_path": str(SAMPLE / "orders.csv"),
        "outages_path": str(SAMPLE / "outages.csv"),
        "tz": "Asia/Shanghai",
        "channel": "whatsapp",
        "control": "website",
        "margin": 0.3,
        "lang": "en",
        "as_of": AS_OF,
        "method": "seasonal",
        "claimant": "Guangzhou Flower Shop",
        "expenses_path": "expenses.csv",  # relative: found from the kernel's working folder
        "output_path": "out/claim.html",
    }
    papermill.execute_notebook(
        str(NOTEBOOK),
        str(folder / "executed.ipynb"),
        parameters=parameters,
        kernel_name="python3",
        cwd=str(folder),
        progress_bar=False,
    )
    return folder, parameters


@pytest.fixture(scope="module")
def direct(run):
    """The report built by the API from the same files and parameters."""
    folder, p = run
    return cs.build_report(
        cs.analyze_claim(
            p["orders_path"],
            p["outages_path"],
            tz=p["tz"],
            channel=p["channel"],
            control=p["control"],
            margin=p["margin"],
            as_of=p["as_of"],
            documents=cs.ClaimDocuments(expenses=folder / p["expenses_path"]),
            estimator={"method": p["method"]},
        ),
        {"lang": p["lang"], "claimant": p["claimant"]},
    )


def test_papermill_writes_the_html_report_and_its_json(run):
    folder, _ = run
    html = folder / "out" / "claim.html"
    assert html.is_file()
    assert (folder / "out" / "claim.json").is_file()
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script src=" not in page  # plotly.js inlined: the report opens offline


def test_report_json_has_the_numbers_of_build_report(run, direct):
    folder, _ = run
    written = json.loads((folder / "out" / "claim.json").read_text(encoding="utf-8"))
    expected = json.loads(direct.to_json())
    loss = written["loss"]
    assert (written["lang"], written["claimant"]) == ("en", "Guangzhou Flower Shop")
    assert (loss["method"], loss["margin"]) == ("seasonal", 0.3)
    assert loss["lost_profit"] == pytest.approx(0.3 * loss["net_lost_revenue"])
    assert loss["claimed_expenses"] == 300.0  # the indirect 5,000 is listed, not claimed
    assert loss["claim_amount"] == pytest.approx(loss["lost_profit"] + 300.0)
    for name in ("lost_orders", "net_lost_revenue", "lost_profit", "claim_amount", "p_value"):
        assert loss[name] == expected["loss"][name], name
    assert written == expected  # every number, the statements and the evidence inventory


def test_html_report_is_byte_identical_to_the_api(run, direct):
    folder, _ = run
    assert (folder / "out" / "claim.html").read_text(encoding="utf-8") == direct.render_html()


def test_parameters_are_injected_after_the_parameters_cell(run):
    folder, _ = run
    cells = nbformat.read(folder / "executed.ipynb", as_version=4).cells
    tags = [cell.metadata.get("tags", []) for cell in cells]
    at = tags.index(["parameters"])
    assert "injected-parameters" in tags[at + 1]
    assert "margin = 0.3" in cells[at + 1].source
    assert 'lang = "en"' in cells[at + 1].source
    printed = "".join(
        output.get("text", "")
        for cell in cells
        if cell.cell_type == "code"
        for output in cell.outputs
    )
    assert "Reason for the claim" in printed  # the statement in both languages
    assert "索赔理由" in printed
    assert "claim.html and claim.json written" in printed


def test_the_wallet_notebook_runs_on_a_shops_own_files(tmp_path):
    """Notebook 03 on files that are not the sample, from another folder: the letter and its
    report are written, the merchant is the one given, and no truth line is printed."""
    from claimstats.datasets.wallet_shops import make_wallet_shop

    shop = make_wallet_shop(seed=3)
    attempts = shop.transactions.assign(timestamp=shop.transactions["timestamp"].astype(str))
    attempts.to_csv(tmp_path / "attempts.csv", index=False)
    shop.outages.to_csv(tmp_path / "notice.csv", index=False)
    parameters = {
        "transactions_path": "attempts.csv",
        "outages_path": "notice.csv",
        "merchant_name": "Bean There",
        "merchant_id": 1650099999,  # papermill passes a number as one
        "as_of": "2026-07-20T10:00:00+08:00",
        "lang": "en",
        "output_path": "out/complaint.html",
    }
    executed = papermill.execute_notebook(
        str(ROOT / "notebooks" / "03_wallet_payments.ipynb"), str(tmp_path / "run.ipynb"),
        parameters=parameters, kernel_name="python3", cwd=str(tmp_path), progress_bar=False,
    )  # fmt: skip
    printed = "".join(
        "".join(o.get("text", "")) for c in executed["cells"] for o in c.get("outputs", [])
    )
    assert "truth" not in printed
    assert "Merchant number: 1650099999" in printed
    written = cs.read_orders(tmp_path / "attempts.csv")  # the input is unchanged and readable
    assert len(written) == len(shop.transactions)
    data = json.loads((tmp_path / "out" / "complaint.json").read_text(encoding="utf-8"))
    assert {r["order_id"] for r in data["payments"]["unpaid"]} == set(shop.truth.unpaid)
    assert {r["order_id"] for r in data["payments"]["refund_due"]} == set(shop.truth.refund_due)


def test_the_assessor_notebook_checks_a_pack_it_is_given(tmp_path):
    """Notebook 05 on a pack it did not make (unmasked, seasonal, in English), from another
    folder: it verifies it, reads its figures, and says it cannot alter original files."""
    pack = cs.write_claim_pack(
        tmp_path / "received.zip",
        SAMPLE / "orders.csv",
        SAMPLE / "outages.csv",
        tz="Asia/Shanghai",
        claim={
            "channel": "whatsapp",
            "margin": 0.3,
            "as_of": AS_OF,
            "estimator": {"method": "seasonal"},
        },
        presentation={"lang": "en"},
        mask=False,
    )
    stated = json.loads(cs.read_claim_pack(pack)["report/impact_report.json"])["loss"]
    executed = papermill.execute_notebook(
        str(ROOT / "notebooks" / "05_assessor_pack.ipynb"), str(tmp_path / "run.ipynb"),
        parameters={"pack_path": "received.zip"}, kernel_name="python3", cwd=str(tmp_path),
        progress_bar=False,
    )  # fmt: skip
    printed = "".join(
        "".join(o.get("text", "")) for c in executed["cells"] for o in c.get("outputs", [])
    )
    assert "checking received.zip" in printed
    assert "verdict: the report's figures are what its inputs and settings give" in printed
    assert "; differing: 0" in printed
    assert f"amount claimed: {stated['claim_amount']:,.2f} CNY" in printed
    assert "inputs masked: False" in printed
    assert "the pack holds the original files" in printed
    assert "no control channel: ask for the orders of an unaffected channel" in printed
