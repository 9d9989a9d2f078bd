import geopandas as gpd
from shapely.geometry import box

from geo.cache import has_prepared, layer_key, load_prepared, store_prepared
from geo.simplify import prepare_layer


def _file(tmp_path, n=3):
    frame = gpd.GeoDataFrame({"code": [f"WK9999{i:02d}" for i in range(n)]},
                             geometry=[box(4 + i * 0.01, 52, 4.01 + i * 0.01, 52.01) for i in range(n)], crs=4326)
    path = tmp_path / "wijken.gpkg"
    frame.to_file(path)
    return frame, path


def test_a_prepared_layer_comes_back_from_disk_equal(tmp_path):
    frame, path = _file(tmp_path)
    layer = prepare_layer(frame)
    key = layer_key(path, None)
    assert load_prepared(key, tmp_path / "cache") is None and not has_prepared(key, tmp_path / "cache")
    store_prepared(key, layer, tmp_path / "cache")
    assert load_prepared(key, tmp_path / "cache") == layer and has_prepared(key, tmp_path / "cache")


def test_a_changed_file_gets_a_new_key(tmp_path):
    frame, path = _file(tmp_path)
    key = layer_key(path, None)
    assert layer_key(path, "wijken") != key  # another layer
    _file(tmp_path, n=4)  # the file is rewritten
    assert layer_key(path, None) != key


def test_a_damaged_cache_file_is_ignored(tmp_path):
    frame, path = _file(tmp_path)
    key = layer_key(path, None)
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / f"layer-{key}.json").write_text("{not json")
    assert load_prepared(key, tmp_path / "cache") is None
