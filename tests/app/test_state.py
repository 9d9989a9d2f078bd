"""The app's caches (ui/caches.py): a layer's display geometry prepared in the background; clusters per protection."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from geo.datasets import Dataset
from geo.simplify import prepare_layer
from tests.app.conftest import GM1916_WIJKEN
from ui.caches import clusters_of, load_with, prepared, threshold_settings


def test_the_layer_prepared_in_the_background_is_that_of_the_districts_on_the_map(real_file):
    # an upload's key: the layer is never read from or written to the disk cache
    dataset = Dataset(key="upload-test", title="GM1916", boundaries={2025: real_file(GM1916_WIJKEN)}, levels=("wijk",))
    st.cache_resource.clear()
    loaded = load_with(dataset, "wijk", 2025, threshold_settings(None))  # starts the preparation
    layer = prepared(dataset, "wijk", 2025)
    assert layer == prepare_layer(loaded.table.data)
    assert prepared(dataset, "wijk", 2025) is layer  # made once per layer


def _with_own_counts(tmp_path, real_file, counts) -> Dataset:
    """GM1916's wijken with an own table of clients: small counts in one corner, large ones elsewhere."""
    table = tmp_path / "clienten_2025.csv"
    table.write_text("Code;Clienten\n" + "".join(f"WK1916{n:02d};{count}\n" for n, count in enumerate(counts, 1)),
                     encoding="utf-8")
    return Dataset(key="upload-clusters", title="GM1916", boundaries={2025: real_file(GM1916_WIJKEN)},
                   tables={2025: (table,)}, levels=("wijk",))


def test_clusters_follow_which_columns_are_counts(tmp_path, real_file):
    """The clusters cache keys on the protection: saying a column is no count shows a new result at once."""
    dataset = _with_own_counts(tmp_path, real_file, [3, 4, 2, 5, 60, 70, 80, 90, 85, 75, 65, 95, 88])
    settings = threshold_settings(None)
    protected = clusters_of(dataset, "wijk", 2025, "Clienten", settings)  # whole numbers: a count until told otherwise
    assert set(protected.excluded) >= {"WK191601", "WK191602", "WK191603", "WK191604"}
    assert set(protected.excluded.values()) == {"secret"}
    unmarked = replace(dataset, not_counts=("Clienten",))
    assert clusters_of(unmarked, "wijk", 2025, "Clienten", settings).excluded == {}
    raised = clusters_of(dataset, "wijk", 2025, "Clienten", threshold_settings(70))
    assert len(raised.excluded) > len(protected.excluded)  # another threshold: another result, not the cached one
    assert clusters_of(dataset, "wijk", 2025, "Clienten", settings).excluded == protected.excluded
