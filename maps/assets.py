"""Leaflet, from an installed package, for maps that must draw without internet.

Municipal networks block CDNs, and a presenter's laptop may be offline. Leaflet comes from
the ``xstatic-leaflet`` package (XStatic: JavaScript libraries packaged for Python), is read
once, and is inlined into the page; the images its CSS refers to become data URIs. The app
serves the same file at ``LEAFLET_ADDRESS`` (relative to its pages), so a browser fetches it once.
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache
from pathlib import Path

import xstatic.pkg.leaflet as xstatic_leaflet

LEAFLET_DIR = Path(xstatic_leaflet.BASE_DIR)
LEAFLET_VERSION = xstatic_leaflet.VERSION
# the version in the name: a browser may keep the file for good, and a new Leaflet gets a new address
LEAFLET_ADDRESS = f"wijkverkenner/leaflet-{LEAFLET_VERSION}.js"


@lru_cache(maxsize=1)
def leaflet_js() -> str:
    """Leaflet's minified JavaScript, without its source-map comment (the map file is not shipped)."""
    text = (LEAFLET_DIR / "leaflet.js").read_text("utf-8")
    return re.sub(r"\n?//# sourceMappingURL=.*$", "", text.rstrip())


@lru_cache(maxsize=1)
def leaflet_css() -> str:
    """Leaflet's CSS with its images inlined as data URIs."""
    css = (LEAFLET_DIR / "leaflet.css").read_text("utf-8")

    def inline(match: re.Match) -> str:
        image = LEAFLET_DIR / match.group(1)
        data = base64.b64encode(image.read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    return re.sub(r"url\((images/[^)]+\.png)\)", inline, css)
