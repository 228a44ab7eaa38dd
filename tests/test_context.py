"""The report's template variables: the sentences under the causality charts."""

from __future__ import annotations

import pytest

from claimstats.datasets import demo_report
from claimstats.report.context import report_context
from claimstats.report.html import render_html


@pytest.fixture(scope="module")
def reports():
    return {lang: demo_report(lang=lang) for lang in ("zh", "en")}


def _captions(report):
    return report_context(report)["causality"]


def test_placebo_caption_gives_the_count_the_observed_shortfall_and_the_p_value(reports):
    caption = _captions(reports["en"])["placebo"]
    assert "39 normal windows" in caption
    assert "shortfall of 206.8 orders" in caption
    assert "0 normal windows show a shortfall at least as large" in caption
    assert "chance of only 0.025 (p-value)" in caption
    zh = _captions(reports["zh"])["placebo"]
    assert "39 个没有中断的正常窗口" in zh
    assert "206.8 单" in zh
    assert "0.025(p 值)" in zh


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
    assert "(--control)" in page


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
    """The demo claims lost profit at a 40% margin: ¥17,896.75 of the ¥44,741.87 net loss."""
    rows = report_context(reports["en"])["summary"]
    assert [row["label"] for row in rows[:3]] == [
        "Amount claimed (lost profit)",
        "Net direct loss (revenue)",
        "Net lost orders",
    ]
    assert rows[0]["value"] == "CN¥17,896.75 · 95% interval CN¥5,122.24 to CN¥25,784.42"
    assert rows[0]["state"] == "key"
    zh = report_context(reports["zh"])["summary"][0]
    assert zh["label"] == "索赔金额(利润损失)"
    assert zh["value"] == "¥17,896.75 · 95% 区间 ¥5,122.24 至 ¥25,784.42"
    loss = reports["en"].loss.model_copy(update={"margin": None, "lost_profit": None})
    plain = report_context(reports["en"].model_copy(update={"loss": loss}))["summary"]
    assert plain[0]["label"] == "Amount claimed (net direct loss)"


def test_verdict_says_by_which_test_the_claim_qualifies_and_that_the_loss_is_established(reports):
    verdict = report_context(reports["en"])["verdict"]
    assert verdict["state"] == "pass"
    assert verdict["lines"] == [
        "The claim qualifies (either test is enough): one interruption lasted 27 h 15 min, "
        "longer than 24 h; and 3 interruptions fell within 7 days, at least the 3 the test "
        "asks for.",
        "At 95% confidence the loss is established: the amount claimed is CN¥17,896.75 (95% "
        "interval CN¥5,122.24 to CN¥25,784.42); a shortfall this large occurs on normal days "
        "with a chance of 0.025.",
    ]
    zh = report_context(reports["zh"])["verdict"]["lines"]
    assert zh[0].startswith("索赔符合条件(满足任一条件即可):单次连续中断 27 小时 15 分钟")
    assert zh[1].startswith("按 95% 置信度,损失已确立:索赔金额 ¥17,896.75")


def test_verdict_of_a_claim_that_does_not_qualify_and_a_loss_not_established(reports):
    report = reports["en"]
    summary = report.summary.model_copy(update={"passed_threshold": False, "recurrent": False})
    checks = [c.model_copy(update={"met": False}) for c in report.policy.checks]
    policy = report.policy.model_copy(update={"checks": checks, "summary": summary})
    loss = report.loss.model_copy(update={"claim_amount_low": -10.0, "p_value": 0.2})
    lost = report.model_copy(update={"summary": summary, "policy": policy, "loss": loss})
    context = report_context(lost)
    assert context["verdict"]["state"] == "fail"
    standing, established = context["verdict"]["lines"]
    assert standing.startswith("The claim does not qualify: the longest interruption lasted 27 h")
    assert (
        "has a 95% interval from -CN¥10.00 to CN¥25,784.42, which reaches zero; a shortfall"
        in established
    )
    assert "with a chance of 0.200, so chance variation cannot be ruled out." in established
    states = {row["label"]: row["state"] for row in context["summary"]}
    assert states["24 h continuous-interruption test"] == "fail"


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
    assert (plain[-1]["item"], plain[-1]["key"]) == ("Net loss (claimed)", True)
