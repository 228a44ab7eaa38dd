"""The report's template variables: the sentences under the causality charts, the
verdict and the summary, and a page in each language free of the other's words and of
code words."""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser

import pytest

import claimstats as cs
from claimstats.datasets import demo_report, make_sample
from claimstats.models import ExpenseItem, Note
from claimstats.report.context import report_context
from claimstats.report.html import render_html
from claimstats.report.i18n import LANGS, Locale
from claimstats.report.statement import claim_statement


@pytest.fixture(scope="module")
def reports():
    return {lang: demo_report(lang=lang) for lang in ("zh", "en")}


def _captions(report):
    return report_context(report)["causality"]


def test_placebo_caption_gives_the_count_the_observed_net_loss_and_the_p_value(reports):
    e = reports["en"].loss
    beyond = sum(loss >= e.net_lost_revenue for loss in e.placebo_losses)
    assert (len(e.placebo_losses), beyond, round(e.net_lost_revenue, 2)) == (39, 0, 39741.3)
    caption = _captions(reports["en"])["placebo"]
    assert "net loss (shortfall less catch-up) the same steps find on 39 normal windows" in caption
    assert "the outage's net direct loss of CN¥39,741.30" in caption
    assert "0 normal windows show a net loss at least as large" in caption
    assert "chance of only 0.025 (p-value), and its 95% interval lies above zero" in caption
    zh = _captions(reports["zh"])["placebo"]
    assert "39 个没有中断的正常窗口" in zh
    assert "本次的净直接损失 ¥39,741.30" in zh
    assert "0 个正常窗口的净损失不小于本次" in zh
    assert "0.025(p 值)" in zh


def test_cumulative_caption_gives_the_net_lost_orders_the_curve_ends_at(reports):
    assert round(reports["en"].loss.net_lost_orders, 1) == 160.7
    caption = _captions(reports["en"])["cumulative"]
    assert "the curve ends at the net lost orders of the loss table, 160.7" in caption
    assert "曲线终点即损失计算表中的净损失订单 160.7" in _captions(reports["zh"])["cumulative"]


def test_control_caption_reads_the_control_channel_against_the_affected_one(reports):
    """On the sample the website got 91.5 of 68.75 expected orders (133%), WhatsApp 0%."""
    caption = _captions(reports["en"])["control"]
    assert caption.startswith(
        "In the same hours the control channel website received 133% of its expected "
        "orders and the affected channel 0%: demand did not fall."
    )
    assert caption.endswith("The line on the expected orders is their 95% interval.")
    zh = _captions(reports["zh"])["control"]
    assert "对照渠道 website 的实际订单为预期的 133%,受影响渠道为 0%" in zh
    assert "偏低。预期订单上的竖线为其 95% 区间。" in zh  # no space between Chinese sentences


@pytest.mark.parametrize(
    ("control_actual", "start"),
    [
        (61.9, "In the same hours the control channel website received 90% of its expected "
         "orders and the affected channel 0%: the shortfall comes from the outage"),
        (34.4, "In the same hours the control channel website received 50% of its expected "
         "orders and the affected channel 0%. The control fell short too"),
    ],
)  # fmt: skip
def test_control_caption_says_when_the_control_held_or_fell_too(reports, control_actual, start):
    report = reports["en"]
    loss = report.loss.model_copy(update={"control_actual_orders": control_actual})
    caption = _captions(report.model_copy(update={"loss": loss}))["control"]
    assert caption.startswith(start)


def test_without_a_control_the_page_says_how_to_add_one(reports):
    report = reports["en"].model_copy(update={"control": None})
    assert _captions(report)["control"].startswith("No control channel was given")
    page = render_html(report)
    assert 'id="chart-control"' not in page
    assert 'id="causality-control"' in page
    assert "Naming an unaffected channel as the control strengthens" in page


def test_every_causality_chart_has_its_caption_on_the_page(reports):
    page = render_html(reports["en"])
    order = [
        page.index(f'id="chart-{name}"') for name in ("loss", "control", "placebo", "cumulative")
    ]
    assert order == sorted(order)
    for name in ("loss", "control", "placebo", "cumulative"):
        figure = page[page.index(f'<figure id="causality-{name}">') :]
        assert figure.index("<figcaption>") < figure.index("</figure>")


def test_hostile_control_name_in_a_caption_is_escaped(reports):
    report = reports["en"].model_copy(update={"control": "<img src=x onerror=alert(1)>"})
    page = render_html(report)
    assert "<img src=x" not in page
    assert "control channel &lt;img src=x onerror=alert(1)&gt; received" in page


def test_summary_starts_with_the_amount_claimed_then_the_revenue_it_derives_from(reports):
    """The demo claims lost profit at a 40% margin: ¥15,896.52 of the ¥39,741.30 net loss."""
    rows = report_context(reports["en"])["summary"]
    assert [row["label"] for row in rows[:4]] == [
        "Amount claimed (lost profit)",
        "Net direct loss (revenue)",
        "Net lost orders",
        "Significance",
    ]
    assert rows[0]["value"] == "CN¥15,896.52 · 95% interval CN¥7,872.21 to CN¥25,904.04"
    assert rows[0]["state"] == "key"
    assert rows[1]["value"] == "CN¥39,741.30 · 95% interval CN¥19,680.52 to CN¥64,760.10"
    zh = report_context(reports["zh"])["summary"][0]
    assert zh["label"] == "索赔金额(利润损失)"
    assert zh["value"] == "¥15,896.52 · 95% 区间 ¥7,872.21 至 ¥25,904.04"
    loss = reports["en"].loss.model_copy(update={"margin": None, "lost_profit": None})
    plain = report_context(reports["en"].model_copy(update={"loss": loss}))["summary"]
    assert plain[0]["label"] == "Amount claimed (lost revenue before costs)"


def _significance(report, **update) -> dict[str, str]:
    loss = report.loss.model_copy(update=update)
    rows = report_context(report.model_copy(update={"loss": loss}))["summary"]
    return next(row for row in rows if row["label"] in ("Significance", "显著性"))


def test_significance_row_is_that_of_the_net_loss_and_passes_only_when_established(reports):
    report = reports["en"]
    assert report.loss.established
    row = _significance(report)
    assert row["state"] == "pass"
    assert row["value"] == (
        "A net loss (shortfall less catch-up) this large occurs on normal days with a chance "
        "of only 0.025 (p-value), and its 95% interval lies above zero: it is not chance "
        "variation."
    )
    # significant, but the lower bound of the loss claimed reaches zero: not established
    reaches = _significance(report, lost_profit_low=-10.0, net_lost_revenue_low=-25.0)
    assert reaches["state"] == "fail"
    assert reaches["value"] == (
        "A net loss (shortfall less catch-up) this large occurs on normal days with a chance "
        "of 0.025 (p-value), but its 95% interval reaches zero: the loss is not established "
        "at 95% confidence."
    )
    chance = _significance(report, p_value=0.2)
    assert chance["state"] == "fail"
    assert chance["value"].endswith(
        "with a chance of 0.200 (p-value): chance variation cannot be ruled out, and the loss "
        "is not established at 95% confidence."
    )
    zh = _significance(reports["zh"])
    assert zh["value"].startswith("正常时期出现如此大的净损失(缺口减补单)的概率仅为 0.025(p 值)")
    # without a margin the loss claimed is the net lost revenue: its bound decides
    plain = dict(margin=None, lost_profit=None, lost_profit_low=None, lost_profit_high=None)
    assert _significance(report, **plain)["state"] == "pass"
    assert _significance(report, **plain, net_lost_revenue_low=-1.0)["state"] == "fail"


def test_verdict_says_by_which_test_the_claim_qualifies_and_that_the_loss_is_established(reports):
    verdict = report_context(reports["en"])["verdict"]
    assert verdict["state"] == "pass"
    assert verdict["lines"] == [
        "The claim qualifies (either test is enough): one interruption lasted 27 h 15 min, "
        "longer than 24 h; and 3 interruptions fell within 7 days, at least the 3 the test "
        "asks for.",
        "At 95% confidence the loss is established: the amount claimed (lost profit) is "
        "CN¥15,896.52 (95% interval CN¥7,872.21 to CN¥25,904.04); a net loss this large occurs "
        "on normal days with a chance of 0.025.",
    ]
    zh = report_context(reports["zh"])["verdict"]["lines"]
    assert zh[0].startswith("索赔符合条件(满足任一条件即可):单次连续中断 27 小时 15 分钟")
    assert zh[1].startswith("按 95% 置信度,损失已确立:索赔金额(利润损失)为 ¥15,896.52")
    assert zh[1].endswith("正常时期出现同等净损失的概率为 0.025。")


def test_verdict_of_a_claim_that_does_not_qualify_and_a_loss_not_established(reports):
    report = reports["en"]
    summary = report.summary.model_copy(update={"passed_threshold": False, "recurrent": False})
    checks = [c.model_copy(update={"met": False}) for c in report.policy.checks]
    policy = report.policy.model_copy(update={"checks": checks, "summary": summary})
    # no expenses in the demo: the amount claimed is the lost profit
    update = {"lost_profit_low": -10.0, "claim_amount_low": -10.0, "p_value": 0.2}
    loss = report.loss.model_copy(update=update)
    assert not loss.established
    assert loss.loss_low == -10.0
    lost = report.model_copy(update={"summary": summary, "policy": policy, "loss": loss})
    context = report_context(lost)
    assert context["verdict"]["state"] == "fail"
    standing, established = context["verdict"]["lines"]
    assert standing.startswith("The claim does not qualify: the longest interruption lasted 27 h")
    assert (
        "has a 95% interval from -CN¥10.00 to CN¥25,904.04, which reaches zero; a net loss"
        in established
    )
    # what would establish it: the demo has a control and 6 weeks of hourly buckets
    assert established.endswith(
        "with a chance of 0.200, so chance variation cannot be ruled out. What would establish "
        "it: a longer order history (the baseline had 6 weeks; 8 or more is better); a finer "
        "time bucket (such as 15 minutes)."
    )
    states = {row["label"]: row["state"] for row in context["summary"]}
    assert states["24 h continuous-interruption test"] == "fail"
    assert states["Significance"] == "fail"


def test_a_significant_loss_whose_interval_reaches_zero_is_not_established(reports):
    report = reports["en"]
    loss = report.loss.model_copy(update={"lost_profit_low": -10.0, "claim_amount_low": -10.0})
    assert loss.significant
    assert not loss.established
    verdict = report_context(report.model_copy(update={"loss": loss}))["verdict"]
    assert verdict["state"] == "fail"
    assert ", which reaches zero." in verdict["lines"][1]
    assert "chance variation" not in verdict["lines"][1]


def _with_expenses(loss, claimed: float, **update):
    """The demo's loss (no expenses) with ``update`` (the loss's own figures) and
    ``claimed`` documented expenses added to the amount claimed and to its interval."""
    assert not loss.expenses
    loss = loss.model_copy(update=update)
    basis = {"": loss.lost_profit, "_low": loss.loss_low, "_high": loss.lost_profit_high}
    if loss.lost_profit is None:
        basis = {
            "": loss.net_lost_revenue,
            "_low": loss.loss_low,
            "_high": loss.net_lost_revenue_high,
        }
    items = [ExpenseItem(amount=claimed, description="courier re-delivery", evidence="r.pdf")]
    amounts = {f"claim_amount{end}": value + claimed for end, value in basis.items()}
    return loss.model_copy(update={"expenses": items, "claimed_expenses": claimed, **amounts})


def test_a_loss_lifted_above_zero_by_the_expenses_alone_names_its_own_lower_bound(reports):
    """Expenses lift the amount's interval above zero, the loss's reaches zero: the verdict
    says the loss's own interval (not the amount's) reaches zero, and from where."""
    report = reports["en"]
    # at the 40% margin, a net lost revenue from -CN¥1,250 gives a lost profit from -CN¥500
    loss = _with_expenses(report.loss, 1200.0, net_lost_revenue_low=-1250.0, lost_profit_low=-500.0)
    assert (loss.lost_profit_low, loss.claim_amount_low) == (-500.0, 700.0)
    assert loss.significant
    assert not loss.established
    context = report_context(report.model_copy(update={"loss": loss}))
    assert context["verdict"]["state"] == "fail"
    line = context["verdict"]["lines"][1]
    assert "which reaches zero" not in line  # the amount's interval does not
    assert line.startswith(
        "At 95% confidence the loss is not established: the amount claimed (lost profit plus "
        "documented expenses), CN¥17,096.52, has a 95% interval from CN¥700.00 to "
        "CN¥27,104.04; without the documented "
        "expenses, the interval of the lost profit reaches zero (from -CN¥500.00). What "
        "would establish it:"
    )
    assert "chance variation" not in line  # significant: only the bound fails
    row = next(row for row in context["summary"] if row["label"] == "Significance")
    assert row["state"] == "fail"
    assert "but its 95% interval reaches zero" in row["value"]
    zh = report_context(reports["zh"].model_copy(update={"loss": loss}))["verdict"]["lines"][1]
    assert ",其 95% 区间为 ¥700.00 至 ¥27,104.04;不计已记录的费用," in zh
    assert "利润损失的区间下限为 -¥500.00,包含零。" in zh
    assert ",包含零;" not in zh
    # without a margin the loss claimed is the net lost revenue: its bound is named
    plain = {"margin": None, "lost_profit": None, "lost_profit_low": None, "lost_profit_high": None}
    net = _with_expenses(report.loss, 1200.0, **plain, net_lost_revenue_low=-300.0)
    assert (net.loss_low, net.claim_amount_low) == (-300.0, 900.0)
    line = report_context(report.model_copy(update={"loss": net}))["verdict"]["lines"][1]
    assert "which reaches zero" not in line
    assert line.endswith(
        "from CN¥900.00 to CN¥65,960.10; without the documented expenses, the interval of "
        "the lost revenue before costs reaches zero (from -CN¥300.00). What would establish "
        "it: a longer order history (the baseline had 6 weeks; 8 or more is better); a finer "
        "time bucket (such as 15 minutes)."
    )


def test_a_loss_whose_net_lost_orders_may_be_nothing_is_not_established(reports):
    """The amount's interval above zero is not enough: the net lost orders' must be too."""
    report = reports["en"]
    loss = report.loss.model_copy(update={"net_lost_orders_low": -3.0})
    assert loss.significant
    assert loss.loss_low > 0
    assert not loss.established
    context = report_context(report.model_copy(update={"loss": loss}))
    assert context["verdict"]["state"] == "fail"
    assert (
        "to CN¥25,904.04; the interval of the net lost orders reaches zero (from -3.0). "
        "What would establish it:" in context["verdict"]["lines"][1]
    )
    row = next(row for row in context["summary"] if row["label"] == "Significance")
    assert row["state"] == "fail"
    assert "but its 95% interval reaches zero" in row["value"]
    zh = report_context(reports["zh"].model_copy(update={"loss": loss}))["verdict"]["lines"][1]
    assert ";净损失订单的区间下限为 -3.0,包含零" in zh


def test_a_test_not_met_is_not_marked_failed_when_the_other_qualifies_the_claim(reports):
    report = reports["en"]
    summary = report.summary.model_copy(update={"recurrent": False})
    rows = report_context(report.model_copy(update={"summary": summary}))["summary"]
    states = {row["label"].split(" (")[0]: row["state"] for row in rows}
    assert states["24 h continuous-interruption test"] == "pass"
    assert states["Repeated interruptions within 7 days"] == ""


def test_loss_table_marks_the_claimed_row(reports):
    rows = report_context(reports["en"])["loss_rows"]
    keys = [(row["item"], row["key"]) for row in rows[-2:]]
    assert keys == [("Net loss", False), ("Lost profit (contribution margin 40%)", True)]
    loss = reports["en"].loss.model_copy(update={"margin": None, "lost_profit": None})
    plain = report_context(reports["en"].model_copy(update={"loss": loss}))["loss_rows"]
    assert (plain[-1]["item"], plain[-1]["key"]) == (
        "Net loss (claimed: lost revenue before costs)",
        True,
    )


# --- a page in each language with nothing left of the other, nor of the code ---------------

#: Latin words a Chinese page may show: the program's name, units and abbreviations
#: readers know (UTC, SHA-256, SLA; p for the p-value, t for the t distribution), and the
#: names of file formats (CSV, Excel, JSON) and of Python, which passes a table in
ZH_LATIN = {"claimstats", "UTC", "SHA-256", "SLA", "p", "t", "CSV", "Excel", "JSON", "Python"}
CODE_WORDS = re.compile(r"\w+=[\"'{]|\bgeneric-|\b[a-z]+_[a-z_]+\b|(?<!\w)--[a-z]|\w\(s\)")
ONE_PLURAL = re.compile(
    r"(?<![\w.,])1 (?:[a-z-]+ )?(?:rows|orders|windows|weeks|days|hours|minutes|interruptions"
    r"|incidents|outages|lines|attempts|times|periods)\b"
)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}


class _Visible(HTMLParser):
    """The text a reader of ``lang`` sees: no scripts, styles or title, and no element
    in another language (the claim statement is given in both on purpose)."""

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang, self.skip, self.parts = lang, 0, []

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            return
        other = (dict(attrs).get("lang") or self.lang).split("-")[0] != self.lang
        if self.skip or other or tag in ("script", "style", "title"):
            self.skip += 1

    def handle_endtag(self, tag):
        if self.skip and tag not in _VOID:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def _visible_text(report) -> str:
    """The page's visible text in its language, the claimant's own words taken out."""
    parser = _Visible(report.lang)
    parser.feed(render_html(report))
    text = " ".join(parser.parts)
    own = [report.service, report.channel, report.control, report.claimant]
    own += [r.description for r in report.incidents]
    own += [value for f in report.evidence for value in (f.name, f.sha256)]
    own += [value for item in report.loss.expenses for value in (item.description, item.evidence)]
    for word in sorted({w for w in own if w}, key=len, reverse=True):
        text = text.replace(word, " ")
    return text


def _restated(report, **update):
    """The report with ``update`` (its loss, channel, ...), the statements composed again."""
    changed = report.model_copy(update=update)
    fields = {name: getattr(changed, name) for name in cs.ClaimAnalysis.model_fields}
    analysis = cs.ClaimAnalysis(**fields)
    statements = {lang: claim_statement(lang, analysis) for lang in LANGS}
    return changed.model_copy(update={"statements": statements})


def _without_margin(loss):
    """The loss as estimated without a margin: the amount claimed is the net lost revenue."""
    return loss.model_copy(
        update={
            "margin": None,
            "lost_profit": None,
            "lost_profit_low": None,
            "lost_profit_high": None,
            "claim_amount": loss.net_lost_revenue,
            "claim_amount_low": loss.net_lost_revenue_low,
            "claim_amount_high": loss.net_lost_revenue_high,
        }
    )


def _ones(report):
    """The sample report with one of everything that is counted, no margin and no channel:
    one interruption, one row kept of an outage file, one order, one placebo window, one
    week of baseline, one claimed expense, notes counting one."""
    e = report.loss
    summary = report.summary.model_copy(
        update={"interruptions": 1, "max_interruptions_in_window": 1, "recurrent": False}
    )
    evidence = [report.evidence[0].model_copy(update={"rows_read": 2, "rows_kept": 1,
                                                       "rows_rejected": 1}),
                *report.evidence[1:]]  # fmt: skip
    notes = [
        Note(code="few_placebos", values={"count": 1, "minimum": 20}),
        Note(code="p_value_floor", values={"count": 1, "p_value": 0.5}),
        Note(code="lingering_shortfall", values={"orders": 1.0}),
    ]
    expense = ExpenseItem(amount=30.0, description="courier", evidence="receipt.pdf")
    loss = _without_margin(e).model_copy(
        update={
            "expected_orders": 1.0,
            "lost_orders": 1.0,
            "net_lost_orders": 1.0,
            "control_actual_orders": 1.0,
            "baseline_weeks": 1,
            "placebo_windows": 1,
            "placebo_losses": [e.net_lost_revenue + 1.0],
            "p_value": 0.5,
            "notes": notes,
            "expenses": [expense],
            "claimed_expenses": 30.0,
            "claim_amount": e.net_lost_revenue + 30.0,
            "claim_amount_low": e.net_lost_revenue_low + 30.0,
            "claim_amount_high": e.net_lost_revenue_high + 30.0,
        }
    )
    return _restated(report, summary=summary, evidence=evidence, loss=loss, channel=None)


@pytest.mark.parametrize("variant", ["sample", "ones"])
@pytest.mark.parametrize("lang", LANGS)
def test_each_page_stands_alone_in_its_language_without_code_words(reports, lang, variant):
    """Chinese: no English beyond names and units, no pointer to an English version;
    both: no argument syntax, format names or identifiers; English: "1 row", not "1 rows"."""
    report = reports[lang] if variant == "sample" else _ones(reports[lang])
    text = _visible_text(report)
    assert CODE_WORDS.findall(text) == []
    if lang == "zh":
        assert "英文" not in text
        latin = set(re.findall(r"[A-Za-z][A-Za-z0-9'-]*", text))
        assert latin - ZH_LATIN == set()
    else:
        assert ONE_PLURAL.findall(text) == []
    if variant == "ones" and lang == "en":  # the singular paths were taken
        for words in ("1 interruption fell", "1 row,", "1 order;", "1 normal window shows",
                      "the 1 week before", "Only 1 placebo window was available"):  # fmt: skip
            assert words in text


@pytest.mark.parametrize("lang", LANGS)
def test_without_a_margin_the_claim_is_lost_revenue_before_costs_and_a_margin_is_advised(
    reports, lang
):
    report = reports[lang]
    loc = Locale(lang, report.tz)
    plain = _restated(report, loss=_without_margin(report.loss))
    context = report_context(plain)
    basis = loc.text("claim_on_revenue")
    assert basis == {"en": "lost revenue before costs", "zh": "未扣除成本的收入损失"}[lang]
    assert context["summary"][0]["label"] == loc.text("claim_amount_basis", basis=basis)
    assert f"({basis})" in context["verdict"]["lines"][1]
    advice = context["verdict"]["lines"][2]
    assert advice == loc.text("verdict_no_margin")
    assert {"en": "Give your contribution margin", "zh": "建议提供边际贡献率"}[lang] in advice
    assert basis in plain.statements[lang].basis
    assert basis in " ".join(context["method"]["paragraphs"])
    # with a margin: lost profit, and no advice
    assert len(report_context(report)["verdict"]["lines"]) == 2


@pytest.mark.parametrize(
    ("control", "en", "zh"),
    [
        ("website", "the orders of all channels together but the control channel website",
         "除对照渠道 website 以外所有渠道合计的订单"),
        (None, "the orders of all channels together", "所有渠道合计的订单"),
    ],
)  # fmt: skip
def test_without_a_channel_the_statement_reads_for_all_channels_together(reports, control, en, zh):
    loss = reports["en"].loss.model_copy(update={"control": control})
    report = _restated(reports["en"], channel=None, control=control, loss=loss)
    for lang, orders in (("en", en), ("zh", zh)):
        statement = report.statements[lang]
        assert orders in statement.reason
        assert orders in statement.basis
        assert "—" not in statement.reason + statement.basis
    assert report.statements["en"].basis.startswith(
        f"Expected orders come from a seasonal baseline: {en} in the same hours of the week"
    )
    assert report.statements["zh"].basis.startswith(f"预期订单取自季节基准:{zh}在中断前 6 周")


def test_sensitivity_table_in_both_languages_starts_from_the_amount_claimed(reports):
    words = {
        "zh": ("敏感性", "影响最大的是预测方法", "本索赔", "¥11,922.39 至 ¥24,508.16"),
        "en": (
            "Sensitivity",
            "the prediction method moves it most",
            "this claim",
            "CN¥11,922.39 to CN¥24,508.16",
        ),
    }
    for lang, report in reports.items():
        section = report_context(report)["method"]["sensitivity"]
        claimed = Locale(lang, report.tz).money(report.loss.claim_amount, report.currency)
        base = [row for row in section["rows"] if row["base"]]
        assert len(base) == 5
        assert all(row["amount"] == claimed for row in base)
        heading, mover, mark, span = words[lang]
        assert section["heading"].startswith(heading)
        assert mover in section["spread"]
        assert span in section["spread"]
        page = unescape(render_html(report))
        assert section["spread"] in page
        assert mark in page
        other = "en" if lang == "zh" else "zh"
        assert words[other][1] not in page  # each language stands alone


def test_json_carries_the_sensitivity_rows_rounded_the_base_as_the_amount_claimed(reports):
    data = json.loads(reports["en"].to_json())
    rows = data["sensitivity"]
    assert len(rows) == 14
    base = [row for row in rows if row["base"]]
    assert {row["claim_amount"] for row in base} == {data["loss"]["claim_amount"]}
    assert {row["claim_amount_low"] for row in base} == {data["loss"]["claim_amount_low"]}
    control = next(row for row in rows if row["value"] == "control")
    assert (control["claim_amount"], control["claim_amount_low"]) == (24508.16, 8588.67)


def _widest(rows: list[dict]) -> str:
    """The choice whose own amounts (the claim's own among them) span the widest range."""
    base = next(row["claim_amount"] for row in rows if row["base"])
    spans = {}
    for row in rows:
        if row["claim_amount"] is not None:
            spans.setdefault(row["choice"], [base]).append(row["claim_amount"])
    return max(spans, key=lambda choice: max(spans[choice]) - min(spans[choice]))


def test_json_spread_is_the_range_of_the_json_rows_and_the_widest_choice(reports):
    data = json.loads(reports["en"].to_json())
    rows, spread = data["sensitivity"], data["sensitivity_spread"]
    amounts = [row["claim_amount"] for row in rows if row["claim_amount"] is not None]
    assert set(spread) == {"low", "high", "choice", "choice_low", "choice_high"}
    # numbers of the rows as written, to the cent: min and max of the list
    assert (spread["low"], spread["high"]) == (min(amounts), max(amounts))
    assert spread["choice"] == _widest(rows) == "method"
    mover = [row["claim_amount"] for row in rows if row["choice"] == spread["choice"]]
    assert (spread["choice_low"], spread["choice_high"]) == (min(mover), max(mover))
    assert spread["choice_low"] == data["loss"]["claim_amount"]  # the claim's own is lowest
    assert spread["low"] < data["loss"]["claim_amount"] < spread["high"]
    # read back, the spread is drawn again from the rows
    again = cs.ImpactReport.model_validate_json(reports["en"].to_json())
    assert again.sensitivity_spread.model_dump() == spread


def test_html_sentence_shows_the_numbers_of_the_json_spread(reports):
    for lang, report in reports.items():
        spread = json.loads(report.to_json())["sensitivity_spread"]
        loc = Locale(lang, report.tz)
        page = unescape(render_html(report))
        section = report_context(report)["method"]["sensitivity"]
        assert section["spread"] in page
        for key in ("low", "high", "choice_low", "choice_high"):
            shown = loc.money(spread[key], report.currency)
            assert shown in section["spread"], (lang, key)
        assert loc.text(f"sens_about_{spread['choice']}") in section["spread"]


def test_without_the_sensitivity_table_the_json_spread_is_null(reports):
    claim = make_sample(seed=0)
    analysis = cs.analyze_claim(
        claim.orders, claim.outages, tz=claim.tz, channel="whatsapp", margin=0.4,
        estimator={"sensitivity": False},
    )  # fmt: skip
    report = cs.build_report(analysis, {"lang": "en"})
    data = json.loads(report.to_json())
    assert data["sensitivity"] == []
    assert data["sensitivity_spread"] is None
    assert report_context(report)["method"]["sensitivity"] is None
    assert 'id="sensitivity"' not in render_html(report)
    assert 'id="sensitivity"' in render_html(reports["en"])


def test_a_table_where_no_row_ran_has_a_null_spread_and_says_so(reports):
    report = reports["en"]
    rows = [
        row.model_copy(update={"claim_amount": None, "reason": "failed"})
        for row in report.sensitivity
        if not row.base
    ]
    none_ran = report.model_copy(update={"sensitivity": rows})
    assert json.loads(none_ran.to_json())["sensitivity_spread"] is None
    section = report_context(none_ran)["method"]["sensitivity"]
    assert section["spread"] == "No alternative choice could run."
