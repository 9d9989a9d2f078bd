"""The datasets a session has: the bundled demo and the session's own uploads, in a folder of its own.

Uploaded files live in a temporary folder per session (``/tmp/wijkverkenner-upload-*``), seen by
that session only. Streamlit says nothing when a session ends, so folders nobody has used for a
day are removed by the next session that uploads.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

import streamlit as st

from geo.datasets import Dataset, demo_dataset
from ui import state

UPLOAD_MAX_AGE = 24 * 3600  # seconds a session's upload folder is kept after the session last used it
UPLOAD_PREFIX = "wijkverkenner-upload-"
UPLOAD = "upload-"  # the key of a dataset made of this session's uploads starts with it


def datasets() -> dict[str, Dataset]:
    """Datasets of this session: the demo first, then this session's own uploads."""
    found = {}
    try:
        demo = demo_dataset()
        found[demo.key] = demo
    except FileNotFoundError:
        pass
    if state.UPLOAD_FOLDER in st.session_state:  # in use: keep it from being removed as stale
        try:
            os.utime(st.session_state[state.UPLOAD_FOLDER])
        except OSError:  # removed after a day unused: the session's uploads are gone with it
            st.session_state.pop(state.UPLOAD_FOLDER)
            if st.session_state.pop(state.UPLOADS, None):
                st.session_state[state.UPLOADS_GONE] = True
    found.update(st.session_state.get(state.UPLOADS, {}))
    return found


def add_dataset(dataset: Dataset) -> None:
    """Make an uploaded dataset available on every page of this session (and only this session)."""
    uploads = dict(st.session_state.get(state.UPLOADS, {}))
    uploads[dataset.key] = dataset
    st.session_state[state.UPLOADS] = uploads


def upload_folder() -> Path:
    """A folder of this session's own for uploaded files; other sessions never see it."""
    if state.UPLOAD_FOLDER not in st.session_state:
        remove_stale_uploads()
        st.session_state[state.UPLOAD_FOLDER] = tempfile.mkdtemp(prefix=UPLOAD_PREFIX)
    return Path(st.session_state[state.UPLOAD_FOLDER])


def is_uploaded(path) -> bool:
    """Whether a file was uploaded in a session (it lies in an upload folder), not one of the app's own."""
    parent = Path(path).resolve().parent
    return any(folder.name.startswith(UPLOAD_PREFIX) and folder.parent == Path(tempfile.gettempdir()).resolve()
               for folder in parent.parents)


def remove_stale_uploads(max_age: float = UPLOAD_MAX_AGE) -> int:
    """Remove upload folders no session has used for ``max_age`` seconds; return how many.

    Every rerun of a session touches its folder (``datasets``), so only closed sessions' folders age.
    """
    removed = 0
    for folder in Path(tempfile.gettempdir()).glob(f"{UPLOAD_PREFIX}*"):
        try:
            if folder.is_dir() and time.time() - folder.stat().st_mtime > max_age:
                shutil.rmtree(folder)
                removed += 1
        except OSError:  # another session removed it first, or it is not ours to remove
            continue
    return removed
