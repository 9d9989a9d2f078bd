"""CBS Kerncijfers wijken en buurten (KWB): one OData table per year, one indicator definition for all.

CBS publishes the KWB as a new table every year, and the position suffix of a column key moves
between years and revisions (``PersonenPerSoortUitkeringBijstand_94`` in 2024). The registry
therefore holds only the stem; ``resolve_columns`` finds this year's key through the table's
own DataProperties, so the same registry entry reads 2019 as well as 2024.

Examples
--------
>>> kwb_table(2024)
'85984NED'
>>> resolve_columns(properties_2024, ["bijstand"])
{'bijstand': 'PersonenPerSoortUitkeringBijstand_94'}
"""

from __future__ import annotations

from indicators.core.registry import Indicator, load_registry
from indicators.io.odata import find_key

KWB_TABLES: dict[int, str] = {
    2019: "84583NED",
    2020: "84799NED",
    2021: "85039NED",
    2022: "85318NED",
    2023: "85618NED",
    2024: "85984NED",
}
"""Year -> CBS OData table id of "Kerncijfers wijken en buurten" of that year."""


def kwb_table(year: int) -> str:
    """Return the OData table id of the KWB of ``year`` (``2024`` -> ``'85984NED'``).

    Raises
    ------
    ValueError
        For a year without a known table, naming the years there are.
    """
    try:
        return KWB_TABLES[int(year)]
    except (KeyError, TypeError, ValueError):
        years = ", ".join(map(str, sorted(KWB_TABLES)))
        raise ValueError(f"no KWB table known for year {year!r}: choose one of {years}") from None


def kwb_year(table_id: str) -> int:
    """Return the year of a KWB table id (``'85984NED'`` -> 2024), the inverse of ``kwb_table``."""
    wanted = str(table_id).strip().upper()
    for year, known in KWB_TABLES.items():
        if known == wanted:
            return year
    raise ValueError(f"{table_id!r} is not a known KWB table: choose one of {', '.join(KWB_TABLES.values())}")


def resolve_columns(properties: list[dict], indicators=None) -> dict[str, str]:
    """Find this table's OData key for each registry indicator with a CBS stem.

    Parameters
    ----------
    properties : list of dict
        The DataProperties of one KWB table (as ``cbsodata`` saves it: a bare list).
    indicators : iterable of str or Indicator, optional
        Indicator ids or ``Indicator`` objects; by default every registry indicator whose
        source is ``cbs_kwb``. Derived and own-data indicators have no CBS key and are skipped.

    Returns
    -------
    dict
        Indicator id -> key (``{'inwoners': 'AantalInwoners_5', ...}``), in the order given.
        Indicators whose stem is not in this year's table are left out: some figures are only
        in the wijk- en buurtkaart (the age shares) or not published in every year.

    Raises
    ------
    ValueError
        For an unknown indicator id, or a stem that occurs more than once in the table.
    """
    registry = load_registry()
    chosen = registry.values() if indicators is None else [_indicator(item, registry) for item in indicators]
    keys: dict[str, str] = {}
    for indicator in chosen:
        if indicator.source != "cbs_kwb" or not indicator.stem:
            continue
        try:
            key = find_key(properties, indicator.stem)
        except ValueError as error:
            raise ValueError(f"indicator {indicator.id!r}: {error}") from None
        if key is not None:
            keys[indicator.id] = key
    return keys


def _indicator(item, registry: dict[str, Indicator]) -> Indicator:
    if isinstance(item, Indicator):
        return item
    if item not in registry:
        raise ValueError(f"unknown indicator id {item!r}: choose one of {', '.join(registry)}")
    return registry[item]
