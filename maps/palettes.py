"""Colours: ColorBrewer palettes (via branca), colour-blind-safe ones only, chosen by one rule.

Sequential palettes show levels (more = darker); diverging palettes show change and deviation
from an average, with the neutral colour in the middle. When higher is better, the "good" end
gets the calm colour: ``choose_palette`` flips the palette for that.
"""

from __future__ import annotations

from branca.utilities import color_brewer

# Colour-blind safe per ColorBrewer 2.0 (colorbrewer2.org, "colorblind safe" filter).
SEQUENTIAL = ("YlOrRd", "YlGnBu", "Blues", "Greens", "Purples", "Oranges", "OrRd", "PuBu", "BuPu", "YlGn")
DIVERGING = ("RdBu", "PuOr", "BrBG", "PiYG", "PRGn", "RdYlBu")
PALETTES = SEQUENTIAL + DIVERGING
DEFAULT_SEQUENTIAL = "YlOrRd"
DEFAULT_DIVERGING = "RdBu"
KINDS = ("level", "change", "deviation")

SECRET_COLOR = "#bdbdbd"  # with a dashed outline on the web map, hatched on static maps
MISSING_COLOR = "#f0f0f0"
OUTLINE_COLOR = "#636363"
HIGHLIGHT_COLOR = "#000000"


def palette_colors(name: str, k: int, reverse: bool = False) -> list[str]:
    """``k`` hex colours of ColorBrewer palette ``name``, light to dark (or reversed)."""
    if name not in PALETTES:
        raise ValueError(f"'palette' should be one of {', '.join(PALETTES)}, got {name!r} instead")
    if k < 1:
        return []
    colors = color_brewer(name, max(k, 3))
    if k < 3:  # ColorBrewer starts at 3 classes: take the ends for 1 or 2
        colors = [colors[-1]] if k == 1 else [colors[0], colors[-1]]
    colors = [c.lower() for c in colors]
    return colors[::-1] if reverse else colors


def choose_palette(kind: str = "level", higher_is_better: bool | None = None,
                   name: str | None = None) -> tuple[str, bool]:
    """Return (palette name, reverse) for a measure.

    Parameters
    ----------
    kind : {'level', 'change', 'deviation'}
        Change between years and deviation from an average get a diverging palette.
    higher_is_better : bool, optional
        Flips the palette so that "bad" is always the warm colour; None keeps it as it is.
    name : str, optional
        The user's choice; it wins over the default for the kind.
    """
    if kind not in KINDS:
        raise ValueError(f"'kind' should be one of {', '.join(KINDS)}, got {kind!r} instead")
    diverging = kind in ("change", "deviation")
    chosen = name or (DEFAULT_DIVERGING if diverging else DEFAULT_SEQUENTIAL)
    if chosen not in PALETTES:
        raise ValueError(f"'palette' should be one of {', '.join(PALETTES)}, got {chosen!r} instead")
    # Diverging ColorBrewer palettes run warm (low) to cool (high); sequential ones light to dark.
    if chosen in DIVERGING:
        reverse = higher_is_better is False  # higher is worse: high values warm
    else:
        reverse = higher_is_better is True and chosen == DEFAULT_SEQUENTIAL and name is None
    return chosen, reverse
