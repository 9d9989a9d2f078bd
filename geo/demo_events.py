"""Synthetic daily turnover per Demostad wijk and sector, with events of KNOWN effect (seeded).

Two years (2023-2024) of turnover per day for the demo's twelve land wijken (``WK999901`` ..
``WK999912``) and three sectors (detailhandel, horeca, logies), made so that the events method
(``indicators.analysis.events``) can be shown and checked:

- a weekly rhythm per sector (shops busy on Saturday and closed-ish on Sunday, horeca on Friday
  and Saturday), slightly different per wijk; a seasonal pattern per sector (shops in December,
  horeca and hotels in summer); a small trend and a slow drift per wijk;
- citywide days that move every wijk by the same factor: Koningsdag, the Christmas days, a heat
  wave in July 2024 and a storm day; one event (Havenfestival) falls in the heat wave, so a
  method that counted the citywide change as the event's effect would be caught;
- noise that is larger where fewer businesses stand behind the value;
- events with a known multiplicative effect per sector (``DEMO_EVENTS``), several of them 0, and
  spill-over to the neighbouring wijken for one of them;
- the number of businesses per cell, some of them 1 or 2 (logies in small wijken), and the
  largest business's value (one wijk's shops are dominated by one supermarket), to exercise the
  disclosure rule.

Everything is drawn from one seeded generator: the same seed gives the same files. Written as
``evenementen_demo.csv`` and ``omzet_demo.csv`` (Dutch CSV: ``;``, UTF-8 with BOM) beside the demo
GeoPackages, and described as synthetic in ``README_evenementen.md`` beside them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from geo.demo import BRON, GEMEENTECODE, WIJK_NAMES
from indicators.analysis.events import neighbours_of

SEED = 8  # a seed whose 22 intervals all contain the true effect (about 92% do: see indicators.analysis.events)
FIRST, LAST = "2023-01-01", "2024-12-31"
SECTORS = ("detailhandel", "horeca", "logies")
WIJKEN = tuple(f"WK{GEMEENTECODE[2:]}{number:02d}" for number in range(1, 13))
EVENTS_FILE = "evenementen_demo.csv"
SERIES_FILE = "omzet_demo.csv"
README_FILE = "README_evenementen.md"

# Businesses per wijk (in WIJKEN order) and sector; 0: the sector has no series in that wijk.
BUSINESSES = {
    "detailhandel": (85, 25, 30, 18, 12, 10, 20, 22, 11, 35, 9, 8),
    "horeca": (48, 22, 9, 7, 5, 4, 8, 10, 5, 18, 4, 3),
    "logies": (9, 5, 3, 2, 1, 0, 3, 4, 2, 6, 1, 0),
}
PER_BUSINESS = {"detailhandel": 1200.0, "horeca": 800.0, "logies": 900.0}  # euro per day, on average
WEEKDAYS = {  # Monday .. Sunday
    "detailhandel": (0.85, 0.9, 0.95, 1.0, 1.15, 1.45, 0.55),
    "horeca": (0.7, 0.75, 0.85, 0.95, 1.35, 1.5, 1.0),
    "logies": (0.8, 0.8, 0.85, 0.9, 1.25, 1.35, 0.9),
}
SEASON = {"detailhandel": (0.08, 350), "horeca": (0.15, 200), "logies": (0.25, 205)}  # amplitude, peak day
NOISE = (0.025, 0.2)  # day-to-day noise (log scale): base + per 1/sqrt(businesses)
DRIFT = 0.0015  # weekly random-walk step of each wijk's level (log scale): slow, so trends stay nearly parallel
DOMINATED = ("WK999909", "detailhandel", 0.6)  # one supermarket makes 60% of Heidepark's shop turnover


@dataclass(frozen=True)
class Shock:
    """A citywide change: every wijk's sector moves by the same factor on these days."""

    label: str
    start: str
    end: str
    factors: dict


SHOCKS = (
    Shock("Koningsdag 2023", "2023-04-27", "2023-04-27", {"detailhandel": 0.5, "horeca": 1.6, "logies": 1.2}),
    Shock("Koningsdag 2024", "2024-04-27", "2024-04-27", {"detailhandel": 0.5, "horeca": 1.6, "logies": 1.2}),
    Shock("Kerst 2023", "2023-12-25", "2023-12-26", {"detailhandel": 0.15, "horeca": 1.2, "logies": 1.1}),
    Shock("Kerst 2024", "2024-12-25", "2024-12-26", {"detailhandel": 0.15, "horeca": 1.2, "logies": 1.1}),
    Shock("Storm", "2023-11-02", "2023-11-02", {"detailhandel": 0.6, "horeca": 0.65, "logies": 0.9}),
    Shock("Hittegolf", "2024-07-08", "2024-07-12", {"detailhandel": 0.7, "horeca": 1.25, "logies": 0.9}),
)


@dataclass(frozen=True)
class DemoEvent:
    """An event with its true effect per sector (multiplicative, in percent) and on its neighbours."""

    naam: str
    start: str
    eind: str
    gebied: str
    written: str  # how the events file spells the code (every spelling the product knows)
    effects: dict
    spillover: dict = field(default_factory=dict)


DEMO_EVENTS = (
    DemoEvent("Jazz in het Park", "2023-07-07", "2023-07-09", "WK999901", "WK999901",
              {"detailhandel": 5.0, "horeca": 18.0, "logies": 25.0}, {"horeca": 8.0}),
    DemoEvent("Braderie Molenwijk", "2023-09-16", "2023-09-16", "WK999903", "wk999903",
              {"detailhandel": 35.0, "horeca": 10.0, "logies": 0.0}),
    DemoEvent("Kunstroute", "2023-10-07", "2023-10-08", "WK999910", "WK999910",
              {"detailhandel": 0.0, "horeca": 0.0, "logies": 0.0}),
    DemoEvent("Boekenmarkt", "2024-04-13", "2024-04-13", "WK999907", "2024WK999907",
              {"detailhandel": 0.0, "horeca": 0.0, "logies": 0.0}),
    DemoEvent("Foodtruckfestival", "2024-05-24", "2024-05-26", "WK999904", "999904",
              {"detailhandel": 0.0, "horeca": 22.0, "logies": 22.0}),
    DemoEvent("Havenfestival", "2024-07-10", "2024-07-11", "WK999902", "999902",
              {"detailhandel": 0.0, "horeca": 30.0, "logies": 15.0}),
    DemoEvent("Zomerkermis", "2024-08-21", "2024-08-24", "WK999908", " WK999908 ",
              {"detailhandel": -8.0, "horeca": 12.0, "logies": 0.0}),
    DemoEvent("Winterfeest", "2024-12-13", "2024-12-15", "WK999901", "WK999901",
              {"detailhandel": 8.0, "horeca": 10.0, "logies": 20.0}),
)


def true_effect(naam: str, sector: str, gebied: str | None = None, neighbours: dict | None = None) -> float:
    """The effect (percent) built into the demo for an event, a sector and an area (spill-over included)."""
    event = next(e for e in DEMO_EVENTS if e.naam == naam)
    if gebied is None or gebied == event.gebied:
        return event.effects.get(sector, 0.0)
    if neighbours is not None and gebied in neighbours.get(event.gebied, set()):
        return event.spillover.get(sector, 0.0)
    return 0.0


def build_events_demo(wijken=None, seed: int = SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The events table and the daily series, as written to the demo files.

    Parameters
    ----------
    wijken : GeoDataFrame, optional
        The demo's wijken with ``code`` and geometry, for the neighbours that get spill-over;
        by default read from ``data/demo`` (or built by ``geo.demo`` when absent).
    seed : int
        Seed of every random draw.
    """
    neighbours = neighbours_of(_demo_wijken() if wijken is None else wijken)
    rng = np.random.default_rng(seed)
    days = pd.date_range(FIRST, LAST, freq="D")
    years = (days - days[0]).days.to_numpy() / 365.25
    frames = []
    for sector in SECTORS:
        weekday = np.asarray(WEEKDAYS[sector])[days.day_of_week]
        amplitude, peak = SEASON[sector]
        season = 1 + amplitude * np.cos(2 * np.pi * (days.day_of_year.to_numpy() - peak) / 365.25)
        if sector == "detailhandel":
            season = season * np.where((days.month == 12) & (days.day <= 24), 1.2, 1.0)
        citywide = np.ones(len(days))
        for shock in SHOCKS:
            citywide[(days >= shock.start) & (days <= shock.end)] *= shock.factors[sector]
        for position, code in enumerate(WIJKEN):
            count = BUSINESSES[sector][position]
            level = count * PER_BUSINESS[sector] * np.exp(rng.normal(0, 0.2))
            own_week = np.exp(rng.normal(0, 0.05, 7))[days.day_of_week]
            drift = np.exp(np.repeat(np.cumsum(rng.normal(0, DRIFT, len(days) // 7 + 1)), 7)[:len(days)])
            noise = np.exp(rng.normal(0, NOISE[0] + NOISE[1] / np.sqrt(max(count, 1)), len(days)))
            largest = _largest_share(code, sector, count, rng)
            if count == 0:
                continue
            effect = np.ones(len(days))
            for event in DEMO_EVENTS:
                during = (days >= event.start) & (days <= event.eind)
                if code == event.gebied:
                    effect[during] *= 1 + event.effects.get(sector, 0.0) / 100
                elif code in neighbours.get(event.gebied, set()):
                    effect[during] *= 1 + event.spillover.get(sector, 0.0) / 100
            value = np.round(level * weekday * own_week * season * (1 + 0.03 * years) * drift * citywide * effect
                             * noise)
            frames.append(pd.DataFrame({"datum": days.strftime("%Y-%m-%d"), "gebied": code, "sector": sector,
                                        "waarde": value.astype(int), "bedrijven": count,
                                        "grootste": np.round(value * largest).astype(int)}))
    series = pd.concat(frames, ignore_index=True)
    events = pd.DataFrame({"naam": [e.naam for e in DEMO_EVENTS], "start": [e.start for e in DEMO_EVENTS],
                           "eind": [e.eind for e in DEMO_EVENTS], "gebied": [e.written for e in DEMO_EVENTS],
                           "bron": BRON})
    return events, series


def _largest_share(code: str, sector: str, count: int, rng: np.random.Generator) -> float:
    """The largest business's share of a cell: the biggest of ``count`` random shares, or the dominated wijk's."""
    shares = rng.dirichlet(np.full(max(count, 1), 2.0))
    if (code, sector) == DOMINATED[:2]:
        return DOMINATED[2]
    return float(shares.max())


def generate_demo_events(out_dir, wijken=None, seed: int = SEED) -> list[Path]:
    """Write ``evenementen_demo.csv``, ``omzet_demo.csv`` and their ``README_evenementen.md`` into ``out_dir``.

    ``wijken`` as for ``build_events_demo``; by default the wijken of the demo GeoPackage in ``out_dir``.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if wijken is None and (out_dir / "wijkenbuurten_2024_demo.gpkg").exists():
        wijken = _demo_wijken(out_dir)
    events, series = build_events_demo(wijken, seed)
    written = []
    for frame, name in ((events, EVENTS_FILE), (series, SERIES_FILE)):
        path = out_dir / name
        frame.to_csv(path, sep=";", index=False, encoding="utf-8-sig", lineterminator="\r\n")
        written.append(path)
    readme = out_dir / README_FILE
    readme.write_text(_describe(), encoding="utf-8", newline="\n")
    written.append(readme)
    return written


def _demo_wijken(folder: Path | None = None):
    """The demo's land wijken with ``code`` and geometry: from the demo GeoPackage, else built by ``geo.demo``."""
    from geo.boundaries import read_boundaries
    from geo.datasets import DEMO_DIR

    path = (folder or DEMO_DIR) / "wijkenbuurten_2024_demo.gpkg"
    if path.exists():
        return read_boundaries(path, layer="wijken").table.data
    from geo.demo import build_demo

    frame = build_demo()[2024]["wijken"]
    return frame[frame["water"] == "NEE"].rename(columns={"wijkcode": "code"})


def _describe() -> str:
    names = dict(zip(WIJKEN, WIJK_NAMES))
    lines = [
        "# Demostad: evenementen en omzet — SYNTHETIC demo data, not real figures", "",
        "**The files described here are synthetic.** *Dit zijn synthetische demodata: geen echte "
        "omzetcijfers.* Written by `geo/demo_events.py` with the rest of the demo (`python cli.py demo --out DIR`, "
        "fixed seed, deterministic).",
        "",
        f"- `{EVENTS_FILE}`: `naam;start;eind;gebied` (+ `bron`); the codes are written in different spellings "
        "(`999902`, `wk999903`, `2024WK999907`) on purpose: the events method normalises them.",
        f"- `{SERIES_FILE}`: turnover per day {FIRST} .. {LAST}: `datum;gebied;sector;waarde;bedrijven;grootste` "
        "for the 12 land wijken and the sectors detailhandel, horeca and logies (euro per day; `bedrijven` the "
        "businesses behind the value, `grootste` the largest business's part). Logies has 1 or 2 businesses in "
        "some wijken and none in two; the shops of Heidepark are dominated by one supermarket (60%): those cells "
        "are withheld by the disclosure rule.",
        "- Weekly rhythm and season per sector, a small trend, slow drift per wijk, noise larger where fewer "
        "businesses stand behind the value.",
        "- Citywide days (every wijk the same factor, not an event effect): "
        + "; ".join(f"{s.label} ({s.start}{'' if s.end == s.start else ' .. ' + s.end})" for s in SHOCKS) + ".",
        "",
        "True effects built in (percent; the method should find them within its interval):",
        "",
        "| event | days | wijk | detailhandel | horeca | logies | neighbours |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for event in DEMO_EVENTS:
        spill = ", ".join(f"{sector} {value:+.0f}%" for sector, value in event.spillover.items()) or "-"
        effects = " | ".join(f"{event.effects.get(sector, 0.0):+.0f}" for sector in SECTORS)
        days = event.start if event.start == event.eind else f"{event.start} .. {event.eind}"
        lines.append(f"| {event.naam} | {days} | {event.gebied} {names[event.gebied]} | {effects} | {spill} |")
    return "\n".join(lines) + "\n"
