"""The session's language, engine errors in its words, and text made safe for Markdown.

The words themselves are in ``indicators.core.words``.
"""

from __future__ import annotations

import logging
import re

import streamlit as st

from indicators.core.errors import InputError
from indicators.core.formatting import format_number
from indicators.core.words import LANGS, STRINGS, t
from ui import state

_LOG = logging.getLogger(__name__)


def lang() -> str:
    """The session's language ('nl' or 'en')."""
    language = st.session_state.get(state.LANG, "nl")
    return language if language in LANGS else "nl"


def error_text(error: Exception, language: str | None = None) -> str:
    """What was wrong, in the page's language: the words for the error's topic and kind, never the engine's English.

    An ``InputError`` is looked up as ``<topic>_<kind>`` for its class and each class above it
    (``rates_missing_column``, then ``longtable_...``, then ``input_...``); its details fill the
    words, counts in the page's number style. Anything else (or a kind without words) gets a
    plain sentence that says nothing was lost; the engine's message goes to the server log.
    The text is the part of a sentence after "...: ", as the pages' messages use it; the details
    (a file's or column's name: the user's text) are made safe for Markdown (``plain``).
    """
    language = language or lang()
    if isinstance(error, InputError):
        details = {key: format_number(value, 0, language) if isinstance(value, int) and not isinstance(value, bool)
                   else plain(value) for key, value in error.details.items()}
        for kind in type(error).__mro__:
            key = f"{kind.__dict__.get('topic')}_{error.kind}"
            if "topic" in kind.__dict__ and key in STRINGS:
                try:
                    return t(key, language, **details).rstrip(".")
                except (KeyError, IndexError):  # words that need a detail this error did not carry: a class above
                    continue
    _LOG.warning("shown as an unexpected error: %s: %s", type(error).__name__, error)
    return t("error_unexpected", language).rstrip(".")


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
