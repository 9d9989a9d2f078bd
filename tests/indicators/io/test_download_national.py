"""``fetch`` also gets the national rows (NL00 and every gemeente) once per year, in the real OData wire format."""

from __future__ import annotations

import json

import pypdf
import pytest

import geo.datasets
from cli import main
from indicators.analysis.benchmarks import NATIONAL_CODE, national_part, similar_municipalities
from indicators.io.download import download_gemeente, national_filter
from indicators.io.readers import read_table
from tests.indicators.io.test_download import FAST, REAL_COLUMNS, FakeServices


@pytest.fixture(scope="module")
def national_wire(wire_data, real_file):
    """The fake services' rows plus every real gemeente of KWB 2024 and NL00, each with every DataProperties key."""
    features, properties, rows = wire_data
    values = json.loads(real_file("kwb2024_85984NED_gm_wk_values.json").read_text(encoding="utf-8"))
    template = next(r for r in rows if r["WijkenEnBuurten"].strip() == "GM1916")
    present = {r["WijkenEnBuurten"].strip() for r in rows}
    extra = []
    for number, (code, row) in enumerate(sorted(values.items())):
        if not code.startswith("GM") or code in present:
            continue
        extra.append({**template, "ID": 10_000 + number, "WijkenEnBuurten": f"{code:<10}",
                      "Gemeentenaam_1": f"Gemeente {code}".ljust(40), **{k: row.get(k) for k in REAL_COLUMNS}})
    gemeenten = [values[c] for c in values if c.startswith("GM")]
    total = {key: sum(v[key] or 0 for v in gemeenten) for key in ("AantalInwoners_5", "Mannen_6", "Vrouwen_7")}
    extra.append({**template, "ID": 99_999, "WijkenEnBuurten": f"{NATIONAL_CODE:<10}",
                  "Gemeentenaam_1": "Nederland".ljust(40), **total})
    return features, properties, rows + extra


@pytest.fixture
def services(national_wire):
    server = FakeServices(*national_wire, odata_page=100)
    yield server
    server.stop()


def fetch(services, tmp_path, level="wijk"):
    return download_gemeente("GM1916", 2024, level, tmp_path / "out", pdok_url=services.url, cbs_url=services.url,
                             cache_dir=tmp_path / "cache", timeout=FAST, national=True)


def national_requests(services):
    """Requests for the national rows: a first page and the pages its odata.nextLink named."""
    return [r for r in services.seen("rows") if r["query"].get("$filter") == national_filter()]


@pytest.mark.slow
def test_the_national_rows_are_fetched_once_per_year(services, tmp_path):
    first = fetch(services, tmp_path)
    assert first.national == tmp_path / "out" / "nederland_2024_85984NED.json"
    assert first.national_rows == 343
    assert national_filter() == "WijkenEnBuurten eq 'NL00      ' or startswith(WijkenEnBuurten,'GM')"
    assert [r["query"].get("$skip") for r in national_requests(services)] == [None, "100", "200", "300"]
    assert (tmp_path / "out" / "85984NED_DataProperties.json").exists()
    second = fetch(services, tmp_path, level="buurt")  # another level of the same year: the file is kept
    assert second.national == first.national and second.national_rows == 0
    assert len(national_requests(services)) == 4


def test_the_national_file_reads_back_and_ranks_comparable_gemeenten(services, tmp_path):
    table = national_part(read_table(fetch(services, tmp_path).national))
    codes = table.region_codes
    assert NATIONAL_CODE in codes and sum(c.startswith("GM") for c in codes) == 342
    assert table.columns["AantalInwoners"].title == "Aantal inwoners"  # DataProperties found beside it
    similar = similar_municipalities(table, "GM1916")
    assert len(similar.members) == 10 and similar.members[0].name == f"Gemeente {similar.codes[0]}"
    # the fake rows share every other figure with GM1916's row, so the closest differ least in size
    assert all(abs(m.values["size"] / 78229 - 1) < 0.1 for m in similar.members)


@pytest.mark.slow
def test_fetch_then_report_on_the_fetched_gemeente(services, tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    status = main(["fetch", "--gemeente", "GM1916", "--year", "2024", "--out", str(out), "--pdok-url", services.url,
                   "--cbs-url", services.url, "--cache", str(tmp_path / "cache")])
    assert status == 0
    assert "343 national rows" in capsys.readouterr().err
    monkeypatch.setattr(geo.datasets, "DOWNLOAD_DIR", out)
    status = main(["report", "--dataset", "GM1916", "--district", "WK191602", "--out", str(tmp_path / "r.pdf")])
    assert status == 0, capsys.readouterr().err
    texts = [page.extract_text() for page in pypdf.PdfReader(tmp_path / "r.pdf").pages]
    assert len(texts) == 3  # a KWB download has many figures: the table takes two pages
    first, table = texts[:2]
    assert "Wijkprofiel Prinsenhof" in first and "Wijk WK191602 in Leidschendam-Voorburg" in first
    cells = next(line for line in table.splitlines() if line.startswith("Aantal inwoners ")).split()[2:]
    assert cells[1:3] == ["78.230", "17.942.940"]  # the gemeente and NL00 rows, counts rounded to 5
    assert cells[3].replace(".", "").isdigit()  # the mean of the comparable gemeenten
