"""The impact report: content, bilingual statement, self-contained and escaped HTML."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pandas as pd
import pytest
from plotly.offline import get_plotlyjs

import claimstats as cs
from claimstats.models import ImpactReport
from claimstats.report.build import DEMO_AS_OF
from claimstats.report.i18n import LANGS, MESSAGES, Locale

HOSTILE = "<script>alert('pwned')</script><img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def claim():
    return cs.sample.make_sample(seed=0)


def _sample_report(claim, outages=None, **settings):
    """The sample claim's report as the demo builds it; ``settings`` override."""
    chosen = {"channel": "whatsapp", "control": "website", "margin": 0.4, "as_of": DEMO_AS_OF}
    outages = claim.outages if outages is None else outages
    return cs.build_report(claim.orders, outages, tz=claim.tz, **{**chosen, **settings})


@pytest.fixture(scope="module")
def report(claim):
    return _sample_report(claim)


@pytest.fixture(scope="module")
def page(report):
    return report.render_html()


class _References(HTMLParser):
    """Collects every attribute that could make the browser fetch something."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in {"src", "href", "srcset", "action", "data", "poster", "background"}:
                self.urls.append((tag, name, value or ""))


def test_report_has_no_reference_outside_the_file(page):
    parser = _References()
    parser.feed(page)
    assert parser.urls == []
    assert not {"link", "iframe", "object", "embed", "img"} & set(parser.tags)
    styles = "".join(re.findall(r"<style>(.*?)</style>", page, flags=re.S))
    assert "url(" not in styles
    assert "@import" not in styles


def test_plotly_js_is_embedded_once_and_charts_have_fixed_ids(page):
    assert page.count(get_plotlyjs()[:200]) == 1
    for div_id in ("chart-timeline", "chart-loss", "chart-cumulative"):
        assert page.count(f'id="{div_id}"') == 1


def test_every_section_is_present(page):
    for section in ("summary", "statement", "timeline", "loss", "charts", "evidence", "method"):
        assert f'<section id="{section}">' in page


def test_same_inputs_and_as_of_give_identical_bytes(claim, tmp_path):
    def build():
        return _sample_report(claim)

    first = build().to_html(tmp_path / "a.html").read_bytes()
    second = build().to_html(tmp_path / "b.html").read_bytes()
    assert first == second
    assert build().to_json() == build().to_json()


def test_hostile_strings_from_input_are_escaped(claim):
    outages = claim.outages.assign(description=HOSTILE, service=HOSTILE)
    report = cs.build_report(
        claim.orders,
        outages,
        tz=claim.tz,
        channel="whatsapp",
        control="website",
        as_of=DEMO_AS_OF,
        lang="en",
    )
    page = report.render_html()
    assert HOSTILE not in page
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;" in page
    # inside chart JSON the text is escaped for plotly's label markup too
    assert "onerror=alert(1)>" not in page


def test_report_numbers_agree_with_the_api(report, claim):
    inc = cs.incidents(claim.outages, as_of=DEMO_AS_OF)
    loss = cs.estimate_loss(claim.orders, inc, channel="whatsapp", control="website", margin=0.4)
    assert report.loss == loss
    assert report.summary == cs.summarize_incidents(inc)
    zh = Locale("zh", claim.tz).money(loss.net_lost_revenue, "CNY")
    en = Locale("en", claim.tz).money(loss.net_lost_revenue, "CNY")
    assert zh in report.statement("zh")
    assert en in report.statement("en")
    assert zh in report.render_html()


def test_summary_of_the_sample_claim(report):
    assert report.service == "WhatsApp Web"
    assert report.summary.longest == pd.Timedelta(hours=27, minutes=15)
    assert report.summary.passed_threshold
    assert report.summary.max_interruptions_in_window == 3
    assert report.filing_deadline == pd.Timestamp("2026-08-11 01:40", tz="UTC")
    assert [r.number for r in report.incidents] == [1, 2, 3]
    page = report.render_html()
    assert "2026年8月11日 09:40 (UTC+8)(剩余 23 小时 40 分钟)" in page


def test_sample_truth_lies_inside_the_reported_interval(report, claim):
    truth = claim.truth
    assert report.loss.lost_orders_low <= truth.gross_lost_orders <= report.loss.lost_orders_high
    assert (
        report.loss.net_lost_revenue_low
        <= truth.net_lost_revenue
        <= report.loss.net_lost_revenue_high
    )
    assert report.loss.lost_orders == pytest.approx(truth.expected_lost_orders, rel=0.10)


def test_statement_answers_the_three_questions_in_both_languages(report):
    zh, en = report.statement("zh"), report.statement("en")
    for label in ("索赔理由", "损失金额计算依据", "提供的证据类型"):
        assert label in zh
    for label in (
        "Reason for the claim",
        "Basis of the loss calculation",
        "Types of evidence provided",
    ):
        assert label in en
    assert "27 小时 15 分钟" in zh
    assert "27 h 15 min" in en
    assert "2026年8月4日 09:40 (UTC+8)" in zh
    assert "4 Aug 2026, 09:40 (UTC+8)" in en
    with pytest.raises(cs.ConfigError, match="lang='fr'"):
        report.statement("fr")


def test_json_round_trips_to_an_equal_report(report):
    text = report.to_json()
    assert ImpactReport.model_validate_json(text) == report
    data = json.loads(text)
    assert data["loss"]["currency"] == "CNY"
    assert data["summary"]["passed_threshold"] is True


def test_every_message_exists_in_both_languages():
    for key, texts in MESSAGES.items():
        assert set(texts) == set(LANGS), key
        assert all(texts[lang].strip() for lang in LANGS), key
        fields = [set(re.findall(r"{(\w+)", texts[lang])) for lang in LANGS]
        assert fields[0] == fields[1], key


def test_english_report_labels_are_english(claim):
    page = cs.build_report(
        claim.orders, claim.outages, tz=claim.tz, channel="whatsapp", as_of=DEMO_AS_OF, lang="en"
    ).render_html()
    assert "<h2>Summary</h2>" in page
    assert '<html lang="en">' in page
    assert "CN¥" in page


def test_unknown_language_is_a_config_error(claim):
    with pytest.raises(cs.ConfigError, match="lang='de'"):
        cs.build_report(claim.orders, claim.outages, tz=claim.tz, as_of=DEMO_AS_OF, lang="de")


def test_several_services_need_a_service_argument(claim):
    other = claim.outages.assign(service="WeChat Pay")
    both = pd.concat([claim.outages, other], ignore_index=True)
    with pytest.raises(cs.ConfigError, match="pass service="):
        cs.build_report(claim.orders, both, tz=claim.tz, channel="whatsapp", as_of=DEMO_AS_OF)
    chosen = cs.build_report(
        claim.orders,
        both,
        tz=claim.tz,
        channel="whatsapp",
        service="WhatsApp Web",
        as_of=DEMO_AS_OF,
    )
    assert chosen.summary.interruptions == 3


def test_locale_formats_money_dates_and_durations():
    zh, en = Locale("zh", "Asia/Shanghai"), Locale("en", "Asia/Shanghai")
    moment = pd.Timestamp("2026-09-16 01:40", tz="UTC")
    assert zh.money(12345.67, "CNY") == "¥12,345.67"
    assert zh.moment(moment) == "2026年9月16日 09:40 (UTC+8)"
    assert (
        en.moment(moment) == "16 Sept 2026, 09:40 (UTC+8)"
        or en.moment(moment) == "16 Sep 2026, 09:40 (UTC+8)"
    )
    assert zh.duration(pd.Timedelta("24h")) == "24 小时"
    assert en.duration(pd.Timedelta("27h15min")) == "27 h 15 min"
    assert en.duration(pd.Timedelta("40min")) == "40 min"
    assert en.duration(pd.Timedelta("7D")) == "7 days"
    assert Locale("en", "Asia/Kolkata").offset(moment) == "UTC+5:30"
    assert Locale("en", "America/New_York").offset(moment) == "UTC-4"
