"""The JSON schema of the impact report: the report's JSON passes it, tampered JSON does not."""

from __future__ import annotations

import copy
import json
from importlib.metadata import version

import pytest

import claimstats as cs
from claimstats.datasets import demo_report
from claimstats.errors import ConfigError
from claimstats.report.json_schema import (
    SCHEMA_DIALECT,
    impact_report_schema,
    render_impact_report_schema,
    write_impact_report_schema,
)

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema comes with the dev extra")


@pytest.fixture(scope="module")
def schema() -> dict:
    return impact_report_schema()


@pytest.fixture(scope="module")
def validator(schema):
    """A draft 2020-12 validator that also checks the formats (date-time, duration)."""
    cls = jsonschema.Draft202012Validator
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def report_json() -> dict:
    """The demo report's JSON, written as the CLI writes it (``report.to_json()``)."""
    return json.loads(demo_report().to_json())


def _errors(validator, data) -> list[str]:
    return [f"{error.json_path}: {error.message}" for error in validator.iter_errors(data)]


def test_schema_names_its_dialect_id_title_and_description(schema):
    assert schema["$schema"] == SCHEMA_DIALECT == "https://json-schema.org/draft/2020-12/schema"
    major_minor = ".".join(version("claimstats").split(".")[:2])  # 0.1 of 0.1.0
    assert schema["$id"] == f"urn:claimstats:impact-report:{major_minor}"
    assert schema["title"] == "claimstats impact report"
    assert "claimstats report --json" in schema["description"]
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False


def test_schema_describes_the_serialised_json(schema):
    properties, defs = schema["properties"], schema["$defs"]
    assert properties["as_of"] == {"format": "date-time", "title": "As Of", "type": "string"}
    assert properties["filing_window"]["format"] == "duration"  # written as PT168H
    assert properties["loss"] == {"$ref": "#/$defs/LossEstimate"}
    assert {"LossEstimate", "IncidentRecord", "Window", "SlaMonth"} <= set(defs)
    # every field is written, defaults too, so every field is required
    assert set(schema["required"]) == set(properties)
    assert set(defs["Window"]["required"]) == {"start", "end", "coverage", "service"}


def test_the_demo_report_json_is_valid(validator, report_json):
    assert _errors(validator, report_json) == []
    assert report_json["filing_window"] == "P7D"


@pytest.mark.parametrize(
    ("where", "value", "complaint"),
    [
        (("loss", "net_lost_revenue"), "1234.50", "is not of type 'number'"),
        (("summary", "passed_threshold"), "yes", "is not of type 'boolean'"),
        (("lang",), "fr", "is not one of ['zh', 'en']"),
        (("as_of",), "10 August 2026", "is not a 'date-time'"),
        (("filing_window",), "7 days", "is not a 'duration'"),
    ],
)
def test_a_value_of_the_wrong_kind_fails(validator, report_json, where, value, complaint):
    tampered = copy.deepcopy(report_json)
    *parents, name = where
    node = tampered
    for parent in parents:
        node = node[parent]
    node[name] = value
    errors = _errors(validator, tampered)
    assert len(errors) == 1
    assert errors[0].startswith("$." + ".".join(where) + ": ")
    assert errors[0].endswith(complaint)


@pytest.mark.parametrize("where", [("loss",), ("loss", "claim_amount"), ("evidence_items",)])
def test_a_missing_field_fails(validator, report_json, where):
    tampered = copy.deepcopy(report_json)
    *parents, name = where
    node = tampered
    for parent in parents:
        node = node[parent]
    del node[name]
    assert _errors(validator, tampered) == [
        f"${''.join('.' + p for p in parents)}: '{name}' is a required property"
    ]


def test_an_unknown_field_fails(validator, report_json):
    tampered = {**report_json, "bonus": 1}
    errors = _errors(validator, tampered)
    assert len(errors) == 1
    assert "'bonus' was unexpected" in errors[0]


def test_the_schema_is_the_same_bytes_every_time():
    first = render_impact_report_schema()
    assert render_impact_report_schema() == first
    assert json.loads(first) == impact_report_schema()
    assert first.endswith("}\n")
    assert list(json.loads(first)) == sorted(json.loads(first))  # keys sorted


def test_impact_report_schema_returns_a_new_dict_each_time():
    schema = impact_report_schema()
    schema["$defs"].clear()
    assert impact_report_schema()["$defs"]


def test_write_impact_report_schema_writes_the_rendered_text(tmp_path):
    path = write_impact_report_schema(tmp_path / "impact_report.schema.json")
    assert path == tmp_path / "impact_report.schema.json"
    assert path.read_bytes() == render_impact_report_schema().encode("utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["impact_report.schema.json"]


def test_write_into_a_missing_folder_says_to_create_it(tmp_path):
    with pytest.raises(ConfigError, match="does not exist; create it first"):
        write_impact_report_schema(tmp_path / "nope" / "schema.json")


def test_the_functions_are_exported():
    assert cs.impact_report_schema is impact_report_schema
    assert cs.write_impact_report_schema is write_impact_report_schema
    assert "impact_report_schema" in cs.__all__


def test_schema_describes_the_sensitivity_spread(schema, validator, report_json):
    spread = schema["properties"]["sensitivity_spread"]
    assert spread["anyOf"] == [{"$ref": "#/$defs/SensitivitySpread"}, {"type": "null"}]
    assert spread["readOnly"] is True  # drawn from the rows, left out when read back
    assert "sensitivity_spread" in schema["required"]
    fields = {"low", "high", "choice", "choice_low", "choice_high"}
    assert set(schema["$defs"]["SensitivitySpread"]["required"]) == fields
    assert set(report_json["sensitivity_spread"]) == fields
    choice = schema["$defs"]["SensitivitySpread"]["properties"]["choice"]
    assert choice["enum"] == ["method", "baseline_weeks", "recovery", "freq", "margin"]
    # a report without a sensitivity table writes null, and is valid
    assert _errors(validator, {**report_json, "sensitivity": [], "sensitivity_spread": None}) == []


@pytest.mark.parametrize(
    ("name", "value", "complaint"),
    [
        ("low", "11922.39", "is not of type 'number'"),
        (
            "choice",
            "luck",
            "is not one of ['method', 'baseline_weeks', 'recovery', 'freq', 'margin']",
        ),
    ],
)
def test_a_tampered_sensitivity_spread_fails(validator, report_json, name, value, complaint):
    tampered = copy.deepcopy(report_json)
    tampered["sensitivity_spread"][name] = value
    assert len(_errors(validator, tampered)) == 1  # neither the spread nor null
    best = jsonschema.exceptions.best_match(validator.iter_errors(tampered))
    assert best.json_path == f"$.sensitivity_spread.{name}"
    assert best.message.endswith(complaint)
