"""The sensitivity table: the amount claimed under other choices, each changed alone."""

from __future__ import annotations

import pandas as pd
import pytest

import claimstats as cs
from claimstats.datasets.demo import DEMO_AS_OF
from claimstats.estimate.sensitivity import CHOICES, loss_sensitivity, sensitivity_spread
from claimstats.models import SensitivityRow


@pytest.fixture(scope="module")
def sample_loss(claim):
    inc = cs.incidents(claim.outages, as_of=DEMO_AS_OF)
    loss = cs.estimate_loss(
        claim.orders, inc, channel="whatsapp", control="website", margin=0.4,
        expenses=[{"amount": 300, "description": "courier"}],
    )  # fmt: skip
    return inc, loss


@pytest.fixture(scope="module")
def rows(claim, sample_loss):
    inc, loss = sample_loss
    return loss_sensitivity(claim.orders, inc, loss)


def _table(rows):
    return {(r.choice, r.value): r for r in rows}


def test_every_choice_has_its_alternatives_and_the_claims_own_marked_base(rows, sample_loss):
    _, loss = sample_loss
    assert [(r.choice, r.value) for r in rows] == [
        ("method", "seasonal"), ("method", "control"), ("method", "regression"),
        ("baseline_weeks", "4"), ("baseline_weeks", "6"), ("baseline_weeks", "8"),
        ("recovery", "none"), ("recovery", "auto"), ("recovery", "48h"),
        ("freq", "15min"), ("freq", "1h"),
        ("margin", "0.3"), ("margin", "0.4"), ("margin", "0.5"),
    ]  # fmt: skip
    assert loss.method == "seasonal"
    base = [r for r in rows if r.base]
    assert [r.choice for r in base] == list(CHOICES)
    for row in base:
        assert (row.claim_amount, row.claim_amount_low, row.claim_amount_high) == (
            loss.claim_amount, loss.claim_amount_low, loss.claim_amount_high,
        )  # fmt: skip
        assert row.established == loss.established
    assert all(r.reason is None and r.claim_amount is not None for r in rows)


def test_each_alternative_is_the_estimate_with_that_choice_alone_changed(claim, rows, sample_loss):
    inc, loss = sample_loss
    table = _table(rows)
    # every alternative, counted once per bucket size, is what estimate_loss gives alone
    for row in rows:
        if row.base or row.reason is not None or row.choice == "margin":
            continue
        value = int(row.value) if row.choice == "baseline_weeks" else row.value
        value = {"none": "0h"}.get(value, value) if row.choice == "recovery" else value
        changed = cs.estimate_loss(
            claim.orders, inc, channel="whatsapp", control="website", margin=0.4,
            expenses=loss.expenses, settings={"method": "seasonal", row.choice: value},
        )  # fmt: skip
        assert (row.claim_amount, row.claim_amount_low, row.claim_amount_high) == (
            changed.claim_amount,
            changed.claim_amount_low,
            changed.claim_amount_high,
        ), (row.choice, row.value)
    row = table["recovery", "48h"]
    # real numbers of the sample: no catch-up deducted claims more, a longer window less
    assert round(table["recovery", "none"].claim_amount, 2) == 21255.39
    assert round(row.claim_amount, 2) == 14742.78
    assert round(table["method", "control"].claim_amount, 2) == 24808.16


def test_margin_rows_scale_the_net_lost_revenue_and_keep_the_expenses(rows, sample_loss):
    _, loss = sample_loss
    low, high = _table(rows)["margin", "0.3"], _table(rows)["margin", "0.5"]
    assert low.claim_amount == pytest.approx(loss.net_lost_revenue * 0.3 + 300)
    assert high.claim_amount_high == pytest.approx(loss.net_lost_revenue_high * 0.5 + 300)


def test_range_and_mover_are_the_widest_choice_among_the_rows_that_ran(rows):
    spread = sensitivity_spread(rows)
    amounts = [r.claim_amount for r in rows]
    assert (spread.low, spread.high) == (min(amounts), max(amounts))
    assert spread.choice == "method"
    assert (round(spread.choice_low, 2), round(spread.choice_high, 2)) == (16196.52, 24808.16)
    widths = {
        c: max(r.claim_amount for r in rows if r.choice == c)
        - min(r.claim_amount for r in rows if r.choice == c)
        for c in CHOICES
    }
    assert max(widths, key=widths.get) == "method"
    assert (
        sensitivity_spread([SensitivityRow(choice="method", value="control", reason="x")]) is None
    )


def test_a_choice_that_cannot_run_is_a_row_saying_why(claim, sample_loss):
    inc, _ = sample_loss
    # no control channel, and orders beginning 7 weeks before the outage
    start = inc["start"].min() - pd.Timedelta("49D")
    orders = claim.orders.loc[claim.orders["timestamp"] >= start.floor("D")]
    loss = cs.estimate_loss(orders, inc, channel="whatsapp")
    assert loss.baseline_weeks == 6
    table = _table(loss_sensitivity(orders, inc, loss))
    assert table["method", "control"].reason == "no_control"
    assert table["method", "control"].claim_amount is None
    assert table["baseline_weeks", "8"].reason == "short_history"
    assert table["baseline_weeks", "8"].claim_amount is None
    assert table["baseline_weeks", "4"].claim_amount is not None
    assert not any(choice == "margin" for choice, _ in table)
