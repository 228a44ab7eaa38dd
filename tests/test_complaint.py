"""analyze_complaint and check_complaint_input: a wallet complaint from the shop's files."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import claimstats as cs
from claimstats.complaint import check_complaint_input
from claimstats.datasets import make_sample
from claimstats.errors import ConfigError

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"
AS_OF = "2026-08-10T10:00+08:00"
MERCHANT = {
    "merchant": {"name": "街角咖啡", "merchant_id": "1650012345", "contact": "020-1234 5678"}
}


@pytest.fixture(scope="module")
def claim():
    return make_sample(seed=0)


@pytest.fixture(scope="module")
def complaint(claim):
    return cs.analyze_complaint(
        claim.wallet_transactions, claim.wallet_outages, tz="Asia/Shanghai", as_of=AS_OF,
        context=MERCHANT,
    )  # fmt: skip


def test_the_complaint_holds_the_payment_analysis_the_path_and_the_evidence(claim, complaint):
    incidents = cs.incidents(claim.wallet_outages, as_of=AS_OF)
    raw = cs.analyze_payments(claim.wallet_transactions, incidents)
    assert complaint.payments.unrecovered_amount == raw.unrecovered_amount
    assert complaint.payments.excess_failures == raw.excess_failures
    assert complaint.provider == "WeChat Pay"
    assert [b.step for b in complaint.escalation] == [
        "provider",
        "association",
        "regulator",
        "legal",
    ]
    assert [f.kind for f in complaint.evidence] == ["outages", "orders"]
    assert complaint.context.merchant.merchant_id == "1650012345"
    assert complaint.context.steps.support_contacted is None  # nothing said, nothing claimed
    assert complaint.masked


def test_customers_are_masked_distinguishably_unless_asked_not_to(claim, complaint):
    shown = [r.customer for r in complaint.payments.unpaid]
    assert all(c.startswith("o***") and len(c) == 8 for c in shown)
    assert len(set(shown)) == len({r.customer for r in complaint.payments.unpaid})
    raw = cs.analyze_complaint(
        claim.wallet_transactions, claim.wallet_outages, tz="Asia/Shanghai", as_of=AS_OF,
        context=MERCHANT, mask=False,
    )  # fmt: skip
    assert not raw.masked
    assert all(len(r.customer) > 20 for r in raw.payments.unpaid)


def test_files_give_the_complaint_of_their_frames(complaint):
    from_files = cs.analyze_complaint(
        f"{SAMPLE}/wallet_transactions.csv", f"{SAMPLE}/wallet_outages.csv", tz="Asia/Shanghai",
        as_of=AS_OF, context=MERCHANT,
    )  # fmt: skip
    assert from_files.payments == complaint.payments
    assert [f.name for f in from_files.evidence] == [
        "wallet_outages.csv",
        "wallet_transactions.csv",
    ]


def test_a_notice_naming_no_wallet_needs_the_provider(claim):
    notice = claim.wallet_outages.assign(service="unspecified")
    with pytest.raises(
        ConfigError, match=r"names no service; say which wallet failed with provider="
    ):
        cs.analyze_complaint(claim.wallet_transactions, notice, tz="Asia/Shanghai", as_of=AS_OF,
                             context=MERCHANT)  # fmt: skip
    named = cs.analyze_complaint(claim.wallet_transactions, notice, tz="Asia/Shanghai",
                                 as_of=AS_OF, context={**MERCHANT, "provider": "Alipay"})  # fmt: skip
    assert named.escalation[0].contact == "95188"


# --- check_complaint_input -------------------------------------------------------------


def test_a_payees_bill_cannot_serve_and_says_what_to_export():
    check = check_complaint_input(f"{SAMPLE}/wechat_bill.csv", tz="Asia/Shanghai")
    assert not check.usable
    assert "holds no failed payment attempts (completed 1,139)" in check.error
    assert "export the payment attempts" in check.error


def test_the_attempts_serve_and_their_failures_cluster_in_the_notice():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        check = check_complaint_input(
            f"{SAMPLE}/wallet_transactions.csv", tz="Asia/Shanghai",
            outages=f"{SAMPLE}/wallet_outages.csv", as_of=AS_OF,
        )  # fmt: skip
    assert check.usable
    assert check.warnings == []


def test_times_read_in_the_wrong_zone_and_no_deduction_column_are_warnings(tmp_path):
    frame = pd.read_csv(f"{SAMPLE}/wallet_transactions.csv", dtype=str)
    utc = pd.to_datetime(frame["timestamp"], utc=True).dt.strftime("%Y-%m-%d %H:%M:%S")
    naive = tmp_path / "attempts.csv"
    frame.assign(timestamp=utc).drop(columns="funds_deducted").to_csv(naive, index=False)
    check = check_complaint_input(
        naive, tz="Asia/Shanghai", outages=f"{SAMPLE}/wallet_outages.csv", as_of=AS_OF
    )
    assert check.usable
    said = " | ".join(check.warnings)
    assert "there is no funds_deducted column, so the letter can ask for no refund" in said
    assert "no payment attempt falls in the notice's window" in said
    assert "read 8 h later, 81% of 53 would fail there" in said
