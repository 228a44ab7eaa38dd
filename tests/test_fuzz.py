"""Fuzzing the loaders (issue 7, point 3): strange files end in a ClaimstatsError, nothing else.

Inputs: random bytes under every extension; near-valid files made from the valid files
of sample_data/ and tests/data/ by truncation, bit flips, inserted delimiters, quotes and
line ends, random Unicode, huge or impossible numbers and dates, repeated, dropped and
swapped lines; workbooks whose cells hold odd values; Parquet files (and DataFrames)
whose columns have every type pyarrow can store. Each is read with
``read_orders``/``read_outages`` with ``format="auto"`` and with every format name of
the registry, and checked with ``claimstats validate``. Whatever happens must be a
:class:`~claimstats.errors.ClaimstatsError` (or a result); the file must be unchanged.

Budget
------
``CLAIMSTATS_FUZZ_EXAMPLES`` examples per test (default 200: about 45 s for the whole
file on a 2-core machine). The inputs are **derandomized**: Hypothesis derives its seed
from each test's source, so every run (and CI) tries the same inputs, a failure is
reproducible, and no example database is needed. Set ``CLAIMSTATS_FUZZ_SEED=<int>`` to
explore other inputs, e.g. ``CLAIMSTATS_FUZZ_EXAMPLES=5000 CLAIMSTATS_FUZZ_SEED=7``.
The budget used (examples and seconds per test) is printed at the end of the module.

Known library bugs
------------------
Each bug found is a regression case below (``FINDINGS``) with its minimal input: a
strict xfail while it is open, a plain test once fixed. While a bug is open the random examples tolerate exactly its signature
(exception type, message and the claimstats function it escapes from), so the suite
stays green and still fails on anything new; ``CLAIMSTATS_FUZZ_STRICT=1`` tolerates
nothing. When a bug is fixed its xfail case passes, fails as strict, and the entry goes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import io
import os
import re
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import hypothesis.strategies as st
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, seed, settings

import claimstats as cs
from claimstats.cli import main
from claimstats.errors import ClaimstatsError
from claimstats.io import FORMATS
from claimstats.schema import ORDER_COLUMNS, OUTAGE_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = int(os.environ.get("CLAIMSTATS_FUZZ_EXAMPLES", "200"))
SEED = os.environ.get("CLAIMSTATS_FUZZ_SEED")
STRICT = os.environ.get("CLAIMSTATS_FUZZ_STRICT", "") not in ("", "0")
AS_OF = "2030-01-01T00:00Z"

ORDER_FORMATS = ["auto", *(name for name, f in FORMATS.items() if "orders" in f.kinds)]
OUTAGE_FORMATS = ["auto", *(name for name, f in FORMATS.items() if "outages" in f.kinds)]
SUFFIXES = (".csv", ".txt", ".tsv", ".json", ".jsonl", ".xlsx", ".parquet", ".atom", ".rss", "")


def fuzz(test: Callable) -> Callable:
    """The fuzz budget: derandomized unless CLAIMSTATS_FUZZ_SEED names a seed."""
    configured = settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=SEED is None,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )(test)
    return configured if SEED is None else seed(int(SEED))(configured)


# --- the budget used --------------------------------------------------------------------


@dataclass
class _Spent:
    examples: int = 0
    first: float = 0.0
    last: float = 0.0
    known: int = 0


SPENT: dict[str, _Spent] = {}


def _tick(name: str) -> _Spent:
    spent = SPENT.setdefault(name, _Spent(first=time.perf_counter()))
    spent.examples += 1
    spent.last = time.perf_counter()
    return spent


@pytest.fixture(scope="module", autouse=True)
def _report_budget(request: pytest.FixtureRequest) -> Iterator[None]:
    began = time.perf_counter()
    yield
    if not SPENT:
        return
    mode = f"seed {SEED}" if SEED is not None else "derandomized"
    lines = [
        f"fuzz budget: CLAIMSTATS_FUZZ_EXAMPLES={EXAMPLES} per test, {mode}"
        + (", strict" if STRICT else "")
    ]
    for name, spent in SPENT.items():
        known = f", {spent.known} hit a known bug" if spent.known else ""
        lines.append(
            f"  {name}: {spent.examples} examples in {spent.last - spent.first:.1f} s{known}"
        )
    total = sum(s.examples for s in SPENT.values())
    seconds = sum(s.last - s.first for s in SPENT.values())
    lines.append(
        f"  total: {total} examples in {seconds:.1f} s of loading; "
        f"{time.perf_counter() - began:.1f} s for the module"
    )
    # Shown even when output is captured (this runs in a fixture's teardown).
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        for line in ["", *lines]:
            if reporter is not None:
                reporter.write_line(line)
            else:  # pragma: no cover - pytest without its terminal
                print(line)


# --- known library bugs -----------------------------------------------------------------


@dataclass(frozen=True)
class Known:
    """The signature of an open library bug: exception type, message, and the last
    claimstats function in the traceback."""

    error: type[BaseException]
    message: str
    function: str

    def matches(self, exc: BaseException) -> bool:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if "claimstats" in f.filename]
        where = frames[-1].name if frames else ""
        return (
            isinstance(exc, self.error)
            and re.search(self.message, str(exc)) is not None
            and where == self.function
        )

    def said(self, stderr: str) -> bool:
        """The command line's one-line report of this bug (``internal error (...)``)."""
        head = f"internal error ({self.error.__name__}: "
        return head in stderr and re.search(self.message, stderr) is not None


#: every open bug, by the name of its regression case in FINDINGS
KNOWN: dict[str, Known] = {}


def _call(name: str, action: Callable[[], object]) -> object:
    """Run ``action``: a result or a ClaimstatsError are fine; an open bug is counted;
    anything else fails the test."""
    spent = _tick(name)
    try:
        return action()
    except ClaimstatsError as exc:
        return exc
    except Exception as exc:
        if not STRICT and any(k.matches(exc) for k in KNOWN.values()):
            spent.known += 1
            return exc
        raise


def _unchanged(path: Path, data: bytes) -> None:
    """The loader left the file alone and wrote nothing beside it."""
    assert path.read_bytes() == data
    assert [p.name for p in path.parent.iterdir()] == [path.name]


# --- seeds and mutations ----------------------------------------------------------------


def _seed_files() -> list[tuple[str, bytes]]:
    """Every valid data file of the repository; long ones cut to their first 60 lines."""
    found = []
    for folder in (ROOT / "sample_data", ROOT / "tests" / "data"):
        for path in sorted(folder.rglob("*")):
            if "bad" in path.relative_to(folder).parts[:1]:
                continue  # tests/data/bad: broken on purpose, checked by its own manifest
            if path.is_file() and path.suffix not in (".py", ".md"):
                data = path.read_bytes()
                if len(data) > 24_000 and path.suffix not in (".xlsx", ".xlsm"):
                    data = b"".join(data.splitlines(keepends=True)[:60])
                found.append((path.name, data))
    return found


SEEDS = _seed_files()

INSERTS = [b",", b";", b"\t", b"|", b'"', b"'", b'""', b"\n", b"\r", b"\r\n", b"\x00", b"{", b"}",
           b"[", b"]", b"<", b">", b"&", b"\\", b"=", b"-", b"sep=;\n", b"\xef\xbb\xbf", b"\xff\xfe",
           b"<![CDATA[", b"<!--", b"\\u0000", b"null", b"NaN", b"1e999"]  # fmt: skip
HUGE = [b"1e309", b"-1e308", b"99999999999999999999999999999", b"NaN", b"inf", b"-0", b"0x1F",
        b"1,2,3", b"1.234.567,89", b"\xc2\xa5-5", b"9999-12-31T23:59:59Z", b"0001-01-01",
        b"2262-04-12T00:00:00Z", b"1677-09-21", b"2026-02-30", b"2026-13-01", b"25:61",
        b"2026-08-04T01:40+99:00", b"-1", b"1e-400", b"00000000", b"4294967296", b""]  # fmt: skip
_NUMBER = re.compile(rb"[0-9][0-9.:\-TZ+]*")


def _unicode(length: int, start: int) -> bytes:
    chars = []
    for i in range(length):
        code = (start * (i + 7) * 2654435761) % 0x10FFFF
        if 0xD800 <= code <= 0xDFFF:
            code -= 0x800
        chars.append(chr(code))
    return "".join(chars).encode("utf-8")


# A mutation: (kind, position, argument); positions are taken modulo the length.
MUTATION = st.one_of(
    st.tuples(st.just("truncate"), st.integers(0, 1 << 20), st.just(0)),
    st.tuples(st.just("flip"), st.integers(0, 1 << 20), st.integers(0, 7)),
    st.tuples(st.just("insert"), st.integers(0, 1 << 20), st.integers(0, len(INSERTS) - 1)),
    st.tuples(st.just("unicode"), st.integers(0, 1 << 20), st.integers(1, 1 << 16)),
    st.tuples(st.just("number"), st.integers(0, 1 << 20), st.integers(0, len(HUGE) - 1)),
    st.tuples(st.just("repeat-line"), st.integers(0, 1 << 20), st.integers(1, 3)),
    st.tuples(st.just("drop-line"), st.integers(0, 1 << 20), st.just(0)),
    st.tuples(st.just("swap-lines"), st.integers(0, 1 << 20), st.integers(0, 1 << 20)),
    st.tuples(st.just("bytes"), st.integers(0, 1 << 20), st.binary(min_size=1, max_size=8)),
)


def mutate(data: bytes, mutations: list[tuple[str, int, object]]) -> bytes:
    """Apply each mutation in turn."""
    out = bytearray(data)
    for kind, position, argument in mutations:
        at = position % (len(out) + 1)
        if kind == "truncate":
            del out[at:]
        elif kind == "flip" and out:
            out[at % len(out)] ^= 1 << int(argument)  # type: ignore[call-overload]
        elif kind == "insert":
            out[at:at] = INSERTS[int(argument)]  # type: ignore[call-overload]
        elif kind == "unicode":
            out[at:at] = _unicode(1 + int(argument) % 5, int(argument))  # type: ignore[call-overload]
        elif kind == "number":
            found = list(_NUMBER.finditer(bytes(out)))
            if found:
                hit = found[position % len(found)]
                out[hit.start() : hit.end()] = HUGE[int(argument)]  # type: ignore[call-overload]
        elif kind in ("repeat-line", "drop-line", "swap-lines"):
            lines = bytes(out).splitlines(keepends=True)
            if lines:
                i = position % len(lines)
                if kind == "repeat-line":
                    lines[i:i] = [lines[i]] * int(argument)  # type: ignore[call-overload]
                elif kind == "drop-line":
                    del lines[i]
                else:
                    j = int(argument) % len(lines)  # type: ignore[call-overload]
                    lines[i], lines[j] = lines[j], lines[i]
                out = bytearray(b"".join(lines))
        elif kind == "bytes":
            out[at:at] = argument  # type: ignore[assignment]
    return bytes(out)


@dataclass(frozen=True)
class Damaged:
    """A seed file after mutations, under its own name or another extension."""

    name: str
    data: bytes

    def write(self, folder: Path) -> Path:
        for old in folder.iterdir():
            old.unlink()
        path = folder / self.name
        path.write_bytes(self.data)
        return path


@st.composite
def damaged_files(draw: st.DrawFn) -> Damaged:
    name, data = draw(st.sampled_from(SEEDS))
    mutations = draw(st.lists(MUTATION, min_size=1, max_size=4))
    suffix = draw(st.none() | st.sampled_from(SUFFIXES))
    if suffix is not None and draw(st.integers(0, 3)) == 0:  # now and then another name
        name = Path(name).stem + suffix
    return Damaged(name, mutate(data, mutations))


ORDER_OPTIONS = st.fixed_dictionaries(
    {
        "tz": st.sampled_from([None, "Asia/Shanghai"]),
        "currency": st.sampled_from([None, "CNY"]),
        "on_error": st.sampled_from(["raise", "reject"]),
    }
)
OUTAGE_OPTIONS = st.fixed_dictionaries(
    {
        "tz": st.sampled_from([None, "Asia/Shanghai"]),
        "on_error": st.sampled_from(["raise", "reject"]),
        "as_of": st.just(AS_OF),
    }
)


def _read_orders(name: str, path: Path, fmt: str, options: dict) -> object:
    return _call(name, lambda: cs.read_orders(path, format=fmt, **options))


def _read_outages(name: str, path: Path, fmt: str, options: dict) -> object:
    return _call(name, lambda: cs.read_outages(path, format=fmt, **options))


def _check_result(result: object, kind: str) -> None:
    """A frame returned is canonical: its columns, UTC times, finite amounts."""
    if not isinstance(result, pd.DataFrame):
        return
    if kind == "orders":
        assert list(result.columns[:7]) == list(ORDER_COLUMNS)
        assert str(result["timestamp"].dtype) == "datetime64[us, UTC]"
        assert result["timestamp"].notna().all()
        assert np.isfinite(result["amount"]).all()
        assert (result["amount"] >= 0).all()
    else:
        assert list(result.columns) == list(OUTAGE_COLUMNS)
        assert result["start"].notna().all()
        assert not (result["end"] < result["start"]).any()
    record = cs.provenance(result)
    assert record.rows_kept == len(result) or kind == "outages"


# --- raw bytes --------------------------------------------------------------------------


@fuzz
@given(
    data=st.binary(max_size=2048) | st.text(max_size=600).map(lambda t: t.encode("utf-8")),
    suffix=st.sampled_from(SUFFIXES),
    kind=st.sampled_from(["orders", "outages"]),
)
def test_random_bytes_under_any_extension_end_in_a_claimstats_error(
    tmp_path: Path, data: bytes, suffix: str, kind: str
) -> None:
    path = Damaged(f"random{suffix}", data).write(tmp_path)
    if kind == "orders":
        result = _read_orders("random bytes", path, "auto", {"currency": "CNY", "tz": "UTC"})
    else:
        result = _read_outages("random bytes", path, "auto", {"as_of": AS_OF, "tz": "UTC"})
    _check_result(result, kind)
    _unchanged(path, data)


# --- damaged sample files, every format name ----------------------------------------------


@pytest.mark.parametrize("fmt", ORDER_FORMATS)
@fuzz
@given(damaged=damaged_files(), options=ORDER_OPTIONS)
def test_damaged_files_read_as_orders_end_in_a_claimstats_error(
    tmp_path: Path, fmt: str, damaged: Damaged, options: dict
) -> None:
    path = damaged.write(tmp_path)
    _check_result(_read_orders(f"read_orders format={fmt}", path, fmt, options), "orders")
    _unchanged(path, damaged.data)


@pytest.mark.parametrize("fmt", OUTAGE_FORMATS)
@fuzz
@given(damaged=damaged_files(), options=OUTAGE_OPTIONS)
def test_damaged_files_read_as_outages_end_in_a_claimstats_error(
    tmp_path: Path, fmt: str, damaged: Damaged, options: dict
) -> None:
    path = damaged.write(tmp_path)
    _check_result(_read_outages(f"read_outages format={fmt}", path, fmt, options), "outages")
    _unchanged(path, damaged.data)


@fuzz
@given(
    damaged=damaged_files(),
    extra=st.lists(
        st.sampled_from([("--tz", "Asia/Shanghai"), ("--as-of", AS_OF), ("--currency", "CNY")]),
        unique=True,
    ),
)
def test_validate_command_exits_0_or_2_without_a_traceback(
    tmp_path: Path, damaged: Damaged, extra: list[tuple[str, str]]
) -> None:
    path = damaged.write(tmp_path)
    argv = ["validate", str(path), *(word for pair in extra for word in pair)]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = _call("claimstats validate", lambda: main(argv))
    if isinstance(status, BaseException):  # an open bug, counted
        return
    if not STRICT and any(k.said(err.getvalue()) for k in KNOWN.values()):
        SPENT["claimstats validate"].known += 1
        return
    assert status in (0, 2), (status, err.getvalue())
    assert "Traceback" not in err.getvalue()
    assert "internal error" not in err.getvalue(), err.getvalue()
    if status == 0:
        assert f"{path}: usable as " in out.getvalue()
    else:
        assert err.getvalue().startswith("claimstats: error: ")
    _unchanged(path, damaged.data)


# --- workbooks with odd cells -----------------------------------------------------------

ODD_TEXTS = ["合计", "Total", "=1/0", "=SUM(A1:A2)", "2026-08-04 09:40", "¥1,234.50", "completed",
             "支付成功", "down", "up", "", " ", "#N/A", "NaN"]  # fmt: skip
HEADER_NAMES = ["order_id", "timestamp", "amount", "currency", "channel", "status", "customer",
                "start", "end", "service", "severity", "incident_id", "time", "state", "订单号",
                "下单时间", "订单金额", "funds_deducted", "refunded_amount", None, "amount"]  # fmt: skip
CELLS = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
    st.sampled_from(ODD_TEXTS),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=False),
    st.booleans(),
    # naive on purpose: a sheet's date cells have no zone; openpyxl writes none before 1900
    st.datetimes(
        min_value=pd.Timestamp("1900-03-01").to_pydatetime(),
        max_value=pd.Timestamp("9999-12-31").to_pydatetime(),
    ),
    st.dates(min_value=dt.date(1900, 3, 1)),
    st.times(),
    st.timedeltas(min_value=dt.timedelta(days=-1000), max_value=dt.timedelta(days=1000)),
)
HEADERS = st.lists(st.sampled_from(HEADER_NAMES), min_size=1, max_size=7)


@fuzz
@given(
    header=HEADERS,
    title=st.lists(st.lists(CELLS, max_size=3), max_size=2),
    body=st.lists(st.lists(CELLS, max_size=8), min_size=0, max_size=6),
    kind=st.sampled_from(["orders", "outages"]),
    options=st.sampled_from([{}, {"tz": "Asia/Shanghai"}]),
)
def test_workbooks_with_odd_cells_end_in_a_claimstats_error(
    tmp_path: Path, header: list, title: list, body: list, kind: str, options: dict
) -> None:
    from openpyxl import Workbook

    for old in tmp_path.iterdir():
        old.unlink()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Sheet1")
    for row in [*title, header, *body]:
        sheet.append(row)
    path = tmp_path / "odd.xlsx"
    book.save(path)
    data = path.read_bytes()

    if kind == "orders":
        result = _read_orders("workbook cells", path, "auto", {"currency": "CNY", **options})
    else:
        result = _read_outages("workbook cells", path, "excel", {"as_of": AS_OF, **options})
    _check_result(result, kind)
    _unchanged(path, data)


# --- Parquet files and DataFrames with columns of any type --------------------------------


def _column(kind: str, rows: int, draw: st.DrawFn) -> pd.Series:
    values: dict[str, Callable[[], object]] = {
        "int": lambda: pd.Series(draw(st.lists(st.integers(-(2**63), 2**63 - 1), min_size=rows, max_size=rows)), dtype="int64"),
        "uint": lambda: pd.Series(np.arange(rows, dtype="uint64") + np.uint64(2**63)),
        "float": lambda: pd.Series(draw(st.lists(st.floats(), min_size=rows, max_size=rows)), dtype="float64"),
        "serial": lambda: pd.Series([46238.4027 + i for i in range(rows)]),
        "bool": lambda: pd.Series([i % 2 == 0 for i in range(rows)]),
        "text": lambda: pd.Series(draw(st.lists(st.text(max_size=8), min_size=rows, max_size=rows)), dtype="str"),
        "iso": lambda: pd.Series([f"2026-08-04T0{i % 10}:40:00+08:00" for i in range(rows)]),
        "bytes": lambda: pd.Series([draw(st.binary(max_size=6)) for _ in range(rows)], dtype=object),
        "list": lambda: pd.Series([[i, i + 1] for i in range(rows)]),
        "struct": lambda: pd.Series([{"a": i} for i in range(rows)]),
        "naive": lambda: pd.Series(pd.date_range("2026-08-04", periods=rows, freq="37min")),
        "aware": lambda: pd.Series(pd.date_range("2026-08-04", periods=rows, freq="h", tz="Asia/Kathmandu")),
        "seconds": lambda: pd.Series(pd.date_range("1970-01-01", periods=rows, freq="D", unit="s")),
        "date": lambda: pd.Series([dt.date(2026, 8, 4 + i % 20) for i in range(rows)]),
        "time": lambda: pd.Series([dt.time(9, i % 60) for i in range(rows)]),
        "duration": lambda: pd.Series([pd.Timedelta(minutes=i) for i in range(rows)]),
        "decimal": lambda: pd.Series([decimal.Decimal("12.50")] * rows),
        "category": lambda: pd.Series(pd.Categorical(["completed", "paid", "down"] * rows)[:rows]),
        "nullable": lambda: pd.Series(pd.array([1, None] * rows, dtype="Int64")[:rows]),
        "none": lambda: pd.Series([None] * rows, dtype=object),
        "mixed": lambda: pd.Series(["2026-08-04T01:40Z", 5, None, 3.5, True][:rows] * rows, dtype=object)[:rows],
    }  # fmt: skip
    return values[kind]()


COLUMN_KINDS = (
    "int", "uint", "float", "serial", "bool", "text", "iso", "bytes", "list", "struct", "naive",
    "aware", "seconds", "date", "time", "duration", "decimal", "category", "nullable", "none",
    "mixed",
)  # fmt: skip
NAMES = ("order_id", "timestamp", "amount", "currency", "channel", "status", "customer", "start",
         "end", "service", "severity", "incident_id", "time", "state", "funds_deducted",
         "refunded_amount", "status_text")  # fmt: skip


@st.composite
def typed_frames(draw: st.DrawFn) -> pd.DataFrame:
    rows = draw(st.integers(1, 5))
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=6, unique=True))
    return pd.DataFrame(
        {name: _column(draw(st.sampled_from(COLUMN_KINDS)), rows, draw) for name in names}
    )


@fuzz
@given(frame=typed_frames(), kind=st.sampled_from(["orders", "outages"]), as_file=st.booleans())
def test_parquet_and_frames_with_columns_of_any_type_end_in_a_claimstats_error(
    tmp_path: Path, frame: pd.DataFrame, kind: str, as_file: bool
) -> None:
    before = frame.copy(deep=True)
    source: Path | pd.DataFrame = frame
    if as_file:
        for old in tmp_path.iterdir():
            old.unlink()
        source = tmp_path / "typed.parquet"
        try:
            frame.to_parquet(source)
        except Exception:  # a type pyarrow does not store: nothing to read
            return
    options = {"tz": "Asia/Shanghai", "on_error": "reject"}
    if kind == "orders":
        result = _read_orders("typed columns", source, "auto", {"currency": "CNY", **options})
    else:
        result = _read_outages("typed columns", source, "auto", {"as_of": AS_OF, **options})
    _check_result(result, kind)
    pd.testing.assert_frame_equal(frame, before)  # the caller's frame is never changed


# --- the bugs found, as strict regression cases -----------------------------------------


@dataclass(frozen=True)
class Finding:
    """A minimal input that escaped (or escapes) as another exception than
    ClaimstatsError; ``kind`` is ``"orders"``, ``"outages"`` or ``"validate"``."""

    name: str
    kind: str
    file: str
    content: bytes | Callable[[Path], None]
    options: dict

    def read(self, folder: Path) -> object:
        path = folder / self.file
        if callable(self.content):
            self.content(path)
        else:
            path.write_bytes(self.content)
        if self.kind == "orders":
            return cs.read_orders(path, **self.options)
        if self.kind == "outages":
            return cs.read_outages(path, **self.options)
        err = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            status = main(["validate", str(path), *self.options.get("argv", [])])
        return status, err.getvalue()


def _parquet(columns: dict[str, list]) -> Callable[[Path], None]:
    return lambda path: pd.DataFrame(columns).to_parquet(path)


ORDER_CSV = "order_id,time,amount,currency\n"
FINDINGS = [
    (
        Finding("offset-not-recognised-with-tz", "orders", "o.csv",
                (ORDER_CSV + "A1,20260804T014000Z,5,CNY\n").encode(), {"tz": "Asia/Shanghai"}),
        None,
        "fixed: was TypeError 'Already tz-aware, use tz_convert to convert.' at claimstats/io/times.py "
        "_localise (naive.dt.tz_localize), called by parse_times. A time with an offset that "
        "the _OFFSET pattern misses (ISO basic 20260804T014000Z, 2026-08-04T00Z, "
        "2026-08-04T00:05:0Z, 2026-08-04T000500+0800) is sent down the naive path, where "
        "pd.to_datetime(format='ISO8601') returns it zoned. Found by fuzzing "
        "tests/data/probes/heartbeat_blip.csv (a seconds digit dropped). Fix: in "
        "parse_times, class a row as aware when pd.to_datetime gives it an offset (parse "
        "the dated rows once, then split by tz), or widen _OFFSET to any [T ]time[+-]hh[mm]/Z.",
    ),
    (
        Finding("offset-not-recognised-mixed", "orders", "o.csv",
                (ORDER_CSV + "A1,2026-08-04 09:40,5,CNY\nA2,20260804T014000Z,5,CNY\n").encode(),
                {"tz": "Asia/Shanghai"}),
        None,
        "fixed: was ValueError 'Mixed timezones detected. Pass utc=True in to_datetime' from "
        "claimstats/io/times.py parse_times line 'naive = pd.to_datetime(text.where(plain, "
        "\"\"), format=\"ISO8601\", errors=\"coerce\")': the same mis-classed offset time "
        "next to a naive one (with or without tz=). Fix as above.",
    ),
    (
        Finding("time-outside-datetime-range", "orders", "o.csv",
                (ORDER_CSV + "A1,0001-01-01 00:00,5,CNY\n").encode(), {"tz": "Asia/Shanghai"}),
        None,
        "fixed in 5d1ea28 (times before 1970 or after 2099 are row problems): was "
        "ValueError 'year 0 is out of range' from claimstats/io/loader.py finish "
        "(times.min().to_pydatetime() for the provenance); found by fuzzing "
        "sample_data/outages.csv (a start replaced by 0001-01-01).",
    ),
    (
        Finding("time-outside-datetime-range", "outages", "u.csv",
                b"start,end\n2026-08-04T01:40Z,9999-12-31T23:00-05:00\n", {"as_of": AS_OF}),
        None,
        "fixed in 5d1ea28: was ValueError 'year 10000 is out of range' in "
        "claimstats/io/loader.py finish.",
    ),
    (
        Finding("binary-column", "orders", "o.parquet",
                _parquet({"order_id": [b"\xff"], "timestamp": ["2026-08-04T01:40Z"],
                          "amount": [5.0], "currency": ["CNY"]}), {}),
        None,
        "fixed: was UnicodeDecodeError 'utf-8 codec can't decode byte 0xff' from claimstats/io/tables.py "
        "blank_mask (values.astype('str')), called by finish_table: a Parquet BINARY column "
        "(or a DataFrame column of bytes) that is not UTF-8. Fix: in finish_table, decode "
        "bytes cells with errors='replace' or raise a FormatError naming the column.",
    ),
    (
        Finding("list-column-problem-values", "outages", "u.parquet",
                _parquet({"start": ["2026-08-04T01:40Z"] * 2, "end": ["2026-08-04T02:40Z"] * 2,
                          "severity": [[1, 2], [3, 4]]}), {"as_of": AS_OF}),
        None,
        "fixed: was ValueError 'The truth value of an array with more than one element is ambiguous' "
        "from claimstats/io/problems.py Problems._shown ('value not in shown'): a Parquet "
        "list column comes back as numpy arrays, and two bad rows' arrays are compared. "
        "Fix: in _shown (or _value) show such cells as their repr/str, compared as text.",
    ),
    (
        Finding("offset-not-recognised-with-tz", "validate", "o.csv",
                (ORDER_CSV + "A1,20260804T014000Z,5,CNY\n").encode(),
                {"argv": ["--tz", "Asia/Shanghai"]}),
        None,
        "fixed: was the first finding reaches claimstats validate as 'claimstats: error: internal "
        "error (TypeError: Already tz-aware, use tz_convert to convert.)', exit 2: "
        "cli.main now catches every exception, but check_input (claimstats/io/check.py) "
        "catches ClaimstatsError only, so the file is reported as a crash, not as a row "
        "problem. Fixed with the first finding.",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    "finding",
    [
        pytest.param(
            finding,
            id=f"{finding.name}-{finding.kind}",
            marks=()
            if error is None
            else pytest.mark.xfail(strict=True, raises=error, reason=f"library bug: {reason}"),
        )
        for finding, error, reason in FINDINGS
    ],
)
def test_fuzz_findings_end_in_a_claimstats_error(tmp_path: Path, finding: Finding) -> None:
    try:
        result = finding.read(tmp_path)
    except ClaimstatsError:
        return
    if finding.kind == "validate":
        status, stderr = result  # type: ignore[misc]
        assert status in (0, 2)
        assert "internal error" not in stderr, stderr
    else:
        _check_result(result, finding.kind)


# Fixed: a complex amount (12.5+99j) was read as 12.5, its imaginary part dropped.
def test_complex_amounts_are_refused_not_cut_to_their_real_part() -> None:
    frame = pd.DataFrame(
        {"timestamp": ["2026-08-04T01:40Z"], "amount": [complex(12.5, 99)], "currency": ["CNY"]}
    )
    with pytest.raises(cs.DataError, match="amount"):
        cs.read_orders(frame)


def test_every_known_signature_has_a_regression_case() -> None:
    assert {finding.name for finding, error, _ in FINDINGS if error is not None} == set(KNOWN)
    assert len(SEEDS) >= 60
