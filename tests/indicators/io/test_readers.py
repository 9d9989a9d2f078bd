"""read_table: every format, encoding, separator, decimal mark and StatLine variant."""

from __future__ import annotations

import json
import shutil

import openpyxl
import pandas as pd
import pytest

from indicators.io.readers import TableError, read_table

PLAIN = "wijkcode;wijknaam;inwoners;inkomen\nWK191601;Leidschendam;12000;36,5\nWK191602;Voorburg;.;41,2\n"


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def statuses(table, column):
    return list(table.status[column].astype(str))


# --- plain CSV ---------------------------------------------------------------------------


@pytest.mark.parametrize("sep", [";", ",", "\t", "|"])
def test_separator_is_detected(tmp_path, sep):
    text = f"wijkcode{sep}inwoners{sep}aandeel\nWK191601{sep}12000{sep}12.5\nWK191602{sep}9000{sep}7.25\n"
    table = read_table(write(tmp_path, "t.csv", text))
    assert list(table.data.columns) == ["wijkcode", "inwoners", "aandeel"]
    assert table.data["aandeel"].tolist() == [12.5, 7.25]
    assert table.data["inwoners"].dtype == "Int64"


def test_decimal_comma_is_detected_in_semicolon_file(tmp_path):
    table = read_table(write(tmp_path, "t.csv", PLAIN))
    assert table.data["inkomen"].tolist() == [36.5, 41.2]
    assert table.data["inwoners"].dtype == "Int64"
    assert statuses(table, "inwoners") == ["ok", "secret"]


def test_decimal_comma_with_thousands_point(tmp_path):
    text = "code;bedrag\nGM1916;1.234,5\nGM0363;12,25\n"
    assert read_table(write(tmp_path, "t.csv", text)).data["bedrag"].tolist() == [1234.5, 12.25]


def test_decimal_point_in_comma_file_with_quoted_thousands(tmp_path):
    text = 'code,bedrag\nGM1916,"1,234.5"\nGM0363,12.25\n'
    assert read_table(write(tmp_path, "t.csv", text)).data["bedrag"].tolist() == [1234.5, 12.25]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_encodings(tmp_path, encoding):
    text = "gemeentecode;gemeentenaam;inwoners\nGM1916;Groot-Ammers é ë;10\nGM0363;Zoë;20\n"
    table = read_table(write(tmp_path, "t.csv", text, encoding))
    assert list(table.data.columns)[0] == "gemeentecode"  # no BOM glued to the first name
    assert table.data["gemeentenaam"].tolist() == ["Groot-Ammers é ë", "Zoë"]
    assert table.code_column == "gemeentecode"
    assert table.name_column == "gemeentenaam"


def test_tsv_and_txt_are_csv(tmp_path):
    text = "wijkcode\tinwoners\nWK191601\t5\n"
    assert read_table(write(tmp_path, "t.tsv", text)).data["inwoners"].tolist() == [5]
    assert read_table(write(tmp_path, "t.txt", text)).data["inwoners"].tolist() == [5]


def test_bytes_upload_uses_name_for_format(tmp_path):
    table = read_table(PLAIN.encode("cp1252"), name="eigen data.csv")
    assert table.source == "eigen data.csv"
    assert table.data["inkomen"].tolist() == [36.5, 41.2]


def test_bare_numeric_code_column_stays_label(tmp_path):
    text = "wijkcode;inwoners\n191601;100\n191602;200\n"
    table = read_table(write(tmp_path, "t.csv", text))
    assert table.code_column == "wijkcode"
    assert table.data["wijkcode"].tolist() == ["191601", "191602"]
    assert table.figures == ["inwoners"]


def test_user_code_column_is_kept_as_label(tmp_path):
    text = "nummer;inwoners\n191601;100\n191602;200\n"
    table = read_table(write(tmp_path, "t.csv", text), code_column="nummer")
    assert table.code_column == "nummer"
    assert table.data["nummer"].tolist() == ["191601", "191602"]
    assert table.figures == ["inwoners"]


def test_unknown_code_column_lists_available_columns(tmp_path):
    with pytest.raises(TableError, match=r"code column 'buurt' is not in .*available columns: wijkcode, wijknaam"):
        read_table(write(tmp_path, "t.csv", PLAIN), code_column="buurt")


def test_period_column_is_a_label(tmp_path):
    text = "wijkcode;Perioden;inwoners\nWK191601;2024*;100\n"
    table = read_table(write(tmp_path, "t.csv", text))
    assert table.figures == ["inwoners"]
    assert table.data["Perioden"].tolist() == ["2024*"]


def test_leading_zero_codes_survive(tmp_path):
    text = "gemeentecode;inwoners\n0014;100\n0034;200\n"
    table = read_table(write(tmp_path, "t.csv", text))
    assert table.data["gemeentecode"].tolist() == ["0014", "0034"]


# --- StatLine CSV ------------------------------------------------------------------------

FLAT = (
    '"Wijken en buurten";"Regioaanduiding/Codering (code)";"Bevolking/Aantal inwoners (aantal)";'
    '"Bevolking/Herkomstland/Nederland (aantal)";"Bevolking/Geboren in Nederland/Nederland (aantal)";'
    '"Inkomen/Inkomen van personen/Gemiddeld inkomen per inwoner (x 1 000 euro)"\n'
    '"Leidschendam-Voorburg";"GM1916    ";"78229";"50000";"60000";"36,5"\n'
    '"Leidschendam";"WK191601  ";"12000*";"8000";"9000";"."\n'
    '"Damsigt";"WK191602  ";"";"x";"1";"29,1"\n'
)

LAYOUT = (
    '"Kerncijfers wijken en buurten 2024"\n'
    '""\n'
    '"Onderwerp";"";"Bevolking";"Inkomen"\n'
    '"";"";"Aantal inwoners";"Gemiddeld inkomen per inwoner"\n'
    '"Perioden";"";"2024*";"2024*"\n'
    '"Wijken en buurten";"Codering";"aantal";"x 1 000 euro"\n'
    '"Leidschendam-Voorburg";"GM1916    ";"78229";"36,5"\n'
    '"Leidschendam";"WK191601  ";"12000";"."\n'
    '"Damsigt";"WK191602  ";"";"x"\n'
    '"Bron: CBS"\n'
)


def test_statline_flat_export(tmp_path):
    table = read_table(write(tmp_path, "Kerncijfers.csv", FLAT, "utf-8-sig"))
    assert table.code_column == "Codering"
    assert table.data["Codering"].tolist() == ["GM1916    ", "WK191601  ", "WK191602  "]
    assert table.name_column == "Wijken en buurten"
    assert table.data["Aantal inwoners"].tolist()[:2] == [78229, 12000]
    assert table.data["Aantal inwoners"].dtype == "Int64"
    assert statuses(table, "Aantal inwoners") == ["ok", "provisional", "missing"]
    assert statuses(table, "Gemiddeld inkomen per inwoner") == ["ok", "secret", "ok"]
    assert table.data["Gemiddeld inkomen per inwoner"].tolist()[2] == 29.1
    info = table.columns["Gemiddeld inkomen per inwoner"]
    assert (info.title, info.unit) == ("Gemiddeld inkomen per inwoner", "x 1 000 euro")


def test_statline_flat_export_repeated_titles_keep_their_group(tmp_path):
    table = read_table(write(tmp_path, "k.csv", FLAT))
    assert "Bevolking/Herkomstland/Nederland" in table.figures
    assert "Bevolking/Geboren in Nederland/Nederland" in table.figures
    assert statuses(table, "Bevolking/Herkomstland/Nederland") == ["ok", "ok", "secret"]


def test_statline_table_layout(tmp_path):
    table = read_table(write(tmp_path, "export.csv", LAYOUT, "utf-8-sig"))
    assert table.figures == ["Aantal inwoners", "Gemiddeld inkomen per inwoner"]
    assert len(table.data) == 3  # title and "Bron: CBS" are not rows
    assert table.data["Aantal inwoners"].tolist()[:2] == [78229, 12000]
    assert statuses(table, "Gemiddeld inkomen per inwoner") == ["ok", "secret", "secret"]
    info = table.columns["Aantal inwoners"]
    assert (info.title, info.unit) == ("Aantal inwoners", "aantal")
    assert "2024*" in info.description
    assert table.code_column == "Codering"


def test_statline_detected_by_content_not_extension(tmp_path):
    table = read_table(write(tmp_path, "download.txt", LAYOUT))
    assert table.figures == ["Aantal inwoners", "Gemiddeld inkomen per inwoner"]


def test_statline_region_names_only(tmp_path):
    text = (
        '"Regio\'s";"Bevolking/Aantal inwoners (aantal)"\n"Leidschendam-Voorburg";"78229"\n'
        '"Delft";"."\n"Bron: CBS"\n'
    )
    table = read_table(write(tmp_path, "t.csv", text))
    assert table.code_column is None
    assert table.name_column == "Regio's"
    assert statuses(table, "Aantal inwoners") == ["ok", "secret"]
    assert any("code" in note for note in table.notes)


def test_statline_dataset_csv_is_read_as_odata(tmp_path, real_file):
    shutil.copy(real_file("kwb2024_85984NED_DataProperties.json"), tmp_path / "85984NED_DataProperties.json")
    text = (
        '"ID";"WijkenEnBuurten";"Gemeentenaam_1";"SoortRegio_2";"AantalInwoners_5";"GemiddeldInkomenPerInwoner_83"\n'
        '"0";"GM1916    ";"Leidschendam-Voorburg                   ";"Gemeente  ";"78229";"36.5"\n'
        '"1";"WK191601  ";"Leidschendam-Voorburg                   ";"Wijk      ";"12000";"."\n'
    )
    table = read_table(write(tmp_path, "85984NED_UntypedDataSet.csv", text, "utf-8-sig"))
    assert table.code_column == "WijkenEnBuurten"
    assert table.data["WijkenEnBuurten"].tolist() == ["GM1916    ", "WK191601  "]
    assert table.data["AantalInwoners"].tolist() == [78229, 12000]
    assert statuses(table, "GemiddeldInkomenPerInwoner") == ["ok", "secret"]
    assert table.columns["GemiddeldInkomenPerInwoner"].unit == "x 1 000 euro"
    assert table.data["SoortRegio"].tolist() == ["Gemeente", "Wijk"]


# --- XLSX --------------------------------------------------------------------------------


def make_xlsx(path, rows, title="Blad1", extra_sheet=None):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    if extra_sheet:
        other = book.create_sheet(extra_sheet[0])
        for row in extra_sheet[1]:
            other.append(row)
    book.save(path)
    return path


def test_xlsx_values_not_formulas(tmp_path):
    path = make_xlsx(
        tmp_path / "t.xlsx",
        [["Eigen cijfers 2024"], [], ["wijkcode", "wijknaam", "klanten", "aandeel"],
         ["WK191601", "Leidschendam", 120, 12.5], ["WK191602", "Voorburg", ".", "=1+1"]],
    )
    table = read_table(path)
    assert table.code_column == "wijkcode"
    assert table.data["klanten"].dtype == "Int64"
    assert statuses(table, "klanten") == ["ok", "secret"]
    # openpyxl saves no cached result for a formula: the value is unknown, never the formula text
    assert table.data["aandeel"].tolist()[0] == 12.5
    assert statuses(table, "aandeel") == ["ok", "missing"]


def test_xlsx_sheet_by_name(tmp_path):
    path = make_xlsx(tmp_path / "t.xlsx", [["a", "b"], [1, 2]],
                     extra_sheet=("Wijken", [["gemeentecode", "inwoners"], ["GM1916", 78229]]))
    table = read_table(path, sheet="Wijken")
    assert table.data["inwoners"].tolist() == [78229]
    with pytest.raises(TableError, match=r"sheet 'Buurten' is not in .*available sheets: Blad1, Wijken"):
        read_table(path, sheet="Buurten")


def test_xlsx_numeric_code_column_stays_label(tmp_path):
    path = make_xlsx(tmp_path / "t.xlsx", [["wijkcode", "inwoners"], [191601, 10], [191602, 20]])
    table = read_table(path)
    assert table.code_column == "wijkcode"
    assert table.figures == ["inwoners"]


def test_xlsx_that_is_not_a_zip(tmp_path):
    with pytest.raises(TableError, match=r"not a valid \.xlsx workbook"):
        read_table(write(tmp_path, "t.xlsx", "wijkcode;inwoners\n"))


# --- OData JSON --------------------------------------------------------------------------

PROPS = [
    {"ID": 0, "Type": "GeoDetail", "Key": "WijkenEnBuurten", "Title": "Wijken en buurten", "ParentID": None},
    {"ID": 1, "Type": "Topic", "Key": "Gemeentenaam_1", "Title": "Gemeentenaam", "Datatype": "String",
     "Unit": "naam", "Decimals": 0, "ParentID": None},
    {"ID": 2, "Type": "Topic", "Key": "AantalInwoners_5", "Title": "Aantal inwoners", "Datatype": "Long",
     "Unit": "aantal", "Decimals": 0, "ParentID": None},
]
ROWS = [
    {"ID": 0, "WijkenEnBuurten": "GM1916    ", "Gemeentenaam_1": "Leidschendam-Voorburg ", "AantalInwoners_5": 78229},
    {"ID": 1, "WijkenEnBuurten": "WK191601  ", "Gemeentenaam_1": "Leidschendam-Voorburg ", "AantalInwoners_5": None},
]


@pytest.mark.parametrize("wrapped", [True, False])
def test_odata_json_with_properties_beside(tmp_path, wrapped):
    rows = {"odata.metadata": "https://opendata.cbs.nl/ODataApi/OData/85984NED/$metadata#Cbs.OData.WebAPI.TypedDataSet",
            "value": ROWS} if wrapped else ROWS
    (tmp_path / "85984NED_TypedDataSet.json").write_text(json.dumps(rows))
    (tmp_path / "85984NED_DataProperties.json").write_text(json.dumps({"value": PROPS} if wrapped else PROPS))
    (tmp_path / "99999NED_DataProperties.json").write_text(json.dumps([]))
    table = read_table(tmp_path / "85984NED_TypedDataSet.json")
    assert table.code_column == "WijkenEnBuurten"
    assert table.data["WijkenEnBuurten"].tolist() == ["GM1916    ", "WK191601  "]
    assert table.data["AantalInwoners"].dtype == "Int64"
    assert statuses(table, "AantalInwoners") == ["ok", "missing"]
    assert table.columns["AantalInwoners"].unit == "aantal"
    assert "ID" not in table.data.columns


def test_odata_json_from_cbsodata_folder(tmp_path):
    folder = tmp_path / "85984NED"
    folder.mkdir()
    (folder / "TypedDataSet.json").write_text(json.dumps(ROWS))
    (folder / "DataProperties.json").write_text(json.dumps(PROPS))
    table = read_table(folder / "TypedDataSet.json")
    assert table.columns["AantalInwoners"].title == "Aantal inwoners"


def test_odata_json_without_properties_is_read_with_a_note(tmp_path):
    path = tmp_path / "rows.json"
    path.write_text(json.dumps(ROWS))
    table = read_table(path)
    assert table.data["AantalInwoners"].tolist()[0] == 78229
    assert table.columns["AantalInwoners"].title == "AantalInwoners"
    assert any("DataProperties" in note for note in table.notes)


def test_odata_upload_without_properties(tmp_path):
    table = read_table(json.dumps(ROWS).encode(), name="TypedDataSet.json")
    assert table.code_column == "WijkenEnBuurten"
    assert any("DataProperties" in note for note in table.notes)


def test_real_gm_wk_values(real_file, tmp_path):
    table = read_table(real_file("kwb2024_85984NED_gm_wk_values.json"))
    assert table.code_column == "WijkenEnBuurten"
    assert table.columns["AantalInwoners"].title == "Aantal inwoners"
    assert table.columns["AantalInwoners"].source_key == "AantalInwoners_5"
    assert table.columns["OppervlakteTotaal"].unit == "ha"
    data = table.data.set_index("WijkenEnBuurten")
    assert data.loc["GM1916", "AantalInwoners"] == 78229
    wijken = [f"WK1916{n:02d}" for n in range(1, 14)]
    parts = data.loc[wijken, "AantalInwoners"]
    # wijk counts are rounded to multiples of 5, so the 13 wijken add up to 78,225, not 78,229
    assert (parts % 5 == 0).all()
    assert parts.sum() == 78225
    assert abs(parts.sum() - 78229) <= 2.5 * len(wijken)
    assert data["AantalInwoners"].dtype == "Int64"
    assert int((table.status == "missing").sum().sum()) == 40


# --- errors ------------------------------------------------------------------------------


def test_empty_file(tmp_path):
    with pytest.raises(TableError, match="is empty"):
        read_table(write(tmp_path, "t.csv", "  \n"))


def test_unsupported_extension_lists_supported(tmp_path):
    with pytest.raises(TableError, match=r"unsupported file type '\.xls'; use \.csv, .*\.json or \.parquet"):
        read_table(write(tmp_path, "t.xls", "x"))


def test_csv_with_one_column(tmp_path):
    with pytest.raises(TableError, match="only one column"):
        read_table(write(tmp_path, "t.csv", "wijkcode\nWK191601\n"))


def test_json_that_is_not_odata(tmp_path):
    with pytest.raises(TableError, match="not a CBS OData table"):
        read_table(write(tmp_path, "t.json", '{"type": "FeatureCollection"}'))
    with pytest.raises(TableError, match="not valid JSON"):
        read_table(write(tmp_path, "t.json", "{nope"))


def test_dataproperties_opened_by_mistake(real_file):
    with pytest.raises(TableError, match="holds DataProperties"):
        read_table(real_file("kwb2024_85984NED_DataProperties.json"))


def test_missing_file(tmp_path):
    with pytest.raises(TableError, match="does not exist"):
        read_table(tmp_path / "nope.csv")


def test_errors_are_value_errors_on_one_line(tmp_path):
    with pytest.raises(ValueError) as error:
        read_table(write(tmp_path, "t.csv", PLAIN), code_column="x")
    assert "\n" not in str(error.value)


def test_a_parquet_table_as_aggregate_writes_it_reads_as_its_csv_does(tmp_path):
    """Withheld cells are nulls beside the status 'geheim' in Parquet, '.' in the CSV: both read as secret."""
    from indicators.microdata.aggregate import aggregate_microdata, write_aggregated
    from tests.own_data import own_persons

    persons = own_persons(["BU07770101", "BU07770102", "BU07770201"], 900, "geslacht", ["man", "vrouw"],
                          "bijstand", seed=4, rates={"man": 0.03, "vrouw": 0.05})
    persons.to_parquet(tmp_path / "p.parquet")
    result = aggregate_microdata(tmp_path / "p.parquet", "buurt", groups=["geslacht"],
                                 measures=["bijstand=sum:bijstand"])
    parquet = read_table(write_aggregated(result, tmp_path / "t.parquet", labels={"bijstand": "In de bijstand"}))
    csv = read_table(write_aggregated(result, tmp_path / "t.csv", labels={"bijstand": "In de bijstand"}))
    assert parquet.figures == csv.figures == ["aantal", "bijstand"]
    for column in csv.figures:
        assert (parquet.status[column].astype(str) == csv.status[column].astype(str)).all()
        assert pd.to_numeric(parquet.data[column]).equals(pd.to_numeric(csv.data[column]))
    assert (csv.status["bijstand"].astype(str) == "secret").any()  # the case is tested
    assert parquet.columns["bijstand"].title == "In de bijstand"  # its descriptor beside it


def test_a_damaged_parquet_file_is_refused_in_one_line(tmp_path):
    broken = tmp_path / "kapot.parquet"
    broken.write_bytes(b"PAR1 not really")
    with pytest.raises(TableError, match="could not be read as Parquet"):
        read_table(broken)
