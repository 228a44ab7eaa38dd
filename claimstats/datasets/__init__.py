"""Data to try, test and validate claimstats with, each made with known truth.

Optional: the core of claimstats never imports it. The sample claim of a Guangzhou
flower shop (:func:`make_sample`, :func:`write_sample`, written to ``sample_data/``) and
its report (:func:`demo_report`); the same evidence as real services export it
(:mod:`claimstats.datasets.exports`); a platform of many merchants sharing one outage
(:func:`make_platform`); and the validation study of the estimator on injected outages
(:mod:`claimstats.datasets.validation`).
"""

from claimstats.datasets.demo import DEMO_AS_OF, demo_report
from claimstats.datasets.platform import make_platform
from claimstats.datasets.sample import SampleClaim, make_sample, write_sample

__all__ = [
    "DEMO_AS_OF",
    "SampleClaim",
    "demo_report",
    "make_platform",
    "make_sample",
    "write_sample",
]
