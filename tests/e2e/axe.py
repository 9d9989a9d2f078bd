"""axe-core (WCAG 2.0/2.1, levels A and AA) in every frame of a page: the check behind every screenshot.

axe comes from the axe-playwright-python package (no CDN) and runs in each frame, so the map's
own frame is checked too, not only Streamlit's page.
"""

from __future__ import annotations

import pathlib

import axe_playwright_python

AXE = (pathlib.Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
# Each frame is checked on its own (iframes: false); only violations are collected, which is 3x faster.
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
           "iframes": False, "resultTypes": ["violations"]}
def axe_violations(page) -> list[str]:
    """Every WCAG A/AA violation axe finds in every frame of the page, one line each."""
    found = []
    for frame in page.frames:
        try:
            if not frame.evaluate("() => typeof axe !== 'undefined'"):
                frame.evaluate(AXE)
            result = frame.evaluate("options => axe.run(document, options)", WCAG_AA)
        except Exception:  # a frame that went away while the page redrew
            continue
        for violation in result["violations"]:
            node = violation["nodes"][0]
            found.append(f"{frame.url[:60]}: {violation['id']} ({violation['impact']}) at {node['target']}: "
                         f"{node.get('failureSummary', '')[:200]}")
    return found
