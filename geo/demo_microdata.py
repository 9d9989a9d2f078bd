"""Synthetic Demostad microdata (persons, re-integration trajectories) and the protected tables made from them.

The target-group questions of the Urban Data Centre (who depends on bijstand and where
re-integration works, where zzp'ers live and what they earn, youth care) are answered from person
rows that never leave the secure environment. The demo cannot ship such rows, so it draws them:
one synthetic person for every inhabitant of every demo buurt (``wijkenbuurten_2024_demo.gpkg``,
codes ``BU9999xxxx``), with the buurt's own published figures as the spatial pattern (its age
mix, its bijstand count, its share of self-employed, its income, its youth-care share), so maps of
the aggregated tables look like the KWB maps of the same demo.

Each person has: age and age class, sex, household type, a zzp flag and labour position, an income
(adults), bijstand spells (start and end dates; the flag ``bijstand`` = receiving on the reference
date, ``uitkeringsduur`` from the spell), youth care (children). Persons in bijstand may follow a
re-integration trajectory (type) with an outcome: work within 12 months. Group effects are built
in, so later analyses find something: young people flow out to work more often, long spells less
often, wage-cost subsidy works best, single parents flow out less; zzp'ers earn more on average
with a wider spread; single parents have more bijstand and more youth care.

Three populations, as three registers would deliver them: adults of working age (18-66: bijstand,
zzp, income), young people (0-17: youth care) and re-integration trajectories (one row per person
in a trajectory). Only the tables that ``indicators.microdata.aggregate`` makes from these rows are written
(``*_demo.csv``, column ``bron`` = synthetic); the rows themselves stay in memory, as microdata would
stay inside the secure environment. Deterministic for a given seed.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from indicators.microdata.aggregate import aggregate_microdata, write_aggregated

SEED = 1916
REFERENCE_DATE = pd.Timestamp("2024-12-31")
BRON = "Synthetische demodata (Wijkverkenner) - geen echte personen of cijfers"
AGE_CLASSES = ((0, 17, "0-17"), (18, 26, "18-26"), (27, 44, "27-44"), (45, 66, "45-66"), (67, 100, "67+"))
KWB_AGES = ((0, 14, "personen_0_tot_15_jaar"), (15, 24, "personen_15_tot_25_jaar"),
            (25, 44, "personen_25_tot_45_jaar"), (45, 64, "personen_45_tot_65_jaar"),
            (65, 95, "personen_65_jaar_en_ouder"))
HOUSEHOLDS = ("alleenstaand", "paar zonder kinderen", "paar met kinderen", "eenoudergezin")
TRAJECTORIES = ("begeleiding", "scholing", "werkstage", "loonkostensubsidie")
DURATIONS = ("< 1 jaar", "1-3 jaar", "3+ jaar")
INDUSTRIAL_PERSONS = 8  # the industrial buurt's "handful of inhabitants" (secret in the KWB)

TABLES = {
    # file: (population, groups, measures); each population is its own microdata file, as registers are
    "doelgroepen_werk_demo.csv": ("volwassenen", ["leeftijdsklasse", "geslacht"], [
        "bijstand=sum:bijstand", "bijstand_pct=share:bijstand", "zzp=sum:zzp", "zzp_pct=share:zzp",
        "inkomen=mean:inkomen"]),
    "doelgroepen_inkomen_demo.csv": ("volwassenen", ["arbeidspositie"], ["inkomen=mean:inkomen"]),
    "doelgroepen_jeugd_demo.csv": ("jeugd", ["huishoudtype"], ["jeugdzorg=sum:jeugdzorg",
                                                              "jeugdzorg_pct=share:jeugdzorg"]),
    "doelgroepen_reintegratie_demo.csv": ("trajecten", ["traject"], [
        "werk=sum:werk_binnen_12_maanden", "werk_pct=share:werk_binnen_12_maanden"]),
}


def generate_target_groups(out_dir, seed: int = SEED, boundaries=None) -> list[Path]:
    """Draw the microdata and write the protected demo tables into ``out_dir``.

    Parameters
    ----------
    out_dir : Path
        Folder holding ``wijkenbuurten_2024_demo.gpkg`` (``geo.demo.generate_demo`` writes it);
        the tables are written beside it.
    seed : int
        Seed of the draws; the same seed and buurten give the same files.
    boundaries : Path, optional
        The demo GeoPackage, if not the one in ``out_dir``.

    Returns
    -------
    list of Path
        The tables written, in ``TABLES`` order.
    """
    out_dir = Path(out_dir)
    persons = draw_persons(boundaries or out_dir / "wijkenbuurten_2024_demo.gpkg", seed)
    adults = persons["leeftijd"].between(18, 66)
    frames = {"volwassenen": persons[adults], "jeugd": persons[persons["leeftijd"] < 18],
              "trajecten": trajectories(persons)}
    written = []
    with tempfile.TemporaryDirectory(prefix="demo-microdata-") as folder:
        files = {}
        for name, frame in frames.items():  # as Parquet, the way microdata reach aggregate
            files[name] = Path(folder) / f"{name}.parquet"
            frame.to_parquet(files[name], index=False)
        for file_name, (source, groups, measures) in TABLES.items():
            result = aggregate_microdata(files[source], "buurtcode", groups=groups, measures=measures, level="all")
            result.frame["bron"] = BRON
            written.append(write_aggregated(result, out_dir / file_name, synthetic=True))
    return written


def draw_persons(boundaries, seed: int = SEED) -> pd.DataFrame:
    """One row per synthetic inhabitant of every land buurt of the demo GeoPackage."""
    import pyogrio

    buurten = pyogrio.read_dataframe(boundaries, layer="buurten", read_geometry=False)
    buurten = buurten[buurten["water"] == "NEE"].sort_values("buurtcode").reset_index(drop=True)
    rng = np.random.default_rng(seed)
    inhabitants = buurten["aantal_inwoners"].to_numpy()
    size = np.where(inhabitants >= 0, inhabitants, INDUSTRIAL_PERSONS).astype(int)
    home = np.repeat(np.arange(len(buurten)), size)
    n = len(home)
    persons = pd.DataFrame({"persoon_id": np.arange(1, n + 1), "buurtcode": buurten["buurtcode"].to_numpy()[home]})

    age = _draw_ages(buurten, home, rng)
    persons["leeftijd"] = age
    persons["leeftijdsklasse"] = _age_class(age)
    persons["geslacht"] = np.where(rng.random(n) < np.where(age >= 67, 0.56, 0.49), "vrouw", "man")
    household = _draw_households(age, rng)
    persons["huishoudtype"] = household
    adult = (age >= 18) & (age <= 66)

    share_zzp = _figure(buurten, "percentage_zelfstandigen", 12.0)[home] / 100
    zzp = adult & (rng.random(n) < share_zzp * np.where(age >= 27, 1.4, 0.5))
    persons["zzp"] = zzp.astype(np.int8)

    rate = np.clip(_figure(buurten, "personen_per_soort_uitkering_bijstand", 0.0) / np.maximum(size, 1), 0, 0.5)
    chance = rate[home] * 1.6 * np.where(household == "eenoudergezin", 2.5, 1.0) * np.where(zzp, 0.2, 1.0)
    ever = adult & (rng.random(n) < np.clip(chance * 1.5, 0, 0.9))
    start, end = _draw_spells(ever, age, rng)
    persons["bijstand_start"], persons["bijstand_eind"] = start, end
    receiving = ever & (start <= REFERENCE_DATE) & (end.isna() | (end > REFERENCE_DATE))
    persons["bijstand"] = receiving.to_numpy().astype(np.int8)
    years = ((REFERENCE_DATE - start).dt.days / 365.25).to_numpy()
    persons["uitkeringsduur"] = np.where(~receiving, "geen bijstand",
                                         np.where(years < 1, DURATIONS[0], np.where(years < 3, DURATIONS[1],
                                                                                     DURATIONS[2])))
    persons["arbeidspositie"] = np.where(age < 18, "jonger dan 18", np.where(
        zzp, "zzp", np.where(receiving, "bijstand", np.where(adult & (rng.random(n) < 0.78), "werknemer",
                                                             "geen betaald werk"))))
    persons["inkomen"] = _draw_incomes(buurten, home, age, zzp, receiving.to_numpy(), rng)

    youth_share = _figure(buurten, "percentage_jongeren_met_jeugdzorg", 10.0)[home] / 100
    youth = (age < 18) & (rng.random(n) < youth_share * np.where(household == "eenoudergezin", 2.0, 0.8))
    persons["jeugdzorg"] = youth.astype(np.int8)

    on_trajectory = ever & (rng.random(n) < 0.6)  # a trajectory during the spell, ongoing or ended
    kind = np.array(TRAJECTORIES)[rng.choice(len(TRAJECTORIES), n, p=(0.35, 0.25, 0.25, 0.15))]
    persons["traject"] = np.where(on_trajectory, kind, None)
    persons["werk_binnen_12_maanden"] = np.where(
        on_trajectory, rng.random(n) < _chance_of_work(persons, years), False).astype(np.int8)
    return persons


def trajectories(persons: pd.DataFrame) -> pd.DataFrame:
    """The person-period file of re-integration: one row per person in a trajectory."""
    columns = ["persoon_id", "buurtcode", "leeftijdsklasse", "geslacht", "huishoudtype", "uitkeringsduur",
               "traject", "werk_binnen_12_maanden"]
    return persons.loc[persons["traject"].notna(), columns].reset_index(drop=True)


# --- drawing --------------------------------------------------------------------------------------


def _figure(buurten: pd.DataFrame, column: str, default: float) -> np.ndarray:
    """A KWB figure per buurt, its default where secret or missing (CBS sentinels)."""
    values = buurten[column].to_numpy(dtype=float)
    return np.where(values > -99990, values, default)


def _draw_ages(buurten: pd.DataFrame, home: np.ndarray, rng) -> np.ndarray:
    counts = np.column_stack([_figure(buurten, column, 1.0) for _, _, column in KWB_AGES]).clip(0.5)
    shares = counts / counts.sum(axis=1, keepdims=True)
    cumulative = shares.cumsum(axis=1)[home]
    band = (rng.random(len(home))[:, None] > cumulative).sum(axis=1).clip(0, len(KWB_AGES) - 1)
    low = np.array([a for a, _, _ in KWB_AGES])[band]
    high = np.array([b for _, b, _ in KWB_AGES])[band]
    return (low + np.floor(rng.random(len(home)) * (high - low + 1))).astype(int)


def _age_class(age: np.ndarray) -> np.ndarray:
    out = np.empty(len(age), dtype=object)
    for low, high, name in AGE_CLASSES:
        out[(age >= low) & (age <= high)] = name
    return out


def _draw_households(age: np.ndarray, rng) -> np.ndarray:
    """Household type by age: children live with a couple or a single parent; adults by life stage."""
    table = {0: (0.0, 0.0, 0.80, 0.20), 1: (0.45, 0.30, 0.15, 0.10), 2: (0.25, 0.20, 0.45, 0.10),
             3: (0.20, 0.40, 0.32, 0.08), 4: (0.40, 0.58, 0.01, 0.01)}
    stage = np.select([age < 18, age < 27, age < 45, age < 67], [0, 1, 2, 3], default=4)
    probabilities = np.array([table[s] for s in range(5)])[stage]
    pick = (rng.random(len(age))[:, None] > probabilities.cumsum(axis=1)).sum(axis=1).clip(0, len(HOUSEHOLDS) - 1)
    return np.array(HOUSEHOLDS, dtype=object)[pick]


def _draw_spells(ever: np.ndarray, age: np.ndarray, rng) -> tuple[pd.Series, pd.Series]:
    """Bijstand spells: a start in the last 8 years (shorter for the young), an end or none (ongoing)."""
    n = len(ever)
    years_back = rng.exponential(np.where(age < 27, 1.2, 3.0), n).clip(0, 8)
    start = REFERENCE_DATE - pd.to_timedelta(np.round(years_back * 365.25), unit="D")
    length = rng.exponential(np.where(age < 27, 1.0, 3.5), n).clip(1 / 12)  # at least a month
    end = start + pd.to_timedelta(np.round(length * 365.25), unit="D")
    ongoing = (rng.random(n) < 0.3) | (end > REFERENCE_DATE)  # no end yet on the reference date
    start = pd.Series(start).where(ever)
    end = pd.Series(end).where(ever & ~ongoing)
    return start, end


def _draw_incomes(buurten: pd.DataFrame, home, age, zzp, receiving, rng) -> np.ndarray:
    """Yearly personal income in euros for adults (NaN for children): lognormal around the buurt's level."""
    level = _figure(buurten, "gemiddeld_inkomen_per_inwoner", 30.0)[home] * 1000 * 1.25
    factor = np.select([age < 27, age < 67], [0.55, 1.1], default=0.8)
    spread = np.where(zzp, 0.75, 0.45)
    income = level * factor * np.where(zzp, 1.15, 1.0) * rng.lognormal(-spread**2 / 2, spread)
    income = np.where(receiving, rng.normal(14_500, 1_200, len(age)), income)
    return np.where(age >= 18, np.round(income, -1), np.nan)


TRAJECTORY_EFFECTS = {  # log odds of work within 12 months, by age class: what works differs per group (#31)
    "18-26": {"werkstage": 1.1, "loonkostensubsidie": 0.5, "scholing": 0.4, "begeleiding": -0.3},
    "27-44": {"loonkostensubsidie": 1.0, "werkstage": 0.5, "scholing": 0.1, "begeleiding": -0.3},
    "45-66": {"loonkostensubsidie": 1.3, "werkstage": -0.1, "scholing": -0.2, "begeleiding": -0.3},
}


def _chance_of_work(persons: pd.DataFrame, years: np.ndarray) -> np.ndarray:
    """Work within 12 months: higher for the young and short spells, lower for single parents.

    Which trajectory works best depends on age (``TRAJECTORY_EFFECTS``): a work placement for the
    young, wage-cost subsidy after that.
    """
    logit = -0.9 + np.select([persons["leeftijdsklasse"] == "18-26", persons["leeftijdsklasse"] == "45-66"],
                             [0.9, -0.6], default=0.0)
    logit = logit + np.where(np.nan_to_num(years) < 1, 0.5, np.where(np.nan_to_num(years) >= 3, -0.8, 0.0))
    effect = [TRAJECTORY_EFFECTS.get(age, {}).get(route, 0.0)
              for age, route in zip(persons["leeftijdsklasse"], persons["traject"].fillna(""))]
    logit = logit + np.asarray(effect, dtype=float)
    logit = logit + np.where(persons["huishoudtype"] == "eenoudergezin", -0.6, 0.0)
    return 1 / (1 + np.exp(-logit))


# --- the re-integration question: groups crossed, and a checked model (issue #17) --------------------

REINTEGRATION_FILE = "doelgroepen_reintegratie_leeftijd_demo.csv"
FOR_WHOM_FILE = "doelgroepen_model_wie_demo.json"  # trajectory x age class: what works for whom (#31)
DURATION_FILES = {"end": "doelgroepen_duur_demo.json", "werk": "doelgroepen_duur_werk_demo.json"}
WORK_AT_END = {"18-26": 0.7, "27-44": 0.55, "45-66": 0.35}  # share of ended spells that end in work
REENTRY = {"18-26": 0.3, "27-44": 0.2, "45-66": 0.15}  # share of ended spells followed by another within a year
REINTEGRATION = ("trajecten", ["traject", "leeftijdsklasse"], ["werk=sum:werk_binnen_12_maanden",
                                                               "werk_pct=share:werk_binnen_12_maanden"])
MODEL_FILE = "doelgroepen_model_demo.json"
MODEL_OUTCOME = "werk_binnen_12_maanden"
MODEL_PREDICTORS = ("leeftijdsklasse", "traject", "huishoudtype", "uitkeringsduur")


def generate_reintegration_demo(out_dir, seed: int = SEED, boundaries=None) -> list[Path]:
    """The re-integration question on the synthetic trajectories: a crossed table and a checked model.

    As ``aggregate`` and ``python cli.py model`` would inside the secure environment: the persons
    are drawn as for the tables (same seed), written to Parquet in a temporary folder and read back;
    only the protected gemeente table of trajectory type x age class (crossed groups are only
    published for the gemeente: per buurt they would be mostly secret, and suppress the gemeente's
    cells with them) and the checked odds ratios (marked synthetic) land in ``out_dir``.
    """
    from indicators.analysis.durations import spell_durations, write_durations
    from indicators.analysis.models import fit_model, write_model

    out_dir = Path(out_dir)
    persons = draw_persons(boundaries or out_dir / "wijkenbuurten_2024_demo.gpkg", seed)
    source, groups, measures = REINTEGRATION
    with tempfile.TemporaryDirectory(prefix="demo-reintegration-") as folder:
        path = Path(folder) / f"{source}.parquet"
        trajectories(persons).to_parquet(path, index=False)
        table = aggregate_microdata(path, "buurtcode", groups=groups, measures=measures, level="gemeente")
        model = fit_model(path, MODEL_OUTCOME, MODEL_PREDICTORS)
        for_whom = fit_model(path, MODEL_OUTCOME, MODEL_PREDICTORS, interactions=[("traject", "leeftijdsklasse")])
        spells_path = Path(folder) / "bijstandsperioden.parquet"
        spells(persons, seed).to_parquet(spells_path, index=False)
        durations = {kind: spell_durations(spells_path, "start", "einde", by=["leeftijdsklasse"],
                                           event=None if kind == "end" else ("reden", "werk"), durable="duurzaam",
                                           person="persoon_id", until=REFERENCE_DATE)
                     for kind in DURATION_FILES}
    table.frame["bron"] = BRON
    written = [write_aggregated(table, out_dir / REINTEGRATION_FILE, synthetic=True)]
    for result, name in ((model, MODEL_FILE), (for_whom, FOR_WHOM_FILE)):
        result.source, result.synthetic = BRON, True
        written.append(write_model(result, out_dir / name))
    for kind, result in durations.items():
        result.source, result.synthetic = BRON, True
        written.append(write_durations(result, out_dir / DURATION_FILES[kind]))
    return written


def spells(persons: pd.DataFrame, seed: int = SEED) -> pd.DataFrame:
    """The bijstand spells of the synthetic persons, as a benefits register delivers them.

    One row per spell: ``start``, ``einde`` (empty while running), how it ended (``reden``: work or
    something else, more often work for the young), whether the person had work and no benefit a
    month later (``duurzaam``), and, for some, a new spell within a year (re-entry, more often for
    the young). Drawn with a seed of its own, after the persons, so the other demo tables stay as they are.
    """
    rng = np.random.default_rng(seed + 31)
    rows = persons.loc[persons["bijstand_start"].notna(), ["persoon_id", "leeftijdsklasse", "huishoudtype",
                                                          "bijstand_start", "bijstand_eind"]]
    rows = rows[rows["leeftijdsklasse"].isin(list(WORK_AT_END))].reset_index(drop=True)
    ended = rows["bijstand_eind"].notna().to_numpy()
    work = ended & (rng.random(len(rows)) < rows["leeftijdsklasse"].map(WORK_AT_END).to_numpy())
    durable = np.where(work, rng.random(len(rows)) < 0.8, rng.random(len(rows)) < 0.05) & ended
    first = pd.DataFrame({"persoon_id": rows["persoon_id"], "leeftijdsklasse": rows["leeftijdsklasse"],
                          "huishoudtype": rows["huishoudtype"], "start": rows["bijstand_start"],
                          "einde": rows["bijstand_eind"], "reden": np.where(work, "werk",
                                                                            np.where(ended, "anders", "")),
                          "duurzaam": durable.astype(int)})
    again = ended & (rng.random(len(rows)) < rows["leeftijdsklasse"].map(REENTRY).to_numpy())
    restart = rows["bijstand_eind"] + pd.to_timedelta(np.round(rng.uniform(20, 360, len(rows))), unit="D")
    again &= (restart <= REFERENCE_DATE).to_numpy()
    second = first[again].assign(start=restart[again], einde=pd.NaT, reden="", duurzaam=0)
    out = pd.concat([first, second], ignore_index=True)
    for column in ("start", "einde"):
        out[column] = pd.to_datetime(out[column]).dt.strftime("%Y-%m-%d").fillna("")
    return out
