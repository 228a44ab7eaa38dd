"""The report's figures: what each one draws, with the sample claim's numbers."""

from __future__ import annotations

import numpy as np
import pytest

import claimstats as cs
from claimstats.datasets import demo_report
from claimstats.datasets.validation import inject_outage, outage_frame, synthetic_orders
from claimstats.report.charts import (
    control_chart,
    cumulative_chart,
    interruptions_chart,
    loss_chart,
    placebo_chart,
)
from claimstats.report.context import report_context
from claimstats.report.publish import published


@pytest.fixture(scope="module")
def report():
    return demo_report(lang="en")


@pytest.fixture(scope="module")
def report_zh():
    return demo_report(lang="zh")


def test_control_chart_sets_the_affected_channel_beside_the_control(report):
    fig = control_chart(report)
    expected, actual = fig.data
    assert list(expected.x) == ["whatsapp", "website"]
    assert list(expected.y) == [206.8, 68.8]  # as the report's tables show them, to 0.1
    assert list(actual.y) == [0.0, 91.5]
    # on two lines, to fit a bar on a phone
    assert list(actual.text) == ["0%<br>of expected", "133%<br>of expected"]
    # the affected channel's expected orders carry the gross loss interval
    e = published(report).loss
    assert expected.error_y.array[0] == pytest.approx(e.lost_orders_high - e.lost_orders)
    assert expected.error_y.arrayminus[0] == pytest.approx(e.lost_orders - e.lost_orders_low)
    assert e.lost_orders_low == pytest.approx(168.1, abs=0.05)
    assert fig.layout.barmode == "group"


def test_no_control_chart_without_a_control_channel(report):
    assert control_chart(report.model_copy(update={"control": None})) is None
    loss = report.loss.model_copy(update={"control_expected_orders": None})
    assert control_chart(report.model_copy(update={"loss": loss})) is None


def test_placebo_chart_counts_every_placebo_window_and_marks_the_outage(report):
    e = published(report).loss
    fig = placebo_chart(report)
    bars, line = fig.data
    assert sum(bars.y) == e.placebo_windows == len(e.placebo_losses) == 39
    assert bars.name == "Normal windows (39)"
    # bins cover every placebo's net loss in money: about -20,578 to 9,091 CNY on the sample
    low, high = min(e.placebo_losses), max(e.placebo_losses)
    assert (low, high) == (pytest.approx(-20578, abs=1), pytest.approx(9091, abs=1))
    assert bars.x[0] - bars.width[0] / 2 == pytest.approx(low, abs=0.02)
    assert bars.x[-1] + bars.width[-1] / 2 == pytest.approx(high, abs=0.02)
    # the line stands at the loss table's net lost revenue, to the cent
    assert list(line.x) == [e.net_lost_revenue, e.net_lost_revenue] == [39741.3, 39741.3]
    assert line.text[1] == "CN¥39,741.30"
    assert line.y[1] == max(bars.y)
    assert fig.layout.xaxis.title.text == "Net loss (CNY, shortfall less catch-up)"


def test_placebo_losses_rank_the_observed_net_loss_as_the_p_value(report):
    """No placebo window shows a net loss as large: p = (0 + 1) / (39 + 1), its floor."""
    e = report.loss
    losses = np.array(e.placebo_losses)
    beyond = int((losses >= e.net_lost_revenue).sum())
    assert beyond == 0
    assert e.p_value == pytest.approx((beyond + 1) / (len(losses) + 1))


def test_placebo_losses_give_the_p_value_by_rank_when_the_placebos_do_not_overlap():
    """A 2 h partial outage (30% of orders lost) on a generated shop at 8 orders an hour,
    no catch-up deducted: 49 placebo windows apart from each other, ranked; 4 of them
    show a net loss at least as large as the outage's."""
    orders = synthetic_orders(8, weeks=10, seed=3)
    start, end = "2026-04-29 10:00+08:00", "2026-04-29 12:00+08:00"
    hit, _ = inject_outage(orders, start, end, loss_share=0.3, seed=3)
    e = cs.estimate_loss(
        hit,
        cs.incidents(outage_frame(start, end)),
        channel="whatsapp",
        control="website",
        settings={"recovery": 0},
    )
    assert not [n for n in e.notes if n.code in ("few_placebos", "overlapping_placebos")]
    losses = np.array(e.placebo_losses)
    beyond = int((losses >= e.net_lost_revenue).sum())
    assert (len(losses), beyond) == (e.placebo_windows, 4) == (49, 4)
    assert e.p_value == pytest.approx((1 + beyond) / (len(losses) + 1)) == 0.1
    assert not e.significant
    # nothing is deducted: the net loss is the gross shortfall, in orders and in money
    assert (e.recovered_orders, e.recovered_revenue, e.recovery_windows) == (0, 0, [])
    assert e.net_lost_revenue == e.lost_revenue


def test_no_placebo_chart_without_placebo_losses(report):
    loss = report.loss.model_copy(update={"placebo_losses": []})
    assert placebo_chart(report.model_copy(update={"loss": loss})) is None


@pytest.fixture(scope="module")
def shop():
    """A generated shop at 8 orders an hour, down for 24 h; 40% of the lost customers
    come back within a day."""
    orders = synthetic_orders(8, weeks=8, seed=3)
    start, end = "2026-04-15 10:00+08:00", "2026-04-16 10:00+08:00"
    hit, truth = inject_outage(orders, start, end, catch_up_share=0.4, seed=3)
    claim = cs.analyze_claim(
        hit,
        outage_frame(start, end),
        tz="Asia/Shanghai",
        channel="whatsapp",
        control="website",
        as_of="2026-04-20T10:00+08:00",
    )
    return cs.build_report(claim, {"lang": "en"}), truth


def _flat_where_nothing_is_added(report) -> np.ndarray:
    """The cumulative chart's curve, checked flat on every bucket that adds nothing."""
    y = np.asarray(cumulative_chart(report).data[0].y)
    table = report.loss.bucket_table()
    assert len(y) == len(table)
    adds = ((table["lost"] != 0) | (table["recovered"] != 0)).to_numpy()
    assert 0 < adds.sum() < len(adds)
    assert y[0] == 0
    assert not adds[0]
    assert (np.diff(y)[~adds[1:]] == 0).all()
    return y


def test_cumulative_chart_ends_at_the_net_lost_orders_and_is_flat_elsewhere(report):
    e = report.loss
    y = _flat_where_nothing_is_added(report)
    assert y[-1] == round(e.net_lost_orders, 1) == 160.7
    # it climbs by the gross shortfall's buckets, less the catch-up counted after them
    table = e.bucket_table()
    assert table["lost"].sum() == pytest.approx(e.lost_orders)
    assert table["recovered"].sum() == pytest.approx(e.recovered_orders)
    assert (table.loc[table["recovery_fraction"] == 0, "recovered"] == 0).all()
    assert (table.loc[table["outage_fraction"] == 0, "lost"] == 0).all()


def test_cumulative_chart_of_a_generated_shop_rises_by_the_outage_and_falls_by_the_catch_up(
    shop,
):
    report, truth = shop
    e = report.loss
    y = _flat_where_nothing_is_added(report)
    assert y[-1] == round(e.net_lost_orders, 1)
    assert truth.returned_orders > 0  # customers did come back after the outage
    assert len(e.recovery_windows) == 1
    assert e.recovered_orders > 0
    table = e.bucket_table()
    # the curve reaches the gross shortfall as service returns, then the catch-up bends it
    last_outage = np.flatnonzero(table["outage_fraction"].to_numpy() > 0)[-1]
    assert y[last_outage] == pytest.approx(e.lost_orders, abs=0.1)
    assert y[-1] == pytest.approx(e.lost_orders - e.recovered_orders, abs=0.1)
    assert y[-1] < y[last_outage]
    # and stays flat after the kept recovery window
    after = np.flatnonzero(table["bucket"] >= e.recovery_windows[0].end)
    assert (y[after] == y[-1]).all()


def test_chinese_report_has_chinese_date_ticks(report, report_zh):
    for chart in (interruptions_chart, loss_chart, cumulative_chart):
        stops = chart(report_zh).layout.xaxis.tickformatstops
        assert [stop.value for stop in stops] == ["%-m月%-d日 %H:%M", "%-m月%-d日"]
        assert chart(report).layout.xaxis.tickformatstops == ()


def test_timeline_gives_each_interruption_a_row_named_by_its_number_and_duration(report):
    fig = interruptions_chart(report)
    (bars,) = fig.data
    # as the timeline table numbers them and gives their durations; the first on top
    rows = report_context(report)["timeline"]
    assert list(bars.y) == [f"#{row['number']} {row['duration']}" for row in rows]
    assert list(bars.y) == ["#1 27 h 15 min", "#2 40 min", "#3 1 h 35 min"]
    assert fig.layout.yaxis.autorange == "reversed"
    assert fig.layout.yaxis.title.text == "WhatsApp Web"  # the one service
    start, end = fig.layout.xaxis.range
    # the sample's interruptions run 4 Aug 09:40 to 8 Aug 15:55 (UTC+8), 102 h 15 min: the
    # axis adds 3% of it, to the minute (3 h 5 min), before the first and after the last
    assert start == "2026-08-04 06:35:00"
    assert end == "2026-08-08 19:00:00"


def test_timeline_of_several_services_names_each_rows_service(report):
    first, *rest = report.incidents
    shop = first.model_copy(update={"service": "Shop <b>"})
    fig = interruptions_chart(report.model_copy(update={"incidents": [shop, *rest]}))
    assert list(fig.data[0].y) == [
        "#1 Shop &lt;b&gt; · 27 h 15 min",
        "#2 WhatsApp Web · 40 min",
        "#3 WhatsApp Web · 1 h 35 min",
    ]
    assert fig.layout.yaxis.title.text is None
