"""The bad-input corpus (tests/data/bad, written by make_bad.py; manifest.json says what
each file must do).

Every malformed file must end in exactly the ClaimstatsError its manifest names, never
in another exception; the message must hold the file name, the line or row and the
column where the library can name them, and what to do; the file must be byte for byte
unchanged afterwards; and ``claimstats validate`` must exit 2 with one line on stderr.
The one file that loads (mixed currencies) must be refused by ``estimate_loss``.
Library bugs are marked xfail in the manifest, with the evidence.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import re
import sys
import traceback
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

from claimstats import estimate_loss, incidents, read_orders, read_outages
from claimstats.cli import main
from claimstats.errors import ClaimstatsError, ConfigError, DataError, FormatError
from claimstats.io import FORMATS

BAD = Path(__file__).parent / "data" / "bad"
MANIFEST = json.loads((BAD / "manifest.json").read_text(encoding="utf-8"))
ENTRIES: list[dict] = MANIFEST["files"]
FAILING = [e for e in ENTRIES if e["expect"] != "loads"]
LOADING = [e for e in ENTRIES if e["expect"] == "loads"]
#: the files whose ClaimstatsError can be measured today (a bug of "load" may hide it)
RAISING = [e for e in FAILING if "load" not in e.get("xfail", {})]
ERRORS = {cls.__name__: cls for cls in (ClaimstatsError, ConfigError, DataError, FormatError)}

#: the corpus must keep at least this many files ...
MIN_FILES = 60
#: ... and make the library say at least this many different things
MIN_DISTINCT_MESSAGES = 40
#: a message longer than this cannot be read on a terminal
MAX_MESSAGE_CHARS = 10_000
#: what the corpus must hold, as words of the manifest's "kind" of each file
KINDS = (
    "truncated",
    "empty (0 bytes)",
    "header only",
    "binary junk",
    "wrong encoding",
    "UTF-16 without BOM",
    "another format's body",
    "duplicated columns",
    "missing required column",
    "huge field",
    "unparseable times",
    "impossible times (2026-02-30",
    "25:61",
    "end before start",
    "nonexistent local time (Europe/Berlin 2026-03-29 02:30)",
    "ambiguous local time (Europe/Berlin 2026-10-25 02:30)",
    "nonexistent local time (America/New_York 2026-03-08 02:30)",
    "ambiguous local time (America/New_York 2026-11-01 01:30)",
    "in the future (after as_of)",
    "negative amounts",
    "non-numeric amounts",
    "absurd amounts",
    "unknown statuses",
    "unknown currencies",
    "unknown severities",
    "duplicate order ids",
    "mixed currencies",
)
#: loader keyword -> the ``claimstats validate`` option that passes it
CLI_OPTIONS = {
    "tz": "--tz",
    "as_of": "--as-of",
    "format": "--format",
    "encoding": "--encoding",
    "component": "--component",
    "currency": "--currency",
}


def _params(test: str, entries: list[dict]) -> list:
    """One parameter per file; xfail (strict) where the manifest records a bug for ``test``."""
    params = []
    for entry in entries:
        reason = entry.get("xfail", {}).get(test)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(entry, id=entry["file"], marks=marks))
    return params


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _short(text: str, limit: int = 1500) -> str:
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters)"


@dataclass(frozen=True)
class Outcome:
    """What loading one file did: the frame or the exception, and the file's hash before
    and after."""

    frame: pd.DataFrame | None
    error: BaseException | None
    trace: str
    before: str
    after: str


@pytest.fixture(scope="module", autouse=True)
def _forget_outcomes():
    """Drop the frames and errors kept for this module's tests when they are done."""
    yield
    outcome.cache_clear()
    _estimate.cache_clear()


@functools.cache
def outcome(name: str) -> Outcome:
    """Load one corpus file as its manifest says (once per test session)."""
    entry = next(e for e in ENTRIES if e["file"] == name)
    path = BAD / name
    loader = read_orders if entry["loader"] == "orders" else read_outages
    before = _sha256(path)
    frame, error, trace = None, None, ""
    try:
        frame = loader(path, **entry["kwargs"])
    except Exception as exc:  # anything: the test says which type escaped
        error, trace = exc, traceback.format_exc()
    return Outcome(frame, error, trace, before, _sha256(path))


def _claimstats_error(got: Outcome, what: str) -> ClaimstatsError:
    """The ClaimstatsError of an outcome; fail naming any other exception, with its traceback."""
    if got.error is None:
        rows = 0 if got.frame is None else len(got.frame)
        pytest.fail(f"{what} loaded ({rows} rows) but must be refused")
    if not isinstance(got.error, ClaimstatsError):
        pytest.fail(
            f"{what}: {type(got.error).__name__} escaped instead of a ClaimstatsError:\n{got.trace}"
        )
    return got.error


def _check_message(message: str, entry: dict, fragments: list[str]) -> None:
    missing = [f for f in fragments if f not in message]
    assert not missing, f"{entry['file']}: {missing} not in the message: {_short(message)}"
    present = [f for f in entry.get("absent", []) if f in message]
    assert not present, f"{entry['file']}: {present} should not be in: {_short(message)}"


# --- every bad file ends in its ClaimstatsError -----------------------------------------


@pytest.mark.parametrize("entry", _params("load", FAILING))
def test_bad_file_ends_in_its_error_naming_file_line_and_fix(entry: dict) -> None:
    got = outcome(entry["file"])
    assert got.after == got.before, f"{entry['file']} was changed by reading it"
    error = _claimstats_error(got, entry["file"])
    expected = ERRORS[entry["expect"]]
    assert type(error) is expected, (
        f"{entry['file']}: {type(error).__name__}, not {expected.__name__}: {_short(str(error))}"
    )
    _check_message(str(error), entry, entry["fragments"])


@pytest.mark.parametrize("entry", _params("short", RAISING))
def test_message_stays_short_whatever_the_file_holds(entry: dict) -> None:
    message = str(_claimstats_error(outcome(entry["file"]), entry["file"]))
    assert len(message) <= MAX_MESSAGE_CHARS, (
        f"{entry['file']}: a message of {len(message):,} characters: {_short(message, 300)}"
    )


# --- claimstats validate ----------------------------------------------------------------


def _validate_argv(entry: dict) -> list[str]:
    argv = ["validate", str(BAD / entry["file"]), "--kind", entry["loader"]]
    for key, value in entry["kwargs"].items():
        argv += [CLI_OPTIONS[key], str(value)]
    return argv


@pytest.mark.parametrize("entry", _params("validate", ENTRIES))
def test_validate_exits_2_with_one_error_line(entry: dict, capsys) -> None:
    path = BAD / entry["file"]
    before = _sha256(path)
    try:
        status = main(_validate_argv(entry))
    except SystemExit as exc:
        pytest.fail(f"argparse refused {_validate_argv(entry)}: exit {exc.code}")
    except Exception as exc:  # anything: say which type escaped
        pytest.fail(
            f"claimstats validate {entry['file']}: {type(exc).__name__} escaped:\n"
            f"{traceback.format_exc()}"
        )
    out, err = capsys.readouterr()
    assert _sha256(path) == before, f"validate changed {entry['file']}"
    if entry["expect"] == "loads":
        assert (status, err) == (0, ""), _short(err)
        assert f"{path}: usable as {entry['loader']}" in out
        return
    lines = err.splitlines()
    assert status == 2, f"exit {status}; stdout: {_short(out)}"
    assert len(lines) == 1, _short(err)
    assert lines[0].startswith(f"claimstats: error: {path}: not usable: "), _short(lines[0])
    assert entry["file"] in lines[0]


# --- the file that loads: mixed currencies ----------------------------------------------


@functools.cache
def _estimate(name: str) -> tuple[pd.DataFrame, pd.DataFrame, BaseException | None, str]:
    """The orders of a loading case, the incidents of its outage, and what
    ``estimate_loss`` raised (None if nothing)."""
    entry = next(e for e in ENTRIES if e["file"] == name)
    got = outcome(name)
    if got.error is not None:
        pytest.fail(f"{name} must load, but: {type(got.error).__name__}: {got.trace}")
    outage = pd.DataFrame([entry["estimate"]["outage"]])
    found = incidents(read_outages(outage, tz=entry["kwargs"]["tz"], as_of=MANIFEST["as_of"]))
    try:
        estimate_loss(got.frame, found)
    except Exception as exc:  # anything: the test says which type escaped
        return got.frame, found, exc, traceback.format_exc()
    return got.frame, found, None, ""


@pytest.mark.parametrize("entry", _params("load", LOADING))
def test_mixed_currencies_load_but_the_estimate_refuses_to_add_them(entry: dict) -> None:
    orders, found, error, trace = _estimate(entry["file"])
    assert sorted(orders["currency"].unique()) == ["CNY", "USD"]
    assert (orders["status"] == "completed").all()
    if not isinstance(error, ClaimstatsError):
        pytest.fail(f"estimate_loss did not refuse with a ClaimstatsError: {error!r}\n{trace}")
    expected = entry["estimate"]
    assert type(error) is ERRORS[expected["expect"]]
    _check_message(str(error), entry, expected["fragments"])
    # the same history in one currency is enough for an estimate, with a loss: the
    # refusal is about the currencies only
    one = orders.assign(currency="CNY")
    result = estimate_loss(one, found)
    assert result.currency == "CNY"
    assert result.lost_orders > 0


@pytest.mark.parametrize("entry", _params("estimate", LOADING))
def test_currency_refusal_names_the_orders_file(entry: dict) -> None:
    _, _, error, _ = _estimate(entry["file"])
    assert isinstance(error, ClaimstatsError)
    assert entry["file"] in str(error), str(error)


# --- the corpus itself ------------------------------------------------------------------


def make_bad() -> ModuleType:
    """The corpus generator, tests/data/bad/make_bad.py."""
    spec = importlib.util.spec_from_file_location("make_bad", BAD / "make_bad.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_bad", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_corpus_covers_every_registered_format_and_kind_of_damage() -> None:
    names = [e["file"] for e in ENTRIES]
    assert len(names) >= MIN_FILES
    assert len(set(names)) == len(names)
    on_disk = {p.name for p in BAD.iterdir() if p.is_file()} - {
        "manifest.json",
        "make_bad.py",
        "README.md",
    }
    assert on_disk == set(names)
    per_format = Counter(e["format"] for e in ENTRIES)
    assert set(per_format) <= set(FORMATS), "a manifest format that is not registered"
    without = sorted(set(FORMATS) - set(per_format))
    assert not without, f"registered formats without bad files: {without}"
    kinds = " | ".join(e["kind"] for e in ENTRIES)
    assert [k for k in KINDS if k not in kinds] == []
    assert {e["loader"] for e in ENTRIES} == {"orders", "outages"}
    assert {e["expect"] for e in ENTRIES} <= {*ERRORS, "loads"}
    for entry in ENTRIES:
        assert entry["fragments"][0] == entry["file"]
        assert set(entry.get("xfail", {})) <= {"load", "validate", "short", "estimate"}
        assert set(entry["kwargs"]) <= set(CLI_OPTIONS)
        if entry["loader"] == "outages":
            assert "as_of" in entry["kwargs"], f"{entry['file']}: pass as_of, not the clock"


def test_corpus_is_what_make_bad_writes() -> None:
    module = make_bad()
    files, manifest = module.build()
    assert module.manifest_text(manifest) == (BAD / "manifest.json").read_text(encoding="utf-8")
    assert set(files) == {e["file"] for e in ENTRIES}
    # workbooks and Parquet files hold their writer's version: compare text files only
    for name, data in files.items():
        if not name.endswith((".xlsx", ".parquet")):
            assert (BAD / name).read_bytes() == data, name


def _normalised(message: str, name: str) -> str:
    """A message without the file's path and name, and without numbers."""
    text = message.replace(str(BAD / name), "<file>").replace(name, "<file>")
    return " ".join(re.sub(r"\d+", "N", text).split())


def test_distinct_messages(capsys) -> None:
    messages: set[str] = set()
    for entry in FAILING:
        error = outcome(entry["file"]).error
        if isinstance(error, ClaimstatsError):
            messages.add(_normalised(str(error), entry["file"]))
    for entry in LOADING:
        error = _estimate(entry["file"])[2]
        if isinstance(error, ClaimstatsError):
            messages.add(_normalised(str(error), entry["file"]))
    per_format = Counter(e["format"] for e in ENTRIES)
    with capsys.disabled():
        print(
            f"\nbad-input corpus: {len(ENTRIES)} files, {len(messages)} distinct error "
            "messages (file names and numbers stripped); files per format: "
            + ", ".join(f"{name} {count}" for name, count in sorted(per_format.items()))
        )
    assert len(messages) >= MIN_DISTINCT_MESSAGES
