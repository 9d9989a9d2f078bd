import pandas as pd
import pytest

from indicators.analysis.profile import district_profile
from indicators.core.table import build_table


@pytest.fixture
def table():
    frame = pd.DataFrame({"code": ["WK01", "WK02", "WK03", "WK04"], "naam": list("ABCD"),
                          "inwoners": [100, 300, 200, -99997], "inkomen": [20.0, None, 30.0, 25.0]})
    return build_table(frame, labels=["code", "naam"])


def test_profile_has_value_average_and_rank_per_figure(table):
    profile = district_profile(table, "WK03").set_index("column")
    assert profile.loc["inwoners", "value"] == 200
    assert profile.loc["inwoners", "average"] == pytest.approx(200)  # secret left out of the mean
    assert profile.loc["inwoners", "rank"] == 2
    assert profile.loc["inwoners", "count"] == 3
    assert profile.loc["inkomen", "rank"] == 1


def test_secret_and_missing_get_no_value_and_no_rank(table):
    profile = district_profile(table, "WK04").set_index("column")
    assert profile.loc["inwoners", "status"] == "secret"
    assert pd.isna(profile.loc["inwoners", "value"]) and pd.isna(profile.loc["inwoners", "rank"])
    assert str(profile["rank"].dtype) == "Int64"
    profile = district_profile(table, "WK02").set_index("column")
    assert profile.loc["inkomen", "status"] == "missing"


def test_unknown_code(table):
    with pytest.raises(ValueError, match="no district with code 'WK99'"):
        district_profile(table, "WK99")

