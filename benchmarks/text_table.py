"""The plain-text tables the benchmark scripts print: a header of right-aligned column
titles, then one line per row with its cells formatted (``n/a`` for a missing value)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

#: column: (header, width, format)
Columns = Mapping[str, tuple[str, int, str]]


def header(columns: Columns) -> str:
    """The column titles, each right-aligned in its width."""
    return "".join(f"{title:>{width}}" for title, width, _ in columns.values())


def cells(row: Any, columns: Columns) -> str:
    """A row's values (a namedtuple from ``itertuples``), formatted and aligned."""
    return "".join(
        f"{'n/a' if pd.isna(getattr(row, c)) else format(getattr(row, c), spec):>{width}}"
        for c, (_, width, spec) in columns.items()
    )
