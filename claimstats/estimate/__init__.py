"""Estimation: counterfactuals, calibration on placebo windows, the loss, payments."""

from claimstats.estimate.effect import counterfactual
from claimstats.estimate.loss import estimate_loss
from claimstats.estimate.payments import analyze_payments
from claimstats.estimate.retries import payment_outcomes

__all__ = ["analyze_payments", "counterfactual", "estimate_loss", "payment_outcomes"]
