"""Start the app with its first map prepared: ``python -m streamlit run serve.py``.

Streamlit runs ``app.py`` for each visitor; nothing of it runs before the first one arrives, who
would then wait for the imports and the demo's map. Served through ``st.App``, the server first
imports the engine and prepares the demo's first map (``ui.caches.warm_up``, a few seconds), and
only then answers: the first visitor is served as fast as any other.
"""

import asyncio
from contextlib import asynccontextmanager

import streamlit as st


@asynccontextmanager
async def _prepare_first_map(_app):
    from ui.caches import warm_up

    await asyncio.to_thread(warm_up)
    yield


app = st.App("app.py", lifespan=_prepare_first_map)
