"""Escalation bodies the claimant adds: a CSV or JSON list of the bodies of a country.

Columns: ``country`` (ISO 3166 alpha-2), ``step`` (``provider``, ``association``,
``regulator`` or ``legal``), ``name_zh``, ``name_en`` and optional ``contact``. Every
problem is named with its line and column, as the other loaders do.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from claimstats.io.lists import list_columns, read_list
from claimstats.io.problems import Problems
from claimstats.models import ESCALATION_STEPS, EscalationBody

__all__ = ["read_escalation_bodies"]

_COLUMNS = ("country", "step", "name_zh", "name_en", "contact")


def read_escalation_bodies(path: str | os.PathLike[str]) -> list[EscalationBody]:
    """The escalation bodies listed in a file, in its order.

    Raises
    ------
    DataError
        A column is missing, or a row has no country, an unknown step or no name.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "bodies.csv"
    >>> _ = p.write_text("country,step,name_zh,name_en,contact\\n"
    ...                  "sg,regulator,新加坡金融管理局,Monetary Authority of Singapore,www.mas.gov.sg\\n",
    ...                  encoding="utf-8")
    >>> [(b.country, b.step, b.name_en) for b in read_escalation_bodies(p)]
    [('SG', 'regulator', 'Monetary Authority of Singapore')]
    """
    source, table = read_list(path, "a list of escalation bodies", "escalation")
    hint = "give country, step, name_zh, name_en and, optionally, contact"
    what = "a list of escalation bodies"
    names = list_columns(table.frame.columns, source.label, what, _COLUMNS, _COLUMNS[:4], hint)
    frame = table.frame[list(names.values())].set_axis(list(names), axis=1)
    records = [
        {k: str(v).strip() for k, v in row.items() if not pd.isna(v) and str(v).strip()}
        for row in frame.to_dict("records")
    ]
    problems = Problems(table.lines, frame, source.label)
    steps = [record.get("step", "").lower() for record in records]
    unknown = np.array([step not in ESCALATION_STEPS for step in steps])
    problems.add("step", f"the step is one of {', '.join(ESCALATION_STEPS)}", unknown)
    for column in ("country", "name_zh", "name_en"):
        empty = np.array([column not in record for record in records])
        problems.add(column, "this cell is empty; fill it in", empty & ~unknown, shown=False)
    if problems.issues:
        raise problems.error(what="escalation", rejectable=False)
    return [
        EscalationBody(**{**record, "step": step})
        for record, step in zip(records, steps, strict=True)
    ]
