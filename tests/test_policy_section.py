"""Tests of claimstats.report.policy_section: the policy checks, deadlines, next steps and
SLA view put into words, in both languages, and shown in the HTML report."""

from __future__ import annotations

import functools

import pytest

import claimstats as cs
from claimstats.datasets import make_sample
from claimstats.io import sla_schedule_from_rows
from claimstats.models import ClaimPolicy
from claimstats.policy import POLICY_CODES
from claimstats.report.i18n import LANGS, MESSAGES, Locale
from claimstats.report.policy_section import policy_section, sla_section

TZ = "Asia/Shanghai"
PREFIX = {"checks": "check_", "deadlines": "due_", "next_steps": "step_", "notes": "note_"}


@functools.cache
def report(**options: object) -> cs.ImpactReport:
    """The sample claim's report (cached: read-only), with ``options`` for analyze_claim."""
    claim = make_sample(seed=0)
    settings = {"channel": "whatsapp", "control": "website", "as_of": "2026-08-10T10:00+08:00"}
    return cs.build_report(
        cs.analyze_claim(claim.orders, claim.outages, tz=TZ, **(settings | options))
    )


@pytest.mark.parametrize("kind", sorted(POLICY_CODES))
def test_every_policy_code_has_a_text_in_both_languages(kind):
    for code in POLICY_CODES[kind]:
        key = PREFIX[kind] + code
        assert key in MESSAGES, key
        assert set(MESSAGES[key]) == set(LANGS), key


def test_sample_claim_meets_every_check_with_one_day_left():
    en = policy_section(report(), Locale("en", TZ))
    assert [row["label"] for row in en["checks"]] == [
        "One continuous interruption longer than 24 h",
        "Frequent interruptions: 3 or more within 7 days",
        "Claim filed within 7 days of the first interruption",
        "Stricter proof for a business claim: order records and an unaffected control channel",
    ]
    assert [row["detail"] for row in en["checks"]] == [
        "The longest lasted 27 h 15 min",
        "At most 3 began within any 7 days",
        "The window ends on 11 Aug 2026 (1 day left)",
        "Order records: yes; control channel: yes",
    ]
    assert {row["state"] for row in en["checks"]} == {"pass"}
    assert [(d["label"], d["date"], d["left"]) for d in en["deadlines"]] == [
        ("File the claim by", "11 Aug 2026, 09:40 (UTC+8)", "1 day left"),
        ("First reply due by (business days)", "13 Aug 2026", "3 days left"),
        ("Without a reply, contact again on", "17 Aug 2026", "7 days left"),
    ]
    assert en["steps"][1]["text"] == (
        "Expect a first reply between 11 Aug 2026 and 13 Aug 2026 (1–3 business days, "
        "public holidays in China excluded)"
    )
    assert len(en["steps"]) == 7
    assert en["notes"] == []


def test_chinese_section_is_fully_translated():
    zh = policy_section(report(), Locale("zh", TZ))
    assert zh["checks"][0]["label"] == "单次连续中断超过 24 小时"
    assert zh["checks"][2]["detail"] == "期限至 2026年8月11日(剩余 1 天)"
    assert zh["deadlines"][0]["date"] == "2026年8月11日 09:40 (UTC+8)"
    assert zh["steps"][0]["text"] == "在 2026年8月11日 前提交索赔"
    assert "中国" in zh["steps"][1]["text"]
    texts = [row["label"] + row["detail"] for row in zh["checks"]] + [
        s["text"] for s in zh["steps"]
    ]
    assert not [text for text in texts if any("a" <= ch.lower() <= "z" for ch in text)]


def test_late_claim_says_so_and_counts_days_ago():
    late = report(as_of="2026-08-14T12:00+08:00")
    en = policy_section(late, Locale("en", TZ))
    filing = en["checks"][2]
    assert (filing["value"], filing["state"]) == ("Not met", "fail")
    assert filing["detail"] == "The window ends on 11 Aug 2026 (3 days ago)"
    assert (en["deadlines"][0]["left"], en["deadlines"][0]["state"]) == ("3 days ago", "fail")
    assert en["steps"][0]["text"] == (
        "The filing window ended on 11 Aug 2026: file at once and explain the delay"
    )


def test_a_filed_claim_counts_its_next_steps_from_the_filing_day():
    # a Friday: 1-3 business days are Mon-Wed
    filed = report(documents=cs.ClaimDocuments(filed_on="2026-08-07"))
    en = policy_section(filed, Locale("en", TZ))
    assert en["checks"][2]["detail"] == "Filed on 7 Aug 2026"
    assert (en["steps"][0]["text"], en["steps"][0]["state"]) == (
        "Claim filed on 7 Aug 2026",
        "pass",
    )
    assert en["steps"][1]["text"].startswith("Expect a first reply between 10 Aug 2026 and 12 Aug")
    assert en["steps"][2]["text"] == (
        "If there is no reply after 7 days, contact the provider again on 14 Aug 2026"
    )


def test_personal_claimant_gets_the_service_extension_note_and_no_business_check():
    personal = report(policy=ClaimPolicy(claimant_type="personal"))
    for lang, expected in (("en", "service extension"), ("zh", "延长服务期")):
        section = policy_section(personal, Locale(lang, TZ))
        assert len(section["checks"]) == 3
        assert len(section["notes"]) == 1
        assert expected in section["notes"][0]
        assert "personal" in section["intro"] or "个人" in section["intro"]


def test_sla_view_of_the_sample_month_and_a_custom_schedule():
    en = sla_section(report(), Locale("en", TZ))
    assert en["rows"] == [
        {
            "month": "Aug 2026",
            "interruptions": "3",
            "downtime": "29 h 30 min",
            "uptime": "96.035%",
            "open": "(month not over at the report time: uptime can only fall)",
            "credit": "25%",
            "state": "pass",
        }
    ]
    assert "below 99.9% monthly uptime, 10% of the monthly fee" in en["intro"]
    strict = sla_schedule_from_rows([{"below_uptime_percent": 97, "credit_percent": 50}])
    september = report.__wrapped__(  # uncached
        documents=cs.ClaimDocuments(sla_schedule=strict), as_of="2026-09-02T10:00+08:00"
    )
    zh = sla_section(september, Locale("zh", TZ))
    assert zh["rows"][0]["month"] == "2026年8月"
    assert zh["rows"][0]["credit"] == "50%"
    assert zh["rows"][0]["open"] == ""  # August was over at the report time
    assert "月可用率低于 97.0% 补偿月费的 50%" in zh["intro"]


def test_the_html_report_shows_the_policy_and_sla_sections():
    page = report().render_html()
    assert page.index('<section id="policy">') < page.index('<section id="sla">')
    assert page.index('<section id="sla">') < page.index('<section id="evidence">')
    assert "索赔条件与期限" in page
    assert "在 2026年8月11日 前提交索赔" in page
    assert "96.035%" in page
