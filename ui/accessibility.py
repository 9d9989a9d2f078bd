"""What every page needs for WCAG 2.1 AA beyond Streamlit's defaults: the page's language, contrast, focus.

Streamlit declares ``<html lang="en">`` whatever the app speaks, draws captions in a grey of
3.9:1 and leaves some focus rings faint. A screen reader then reads Dutch with English
pronunciation, and low-vision users lose the captions that carry sources and notes.
"""

from __future__ import annotations

import streamlit as st

# Text at least 4.5:1 on white and on the sidebar's grey; focus rings at least 3:1 and 2 px.
_CSS = """
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {color: #4f4d4a !important;
                                                                         opacity: 1 !important;}
[data-testid="stWidgetLabel"] small, [data-testid="stTooltipHoverTarget"] {color: #4f4d4a;}
:focus-visible {outline: 3px solid #1a56b0 !important; outline-offset: 2px !important;}
.wv-table {border-collapse: collapse; font-size: .9rem;} .wv-table caption {text-align: left; font-weight: 600;}
.wv-table th, .wv-table td {border-bottom: 1px solid #8a8885; padding: .2rem .6rem; text-align: left;}
.wv-sr-only {position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap;}
"""
# The page's language on the app's own <html> element, set by a component in the page (no frame).
_JS = "export default function (page) { document.documentElement.lang = page.data.lang; }"

# One small component in the page carries both: no frame to load, no HTML rendered as Markdown.
_page = st.components.v2.component("wijkverkenner_page", css=_CSS, js=_JS, isolate_styles=False)


def apply(language: str) -> None:
    """Declare the page's language (read out correctly, also after switching) and the contrast fixes."""
    _page(data={"lang": language}, key="wijkverkenner_page", height=0)
