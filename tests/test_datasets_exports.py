"""The sample evidence in real layouts reads back to the same facts as the generic files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import claimstats as cs
from claimstats.datasets.exports import BILL_DAYS, MONITOR_PAUSE, SUPPLIER_PAYMENTS
from claimstats.datasets.sample import make_sample

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"
TZ = "Asia/Shanghai"
AS_OF = "2026-08-10T10:00:00+08:00"


@pytest.fixture(scope="module")
def claim():
    return make_sample()


def test_the_monitor_log_gives_back_the_three_outages(claim) -> None:
    outages = cs.read_outages(SAMPLE / "monitor_heartbeat.csv", tz=TZ, as_of=AS_OF)

    assert outages["start"].tolist() == claim.outages["start"].tolist()
    assert outages["end"].tolist() == claim.outages["end"].tolist()
    assert outages["severity"].tolist() == ["outage"] * 3
    record = cs.provenance(outages)
    assert record.format == "heartbeat-csv"
    # 9 days of probes every 5 minutes, less the 19 the sleeping laptop missed
    assert (record.rows_read, record.rows_kept, record.rows_rejected) == (2573, 2573, 0)


def test_the_monitor_pause_is_an_unknown_period_and_the_blip_no_outage(claim) -> None:
    outages = cs.read_outages(SAMPLE / "monitor_heartbeat.csv", tz=TZ, as_of=AS_OF)

    [pause] = cs.provenance(outages).unknown_periods
    last_probe = pd.Timestamp(MONITOR_PAUSE[0], tz=TZ) - pd.Timedelta(minutes=5)
    assert pd.Timestamp(pause.start) == last_probe.tz_convert("UTC")
    assert pd.Timestamp(pause.end) == pd.Timestamp(MONITOR_PAUSE[1], tz=TZ).tz_convert("UTC")
    # the single failed probe on 2 August is not an outage (min_failed=2) ...
    assert len(outages) == 3
    # ... but it is one with min_failed=1
    strict = cs.read_outages(SAMPLE / "monitor_heartbeat.csv", tz=TZ, as_of=AS_OF, min_failed=1)
    assert len(strict) == 4
    assert strict.loc[0, "start"] == pd.Timestamp("2026-08-02 03:15", tz="UTC")


def test_the_status_page_reports_the_payment_failure(claim) -> None:
    outages = cs.read_outages(SAMPLE / "status_incidents.json", as_of=AS_OF)

    assert outages["start"].tolist() == claim.wallet_outages["start"].tolist()
    assert outages["end"].tolist() == claim.wallet_outages["end"].tolist()
    assert outages.loc[0, "service"] == "Payments"
    assert outages.loc[0, "severity"] == "outage"  # impact "major"
    assert cs.provenance(outages).format.startswith("statuspage")


def test_the_wechat_bill_holds_the_completed_payments_of_its_days(claim) -> None:
    bill = cs.read_orders(SAMPLE / "wechat_bill.csv", tz=TZ)

    wallet = claim.wallet_transactions
    local = wallet["timestamp"].dt.tz_convert(TZ)
    first, last = (pd.Timestamp(day, tz=TZ) for day in BILL_DAYS)
    paid = wallet[
        (wallet["status"] == "completed") & (local >= first) & (local < last + pd.Timedelta(days=1))
    ]
    assert len(bill) == len(paid) == 1139
    assert bill["amount"].sum() == pytest.approx(paid["amount"].sum(), abs=1e-6)
    assert bill["amount"].sum() == pytest.approx(47_244.49, abs=1e-6)
    assert sorted(bill["timestamp"]) == sorted(paid["timestamp"])
    assert set(bill["status"]) == {"completed"}
    assert set(bill["channel"]) == {"wechat_pay"}
    assert bill["order_id"].str.fullmatch(r"\d{28}").all()
    record = cs.provenance(bill)
    assert (record.format, record.encoding) == ("wechat-csv", "utf-8-sig")
    assert record.excluded == {
        "outgoing payments (支出)": len(SUPPLIER_PAYMENTS),
        "neutral transfers (/)": 1,
    }
    assert record.rows_read == 1139 + len(SUPPLIER_PAYMENTS) + 1
