"""The wijkprofiel drawn: 2 to 4 A4 pages as PDF, and the same content as one HTML file.

Page 1 shows where the district lies in its gemeente (a locator map), one sentence per theme on
what stands out, and the comparable gemeenten with the reason they were chosen. Then the key
figures per theme beside the gemeente, Nederland and the comparable gemeenten, with an arrow for
the trend (one or two pages), and small charts of the development over all years, cut where a
boundary changed. Every page carries the sources, the disclosure note, the date and, on demo data,
the synthetic-data mark. The content comes from ``geo.profiles.district_report``, already
protected: a secret figure reads "geheim (< 10)", never a number.

Drawn by matplotlib without pyplot, like the slides (``maps.slides``): a ``Figure`` per page, its
text as text in the PDF (TrueType), so the figures can be read back and searched.
"""

from __future__ import annotations

import base64
import html
import io
import math
import re
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from geo.profiles import DistrictReport, FigureRow
from indicators.analysis.benchmarks import MEASURES, Reference
from indicators.core.formatting import format_number
from indicators.core.registry import OTHER_THEME
from indicators.core.values import SECRET
from indicators.core.words import join_words, t
from indicators.io.files import OutputError, atomic_output, check_folder, check_output
from maps.figures import METADATA, district_path, figure_style, fit_extent, project
from maps.text_fit import fit_line, text_width, wrap_lines

A4 = (8.27, 11.69)  # inches, portrait
REPORT_FORMATS = (".pdf", ".html")
MARGIN = 0.55
WIDTH = A4[0] - 2 * MARGIN
TOP = A4[1] - 0.5
FOOTER_TOP = 0.95  # nothing but the footer below this line
TEXT = "#222222"
MUTED = "#555555"
MARK = "#b2182b"
SHADE = "#eef2f7"
DISTRICT_COLOR = "#2166ac"
GEMEENTE_COLOR = "#e08214"
NEDERLAND_COLOR = "#636363"
GOOD, BAD, NEUTRAL = "#2166ac", "#b35806", "#636363"  # blue / orange: readable with colour-blindness
ARROWS = {"up": "↑", "down": "↓", "flat": "→"}
ROW = 0.205  # inches per table row
TABLE_ROWS_PER_PAGE = 42
MAX_TABLE_PAGES = 2
CHARTS = 9  # small multiples on the trend page, 3 x 3


# --- public -------------------------------------------------------------------------------------


def render_report(report: DistrictReport, path) -> Path:
    """Write one wijkprofiel as ``.pdf`` (A4 pages) or ``.html``; the file appears only when complete."""
    path = check_output(path, REPORT_FORMATS, "a wijkprofiel")
    if path.suffix.lower() == ".html":
        with atomic_output(path) as temporary:
            Path(temporary).write_text(report_html(report), encoding="utf-8")
        return path
    return render_reports([report], path)


def render_reports(reports: list[DistrictReport], path) -> Path:
    """Write the wijkprofielen of several districts into one PDF, one after the other."""
    path = check_output(path, (".pdf",), "wijkprofielen")
    if not reports:
        raise ValueError("there are no districts to report on")
    with atomic_output(path) as temporary:
        Path(temporary).write_bytes(report_pdf(reports))
    return path


def check_report_folder(folder) -> Path:
    """Check a folder for every district's wijkprofiel before any is drawn: a folder (made when missing), not a file."""
    folder = Path(folder)
    if folder.suffix.lower() in REPORT_FORMATS or folder.is_file():
        raise OutputError(f"every district's wijkprofiel goes into a folder: give a folder as --out, not "
                          f"'{folder.name}'", "not_a_folder", folder=str(folder))
    return check_folder(folder, may_create=True)


def write_reports(reports: list[DistrictReport], folder, combined: str) -> list[Path]:
    """Each report as ``wijkprofiel_<code>.pdf`` in ``folder``, and all of them in one PDF named ``combined``.

    Every report is drawn (on every core) and staged beside ``folder`` before anything appears in
    it: a failure leaves no file, and no new folder, behind.
    """
    import os
    import shutil
    import tempfile

    folder = check_report_folder(folder)
    if not reports:
        raise ValueError("there are no districts to report on")
    parent = next(p for p in (folder.parent, *folder.parent.parents) if p.is_dir())
    staging = Path(tempfile.mkdtemp(prefix=".wijkprofiel-", dir=parent))
    try:
        pages = report_pdfs(reports)
        for report, data in zip(reports, pages):
            (staging / f"wijkprofiel_{report.code}.pdf").write_bytes(data)
        (staging / combined).write_bytes(merge_pdfs(pages))
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for path in sorted(staging.iterdir()):
            os.replace(path, folder / path.name)
            written.append(folder / path.name)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def merge_pdfs(documents: list[bytes]) -> bytes:
    """One PDF of several, page after page (pypdf): the districts' reports are drawn once."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for data in documents:
        writer.append(io.BytesIO(data))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def report_pdfs(reports: list[DistrictReport], workers: int | None = None) -> list[bytes]:
    """The PDF of each report, drawn on every core (a process each): drawing is CPU-bound and single-threaded.

    Falls back to one process where ``fork`` is not available or there is one report.
    """
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    workers = workers or min(os.cpu_count() or 1, len(reports))
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [report_pdf(report) for report in reports]
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(report_pdf, reports))


def report_pdf(reports) -> bytes:
    """The PDF of one or more wijkprofielen as bytes (for a download button)."""
    reports = [reports] if isinstance(reports, DistrictReport) else list(reports)
    buffer = io.BytesIO()
    with figure_style(**{"pdf.fonttype": 3}):
        with PdfPages(buffer, metadata=METADATA["pdf"]) as pdf:
            for report in reports:
                for page in draw_pages(report):
                    pdf.savefig(page, facecolor="white")
                    page.clear()
    return buffer.getvalue()


def draw_pages(report: DistrictReport) -> list[Figure]:
    """The report's pages as matplotlib figures (not saved): overview, key figures, development."""
    table_pages = _table_pages(report)
    pages = [_overview_page(report)]
    for number, rows in enumerate(table_pages):
        pages.append(_table_page(report, rows, first=number == 0))
    if len(report.years) > 1:  # one year has no development to chart; the overview says so
        pages.append(_trend_page(report))
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        _footer(page, report, number, total)
    return pages


def render_first_page_png(report: DistrictReport, path, dpi: int = 110) -> Path:
    """Page 1 as a PNG (for the README and a quick look)."""
    path = Path(path)
    with figure_style():
        page = draw_pages(report)[0]
        with atomic_output(path) as temporary:
            page.savefig(temporary, format="png", dpi=dpi, metadata=METADATA["png"], facecolor="white")
    return path


def cell_text(reference: Reference, decimals: int, lang: str, secret_label: str | None = None) -> str:
    """A reference or a district's value as the report and the app show it: a number, "geheim (< 10)" or "–"."""
    if reference.value is not None:
        return format_number(reference.value, decimals, lang)
    if reference.status == SECRET:
        return secret_label or t("secret", lang)
    return t("report_none", lang)


def heading(row: FigureRow) -> str:
    """The figure's label with its unit in brackets, unless the unit is a plain count or already in it."""
    if not row.unit or row.unit.lower() in row.label.lower():
        return row.label
    return f"{row.label} ({row.unit})"


def arrow_of(row: FigureRow) -> tuple[str, str]:
    """The trend arrow and its colour: blue favourable, orange unfavourable, grey without judgement."""
    if row.arrow is None:
        return "", NEUTRAL
    if row.arrow == "flat" or row.higher_is_better is None:
        return ARROWS[row.arrow], NEUTRAL
    good = (row.arrow == "up") == row.higher_is_better
    return ARROWS[row.arrow], GOOD if good else BAD


def similar_lines(report: DistrictReport) -> list[str]:
    """The comparable gemeenten as lines: intro, the gemeente's own values, one line per gemeente, what is missing."""
    lang, similarity = report.lang, report.similarity
    if similarity is None or not similarity.members:
        return [t("report_similar_none", lang)]
    measures = join_words([_measure_word(similarity, m, lang) for m in similarity.measures], lang)
    own = report.gemeente_name if similarity.name == similarity.gemeente else similarity.name
    lines = [t("report_similar_intro", lang, n=len(similarity.members), year=similarity.year or report.year,
               gemeente=own, measures=measures)]
    lines.append(t("report_similar_own", lang, gemeente=own, values=_values_text(similarity, similarity.values, lang)))
    for number, member in enumerate(similarity.members, start=1):
        closest = join_words([_measure_word(similarity, m, lang) for m in member.closest], lang)
        lines.append(f"{number}. {_named(member.name, member.code)}: "
                     + t("report_similar_row", lang, values=_values_text(similarity, member.values, lang),
                         closest=closest))
    if similarity.missing:
        lines.append(t("report_similar_missing", lang,
                       measures=join_words([_measure_word(similarity, m, lang) for m in similarity.missing], lang)))
    return lines


def footer_text(report: DistrictReport) -> str:
    """Sources, disclosure note, date and the synthetic mark, as one line."""
    lang = report.lang
    cited = dict.fromkeys(part.strip() for source in report.sources for part in re.split(r"; | \+ ", source))
    parts = [f"{t('map_source', lang)}: {'; '.join(cited)}", report.disclosure_note,
             t("map_made", lang, date=report.made_on)]
    if report.synthetic:
        parts.append(t("map_synthetic", lang))
    return " · ".join(part for part in parts if part)


# --- pages --------------------------------------------------------------------------------------


def _new_page() -> Figure:
    figure = Figure(figsize=A4, dpi=100, facecolor="white")
    FigureCanvasAgg(figure)
    return figure


def _text(figure: Figure, x: float, y: float, text: str, **style):
    style = {"fontsize": 9, "color": TEXT, "ha": "left", "va": "top", **style}
    return figure.text(x, y, text, transform=figure.dpi_scale_trans, parse_math=False, usetex=False, **style)


def _header(figure: Figure, report: DistrictReport, title: str | None = None) -> float:
    """Title and subtitle (and the synthetic mark); returns the y below them."""
    lang = report.lang
    room = WIDTH - (2.3 if report.synthetic else 0.1)
    title = title or t("report_title", lang, name=report.name)
    size = 18 if text_width(figure, title, 18, bold=True) <= room else 15
    lines = wrap_lines(figure, title, size, room, max_lines=2, bold=True)
    _text(figure, MARGIN, TOP, "\n".join(lines), fontsize=size, fontweight="bold", linespacing=1.1)
    below = TOP - (0.36 if len(lines) == 1 else 0.6)
    subtitle = t("report_subtitle", lang, level=t(f"level_one_{report.level}", lang), code=report.code,
                 gemeente=report.gemeente_name, year=report.year)
    _text(figure, MARGIN, below, fit_line(figure, subtitle, 10.5, room), fontsize=10.5, color=MUTED)
    if report.synthetic:
        _text(figure, A4[0] - MARGIN, TOP, t("slide_mark", lang), ha="right", fontsize=10.5, fontweight="bold",
              color=MARK, bbox={"boxstyle": "square,pad=0.3", "facecolor": "white", "edgecolor": MARK,
                                "linewidth": 1.2})
    return below - 0.39


def _overview_page(report: DistrictReport) -> Figure:
    figure = _new_page()
    lang = report.lang
    y = _header(figure, report)
    # locator map, left
    map_box = (MARGIN, y - 3.35, 3.2, 3.2)
    _section(figure, t("report_locator", lang), MARGIN, y)
    _locator(figure, report, map_box)
    # what stands out, right of the map and below it where needed
    left = MARGIN + 3.45
    width = A4[0] - MARGIN - left
    _section(figure, t("report_summary", lang), left, y)
    cursor = y - 0.3
    for block in report.themes:
        if block.theme == OTHER_THEME:
            continue  # columns the registry does not know: in the table, not in the summary
        room = width if cursor > map_box[1] - 0.1 else WIDTH
        x = left if cursor > map_box[1] - 0.1 else MARGIN
        _text(figure, x, cursor, block.label, fontsize=9.5, fontweight="bold")
        lines = wrap_lines(figure, block.sentence, 8.8, room, max_lines=5)
        _text(figure, x, cursor - 0.19, "\n".join(lines), fontsize=8.8, linespacing=1.3)
        cursor -= 0.19 + 0.155 * len(lines) + 0.14
    y = min(cursor, map_box[1] - 0.15)
    # comparable gemeenten
    _section(figure, t("report_similar", lang), MARGIN, y)
    y = _similar_table(figure, report, y - 0.3)
    # notes: boundary changes, missing references
    y -= 0.05
    for note in report.notes:
        lines = wrap_lines(figure, note, 8.3, WIDTH, max_lines=3)
        _text(figure, MARGIN, y, "\n".join(lines), fontsize=8.3, style="italic", color=MUTED)
        y -= 0.145 * len(lines) + 0.05
    return figure


def _similar_table(figure: Figure, report: DistrictReport, y: float) -> float:
    """The comparable gemeenten as a small table: the gemeente itself, then each with its values and reason."""
    lang, similarity = report.lang, report.similarity
    lines = similar_lines(report)
    intro = wrap_lines(figure, lines[0], 8.3, WIDTH, max_lines=4)
    _text(figure, MARGIN, y, "\n".join(intro), fontsize=8.3, color=MUTED, linespacing=1.25)
    y -= 0.14 * len(intro) + 0.12
    if similarity is None or not similarity.members:
        return y
    measures = list(similarity.measures)
    edges = {"size": 2.6, "density": 3.55, "age": 4.15, "income": 4.8}
    _text(figure, MARGIN, y, t("report_col_gemeente", lang), fontsize=7.8, fontweight="bold", color=MUTED)
    for measure in measures:
        key = "density_population" if measure == "density" and similarity.columns.get("density") == \
            "bevolkingsdichtheid" else measure
        _text(figure, MARGIN + edges[measure], y, t(f"measure_short_{key}", lang), ha="right", fontsize=7.8,
              fontweight="bold", color=MUTED)
    _text(figure, MARGIN + 5.0, y, t("report_similar_closest", lang), fontsize=7.8, fontweight="bold", color=MUTED)
    y -= 0.19
    own = report.gemeente_name if similarity.name == similarity.gemeente else similarity.name
    rows = [(_named(own, similarity.gemeente), similarity.values, (), True)]
    rows += [(_named(m.name, m.code), m.values, m.closest, False) for m in similarity.members]
    for name, values, closest, own in rows:
        weight = "bold" if own else "normal"
        # a long name ("Leidschendam-Voorburg (GM1916)") takes a second line rather than losing its code
        names = wrap_lines(figure, name, 7.8, 1.75, bold=own, max_lines=2)
        _text(figure, MARGIN, y, "\n".join(names), fontsize=7.8, fontweight=weight, linespacing=1.15)
        for measure in measures:
            decimals = 1 if measure == "income" else 0
            _text(figure, MARGIN + edges[measure], y, format_number(values.get(measure), decimals, lang),
                  ha="right", fontsize=7.8, fontweight=weight)
        reason = join_words([_measure_word(similarity, m, lang) for m in closest], lang)
        _text(figure, MARGIN + 5.0, y, fit_line(figure, reason, 7.8, WIDTH - 5.0), fontsize=7.8)
        y -= 0.165 + 0.125 * (len(names) - 1)
    if similarity.missing:
        note = wrap_lines(figure, lines[-1], 7.8, WIDTH, max_lines=2)
        _text(figure, MARGIN, y - 0.03, "\n".join(note), fontsize=7.8, color=MUTED)
        y -= 0.14 * len(note) + 0.05
    return y - 0.08


def _named(name: str, code: str) -> str:
    """"Leidschendam-Voorburg (GM1916)"; the code alone where the national rows have no names."""
    return code if not name or name == code else f"{name} ({code})"


def _locator(figure: Figure, report: DistrictReport, box, size=A4) -> None:
    """The gemeente's districts in grey, this one in blue, in ``box`` (inches) of a page of ``size``."""
    axes = figure.add_axes((box[0] / size[0], box[1] / size[1], box[2] / size[0], box[3] / size[1]))
    axes.set_axis_off()
    frame = report.frame
    if not hasattr(frame, "geometry") or frame.geometry.isna().all():
        return
    geometry, _ = project(frame)
    paths = [district_path(g) for g in geometry]
    codes = frame["code"].astype(str).tolist()
    others = [p for p, c in zip(paths, codes) if p is not None and c != report.code]
    chosen = [p for p, c in zip(paths, codes) if p is not None and c == report.code]
    axes.add_collection(PathCollection(others, facecolors="#e6e6e6", edgecolors="#8c8c8c", linewidths=0.5),
                        autolim=False)
    axes.add_collection(PathCollection(chosen, facecolors=DISTRICT_COLOR, edgecolors="#000000", linewidths=1.2,
                                       zorder=3), autolim=False)
    valid = geometry[~(geometry.isna() | geometry.is_empty)]
    fit_extent(axes, tuple(valid.total_bounds), box)
    if chosen:
        point = geometry[codes.index(report.code)].representative_point()
        lines = wrap_lines(figure, report.name, 8, 1.6, max_lines=2, bold=True)
        # a district at the edge of the gemeente: its name moves inwards so it stays inside the box
        half = max(text_width(figure, line, 8, bold=True) for line in lines) / 2 + 0.05
        centre = axes.transData.transform((point.x, point.y))[0] / figure.dpi
        shift = max(box[0] + half - centre, 0.0) + min(box[0] + box[2] - half - centre, 0.0)
        axes.annotate("\n".join(lines), (point.x, point.y), xytext=(shift * 72, -14), textcoords="offset points",
                      ha="center", fontsize=8, fontweight="bold", color="#000000", annotation_clip=False,
                      bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})


def _table_pages(report: DistrictReport) -> list[list[tuple[str, object]]]:
    """The key-figure table cut into pages: ("theme", block) and ("row", FigureRow) entries."""
    entries: list[tuple[str, object]] = []
    for block in report.themes:
        entries.append(("theme", block))
        entries.extend(("row", row) for row in block.rows)
    capacity = TABLE_ROWS_PER_PAGE * MAX_TABLE_PAGES
    if len(entries) > capacity:  # the last theme ("overig": a download's unregistered columns) is cut first
        left_out = sum(kind == "row" for kind, _ in entries[capacity - 1:])
        entries = entries[:capacity - 1] + [("more", left_out)]
    pages = [entries[i:i + TABLE_ROWS_PER_PAGE] for i in range(0, len(entries), TABLE_ROWS_PER_PAGE)]
    return pages or [[]]


def _columns(report: DistrictReport) -> list[tuple[str, float, str]]:
    """(heading, x of the right edge or centre, alignment) of the table's value columns."""
    lang = report.lang
    return [
        (t(f"level_one_{report.level}", lang), MARGIN + 4.0, "right"),
        (t("report_col_gemeente", lang), MARGIN + 4.8, "right"),
        (t("report_col_nederland", lang), MARGIN + 5.7, "right"),
        (t("report_col_similar", lang), MARGIN + 6.68, "right"),
        (t("report_col_trend", lang), MARGIN + 6.95, "center"),
    ]


def _table_page(report: DistrictReport, entries, first: bool) -> Figure:
    figure = _new_page()
    lang = report.lang
    y = _header(figure, report)
    _section(figure, t("report_key_figures", lang, year=report.year), MARGIN, y)
    y -= 0.32
    columns = _columns(report)
    for title, x, align in columns:
        _text(figure, x, y, title, ha=align, fontsize=8, fontweight="bold", color=MUTED)
    y -= 0.22
    figure.add_artist(Rectangle((MARGIN, y + 0.06), WIDTH, 0.012, transform=figure.dpi_scale_trans,
                                facecolor=MUTED, edgecolor="none"))
    label_room = columns[0][1] - MARGIN - 1.0  # "geheim (< 10)" in bold needs about 0.85 inch
    for kind, item in entries:
        if kind == "more":
            _text(figure, MARGIN + 0.05, y, t("report_more_rows", lang, count=item), fontsize=8, style="italic",
                  color=MUTED)
            y -= ROW
            continue
        if kind == "theme":
            figure.add_artist(Rectangle((MARGIN, y - ROW + 0.05), WIDTH, ROW, transform=figure.dpi_scale_trans,
                                        facecolor=SHADE, edgecolor="none"))
            _text(figure, MARGIN + 0.05, y, item.label, fontsize=8.6, fontweight="bold")
            y -= ROW
            continue
        row = item
        size = 8 if text_width(figure, heading(row), 8) <= label_room else 7.2  # smaller type before "…"
        _text(figure, MARGIN + 0.05, y, fit_line(figure, heading(row), size, label_room), fontsize=size)
        secret_label = report.secret_labels.get(row.column)
        cells = [cell_text(row.value, row.decimals, lang, secret_label),
                 cell_text(row.gemeente, row.decimals, lang), cell_text(row.nederland, row.decimals, lang),
                 cell_text(row.similar, row.decimals, lang)]
        for (_, x, align), value in zip(columns, cells):
            _text(figure, x, y, value, ha=align, fontsize=8,
                  fontweight="bold" if value is cells[0] else "normal")
        arrow, color = arrow_of(row)
        if arrow:
            _text(figure, columns[-1][1], y + 0.02, arrow, ha="center", fontsize=10, color=color,
                  fontweight="bold")
        y -= ROW
    if first:
        y -= 0.1
        note = t("report_arrows", lang, name=report.name, districts=t(f"level_{report.level}", lang).lower())
        lines = wrap_lines(figure, note, 7.8, WIDTH, max_lines=4)
        if y - 0.13 * len(lines) > FOOTER_TOP:
            _text(figure, MARGIN, y, "\n".join(lines), fontsize=7.8, color=MUTED, linespacing=1.25)
    return figure


def _trend_rows(report: DistrictReport) -> list[FigureRow]:
    """The figures charted: rates, shares and means, two per theme first, then the others."""
    chosen: list[FigureRow] = []
    for block in report.themes:  # counts are left out: a wijk's count beside the country's says nothing
        candidates = [row for row in block.rows if row.kind != "count"
                      and any(p.value is not None for p in row.trend.points)]
        chosen.extend(candidates[:2])
    others = [row for row in report.rows() if row not in chosen and row.kind != "count"
              and any(p.value is not None for p in row.trend.points)]
    return (chosen + others)[:CHARTS]


def _trend_page(report: DistrictReport) -> Figure:
    figure = _new_page()
    lang = report.lang
    y = _header(figure, report)
    years = report.years
    title = t("report_trends", lang, first=years[0], last=years[-1]) if len(years) > 1 else \
        t("report_trends_one_year", lang, year=years[0])
    _section(figure, title, MARGIN, y)
    y -= 0.32
    # legend: the three lines
    x = MARGIN
    for label, color, style in ((report.name, DISTRICT_COLOR, "-"), (t("report_col_gemeente", lang),
                                GEMEENTE_COLOR, "--"), (t("report_col_nederland", lang), NEDERLAND_COLOR, ":")):
        figure.add_artist(Line2D([x, x + 0.35], [y - 0.07, y - 0.07], transform=figure.dpi_scale_trans,
                                           color=color, linestyle=style, linewidth=2))
        label = fit_line(figure, label, 8.5, 1.7)
        _text(figure, x + 0.42, y, label, fontsize=8.5)
        x += 0.55 + text_width(figure, label, 8.5)
    y -= 0.35
    rows = _trend_rows(report)
    columns, width, height = 3, (WIDTH - 0.5) / 3, 2.0
    for number, row in enumerate(rows):
        column, line = number % columns, number // columns
        left = MARGIN + 0.35 + column * (width + 0.08)
        top = y - line * (height + 0.62)
        if top - height < FOOTER_TOP + 0.3:
            break
        label = "\n".join(wrap_lines(figure, heading(row), 7.6, width - 0.1, max_lines=2))
        _text(figure, left - 0.3, top, label, fontsize=7.6, fontweight="bold")
        axes = figure.add_axes(((left) / A4[0], (top - 0.3 - height) / A4[1], (width - 0.35) / A4[0],
                                (height - 0.1) / A4[1]))
        _chart(axes, row, report)
    return figure


def _chart(axes, row: FigureRow, report: DistrictReport) -> None:
    lang = report.lang
    drawn = []
    for series, color, style, width in ((row.trend_nederland, NEDERLAND_COLOR, ":", 1.4),
                                        (row.trend_gemeente, GEMEENTE_COLOR, "--", 1.4),
                                        (row.trend, DISTRICT_COLOR, "-", 2.0)):
        if series is None:
            continue
        for segment in series.segments:
            points = [(p.year, p.value) for p in segment if p.value is not None]
            if not points:
                continue
            xs, ys = zip(*points)
            axes.plot(xs, ys, linestyle=style, color=color, linewidth=width, marker="o", markersize=3)
            drawn.extend(ys)
        for year in series.breaks if series is row.trend else ():
            axes.axvline(year - 0.5, color=MARK, linewidth=0.8, linestyle=(0, (2, 2)))
    years = list(report.years)
    axes.set_xlim(years[0] - 0.4, years[-1] + 0.4)
    axes.set_xticks(years)
    axes.set_xticklabels([str(y) for y in years], fontsize=7)
    axes.tick_params(axis="y", labelsize=7)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    if drawn:
        low, high = min(drawn), max(drawn)
        pad = (high - low) * 0.15 or abs(high) * 0.05 or 1
        axes.set_ylim(low - pad, high + pad)
        ticks = [v for v in MaxNLocator(4, steps=[1, 2, 5, 10]).tick_values(low - pad, high + pad)
                 if low - pad <= v <= high + pad]
        decimals = _tick_decimals(ticks)
        axes.set_yticks(ticks, [format_number(v, decimals, lang) for v in ticks])


def _tick_decimals(ticks) -> int:
    """As many decimals as the step between ticks needs (0.5 -> 1, 0.05 -> 2), so labels read evenly."""
    if len(ticks) < 2:
        return 0
    step = abs(ticks[1] - ticks[0])
    return max(0, -int(math.floor(math.log10(step) + 1e-9))) if step > 0 else 0


def _section(figure: Figure, title: str, x: float, y: float) -> None:
    _text(figure, x, y, title, fontsize=11.5, fontweight="bold", color=DISTRICT_COLOR)


def _footer(figure: Figure, report: DistrictReport, page: int, pages: int) -> None:
    lang = report.lang
    figure.add_artist(Rectangle((MARGIN, FOOTER_TOP - 0.05), WIDTH, 0.01, transform=figure.dpi_scale_trans,
                                facecolor="#bbbbbb", edgecolor="none"))
    lines = wrap_lines(figure, footer_text(report), 7.2, WIDTH - 1.1, max_lines=4)
    _text(figure, MARGIN, FOOTER_TOP - 0.12, "\n".join(lines), fontsize=7.2, color=MUTED, linespacing=1.25)
    _text(figure, A4[0] - MARGIN, FOOTER_TOP - 0.12, t("report_page", lang, page=page, pages=pages), ha="right",
          fontsize=7.2, color=MUTED)


# --- words --------------------------------------------------------------------------------------



def _measure_word(similarity, measure: str, lang: str) -> str:
    if measure == "density" and similarity.columns.get("density") == "bevolkingsdichtheid":
        return t("measure_density_population", lang)
    return t(f"measure_{measure}", lang)


def _values_text(similarity, values: dict, lang: str) -> str:
    parts = []
    for measure in MEASURES:
        if measure not in values:
            continue
        key = f"measure_value_{measure}"
        if measure == "density" and similarity.columns.get("density") == "bevolkingsdichtheid":
            key = "measure_value_density_population"
        decimals = 1 if measure == "income" else 0
        parts.append(t(key, lang, value=format_number(values[measure], decimals, lang)))
    return ", ".join(parts)


# --- HTML ---------------------------------------------------------------------------------------


def report_html(report: DistrictReport) -> str:
    """The wijkprofiel as one self-contained HTML page (no request leaves it); every text is escaped."""
    lang = report.lang
    esc = html.escape
    title = t("report_title", lang, name=report.name)
    subtitle = t("report_subtitle", lang, level=t(f"level_one_{report.level}", lang), code=report.code,
                 gemeente=report.gemeente_name, year=report.year)
    parts = [f'<!DOCTYPE html><html lang="{esc(lang)}"><head><meta charset="utf-8">',
             f"<title>{esc(title)}</title><style>{_CSS}</style></head><body><main>"]
    if report.synthetic:
        parts.append(f'<p class="mark">{esc(t("slide_mark", lang))}</p>')
    parts.append(f"<h1>{esc(title)}</h1><p class='sub'>{esc(subtitle)}</p>")
    parts.append(f"<h2>{esc(t('report_locator', lang))}</h2>")
    parts.append(f'<img alt="{esc(t("report_locator", lang))}: {esc(report.name)}" '
                 f'src="data:image/png;base64,{_locator_png(report)}">')
    parts.append(f"<h2>{esc(t('report_summary', lang))}</h2><dl>")
    for block in report.themes:
        if block.theme != OTHER_THEME:
            parts.append(f"<dt>{esc(block.label)}</dt><dd>{esc(block.sentence)}</dd>")
    parts.append("</dl>")
    parts.append(f"<h2>{esc(t('report_key_figures', lang, year=report.year))}</h2><table><thead><tr>")
    headings = [t("report_col_indicator", lang)] + [title for title, _, _ in _columns(report)]
    parts.append("".join(f"<th scope='col'>{esc(h)}</th>" for h in headings) + "</tr></thead><tbody>")
    for block in report.themes:
        parts.append(f"<tr class='theme'><th colspan='6' scope='rowgroup'>{esc(block.label)}</th></tr>")
        for row in block.rows:
            arrow, color = arrow_of(row)
            secret_label = report.secret_labels.get(row.column)
            cells = [cell_text(row.value, row.decimals, lang, secret_label),
                     cell_text(row.gemeente, row.decimals, lang), cell_text(row.nederland, row.decimals, lang),
                     cell_text(row.similar, row.decimals, lang)]
            parts.append(f"<tr><th scope='row'>{esc(heading(row))}</th>"
                         + "".join(f"<td>{esc(c)}</td>" for c in cells)
                         + f"<td style='color:{color}'>{esc(arrow)}</td></tr>")
    parts.append("</tbody></table>")
    districts = t(f"level_{report.level}", lang).lower()
    parts.append(f"<p class='note'>{esc(t('report_arrows', lang, name=report.name, districts=districts))}</p>")
    parts.append(f"<h2>{esc(t('report_similar', lang))}</h2>")
    parts.extend(f"<p>{esc(line)}</p>" for line in similar_lines(report))
    for note in report.notes:
        parts.append(f"<p class='note'>{esc(note)}</p>")
    parts.append(f"<footer>{esc(footer_text(report))}</footer></main></body></html>")
    return "".join(parts)


def _locator_png(report: DistrictReport) -> str:
    """The locator map as a base64 PNG for the HTML page."""
    with figure_style():
        figure = Figure(figsize=(3.2, 3.2), dpi=100, facecolor="white")
        FigureCanvasAgg(figure)
        _locator(figure, report, (0, 0, 3.2, 3.2), size=(3.2, 3.2))
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", metadata=METADATA["png"], facecolor="white")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


_CSS = ("body{font-family:'DejaVu Sans',Arial,sans-serif;color:#222;max-width:52rem;margin:1.5rem auto;"
        "padding:0 1rem}h1{margin-bottom:.2rem}.sub{color:#555;margin-top:0}h2{color:#2166ac;margin-top:1.6rem}"
        ".mark{float:right;border:2px solid #b2182b;color:#b2182b;font-weight:bold;padding:.2rem .5rem}"
        "table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{padding:.2rem .4rem;text-align:right}"
        "th[scope=row],th[scope=rowgroup]{text-align:left;font-weight:normal}tr.theme th{background:#eef2f7;"
        "font-weight:bold}thead th{border-bottom:1px solid #555}dt{font-weight:bold;margin-top:.5rem}dd{margin:0}"
        ".note{color:#555;font-style:italic;font-size:.9rem}footer{margin-top:2rem;color:#555;font-size:.8rem}"
        "img{max-width:20rem}")
