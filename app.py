"""Wijkverkenner: ``python -m streamlit run app.py``.

Streamlit serves ``ui/main.py`` (page setup, language and navigation; the pages in ui/screens) to
every visitor. Through ``st.App`` the server first imports the engine and prepares the demo's first
map (``ui.caches.warm_up``, a few seconds) and only then answers, so the first visitor after a
start does not wait for it. It also serves Leaflet for the maps, from the installed package
(``ui.assets``): a page loads it once, not with every map.
"""

import asyncio
from contextlib import asynccontextmanager

import streamlit as st
from starlette.middleware import Middleware

from ui.assets import PageAssets


def _warm_up() -> None:
    """Import the first page's own modules and prepare the demo's first map (``ui.caches.warm_up``)."""
    from ui import accessibility, address, tables, view  # noqa: F401  (not imported by a first visit's start)
    from ui.caches import warm_up

    warm_up()


@asynccontextmanager
async def _prepare_first_map(_app):
    await asyncio.to_thread(_warm_up)
    yield


app = st.App("ui/main.py", lifespan=_prepare_first_map, middleware=[Middleware(PageAssets)])
