"""The one error type for bad input, so the CLI and the app can tell the user what to do."""

from __future__ import annotations


class InputError(ValueError):
    """Input that cannot be used; the message says what was wrong and what to do.

    ``kind`` names the problem and ``details`` its particulars, so the app can say the same in
    the user's language: the words ``<topic>_<kind>`` of ``indicators/core/words.py``, for the
    error's class or the nearest class above it that has them (``ui.i18n.error_text``). The
    message is for the command line, in English.
    """

    topic = "input"

    def __init__(self, message: str, kind: str = "unreadable", **details):
        super().__init__(message)
        self.kind = kind
        self.details = details

