"""``cli.py fetch`` against the local PDOK/CBS server of ``tests/indicators/io/test_download.py``."""

from __future__ import annotations

import json
import subprocess
import sys

import pyogrio
import pytest

from cli import main
from tests.conftest import PROJECT
from tests.indicators.io.test_download import FakeServices, closed_port


@pytest.fixture
def services(wire_data):
    server = FakeServices(*wire_data)
    yield server
    server.stop()


def run_cli(*args):
    return subprocess.run([sys.executable, "cli.py", *map(str, args)], cwd=PROJECT, capture_output=True, text=True,
                          timeout=120)


def fetch_args(services, tmp_path, *extra, pdok=None, cbs=None):
    return ["fetch", "--gemeente", "GM1916", "--year", "2024", "--out", tmp_path / "out",
            "--pdok-url", pdok or services.url, "--cbs-url", cbs or services.url, "--cache", tmp_path / "cache",
            *extra]


def run_main(capsys, *args):
    """Run in-process; argparse's own refusals exit, the commands return their status."""
    try:
        status = main([str(a) for a in args])
    except SystemExit as exited:
        status = exited.code
    return status, capsys.readouterr().err


def assert_refused(status, err, tmp_path, match):
    assert status == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("wijkverkenner: error: "), err
    assert match in lines[0]
    out = tmp_path / "out"
    assert not out.exists() or not list(out.iterdir())


@pytest.mark.slow
def test_fetch_by_subprocess_then_again_offline_from_the_cache(services, tmp_path):
    done = run_cli(*fetch_args(services, tmp_path))
    assert done.returncode == 0, done.stderr
    path = tmp_path / "out" / "GM1916_2024_wijk.gpkg"
    assert f"wrote {path} (13 wijken, 13 with figures from CBS 85984NED)" in done.stderr
    assert {r["where"] for r in services.requests} == {"wfs", "properties", "rows"}  # the URLs were used
    first = pyogrio.read_dataframe(path, layer="wijken")
    assert {"wijkcode", "wijknaam", "AantalInwoners", "PersonenPerSoortUitkeringBijstand",
            "PercentageZelfstandigen", "GemiddeldInkomenPerInwoner"} <= set(first.columns)

    services.stop()
    path.unlink()
    again = run_cli(*fetch_args(services, tmp_path))
    assert again.returncode == 0, again.stderr
    assert "6 answers from the cache" in again.stderr
    assert pyogrio.read_dataframe(path, layer="wijken").equals(first)


def test_fetch_buurten_and_inspect_them(services, tmp_path, capsys):
    status, err = run_main(capsys, *fetch_args(services, tmp_path, "--level", "buurt"))
    assert status == 0, err
    path = tmp_path / "out" / "GM1916_2024_buurt.gpkg"
    assert "26 buurten, 26 with figures" in err
    assert main(["inspect", "--boundaries", str(path)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["level"] == "buurt" and report["features"] == 26
    assert report["columns"]["PersonenPerSoortUitkeringBijstand"]["valid"] == 26


@pytest.mark.slow
def test_offline_by_subprocess(services, tmp_path):
    done = run_cli(*fetch_args(services, tmp_path, pdok=f"http://127.0.0.1:{closed_port()}"))
    assert_refused(done.returncode, done.stderr, tmp_path, "no connection to 127.0.0.1:")
    assert "check the network or use --pdok-url" in done.stderr


@pytest.mark.slow
def test_bad_gemeente_by_subprocess(services, tmp_path):
    args = fetch_args(services, tmp_path)
    args[args.index("GM1916")] = "Leidschendam"
    done = run_cli(*args)
    assert_refused(done.returncode, done.stderr, tmp_path, "'gemeente' should be a CBS gemeente code such as GM1916")
    assert services.requests == []


@pytest.mark.parametrize(
    "change, match",
    [
        (("2024", "2018"), "'year' should be one of 2019-2024"),
        (("2024", "twintig"), "year should be a number such as 2024, got 'twintig'"),
        (("GM1916", "GM19"), "got 'GM19'"),
    ],
)
def test_bad_input(services, tmp_path, capsys, change, match):
    args = [str(a) for a in fetch_args(services, tmp_path)]
    args[args.index(change[0])] = change[1]
    status, err = run_main(capsys, *args)
    assert_refused(status, err, tmp_path, match)
    assert services.requests == []


def test_bad_level_is_refused_by_the_parser(services, tmp_path, capsys):
    status, err = run_main(capsys, *fetch_args(services, tmp_path, "--level", "gemeente"))
    assert_refused(status, err, tmp_path, "invalid choice: 'gemeente'")


@pytest.mark.parametrize(
    "fault, match",
    [
        ({"where": "wfs", "what": "status", "status": 503}, "answered HTTP 503 Service Unavailable"),
        ({"where": "rows", "what": "html"}, "did not answer in JSON (text/html): check --cbs-url"),
        ({"where": "wfs", "what": "short_page", "page": 2}, "numberReturned=5"),
        ({"where": "rows", "what": "no_value"}, "sent no OData 'value' list"),
    ],
)
def test_service_failures(services, tmp_path, capsys, fault, match):
    services.fault = fault
    status, err = run_main(capsys, *fetch_args(services, tmp_path))
    assert_refused(status, err, tmp_path, match)
    assert not (tmp_path / "cache").exists()


def test_unknown_gemeente_is_empty(services, tmp_path, capsys):
    args = [str(a) for a in fetch_args(services, tmp_path)]
    args[args.index("GM1916")] = "GM9999"
    status, err = run_main(capsys, *args)
    assert_refused(status, err, tmp_path, "has no wijken of GM9999 in 2024")
