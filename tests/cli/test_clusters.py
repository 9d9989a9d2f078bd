"""``cli.py clusters``: one JSON object with Moran's I, its p-value and the LISA class per district."""

import json
import subprocess
import sys
import warnings

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import box

from cli import main
from tests.conftest import DEMO_DATA, PROJECT

KEYS = {"indicator", "moran_i", "p_value", "permutations", "seed", "clusters", "isolates", "excluded"}


def clusters(capsys, *args):
    assert main(["clusters", *map(str, args)]) == 0
    captured = capsys.readouterr()
    return json.loads(captured.out)


def fails(capsys, *args):
    assert main(["clusters", *map(str, args)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("wijkverkenner: error: ")
    return lines[0]


def esda_moran_i(path, column):
    """Moran's I computed here with esda on queen weights of the districts with a published value.

    The CLI analyses what it may publish: the values after disclosure control (counts rounded,
    small cells suppressed), so the reference does the same before calling esda.
    """
    import esda
    from libpysal.weights import Queen

    from geo.boundaries import read_boundaries
    from indicators.privacy.disclosure import protect

    boundaries = read_boundaries(path)
    protected, _ = protect({boundaries.report.level: boundaries.table})
    data = protected[boundaries.report.level].data
    valid = data[column].notna().to_numpy()
    frame = data[valid].reset_index(drop=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        weights = Queen.from_dataframe(frame, use_index=False, silence_warnings=True)
        weights.transform = "r"
        moran = esda.Moran(frame[column].astype(float).to_numpy(), weights, permutations=0)
    return moran.I, frame["code"].tolist(), [frame["code"][i] for i in weights.islands]


@pytest.mark.slow
@pytest.mark.parametrize("column", ["aantal_inwoners", "bevolkingsdichtheid"])
def test_national_wijken_moran_equals_esda_on_the_same_weights(real_file, capsys, column):
    path = real_file("wijken_2024_nl.geojson")
    result = clusters(capsys, "--boundaries", path, "--indicator", column)
    expected, used, islands = esda_moran_i(path, column)
    assert result["moran_i"] == pytest.approx(expected, abs=1e-9)
    assert result["moran_i"] > 0.2 and result["p_value"] == 0.001  # strongly clustered: no permutation beats it
    assert KEYS <= set(result) and result["indicator"] == column
    assert list(result["clusters"]) == used
    assert sorted(result["isolates"]) == sorted(islands) and result["isolates"]  # Wadden islands and alike
    assert all(result["clusters"][code] == "ns" for code in result["isolates"])
    assert set(result["excluded"].values()) <= {"missing", "secret"} and len(result["excluded"]) == 3475 - len(used)
    assert set(result["clusters"].values()) == {"HH", "LL", "HL", "LH", "ns"}


@pytest.mark.slow
def test_subset_as_a_user_runs_it(real_file):
    completed = subprocess.run(
        [sys.executable, "cli.py", "clusters", "--boundaries", real_file("wijken_2025_GM1916_subset.geojson"),
         "--indicator", "aantalInwoners"],
        cwd=PROJECT, capture_output=True, text=True,
    )
    assert completed.returncode == 0, completed.stderr
    result = json.loads(completed.stdout)
    assert result["indicator"] == "aantal_inwoners"  # found in any CBS spelling
    assert (result["permutations"], result["seed"]) == (999, 12345)
    assert len(result["clusters"]) == 13 and all(code.startswith("WK1916") for code in result["clusters"])
    assert set(result["clusters"].values()) <= {"HH", "LL", "HL", "LH", "ns"}
    assert -1 <= result["moran_i"] <= 1 and 0 < result["p_value"] <= 1


@pytest.mark.slow
def test_demo_bijstand_rate_is_clustered_and_secret_buurten_are_excluded(capsys):
    args = ["--boundaries", DEMO_DATA / "wijkenbuurten_2024_demo.gpkg", "--layer", "buurten",
            "--indicator", "bijstand_per_1000_15_65"]
    result = clusters(capsys, *args)
    assert 0.3 < result["moran_i"] < 0.6 and result["p_value"] < 0.01
    assert "HH" in result["clusters"].values() and "LL" in result["clusters"].values()
    assert result["excluded"] and set(result["excluded"].values()) == {"secret"}
    assert not set(result["excluded"]) & set(result["clusters"])
    again = clusters(capsys, *args)
    assert again == result  # fixed seed: the same answer every run
    other = clusters(capsys, *args, "--seed", "7", "--permutations", "199")
    assert (other["seed"], other["permutations"]) == (7, 199) and other["moran_i"] == result["moran_i"]


def grid_file(tmp_path, values):
    cells = [{"code": f"WK0001{i:02d}", "naam": f"Wijk {i}", "waarde": value,
              "geometry": box(5 + i * 0.01, 52, 5 + (i + 1) * 0.01, 52.01)} for i, value in enumerate(values)]
    path = tmp_path / "rij.geojson"
    gpd.GeoDataFrame(cells, crs="EPSG:4326").to_file(path, driver="GeoJSON")
    return path


def test_bad_input_gives_one_line_and_exit_status_2(tmp_path, capsys):
    line = fails(capsys, "--boundaries", grid_file(tmp_path, [5.0] * 6), "--indicator", "waarde")
    assert "all 6 districts have the same value for 'waarde': there is nothing to cluster" in line
    line = fails(capsys, "--boundaries", grid_file(tmp_path, [1.0, 2.0] + [np.nan] * 4), "--indicator", "waarde")
    assert "valid value for only 2 districts: clusters need at least 3" in line
    line = fails(capsys, "--boundaries", grid_file(tmp_path, [1.0, 2.0, 3.0]), "--indicator", "onbekend")
    assert "no figure column 'onbekend': choose one of waarde" in line
    line = fails(capsys, "--boundaries", tmp_path / "er_niet.geojson", "--indicator", "waarde")
    assert "er_niet.geojson" in line


def test_alternating_row_gives_negative_moran(tmp_path, capsys):
    result = clusters(capsys, "--boundaries", grid_file(tmp_path, [1.0, 9.0] * 4), "--indicator", "waarde",
                      "--permutations", "99")
    assert result["moran_i"] == pytest.approx(-1.0)
    assert result["isolates"] == [] and result["excluded"] == {}
