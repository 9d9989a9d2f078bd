"""The cluster map's words and legend: sentences in Dutch and English, the five classes and their colours."""

import pandas as pd
import pytest

from indicators.analysis.clusters import Clusters, find_clusters
from maps.clusters import CLUSTER_COLORS, CLUSTER_LABELS, cluster_legend, describe_clusters
from maps.palettes import MISSING_COLOR, SECRET_COLOR
from tests.indicators.analysis.test_clusters import SIZE, block_values, grid_table


@pytest.fixture(scope="module")
def block():
    table = grid_table(block_values())
    return table, find_clusters(table, "waarde")


def test_summary_names_the_hot_spot_in_dutch_and_english(block):
    table, result = block
    dutch = describe_clusters(result, table, "nl")
    assert dutch[0].startswith("Gebieden met vergelijkbare waarden liggen bij elkaar (Moran's I = 0,")
    hot = next(s for s in dutch if s.startswith("Hoge waarden liggen geclusterd in "))
    assert "Cel 1-1" in hot and "Cel 0-0" in hot and " en " in hot
    english = describe_clusters(result, table, "en")
    assert any(s.startswith("High values cluster in ") for s in english)
    with pytest.raises(ValueError, match="'lang' should be one of 'nl', 'en', got 'de' instead"):
        describe_clusters(result, table, "de")


def test_no_clustering_sentence_uses_dutch_numbers():
    table = grid_table(block_values())
    codes = table.data["code"]
    result = Clusters(indicator="waarde", moran_i=0.05, p_value=0.31, expected=-0.02, z=0.4,
                      labels=pd.Series("ns", index=codes), local_i=pd.Series(0.0, index=codes),
                      local_p=pd.Series(0.5, index=codes), isolates=[], excluded={})
    assert describe_clusters(result, table) == ["Er is geen duidelijke ruimtelijke clustering "
                                                "(Moran's I = 0,05; p = 0,31)."]
    assert describe_clusters(result, table, "en") == ["There is no clear spatial clustering "
                                                      "(Moran's I = 0.05; p = 0.31)."]


def test_legend_has_five_classes_then_secret(block):
    table, result = block
    legend = cluster_legend(result)
    assert [entry.label for entry in legend] == [CLUSTER_LABELS["nl"][c] for c in ("HH", "LL", "HL", "LH", "ns")]
    assert sum(entry.count for entry in legend) == SIZE * SIZE
    assert [entry.color for entry in legend] == [CLUSTER_COLORS[c] for c in ("HH", "LL", "HL", "LH", "ns")]
    assert CLUSTER_COLORS["ns"] not in (MISSING_COLOR, SECRET_COLOR)
