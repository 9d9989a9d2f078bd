"""The corpus of bad files (``tests/bad_input.py``) uploaded on the Gegevens page: a Dutch error, nothing lost.

One session takes every upload in turn, as a user trying file after file would; each bad file
must give exactly one error in Dutch naming the problem (the text of ``indicators/core/words.py``'s key for the
engine error's kind), no exception box, and leave the datasets as they were.
"""

from __future__ import annotations

import pytest

from indicators.core.words import STRINGS
from tests import bad_input
from tests.app.conftest import assert_ok, new_app, open_page, texts
from tests.bad_input import BOUNDARY_CASES, TABLE_CASES, XSS

# Sparse files of hundreds of MB: their limit is tested in the app with a lowered upload limit instead.
TOO_BIG_TO_UPLOAD = {"600MB-sparse", "150MB-sparse-csv"}
MIME = {".geojson": "application/geo+json", ".gpkg": "application/geopackage+sqlite3", ".zip": "application/zip",
        ".csv": "text/csv", ".txt": "text/plain", ".xlsx": "application/octet-stream", ".json": "application/json"}


def _file(path):
    return (path.name, path.read_bytes(), MIME.get(path.suffix, "application/octet-stream"))


def upload(at, boundaries=None, table=None):
    at.file_uploader(key="upload_boundaries").set_value(boundaries)
    at.file_uploader(key="upload_table").set_value(table)
    at.button[0].click().run()
    return at


def _reason(what: str, kind: str) -> str:
    """The fixed start of the Dutch reason for an error kind (before its first placeholder)."""
    key = f"{what}_{kind}"
    assert key in STRINGS, f"no Dutch text for {key}"
    return STRINGS[key]["nl"].split("{")[0].rstrip(".")[:40]


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad_uploads")
    written = {}

    def get(case):
        if case not in written:
            writer = {**BOUNDARY_CASES, **TABLE_CASES}[case][0]
            written[case] = bad_input.write_case(writer, root / case)
        return written[case]

    return get


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    return bad_input.write_good_wijken(tmp_path_factory.mktemp("good_upload"))


@pytest.fixture(scope="module")
def session():
    at = open_page(new_app().run(), "gegevens")
    assert_ok(at)
    return at


def _check(at, name: str, what: str, expected, before: list[str]):
    assert_ok(at)
    if expected[0] == "ok":
        assert not at.error, texts(at.error)
        assert texts(at.success)
        return
    errors = texts(at.error)
    assert len(errors) == 1, errors
    start = "Het grenzenbestand" if what == "boundary" else "De tabel"
    assert errors[0].startswith(f"{start} '{name}' kon niet worden gebruikt: {_reason(what, expected[1])}"), errors[0]
    assert "Traceback" not in errors[0]
    assert not at.success
    assert at.selectbox(key="dataset").options == before


@pytest.mark.slow
@pytest.mark.parametrize("case", [c for c in BOUNDARY_CASES if c not in TOO_BIG_TO_UPLOAD])
def test_bad_boundary_upload(session, files, case):
    path = files(case)
    before = session.selectbox(key="dataset").options
    upload(session, boundaries=_file(path))
    _check(session, path.name, "boundary", BOUNDARY_CASES[case][1], before)


@pytest.mark.slow
@pytest.mark.parametrize("case", [c for c in TABLE_CASES if c not in TOO_BIG_TO_UPLOAD])
def test_bad_table_upload(session, files, good, case):
    path = files(case)
    before = session.selectbox(key="dataset").options
    upload(session, boundaries=_file(good), table=_file(path))
    _check(session, path.name, "table", TABLE_CASES[case][1], before)


def test_script_names_are_shown_as_plain_text(files):
    at = open_page(new_app().run(), "gegevens")
    upload(at, boundaries=_file(files("script-names")))
    assert_ok(at)
    assert at.dataframe[0].value["naam"].tolist() == XSS
    shown = " ".join(texts(at.markdown) + texts(at.caption) + texts(at.success))
    assert "<script>" not in shown and "onerror" not in shown


@pytest.mark.parametrize("what", ["boundary", "table"])
def test_uploads_over_the_limit_are_refused_before_reading(monkeypatch, good, what):
    monkeypatch.setattr("indicators.io.limits.MAX_UPLOAD_BYTES", 1024)
    at = open_page(new_app().run(), "gegevens")
    big = ("groot.geojson", good.read_bytes() + b" " * 4096, "application/geo+json")
    table = ("groot.csv", b"wijkcode;score\n" + b"WK191601;1\n" * 1000, "text/csv")
    upload(at, boundaries=big if what == "boundary" else None, table=table if what == "table" else None)
    name = "groot.geojson" if what == "boundary" else "groot.csv"
    _check(at, name, what, ("error", "too_large"), ["Demostad"])


def test_counts_in_the_message_are_written_the_dutch_way(files):
    at = open_page(new_app().run(), "gegevens")
    upload(at, boundaries=_file(files("zip-many-members")))
    (error,) = texts(at.error)
    assert "1.505 bestanden, meer dan de grens van 1.000" in error
