"""Data to try, test and validate claimstats with, each made with known truth.

Optional: the core of claimstats never imports it. The sample claim of a Guangzhou
flower shop (:func:`make_sample`, :func:`write_sample`, written to ``sample_data/``), its
report (:func:`demo_report`) and the wallet complaint of its café (:func:`demo_complaint`);
the same evidence as real services export it (:mod:`claimstats.datasets.exports`); a
platform of many merchants sharing one outage (:func:`make_platform`); the validation
study of the estimator on injected outages (:mod:`claimstats.datasets.validation`); and
small shops' wallet payments with their traps and truth, and the study of the payment
analysis on them (:func:`make_wallet_shop`, :func:`wallet_study`).
"""

from claimstats.datasets.demo import DEMO_AS_OF, DEMO_MERCHANT, demo_complaint, demo_report
from claimstats.datasets.platform import make_platform
from claimstats.datasets.sample import SampleClaim, make_sample, write_sample
from claimstats.datasets.wallet_shops import make_wallet_shop, wallet_study

__all__ = [
    "DEMO_AS_OF",
    "DEMO_MERCHANT",
    "SampleClaim",
    "demo_complaint",
    "demo_report",
    "make_platform",
    "make_sample",
    "make_wallet_shop",
    "wallet_study",
    "write_sample",
]
