"""The change map: a figure's change between two years, on a diverging palette centred on zero.

Drawn alike by the Kaart page ("Verandering sinds") and the command line (``cli.py render
--change-from YEAR``). Only districts whose code exists in both years get a change
(``indicators.analysis.derive.change``): a split or merged district covers another area, so a
difference would not be a change; those codes are returned, for the page or the command line to
list. The change of a percentage is in percentage points, not in %: 12% to 15% is 3 points, and
"3%" would read as a relative change.
"""

from __future__ import annotations

from indicators.analysis.derive import BoundaryChanges, change
from indicators.core.describe import describe_column
from indicators.core.table import Table
from indicators.core.words import t
from maps.choropleth import Choropleth, build_choropleth
from maps.palettes import SEQUENTIAL

UNITS = ("absolute", "percent")
COLUMN = "verandering"


def change_map(before: Table, after: Table, column: str, *, since: int, year: int, unit: str = "absolute",
               k: int = 5, palette: str | None = None, synthetic: bool = False, lang: str = "nl",
               source: str | None = None, secret_label: str | None = None, rule: str = "",
               ) -> tuple[Choropleth, BoundaryChanges]:
    """The change of ``column`` from ``before`` (the year ``since``) to ``after`` (``year``) as a choropleth.

    Parameters
    ----------
    before, after : Table
        The same level in two years, protected (a secret cell in either year has no change).
    column : str
        The figure, in any spelling either year has it in.
    unit : {'absolute', 'percent'}
        The difference in the figure's own unit (percentage points for a percentage), or relative, in %.
    palette : str, optional
        A diverging palette; a sequential one (the level map's) is not used for a change.

    Returns
    -------
    (Choropleth, BoundaryChanges)
        The map of ``after``'s districts, and the codes present in one year only.
    """
    if unit not in UNITS:
        raise ValueError(f"'unit' should be one of {', '.join(UNITS)}, got {unit!r} instead")
    changed, boundaries = change(before, after, column, name=COLUMN)
    info = describe_column(after, column, lang)
    shown_unit = "%" if unit == "percent" else info.unit
    if unit == "absolute" and info.unit == "%":
        shown_unit = t("change_points", lang)
    choropleth = build_choropleth(
        changed, COLUMN if unit == "absolute" else f"{COLUMN}_pct", k=k,
        palette=None if palette in SEQUENTIAL else palette, kind="change", higher_is_better=info.higher_is_better,
        synthetic=synthetic, lang=lang, source=source, secret_label=secret_label, rule=rule,
        title=t("change_title", lang, title=info.title, before=since, after=year, unit=shown_unit),
    )
    return choropleth, boundaries
