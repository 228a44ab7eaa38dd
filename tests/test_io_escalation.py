"""Escalation bodies read from the claimant's own list."""

from __future__ import annotations

import pytest

from claimstats.errors import DataError
from claimstats.io import read_escalation_bodies


def test_a_list_reads_in_its_order_with_codes_in_capitals(tmp_path):
    path = tmp_path / "bodies.json"
    path.write_text(
        '[{"country": "sg", "step": "regulator", "name_zh": "新加坡金融管理局", '
        '"name_en": "Monetary Authority of Singapore", "contact": "www.mas.gov.sg"}, '
        '{"country": "SG", "step": "Legal", "name_zh": "小额索赔法庭", '
        '"name_en": "Small Claims Tribunals"}]',
        encoding="utf-8",
    )
    bodies = read_escalation_bodies(path)
    assert [(b.country, b.step, b.contact) for b in bodies] == [
        ("SG", "regulator", "www.mas.gov.sg"), ("SG", "legal", None)]  # fmt: skip


def test_bad_rows_are_named_by_line_and_column(tmp_path):
    path = tmp_path / "bodies.csv"
    path.write_text(
        "country,step,name_zh,name_en\nSG,court,法院,Court\nSG,legal,,Court\n", encoding="utf-8"
    )
    with pytest.raises(DataError) as caught:
        read_escalation_bodies(path)
    text = str(caught.value)
    assert (
        "line 2, column 'step': the step is one of provider, association, regulator, legal" in text
    )
    assert "line 3, column 'name_zh': this cell is empty" in text


def test_a_missing_column_names_the_columns_to_give(tmp_path):
    path = tmp_path / "bodies.csv"
    path.write_text("country,name\nSG,MAS\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"has no 'step', 'name_zh', 'name_en' columns"):
        read_escalation_bodies(path)
