"""The one error type for bad input: a message for the command line, a kind and details for the app's words."""

from indicators.core.errors import InputError
from indicators.core.words import STRINGS


class TableLikeError(InputError):
    topic = "table"


def test_an_error_carries_its_kind_details_and_topic():
    error = TableLikeError("sheet 'x' is not in t.xlsx", "no_sheet", sheets="Blad1, Blad2")
    assert isinstance(error, ValueError) and str(error) == "sheet 'x' is not in t.xlsx"
    assert (error.kind, error.details, error.topic) == ("no_sheet", {"sheets": "Blad1, Blad2"}, "table")
    assert f"{error.topic}_{error.kind}" in STRINGS
    plain = InputError("something")
    assert (plain.kind, plain.topic) == ("unreadable", "input") and "input_unreadable" in STRINGS
