"""What the app's server adds to Streamlit's (ui/assets.py): Leaflet from the installed package, named in every page."""

import urllib.request

import pytest

from maps.assets import LEAFLET_ADDRESS, leaflet_js
from ui.assets import SCRIPT_TAG


def _get(url: str):
    with urllib.request.urlopen(url, timeout=30) as answer:
        return answer.status, dict(answer.headers), answer.read()


def test_leaflet_is_served_from_the_installed_package_and_kept_for_good(app_url):
    status, headers, body = _get(f"{app_url}/{LEAFLET_ADDRESS}")
    assert status == 200 and headers["content-type"].startswith("text/javascript")
    assert body.decode("utf-8") == leaflet_js()  # xstatic-leaflet's file, nothing committed, no CDN
    assert int(headers["content-length"]) == len(body)
    assert "immutable" in headers["cache-control"]  # the version is in the name: a browser asks once


@pytest.mark.parametrize("path", ["/", "/kaart", "/gegevens", "/presenteren"])
def test_every_page_starts_loading_leaflet_before_the_first_map_arrives(app_url, path):
    status, headers, body = _get(f"{app_url}{path}")
    head = body.split(b"</head>")[0]
    assert status == 200 and head.count(SCRIPT_TAG) == 1
    assert int(headers["content-length"]) == len(body)  # the page grew by the tag: its length says so
    assert "etag" not in {name.lower() for name in headers}  # no copy of the page without the tag is kept


def test_streamlits_own_files_pass_unchanged(app_url):
    status, page_headers, page = _get(f"{app_url}/")
    script = page.split(b'<script type="module" crossorigin src="./')[1].split(b'"')[0].decode()
    status, headers, body = _get(f"{app_url}/{script}")
    assert status == 200 and SCRIPT_TAG not in body
    assert int(headers["content-length"]) == len(body)
