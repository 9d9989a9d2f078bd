"""Finding districts: the ones a search box means (a click on the map names its district itself)."""

from __future__ import annotations

from geo.join import simplify_name
from indicators.core.codes import normalise_code


def find_districts(frame, query: str, limit: int = 10) -> list[str]:
    """Codes of districts matching a search: exact code first, then names starting with, then containing.

    Case, accents and punctuation are ignored (``'sint jans'`` finds ``Sint-Jansbuurt``) and any
    spelling of a code works (``wk191601``, ``191601``).
    """
    text = (query or "").strip()
    if not text:
        return []
    codes = frame["code"].astype(str)
    code = normalise_code(text)
    exact = [c for c in codes if c == code or c == text.upper()]
    wanted = simplify_name(text)
    names = frame["naam"].map(simplify_name)
    starts = [c for c, n in zip(codes, names) if n.startswith(wanted) and c not in exact]
    contains = [c for c, n in zip(codes, names) if wanted in n and not n.startswith(wanted) and c not in exact]
    return (exact + starts + contains)[:limit]
