"""The app's export and ``cli.py export`` of the same files give the same table: one pipeline (geo.datasets)."""

from __future__ import annotations

import io

import openpyxl
import pytest

import cli
from tests.app.conftest import assert_ok, new_app, open_page
from tests.conftest import DEMO_DATA


def app_export(download_bytes, level: str, suffix: str) -> bytes:
    """The bytes the Gegevens page offers for the demo of 2024 at ``level``."""
    at = new_app().run()
    at.radio(key="level").set_value(level).run()
    at = open_page(at, "gegevens")
    assert_ok(at)
    return download_bytes(next(b for b in at.download_button if b.key == f"download{suffix}"))


def cli_export(tmp_path, level: str, suffix: str) -> bytes:
    out = tmp_path / f"export{suffix}"
    status = cli.main(["export", "--boundaries", str(DEMO_DATA / "wijkenbuurten_2024_demo.gpkg"),
                       "--layer", {"wijk": "wijken", "buurt": "buurten"}[level],
                       "--table", str(DEMO_DATA / "jeugdwerkloosheid_2024_demo.csv"), "--out", str(out)])
    assert status == 0
    return out.read_bytes()


def sheets(data: bytes) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}


@pytest.mark.slow
@pytest.mark.parametrize("level", ["wijk", "buurt"])
def test_app_and_cli_export_the_same_csv(download_bytes, tmp_path, level):
    app, command_line = app_export(download_bytes, level, ".csv"), cli_export(tmp_path, level, ".csv")
    header = command_line.decode("utf-8-sig").splitlines()[0].split(";")
    assert "bijstand_per_1000_15_65" in header  # the registry's rates are there in the CLI's export too
    assert app == command_line


@pytest.mark.slow
def test_app_and_cli_export_the_same_workbook(download_bytes, tmp_path):
    app, command_line = sheets(app_export(download_bytes, "buurt", ".xlsx")), sheets(cli_export(tmp_path, "buurt",
                                                                                                  ".xlsx"))
    assert app.keys() == command_line.keys()
    assert all(app[name] == command_line[name] for name in app)
