"""Estimation: counterfactuals, calibration on placebo windows, and the loss."""

from claimstats.estimate.loss import estimate_loss

__all__ = ["estimate_loss"]
