"""Fixtures shared by several test files: the sample claim (seed 0) and its incidents,
used by tests/test_loss.py and tests/test_loss_cases.py."""

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
