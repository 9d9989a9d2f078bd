"""Each comparison view of the Vergelijken page on the demo data."""

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import share_component_scan
from tests.conftest import PROJECT


@pytest.fixture
def compare():
    at = share_component_scan(AppTest.from_file(str(PROJECT / "ui" / "main.py"), default_timeout=60))
    at.query_params["niveau"] = "buurt"
    at.query_params["indicator"] = "personen_per_soort_uitkering_bijstand"
    at.query_params["gebied"] = "BU99990101"
    at.run()
    at.switch_page("screens/vergelijken.py").run()
    return at


def _view(at, key):
    at.segmented_control(key="compare_view").set_value(key).run()
    assert not at.exception
    return at


def _chart(at) -> dict:
    (chart,) = at.get("vega_lite_chart")
    return json.loads(chart.proto.spec)


@pytest.mark.slow
def test_two_maps_of_two_years_say_they_share_one_scheme(compare):
    at = _view(compare, "maps")
    assert at.radio(key="compare_maps_mode").value == "years"
    assert any("dezelfde klassen" in c.value for c in at.caption)
    assert any("zoomen en schuiven samen" in c.value for c in at.caption)
    at.radio(key="compare_maps_mode").set_value("indicators").run()
    assert not at.exception
    assert at.selectbox(key="compare_second_indicator").value != "personen_per_soort_uitkering_bijstand"


def _chart_texts(at) -> str:
    """Every text in the chart's data (Streamlit sends a chart's data apart from its spec, as Arrow)."""
    import io

    import pyarrow as pa

    (chart,) = at.get("vega_lite_chart")
    texts = []
    for dataset in chart.proto.datasets:
        for column in pa.ipc.open_stream(io.BytesIO(dataset.data.data)).read_all().columns:
            for value in column.to_pylist():
                texts += value if isinstance(value, list) else [value]
    return " ".join(str(text) for text in texts)


def test_the_ranking_chart_says_the_disclosure_rule_in_words_under_it(compare):
    """As the map's slide does: the chart is saved and shown on its own, so it carries the rule itself."""
    footer = _chart_texts(_view(compare, "ranking"))
    assert "Bron: Demostad" in footer and "Aantallen onder 10 zijn geheim;" in footer


def test_the_ranking_charts_footer_reaches_the_browser_as_lines_of_text(compare):
    """A list in one cell reaches Streamlit's chart as "[line 1,line 2]" on one line, cut off at the edge."""
    import io

    import pyarrow as pa

    (chart,) = _view(compare, "ranking").get("vega_lite_chart")
    columns = [column for dataset in chart.proto.datasets
               for column in pa.ipc.open_stream(io.BytesIO(dataset.data.data)).read_all().columns]
    assert not any(pa.types.is_list(column.type) for column in columns)
    (lines,) = [column.to_pylist() for column in columns if any("Bron:" in str(v) for v in column.to_pylist())]
    assert len(lines) >= 2 and all(isinstance(line, str) and len(line) < 200 for line in lines)


def test_ranking_chart_holds_every_valid_district_and_the_selected_one(compare):
    spec = _chart(_view(compare, "ranking"))
    text = json.dumps(spec, ensure_ascii=False)
    assert "Sluiswijk" in text  # the selected district
    assert re.search(r"\d+ gebieden geheim", text)  # secret ones counted, not shown
    assert [b.label for b in compare.get("download_button")] == ["Download als PNG", "Download als SVG"]


def test_scatter_shows_the_correlation_in_dutch(compare):
    at = _view(compare, "scatter")
    text = json.dumps(_chart(at), ensure_ascii=False)
    assert "r = 0," in text or "r = -0," in text
    at.selectbox(key="compare_x").set_value("aantal_inwoners").run()
    assert not at.exception


def test_change_view_lists_the_boundary_change(compare):
    at = _view(compare, "change")
    assert any("Alleen in 2023: BU99990601" in i.value for i in at.info)


def test_clusters_view_explains_hot_spots_in_dutch(compare):
    at = _view(compare, "clusters")
    sentences = [m.value for m in at.markdown]
    assert any(s.startswith("Gebieden met vergelijkbare waarden liggen bij elkaar (Moran's I = 0,") for s in sentences)
    assert any(s.startswith("Hoge waarden liggen geclusterd in") for s in sentences)
    assert any("geheim" in c.value and "weggelaten" in c.value for c in at.caption)
