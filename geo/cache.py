"""Prepared display geometry kept on disk, so a restarted app draws a known layer at once.

Simplifying 15,000 buurten takes about two seconds; the result depends only on the boundary
file and the display settings, so it is stored as JSON (plain data, safe to read back) under
``data/cache/`` with a key made of the file's path, size and modification time, the layer and
the settings. A changed file gets a new key; stale entries are simply never read again.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from geo import simplify
from geo.simplify import PreparedLayer

CACHE_DIR = Path(__file__).resolve().parents[1] / "data" / "cache"
FORMAT = 1  # bump when PreparedLayer or the encoding changes


def layer_key(path: Path, layer: str | None) -> str:
    """Key of a boundary layer as it is on disk now, with the display settings it is prepared for."""
    stat = Path(path).stat()
    parts = (FORMAT, str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns, layer,
             simplify.DISPLAY_PX, simplify.ZOOM_RESERVE, simplify.PRECISION)
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:40]


def has_prepared(key: str, folder: Path = CACHE_DIR) -> bool:
    """Whether a layer is stored: reading it back takes a tenth of the time of preparing it again."""
    return (folder / f"layer-{key}.json").is_file()


def load_prepared(key: str, folder: Path = CACHE_DIR) -> PreparedLayer | None:
    """The stored layer, or None when there is none (or it cannot be read: it is then rebuilt)."""
    path = folder / f"layer-{key}.json"
    try:
        return PreparedLayer(**json.loads(path.read_text("utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def store_prepared(key: str, layer: PreparedLayer, folder: Path = CACHE_DIR) -> None:
    """Write the layer all-or-nothing; a cache that cannot be written only costs time later."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".layer-{key}.{os.getpid()}.tmp"
        # vars(), not dataclasses.asdict(): the same JSON without a deep copy of every ring first (5x faster)
        fields = {name: value for name, value in vars(layer).items() if name != "drawn"}  # made again when drawn
        temporary.write_text(json.dumps(fields, separators=(",", ":")), encoding="utf-8")
        os.replace(temporary, folder / f"layer-{key}.json")
    except OSError:
        pass
