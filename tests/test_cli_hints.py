"""Library messages said with the command's flags instead of Python arguments."""

from __future__ import annotations

import pytest

from claimstats.cli import _command, _parser
from claimstats.cli.hints import command_flags, flag_words


def _flags(command: str, about: str | None = None) -> dict[str, str]:
    return command_flags(_command(_parser(), command), about)


def test_each_command_maps_the_per_file_arguments_to_its_own_flags():
    assert _flags("report", "orders")["columns"] == "--orders-columns"
    assert _flags("report", "outages")["columns"] == "--outages-columns"
    assert _flags("report", "outages")["format"] == "--outages-format"
    assert _flags("report")["columns"] == "--orders-columns or --outages-columns"
    assert _flags("validate", "orders")["columns"] == "--columns"
    assert _flags("validate")["format"] == "--format"
    assert _flags("batch", "orders")["columns"] == "--orders-columns"
    assert "format" not in _flags("batch")
    assert _flags("report")["as_of"] == "--as-of"
    assert _flags("report")["status_map"] == "--status-map"


@pytest.mark.parametrize(
    ("message", "said"),
    [
        (
            "x.csv: has no 'amount' column; say which column holds it with columns={\"amount\": "
            '"<your column>", "timestamp": "<your column>"}',
            "x.csv: has no 'amount' column; say which column holds it with --orders-columns "
            "'amount=<your column>,timestamp=<your column>'",
        ),
        (
            'fix them in the file, or pass on_error="reject" to keep the other rows',
            "fix them in the file, or pass --on-error reject to keep the other rows",
        ),
        (
            "pass as_of='2026-08-10T10:00+08:00' (the time of the report) to close them",
            "pass --as-of 2026-08-10T10:00+08:00 (the time of the report) to close them",
        ),
        (
            "check the date and the zone (tz=), or pass as_of= the time",
            "check the date and the zone (--tz), or pass --as-of the time",
        ),
        (
            "close open ones with claimstats.incidents(outages, as_of=...)",
            "close open ones with --as-of",
        ),
        (
            'say what it means with status_map={"paid out": "completed"}',
            "say what it means with --status-map 'paid out=completed'",
        ),
        (
            "status_map['paid'] is 'done'; map each value",
            "--status-map: 'paid' is 'done'; map each value",
        ),
        ("margin must be between 0 and 1, not 1.5", "--margin must be between 0 and 1, not 1.5"),
        (
            "check the file's encoding (or pass encoding=None to detect it)",
            "check the file's encoding (or pass no --encoding to detect it)",
        ),
        (
            'an IANA name, e.g. tz="Asia/Shanghai" (others: UTC)',
            "an IANA name, e.g. --tz Asia/Shanghai (others: UTC)",
        ),
    ],
)
def test_python_arguments_become_flags(message, said):
    assert flag_words(message, _flags("report", "orders")) == said


@pytest.mark.parametrize(
    "message",
    [
        "line 3, column 'note': found 'a=b' and \"tz=UTC\"",  # the user's values stay as found
        "replace=True registers it again",  # no such flag: the Python words stay
        "the file /tmp/format=x.csv cannot be read",
        "formats= png, svg",
    ],
)
def test_words_that_are_no_flag_of_the_command_stay_as_they_are(message):
    assert flag_words(message, _flags("report", "orders")) == message
