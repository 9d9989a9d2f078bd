"""The indicator registry: every indicator defined once, in ``registry.toml`` beside this module.

An indicator has a Dutch and English label and description, a theme, a kind (count, share,
mean, rate), a unit, the decimals CBS publishes, where it comes from (a CBS OData key stem,
the municipality's own data, or derived from other indicators), whether a higher value is
better, and a disclosure rule that the disclosure step applies (minimum count and rounding
base for counts of persons; none for shares, means and rates).

Columns are recognised in every spelling they really have: ``AantalInwoners_5`` (OData 2024),
``AantalInwoners``, ``aantal_inwoners`` (CBS GeoPackage), ``aantalInwoners`` (PDOK WFS) and
third-party renames listed as aliases (``huishoudens``, ``0_15``, ``pct_zelfstandigen``).
A column name is compared as lower-case letters and digits, first as it is and then without an
OData position suffix (``indicators.core.columns.stem``); the exact form comes first so that
``0_15`` (share aged 0-14 in a third-party file) is not cut down to ``0``.

Units are unit ids in the file with a Dutch and English text each ("x 1.000 euro" against
"x 1,000 euro"); an ``Indicator`` carries the texts.

Examples
--------
>>> find_indicator("PersonenPerSoortUitkeringBijstand_94").id
'bijstand'
>>> theme_of("personenautos")
'overig'
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from indicators.core.columns import split_header, stem
from indicators.core.words import LANGS, check_lang

REGISTRY_PATH = Path(__file__).with_name("registry.toml")

KINDS = ("count", "share", "mean", "rate")
SOURCES = ("cbs_kwb", "own", "derived")
OTHER_THEME = "overig"
DEFAULT_MIN_COUNT = 10

_REQUIRED = ("id", "label", "description", "theme", "kind", "unit", "decimals", "source", "disclosure")
_OPTIONAL = ("stem", "aliases", "higher_is_better", "numerator", "denominators", "per", "follows")


@dataclass(frozen=True)
class Disclosure:
    """Disclosure rule of a count: suppress cells below ``min_count``, round to multiples of ``rounding``.

    ``min_count`` 0 means no minimum (CBS publishes business locations of any number, rounded).
    """

    min_count: int = DEFAULT_MIN_COUNT
    rounding: int = 1


@dataclass(frozen=True)
class Indicator:
    """One indicator of the registry.

    Attributes
    ----------
    id : str
        Short unique name; a column of that name (a derived indicator) matches it too.
    label, description, unit : dict
        Texts by language (``"nl"``, ``"en"``); ``unit`` as the app shows it ("%", "x 1.000 euro").
    theme : str
        A key of ``THEMES``.
    kind : str
        ``count`` (an additive amount), ``share`` (percentage of a whole), ``mean`` or ``rate``.
    decimals : int
        Decimals shown.
    source : str
        ``cbs_kwb`` (CBS Kerncijfers wijken en buurten), ``own`` (municipal data) or ``derived``.
    stem : str
        The CBS OData key without position suffix, or the own-data column name; "" when derived.
    aliases : tuple of str
        Other real spellings of the column.
    higher_is_better : bool or None
        None where neither direction is better.
    numerator : str or None
        Derived rates: the id of the numerator.
    denominators : tuple of tuple of str
        Derived rates: alternatives in order of preference, each a tuple of ids that are summed.
    per : int or None
        Derived rates: numerator / denominator * ``per`` (1000 for "per 1,000 inhabitants").
    disclosure : Disclosure or None
        The rule for counts of persons; None where the figure is not a count to protect.
    follows : str or None
        Shares published beside a count of persons: that count's id; the share is withheld
        wherever the count is.
    """

    id: str
    label: dict[str, str] = field(hash=False)
    description: dict[str, str] = field(hash=False)
    theme: str
    kind: str
    unit: dict[str, str] = field(hash=False)
    decimals: int
    source: str
    stem: str = ""
    aliases: tuple[str, ...] = ()
    higher_is_better: bool | None = None
    numerator: str | None = None
    denominators: tuple[tuple[str, ...], ...] = ()
    per: int | None = None
    disclosure: Disclosure | None = None
    follows: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """Every name this indicator is known by: id, stem and aliases."""
        return tuple(name for name in (self.id, self.stem, *self.aliases) if name)

    def label_in(self, lang: str) -> str:
        """Return the label in ``lang`` (``"nl"`` or ``"en"``)."""
        return self.label[check_lang(lang)]

    def unit_in(self, lang: str) -> str:
        """Return the unit as shown in ``lang`` (``"nl"`` or ``"en"``)."""
        return self.unit[check_lang(lang)]

    def matches(self, column: str) -> bool:
        """True when ``column`` is a spelling of this indicator (see the module docstring)."""
        keys = {_exact(name) for name in self.names}
        return any(key in keys for key in _column_keys(column))


def load_registry(path: str | Path | None = None) -> dict[str, Indicator]:
    """Read and validate the registry: indicator id -> ``Indicator``, in file order.

    Parameters
    ----------
    path : str or Path, optional
        A registry file; by default ``registry.toml`` beside this module, read once and cached.

    Raises
    ------
    ValueError
        When the file is not valid TOML, or an entry has an unknown theme, kind, unit or source,
        a duplicate id, a spelling that another indicator has too, or a derived definition that
        refers to unknown ids. The message names the entry.
    """
    if path is None:
        return dict(_default_registry())
    return _read_registry(Path(path))


@dataclass(frozen=True)
class Sum:
    """Counts that add up in every district: ``total`` = the sum of ``parts`` (indicator ids)."""

    total: str
    parts: tuple[str, ...]


def load_sums(path: str | Path | None = None) -> tuple[Sum, ...]:
    """The ``[[sum]]`` entries of the registry: sets of counts disclosure control must close.

    Raises ``ValueError`` when an entry names an unknown id or an indicator that is not a count.
    """
    if path is None:
        return _default_sums()
    return _read_sums(Path(path), _read_registry(Path(path)))


def find_indicator(column: str) -> Indicator | None:
    """Return the registry indicator that ``column`` is a spelling of, or None."""
    index = _default_index()
    for key in _column_keys(column):
        if key in index:
            return index[key]
    return None


def theme_of(column: str) -> str:
    """Return the theme id of ``column``: its indicator's theme, ``"overig"`` for unknown columns."""
    indicator = find_indicator(column)
    return indicator.theme if indicator is not None else OTHER_THEME


# --- private ------------------------------------------------------------------------------------


def _exact(name: str) -> str:
    """Lower-case letters and digits of ``name`` with a trailing ``_NN`` kept (``0_15`` -> ``015``)."""
    return stem(f"{name}_")  # the appended "_" keeps stem() from taking "_15" for an OData suffix


def _column_keys(column: str) -> tuple[str, ...]:
    """The forms of a column name to look up, most specific first.

    A StatLine header (``Bevolking/Aantal inwoners (aantal)``) is looked up by its title too.
    """
    title, _ = split_header(column)
    return (_exact(column), stem(column), _exact(title), stem(title))


def _read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as file:
            return tomllib.load(file)
    except FileNotFoundError:
        raise ValueError(f"indicator registry {path} not found") from None
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"indicator registry {path} is not valid TOML: {error}") from None


def _read_themes(path: Path) -> dict[str, dict[str, str]]:
    themes = _read_toml(path).get("themes")
    if not isinstance(themes, dict) or not themes:
        raise ValueError(f"{path}: a [themes] table with theme id = {{nl = ..., en = ...}} is required")
    for theme_id, names in themes.items():
        _check_texts(names, f"{path}: theme {theme_id!r}")
    if OTHER_THEME not in themes:
        raise ValueError(f"{path}: [themes] must contain the catch-all theme {OTHER_THEME!r}")
    return {theme_id: dict(names) for theme_id, names in themes.items()}


def _read_registry(path: Path) -> dict[str, Indicator]:
    data = _read_toml(path)
    themes = _read_themes(path)
    units = data.get("units")
    if not isinstance(units, dict) or not units:
        raise ValueError(f"{path}: a [units] table with unit id = {{nl = ..., en = ...}} is required")
    for unit_id, texts in units.items():
        _check_texts(texts, f"{path}: unit {unit_id!r}")
    entries = data.get("indicator")
    if not isinstance(entries, list) or not entries:
        raise ValueError(f"{path}: no [[indicator]] entries found")

    registry: dict[str, Indicator] = {}
    for number, entry in enumerate(entries, start=1):
        indicator = _build(entry, f"{path}: indicator {entry.get('id', '?')!r} (entry {number})", themes, units)
        if indicator.id in registry:
            raise ValueError(f"{path}: indicator {indicator.id!r} (entry {number}): duplicate id")
        registry[indicator.id] = indicator
    _check_spellings(registry, path)
    _check_derived(registry, path)
    return registry


def _build(entry: dict, where: str, themes: dict, units: dict) -> Indicator:
    """Check one ``[[indicator]]`` table and turn it into an ``Indicator``."""
    missing = [key for key in _REQUIRED if key not in entry]
    if missing:
        raise ValueError(f"{where}: missing {', '.join(missing)}")
    unknown = sorted(set(entry) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(_REQUIRED + _OPTIONAL)}")
    if not isinstance(entry["id"], str) or not entry["id"] or entry["id"] != entry["id"].lower():
        raise ValueError(f"{where}: 'id' should be a non-empty lower-case string")
    _check_choice(entry["theme"], themes, "theme", where)
    _check_choice(entry["kind"], KINDS, "kind", where)
    _check_choice(entry["unit"], units, "unit", where)
    _check_choice(entry["source"], SOURCES, "source", where)
    _check_texts(entry["label"], f"{where}: label")
    _check_texts(entry["description"], f"{where}: description")
    if not isinstance(entry["decimals"], int) or isinstance(entry["decimals"], bool) or entry["decimals"] < 0:
        raise ValueError(f"{where}: 'decimals' should be a whole number >= 0, got {entry['decimals']!r}")
    higher = entry.get("higher_is_better")
    if higher is not None and not isinstance(higher, bool):
        raise ValueError(f"{where}: 'higher_is_better' should be true, false or absent, got {higher!r}")
    aliases = entry.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and stem(a) for a in aliases):
        raise ValueError(f"{where}: 'aliases' should be a list of column names")

    derived = entry["source"] == "derived"
    stem_name = entry.get("stem", "")
    if derived and stem_name:
        raise ValueError(f"{where}: a derived indicator has no 'stem'; it is computed from 'numerator'")
    if not derived and not (isinstance(stem_name, str) and stem(stem_name)):
        raise ValueError(f"{where}: 'stem' (the CBS key without suffix, or the own column name) is required")
    numerator, denominators, per = _derivation(entry, where, derived)
    return Indicator(
        id=entry["id"],
        label=dict(entry["label"]),
        description=dict(entry["description"]),
        theme=entry["theme"],
        kind=entry["kind"],
        unit=dict(units[entry["unit"]]),
        decimals=entry["decimals"],
        source=entry["source"],
        stem=stem_name,
        aliases=tuple(aliases),
        higher_is_better=higher,
        numerator=numerator,
        denominators=denominators,
        per=per,
        disclosure=_disclosure(entry["disclosure"], where),
        follows=_follows(entry, where),
    )


def _derivation(entry: dict, where: str, derived: bool):
    """Check numerator, denominators and per: all present for derived indicators, absent otherwise."""
    keys = [key for key in ("numerator", "denominators", "per") if key in entry]
    if not derived:
        if keys:
            raise ValueError(f"{where}: {', '.join(keys)} only belong to derived indicators (source = \"derived\")")
        return None, (), None
    if len(keys) < 3:
        raise ValueError(f"{where}: a derived indicator needs 'numerator', 'denominators' and 'per'")
    numerator, denominators, per = entry["numerator"], entry["denominators"], entry["per"]
    if not isinstance(numerator, str):
        raise ValueError(f"{where}: 'numerator' should be an indicator id")
    if (
        not isinstance(denominators, list)
        or not denominators
        or not all(isinstance(alt, list) and alt and all(isinstance(i, str) for i in alt) for alt in denominators)
    ):
        raise ValueError(
            f"{where}: 'denominators' should be a list of alternatives, each a list of ids to add up, "
            f'e.g. [["personen_15_25", "personen_25_45", "personen_45_65"], ["inwoners"]]'
        )
    if not isinstance(per, int) or isinstance(per, bool) or per <= 0:
        raise ValueError(f"{where}: 'per' should be a positive whole number such as 1000, got {per!r}")
    return numerator, tuple(tuple(alt) for alt in denominators), per


def _follows(entry: dict, where: str) -> str | None:
    follows = entry.get("follows")
    if follows is None:
        return None
    if entry["kind"] not in ("share", "rate") or entry["source"] == "derived" or not isinstance(follows, str):
        raise ValueError(f"{where}: 'follows' (the id of a count) belongs to shares and rates that are not derived")
    return follows


def _disclosure(value, where: str) -> Disclosure | None:
    if value == "none":
        return None
    if not isinstance(value, dict) or set(value) - {"min_count", "rounding"} or "rounding" not in value:
        raise ValueError(f"{where}: 'disclosure' should be \"none\" or {{min_count = 10, rounding = 5}}, got {value!r}")
    min_count, rounding = value.get("min_count", DEFAULT_MIN_COUNT), value["rounding"]
    for name, number, lowest in (("min_count", min_count, 0), ("rounding", rounding, 1)):
        if not isinstance(number, int) or isinstance(number, bool) or number < lowest:
            raise ValueError(f"{where}: disclosure {name} should be a whole number >= {lowest}, got {number!r}")
    return Disclosure(min_count=min_count, rounding=rounding)


def _check_choice(value, allowed, name: str, where: str) -> None:
    if value not in allowed:
        raise ValueError(f"{where}: {name} {value!r} is unknown; use one of {', '.join(allowed)}")


def _check_texts(texts, where: str) -> None:
    if not isinstance(texts, dict) or not all(isinstance(texts.get(lang), str) for lang in LANGS):
        raise ValueError(f"{where} should have a text for each language: {{nl = \"...\", en = \"...\"}}")


def _check_spellings(registry: dict[str, Indicator], path: Path) -> None:
    """No spelling (id, stem, alias) may lead to two indicators, in its exact form or without suffix.

    A name ending in ``_NN`` (``0_15``) matches exactly; the same name without the ending (``0``)
    must not belong to another indicator, or ``0_15`` would match both.
    """
    owner: dict[str, str] = {}
    for indicator in registry.values():
        for name in indicator.names:
            key = _exact(name)
            if owner.setdefault(key, indicator.id) != indicator.id:
                raise ValueError(
                    f"{path}: indicator {indicator.id!r}: the name {name!r} matches indicator {owner[key]!r} "
                    "too; every spelling must belong to one indicator"
                )
    for indicator in registry.values():
        for name in indicator.names:
            other = owner.get(stem(name), indicator.id)
            if other != indicator.id:
                raise ValueError(
                    f"{path}: indicator {indicator.id!r}: the name {name!r} without its ending "
                    f"{stem(name)!r} matches indicator {other!r}; every spelling must belong to one indicator"
                )


def _read_sums(path: Path, registry: dict[str, Indicator]) -> tuple[Sum, ...]:
    sums = []
    for number, entry in enumerate(_read_toml(path).get("sum", []), start=1):
        where = f"{path}: sum (entry {number})"
        if not isinstance(entry, dict) or set(entry) != {"total", "parts"}:
            raise ValueError(f'{where} should be total = "id", parts = ["id", ...]')
        total, parts = entry["total"], entry["parts"]
        if not isinstance(parts, list) or len(parts) < 2:
            raise ValueError(f"{where}: 'parts' should list at least two indicator ids")
        for ref in (total, *parts):
            if ref not in registry or registry[ref].kind != "count":
                raise ValueError(f"{where}: {ref!r} is not the id of a count in the registry")
        sums.append(Sum(total=total, parts=tuple(parts)))
    return tuple(sums)


def _check_derived(registry: dict[str, Indicator], path: Path) -> None:
    for indicator in registry.values():
        if indicator.follows is not None and (
            indicator.follows not in registry or registry[indicator.follows].kind != "count"
        ):
            raise ValueError(
                f"{path}: indicator {indicator.id!r}: follows {indicator.follows!r}, not a count in the registry"
            )
        if indicator.source != "derived":
            continue
        for ref in (indicator.numerator, *(i for alt in indicator.denominators for i in alt)):
            if ref not in registry:
                raise ValueError(f"{path}: indicator {indicator.id!r}: refers to unknown indicator id {ref!r}")
            if ref == indicator.id:
                raise ValueError(f"{path}: indicator {indicator.id!r}: refers to itself")


@lru_cache(maxsize=1)
def _default_registry() -> dict[str, Indicator]:
    return _read_registry(REGISTRY_PATH)


@lru_cache(maxsize=1)
def _default_sums() -> tuple[Sum, ...]:
    return _read_sums(REGISTRY_PATH, _default_registry())


@lru_cache(maxsize=1)
def _default_index() -> dict[str, Indicator]:
    return {_exact(name): indicator for indicator in _default_registry().values() for name in indicator.names}


THEMES: dict[str, dict[str, str]] = _read_themes(REGISTRY_PATH)
"""Theme id -> ``{"nl": ..., "en": ...}``, in the order the app shows them; ``"overig"`` last."""
