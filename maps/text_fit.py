"""Text measured as matplotlib draws it, wrapped and shortened to fit: the slides' and the reports' one way.

Widths come from FreeType through an Agg renderer at the figure's resolution, remembered per
text and size (a layout tries several sizes and measures a line many times). Only widths are
remembered, never a font object: a forked process (``maps.report.report_pdfs``) gets matplotlib's
font cache emptied, and a font kept here would share an open font file with its parent.
"""

from __future__ import annotations

from functools import lru_cache

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties


def _font(size: float, bold: bool = False, italic: bool = False) -> FontProperties:
    return FontProperties(size=size, weight="bold" if bold else "normal", style="italic" if italic else "normal")


def text_width(figure: Figure, text: str, size: float, bold: bool = False, italic: bool = False) -> float:
    """Width in inches of ``text`` drawn literally (no mathtext) at ``size`` points."""
    return _measured_width(text, float(size), bold, italic, float(figure.dpi))


@lru_cache(maxsize=50_000)
def _measured_width(text: str, size: float, bold: bool, italic: bool, dpi: float) -> float:
    """The width FreeType gives, remembered: a slide's layout tries several sizes and measures a line many times."""
    width, _, _ = _measuring_renderer(dpi).get_text_width_height_descent(text, _font(size, bold, italic), ismath=False)
    return width / dpi


@lru_cache(maxsize=8)
def _measuring_renderer(dpi: float):
    """A renderer only to measure text: widths do not depend on the figure's size, only on its dpi."""
    return FigureCanvasAgg(Figure(figsize=(1, 1), dpi=dpi)).get_renderer()


def wrap_lines(figure: Figure, text: str, size: float, width: float, bold: bool = False, italic: bool = False,
               max_lines: int | None = None) -> list[str]:
    """Every word of ``text`` in lines that fit ``width`` inches; its own line breaks kept, long words split.

    ``max_lines`` shortens the text to that many lines, the last ending in an ellipsis.
    """
    if max_lines is not None:
        lines = wrap_lines(figure, text, size, width, bold, italic)
        return shorten_lines(figure, lines, max_lines, size, width, bold, italic)
    lines = []
    space = text_width(figure, " ", size, bold, italic)
    for paragraph in str(text).splitlines() or [""]:
        line, used = "", 0.0
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            # a line's width is nearly the sum of its words' (a space has no kerning); near the edge, measured whole
            guess = used + space + text_width(figure, word, size, bold, italic) if line else None
            if guess is not None and guess < width * 0.97:
                line, used = candidate, guess
                continue
            if text_width(figure, candidate, size, bold, italic) <= width:
                line, used = candidate, text_width(figure, candidate, size, bold, italic)
                continue
            if line:
                lines.append(line)
            while len(word) > 1 and text_width(figure, word, size, bold, italic) > width:
                cut = max(1, next((n for n in range(len(word) - 1, 0, -1)
                                   if text_width(figure, word[:n], size, bold, italic) <= width), 1))
                lines.append(word[:cut])
                word = word[cut:]
            line, used = word, text_width(figure, word, size, bold, italic)
        if line:
            lines.append(line)
    return lines or [""]


def fit_lines(figure: Figure, text: str, options, width: float, bold: bool = False) -> tuple[list[str], float]:
    """Lines and size of the first (size, most lines) option ``text`` fits; the last option shortened if none."""
    for size, most in options:
        lines = wrap_lines(figure, text, size, width, bold)
        if len(lines) <= most:
            return lines, size
    return shorten_lines(figure, lines, most, size, width, bold), size


def shorten_lines(figure: Figure, lines: list[str], most: int, size: float, width: float, bold: bool = False,
                  italic: bool = False) -> list[str]:
    """The first ``most`` lines, the last ending in an ellipsis that fits the width."""
    if len(lines) <= most:
        return lines
    last = lines[most - 1]
    while last and text_width(figure, last + " …", size, bold, italic) > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    return [*lines[:most - 1], last.rstrip(" ,;:.") + " …"]


def fit_line(figure: Figure, text: str, size: float, width: float, bold: bool = False) -> str:
    """``text`` on one line of ``width`` inches, shortened with an ellipsis when it does not fit."""
    return wrap_lines(figure, text, size, width, bold, max_lines=1)[0]
