"""Fixtures shared by several test files: the sample claim (seed 0) and its incidents,
used by tests/test_loss.py and tests/test_loss_cases.py.

The suite runs on every core (pytest-xdist, ``-n auto``) one file at a time per process
(``--dist loadfile``): a notebook's cells run in order in one kernel, the Spark tests share
one Spark session, and a module's fixtures are made once.
"""

from __future__ import annotations

import pytest

from claimstats.incidents import incidents
from claimstats.sample import make_sample


@pytest.fixture(scope="module")
def claim():
    return make_sample(0)


@pytest.fixture(scope="module")
def sample_incidents(claim):
    return incidents(claim.outages)
