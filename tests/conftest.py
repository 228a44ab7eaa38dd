"""Fixtures shared by several test files: the sample claim (seed 0) and its incidents,
used by tests/test_loss.py and tests/test_loss_cases.py.

The suite runs on every core (pytest-xdist, ``-n auto``) one file at a time per process
(``--dist loadfile``): a notebook's cells run in order in one kernel, the Spark tests share
one Spark session, and a module's fixtures are made once. The files that take longest
start first, so that no process is left with a long file when the others are done.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimstats.datasets.sample import make_sample
from claimstats.incidents import incidents

#: the files that take longest (seconds on 2 cores, from ``--durations``), started first
_SLOW_FILES = {
    "test_fuzz.py": 33,
    "test_properties.py": 24,
    "test_loss_cases.py": 22,
    "test_export_browser.py": 20,
    "test_spark.py": 19,
    "04_method_validation.ipynb": 19,
    "test_export_images.py": 15,
    "test_effect.py": 14,
    "test_cli.py": 11,
    "test_engines_batch.py": 10,
    "test_notebooks.py": 10,
    "test_report.py": 9,
    "test_pack.py": 9,
    "test_cli_pack.py": 9,
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the slowest files first (the order of the rest is kept)."""
    items.sort(key=lambda item: -_SLOW_FILES.get(Path(str(item.path)).name, 0))


@pytest.fixture(scope="module")
def claim():
    return make_sample(0)


@pytest.fixture(scope="module")
def sample_incidents(claim):
    return incidents(claim.outages)
