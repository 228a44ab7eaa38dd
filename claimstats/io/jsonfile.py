"""JSON files in the generic column layout.

Accepted shapes: a list of records (``[{"start": ...}, ...]``), an object holding such a
list under the kind's name (``{"outages": [...]}`` or ``{"orders": [...]}``) or under one
of the keys exports use for their rows (``{"results": [...], "count": 3}``), and JSON
Lines (``.jsonl`` / ``.ndjson``, one record per line). A record's line number is its
position in the list counted from 1; for JSON Lines it is the line of the file.
"""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pandas as pd

from claimstats.errors import DataError, FormatError
from claimstats.io.options import ReadOptions
from claimstats.io.sources import Source, decode_file
from claimstats.io.tables import RawTable, finish_table

__all__ = ["read_json"]

_LINES_SUFFIXES = (".jsonl", ".ndjson")
#: keys under which exports and APIs put their list of rows (Pingdom "results",
#: healthchecks.io "pings"/"flips", many APIs "data"/"items"/"records")
_WRAPPERS = ("data", "results", "items", "records", "rows", "logs", "events", "pings", "flips")


def _fail(source: Source, what: str) -> FormatError:
    return FormatError(f"{source.label}: {what}")


class _RepeatedKeyError(ValueError):
    """An object names the same key twice (JSON would silently keep the last)."""


def _no_repeats(pairs: list[tuple[str, object]]) -> dict[str, object]:
    record: dict[str, object] = {}
    for key, value in pairs:
        if key in record:
            raise _RepeatedKeyError(key)
        record[key] = value
    return record


def _parse(text: str, source: Source, where: str) -> object:
    """``json.loads`` refusing repeated keys; what cannot be read is a FormatError.

    ``where`` names the place for messages (``"line 7"`` for JSON Lines, or ``""``).
    """
    place = f"{where}: " if where else ""
    try:
        return json.loads(text, object_pairs_hook=_no_repeats)
    except _RepeatedKeyError as exc:
        what = (
            f"{place}an object has the key {exc.args[0]!r} twice, and JSON would keep only "
            "the last value silently; remove the repeated key, or export the file again"
        )
        raise _fail(source, what) from exc
    except json.JSONDecodeError:
        raise
    except (ValueError, RecursionError) as exc:  # a number of thousands of digits, deep nesting
        what = (
            f"{place}cannot be read as JSON ({type(exc).__name__}: a number too long or "
            "objects nested too deep); check that this is an export of the data, or export "
            "it again"
        )
        raise _fail(source, what) from exc


def _json_lines(text: str, source: Source) -> tuple[list[object], np.ndarray]:
    records: list[object] = []
    numbers: list[int] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            records.append(_parse(line, source, f"line {number}"))
        except json.JSONDecodeError as exc:
            what = (
                f"line {number} is not valid JSON ({exc.msg}, column {exc.colno}); "
                "JSON Lines needs one complete record per line"
            )
            raise _fail(source, what) from exc
        numbers.append(number)
    return records, np.array(numbers, dtype=np.int64)


def _unwrap(data: object, kind: str, source: Source) -> list[object]:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        keys = {str(k).lower(): k for k in data}
        if kind in keys and isinstance(data[keys[kind]], list):
            return data[keys[kind]]
        wrapped = [k for k in _WRAPPERS if k in keys and isinstance(data[keys[k]], list)]
        if len(wrapped) == 1:  # {"results": [...], "count": 3}: how many APIs export rows
            return data[keys[wrapped[0]]]
        found = ", ".join(repr(k) for k in list(data)[:10]) or "none"
        what = (
            f"holds a JSON object without a list of {kind} (keys found: {found}); "
            f'write a list of records, or {{"{kind}": [...]}}'
        )
        raise _fail(source, what)
    what = (
        f'holds a single JSON {type(data).__name__}; write a list of records or {{"{kind}": [...]}}'
    )
    raise _fail(source, what)


def read_json(source: Source, options: ReadOptions) -> RawTable:
    """Read a JSON or JSON Lines file into a raw table.

    Parameters
    ----------
    source
        An opened ``.json``/``.jsonl`` file.
    options
        ``options.kind`` (``"outages"`` or ``"orders"``) is the key looked for when the
        file holds an object; ``options.encoding`` the text encoding (None: detect).

    Raises
    ------
    FormatError
        The text is not JSON, or not a list of records.
    DataError
        The list is empty.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from claimstats.io.sources import open_source
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "o.json"
    >>> _ = p.write_text('{"orders": [{"id": "A1", "amount": 5}]}', encoding="utf-8")
    >>> table = read_json(open_source(p), ReadOptions("orders"))
    >>> table.frame.to_dict("records"), table.encoding
    ([{'id': 'A1', 'amount': 5}], 'utf-8')
    """
    text, encoding = decode_file(source, "json", options.encoding)
    if not text.strip():
        msg = "the file is empty; export the data again and check it holds records"
        raise DataError(msg, source=source.label)
    if source.suffix in _LINES_SUFFIXES:
        records, lines = _json_lines(text, source)
        fmt = "generic-jsonl"
    else:
        try:
            data = _parse(text, source, "")
        except json.JSONDecodeError as exc:
            if exc.msg != "Extra data":
                what = (
                    f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
                    "check the file near that place, or export it again"
                )
                raise _fail(source, what) from exc
            records, lines = _json_lines(text, source)  # JSON Lines saved as .json
            fmt = "generic-jsonl"
        else:
            records = _unwrap(data, options.kind, source)
            lines = np.arange(1, len(records) + 1, dtype=np.int64)
            fmt = "generic-json"
    if not records:
        msg = f"holds no {options.kind} records; export the data again, including the rows"
        raise DataError(msg, source=source.label)
    bad = next((i for i, record in enumerate(records) if not isinstance(record, dict)), None)
    if bad is not None:
        what = (
            f"record {lines[bad]} is a JSON {type(records[bad]).__name__}, not an object; "
            'each record must look like {"column": value, ...}'
        )
        raise _fail(source, what)
    table = finish_table(pd.DataFrame.from_records(records), lines, fmt, source)
    return dataclasses.replace(table, encoding=encoding)
