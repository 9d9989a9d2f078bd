import pandas as pd
import pytest

from indicators.core.table import build_table, find_figure, select_level


@pytest.fixture
def table():
    frame = pd.DataFrame({"code": ["GM9999", "WK999901", "WK999902"], "niveau": ["gemeente", "wijk", "wijk"],
                          "aantalInwoners": [300, 100, 200], "personen_per_soort_uitkering_bijstand": [30, 10, 20]})
    return build_table(frame, labels=["code", "niveau"], source="t.csv")


@pytest.mark.parametrize("name, column", [
    ("aantalInwoners", "aantalInwoners"),
    ("aantal_inwoners", "aantalInwoners"),  # another CBS spelling
    ("AantalInwoners_5", "aantalInwoners"),  # OData key
    ("inwoners", "aantalInwoners"),  # registry id
    ("bijstand", "personen_per_soort_uitkering_bijstand"),
])
def test_find_figure_in_any_spelling(table, name, column):
    assert find_figure(table, name) == column


def test_unknown_figure_lists_the_columns(table):
    with pytest.raises(ValueError, match="no figure column 'inkomen': choose one of aantalInwoners"):
        find_figure(table, "inkomen")


def test_select_level_keeps_values_and_statuses_aligned(table):
    wijken = select_level(table, "wijk")
    assert wijken.data["code"].tolist() == ["WK999901", "WK999902"]
    assert wijken.status.index.tolist() == [0, 1]
    with pytest.raises(ValueError, match="no districts of level 'buurt'"):
        select_level(table, "buurt")
