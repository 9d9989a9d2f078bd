"""The change map: the difference between two years, in the figure's unit, and codes of one year only set apart."""

import numpy as np
import pandas as pd
import pytest

from indicators.core.table import build_table
from maps.change import change_map
from maps.palettes import palette_colors


def _year(codes, values, column="percentage_zelfstandigen"):
    frame = pd.DataFrame({"code": codes, "naam": codes, column: values})
    return build_table(frame, labels=["code", "naam"])


def test_the_change_is_the_later_figure_minus_the_earlier_and_a_percentage_changes_in_points():
    before = _year(["WK01", "WK02", "WK03", "WK04"], [10.0, 12.0, 20.0, 5.0])
    after = _year(["WK01", "WK02", "WK03", "WK05"], [12.5, 12.0, 14.0, 6.0])
    choropleth, boundaries = change_map(before, after, "percentage_zelfstandigen", since=2023, year=2024, k=3)
    assert choropleth.title == "Zelfstandigen (%): verandering 2023–2024 (procentpunt)"
    values = dict(zip(choropleth.codes, choropleth.values))
    assert values["WK01"] == pytest.approx(2.5) and values["WK02"] == 0 and values["WK03"] == pytest.approx(-6)
    assert values["WK05"] is None  # new in 2024: another area, no change
    assert boundaries.only_before == ("WK04",) and boundaries.only_after == ("WK05",)
    percent, _ = change_map(before, after, "percentage_zelfstandigen", since=2023, year=2024, unit="percent", k=3)
    assert percent.title.endswith("(%)")
    assert dict(zip(percent.codes, percent.values))["WK01"] == pytest.approx(25.0)


def test_a_sequential_palette_is_not_taken_for_a_change_and_a_wrong_unit_is_refused():
    before = _year(["WK01", "WK02", "WK03"], [10.0, 12.0, 20.0])
    after = _year(["WK01", "WK02", "WK03"], [11.0, 9.0, 26.0])
    choropleth, _ = change_map(before, after, "percentage_zelfstandigen", since=2023, year=2024, k=3,
                               palette="YlOrRd")
    diverging = set(palette_colors("RdBu", 3)) | set(palette_colors("RdBu", 3, reverse=True))
    assert set(choropleth.colors) <= diverging and not set(choropleth.colors) & set(palette_colors("YlOrRd", 3))
    with pytest.raises(ValueError, match="'unit' should be one of absolute, percent"):
        change_map(before, after, "percentage_zelfstandigen", since=2023, year=2024, unit="relative")
    assert not np.isnan([v for v in choropleth.values if v is not None]).any()
