"""The catalogue: every message in both languages, and every note a producer makes worded."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from claimstats.catalogue import TEXTS, VALUE_FORMATS, Wording, english, fill, render
from claimstats.models import Note
from claimstats.report.i18n import MESSAGES, Locale

PACKAGE = Path(__file__).parents[1] / "claimstats"


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_has_both_languages_with_the_same_fields():
    assert len(MESSAGES) > 300
    assert [key for key, entry in MESSAGES.items() if set(entry) != {"zh", "en"}] == []
    blank = [key for key, entry in MESSAGES.items() if not all(map(str.strip, entry.values()))]
    assert blank == []
    differ = [key for key, entry in MESSAGES.items() if fields(entry["zh"]) != fields(entry["en"])]
    assert differ == []


def test_english_words_carry_no_chinese_but_the_link_to_the_chinese_statement():
    han = re.compile(r"[\u4e00-\u9fff]")
    assert [key for key, entry in MESSAGES.items() if han.search(entry["en"])] == []


def produced_note_codes() -> set[str]:
    source = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))
    return set(re.findall(r'Note\(\s*code="([a-z_]+)"', source)) - {"new_code"}


def test_every_note_a_producer_makes_is_in_the_catalogue():
    codes = produced_note_codes()
    assert len(codes) >= 25  # the scan still finds the producers
    assert sorted(c for c in codes if f"note_{c}" not in TEXTS) == []


def test_a_note_takes_its_english_words_from_the_catalogue_and_the_report_its_chinese():
    note = Note(code="lingering_shortfall", values={"orders": 3.25})
    assert note.text == english("note_lingering_shortfall", orders=3.25)
    assert "3.2" in note.text
    assert Locale("zh", "UTC").note(note) == render(
        "note_lingering_shortfall", Wording("zh"), {"orders": 3.25}
    )


def test_a_note_given_its_own_text_keeps_it():
    assert Note(code="new_code", text="Something new.").text == "Something new."
    assert Note(code="no_such_code", values={"count": 2}).text == "no_such_code"


@pytest.mark.parametrize(
    ("name", "value", "en", "zh"),
    [
        ("count", 1234, "1,234", "1,234"),
        ("orders", 3.25, "3.2", "3.2"),
        ("p_value", 0.000123, "0.00012", "0.00012"),
        ("share", 0.1234, "12.34%", "12.34%"),
        ("something_else", 2.5, "2.50", "2.50"),
        ("something_else", 7.0, "7", "7"),
    ],
)
def test_values_are_shown_as_their_names_say(name, value, en, zh):
    assert Wording("en").value(name, value) == en
    assert Wording("zh").value(name, value) == zh


def test_money_values_carry_the_currency_and_its_minor_unit():
    assert VALUE_FORMATS["amount"] == "money"
    assert Wording("en").value("amount", 1234.5, "CNY") == "CN¥1,234.50"
    assert Wording("en").value("amount", 1234.7, "JPY") == "JP¥1,235"


#: a count of one before a plural noun ("1 rows", "1 normal windows", "1 business days")
ONE_PLURAL = re.compile(
    r"(?<![\w.,])1 (?:[a-z-]+ )?(?:rows|orders|windows|weeks|days|hours|minutes|interruptions|incidents"
    r"|outages|attempts|payments|failures|times|items|periods|lines)\b"
)


def test_fill_picks_the_plural_form_of_the_value_as_written():
    text = "{count:# row|# rows} {count:was|were} read"
    assert fill(text, "en", count=1) == "1 row was read"
    assert fill(text, "en", count="1,234") == "1,234 rows were read"
    assert fill(text, "en", count="1.0") == "1.0 rows were read"  # one decimal: plural
    assert fill(text, "en", count="< 0.000001") == "< 0.000001 rows were read"
    assert fill("{count} 行,{text}", "zh", count=1, text="{x}") == "1 行,{x}"
    assert fill("{share:.0%}", "en", share=0.5) == "50%"  # other format specs as before


def test_english_counts_agree_with_their_nouns():
    """Every English text with its numbers at one: no "1 rows", no "row(s)". A number
    shown with a decimal is 1.0 ("1.0 orders" is right); names are names."""
    decimal = {name for name, kind in VALUE_FORMATS.items() if kind == "1"}
    decimal |= {"surplus", "recovered"}  # the catch-up, to 0.1 order
    words = {"channel", "control", "service"}
    # overlapping placebo windows are two at least
    never_one = {"note_overlapping_placebos"}
    wrong = []
    for key, entry in MESSAGES.items():
        values = {
            name: "1.0" if name in decimal else "website" if name in words else "1"
            for name in fields(entry["en"])
        }
        text = fill(entry["en"], "en", **values)
        if key not in never_one and (ONE_PLURAL.search(text) or "(s)" in text):
            wrong.append((key, text))
    assert wrong == []
