"""What a column is called: the registry's words first, the file's second, never a bare guess."""

import pandas as pd

from indicators.core.describe import constant_columns, describe_column, themes_of
from indicators.core.table import ColumnInfo, build_table


def test_a_registry_figure_has_its_label_unit_and_theme_in_each_language():
    table = build_table(pd.DataFrame({"code": ["WK01"], "aantalInwoners": [1200]}), labels=["code"])
    dutch, english = describe_column(table, "aantalInwoners", "nl"), describe_column(table, "aantalInwoners", "en")
    assert dutch.title == "Aantal inwoners" and english.title == "Inhabitants"
    assert dutch.decimals == 0 and dutch.theme == english.theme != "overig"


def test_an_own_column_keeps_the_files_title_and_unit_and_guesses_its_decimals():
    table = build_table(pd.DataFrame({"code": ["WK01", "WK02"], "wachttijd": [12.25, 8.5]}), labels=["code"],
                        info={"wachttijd": ColumnInfo(title="Wachttijd jeugdzorg", unit="weken")})
    info = describe_column(table, "wachttijd")
    assert (info.title, info.unit, info.decimals) == ("Wachttijd jeugdzorg", "weken", 2)
    assert list(themes_of(["wachttijd"])) == ["overig"]


def test_a_column_with_one_value_in_three_districts_or_more_is_named():
    frame = pd.DataFrame({"code": ["WK01", "WK02", "WK03"], "inwoners_gemeente": [78230] * 3,
                          "aantalInwoners": [1200, 1300, 1250]})
    assert constant_columns(build_table(frame, labels=["code"])) == ["inwoners_gemeente"]
    assert constant_columns(build_table(frame.head(2), labels=["code"])) == []  # two alike can be chance
