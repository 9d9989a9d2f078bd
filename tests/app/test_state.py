"""The app's caches (ui/state.py): a layer's display geometry, prepared in the background while the page loads."""

from __future__ import annotations

import streamlit as st

from geo.datasets import Dataset
from geo.simplify import prepare_layer
from tests.app.conftest import GM1916_WIJKEN
from ui.state import load_with, prepared, threshold_settings


def test_the_layer_prepared_in_the_background_is_that_of_the_districts_on_the_map(real_file):
    # an upload's key: the layer is never read from or written to the disk cache
    dataset = Dataset(key="upload-test", title="GM1916", boundaries={2025: real_file(GM1916_WIJKEN)}, levels=("wijk",))
    st.cache_resource.clear()
    loaded = load_with(dataset, "wijk", 2025, threshold_settings(None))  # starts the preparation
    layer = prepared(dataset, "wijk", 2025)
    assert layer == prepare_layer(loaded.table.data)
    assert prepared(dataset, "wijk", 2025) is layer  # made once per layer
