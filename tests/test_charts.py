"""The report's figures: what each one draws, with the sample claim's numbers."""

from __future__ import annotations

import numpy as np
import pytest

from claimstats.datasets import demo_report
from claimstats.report.charts import (
    control_chart,
    cumulative_chart,
    interruptions_chart,
    loss_chart,
    placebo_chart,
)
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
    assert list(actual.text) == ["0% of expected", "133% of expected"]
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
    assert sum(bars.y) == e.placebo_windows == 39
    assert bars.name == "Normal windows (39)"
    # bins cover every placebo shortfall: -39.2 to 38.2 orders on the sample
    low, high = min(e.placebo_shortfalls), max(e.placebo_shortfalls)
    assert (low, high) == (pytest.approx(-39.2, abs=0.05), pytest.approx(38.2, abs=0.05))
    assert bars.x[0] - bars.width[0] / 2 == pytest.approx(low)
    assert bars.x[-1] + bars.width[-1] / 2 == pytest.approx(high)
    assert list(line.x) == [e.lost_orders, e.lost_orders]
    assert line.text[1] == "206.8"
    assert line.y[1] == max(bars.y)
    assert fig.layout.xaxis.title.text == "Shortfall (orders, expected minus actual)"


def test_placebo_shortfalls_rank_the_observed_shortfall_as_the_p_value(report):
    """No placebo window shows a shortfall as large: p = (0 + 1) / (39 + 1)."""
    e = report.loss
    shortfalls = np.array(e.placebo_shortfalls)
    beyond = int((shortfalls >= e.lost_orders).sum())
    assert beyond == 0
    assert e.p_value == pytest.approx((beyond + 1) / (len(shortfalls) + 1))


def test_no_placebo_chart_without_placebo_shortfalls(report):
    loss = report.loss.model_copy(update={"placebo_shortfalls": []})
    assert placebo_chart(report.model_copy(update={"loss": loss})) is None


def test_chinese_report_has_chinese_date_ticks(report, report_zh):
    for chart in (interruptions_chart, loss_chart, cumulative_chart):
        stops = chart(report_zh).layout.xaxis.tickformatstops
        assert [stop.value for stop in stops] == ["%-m月%-d日 %H:%M", "%-m月%-d日"]
        assert chart(report).layout.xaxis.tickformatstops == ()


def test_timeline_leaves_room_for_the_last_label(report):
    fig = interruptions_chart(report)
    start, end = fig.layout.xaxis.range
    # the sample's interruptions run 4 Aug 09:40 to 8 Aug 15:55 (UTC+8), 102 h 15 min: the
    # axis adds 15% of it (15 h 20 min 15 s) after the last and a third of that before the first
    assert start == "2026-08-04 04:33:15"
    assert end == "2026-08-09 07:15:15"
