"""The session's language and text made safe for Markdown; the words themselves are in ``indicators.core.words``."""

from __future__ import annotations

import re

import streamlit as st

from indicators.core.words import LANGS


def lang() -> str:
    """The session's language ('nl' or 'en')."""
    language = st.session_state.get("lang", "nl")
    return language if language in LANGS else "nl"


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
_AUTOLINK = re.compile(r"(?i)(\\:/|www|@)")


def plain(text) -> str:
    """``text`` as Streamlit shows it literally in Markdown: no link, image, emphasis or formula.

    Messages, expander labels and the like render Markdown; a title or a value from a link must not
    become an image fetched from another server or a link to one.
    """
    text = _MARKDOWN.sub(r"\\\1", str(text))
    # a zero-width space keeps web and mail addresses from turning into links by themselves
    return _AUTOLINK.sub(lambda found: found.group(0)[:-1] + "\u200b" + found.group(0)[-1], text)
