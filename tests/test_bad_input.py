"""Bad input through the engine and the CLI: a clear one-line message, exit status 2, no output, no network.

The files come from ``tests/bad_input.py``; big ones are written once per session.
"""

from __future__ import annotations

import http.server
import json
import subprocess
import sys
import threading
import urllib.request

import pytest

from cli import main
from geo.boundaries import read_boundaries
from indicators.core.errors import InputError
from indicators.io import limits
from indicators.io.readers import read_table
from tests import bad_input
from tests.bad_input import BOUNDARY_CASES, TABLE_CASES, XSS
from tests.conftest import PROJECT


class _Listener(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        _Listener.requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    do_HEAD = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def listener():
    """A local HTTP server on 127.0.0.1 that records every request it gets."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Listener)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], _Listener.requests
    server.shutdown()


@pytest.fixture(scope="session")
def corpus(tmp_path_factory, listener):
    """Return a function writing one case's file (once per session) and giving its path."""
    root = tmp_path_factory.mktemp("bad_input")
    written = {}

    def get(case: str):
        if case not in written:
            writer = {**BOUNDARY_CASES, **TABLE_CASES}[case][0]
            written[case] = bad_input.write_case(writer, root / case, port=listener[0])
        return written[case]

    return get


@pytest.fixture(scope="session")
def good_boundaries(tmp_path_factory):
    return bad_input.write_good_wijken(tmp_path_factory.mktemp("good"))


def _one_line_error(code: int, err: str, out: str = "") -> str:
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("wijkverkenner: error: "), err
    assert "Traceback" not in err and out == ""
    return lines[0]


# --- boundaries -----------------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("case", list(BOUNDARY_CASES))
def test_engine_reads_or_names_the_problem(corpus, case):
    expected = BOUNDARY_CASES[case][1]
    if expected[0] == "ok":
        result = read_boundaries(corpus(case))
        assert result.report.features >= 1
        assert result.data.geometry.is_valid.all()
        return
    with pytest.raises(InputError) as raised:
        read_boundaries(corpus(case))
    assert raised.value.kind == expected[1], str(raised.value)
    assert "\n" not in str(raised.value)


@pytest.mark.slow
@pytest.mark.parametrize("case", list(BOUNDARY_CASES))
def test_cli_inspect_and_export_fail_cleanly(corpus, capsys, tmp_path, case):
    path, expected = corpus(case), BOUNDARY_CASES[case][1]
    code = main(["inspect", "--boundaries", str(path)])
    captured = capsys.readouterr()
    if expected[0] == "ok":
        assert code == 0, captured.err
        assert json.loads(captured.out)["features"] >= 1
        return
    _one_line_error(code, captured.err, captured.out)
    out = tmp_path / "uit.gpkg"
    code = main(["export", "--boundaries", str(path), "--out", str(out)])
    captured = capsys.readouterr()
    _one_line_error(code, captured.err, captured.out)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_bowtie_is_repaired_and_counted(corpus):
    report = read_boundaries(corpus("bowtie")).report
    assert (report.features, report.invalid_repaired) == (2, 1)


def test_geometry_collection_keeps_its_polygon(corpus):
    result = read_boundaries(corpus("geometry-collection"))
    assert result.data.geom_type.tolist() == ["Polygon"]


def test_script_names_stay_plain_text(corpus, good_boundaries, tmp_path, capsys):
    result = read_boundaries(corpus("script-names"))
    assert result.data["naam"].tolist() == XSS
    out = tmp_path / "uit.csv"
    assert main(["export", "--boundaries", str(corpus("script-names")), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8-sig")
    for value in ("<img src=x onerror=alert(1)>", "`rm -rf /`", "${7*7} {{7*7}} #{1}", "<script>alert("):
        assert value in text


@pytest.mark.slow
@pytest.mark.parametrize("streamed", [False, True], ids=["counted-once-read", "streamed-first"])
def test_a_feature_over_the_vertex_limit_is_refused_whether_counted_before_or_after_reading(corpus, monkeypatch,
                                                                                          streamed):
    """A GeoJSON under 3 bytes x the vertex limit is counted once read (it cannot hold more); a larger one first."""
    if streamed:  # as if the file were too large to be counted after reading
        monkeypatch.setattr("geo.boundaries._GEOJSON_BYTES_PER_VERTEX", 0)
    with pytest.raises(InputError, match="a feature with 1,000,001 vertices, more than the limit of 500,000"):
        read_boundaries(corpus("million-vertices"))


@pytest.mark.slow
def test_the_messages_name_the_limits(corpus):
    with pytest.raises(InputError, match="1,000,001 vertices, more than the limit of 500,000"):
        read_boundaries(corpus("million-vertices"))
    with pytest.raises(InputError, match="200,000 features, more than the limit of 100,000"):
        read_boundaries(corpus("200k-features"))
    with pytest.raises(InputError, match="unpacks to 1.024 MB or more, more than the limit of 512 MB"):
        read_boundaries(corpus("zip-bomb"))


def test_upload_limit_is_streamlits_default():
    from streamlit import config

    assert config.get_option("server.maxUploadSize") * limits.MB == limits.MAX_UPLOAD_BYTES


# --- tables ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", list(TABLE_CASES))
def test_table_engine_reads_or_names_the_problem(corpus, case):
    expected = TABLE_CASES[case][1]
    if expected[0] == "ok":
        table = read_table(corpus(case))
        assert table.code_column is not None and len(table.data) >= 2
        return
    with pytest.raises(InputError) as raised:
        read_table(corpus(case))
    assert raised.value.kind == expected[1], str(raised.value)
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize("case", list(TABLE_CASES))
def test_table_cli_fails_cleanly(corpus, good_boundaries, capsys, tmp_path, case):
    path, expected = corpus(case), TABLE_CASES[case][1]
    code = main(["inspect", "--boundaries", str(good_boundaries), "--table", str(path)])
    captured = capsys.readouterr()
    if expected[0] == "ok":
        assert code == 0, captured.err
        assert json.loads(captured.out)["join"]["matched"] >= 2
        return
    _one_line_error(code, captured.err, captured.out)
    out = tmp_path / "uit.xlsx"
    code = main(["export", "--boundaries", str(good_boundaries), "--table", str(path), "--out", str(out)])
    captured = capsys.readouterr()
    _one_line_error(code, captured.err, captured.out)
    assert not out.exists()


def test_decoded_texts_are_right(corpus):
    assert read_table(corpus("cp1252-csv")).data["naam"].tolist() == ["Café Centrum", "Zoë's wijk"]
    assert read_table(corpus("latin1-csv")).data["naam"].tolist() == ["Café ¿Qué? §", "Zoë"]
    assert read_table(corpus("utf16-txt")).data["score"].tolist() == [12.5, 7.0]
    assert read_table(corpus("script-texts")).data["omschrijving"].tolist() == XSS


def test_excel_formulas_are_values_and_merged_headers_spread(corpus):
    formulas = read_table(corpus("xlsx-formulas"))
    assert formulas.data["inwoners"].tolist()[:2] == [100, 200]
    assert formulas.data["dubbel"].isna().all()  # no saved value: empty, never the formula text
    merged = read_table(corpus("xlsx-merged-header"))
    assert list(merged.data.columns) == ["wijkcode", "Mannen", "Vrouwen", "Gemiddeld"]
    assert merged.data["Vrouwen"].tolist() == [3100, 2980]


# --- no network -----------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_reading_disguised_files_sends_no_request(corpus, listener, capsys):
    port, requests = listener
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/probe")
    except Exception:  # the listener answers 404
        pass
    assert requests == ["/probe"]  # the listener hears requests
    requests.clear()
    for case in ("vrt-vsicurl", "linked-crs"):
        with pytest.raises(InputError):
            read_boundaries(corpus(case))
        assert main(["inspect", "--boundaries", str(corpus(case))]) == 2
    for path in (f"/vsicurl/http://127.0.0.1:{port}/x.geojson", f"http://127.0.0.1:{port}/x.geojson"):
        assert main(["inspect", "--boundaries", path]) == 2
        assert "not a file on this computer" in capsys.readouterr().err
    result = subprocess.run([sys.executable, "cli.py", "inspect", "--boundaries", str(corpus("vrt-vsicurl"))],
                            cwd=PROJECT, capture_output=True, text=True)
    _one_line_error(result.returncode, result.stderr, result.stdout)
    assert "holds XML" in result.stderr
    assert requests == []


def test_the_vrt_pointing_at_etc_passwd_is_not_read(corpus, capsys):
    assert main(["inspect", "--boundaries", str(corpus("vrt-etc-passwd"))]) == 2
    assert "root:" not in capsys.readouterr().err


@pytest.mark.slow
@pytest.mark.parametrize("case", ["zip-bomb", "million-vertices", "200k-features", "xlsx-bomb"])
def test_big_files_keep_memory_bounded(corpus, case):
    """A process refusing one big case stays under 1 GB (SPEC's memory budget), far below reading it in full.

    Each case runs in a fresh process, so one case's peak is not inflated by what another left behind.
    """
    script = (
        "import sys\n"
        "from cli import main\n"
        "from indicators.io.readers import read_table, TableError\n"
        "path = sys.argv[1]\n"
        "if path.endswith('.xlsx'):\n"
        "    try:\n        read_table(path)\n        code = 0\n    except TableError:\n        code = 2\n"
        "else:\n    code = main(['inspect', '--boundaries', path])\n"
        # VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so a child would report pytest's own peak
        "peak = next(int(line.split()[1]) for line in open('/proc/self/status') if line.startswith('VmHWM'))\n"
        "print(code, peak // 1024)\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(corpus(case))], cwd=PROJECT, capture_output=True,
                            text=True)
    code, peak_mb = result.stdout.split()[-2:]
    assert code == "2", result.stderr
    assert int(peak_mb) < 1024, f"peak memory {peak_mb} MB"
