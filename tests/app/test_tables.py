"""The tables beside the map: a district's profile and two districts compared, as the pages show them."""

from __future__ import annotations

from ui.tables import comparison_rows, profile_rows


def test_profile_rows_write_dutch_numbers_ranks_and_secret_cells(demo_buurten_2024):
    table = demo_buurten_2024
    secret = table.status["personen_per_soort_uitkering_bijstand"] == "secret"
    counted = (table.status["aantal_inwoners"] == "ok") & (table.data["aantal_inwoners"] >= 1000)
    code = table.data.loc[(secret & counted).to_numpy(), "code"].iloc[0]
    inhabitants = int(table.data.loc[table.data["code"] == code, "aantal_inwoners"].iloc[0])
    rows = profile_rows(table, code, "buurten", "nl").set_index("Indicator")
    assert list(rows.columns) == ["Waarde", "Gemiddelde buurten", "Rang"]
    bijstand = next(label for label in rows.index if label.startswith("Bijstand"))
    assert rows.at[bijstand, "Waarde"].startswith("geheim") and rows.at[bijstand, "Rang"] == ""
    inwoners = rows.loc["Aantal inwoners"]
    assert inwoners["Rang"].endswith(f" van {int(table.status['aantal_inwoners'].eq('ok').sum())}")
    assert inwoners["Waarde"] == f"{inhabitants:,}".replace(",", ".")  # Dutch thousands: 1.234


def test_comparison_rows_mark_a_large_gap_and_speak_english(demo_buurten_2024):
    table = demo_buurten_2024
    codes = table.data["code"].tolist()
    rows = comparison_rows(table, codes[0], codes[1], "neighbourhoods", "en")
    names = dict(zip(table.data["code"], table.data["naam"]))
    assert list(rows.columns) == ["Indicator", f"A: {names[codes[0]]}", f"B: {names[codes[1]]}",
                                  "Average of the neighbourhoods", "Difference", "Notable gap"]
    assert set(rows["Notable gap"]) <= {"●", ""}
