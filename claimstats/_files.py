"""Files (internal): outputs written atomically and safe to open; inputs checked to fit."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from claimstats.errors import ConfigError, DataError

__all__ = [
    "FORMULA_START",
    "available_memory",
    "check_fits_in_memory",
    "check_outputs",
    "csv_safe",
    "write_atomic",
]

#: first characters that make a spreadsheet read text as a formula (OWASP's list)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def check_outputs(outputs: Sequence[Path], inputs: Sequence[Path], force: bool = False) -> None:
    """Refuse an output that is an input (even with ``force``), a folder, or a file that
    exists already unless ``force``: nothing a user has is lost to a command.

    Examples
    --------
    >>> check_outputs([Path("sample_data/orders.csv")], [Path("sample_data/orders.csv")], True)
    Traceback (most recent call last):
    ...
    claimstats.errors.ConfigError: refusing to write sample_data/orders.csv: it is one of the input files; choose another output file
    """
    for output in outputs:
        if any(output.resolve() == given.resolve() for given in inputs):
            msg = f"refusing to write {output}: it is one of the input files; choose another output file"
            raise ConfigError(msg)
        if output.is_dir():
            msg = f"cannot write {output}: it is a folder; give a file name such as report.html"
            raise ConfigError(msg)
        if output.exists() and not force:
            msg = f"{output} exists; pass --force to replace it, or choose another file name"
            raise ConfigError(msg)


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    A reader never sees a half-written file, and an existing file is only replaced
    once the new one is complete. Text is written as UTF-8 with ``\\n`` line ends.
    """
    target = Path(path)
    folder = target.parent
    if not folder.is_dir():
        msg = f"cannot write {target}: the folder {folder} does not exist; create it first"
        raise ConfigError(msg)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        # mkstemp makes the file private (0600); give it the mode a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


#: memory a loader needs per byte of file, measured: about 9 for CSV (0.36 GB for 40 MB)
_MEMORY_PER_BYTE = {".parquet": 30, ".pq": 30, ".xlsx": 30, ".zip": 30}
_TEXT_MEMORY_PER_BYTE = 10


def available_memory() -> int | None:
    """Bytes of memory available to a new allocation (Linux ``MemAvailable``), or None."""
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def check_fits_in_memory(source: object, available: int | None = None) -> None:
    """Refuse to load a file whole when it would not fit in memory, saying what to use.

    Parameters
    ----------
    source
        What the loader was given; only paths of existing files are checked.
    available
        Bytes available (default: :func:`available_memory`; no check when unknown).

    Raises
    ------
    DataError
        Naming the file, its size, the memory it needs, and ``claimstats.engines.bucket_orders``.

    Examples
    --------
    >>> check_fits_in_memory("sample_data/orders.csv", available=10**6)
    Traceback (most recent call last):
    ...
    claimstats.errors.DataError: sample_data/orders.csv: the file is 1 MB; loading it whole needs about 13 MB of memory and 1 MB are free. Count it without loading it with claimstats.engines.bucket_orders('sample_data/orders.csv', engine=EngineSettings(tz=...)) (or claimstats batch for many merchants), which reads it in bounded memory; or split the export by month
    """
    if not isinstance(source, str | os.PathLike) or not os.path.isfile(source):
        return
    free = available_memory() if available is None else available
    size = os.path.getsize(source)
    factor = _MEMORY_PER_BYTE.get(Path(source).suffix.lower(), _TEXT_MEMORY_PER_BYTE)
    if free is None or size * factor <= free:
        return
    msg = (
        f"the file is {_size(size)}; loading it whole needs about {_size(size * factor)} "
        f"of memory and {_size(free)} are free. Count it "
        f"without loading it with claimstats.engines.bucket_orders({str(source)!r}, "
        "engine=EngineSettings(tz=...)) (or "
        "claimstats batch for many merchants), which reads it in bounded memory; or split "
        "the export by month"
    )
    raise DataError(msg, source=str(source))


def _size(size: float) -> str:
    return f"{size / 1024**3:.1f} GB" if size >= 1024**3 / 10 else f"{size / 1024**2:.0f} MB"


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with text cells that a spreadsheet would run as a formula made inert.

    A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets
    a leading ``'`` (OWASP's advice for CSV files), so ``=HYPERLINK(...)`` in a merchant
    name is shown, not run. Numbers are left as they are.

    Examples
    --------
    >>> csv_safe(pd.DataFrame({"shop": ["=1+2", "Ming's", "-3"], "n": [-1, 2, 3]})).values.tolist()
    [["'=1+2", -1], ["Ming's", 2], ["'-3", 3]]
    """
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if pd.api.types.is_string_dtype(column.dtype) or column.dtype == object:
            text = column.astype("str")
            risky = text.str.startswith(FORMULA_START).fillna(False).to_numpy(bool)
            risky = risky & column.notna().to_numpy()
            out[name] = column.where(~risky, "'" + text)
    return out
