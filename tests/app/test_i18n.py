"""Engine errors in the page's language: the words for their topic and kind, never the engine's English."""

from __future__ import annotations

import logging

import pandas as pd
import pytest

from geo.boundaries import BoundaryError
from geo.join import JoinError
from indicators.analysis.clusters import ClusterError
from indicators.analysis.events import EventsError, read_series
from indicators.analysis.rates import RatesError, group_rates
from indicators.core.errors import InputError
from indicators.core.words import STRINGS
from indicators.io.files import OutputError
from indicators.io.readers import TableError
from ui.i18n import error_text

LONG = pd.DataFrame({"code": ["GM0001"] * 2, "niveau": ["gemeente"] * 2, "traject": ["Totaal", "a"],
                     "aantal": pd.array([40, 20], dtype="Int64"), "werk": pd.array([12, 8], dtype="Int64")})


def test_a_kind_with_words_of_its_own_is_said_with_its_details():
    with pytest.raises(RatesError) as caught:
        group_rates(LONG, "werk", "personen")
    assert error_text(caught.value, "nl") == "kolom 'personen' staat niet in de tabel"
    assert error_text(caught.value, "en") == "column 'personen' is not in the table"


def test_a_kind_without_words_of_its_own_takes_the_words_of_a_class_above():
    with pytest.raises(InputError) as caught:  # rates asks the long table for the level: its words
        group_rates(LONG, "werk", "aantal", level="buurt")
    assert error_text(caught.value, "nl") == "de tabel heeft geen rijen van niveau buurt. Kies een ander niveau"
    with pytest.raises(EventsError) as caught:  # the door in: input_not_found for every reader
        read_series("/nergens/omzet.csv")
    assert error_text(caught.value, "nl") == "het bestand is niet gevonden. Controleer de naam en de map"


def test_counts_in_the_pages_number_style_and_the_users_text_made_safe():
    error = TableError("too large", "too_large", size="1.024 MB", limit="100 MB")
    assert "1.024 MB, meer dan de grens van 100 MB" in error_text(error, "nl").replace("\\", "")  # as shown
    error = ClusterError("few", "too_few", count=1234, minimum=8)
    assert error_text(error, "nl").startswith("maar 1.234 gebieden hebben een waarde")
    assert error_text(error, "en").startswith("only 1,234 areas have a value")
    error = EventsError("bad date", "date", column="start", row=3, value="[klik](https://example.org)")
    assert "\\[klik\\]\\(https\\:" in error_text(error, "nl")


@pytest.mark.parametrize("error", [
    ValueError("something deep in pandas: cannot reindex on an axis with duplicate labels"),
    InputError("a kind nobody has words for", "no_such_kind"),
    BoundaryError("missing detail", "too_large"),  # words that need a size the error did not carry
])
def test_anything_else_is_a_plain_sentence_in_the_pages_language_and_goes_to_the_log(error, caplog):
    with caplog.at_level(logging.WARNING, logger="ui.i18n"):
        text = error_text(error, "nl")
    assert text == ("dit kon niet worden gedaan. Probeer een andere keuze; de gegevens die al geladen zijn blijven "
                    "beschikbaar")
    assert str(error) in caplog.text


def test_every_engine_kind_the_pages_can_meet_has_dutch_and_english_words():
    """The errors the Gegevens, Doelgroepen, Evenementen, Kaart and Vergelijken pages catch, by topic and kind."""
    classes = {TableError: "table", BoundaryError: "boundary", EventsError: "events", RatesError: "rates",
               ClusterError: "clusters", JoinError: "table", OutputError: "output"}
    assert {cls: cls.topic for cls in classes} == classes
    for kind in ("not_found", "unsupported", "empty", "too_large", "wrong_content", "binary", "unreadable"):
        assert {"nl", "en"} <= set(STRINGS[f"input_{kind}"])
    for kind in ("no_name", "backwards", "duplicate_event", "no_sector", "negative", "duplicate", "columns", "date",
                 "code", "number", "bad_weeks", "bad_controls", "controls_unknown", "no_match"):
        assert {"nl", "en"} <= set(STRINGS[f"events_{kind}"])
    for key in ("rates_missing_column", "rates_same_column", "rates_numerator_too_large", "longtable_bad_level",
                "longtable_not_numeric", "clusters_too_few", "clusters_constant", "figure_not_found",
                "table_no_key", "model_bad_result"):
        assert {"nl", "en"} <= set(STRINGS[key])
