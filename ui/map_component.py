"""The app's map on the page: one Leaflet map per place, kept across reruns (a Streamlit v2 component).

streamlit-folium puts each map in a frame that loads its own scripts and draws the map anew
on every rerun; this component sits in the page, loads Leaflet once (from the installed
``xstatic-leaflet``, inside the component's script: no CDN), sends the districts' shapes once
per session, and restyles the map in place when only colours, legend or selection change.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from geo.simplify import PreparedLayer
from maps.choropleth import Choropleth
from maps.webmap import component_css, component_js, component_map_data, geometry_key
from ui import state

_map = st.components.v2.component("wijkverkenner_map", css=component_css(), js=component_js(), isolate_styles=False)


@dataclass
class MapAnswer:
    """What the user did on the map in this run: a district clicked, and where the map looks (if tracked)."""

    clicked: str | None
    view: dict | None


def _ignore() -> None:
    """The component's events are read from its result; a callback registers them."""


def _note_painted() -> None:
    st.session_state[state.MAP_PAINTED] = True


def map_first() -> bool:
    """Whether this run should leave the sidebar's choices for the next one, so a new visitor's map comes first.

    Streamlit draws a page's widgets before the first component on it, and on two cores that
    costs about half a second: a new visitor's map waited for a dozen widgets it does not need.
    So a session's first Kaart page in a browser leaves its choices out; the map reports once it is
    painted (the trigger "painted"), which reruns the page with them, as soon as they came before.
    A session without a browser (a script, AppTest) has no map to wait for and gets everything at once.
    """
    return not st.session_state.get(state.MAP_PAINTED) and bool(st.context.headers)


def draw_map(layer: PreparedLayer, choropleth: Choropleth, *, key: str, height: int, track_view: bool = False,
             report_painted: bool = False, **options) -> MapAnswer:
    """Draw ``choropleth`` on ``layer`` under ``key``; the shapes go only to a page that lacks them.

    ``report_painted``: the page left its choices for after this map (``map_first``).
    """
    sent = st.session_state.setdefault(state.SHAPES_SENT, set())
    shapes = geometry_key(layer)
    data = component_map_data(layer, choropleth, send_shapes=shapes not in sent, height=height,
                              track_view=track_view, report_painted=report_painted, **options)
    result = _map(data=data, key=key, height="content", on_clicked_change=_ignore, on_missing_change=_ignore,
                  on_view_change=_ignore, on_painted_change=_note_painted)
    sent.add(shapes)
    if result.get("missing"):  # the page let the shapes go (it keeps the last eight): send them again
        sent.discard(result["missing"])
        st.rerun()
    return MapAnswer(clicked=result.get("clicked"), view=result.get("view") if track_view else None)
