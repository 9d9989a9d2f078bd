import json
import zipfile

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import Point, Polygon, box

from geo.boundaries import BoundaryError, read_boundaries

NL_LON, NL_LAT = (3.2, 7.3), (50.7, 53.6)


def _inside_nl(frame):
    minx, miny, maxx, maxy = frame.total_bounds
    return NL_LON[0] <= minx and maxx <= NL_LON[1] and NL_LAT[0] <= miny and maxy <= NL_LAT[1]


def test_rd_coordinates_without_crs_are_recognised_and_reprojected(real_file):
    rd = read_boundaries(real_file("gemeenten_2023_pdok_wfs_rd_nocrs.geojson"))
    assert rd.report.crs_read == "EPSG:4326"  # what GDAL claims
    assert rd.report.crs_used == "EPSG:28992"
    assert rd.report.crs_detected_by_range
    assert rd.data.crs == "EPSG:4326"
    assert _inside_nl(rd.data)
    wgs = read_boundaries(real_file("gemeenten_2023_pdok_wfs_wgs84.geojson"))
    assert not wgs.report.crs_detected_by_range
    both = rd.data.set_index("code").geometry.to_crs(28992).centroid.to_frame("rd").join(
        wgs.data.set_index("code").geometry.to_crs(28992).centroid.to_frame("wgs"))
    distances = gpd.GeoSeries(both["rd"]).distance(gpd.GeoSeries(both["wgs"]))
    assert distances.median() < 20  # metres: the same places (the two PDOK outputs are generalised apart)
    areas = rd.data.set_index("code")["oppervlakte_km2"] / wgs.data.set_index("code")["oppervlakte_km2"]
    assert areas.median() == pytest.approx(1, abs=0.001)


def test_pdok_2022_water_is_left_out_and_invalid_polygons_repaired(real_file):
    result = read_boundaries(real_file("gemeenten_2022_pdok_wfs_wgs84.geojson"))
    report = result.report
    assert report.features_in_file == 428
    assert report.water_removed == 82
    assert report.features == 428 - 82
    assert report.invalid_repaired > 40
    assert result.data.geometry.is_valid.all()
    assert result.data.geom_type.isin(["Polygon", "MultiPolygon"]).all()
    assert report.years == [2022]
    inhabitants = result.data.set_index("code")["aantalInwoners"]
    assert str(inhabitants.dtype) == "Int64"
    assert inhabitants.min() >= 0  # no -99999999 drawn as a number
    assert inhabitants["GM1916"] > 70_000


def test_water_can_be_kept_and_its_sentinels_are_missing(real_file):
    result = read_boundaries(real_file("gemeenten_2022_pdok_wfs_wgs84.geojson"), include_water=True)
    assert result.report.water_removed == 0
    water = result.data["water"] == "JA"
    assert water.sum() == 82
    assert (result.table.status.loc[water, "aantalInwoners"] == "missing").all()
    assert result.data.loc[water, "aantalInwoners"].isna().all()


def test_cbs_geopackage_buurten_with_parents_year_and_water(real_file):
    result = read_boundaries(real_file("buurten_2021_ermelo_GM0233.gpkg"))
    data = result.data
    assert result.report.layer == "CBS_Buurten"
    assert result.report.level == "buurt"
    assert result.report.water_removed == 1
    assert "BU02339997" not in set(data["code"])
    assert set(data["niveau"]) == {"buurt"}
    assert set(data["gemeentecode"]) == {"GM0233"}
    assert data["wijkcode"].str.startswith("WK0233").all()
    assert set(data["jaar"]) == {2021}
    assert list(data.columns[:7]) == ["code", "naam", "niveau", "gemeentecode", "wijkcode", "jaar", "oppervlakte_km2"]
    # columns NULL in every row are figures without a value, not numbers
    assert (result.table.status["aantal_inwoners"] == "missing").all()
    assert "wijknaam" not in result.table.figures  # an all-NULL text column stays text


def test_grid_sentinel_minus_99997_is_secret_in_int_and_float_columns(real_file):
    result = read_boundaries(real_file("vierkant100m_ermelo_sentinels.gpkg"))
    status, data = result.table.status, result.data
    assert result.report.level == "vierkant"
    assert result.data["oppervlakte_km2"].tolist() == pytest.approx([0.01] * 282, rel=1e-3)  # 100 m cells, in RD
    secret_total = int((status == "secret").sum().sum())
    assert secret_total > 0
    assert str(data["aantal_mannen"].dtype) == "Int64"
    assert data["aantal_mannen"].min() >= 0
    float_columns = [c for c in result.table.figures if str(data[c].dtype) == "Float64"]
    assert any((status[c] == "secret").any() for c in float_columns)
    assert all(data[c].min() > -99990 for c in result.table.figures if data[c].notna().any())


@pytest.mark.slow
def test_national_wijken_keep_their_codes_and_figures(real_file):
    result = read_boundaries(real_file("wijken_2024_nl.geojson"))
    assert result.report.features == 3475
    assert result.report.level == "wijk"
    codes = set(result.data["code"])
    assert {f"WK1916{n:02d}" for n in range(1, 14)} <= codes
    assert result.data["code"].is_unique
    # some figures are absent keys: missing, not zero
    assert (result.table.status["aantal_inwoners"] == "missing").sum() > 0
    assert _inside_nl(result.data)


@pytest.fixture
def squares():
    frame = gpd.GeoDataFrame(
        {
            "statcode": ["WK999901", "WK999902"],
            "statnaam": ["Noord", "<img src=x onerror=alert(1)>"],
            "aantal": [120, -99997],
            "water": ["NEE", "NEE"],
        },
        geometry=[box(150000, 455000, 151000, 456000), box(151000, 455000, 152000, 456000)],
        crs=28992,
    )
    return frame


def test_generic_statcode_statnaam_columns(squares, tmp_path):
    path = tmp_path / "wijken.geojson"
    squares.to_crs(4326).to_file(path)
    result = read_boundaries(path)
    assert result.data["code"].tolist() == ["WK999901", "WK999902"]
    assert result.data["naam"].tolist() == ["Noord", "<img src=x onerror=alert(1)>"]
    assert result.data["gemeentecode"].tolist() == ["GM9999", "GM9999"]  # derived from the codes
    assert result.table.status["aantal"].tolist() == ["ok", "secret"]
    assert result.data["oppervlakte_km2"].tolist() == pytest.approx([1.0, 1.0], abs=0.001)


def test_zipped_shapefile_in_a_folder_read_from_upload_bytes(real_file, tmp_path):
    source = gpd.read_file(real_file("buurten_2021_ermelo_GM0233.gpkg"))
    with pytest.warns(UserWarning):
        source.to_file(tmp_path / "ermelo.shp")
    archive = tmp_path / "ermelo.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for part in ("shp", "shx", "dbf", "prj", "cpg"):
            out.write(tmp_path / f"ermelo.{part}", f"export/ermelo.{part}")
    result = read_boundaries(archive.read_bytes(), name="ermelo.zip")
    assert result.report.format == "zipped Shapefile"
    assert result.report.features == 16  # water buurt left out via the 'water' field
    assert set(result.data["gemeentecode"]) == {"GM0233"}  # 'gemeenteco' after Shapefile's 10-char names
    assert set(result.data["jaar"]) == {2021}


def test_flatgeobuf(squares, tmp_path):
    path = tmp_path / "wijken.fgb"
    squares.to_file(path, driver="FlatGeobuf")
    result = read_boundaries(path)
    assert result.report.format == "FlatGeobuf"
    assert sorted(result.data["code"]) == ["WK999901", "WK999902"]


def test_topojson(tmp_path):
    topology = {
        "type": "Topology",
        "arcs": [[[4.0, 52.0], [4.01, 52.0], [4.01, 52.01], [4.0, 52.01], [4.0, 52.0]],
                 [[4.01, 52.0], [4.02, 52.0], [4.02, 52.01], [4.01, 52.01], [4.01, 52.0]]],
        "objects": {"wijken": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "arcs": [[0]], "properties": {"wijkcode": "WK999901", "wijknaam": "West"}},
            {"type": "Polygon", "arcs": [[1]], "properties": {"wijkcode": "WK999902", "wijknaam": "Oost"}},
        ]}},
    }
    path = tmp_path / "wijken.topojson"
    path.write_text(json.dumps(topology))
    result = read_boundaries(path)
    assert result.report.format == "TopoJSON"
    assert result.data["naam"].tolist() == ["West", "Oost"]
    assert result.data["oppervlakte_km2"].iloc[0] == pytest.approx(0.76, rel=0.05)


def test_geopackage_layer_choice(squares, tmp_path):
    path = tmp_path / "wijkenbuurten.gpkg"
    gpd.GeoDataFrame({"naam": ["p"]}, geometry=[Point(150000, 455000)], crs=28992).to_file(path, layer="punten")
    squares.to_file(path, layer="wijken")
    assert read_boundaries(path).report.layer == "wijken"  # first polygon layer
    with pytest.raises(BoundaryError, match="has no layer 'buurten': choose one of punten, wijken"):
        read_boundaries(path, layer="buurten")


def test_invalid_polygons_are_repaired_and_counted(squares, tmp_path):
    bowtie = Polygon([(150000, 455000), (151000, 456000), (151000, 455000), (150000, 456000)])
    squares.loc[0, "geometry"] = bowtie
    path = tmp_path / "wijken.gpkg"
    squares.to_file(path)
    result = read_boundaries(path)
    assert result.report.invalid_repaired == 1
    assert result.data.geometry.is_valid.all()
    assert result.data["oppervlakte_km2"].iloc[0] == pytest.approx(0.5, abs=0.01)


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("leeg.geojson", b"", "is empty"),
        ("kaart.pdf", b"%PDF-1.4", "unsupported file type '.pdf'; use .geojson, .json, .gpkg"),
        ("kapot.geojson", b'{"type": "FeatureCollection", "features": [', "could not be read as GeoJSON"),
        ("kapot.zip", b"PK\x03\x04 not really", "not a valid zip file"),
    ],
)
def test_bad_files_get_a_message_that_says_what_to_do(name, content, message):
    with pytest.raises(BoundaryError, match=message):
        read_boundaries(content, name=name)


def test_points_are_refused(tmp_path):
    path = tmp_path / "punten.geojson"
    gpd.GeoDataFrame({"code": ["WK999901"]}, geometry=[Point(4, 52)], crs=4326).to_file(path)
    with pytest.raises(BoundaryError, match=r"holds no polygons \(found: Point\)"):
        read_boundaries(path)


def test_missing_code_column_lists_the_columns(tmp_path):
    path = tmp_path / "vlakken.geojson"
    gpd.GeoDataFrame({"omschrijving": ["a"]}, geometry=[box(4, 52, 4.1, 52.1)], crs=4326).to_file(path)
    with pytest.raises(BoundaryError, match="no column with CBS region codes found.*omschrijving"):
        read_boundaries(path)


def test_areas_are_equal_in_any_source_crs(squares, tmp_path):
    squares.to_crs(4326).to_file(tmp_path / "a.geojson")
    squares.to_file(tmp_path / "b.gpkg")
    a = read_boundaries(tmp_path / "a.geojson").data["oppervlakte_km2"]
    b = read_boundaries(tmp_path / "b.gpkg").data["oppervlakte_km2"]
    assert np.allclose(a, b, atol=1e-3)


@pytest.mark.slow
def test_reprojection_is_to_crs_point_for_point(real_file):
    """Each distinct point is transformed once, in parts on several cores: the result is to_crs's, bit for bit."""
    import shapely

    from geo.boundaries import RD_NEW, WGS84, _to_crs

    wijken = read_boundaries(real_file("wijken_2024_nl.geojson")).data.geometry  # shared points, many parts
    rd = wijken.to_crs(RD_NEW)
    # a zero coordinate, no geometry, 3D: these go through to_crs itself
    odd = gpd.GeoSeries([box(0, 300_000, 1_000, 301_000), None,
                         Polygon([(1e5, 4e5, 1), (1e5, 4.1e5, 2), (1.1e5, 4e5, 3)])], crs=RD_NEW)
    for geometry, crs in ((wijken, RD_NEW), (rd, WGS84), (odd, WGS84), (rd, RD_NEW)):
        ours, theirs = _to_crs(geometry, crs), geometry.to_crs(crs)
        assert ours.crs == theirs.crs
        assert list(shapely.to_wkb(ours.values)) == list(shapely.to_wkb(theirs.values))


@pytest.mark.parametrize(("name", "credit"), [
    ("GM1916_wijken.geojson", "Kadaster/CBS, Wijk- en Buurtkaart"),  # not "... Buurtkaart 1916"
    ("wijken_GM1916_2024.geojson", "Kadaster/CBS, Wijk- en Buurtkaart 2024"),
])
def test_the_credit_takes_its_year_from_the_name_never_from_a_gemeente_code(tmp_path, name, credit):
    frame = gpd.GeoDataFrame({"wijkcode": ["WK191601", "WK191602"], "wijknaam": ["Oost", "West"]},
                             geometry=[box(4.38, 52.08, 4.39, 52.09), box(4.39, 52.08, 4.40, 52.09)], crs="EPSG:4326")
    path = tmp_path / name
    frame.to_file(path, driver="GeoJSON")
    assert read_boundaries(path).table.credit == credit
