"""The one door in and the one door out: every file the product reads or writes passes here first.

In: ``open_input`` checks a file before anything reads it (a path on this computer, not a URL; it
exists; its name says a format the reader knows; it is not empty; it is within the size limit),
so every reader refuses the same things with the same words. CSV text has one rule for its
encoding, separator and decimal mark (``sniff_csv``), whoever reads it: indicator tables, event
series, microdata.

Out: ``check_output`` checks where a file is to go before any work is done (a file name with an
extension the writer writes, in a folder that exists and can be written), so a command that
cannot write its result fails at once; ``atomic_output`` writes beside the target and renames
into place, so a failure leaves nothing behind. Both raise ``OutputError``.
"""

from __future__ import annotations

import codecs
import csv
import os
import re
import tempfile
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from indicators.core.errors import InputError
from indicators.core.words import join_words
from indicators.io.limits import megabytes

SEPARATORS = (";", "\t", "|", ",")
"""CSV separators, in the order a tie is decided: a comma is also the Dutch decimal mark, so it comes last."""
ENCODINGS = ("utf-8-sig", "cp1252")
"""Encodings tried in turn: UTF-8 (with or without BOM), else Windows-1252 as Excel writes CSV in the Netherlands."""
SAMPLE_BYTES = 64 * 1024
"""How much of a file the CSV rule reads to decide: enough for 200 lines of any real table."""

_COMMA_DECIMAL = re.compile(r"^[+-]?(\d+|\d{1,3}(\.\d{3})+),\d+\*{0,2}$")
_POINT_DECIMAL = re.compile(r"^[+-]?(\d+|\d{1,3}(,\d{3})+)\.\d+\*{0,2}$")


class OutputError(InputError):
    """A place an output file cannot be written to; the message says what to do instead."""

    topic = "output"


# --- in -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Input:
    """A file that passed the door: its name for messages, its format, and where its bytes are.

    ``path`` is the file on disk; an upload has ``data`` instead (and ``on_disk`` writes it to a
    temporary file for a reader, such as GDAL or DuckDB, that wants a path).
    """

    label: str
    suffix: str
    size: int
    path: Path | None = None
    data: bytes | None = None

    def read(self) -> bytes:
        """Every byte of the file (already checked against the size limit)."""
        return self.data if self.data is not None else self.path.read_bytes()

    def head(self, size: int = SAMPLE_BYTES) -> bytes:
        """The first ``size`` bytes, without reading the rest."""
        if self.data is not None:
            return self.data[:size]
        with self.path.open("rb") as handle:
            return handle.read(size)

    @contextmanager
    def on_disk(self):
        """A path to the bytes: the file itself (absolute), or a temporary copy of an upload, removed afterwards."""
        if self.data is None:
            yield os.path.abspath(self.path)  # absolute: GDAL never takes the name for a prefix or connection string
            return
        handle, path = tempfile.mkstemp(suffix=self.suffix or ".bin", prefix="wijkverkenner-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(self.data)
            yield path
        finally:
            os.unlink(path)


def open_input(source, *, formats, limit: int, name: str | None = None, error: type[InputError] = InputError,
               kinds: str = "", smaller: str = "") -> Input:
    """Check a file (a path, or the bytes of an upload) before it is read; return where its bytes are.

    Parameters
    ----------
    source : str, Path or bytes
        A file on this computer, or an upload's bytes.
    formats : sequence of str
        Extensions the reader knows (``.csv``, ``.xlsx``, ...); the name's extension must be one.
    limit : int
        Largest size in bytes (``indicators.io.limits``).
    name : str, optional
        The upload's file name (its extension tells the format), or a name for messages.
    error : type
        The reader's own ``InputError`` class, so the app can say the problem in its own words.
    kinds, smaller : str
        What the formats are in words (for the unsupported message), and how to make a file smaller.

    Raises
    ------
    error
        Kinds ``not_a_file`` (a URL or folder), ``not_found``, ``unsupported``, ``empty``, ``too_large``.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        label = name or "upload"
        path, size = None, len(data)
    elif isinstance(source, (str, os.PathLike)):
        text = os.fspath(source)
        if text.startswith("/vsi") or "://" in text:
            raise error(f"'{text}' is not a file on this computer: give the path of a downloaded file "
                        "(URLs and /vsi paths are not read)", "not_a_file")
        path, data = Path(text), None
        if path.is_dir():
            raise error(f"'{path}' is a folder, not a file: give the path of a file in it", "not_a_file")
        if not path.is_file():
            raise error(f"'{path}' does not exist or is not a file: check the path", "not_found")
        label, size = name or path.name, path.stat().st_size
    else:
        raise TypeError(f"'source' should be a file path or bytes, got {type(source).__name__} instead")
    suffix = Path(label).suffix.lower()
    if suffix not in formats:
        what = f" ({kinds})" if kinds else ""
        raise error(f"'{label}': unsupported file type {suffix or '(none)'!r}; use "
                    f"{join_words(formats, 'en', 'or')}{what}", "unsupported")
    if size == 0:
        raise error(f"'{label}' is empty (0 bytes): export it again with its contents", "empty")
    if size > limit:
        advice = f": {smaller}" if smaller else ""
        raise error(f"'{label}' is {megabytes(size)}, more than the limit of {megabytes(limit)}{advice}", "too_large",
                    size=megabytes(size), limit=megabytes(limit))
    return Input(label=label, suffix=suffix, size=size, path=path, data=data)


def check_text(data: bytes, label: str, error: type[InputError] = InputError) -> None:
    """Refuse workbooks and binary files named as CSV, before they are decoded as text."""
    if data.startswith(b"PK\x03\x04"):
        raise error(f"'{label}' is an Excel workbook (or another zip file), not CSV text: rename it to end in "
                    ".xlsx, or save it from Excel as CSV", "wrong_content", found="Excel/zip")
    if data.startswith(b"%PDF"):
        raise error(f"'{label}' is a PDF document, not a table: export the table itself as CSV or XLSX", "pdf")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise error(f"'{label}' is an old Excel workbook (.xls), not CSV text: save it from Excel as .xlsx or CSV",
                    "wrong_content", found="Excel 97-2003 (.xls)")
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" in data[:65536]:
        raise error(f"'{label}' holds binary data, not text: save the table as CSV (UTF-8) or XLSX", "binary")


def decode(data: bytes, final: bool = True) -> tuple[str, str]:
    """Text and encoding: UTF-16 with a BOM, UTF-8 (with or without BOM), else Windows-1252, else Latin-1.

    ``final=False`` for the first bytes of a file: a character cut at the end is left out, not taken
    as a sign of another encoding.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return codecs.getincrementaldecoder("utf-16")().decode(data, final=final), "utf-16"
        except UnicodeDecodeError:
            pass
    for encoding in ENCODINGS:
        try:
            return codecs.getincrementaldecoder(encoding)().decode(data, final=final), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


@dataclass(frozen=True)
class CsvDialect:
    """How a CSV file is written: its encoding, the separator between cells and the decimal mark."""

    encoding: str
    separator: str
    decimal: str


def sniff_csv(data: bytes, complete: bool = True) -> CsvDialect:
    """The one rule for CSV text: encoding (``decode``), separator and decimal mark, from the first 64 KB.

    The separator is the one that splits most lines into the same number (>1) of cells, ties going
    to ``;``, tab and ``|`` before ``,``. The decimal mark is voted on by the cells that read as a
    number one way only (``12,5`` or ``1.234,5`` for a comma; ``12.5`` for a point); a tie goes
    to the comma in a ``;`` file (as Dutch Excel and StatLine write them), else to the point.
    ``complete=False`` when ``data`` is only the file's first bytes (its last line may be cut).
    """
    sample = data[:SAMPLE_BYTES]
    text, encoding = decode(sample, final=complete and len(data) <= SAMPLE_BYTES)
    lines = [line for line in text.lstrip("\ufeff").splitlines() if line.strip()]
    if len(data) > len(sample) or not complete:
        lines = lines[:-1] or lines  # the last line may be cut off in the middle
    separator = detect_separator(lines[:200])
    cells = (cell for row in csv.reader(lines[:500], delimiter=separator) for cell in row)
    return CsvDialect(encoding=encoding, separator=separator, decimal=vote_decimal(cells, lean_comma=separator == ";"))


def detect_separator(lines: list[str]) -> str:
    """The separator that splits most lines into the same number (>1) of cells; ``;`` when none does."""
    best, best_score = None, 0
    for separator in SEPARATORS:
        counts: dict[int, int] = {}
        for row in csv.reader(lines, delimiter=separator):
            if len(row) > 1:
                counts[len(row)] = counts.get(len(row), 0) + 1
        score = max(counts.values(), default=0)
        if score > best_score:
            best, best_score = separator, score
    return best or ";"


def vote_decimal(cells: Iterable, lean_comma: bool) -> str:
    """``,`` or ``.``: the mark more cells read as a decimal by; ``lean_comma`` decides a tie."""
    comma = point = 0
    for cell in cells:
        if isinstance(cell, str):
            text = cell.strip()
            comma += bool(_COMMA_DECIMAL.match(text))
            point += bool(_POINT_DECIMAL.match(text))
    if comma == point:
        return "," if lean_comma else "."
    return "," if comma > point else "."


# --- out ------------------------------------------------------------------------------------------


def check_output(path, formats, what: str = "", error: type[InputError] | None = None) -> Path:
    """Check where a file is to go, before any work: a known extension, in a folder that can be written.

    Parameters
    ----------
    path : str or Path
        The file to write.
    formats : sequence of str
        Extensions the writer writes (``.csv``, ``.xlsx``, ...).
    what : str
        What is written, for the message ("the model", "a wijkprofiel"); the file name alone by default.
    error : type, optional
        The writer's own ``InputError`` class; ``OutputError`` by default.

    Raises
    ------
    error
        Kinds ``format``, ``no_folder`` (with ``folder``), ``not_a_folder``, ``is_folder``, ``read_only``.
    """
    error = error or OutputError
    path = Path(path)
    if path.suffix.lower() not in formats:
        target = f"{what} to '{path.name}'" if what else f"'{path.name}'"
        raise error(f"cannot write {target}: use a file name ending in {join_words(formats, 'en', 'or')}",
                    "format", formats=", ".join(formats))
    check_folder(path.parent, error=error)
    if path.is_dir():
        raise error(f"'{path}' is a folder: give a file name in it, e.g. '{path / ('uitvoer' + formats[0])}'",
                    "is_folder")
    return path


def check_folder(folder, may_create: bool = False, error: type[InputError] | None = None) -> Path:
    """Check that files can be written into ``folder``: a folder this user may write in.

    ``may_create``: the folder may be missing when the writer makes it; the nearest folder above it
    that exists must then be writable.
    """
    error = error or OutputError
    folder = Path(folder)
    above = next((parent for parent in (folder, *folder.parents) if parent.exists()), None)
    if above is not None and not above.is_dir():
        raise error(f"'{above}' is a file, not a folder: choose another --out", "not_a_folder",
                    folder=str(above))
    if above != folder and not may_create:
        raise error(f"folder '{folder}' does not exist: create it or choose another --out", "no_folder",
                    folder=str(folder))
    if above is not None and not os.access(above, os.W_OK | os.X_OK):
        raise error(f"folder '{above}' cannot be written to: choose another --out", "read_only",
                    folder=str(above))
    return folder


@contextmanager
def atomic_output(path):
    """Yield a temporary path beside ``path``; it replaces ``path`` only when the block succeeds."""
    path = Path(path)
    check_folder(path.parent)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent)
    except OSError as problem:  # a folder the file system refuses (/sys, a full disk) though access() allowed it
        raise OutputError(f"folder '{path.parent}' cannot be written to ({problem.strerror.lower()}): choose "
                          "another --out", "read_only", folder=str(path.parent)) from None
    os.close(handle)
    os.unlink(temporary)  # writers (GDAL) want to create the file themselves
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def write_json(document, path, formats=(".json",)) -> Path:
    """A result as JSON (a model's, the durations'), all-or-nothing; Infinity or NaN is a bug, never a file."""
    import json

    return write_text(path, json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n", formats)


def read_json(source, name: str, error: type[InputError]):
    """A result's JSON from its text (bytes or str) or its file (a Path); ``error`` (kind ``bad_result``) where none."""
    import json

    if isinstance(source, (str, bytes)):
        text = source
    else:
        try:
            text = Path(source).read_bytes()
        except OSError as problem:
            raise error(f"{Path(source).name} cannot be read ({problem})", "bad_result") from None
    try:
        return json.loads(text.decode("utf-8-sig") if isinstance(text, bytes) else text)
    except (UnicodeDecodeError, ValueError, RecursionError) as problem:
        raise error(f"{name} is not JSON ({problem})", "bad_result") from None


def write_text(path, text: str, formats=(".html", ".json", ".csv", ".txt", ".svg")) -> Path:
    """Write a text file (an HTML map, a JSON result) all-or-nothing, after ``check_output``."""
    path = check_output(path, formats)
    with atomic_output(path) as temporary:
        Path(temporary).write_text(text, encoding="utf-8")
    return path
