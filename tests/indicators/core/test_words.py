"""The one translation table: every word in Dutch and English, with the same blanks in both."""

import string

import pytest

from indicators.core.words import LANGS, STRINGS, check_lang, join_words, t


def test_every_word_is_in_both_languages_with_the_same_blanks():
    fields = string.Formatter()
    for key, words in STRINGS.items():
        assert set(words) == set(LANGS), key
        blanks = {lang: {part[1] for part in fields.parse(text) if part[1]} for lang, text in words.items()}
        assert blanks["nl"] == blanks["en"], key


def test_a_list_reads_as_a_sentence_lists_it():
    assert join_words(["Centrum", "Noord", "Zuid"]) == "Centrum, Noord en Zuid"
    assert join_words(["Centrum", "Noord"], "en") == "Centrum and Noord"
    assert join_words([".csv", ".xlsx", ".gpkg"], "en", "or") == ".csv, .xlsx or .gpkg"
    assert join_words(["Centrum"]) == "Centrum" and join_words([]) == ""


def test_an_unknown_language_is_named():
    assert t("and", "en") == "and"
    with pytest.raises(ValueError, match="'lang' should be one of 'nl', 'en', got 'de' instead"):
        check_lang("de")
