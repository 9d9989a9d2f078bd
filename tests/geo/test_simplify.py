import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import Polygon, box

from geo.simplify import decode_polyline, draft_layer, encode_polyline, prepare_layer


def test_polyline_matches_the_google_reference_example():
    coords = np.array([[-120.2, 38.5], [-120.95, 40.7], [-126.453, 43.252]])
    assert encode_polyline(coords) == "_p~iF~ps|U_ulLnnqC_mqNvxq`@"


def test_polyline_round_trip_within_a_metre():
    rng = np.random.default_rng(3)
    coords = np.column_stack([rng.uniform(3.3, 7.2, 500), rng.uniform(50.7, 53.6, 500)])
    back = decode_polyline(encode_polyline(coords))
    assert np.abs(back - coords).max() <= 0.5e-5 + 1e-12


def _wavy_grid(n=6):
    """Adjacent squares with many vertices on shared edges, in WGS84 near Leidschendam."""
    cells = []
    for i in range(n):
        for j in range(n):
            cell = box(4.40 + i * 0.01, 52.08 + j * 0.01, 4.41 + i * 0.01, 52.09 + j * 0.01)
            cells.append(shapely.segmentize(cell, 0.0002))
    return gpd.GeoDataFrame({"code": [f"BU9999{k:04d}" for k in range(n * n)]}, geometry=cells, crs=4326)


def test_prepare_keeps_every_district_and_shrinks_geometry():
    frame = _wavy_grid()
    layer = prepare_layer(frame)
    assert layer.codes == frame["code"].tolist()
    assert len(layer.shapes) == len(frame)
    assert layer.vertices_out < layer.vertices_in / 5  # straight edges need few vertices
    (south, west), (north, east) = layer.bounds
    assert (west, south, east, north) == pytest.approx(tuple(frame.total_bounds), abs=1e-4)



def test_a_draft_shows_every_district_where_the_prepared_layer_will():
    """The draft stands in for the prepared layer: same districts, same area, about as light; marked as a draft."""
    frame = _wavy_grid()
    frame.loc[0, "geometry"] = box(4.40, 52.08, 4.40001, 52.08001)  # a sliver the simplification would drop
    draft, final = draft_layer(frame), prepare_layer(frame)
    assert draft.draft and not final.draft
    assert draft.codes == final.codes and len(draft.shapes) == len(frame)
    assert all(shape and shape[0] for shape in draft.shapes)  # every district drawn, the sliver too
    assert draft.tolerance_m == final.tolerance_m
    assert draft.vertices_out < draft.vertices_in / 5
    assert np.allclose(draft.bounds, final.bounds, atol=1e-4)


def test_neighbours_still_meet_after_simplification():
    frame = _wavy_grid()
    layer = prepare_layer(frame, tolerance_m=200)
    polygons = [Polygon(decode_polyline(shape[0][0])) for shape in layer.shapes]
    union = shapely.union_all(polygons)
    assert union.area == pytest.approx(sum(p.area for p in polygons), rel=1e-6)  # no overlaps
    assert union.area == pytest.approx(frame.union_all().area, rel=1e-3)  # no gaps


def test_holes_and_multipolygons_are_kept():
    ring = box(4.4, 52.0, 4.5, 52.1).difference(box(4.44, 52.04, 4.46, 52.06))
    multi = shapely.MultiPolygon([box(4.5, 52.0, 4.6, 52.1), box(4.7, 52.0, 4.8, 52.1)])
    layer = prepare_layer(gpd.GeoDataFrame({"code": ["A", "B"]}, geometry=[ring, multi], crs=4326))
    assert len(layer.shapes[0]) == 1 and len(layer.shapes[0][0]) == 2  # one polygon, outer ring + hole
    assert len(layer.shapes[1]) == 2  # two polygons


@pytest.mark.slow
def test_national_wijken_prepare_to_compact_geometry(real_file):
    from geo.boundaries import read_boundaries

    layer = prepare_layer(read_boundaries(real_file("wijken_2024_nl.geojson")).data)
    assert len(layer.codes) == 3475
    encoded = sum(len(ring) for shape in layer.shapes for polygon in shape for ring in polygon)
    assert encoded / layer.vertices_out < 6  # bytes per vertex; GeoJSON takes about 20
