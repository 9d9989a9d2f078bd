"""Waiting as a user does: for what the page shows, never for a fixed time that a loaded machine overruns.

A Streamlit page reruns after every choice and after a map's reports; an action that lands during
a rerun can be lost, and a fixed pause that suffices on a quiet machine does not on CI's two busy
cores. So tests wait for the page to stand still, or for what they check to become true.
"""

from __future__ import annotations

import time

# Streamlit is not running the page and shows no element of the run before (faded). The status
# widget ("Running...") shows only after a run has taken a moment, so a short run is seen by the
# app's own run state, which Streamlit keeps on its root element for its own browser tests.
STILL = ("() => ['notRunning', undefined].includes("
         "document.querySelector('[data-testid=stApp]')?.dataset.testScriptState) "
         "&& !document.querySelector('[data-testid=stStatusWidget]') && !document.querySelector('[data-stale=true]')")


def wait_until_still(page, timeout=60_000) -> None:
    """Streamlit has finished its runs, three times in a row: a map's first report of its area starts one more.

    While Streamlit reruns it fades the elements of the run before (``data-stale``); axe would rightly
    find their contrast too low, so the page must stand still before it is checked.
    """
    for _ in range(3):
        page.wait_for_function(STILL, timeout=timeout)
        page.wait_for_timeout(300)


def wait_until(page, check, what: str, timeout: float = 30_000) -> None:
    """Ask ``check()`` every tenth of a second until it is true; fail after ``timeout`` ms saying ``what`` never came.

    An element that goes away while Streamlit reruns counts as "not yet", not as a failure.
    """
    deadline = time.monotonic() + timeout / 1000
    while True:
        try:
            if check():
                return
        except Exception:  # elements come and go while Streamlit reruns
            if time.monotonic() > deadline:
                raise
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout / 1000:g} s")
        page.wait_for_timeout(100)


def wait_until_unchanged(page, read, what: str, timeout: float = 30_000) -> None:
    """Wait until ``read()`` gives the same answer for three tenths of a second: a map has stopped moving.

    Leaflet ignores a zoom asked for while an animation (or a linked map's answer to it) still runs,
    as a user's second click would be; so a test, like the user, waits for the map to stand still.
    """
    seen = []

    def unchanged():
        seen.append(read())
        return len(seen) > 3 and seen[-1] == seen[-4]
    wait_until(page, unchanged, what, timeout)
