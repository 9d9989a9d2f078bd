"""The long table says what its columns are: a descriptor a Frictionless reader validates and reads right."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from indicators.io.descriptor import descriptor_path, labels_of, read_descriptor
from indicators.microdata.aggregate import MicrodataError, aggregate_microdata, write_aggregated
from indicators.microdata.longtable import read_long_table

frictionless = pytest.importorskip("frictionless", reason="frictionless validates the descriptors (requirements-dev)")


@pytest.fixture(scope="module")
def own(tmp_path_factory):
    """An analyst's own persons: 2 wijken of 2 buurten, an age class, a flag and an income, none like the demo's."""
    rng = np.random.default_rng(30)
    n = 1200
    persons = pd.DataFrame({"buurt": rng.choice(["BU07770101", "BU07770102", "BU07770201", "BU07770202"], n),
                            "leeftijdsklasse": rng.choice(["18-26", "27-44", "45-66"], n),
                            "zzp": (rng.random(n) < 0.2).astype(int),
                            "zzp_inkomen": np.round(rng.lognormal(10.4, 0.5, n))})
    persons.loc[persons["zzp"] == 0, "zzp_inkomen"] = np.nan
    path = tmp_path_factory.mktemp("own") / "personen.parquet"
    persons.to_parquet(path)
    measures = ["zzp=sum:zzp", "zzp_pct=share:zzp", "zzp_inkomen=mean:zzp_inkomen"]
    return aggregate_microdata(path, "buurt", groups=["leeftijdsklasse"], measures=measures)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_a_frictionless_reader_validates_the_table_and_reads_the_same_figures(own, tmp_path, suffix):
    path = write_aggregated(own, tmp_path / f"zzp{suffix}", labels={"zzp": "Zelfstandigen zonder personeel"},
                            labels_en={"zzp": "Self-employed without staff"}, themes={"zzp": "werk_en_inkomen"})
    report = frictionless.validate(str(descriptor_path(path)))
    assert report.valid, [e.message for task in report.tasks for e in task.errors][:3]
    rows = frictionless.Package(str(descriptor_path(path))).resources[0].read_rows()
    assert len(rows) == len(own.frame)
    table = read_long_table(path)
    for column in ("aantal", "zzp", "zzp_pct", "zzp_inkomen"):
        ours, hidden = table.counts(column)
        theirs = np.array([np.nan if row[column] is None else float(row[column]) for row in rows])
        assert np.array_equal(np.isnan(theirs), hidden)  # withheld ("." in a CSV) and none read as missing
        assert np.allclose(theirs[~hidden], ours[~hidden])  # the decimal comma read as such


def test_every_column_has_a_label_a_unit_and_a_kind_and_no_column_name_as_label(own, tmp_path):
    path = write_aggregated(own, tmp_path / "zzp.csv", labels={"zzp": "Zelfstandigen zonder personeel"})
    descriptor = read_descriptor(path)
    fields = {f["name"]: f for f in descriptor["resources"][0]["schema"]["fields"]}
    assert list(fields) == list(own.frame.columns)  # in the file's order
    labels = labels_of(descriptor)
    assert labels["zzp"] == "Zelfstandigen zonder personeel"
    assert labels["zzp_pct"] == "Zelfstandigen zonder personeel, aandeel van de personen"  # after its flag's label
    assert labels["zzp_inkomen"] == "Zzp inkomen, gemiddeld" and labels["aantal"] == "Aantal personen"
    assert labels["leeftijdsklasse"] == "Leeftijd"  # the product's own word for it
    assert not any(re.search(r"[a-z]_[a-z]", label) for label in labels.values())  # no snake_case reaches a user
    assert (fields["zzp_pct"]["unit"], fields["zzp_pct"]["decimals"], fields["zzp_pct"]["kind"]) == ("%", 1, "share")
    assert fields["zzp_pct"]["rule"].startswith("berekend uit de gepubliceerde (afgeronde) aantallen")
    assert fields["zzp"]["kind"] == "flag_count" and fields["zzp_inkomen"]["kind"] == "mean"
    assert fields["aantal"]["rule"] == "minimaal 10 personen, afgerond op 5"
    assert "dominantie > 50%" in fields["zzp_inkomen"]["rule"]
    assert fields["leeftijdsklasse"]["constraints"]["enum"] == ["18-26", "27-44", "45-66", "Totaal"]
    assert fields["zzp_status"]["constraints"]["enum"] == ["ok", "geheim", "ontbreekt"]
    assert descriptor["resources"][0]["schema"]["primaryKey"] == ["code", "leeftijdsklasse"]
    assert descriptor["population"] == 1200 and descriptor["synthetic"] is False
    assert descriptor["levels"] == ["gemeente", "wijk", "buurt"]
    assert descriptor["sources"] == [{"title": "personen.parquet"}]


def test_a_label_for_no_column_is_refused_and_nothing_is_written(own, tmp_path):
    with pytest.raises(MicrodataError, match="no column 'zzp_aandeel'") as error:
        write_aggregated(own, tmp_path / "zzp.csv", labels={"zzp_aandeel": "Aandeel"})
    assert error.value.kind == "bad_label"
    assert list(tmp_path.iterdir()) == []


def test_the_demo_tables_say_they_are_synthetic():
    from tests.conftest import DEMO_DATA

    tables = sorted(DEMO_DATA.glob("doelgroepen_*_demo.csv"))
    assert tables
    for table in tables:
        descriptor = read_descriptor(table)
        assert descriptor is not None and descriptor["synthetic"] is True, table.name


def test_every_reader_of_the_file_gets_the_labels(own, tmp_path):
    """read_table (the one door in) and read_long_table take the descriptor beside the file: CSV and Parquet."""
    from indicators.core.describe import describe_column
    from indicators.io.readers import read_table

    labels = {"zzp": "Zelfstandigen zonder personeel", "leeftijdsklasse": "Leeftijdsgroep"}
    csv = write_aggregated(own, tmp_path / "zzp.csv", labels=labels, labels_en={"zzp": "Self-employed"})
    table = read_table(csv)
    assert describe_column(table, "zzp").title == "Zelfstandigen zonder personeel"
    assert describe_column(table, "zzp", "en").title == "Self-employed"
    assert describe_column(table, "zzp_pct").heading == "Zelfstandigen zonder personeel, aandeel van de personen (%)"
    assert table.title_of("leeftijdsklasse") == "Leeftijdsgroep"
    parquet = write_aggregated(own, tmp_path / "zzp.parquet", labels=labels)
    assert read_long_table(parquet).title_of("zzp_inkomen") == "Zzp inkomen, gemiddeld"
    assert read_long_table(csv).title_of("leeftijdsklasse", "en") == "Leeftijdsgroep"  # no English: the Dutch


def test_a_broken_descriptor_beside_a_table_stops_the_read_with_what_to_do(own, tmp_path):
    from indicators.io.descriptor import DescriptorError
    from indicators.io.readers import read_table

    path = write_aggregated(own, tmp_path / "zzp.csv")
    descriptor_path(path).write_text("{", encoding="utf-8")
    with pytest.raises(DescriptorError, match="zzp.datapackage.json is not a readable table descriptor"):
        read_table(path)
