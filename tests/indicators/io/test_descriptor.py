"""Table descriptors: a Frictionless Data Package beside a table, written and read back."""

from __future__ import annotations

import json

import pytest

from indicators.io.descriptor import (
    DescriptorError,
    Field,
    descriptor_path,
    labels_of,
    read_descriptor,
    table_descriptor,
    write_descriptor,
)

FIELDS = [Field("code", "code", "Gebiedscode", "Area code"),
          Field("zzp", "flag_count", "Zelfstandigen zonder personeel", "Self-employed", unit="personen", decimals=0),
          Field("inkomen", "mean", "Inkomen, gemiddeld", decimals=1)]


def test_a_descriptor_sits_beside_its_table_and_reads_back(tmp_path):
    table = tmp_path / "zzp 2024.csv"
    written = write_descriptor(table_descriptor(table, FIELDS, "Zzp'ers", source="eigen microdata"), table)
    assert written == descriptor_path(table) == tmp_path / "zzp 2024.datapackage.json"
    descriptor = read_descriptor(table)
    resource = descriptor["resources"][0]
    assert resource["path"] == "zzp 2024.csv" and resource["name"] == "zzp-2024"  # the spec's name pattern
    assert resource["dialect"]["delimiter"] == ";" and resource["schema"]["missingValues"] == ["", "."]
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    assert fields["inkomen"]["decimalChar"] == "," and fields["zzp"]["type"] == "integer"
    assert labels_of(descriptor) == {"code": "Gebiedscode", "zzp": "Zelfstandigen zonder personeel",
                                     "inkomen": "Inkomen, gemiddeld"}
    assert labels_of(descriptor, "en")["inkomen"] == "Inkomen, gemiddeld"  # no English given: the Dutch one
    assert labels_of(descriptor, "en")["zzp"] == "Self-employed"


def test_a_parquet_table_has_no_csv_dialect(tmp_path):
    descriptor = table_descriptor(tmp_path / "t.parquet", FIELDS, "t")
    resource = descriptor["resources"][0]
    assert resource["format"] == "parquet" and "dialect" not in resource
    assert all("decimalChar" not in f for f in resource["schema"]["fields"])


def test_no_descriptor_is_none_and_a_broken_one_is_refused_with_what_to_do(tmp_path):
    table = tmp_path / "t.csv"
    assert read_descriptor(table) is None and labels_of(None) == {}
    for text in ("{not json", json.dumps({"resources": []}), json.dumps({"resources": [{"schema": {"fields": [1]}}]})):
        descriptor_path(table).write_text(text, encoding="utf-8")
        with pytest.raises(DescriptorError, match="remove it or write the table again") as error:
            read_descriptor(table)
        assert error.value.kind == "bad_descriptor"
