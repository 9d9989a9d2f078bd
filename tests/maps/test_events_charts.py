"""What the Evenementen page draws: the timeline, the ranking and the effect map, from a small generated study."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators.analysis.events import ESTIMATED, WITHHELD, Effect, EventStudy
from indicators.core.table import Table
from indicators.core.values import MISSING, OK, SECRET
from maps.charts import save_chart
from maps.events import EFFECT, effect_map, effect_rows, effects_table, ranking_events_chart, timeline_chart
from tests.indicators.analysis.test_events import _toy_series


@pytest.fixture(scope="module")
def toy():
    events, series = _toy_series(effect=30.0)
    study = EventStudy(events, series)
    return study, study.effects()


def test_the_timeline_is_drawn_offline_with_dutch_labels_and_the_event_days(toy, tmp_path):
    study, _ = toy
    chart = timeline_chart(study.timeline(0, ("horeca",)), naam="Toets <b>", sectors=("horeca",), gebied="Centrum",
                           weeks=8)
    svg = save_chart(chart, tmp_path / "verloop.svg").read_text(encoding="utf-8")
    for text in ("Centrum (werkelijk)", "Verwacht volgens de controlegebieden", "Basis: zelfde weekdag, 8 weken ervoor",
                 "Dagen van het evenement", "Omzet per dag", "Toets &lt;b&gt;"):
        assert text in svg
    assert "<b>" not in svg  # a name is text, never markup


def test_the_ranking_leaves_out_what_is_withheld_and_marks_what_is_not_measurable(toy):
    _, report = toy
    found = report.effects[0]
    withheld = Effect("Geheim", found.start, found.eind, "WK999902", ("logies",), status=WITHHELD)
    unclear = Effect("Vaag", found.start, found.eind, "WK999903", ("horeca",), effect_pct=2.0, ci_low_pct=-3.0,
                     ci_high_pct=7.0, effect=10.0, ci_low=-15.0, ci_high=35.0, days=1)
    spec = ranking_events_chart([found, withheld, unclear], names={"WK999901": "Centrum"}).to_dict()
    text = str(spec)
    assert "Toets · horeca · Centrum" in text and "Vaag" in text and "Geheim" not in text
    assert "geen meetbaar effect" in text and "meetbaar effect" in text
    english = str(ranking_events_chart([found, unclear], names={"WK999901": "Centre"}, lang="en").to_dict())
    assert "Toets · food and drink · Centre" in english and "horeca" not in english  # the sector in words too
    rows = effect_rows([found, withheld, unclear])
    assert rows["Uitkomst"].tolist() == ["hoger", "niet getoond", "geen meetbaar effect"]
    assert rows.loc[1, "Effect (%)"] == "" and rows.loc[2, "Effect (%)"] == "+2%"


def test_the_effect_map_never_draws_a_withheld_or_missing_district_as_a_number(toy):
    _, report = toy
    found = report.effects[0]
    districts = Table(data=pd.DataFrame({"code": ["WK999901", "WK999902", "WK999903"],
                                         "naam": ["Centrum", "Haven", "Molen"]}), status=pd.DataFrame(index=range(3)),
                      columns={})
    effects = {"WK999901": found, "WK999902": Effect("Toets", found.start, found.eind, "WK999902", ("horeca",),
                                                     status=WITHHELD)}
    table = effects_table(districts, effects, title="Effect (%)")
    assert table.status[EFFECT].tolist() == [OK, SECRET, MISSING]
    assert table.data[EFFECT].isna().tolist() == [False, True, True]
    choropleth = effect_map(table, effects, source="Bron: toets", synthetic=True)
    assert choropleth.tooltips[0][2] == "hoger" and choropleth.tooltips[1] == ["Haven", "niet getoond"]
    assert found.status == ESTIMATED
