"""The JSON schema of the impact report, for users and platforms that check its JSON.

The schema is pydantic's, of :class:`claimstats.report.ImpactReport` in *serialization*
mode: it describes the JSON that ``claimstats report --json`` and
:meth:`~claimstats.report.ImpactReport.to_json` write (times as ISO 8601 text, durations
as ISO 8601 durations such as ``PT24H``). Every field is written, those with a default
too, so every field is required. The text is written with sorted keys: the same
version of claimstats gives the same bytes.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from pydantic.json_schema import GenerateJsonSchema

from claimstats._files import write_atomic
from claimstats._version import installed_version
from claimstats.report.document import ImpactReport

__all__ = [
    "SCHEMA_DIALECT",
    "impact_report_schema",
    "render_impact_report_schema",
    "write_impact_report_schema",
]

#: the JSON Schema draft the schema follows
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

_TITLE = "claimstats impact report"
_DESCRIPTION = (
    "The impact report of an outage claim, as claimstats writes it to JSON "
    "(claimstats report --json): the incidents, the loss estimate with its interval, "
    "the evidence inventory with SHA-256 digests, the claim statements, the policy "
    "checks and the SLA view. Times are ISO 8601 with an offset (UTC), durations ISO "
    "8601 durations, money in major units of the report's currency."
)
_MAJOR_MINOR = re.compile(r"\d+(?:\.\d+)?")


class _EveryFieldWritten(GenerateJsonSchema):
    """Pydantic's schema, where a field with a default is required in serialization mode:
    ``model_dump_json`` writes every field, so a JSON without one is not a report."""

    def field_is_required(self, field: Any, total: bool) -> bool:
        if self.mode == "serialization" and field.get("serialization_exclude_if") is None:
            return True
        return super().field_is_required(field, total)


def _schema_version() -> str:
    """``major.minor`` of the installed claimstats (``0`` when run from a bare source tree)."""
    found = _MAJOR_MINOR.match(installed_version())
    return found.group() if found else "0"


def impact_report_schema() -> dict[str, Any]:
    """The JSON schema (draft 2020-12) of the impact report's JSON.

    Returns
    -------
    dict
        The schema of :class:`~claimstats.report.ImpactReport` as it is serialised, with
        ``$schema``, a stable ``$id`` (``urn:claimstats:impact-report:<major.minor>``),
        ``title`` and ``description``; the models it uses are under ``$defs``. A new
        dict on each call.

    Examples
    --------
    >>> schema = impact_report_schema()
    >>> schema["$schema"], schema["$id"].startswith("urn:claimstats:impact-report:")
    ('https://json-schema.org/draft/2020-12/schema', True)
    >>> "loss" in schema["required"], schema["$defs"]["Window"]["properties"]["start"]["format"]
    (True, 'date-time')
    """
    generated = ImpactReport.model_json_schema(
        mode="serialization", schema_generator=_EveryFieldWritten
    )
    generated.pop("title", None)
    generated.pop("description", None)
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": f"urn:claimstats:impact-report:{_schema_version()}",
        "title": _TITLE,
        "description": _DESCRIPTION,
        **generated,
    }


def render_impact_report_schema() -> str:
    """The schema as JSON text: keys sorted, indented by 2, UTF-8 kept readable, ``\\n`` last.

    Examples
    --------
    >>> text = render_impact_report_schema()
    >>> text == render_impact_report_schema(), text.endswith("}\\n")
    (True, True)
    """
    text = json.dumps(impact_report_schema(), indent=2, sort_keys=True, ensure_ascii=False)
    return text + "\n"


def write_impact_report_schema(path: str | os.PathLike[str]) -> Path:
    """Write the schema to ``path`` atomically and return the path.

    Raises
    ------
    ConfigError
        The folder of ``path`` does not exist.

    Examples
    --------
    >>> import json, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     written = write_impact_report_schema(Path(folder) / "impact_report.schema.json")
    ...     json.loads(written.read_text(encoding="utf-8"))["title"]
    'claimstats impact report'
    """
    return write_atomic(path, render_impact_report_schema())
