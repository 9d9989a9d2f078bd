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


# Presentation mode: the arrow keys (and Page Up/Down) press the previous and next buttons, Escape
# stops. One listener per page, also when slides change; typing in a field is left alone.
_SLIDE_KEYS_JS = """
export default function () {
  if (document.wvSlideKeys) return;
  document.wvSlideKeys = true;
  document.addEventListener("keydown", (event) => {
    const ids = {ArrowRight: "wv-next", ArrowLeft: "wv-previous", PageDown: "wv-next", PageUp: "wv-previous",
                 Escape: "wv-stop"};
    const target = ids[event.key];
    if (!target || ["INPUT", "TEXTAREA"].includes(event.target.tagName)) return;
    const button = document.querySelector(`.st-key-${target} button`);
    if (button) { event.preventDefault(); button.click(); }
  });
}
"""
_slide_keys = st.components.v2.component("wijkverkenner_slide_keys", js=_SLIDE_KEYS_JS, isolate_styles=False)


def slide_keys() -> None:
    """Let the keyboard move through a presentation (the buttons have the keys wv-previous, wv-next, wv-stop)."""
    _slide_keys(key="wijkverkenner_slide_keys", height=0)
