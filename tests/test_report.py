"""The impact report: content, bilingual statement, self-contained and escaped HTML."""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from plotly.offline import get_plotlyjs

import claimstats as cs
from claimstats.datasets import DEMO_AS_OF, make_sample
from claimstats.models import Note
from claimstats.report import ImpactReport
from claimstats.report.context import report_context
from claimstats.report.i18n import LANGS, MESSAGES, METHOD_TEXTS, Locale
from claimstats.report.publish import published, shown_loss
from claimstats.report.statement import claim_statement

HOSTILE = "<script>alert('pwned')</script><img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def claim():
    return make_sample(seed=0)


def _sample_report(claim, outages=None, **settings):
    """The sample claim's report as the demo builds it; ``settings`` of analyze_claim
    override."""
    chosen = {"channel": "whatsapp", "control": "website", "margin": 0.4, "as_of": DEMO_AS_OF}
    outages = claim.outages if outages is None else outages
    return cs.build_report(
        cs.analyze_claim(claim.orders, outages, tz=claim.tz, **{**chosen, **settings})
    )


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
    charts = ("timeline", "loss", "control", "placebo", "cumulative")
    for div_id in (f"chart-{name}" for name in charts):
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
        cs.analyze_claim(
            claim.orders,
            outages,
            tz=claim.tz,
            channel="whatsapp",
            control="website",
            as_of=DEMO_AS_OF,
        ),
        {"lang": "en"},
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
    shown = shown_loss(loss).net_lost_revenue  # as every output shows it, to the cent
    zh = Locale("zh", claim.tz).money(shown, "CNY")
    en = Locale("en", claim.tz).money(shown, "CNY")
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
    assert ImpactReport.model_validate_json(text) == published(report)
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
        cs.analyze_claim(
            claim.orders, claim.outages, tz=claim.tz, channel="whatsapp", as_of=DEMO_AS_OF
        ),
        {"lang": "en"},
    ).render_html()
    assert "<h2>Summary</h2>" in page
    assert '<html lang="en">' in page
    assert "CN¥" in page


def test_unknown_language_is_a_config_error(claim):
    with pytest.raises(cs.ConfigError, match="lang='de'"):
        cs.build_report(
            cs.analyze_claim(claim.orders, claim.outages, tz=claim.tz, as_of=DEMO_AS_OF),
            {"lang": "de"},
        )


def test_several_services_need_a_service_argument(claim):
    other = claim.outages.assign(service="WeChat Pay")
    both = pd.concat([claim.outages, other], ignore_index=True)
    with pytest.raises(cs.ConfigError, match="pass service="):
        cs.build_report(
            cs.analyze_claim(claim.orders, both, tz=claim.tz, channel="whatsapp", as_of=DEMO_AS_OF)
        )
    chosen = cs.build_report(
        cs.analyze_claim(
            claim.orders,
            both,
            tz=claim.tz,
            channel="whatsapp",
            service="WhatsApp Web",
            as_of=DEMO_AS_OF,
        )
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


# --- the method section and the statement follow the method used ----------------------------

SOURCE = Path(cs.__file__).parent
#: a note of each code with values of the kind its source gives, in CNY
NOTE_VALUES = {
    "few_placebos": {"count": 12, "minimum": 39},
    "overlapping_placebos": {"count": 45, "independent": 15.8, "minimum": 39},
    "p_value_floor": {"count": 60, "p_value": 1 / 61},
    "placebos_drawn": {"count": 500, "possible": 812, "seed": 7},
    "relative_undefined": {},
    "lingering_shortfall": {"orders": 4.26},
    "recovery_truncated": {},
    "order_value_by_hour": {"flat": 12000.0, "by_hour": 12650.5},
    "no_funds_deducted": {},
    "funds_deducted_unknown": {"attempts": 3},
    "refunded_by_wallet": {"attempts": 2, "amount": 58.0},
    "refunds_unmatched": {"refunds": 1},
    "retry_window_measured": {
        "window_hours": 6.05,
        "failures": 43,
        "pairs": 23,
        "chance_pairs": 1.6,
        "horizon_hours": 72.0,
    },
    "normal_period": {"attempts": 5210, "failures": 64, "rate": 64 / 5210},
    "failures_cluster": {"dispersion": 2.43},
    "no_attempts_in_window": {},
    "not_significant": {"p_value": 0.2417},
    "failure_rate_at_these_hours": {
        "rate_at_hours": 0.021,
        "attempts_at_hours": 1400,
        "expected_at_hours": 5.88,
        "p_value": 0.004,
    },
    "repeated_attempts": {"attempts": 4, "amount": 356.0},
    "coincidental_matches": {"share": 0.031, "payments": 2100, "amount": 88.5},
    "coincidence_unknown": {},
    "incidents_outside_data": {"incidents": 2},
    "no_customer": {"attempts": 5},
    "retries_in_other_channels": {},
    "retry_window_cut": {
        "data_end": "2026-08-05 12:00:00+00:00",
        "retry_end": "2026-08-06 01:40:00+00:00",
    },
    "other_statuses": {"pending": 3, "cancelled": 2},
}


def _emitted_note_codes() -> set[str]:
    """Every Note code written in the package's source (doctest examples aside)."""
    lines = [
        line
        for path in SOURCE.rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if not line.lstrip().startswith((">>>", "..."))
    ]
    return set(re.findall(r'\bNote\(\s*code="(\w+)"', "\n".join(lines)))


def _with_loss(report: ImpactReport, loss: cs.LossEstimate) -> ImpactReport:
    """The report with another loss estimate, its statements composed again."""
    analysis = cs.ClaimAnalysis(
        **{name: getattr(report, name) for name in cs.ClaimAnalysis.model_fields} | {"loss": loss}
    )
    statements = {lang: claim_statement(lang, analysis) for lang in LANGS}
    return report.model_copy(update={"loss": loss, "statements": statements})


def _visible(report: ImpactReport, lang: str) -> str:
    """The page in ``lang`` with entities decoded, to look for sentences in it."""
    return unescape(report.model_copy(update={"lang": lang}).render_html())


@pytest.fixture(scope="module")
def by_method(claim, report):
    """The sample report with the loss estimated by each method asked for."""
    inc = cs.incidents(claim.outages, as_of=DEMO_AS_OF)
    chosen = {"channel": "whatsapp", "control": "website", "margin": 0.4}
    return {
        method: _with_loss(
            report, cs.estimate_loss(claim.orders, inc, settings={"method": method}, **chosen)
        )
        for method in ("seasonal", "control")
    }


@pytest.mark.parametrize("lang", LANGS)
def test_statement_method_and_json_give_the_baseline_used_when_history_is_short(
    claim, report, lang
):
    inc = cs.incidents(claim.outages, as_of=DEMO_AS_OF)
    orders = claim.orders.loc[claim.orders["timestamp"] >= inc["start"].min() - pd.Timedelta("31D")]
    loss = cs.estimate_loss(orders, inc, channel="whatsapp", control="website", margin=0.4)
    short = _with_loss(report, loss)
    loc = Locale(lang, report.tz)
    start, end = loss.baseline_start, loss.baseline_end
    assert (loss.baseline_weeks, end - start) == (4, pd.Timedelta(weeks=4))  # 6 asked, 4 there
    page = _visible(short, lang)
    assert loc.text("method_period", start=loc.moment(start), end=loc.moment(end), weeks=4) in page
    assert loc.text("basis_period", start=loc.day(start), end=loc.day(end)) in short.statement(lang)
    assert json.loads(short.to_json())["loss"]["baseline_weeks"] == 4


@pytest.mark.parametrize("method", ["seasonal", "control"])
@pytest.mark.parametrize("lang", LANGS)
def test_method_section_and_statement_describe_the_method_used(by_method, method, lang):
    report = by_method[method]
    loc = Locale(lang, report.tz)
    page = _visible(report, lang)
    assert report.loss.method == method
    count = report.loss.placebo_windows
    assert 30 <= count <= 45  # whole-day shifts of the pattern over 6-8 weeks of history
    assert loc.text("method_calibration", count=count, confidence="95%") in page
    name = loc.text(f"method_name_{method}")
    assert loc.text("method_heading", name=name) in page
    fields = {"step": loc.text("step_hour"), "weeks": 6, "control": "website"}
    assert loc.text(f"method_{method}", **fields) in page
    other = "control" if method == "seasonal" else "seasonal"
    assert loc.text(f"method_{other}", **fields) not in page
    orders = loc.text("orders_of_channel", channel="whatsapp")
    short = loc.text(f"method_short_{method}", weeks=6, orders=orders, control="website")
    assert short in report.statement(lang)
    assert short in page  # the statement is on the page in both languages
    assert loc.text("method_choice_ref") in report.statement(lang)
    start, end = (
        pd.Timestamp("2026-06-23 01:00", tz="UTC"),
        pd.Timestamp("2026-08-04 01:00", tz="UTC"),
    )
    assert (report.loss.baseline_start, report.loss.baseline_end) == (start, end)
    assert loc.text("method_period", start=loc.moment(start), end=loc.moment(end), weeks=6) in page
    assert loc.text(f"limit_{method}") in page
    why = loc.text("method_asked", name=loc.text(f"method_name_{method}"))
    assert f"<h4>{loc.text('why_method')}</h4><p>{loc.text('method_choice')}" in page
    assert why in page


@pytest.mark.parametrize("lang", LANGS)
def test_auto_says_in_each_language_which_method_erred_least_on_the_placebo_windows(report, lang):
    loc = Locale(lang, report.tz)
    errors = report.loss.backtest_errors
    assert set(errors) == {"seasonal", "control", "regression"}
    assert report.loss.method == min(errors, key=errors.get)
    page = _visible(report, lang)
    name = lambda method: loc.text(f"method_name_{method}")  # noqa: E731
    others = [
        loc.text("method_other_error", name=name(m), error=loc.percent(errors[m], 2))
        for m in errors
        if m != report.loss.method
    ]
    chosen = report.loss.method
    fields = {"count": report.loss.placebo_windows, "error": loc.percent(errors[chosen], 2)}
    found = loc.text("method_chosen", name=name(chosen), others=loc.join(others), **fields)
    assert found in page
    assert "英文" not in page  # no sending readers to the other language
    assert 'method="auto"' not in page  # no code words


@pytest.mark.parametrize("lang", LANGS)
def test_regression_and_unknown_methods_have_their_own_texts(report, lang):
    loc = Locale(lang, report.tz)
    regression = _with_loss(report, report.loss.model_copy(update={"method": "regression"}))
    page = _visible(regression, lang)
    assert loc.text("method_heading", name=loc.text("method_name_regression")) in page
    fields = {"step": loc.text("step_hour"), "weeks": 6, "control": "website"}
    assert loc.text("method_regression_control", **fields) in page
    assert loc.text("limit_regression") in page
    unknown = report.loss.model_copy(update={"method": "bayes", "backtest_errors": {}})
    page = _visible(_with_loss(report, unknown), lang)
    assert loc.text("method_other", method="bayes") in page
    assert loc.text("method_asked", name=loc.text("method_name_other", method="bayes")) in page
    assert loc.text("method_short_other", method="bayes") in _with_loss(report, unknown).statement(
        lang
    )


def test_every_method_text_exists():
    for key in (*METHOD_TEXTS, "regression_control", "other"):
        assert f"method_{key}" in MESSAGES, key
        assert f"method_short_{key}" in MESSAGES, key
    for key in (*METHOD_TEXTS, "other"):
        assert f"method_name_{key}" in MESSAGES, key
        assert f"limit_{key}" in MESSAGES, key


@pytest.mark.parametrize("lang", LANGS)
def test_every_figure_of_the_estimate_is_explained_with_its_value(by_method, lang):
    report = by_method["seasonal"]
    e, loc = report.loss, Locale(lang, report.tz)
    figures = report_context(report.model_copy(update={"lang": lang}))["method"]["figures"]
    shown = {row["figure"]: row for row in figures}
    orders = lambda v: loc.number(v, 1)  # noqa: E731
    money = lambda v: loc.money(v, "CNY")  # noqa: E731
    expected = {
        "fig_expected_orders": orders(e.expected_orders),
        "fig_actual_orders": orders(e.actual_orders),
        "fig_lost_orders": orders(e.lost_orders),
        "fig_recovered_orders": orders(e.recovered_orders),
        "fig_net_lost_orders": orders(e.net_lost_orders),
        "aov": money(e.average_order_value),
        "fig_expected_revenue": money(e.expected_revenue),
        "fig_actual_revenue": money(e.actual_revenue),
        "fig_lost_revenue": money(e.lost_revenue),
        "fig_recovered_revenue": money(e.recovered_revenue),
        "fig_net_lost_revenue": money(e.net_lost_revenue),
        "fig_lost_profit": money(e.lost_profit),
        "fig_claimed_expenses": money(0.0),
        "fig_claim_amount": money(e.claim_amount),
        "fig_p_value": loc.p_value(e.p_value),
        "fig_placebo_windows": str(e.placebo_windows),
    }
    for key, value in expected.items():
        row = shown[loc.text(key)]
        assert row["value"] == value, key
        assert row["meaning"].strip(), key
    net = shown[loc.text("fig_net_lost_revenue")]["range"]
    assert net == loc.text(
        "interval",
        confidence="95%",
        low=money(e.net_lost_revenue_low),
        high=money(e.net_lost_revenue_high),
    )
    p_value = shown[loc.text("fig_p_value")]["meaning"]
    t_notes = {"few_placebos", "overlapping_placebos"} & {note.code for note in e.notes}
    if not t_notes:  # enough independent windows to rank: p = (1 + exceedances) / (n + 1)
        floor = loc.number(1 / (e.placebo_windows + 1), 3)
        assert p_value == loc.text(
            "def_p_value", count=e.placebo_windows, floor=floor, alpha="0.05"
        )
        assert e.p_value >= 1 / (e.placebo_windows + 1)
    else:
        assert p_value == loc.text("def_p_value_t", count=e.placebo_windows, alpha="0.05")
    assert e.p_value < 0.05
    assert len(figures) == len(expected) + 2  # and the control channel's two
    assert e.lost_profit == pytest.approx(0.4 * e.net_lost_revenue)


def test_claimed_expenses_are_explained_and_stated(claim, report):
    inc = cs.incidents(claim.outages, as_of=DEMO_AS_OF)
    items = [
        {"amount": 300, "description": "courier re-delivery", "evidence": "receipt.pdf"},
        {"amount": 5000, "description": "lost regular customers", "claimed": False},
    ]
    loss = cs.estimate_loss(claim.orders, inc, channel="whatsapp", control="website", margin=0.4, expenses=items, settings={"method": "seasonal"})  # fmt: skip
    assert loss.claimed_expenses == 300.0
    assert loss.claim_amount == pytest.approx(loss.lost_profit + 300.0)
    with_expenses = _with_loss(report, loss)
    en = Locale("en", report.tz)
    assert f"the lost profit plus documented extra expenses of {en.money(300, 'CNY')}." in (
        with_expenses.statement("en")
    )
    assert f"The amount claimed is {en.money(loss.claim_amount, 'CNY')}" in (
        with_expenses.statement("en")
    )
    figures = report_context(with_expenses.model_copy(update={"lang": "en"}))["method"]["figures"]
    row = next(r for r in figures if r["figure"] == "Claimed expenses")
    assert (row["value"], row["meaning"]) == ("CN¥300.00", en.text("def_claimed_expenses", count=1))


def test_every_note_code_in_the_source_is_translated():
    codes = _emitted_note_codes() | {"order_value_by_hour"}
    assert {"few_placebos", "lingering_shortfall", "p_value_floor", "normal_period"} <= codes
    for code in sorted(codes):
        assert f"note_{code}" in MESSAGES, f"note code {code!r} has no translation in i18n.py"


@pytest.mark.parametrize("code", sorted(NOTE_VALUES))
def test_each_note_is_translated_with_its_values(code):
    note = Note(code=code, text="English text.", values=NOTE_VALUES[code])
    for lang in LANGS:
        text = Locale(lang, "Asia/Shanghai").note(note, "CNY")
        assert "English text." not in text, (code, lang)
        assert "英文" not in text, (code, lang)
        assert "{" not in text, (code, lang)


def test_note_values_are_formatted_per_language():
    zh, en = Locale("zh", "Asia/Shanghai"), Locale("en", "Asia/Shanghai")
    note = lambda code: Note(code=code, text="t", values=NOTE_VALUES[code])  # noqa: E731
    assert zh.note(note("order_value_by_hour"), "CNY") == (
        "订单金额随一天中的时段变化,因此预期收入按基准期每个小时各自的平均订单金额计算:"
        "¥12,650.50;若全天使用同一个平均订单金额,则为 ¥12,000.00。"
    )
    assert "CN¥12,650.50, against CN¥12,000.00" in en.note(note("order_value_by_hour"), "CNY")
    assert "(1.23%: 64 of 5,210 attempts)" in en.note(note("normal_period"))
    assert "2026年8月5日 20:00 (UTC+8)" in zh.note(note("retry_window_cut"))
    assert zh.note(note("other_statuses")).endswith("处理中 3、已取消 2。")
    assert en.note(note("other_statuses")).endswith("pending 3, cancelled 2.")
    assert "seed 7" in en.note(note("placebos_drawn"))
    assert "0.016" in en.note(note("p_value_floor"))
    # an unknown code, or values that no longer fit the translation: the English text
    assert zh.note(Note(code="brand_new", text="Something new.")) == "说明(英文):Something new."
    assert en.note(Note(code="few_placebos", text="Only a few.", values={})) == "Only a few."


def test_order_value_by_hour_changes_how_revenue_is_explained(report):
    flat = report.loss.expected_revenue
    by_hour = Note(
        code="order_value_by_hour",
        text="Order values vary with the time of day.",
        values={"flat": flat, "by_hour": flat * 1.05},
    )
    loss = report.loss.model_copy(update={"notes": [by_hour]})
    zh = _visible(_with_loss(report, loss), "zh")
    loc = Locale("zh", report.tz)
    assert loc.text("def_expected_revenue_by_hour") in zh
    assert loc.note(by_hour, "CNY") in zh
    assert "method_money_by_hour" in MESSAGES
    aov = loc.money(report.loss.average_order_value, "CNY")
    assert f"基准期一天中同一小时的平均订单金额,全天平均 {aov}" in _with_loss(
        report, loss
    ).statement("zh")


def test_hostile_method_reason_notes_and_channel_names_are_escaped(claim):
    orders = claim.orders.assign(channel=claim.orders["channel"].replace({"website": HOSTILE}))
    report = cs.build_report(cs.analyze_claim(orders, claim.outages, tz=claim.tz, channel="whatsapp", control=HOSTILE, margin=0.4, as_of=DEMO_AS_OF))  # fmt: skip
    assert report.loss.control == HOSTILE
    loss = report.loss.model_copy(
        update={
            "method": HOSTILE,
            "backtest_errors": {HOSTILE: 0.5},
            "notes": [Note(code=HOSTILE, text=HOSTILE), Note(code="brand_new", text=HOSTILE)],
        }
    )
    for candidate in (report, _with_loss(report, loss)):
        for lang in LANGS:
            page = candidate.model_copy(update={"lang": lang}).render_html()
            assert HOSTILE not in page
            assert "<script>alert(" not in page
            assert "onerror=alert(1)>" not in page
            assert "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;" in page


def test_p_value_of_few_placebo_windows_is_explained_as_a_t_distribution(report):
    few = report.loss.model_copy(update={"placebo_windows": 12})
    context = report_context(_with_loss(report, few).model_copy(update={"lang": "en"}))
    row = next(r for r in context["method"]["figures"] if r["figure"] == "p-value")
    assert row["meaning"] == Locale("en", report.tz).text("def_p_value_t", count=12, alpha="0.05")
    assert "12 placebo windows (too few, or overlapping too much, to rank)" in row["meaning"]


# --- message tables -----------------------------------------------------------------------


def test_report_texts_and_the_catalogue_are_one_table_without_clashes():
    from claimstats.catalogue import TEXTS
    from claimstats.report.complaint_messages import COMPLAINT_MESSAGES
    from claimstats.report.messages import REPORT_MESSAGES
    from claimstats.report.policy_messages import POLICY_MESSAGES
    from claimstats.report.xlsx_messages import XLSX_MESSAGES

    assert not set(REPORT_MESSAGES) & set(TEXTS)
    assert not set(POLICY_MESSAGES) & (set(REPORT_MESSAGES) | set(TEXTS))
    others = set(REPORT_MESSAGES) | set(TEXTS) | set(POLICY_MESSAGES)
    assert not set(XLSX_MESSAGES) & others
    assert not set(COMPLAINT_MESSAGES) & (others | set(XLSX_MESSAGES))
    everything = REPORT_MESSAGES | TEXTS | POLICY_MESSAGES | XLSX_MESSAGES | COMPLAINT_MESSAGES
    assert everything == MESSAGES
    assert not any(key.startswith("note_") for key in REPORT_MESSAGES)


# --- documented expenses ------------------------------------------------------------------


def test_read_expenses_from_csv_and_json(tmp_path):
    from claimstats.io.expenses import read_expenses

    csv = tmp_path / "expenses.csv"
    csv.write_text(
        "Amount,Description,Evidence,Claimed\n"
        '"¥1,250.50",hotel for the courier,invoice 0805,\n'
        "5000,regular customers lost,,no\n"
        "80,phone calls,,YES\n",
        encoding="utf-8",
    )
    items = read_expenses(csv)
    assert [(i.amount, i.description, i.evidence, i.claimed) for i in items] == [
        (1250.5, "hotel for the courier", "invoice 0805", True),
        (5000.0, "regular customers lost", "", False),
        (80.0, "phone calls", "", True),
    ]
    js = tmp_path / "expenses.json"
    js.write_text(
        json.dumps(
            {
                "expenses": [
                    {"amount": 300, "description": "courier", "evidence": "receipt.pdf"},
                    {"amount": "5000", "description": "goodwill", "claimed": False},
                    {"amount": 20.5, "description": "taxi", "claimed": "0"},
                ]
            }
        ),
        encoding="utf-8",
    )
    assert [(i.amount, i.claimed) for i in read_expenses(js)] == [
        (300.0, True),
        (5000.0, False),
        (20.5, False),
    ]


def test_read_expenses_names_every_bad_line_and_column(tmp_path):
    from claimstats.io.expenses import read_expenses

    path = tmp_path / "expenses.csv"
    path.write_text(
        "amount,description,claimed\n300,courier,\nabc,taxi,\n-5,,maybe\n,refund fee,\n",
        encoding="utf-8",
    )
    with pytest.raises(cs.DataError) as info:
        read_expenses(path)
    assert str(info.value) == (
        f"{path}: 5 problems in 3 expense items; fix them and run again: "
        "line 3, column 'amount': not an amount; write e.g. 300 or 1250.50 (found 'abc'); "
        "line 4, column 'amount': negative; write the cost as a positive amount (found '-5'); "
        "line 4, column 'description': the description is missing; say what the cost was for; "
        "line 4, column 'claimed': neither true nor false; write false (or no, 0) for an "
        "indirect loss that is listed but not claimed, or leave it empty (found 'maybe'); "
        "line 5, column 'amount': the amount is missing"
    )
    assert info.value.lines == [3, 4, 5]


def test_read_expenses_refuses_other_columns_and_other_formats(tmp_path):
    from claimstats.io.expenses import read_expenses

    path = tmp_path / "expenses.csv"
    path.write_text("amount,description,currency\n300,courier,USD\n", encoding="utf-8")
    with pytest.raises(cs.DataError, match=r"does not use: 'currency' \(columns found"):
        read_expenses(path)
    path.write_text("cost,what\n300,courier\n", encoding="utf-8")
    with pytest.raises(cs.DataError, match="has no 'amount', 'description' columns"):
        read_expenses(path)
    sheet = tmp_path / "expenses.xlsx"
    sheet.write_bytes(b"PK\x03\x04")
    with pytest.raises(cs.FormatError, match=r"read from \.csv or \.json, not \.xlsx"):
        read_expenses(sheet)


def test_report_without_expenses_has_no_expenses_section(page):
    assert 'id="expenses"' not in page
    assert "Claim amount" not in page.split('<section id="method">')[0]


def test_expenses_file_and_method_reach_the_estimate_and_the_page(claim, tmp_path):
    path = tmp_path / "expenses.json"
    items = [
        {"amount": 300, "description": "courier re-delivery", "evidence": "receipt-0805.pdf"},
        {"amount": 5000, "description": HOSTILE, "evidence": HOSTILE, "claimed": "no"},
    ]
    path.write_text(json.dumps(items), encoding="utf-8")
    report = _sample_report(
        claim, estimator={"method": "seasonal"}, documents=cs.ClaimDocuments(expenses=path)
    )
    e = report.loss
    assert e.method == "seasonal"
    assert e.claimed_expenses == 300.0
    assert e.claim_amount == pytest.approx(e.lost_profit + 300.0)
    assert [item.claimed for item in e.expenses] == [True, False]
    zh = Locale("zh", report.tz)
    page = _visible(report, "zh")
    assert "<h2>额外费用与间接损失</h2>" in page
    assert f'<td class="num">{zh.money(5000, "CNY")}</td><td>不索赔(间接损失,仅列示)</td>' in page
    assert zh.text("expenses_claimed_total", amount=zh.money(300, "CNY"), count="1") in page
    assert (
        f'<td>索赔金额</td><td class="num"></td><td class="num"></td><td class="num">{zh.money(e.claim_amount, "CNY")}</td>'
        in page
    )
    assert "额外费用凭证:receipt-0805.pdf" in report.statement("zh")
    assert HOSTILE not in report.statement("zh")  # an indirect loss's evidence is not claimed
    raw = report.model_copy(update={"lang": "en"}).render_html()
    assert HOSTILE not in raw
    assert "<script>alert(" not in raw
    assert raw.count("&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;") == 2


def test_a_bad_expense_item_is_a_config_error_naming_it(claim):
    with pytest.raises(cs.ConfigError, match="expense item 2: amount"):
        cs.build_report(cs.analyze_claim(claim.orders, claim.outages, tz="Asia/Shanghai", channel="whatsapp", as_of=DEMO_AS_OF, documents=cs.ClaimDocuments(expenses=[{"amount": 10, "description": "ok"}, {"amount": -5, "description": "x"}])))  # fmt: skip
