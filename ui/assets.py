"""Leaflet for the app's maps, served by the app itself from the installed ``xstatic-leaflet``.

An ASGI middleware (``st.App(middleware=...)`` in app.py). It answers ``LEAFLET_ADDRESS``
(relative to the pages, so it works under a base URL too) with Leaflet, which a browser may keep
for good (the name carries the version), and adds ``<script async>`` for it to every HTML page,
so Leaflet loads while Streamlit's own code starts. The map component (maps/webmap_component.js)
then finds ``window.L`` ready, and a map sent to the page is its data and 15 KB of the app's own
script instead of that plus 160 KB of Leaflet on every rerun: an indicator switch over a
municipal network (40 ms, 10 Mbit/s) took 0.49 s with Leaflet in every map, 0.34 s without.
"""

from __future__ import annotations

from maps.assets import LEAFLET_ADDRESS, leaflet_js

# marked done when loaded or failed, so a map that comes later knows not to wait for it
SCRIPT_TAG = (f'<script async id="wv-leaflet" src="./{LEAFLET_ADDRESS}" onload="this.dataset.done=1" '
              f'onerror="this.dataset.done=1"></script>\n').encode()
_YEAR = 365 * 24 * 3600


async def _send_leaflet(send) -> None:
    body = leaflet_js().encode()
    await send({"type": "http.response.start", "status": 200, "headers": [
        (b"content-type", b"text/javascript; charset=utf-8"), (b"content-length", str(len(body)).encode()),
        (b"cache-control", f"public, immutable, max-age={_YEAR}".encode())]})
    await send({"type": "http.response.body", "body": body, "more_body": False})


class PageAssets:
    """ASGI middleware: Leaflet at ``LEAFLET_ADDRESS``, and its script tag in the head of every HTML page."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        """Answer Leaflet's address; hold back an HTML page until its script tag is in; pass the rest on."""
        if scope["type"] != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        if scope["path"].endswith("/" + LEAFLET_ADDRESS):
            await _send_leaflet(send)
            return
        start: dict | None = None
        body: list[bytes] = []

        async def add_script(message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                if message["status"] == 200 and headers.get(b"content-type", b"").startswith(b"text/html"):
                    start = message  # held back until the whole page is here
                    return
            elif start is not None and message["type"] == "http.response.body":
                body.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                page = b"".join(body).replace(b"</head>", SCRIPT_TAG + b"</head>", 1)
                # the page is no longer the file: its length changes, and the file's tag must not
                # let a browser keep a copy without the script
                headers = [(name, value) for name, value in start["headers"]
                           if name not in (b"content-length", b"etag", b"last-modified")]
                headers.append((b"content-length", str(len(page)).encode()))
                await send({**start, "headers": headers})
                await send({"type": "http.response.body", "body": page, "more_body": False})
                return
            await send(message)

        await self.app(scope, receive, add_script)
