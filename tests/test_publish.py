"""The report as it is published: rounded numbers that add up, the same bytes on any machine
and from any folder, no folder of the claimant's machine."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from pydantic import BaseModel

import claimstats as cs
from claimstats.cli import main
from claimstats.datasets import demo_report, make_sample
from claimstats.models import EvidenceItem
from claimstats.report.publish import published, render_json, shown_loss, shown_path
from claimstats.units import rounded

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
NUMBER = re.compile(r"(?<![\w\".])-?\d+\.\d+(?:e-?\d+)?(?![\w\"])")


@pytest.fixture(scope="module")
def report():
    return demo_report(lang="en")


def _next_float(model: BaseModel) -> BaseModel:
    """The model with every float moved by one unit in the last place: what another
    machine's numpy may compute."""

    def moved(value: object) -> object:
        if isinstance(value, BaseModel):
            return _next_float(value)
        if isinstance(value, float) and not isinstance(value, bool) and np.isfinite(value):
            return float(np.nextafter(value, np.inf))
        if isinstance(value, list):
            return [moved(v) for v in value]
        if isinstance(value, dict):
            return {k: moved(v) for k, v in value.items()}
        return value

    update = {name: moved(getattr(model, name)) for name in type(model).model_fields}
    return model.model_copy(update=update)


def test_last_bits_of_another_machine_give_the_same_json_and_page(report):
    other = _next_float(report)
    assert other.loss.lost_orders != report.loss.lost_orders
    assert render_json(other) == render_json(report)
    assert other.render_html() == report.render_html()


def test_every_number_of_the_json_is_rounded_for_what_it_is(report):
    shown = published(report)
    assert rounded(shown) == shown  # rounding again changes nothing
    text = render_json(report)
    long = [n for n in NUMBER.findall(text) if len(n.split(".")[1]) > 4]
    # only shares and p-values: at most 4 significant digits, e.g. 0.08333
    assert all(len(n.lstrip("-0.").replace(".", "")) <= 4 for n in long), long[:5]
    loss = json.loads(text)["loss"]
    assert (loss["lost_orders"], loss["net_lost_revenue"], loss["p_value"]) == (
        206.8,
        39741.3,
        0.025,
    )
    # the placebos' net losses are money, to the cent; the last bucket's net loss so far
    # is the net loss, in orders and in money
    assert all(value == round(value, 2) for value in loss["placebo_losses"])
    assert len(loss["placebo_losses"]) == loss["placebo_windows"] == 39
    last = loss["buckets"][-1]
    assert (last["net_lost_so_far"], last["net_lost_revenue_so_far"]) == (160.7, 39741.3)


def test_the_loss_table_adds_up_to_the_cent(report):
    e = published(report).loss
    assert e.lost_orders == round(e.expected_orders - e.actual_orders, 1)
    assert e.net_lost_orders == round(e.lost_orders - e.recovered_orders, 1)
    assert e.lost_revenue == round(e.expected_revenue - e.actual_revenue, 2)
    assert e.net_lost_revenue == round(e.lost_revenue - e.recovered_revenue, 2)
    assert e.lost_profit == round(e.net_lost_revenue * 0.4, 2)
    assert e.claim_amount == e.lost_profit  # no expenses in the demo
    assert (e.lost_profit_low, e.lost_profit_high) == (
        round(e.net_lost_revenue_low * 0.4, 2),
        round(e.net_lost_revenue_high * 0.4, 2),
    )


def test_expenses_are_added_to_the_claim_to_the_cent():
    claim = make_sample(seed=0)
    loss = cs.estimate_loss(
        claim.orders,
        cs.incidents(claim.outages),
        channel="whatsapp",
        margin=0.35,
        expenses=[
            {"amount": 300.006, "description": "courier"},
            {"amount": 0.1, "description": "sms"},
        ],
        settings={"method": "seasonal"},
    )
    e = shown_loss(loss)
    assert e.claimed_expenses == 300.11  # the sum of the amounts as shown (300.01 + 0.10)
    assert e.claim_amount == round(e.lost_profit + 300.11, 2)
    assert loss.claimed_expenses == pytest.approx(300.106)  # the estimate keeps full precision


def test_money_in_yen_has_no_minor_unit(report):
    yen = report.model_copy(
        update={"currency": "JPY", "loss": report.loss.model_copy(update={"currency": "JPY"})}
    )
    e = published(yen).loss
    assert e.net_lost_revenue == e.lost_revenue - e.recovered_revenue == 39741  # whole yen
    assert all(b.expected_revenue == round(b.expected_revenue) for b in e.buckets)


@pytest.mark.parametrize(
    ("path", "folder", "shown"),
    [
        ("/home/ming/claim/orders.csv", "/home/ming/claim/reports", "orders.csv"),
        ("/home/ming/claim/data/orders.csv", "/home/ming/claim", "data/orders.csv"),
        ("/home/ming/claim/orders.csv", None, "orders.csv"),
        ("data/orders.csv", None, "orders.csv"),
        ("C:\\Users\\ming\\orders.csv", None, "orders.csv"),
        ("https://example.com/chat.png", "/tmp", "https://example.com/chat.png"),
        ("DataFrame", None, "DataFrame"),
    ],
)
def test_files_are_named_without_the_folders_of_the_machine(path, folder, shown):
    assert shown_path(path, folder) == shown


def test_absolute_evidence_paths_lose_their_folders_and_relative_ones_stay(report, tmp_path):
    items = [
        EvidenceItem(name="chat", path=str(tmp_path / "private" / "chat.png"), kind="chat"),
        EvidenceItem(name="ticket", path="tickets/ticket-1.pdf", kind="ticket"),
    ]
    shown = published(report.model_copy(update={"evidence_items": items}), tmp_path / "out")
    assert [i.path for i in shown.evidence_items] == ["chat.png", "tickets/ticket-1.pdf"]
    beneath = published(report.model_copy(update={"evidence_items": items}), tmp_path)
    assert beneath.evidence_items[0].path == "private/chat.png"


def _report_args(orders: Path, outages: Path, out: Path) -> list[str]:
    return [
        "report", "--orders", str(orders), "--outages", str(outages), "--tz", "Asia/Shanghai",
        "--channel", "whatsapp", "--control", "website", "--margin", "0.4",
        "--as-of", "2026-08-10T10:00:00+08:00", "--out", str(out / "report.html"),
        "--json", str(out / "report.json"), "--xlsx", str(out / "report.xlsx"),
    ]  # fmt: skip


def test_two_runs_from_different_folders_write_the_same_bytes(tmp_path, monkeypatch, capsys):
    first, second = tmp_path / "first", tmp_path / "second" / "deeper"
    for folder in (first, second):
        folder.mkdir(parents=True)
    monkeypatch.chdir(ROOT)
    relative = _report_args(Path("sample_data/orders.csv"), Path("sample_data/outages.csv"), first)
    assert main(relative) == 0
    monkeypatch.chdir(second)
    absolute = _report_args(SAMPLE / "orders.csv", SAMPLE / "outages.csv", second)
    assert main(absolute) == 0
    capsys.readouterr()
    for name in ("report.json", "report.html", "report.xlsx"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    text = (first / "report.json").read_text(encoding="utf-8")
    assert str(ROOT) not in text
    assert [f["source"] for f in json.loads(text)["evidence"]] == ["outages.csv", "orders.csv"]
