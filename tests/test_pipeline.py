"""analyze_claim: one call from the orders and outages to everything the report shows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import claimstats as cs
from claimstats.datasets import DEMO_AS_OF, make_sample
from claimstats.models import ClaimAnalysis
from claimstats.pipeline import window_orders

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
DEMO = {"tz": "Asia/Shanghai", "channel": "whatsapp", "control": "website", "as_of": DEMO_AS_OF}


@pytest.fixture(scope="module")
def claim():
    return make_sample(seed=0)


@pytest.fixture(scope="module")
def analysis(claim) -> ClaimAnalysis:
    return cs.analyze_claim(claim.orders, claim.outages, margin=0.4, **DEMO)


def test_the_analysis_holds_each_stage_of_the_claim(claim, analysis):
    inc = cs.incidents(claim.outages, as_of=DEMO_AS_OF)
    assert analysis.summary == cs.summarize_incidents(inc)
    assert analysis.loss == cs.estimate_loss(
        claim.orders, inc, channel="whatsapp", control="website", margin=0.4
    )
    assert [r.number for r in analysis.incidents] == [1, 2, 3]
    assert analysis.policy.qualifies
    assert analysis.filing_deadline == analysis.policy.deadlines[0].moment
    assert [m.uptime_percent for m in analysis.sla] == [pytest.approx(96.0349, abs=1e-4)]
    assert [f.kind for f in analysis.evidence] == ["outages", "orders"]
    assert len(analysis.orders) == 378  # the rows behind the actual figures


def test_files_give_the_analysis_of_their_frames(analysis):
    from_files = cs.analyze_claim(SAMPLE / "orders.csv", SAMPLE / "outages.csv", margin=0.4, **DEMO)
    assert from_files.loss == analysis.loss
    assert [f.name for f in from_files.evidence] == ["outages.csv", "orders.csv"]
    assert from_files.evidence[1].sha256 is not None


def test_every_estimator_setting_reaches_the_estimate(claim):
    settings = {"method": "seasonal", "freq": "15min", "recovery": "12h", "seed": 3,
                "confidence": 0.9, "baseline_weeks": 4, "max_placebos": 20}  # fmt: skip
    loss = cs.analyze_claim(claim.orders, claim.outages, estimator=settings, **DEMO).loss
    assert (loss.method, loss.freq, loss.seed, loss.confidence) == ("seasonal", "15min", 3, 0.9)
    assert (loss.recovery.total_seconds(), loss.baseline_weeks) == (12 * 3600, 4)
    assert loss.placebo_windows <= 20
    typed = cs.analyze_claim(
        claim.orders, claim.outages, estimator=cs.EstimatorSettings(**settings), **DEMO
    )
    assert typed.loss == loss


def test_documents_and_policy_reach_the_analysis(claim, tmp_path):
    (tmp_path / "chat.txt").write_text("客服: 正在处理", encoding="utf-8")
    (tmp_path / "evidence.csv").write_text("name,kind,path\nchat,chat,chat.txt\n", encoding="utf-8")
    (tmp_path / "sla.csv").write_text("below_uptime_percent,credit_percent\n99,30\n", "utf-8")
    documents = cs.ClaimDocuments(
        expenses=[{"amount": 300, "description": "courier"}],
        evidence=tmp_path / "evidence.csv",
        sla_schedule=tmp_path / "sla.csv",
        filed_on="2026-08-07",
    )
    analysis = cs.analyze_claim(
        claim.orders, claim.outages, documents=documents,
        policy={"claimant_type": "personal", "threshold": "48h"}, **DEMO,
    )  # fmt: skip
    assert analysis.loss.claimed_expenses == 300.0
    assert [(i.name, i.kind, i.path) for i in analysis.evidence_items] == [
        ("chat", "chat", "chat.txt")
    ]
    assert analysis.sla[0].credit_percent == 30.0
    assert analysis.policy.filed_on.isoformat() == "2026-08-07"
    assert analysis.policy.policy.claimant_type == "personal"
    assert not analysis.summary.passed_threshold  # 27 h 15 min is not over 48 h


def test_the_analysis_keeps_texts_as_the_inputs_hold_them(claim):
    described = claim.outages.assign(description="call me on 13812345678")
    analysis = cs.analyze_claim(claim.orders, described, **DEMO)
    assert "13812345678" in analysis.incidents[0].description
    assert any(row.customer and "****" not in row.customer for row in analysis.orders)
    report = cs.build_report(analysis)  # masked by default
    assert "13812345678" not in report.incidents[0].description
    assert all("****" in row.customer for row in report.orders if row.customer) or not report.orders


def test_window_orders_follow_the_windows_and_the_channels(claim, analysis):
    rows = window_orders(claim.orders, analysis.loss)
    assert rows == analysis.orders
    assert {row.channel for row in rows} == {"whatsapp", "website"}
    windows = analysis.loss.windows + analysis.loss.recovery_windows
    assert all(any(w.start <= row.timestamp < w.end for w in windows) for row in rows)
    # only the recovery windows whose surplus counts: none after the second outage, whose
    # orders did not rise above expectation, nor after the third, whose hour above it is
    # within normal-day noise (none of it counted); the orders after them are not listed
    loss = analysis.loss
    assert [w.start for w in loss.recovery_windows] == [loss.windows[0].end]
    listed = {row.order_id for row in rows}
    for window in loss.windows[1:]:
        after = claim.orders["timestamp"].between(
            window.end, window.end + pd.Timedelta("1h"), inclusive="left"
        )
        assert after.sum() > 0
        assert not set(claim.orders.loc[after, "order_id"]) & listed


def test_a_claim_without_a_recovery_window_kept_lists_the_outage_orders_only(claim):
    """With no catch-up deducted (recovery 0, or no outage after which the orders rose
    above expectation) no recovery window is kept: the window orders are the outages'."""
    analysis = cs.analyze_claim(claim.orders, claim.outages, estimator={"recovery": 0}, **DEMO)
    loss = analysis.loss
    assert (loss.recovery_windows, loss.recovered_orders) == ([], 0)
    assert loss.net_lost_orders == loss.lost_orders
    assert {row.window for row in analysis.orders} == {"outage"}
    assert len(analysis.orders) == 94  # the website's orders while WhatsApp was down


def test_several_services_need_one_named(claim):
    two = claim.outages.assign(service=["WhatsApp Web", "Website", "WhatsApp Web"])
    with pytest.raises(cs.ConfigError, match="pass service="):
        cs.analyze_claim(claim.orders, two, **DEMO)
    named = cs.analyze_claim(claim.orders, two, service="WhatsApp Web", **DEMO)
    assert named.service == "WhatsApp Web"
    assert named.summary.interruptions == 2


def test_bad_settings_are_config_errors_before_any_work(claim):
    with pytest.raises(cs.ConfigError, match=r"confidence=1\.5 must lie between 0 and 1"):
        cs.analyze_claim(claim.orders, claim.outages, estimator={"confidence": 1.5}, **DEMO)
    with pytest.raises(cs.ConfigError, match="unknown time zone"):
        cs.analyze_claim(claim.orders, claim.outages, **{**DEMO, "tz": "Mars/Olympus"})


def test_documents_and_settings_may_be_dicts_and_an_order_file_may_lack_its_currency(tmp_path):
    orders = (SAMPLE / "orders.csv").read_text(encoding="utf-8").splitlines()
    header = orders[0].split(",")
    at = header.index("currency")
    without = tmp_path / "orders.csv"
    without.write_text(
        "\n".join(",".join(c for i, c in enumerate(line.split(",")) if i != at) for line in orders),
        encoding="utf-8",
    )
    documents = {"expenses": [{"amount": 300, "description": "courier"}], "filed_on": "2026-08-07"}
    analysis = cs.analyze_claim(
        without, SAMPLE / "outages.csv", currency="CNY", documents=documents, margin=0.4, **DEMO
    )
    assert (analysis.currency, analysis.loss.claimed_expenses) == ("CNY", 300.0)
    with pytest.raises(cs.ConfigError, match="documents has no field 'expense'; use expenses"):
        cs.analyze_claim(without, SAMPLE / "outages.csv", documents={"expense": []}, **DEMO)


def test_a_time_zone_that_disagrees_with_the_files_warns_and_the_analysis_goes_on(claim):
    settings = {"method": "seasonal", "max_placebos": 20}
    london = {**DEMO, "tz": "Europe/London"}
    with pytest.warns(cs.TimeZoneWarning) as caught:
        analysis = cs.analyze_claim(
            SAMPLE / "orders.csv", SAMPLE / "outages.csv", estimator=settings, **london
        )
    said = [str(w.message) for w in caught]
    assert len(said) == 2
    assert said[0].startswith(f"{SAMPLE / 'outages.csv'}: its times are written at UTC+08:00")
    assert "tz='Europe/London' is at UTC+01:00 then" in said[1]
    assert analysis.tz == "Europe/London"
