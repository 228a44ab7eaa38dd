"""Outputs are written atomically; an input too large for memory is refused before loading."""

from __future__ import annotations

import os

import pytest

import claimstats as cs
from claimstats import _files
from claimstats.engines import EngineSettings, bucket_orders
from claimstats.errors import ConfigError, DataError

SAMPLE = "sample_data/orders.csv"


def test_write_atomic_replaces_only_when_complete_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    _files.write_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
    with pytest.raises(ConfigError, match="does not exist; create it first"):
        _files.write_atomic(tmp_path / "missing" / "out.txt", "x")


def test_available_memory_is_read_on_linux():
    free = _files.available_memory()
    assert free is None or free > 10 * 1024**2


def test_read_orders_on_a_file_too_large_for_memory_points_to_bucket_orders(monkeypatch):
    size = os.path.getsize(SAMPLE)
    # The loader needs about 10 bytes of memory per byte of CSV: say 5 are free.
    monkeypatch.setattr(_files, "available_memory", lambda: 5 * size)
    with pytest.raises(DataError) as raised:
        cs.read_orders(SAMPLE, tz="Asia/Shanghai")
    message = str(raised.value)
    assert message.startswith("sample_data/orders.csv: the file is 1 MB")
    assert "needs about 13 MB of memory and 6 MB are free" in message
    assert (
        "claimstats.engines.bucket_orders('sample_data/orders.csv', engine=EngineSettings(tz=...))"
        in message
    )
    # bucket_orders reads the same file in bounded memory and is not refused.
    hourly = bucket_orders(SAMPLE, engine=EngineSettings(tz="Asia/Shanghai"))
    assert int(hourly["orders"].sum()) == 14751
    # With enough memory the same call loads it.
    monkeypatch.setattr(_files, "available_memory", lambda: 11 * size)
    assert len(cs.read_orders(SAMPLE, tz="Asia/Shanghai")) == 15220


def test_frames_and_unknown_memory_are_not_checked(monkeypatch):
    monkeypatch.setattr(_files, "available_memory", lambda: None)
    _files.check_fits_in_memory(SAMPLE)
    _files.check_fits_in_memory(object(), available=0)
