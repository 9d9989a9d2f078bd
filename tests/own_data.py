"""An analyst's own data for the tests: persons drawn on given buurt codes, aggregated and written with labels.

Not the demo's columns or codes where it matters: the chain from ``aggregate`` to a page must work
on what a municipality brings.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd


def own_persons(codes, n: int, group: str, values, flag: str, seed: int, rates=None) -> pd.DataFrame:
    """``n`` persons over ``codes``, one group column of ``values`` and a 0/1 ``flag`` with a rate per value."""
    rng = np.random.default_rng(seed)
    persons = pd.DataFrame({"buurt": rng.choice(list(codes), n), group: rng.choice(list(values), n)})
    rate = persons[group].map(rates or {}).fillna(0.5).to_numpy(dtype=float)
    persons[flag] = (rng.random(n) < rate).astype(int)
    return persons


def own_table(folder: Path, persons: pd.DataFrame, group: str, measure: str, labels: dict, name: str = "eigen.csv"):
    """``persons`` aggregated by ``group`` with one measure, written with its labels; (result, table path)."""
    from indicators.microdata.aggregate import aggregate_microdata, write_aggregated

    persons.to_parquet(folder / "p.parquet")
    result = aggregate_microdata(folder / "p.parquet", "buurt", groups=[group], measures=[measure])
    return result, write_aggregated(result, folder / name, labels=labels)


def with_descriptor(table: Path) -> list[tuple[str, bytes, str]]:
    """The table and its descriptor as an upload of two files (name, bytes, type)."""
    from indicators.io.descriptor import descriptor_path

    return [(table.name, table.read_bytes(), "text/csv"),
            (descriptor_path(table).name, descriptor_path(table).read_bytes(), "application/json")]


def own_events(codes, seed: int = 7, effect: float = 0.25) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """A municipality's own events and daily PIN turnover on ``codes`` (wijk or buurt codes), not shaped like the demo.

    Its own sector names and column names (``event``/``from``/``to``/``area``; ``date``/``area``/
    ``branche``/``turnover``/``businesses``), 2024 only, dates written the Dutch way. The first
    event raises 'cafés' in its area by ``effect`` (a fraction) on its days; the second does nothing.
    Returns (events, series, {event name: (area, true effect in percent)}).
    """
    rng = np.random.default_rng(seed)
    codes = list(codes)
    days = pd.date_range("2024-01-01", "2024-09-30", freq="D")
    weekday = {"winkels": [1.0, 0.9, 0.9, 1.0, 1.2, 1.5, 0.6], "cafés": [0.6, 0.6, 0.7, 0.9, 1.3, 1.6, 1.1]}
    first, second = codes[0], codes[len(codes) // 2]
    events = pd.DataFrame({"event": ["Zomerpodium", "Boekenbeurs"], "from": ["12-7-2024", "3-8-2024"],
                           "to": ["14-7-2024", "3-8-2024"], "area": [first, second]})
    during = (days >= "2024-07-12") & (days <= "2024-07-14")
    city = np.exp(rng.normal(0, 0.08, len(days)))  # weather and holidays: every area alike
    frames = []
    for sector, pattern in weekday.items():
        for code in codes:
            businesses = int(rng.integers(6, 40))
            value = businesses * 900 * np.asarray(pattern)[days.day_of_week] * city \
                * np.exp(rng.normal(0, 0.05, len(days)))
            if sector == "cafés" and code == first:
                value = value * np.where(during, 1 + effect, 1.0)
            frames.append(pd.DataFrame({"date": days.strftime("%d-%m-%Y"), "area": code, "branche": sector,
                                        "turnover": np.round(value, 2), "businesses": businesses}))
    truth = {"Zomerpodium": (first, 100 * effect), "Boekenbeurs": (second, 0.0)}
    return events, pd.concat(frames, ignore_index=True), truth


def own_zzp_files(folder: Path) -> tuple[pd.DataFrame, Path, Path]:
    """Own persons in GM1916's buurten (codes only): position on the labour market, bijstand and income.

    Aggregated with ``aggregate`` and its descriptor's labels, and a model fitted on the same
    persons. Returns (persons, table path, model path).
    """
    from indicators.analysis.models import fit_model, write_model
    from indicators.microdata.aggregate import aggregate_microdata, write_aggregated

    buurten = [f"BU1916{w:02d}{b:02d}" for w in range(1, 14) for b in range(1, 4)]
    persons = own_persons(buurten, 12_000, "arbeidspositie", ["zzp", "werknemer", "geen werk"], "bijstand", seed=41,
                          rates={"geen werk": 0.3, "zzp": 0.04, "werknemer": 0.02})
    rng = np.random.default_rng(41)
    zzp = (persons["arbeidspositie"] == "zzp").to_numpy()
    persons["inkomen"] = np.round(np.where(zzp, rng.lognormal(10.7, 0.5, len(persons)),
                                           rng.lognormal(10.4, 0.3, len(persons))))
    persons.to_parquet(folder / "personen.parquet")
    result = aggregate_microdata(folder / "personen.parquet", "buurt", groups=["arbeidspositie"],
                                 measures=["bijstand=sum:bijstand", "inkomen=mean:inkomen"])
    table = write_aggregated(result, folder / "zzp_eigen.csv", labels={
        "arbeidspositie": "Positie op de arbeidsmarkt", "bijstand": "Bijstand",
        "inkomen": "Gemiddeld persoonlijk inkomen"})
    model = write_model(fit_model(folder / "personen.parquet", "bijstand", ["arbeidspositie"]), folder / "model.json")
    return persons, table, model
