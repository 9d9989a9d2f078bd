import geopandas as gpd
from shapely.geometry import box

from geo.locate import find_districts


def _frame():
    return gpd.GeoDataFrame(
        {"code": ["BU19160101", "BU19160102", "BU19160103"], "naam": ["Sint-Jansbuurt", "Oud Voorburg", "Jansveld"]},
        geometry=[box(4.0, 52.0, 4.1, 52.1), box(4.1, 52.0, 4.2, 52.1), box(4.2, 52.0, 4.3, 52.1)], crs=4326,
    )


def test_search_by_any_code_spelling_and_by_name():
    frame = _frame()
    assert find_districts(frame, "bu19160103 ") == ["BU19160103"]
    assert find_districts(frame, "19160103") == ["BU19160103"]
    assert find_districts(frame, "sint jans") == ["BU19160101"]
    assert find_districts(frame, "jans") == ["BU19160103", "BU19160101"]  # starts-with before contains
    assert find_districts(frame, "nergens") == []
    assert find_districts(frame, "  ") == []
