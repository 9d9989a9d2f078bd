"""Ranking and scatter charts on the demo buurten: read from the Vega-Lite spec, not from pixels."""

from __future__ import annotations

import dataclasses
import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geo.datasets import demo_dataset, load_districts
from indicators.core.formatting import format_number
from indicators.core.values import MISSING, SECRET
from maps.charts import (
    HIGHLIGHT_COLOR,
    SELECTED_PARAM,
    Correlation,
    correlate,
    ranking_chart,
    save_chart,
    scatter_chart,
)
from maps.choropleth import build_choropleth

RATE = "bijstand_per_1000_15_65"  # 11 secret buurten in the demo
INCOME = "gemiddeld_inkomen_per_inwoner"
SELF_EMPLOYED = "percentage_zelfstandigen"
EVIL = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def buurten():
    table, _, _ = load_districts(demo_dataset(), "buurt", 2024)
    return table


@pytest.fixture(scope="module")
def wijken():
    table, _, _ = load_districts(demo_dataset(), "wijk", 2024)
    return table


def layer_data(spec: dict, index: int) -> pd.DataFrame:
    """The rows a layer draws, as Altair stored them in the spec's datasets."""
    return pd.DataFrame(spec["datasets"][spec["layer"][index]["data"]["name"]])


def valid_values(table, column) -> pd.Series:
    values = pd.to_numeric(table.data[column], errors="coerce").astype(float)
    return pd.Series(values.to_numpy(), index=table.data["code"].astype(str)).dropna()


def with_status(table, column, row, status):
    """A copy of ``table`` where one cell of ``column`` has become secret or missing."""
    data, states = table.data.copy(), table.status.copy()
    data.loc[data.index[row], column] = pd.NA
    states.loc[states.index[row], column] = status
    return dataclasses.replace(table, data=data, status=states)


def with_name(table, row, name):
    data = table.data.copy()
    data.loc[data.index[row], "naam"] = name
    return dataclasses.replace(table, data=data)


# ranking


def test_ranking_has_every_valid_district_once_highest_first(buurten):
    spec = ranking_chart(buurten, RATE).to_dict()
    bars = layer_data(spec, 0)
    expected = valid_values(buurten, RATE)
    assert len(expected) == 49
    assert sorted(bars["code"]) == sorted(expected.index)
    assert bars["code"].is_unique
    assert list(bars["waarde"]) == sorted(bars["waarde"], reverse=True)
    assert spec["layer"][0]["encoding"]["y"]["sort"] == list(bars["naam"])  # drawn in this order, top down
    assert bars["rang"].iloc[0] == 1 and bars["rang_tekst"].iloc[0] == "1e van 49"


def test_ranking_leaves_out_secret_districts_and_counts_them(buurten):
    spec = ranking_chart(buurten, RATE).to_dict()
    bars = layer_data(spec, 0)
    secret = set(buurten.data["code"][buurten.status[RATE] == SECRET])
    assert len(secret) == 11
    assert not secret & set(bars["code"])
    assert spec["title"]["subtitle"] == ["11 gebieden geheim"]


def test_ranking_counts_secret_and_missing_apart(buurten):
    secret_row = int(np.flatnonzero(buurten.status[RATE] == SECRET)[0])
    valid_row = int(np.flatnonzero(buurten.status[RATE] == "ok")[0])
    table = with_status(buurten, RATE, valid_row, MISSING)
    spec = ranking_chart(table, RATE).to_dict()
    assert spec["title"]["subtitle"] == ["11 gebieden geheim, 1 zonder gegevens"]
    table = with_status(buurten, "bedrijfsvestigingen_totaal", secret_row, MISSING)  # a column without secrets
    assert ranking_chart(table, "bedrijfsvestigingen_totaal").to_dict()["title"]["subtitle"] == [
        "1 gebied zonder gegevens"]


def test_ranking_bars_take_the_map_colours(buurten):
    choropleth = build_choropleth(buurten, RATE)
    bars = layer_data(ranking_chart(buurten, RATE).to_dict(), 0)
    map_colours = dict(zip(choropleth.codes, choropleth.colors))
    assert dict(zip(bars["code"], bars["kleur"])) == {code: map_colours[code] for code in bars["code"]}
    assert len(set(bars["kleur"])) == 5  # the five classes of the default map

    blues = build_choropleth(buurten, RATE, palette="Blues", k=4)
    bars = layer_data(ranking_chart(buurten, RATE, choropleth=blues).to_dict(), 0)
    assert set(bars["kleur"]) == {c for c, n in zip(blues.colors, blues.classes) if n >= 0}


def test_ranking_marks_the_average_of_the_valid_values(buurten):
    spec = ranking_chart(buurten, RATE).to_dict()
    average = valid_values(buurten, RATE).mean()
    marker = layer_data(spec, 1)
    assert spec["layer"][1]["mark"]["type"] == "rule"
    assert marker["gemiddelde"].iloc[0] == pytest.approx(average)
    assert marker["label"].iloc[0] == f"gemiddelde {format_number(average, 1, 'nl')}"
    assert "," in marker["label"].iloc[0]  # Dutch decimal comma: 41,1


def test_ranking_highlights_the_selected_district(buurten):
    code = str(buurten.data["code"].iloc[3])
    name = str(buurten.data["naam"].iloc[3])
    spec = ranking_chart(buurten, RATE, selected=code).to_dict()
    bars = layer_data(spec, 0)
    chosen = bars[bars["geselecteerd"]]
    assert list(chosen["code"]) == [code]
    assert chosen["rand"].iloc[0] == HIGHLIGHT_COLOR and chosen["randdikte"].iloc[0] > bars["randdikte"].min()
    assert {"name": SELECTED_PARAM, "value": name} in spec["params"]
    weight = spec["layer"][0]["encoding"]["y"]["axis"]["labelFontWeight"]
    assert weight["condition"] == {"test": f"datum.value === {SELECTED_PARAM}", "value": "bold"}


def test_ranking_labels_axes_and_tooltips_in_dutch(buurten):
    spec = ranking_chart(buurten, INCOME).to_dict()
    bars = layer_data(spec, 0)
    assert spec["title"]["text"] == "Gemiddeld inkomen per inwoner"
    assert spec["layer"][0]["encoding"]["x"]["title"] == "Gemiddeld inkomen per inwoner (x 1.000 euro)"
    assert [t["field"] for t in spec["layer"][0]["encoding"]["tooltip"]] == ["naam", "waarde_tekst", "rang_tekst"]
    assert all(bars["waarde_tekst"] == [format_number(v, 1, "nl") for v in bars["waarde"]])
    assert spec["config"]["locale"]["number"]["decimal"] == ","


def test_ranking_in_english(buurten):
    spec = ranking_chart(buurten, RATE, lang="en").to_dict()
    bars = layer_data(spec, 0)
    assert spec["title"]["subtitle"] == ["11 areas secret"]
    assert layer_data(spec, 1)["label"].iloc[0].startswith("average ")
    assert spec["layer"][0]["encoding"]["x"]["title"].startswith("Social assistance per 1,000")
    assert bars["rang_tekst"].iloc[0] == "rank 1 of 49"
    assert spec["config"]["locale"]["number"]["thousands"] == ","


def test_ranking_height_follows_the_number_of_districts(buurten, wijken):
    many = ranking_chart(buurten, "aantal_inwoners").to_dict()["height"]["step"]
    few = ranking_chart(wijken, "aantal_inwoners").to_dict()["height"]["step"]
    assert 14 <= many < few <= 30  # 60 bars stay legible, a dozen are not thin stripes


def test_ranking_shows_duplicate_names_as_separate_bars(buurten):
    table = with_name(buurten, 1, str(buurten.data["naam"].iloc[0]))
    bars = layer_data(ranking_chart(table, "oppervlakte_totaal_in_ha").to_dict(), 0)
    assert len(bars) == 60 and bars["naam"].is_unique


# scatter


def test_scatter_correlation_equals_pandas_on_the_valid_pairs(buurten):
    chart, correlation = scatter_chart(buurten, SELF_EMPLOYED, INCOME)
    x = pd.to_numeric(buurten.data[SELF_EMPLOYED], errors="coerce").astype(float)
    y = pd.to_numeric(buurten.data[INCOME], errors="coerce").astype(float)
    pairs = pd.DataFrame({"x": x, "y": y}).dropna()
    assert isinstance(correlation, Correlation)
    assert correlation.n == len(pairs) == 57
    assert correlation.pearson == pytest.approx(pairs["x"].corr(pairs["y"]))
    assert correlation.pearson == pytest.approx(np.corrcoef(pairs["x"], pairs["y"])[0, 1])
    assert correlation.spearman == pytest.approx(pairs["x"].corr(pairs["y"], method="spearman"))
    spec = chart.to_dict()
    r = format_number(correlation.pearson, 2, "nl")
    assert spec["title"]["subtitle"][0].startswith(f"r = {r}, Spearman ρ = ")
    assert spec["title"]["subtitle"][0].endswith("(n = 57)")
    assert "," in r  # Dutch format: r = 0,78


def test_scatter_draws_one_point_per_valid_pair_with_formatted_tooltips(buurten):
    chart, _ = scatter_chart(buurten, RATE, INCOME)
    spec = chart.to_dict()
    points = layer_data(spec, 1)  # layer 0 is the trend line
    both = valid_values(buurten, RATE).index.intersection(valid_values(buurten, INCOME).index)
    assert sorted(points["code"]) == sorted(both)
    assert spec["title"]["subtitle"][1] == f"{60 - len(both)} gebieden geheim"
    assert list(points["y_tekst"]) == [format_number(v, 1, "nl") for v in points["y"]]
    assert [t["field"] for t in spec["layer"][1]["encoding"]["tooltip"]] == ["naam", "x_tekst", "y_tekst"]


def test_scatter_trend_line_is_the_least_squares_fit(buurten):
    chart, _ = scatter_chart(buurten, SELF_EMPLOYED, INCOME)
    spec = chart.to_dict()
    points, line = layer_data(spec, 1), layer_data(spec, 0)
    slope, intercept = np.polyfit(points["x"], points["y"], 1)
    assert list(line["x"]) == [points["x"].min(), points["x"].max()]
    assert list(line["y"]) == pytest.approx([slope * x + intercept for x in line["x"]])
    chart, _ = scatter_chart(buurten, SELF_EMPLOYED, INCOME, regression=False)
    assert [layer["mark"]["type"] for layer in chart.to_dict()["layer"]] == ["point", "text"]  # and the source


def test_scatter_highlights_the_selected_district(buurten):
    code, name = str(buurten.data["code"].iloc[5]), str(buurten.data["naam"].iloc[5])
    spec = scatter_chart(buurten, SELF_EMPLOYED, INCOME, selected=code)[0].to_dict()
    points = layer_data(spec, 1)
    chosen = points[points["geselecteerd"]]
    assert list(chosen["code"]) == [code] and chosen["rand"].iloc[0] == HIGHLIGHT_COLOR
    assert chosen["grootte"].iloc[0] > points["grootte"].min()
    assert list(layer_data(spec, 2)["naam"]) == [name]  # its name beside the point
    assert spec["layer"][2]["mark"]["type"] == "text"


def test_scatter_in_english(buurten):
    spec = scatter_chart(buurten, SELF_EMPLOYED, INCOME, lang="en")[0].to_dict()
    assert spec["title"]["text"] == "Average income per inhabitant against self-employed (%)"
    assert "." in spec["title"]["subtitle"][0].split(",")[0]  # r = 0.78
    assert spec["title"]["subtitle"][1] == "3 areas secret"


def test_correlation_needs_three_pairs_and_variation():
    assert math.isnan(correlate([1, 2], [3, 4]).pearson)
    assert math.isnan(correlate([1, 2, 3], [5, 5, 5]).spearman)
    assert correlate([1, 2, 3], [2, 4, 7]).n == 3


# safety, errors and export


def test_names_are_data_not_markup(buurten, tmp_path):
    table = with_name(buurten, 0, EVIL)
    code = str(table.data["code"].iloc[0])
    chart = ranking_chart(table, "oppervlakte_totaal_in_ha", selected=code)
    spec = chart.to_dict()
    assert EVIL in list(layer_data(spec, 0)["naam"])  # a plain string in the data
    assert {"name": SELECTED_PARAM, "value": EVIL} in spec["params"]  # a value, not part of an expression
    y = spec["layer"][0]["encoding"]["y"]
    assert EVIL in y["sort"]  # the bar order: a list of plain strings
    assert EVIL not in json.dumps(y["axis"])  # the bold label's test names the parameter, never the text
    svg = save_chart(chart, tmp_path / "ranking.svg").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in svg
    assert "<img" not in svg


@pytest.mark.slow
def test_save_chart_writes_png_and_svg(buurten, tmp_path):
    chart, _ = scatter_chart(buurten, SELF_EMPLOYED, INCOME)
    png = save_chart(chart, tmp_path / "scatter.png")
    assert png.read_bytes().startswith(b"\x89PNG")
    svg = save_chart(chart, tmp_path / "scatter.SVG").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<svg")
    assert "Gemiddeld inkomen per inwoner tegen zelfstandigen (%)" in svg
    assert "r = 0,78" in svg
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scatter.SVG", "scatter.png"]  # no temporary left


def test_save_chart_refuses_other_formats_and_missing_folders(buurten, tmp_path):
    chart = ranking_chart(buurten, RATE)
    with pytest.raises(ValueError, match=r"'ranking.pdf'.*\.png or \.svg"):
        save_chart(chart, tmp_path / "ranking.pdf")
    with pytest.raises(ValueError, match="does not exist"):
        save_chart(chart, tmp_path / "nowhere" / "ranking.png")
    assert not list(tmp_path.iterdir())


def test_bad_arguments_name_what_to_choose(buurten):
    with pytest.raises(ValueError, match=r"'column'.*'inwoners_x'.*choose one of .*aantal_inwoners"):
        ranking_chart(buurten, "inwoners_x")
    with pytest.raises(ValueError, match=r"'y'.*'nope'.*choose one of .*percentage_zelfstandigen"):
        scatter_chart(buurten, SELF_EMPLOYED, "nope")
    with pytest.raises(ValueError, match="'lang' should be one of 'nl', 'en'"):
        ranking_chart(buurten, RATE, lang="de")
    with pytest.raises(ValueError, match="'selected'.*'BU0000'"):
        ranking_chart(buurten, RATE, selected="BU0000")


def test_a_map_of_other_districts_is_refused(buurten, wijken):
    with pytest.raises(ValueError, match="other districts"):
        ranking_chart(buurten, RATE, choropleth=build_choropleth(wijken, RATE))


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["ranking", "scatter"])
def test_an_exported_chart_carries_title_source_and_date(buurten, tmp_path, kind):
    """Like a slide: handed out on its own, a chart says what it shows, whose data it is and when it was made."""
    from datetime import date

    from indicators.core.formatting import format_date

    if kind == "ranking":
        chart = ranking_chart(buurten, RATE, choropleth=build_choropleth(buurten, RATE, synthetic=True,
                                                                       rule="Aantallen onder 10 zijn geheim"))
    else:
        chart, _ = scatter_chart(buurten, SELF_EMPLOYED, INCOME)
    svg = save_chart(chart, tmp_path / f"{kind}.svg").read_text(encoding="utf-8")
    texts = " ".join(re.sub(r"<[^>]+>", " ", svg).split())
    assert ("Bijstand" if kind == "ranking" else "Gemiddeld inkomen per inwoner tegen") in texts
    assert "Bron: Demostad, synthetische demodata" in texts
    assert f"Gemaakt op {format_date(date.today().isoformat())}" in texts
    if kind == "ranking":
        assert "Aantallen onder 10 zijn geheim" in texts and "Synthetische demodata: geen echte cijfers" in texts
    png = save_chart(chart, tmp_path / f"{kind}.png")
    OUTPUT = Path(__file__).resolve().parents[1] / "output"
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / f"grafiek_{kind}.png").write_bytes(png.read_bytes())
