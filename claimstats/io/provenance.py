"""Provenance: which file a canonical frame came from, unchanged, and which rows were kept.

Loaders store it in ``frame.attrs["provenance"]`` as a JSON-ready mapping (so
``DataFrame.to_parquet`` keeps it instead of warning and dropping it), shared rather
than deep-copied by the frames pandas derives from the result. Read it back as a
:class:`~claimstats.models.FileProvenance` with :func:`provenance`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from pydantic import ValidationError

from claimstats.errors import ConfigError
from claimstats.models import FileProvenance

__all__ = ["ATTRS_KEY", "attach_provenance", "provenance"]

#: the key of ``DataFrame.attrs`` that holds the provenance
ATTRS_KEY = "provenance"


class _SharedRecord(dict[str, Any]):
    """A provenance record that pandas shares between derived frames instead of copying.

    pandas deep-copies ``attrs`` on almost every operation; a record listing thousands of
    rejected rows would make each filter slow. The record is treated as read-only.
    """

    def __copy__(self) -> _SharedRecord:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> _SharedRecord:
        return self


def attach_provenance(frame: pd.DataFrame, record: FileProvenance) -> pd.DataFrame:
    """Set ``frame.attrs["provenance"]`` on a frame the loader has just built.

    Examples
    --------
    >>> rec = FileProvenance(source="DataFrame", name="DataFrame", kind="orders",
    ...                      format="dataframe", rows_read=0, rows_kept=0, rows_rejected=0)
    >>> provenance(attach_provenance(pd.DataFrame(), rec)).kind
    'orders'
    """
    frame.attrs[ATTRS_KEY] = _SharedRecord(record.model_dump(mode="json"))
    return frame


def provenance(frame: pd.DataFrame) -> FileProvenance:
    """The provenance of a frame returned by ``read_outages`` or ``read_orders``.

    pandas keeps it through most operations on the frame (filtering, sorting, copying),
    but not through every one (for example ``pd.concat`` of frames from different files).

    Parameters
    ----------
    frame
        A canonical frame from a loader, or a frame derived from one.

    Returns
    -------
    FileProvenance
        Source path, SHA-256, rows read / kept / rejected, time range, declared ``tz``.

    Raises
    ------
    ConfigError
        The frame carries no provenance.

    Examples
    --------
    >>> import claimstats.io as cio
    >>> orders = cio.read_orders(pd.DataFrame({"time": ["2026-08-04T01:40Z"], "amount": [5]}),
    ...                          currency="CNY")
    >>> p = cio.provenance(orders)
    >>> p.source, p.rows_kept, str(p.time_start)
    ('DataFrame', 1, '2026-08-04 01:40:00+00:00')
    """
    if not isinstance(frame, pd.DataFrame):
        msg = f"provenance() needs a DataFrame returned by read_outages/read_orders, not {type(frame).__name__}"
        raise ConfigError(msg)
    record = frame.attrs.get(ATTRS_KEY)
    if record is None:
        msg = (
            "this DataFrame carries no provenance; read the data with read_outages() or "
            "read_orders(), and take provenance() of that result before combining frames"
        )
        raise ConfigError(msg)
    if isinstance(record, FileProvenance):
        return record
    try:
        return FileProvenance.model_validate(record)
    except ValidationError as exc:
        msg = f"frame.attrs['provenance'] is not a valid provenance record ({exc.error_count()} errors); read the file again"
        raise ConfigError(msg) from exc
