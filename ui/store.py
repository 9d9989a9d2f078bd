"""Saved views and decks, kept in one embedded SQLite file so they outlive a browser session.

Pure standard library and no Streamlit, so the store can be tested and used from the command line.
Every public call opens its own connection and closes it again: several Streamlit sessions (threads)
and processes can then share the file, and SQLite's locking keeps them apart. Every write is one
transaction, so a failed write leaves everything saved before it as it was.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from indicators.core.errors import InputError

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "views.sqlite"
ENV_VAR = "WIJKVERKENNER_VIEWS"

# MIGRATIONS[i] brings a database from schema version i to i + 1 (PRAGMA user_version).
# Append new steps; never change one that has shipped, since databases out there already ran it.
MIGRATIONS: list[tuple[str, ...]] = [
    (
        "CREATE TABLE views (id INTEGER PRIMARY KEY, title TEXT NOT NULL, settings TEXT NOT NULL,"
        " created TEXT NOT NULL, updated TEXT NOT NULL)",
        "CREATE TABLE decks (id INTEGER PRIMARY KEY, title TEXT NOT NULL)",
        "CREATE TABLE deck_views (deck_id INTEGER NOT NULL REFERENCES decks(id) ON DELETE CASCADE,"
        " position INTEGER NOT NULL, view_id INTEGER NOT NULL REFERENCES views(id) ON DELETE CASCADE,"
        " PRIMARY KEY (deck_id, position))",
    ),
    ("ALTER TABLE views ADD COLUMN note TEXT NOT NULL DEFAULT ''",),
]
SCHEMA_VERSION = len(MIGRATIONS)

DECK_FORMAT = "wijkverkenner-deck"
DECK_VERSION = 1
MAX_TITLE = 200
MAX_NOTE = 5000
MAX_DECK_BYTES = 2 * 1024 * 1024
MAX_DECK_VIEWS = 200


class StoreError(InputError):
    """A problem with the saved-views database or with what was asked of it.

    ``kind`` is one of ``corrupt``, ``locked``, ``not_found``, ``bad_deck`` and ``bad_view``.
    """

    topic = "store"


@dataclass(frozen=True)
class SavedView:
    """One saved view: the app's settings under a title, with an optional note."""

    id: int
    title: str
    note: str
    settings: dict
    created: str
    updated: str


@dataclass(frozen=True)
class Deck:
    """An ordered list of saved views to present one after another; a view may appear more than once."""

    id: int
    title: str
    view_ids: tuple[int, ...]


def store_path() -> Path:
    """Where the saved views live.

    Returns
    -------
    Path
        ``$WIJKVERKENNER_VIEWS`` when set (tests, shared installations), else ``data/views.sqlite``.
    """
    value = os.environ.get(ENV_VAR)
    return Path(value) if value else DEFAULT_PATH


def _now() -> str:
    """The current UTC time to the second, as ISO text that sorts in time order."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _check_title(title, kind: str = "bad_view", what: str = "view") -> str:
    """The title stripped, or a StoreError saying why it cannot be used."""
    if not isinstance(title, str) or not title.strip():
        raise StoreError(f"The {what} has no title; give it a name.", kind=kind, field="title")
    title = title.strip()
    if len(title) > MAX_TITLE:
        raise StoreError(f"The {what} title is {len(title)} characters long; shorten it to at most {MAX_TITLE}.",
                         kind=kind, field="title", length=len(title), limit=MAX_TITLE)
    return title


def _check_note(note, kind: str = "bad_view") -> str:
    """The note as given, or a StoreError when it is not text or too long."""
    if note is None:
        return ""
    if not isinstance(note, str):
        raise StoreError("The note must be text.", kind=kind, field="note")
    if len(note) > MAX_NOTE:
        raise StoreError(f"The note is {len(note)} characters long; shorten it to at most {MAX_NOTE}.",
                         kind=kind, field="note", length=len(note), limit=MAX_NOTE)
    return note


def _is_plain_json(value) -> bool:
    """Whether ``value`` survives a JSON round trip unchanged (tuples come back as lists)."""
    if value is None or isinstance(value, (str, bool, int)):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, (list, tuple)):
        return all(_is_plain_json(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and _is_plain_json(item) for key, item in value.items())
    return False


def _encode_settings(settings, kind: str = "bad_view") -> str:
    """The settings as JSON text, or a StoreError when they are not a dict of plain JSON values."""
    if not isinstance(settings, dict) or not _is_plain_json(settings):
        raise StoreError("The view's settings must be a dictionary with text keys and plain values "
                         "(text, numbers, true/false, lists); save the view again from the app.",
                         kind=kind, field="settings")
    return json.dumps(settings, sort_keys=True, ensure_ascii=False, allow_nan=False)


def _map_error(error: sqlite3.Error, path: Path) -> StoreError | None:
    """The StoreError a SQLite error stands for, or None when it is not one the user can act on."""
    text = str(error).lower()
    if isinstance(error, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
        return StoreError(f"The saved views in {path} are in use by another session for too long; "
                          "try again in a moment.", kind="locked", path=str(path))
    if isinstance(error, sqlite3.DatabaseError) and any(
            part in text for part in ("not a database", "malformed", "file is encrypted")):
        return StoreError(f"{path} is not a readable saved-views database ({error}); move it aside or restore "
                          "a backup, and a new one is made on the next save.", kind="corrupt", path=str(path))
    return None


def _row_to_view(row) -> SavedView:
    """A SavedView from a ``views`` row."""
    return SavedView(id=row["id"], title=row["title"], note=row["note"], settings=json.loads(row["settings"]),
                     created=row["created"], updated=row["updated"])


class ViewStore:
    """Saved views and decks in one SQLite file; safe to share between sessions and threads.

    Parameters
    ----------
    path
        The database file; None uses :func:`store_path`. File and folder are made on first use.
    timeout
        Seconds to wait for another session's write before giving up with kind ``locked``.
    """

    def __init__(self, path: str | os.PathLike | None = None, *, timeout: float = 5.0):
        self.path = Path(path) if path is not None else store_path()
        self.timeout = timeout

    # -- connections ---------------------------------------------------------------------------------

    @contextmanager
    def _connect(self):
        """A fresh connection on an up-to-date schema, closed afterwards; SQLite errors become StoreErrors."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = None
        try:
            # Autocommit mode: transactions are begun explicitly (BEGIN IMMEDIATE), so a writer takes the
            # write lock up front and waits for it instead of failing half-way through.
            connection = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
            connection.row_factory = sqlite3.Row
            self._check_version(connection.execute("PRAGMA user_version").fetchone()[0])
            connection.execute("PRAGMA foreign_keys = ON")
            try:
                connection.execute("PRAGMA journal_mode = WAL")  # readers need not wait for writers
            except sqlite3.OperationalError as error:
                if _map_error(error, self.path) is not None:
                    raise  # otherwise e.g. a file system without shared memory: the default journal works too
            self._migrate(connection)
            yield connection
        except sqlite3.Error as error:
            mapped = _map_error(error, self.path)
            if mapped is None:
                raise
            raise mapped from error
        finally:
            if connection is not None:
                connection.close()

    def _check_version(self, version: int) -> None:
        """Refuse a database from a newer app, before anything is written to it."""
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path} was made by a newer version of Wijkverkenner (schema {version}, this "
                             f"version knows up to {SCHEMA_VERSION}); update the app or use another file.",
                             kind="corrupt", path=str(self.path), version=version)

    def _migrate(self, connection) -> None:
        """Bring the schema up to date in one transaction; the version is read again under the write lock."""
        if connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
            return
        with _transaction(connection):
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            self._check_version(version)
            for step in MIGRATIONS[version:]:
                for statement in step:
                    connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def _write(self):
        """A connection inside one write transaction: all of it is saved, or none of it."""
        with self._connect() as connection, _transaction(connection):
            yield connection

    @contextmanager
    def _read(self):
        """A connection inside one read transaction, so related queries see the same data."""
        with self._connect() as connection, _transaction(connection, write=False):
            yield connection

    # -- views ---------------------------------------------------------------------------------------

    def list_views(self) -> list[SavedView]:
        """All saved views.

        Returns
        -------
        list of SavedView
            Ordered by title, then by id.
        """
        with self._read() as connection:
            rows = connection.execute("SELECT * FROM views ORDER BY title, id").fetchall()
        return [_row_to_view(row) for row in rows]

    def get_view(self, view_id: int) -> SavedView:
        """One saved view.

        Parameters
        ----------
        view_id
            The view's id.

        Returns
        -------
        SavedView

        Raises
        ------
        StoreError
            Kind ``not_found`` when there is no such view.
        """
        with self._read() as connection:
            return _fetch_view(connection, view_id)

    def save_view(self, title: str, settings: dict, note: str = "") -> SavedView:
        """Save the settings as a new view.

        Parameters
        ----------
        title
            Its name, 1 to 200 characters after stripping spaces.
        settings
            The app's settings: a dict with text keys and plain JSON values.
        note
            Free text of at most 5000 characters.

        Returns
        -------
        SavedView
            The new view.

        Raises
        ------
        StoreError
            Kind ``bad_view`` for bad input; ``locked`` or ``corrupt`` when the database cannot be written.
        """
        title, note, text = _check_title(title), _check_note(note), _encode_settings(settings)
        with self._write() as connection:
            view_id = _insert_view(connection, title, note, text, _now())
            return _fetch_view(connection, view_id)

    def update_view(self, view_id: int, *, title: str | None = None, note: str | None = None,
                    settings: dict | None = None) -> SavedView:
        """Change the given fields of a view and leave the others as they are.

        Parameters
        ----------
        view_id
            The view's id.
        title, note, settings
            New values; None keeps the current one.

        Returns
        -------
        SavedView
            The view after the change, with ``updated`` set to now.

        Raises
        ------
        StoreError
            Kind ``not_found`` or ``bad_view``.
        """
        changes = {}
        if title is not None:
            changes["title"] = _check_title(title)
        if note is not None:
            changes["note"] = _check_note(note)
        if settings is not None:
            changes["settings"] = _encode_settings(settings)
        with self._write() as connection:
            _fetch_view(connection, view_id)
            changes["updated"] = _now()
            assignments = ", ".join(f"{column} = ?" for column in changes)
            connection.execute(f"UPDATE views SET {assignments} WHERE id = ?", (*changes.values(), view_id))
            return _fetch_view(connection, view_id)

    def rename_view(self, view_id: int, title: str) -> SavedView:
        """Give a view a new title.

        Parameters
        ----------
        view_id
            The view's id.
        title
            The new title.

        Returns
        -------
        SavedView
            The renamed view.
        """
        return self.update_view(view_id, title=title)

    def delete_view(self, view_id: int) -> None:
        """Delete a view, and take it out of every deck (the decks' other views close up).

        Parameters
        ----------
        view_id
            The view's id.

        Raises
        ------
        StoreError
            Kind ``not_found`` when there is no such view.
        """
        with self._write() as connection:
            _fetch_view(connection, view_id)
            deck_ids = [row[0] for row in connection.execute(
                "SELECT DISTINCT deck_id FROM deck_views WHERE view_id = ?", (view_id,))]
            connection.execute("DELETE FROM views WHERE id = ?", (view_id,))  # cascades to deck_views
            for deck_id in deck_ids:
                _write_deck_views(connection, deck_id, _deck_view_ids(connection, deck_id))

    def duplicate_view(self, view_id: int) -> SavedView:
        """Copy a view under the title "<title> (kopie)", to vary on it without losing the original.

        Parameters
        ----------
        view_id
            The view to copy.

        Returns
        -------
        SavedView
            The new copy.
        """
        with self._write() as connection:
            view = _fetch_view(connection, view_id)
            title = (view.title + " (kopie)")[:MAX_TITLE]
            text = json.dumps(view.settings, sort_keys=True, ensure_ascii=False)
            new_id = _insert_view(connection, title, view.note, text, _now())
            return _fetch_view(connection, new_id)

    # -- decks ---------------------------------------------------------------------------------------

    def list_decks(self) -> list[Deck]:
        """All decks.

        Returns
        -------
        list of Deck
            Ordered by title, then by id.
        """
        with self._read() as connection:
            ids = [row[0] for row in connection.execute("SELECT id FROM decks ORDER BY title, id")]
            return [_fetch_deck(connection, deck_id) for deck_id in ids]

    def get_deck(self, deck_id: int) -> Deck:
        """One deck.

        Parameters
        ----------
        deck_id
            The deck's id.

        Returns
        -------
        Deck

        Raises
        ------
        StoreError
            Kind ``not_found`` when there is no such deck.
        """
        with self._read() as connection:
            return _fetch_deck(connection, deck_id)

    def create_deck(self, title: str, view_ids=()) -> Deck:
        """Make a new deck.

        Parameters
        ----------
        title
            Its name, 1 to 200 characters after stripping spaces.
        view_ids
            The views in presentation order.

        Returns
        -------
        Deck

        Raises
        ------
        StoreError
            Kind ``bad_deck`` for a bad title; ``not_found`` when a view does not exist.
        """
        title = _check_title(title, kind="bad_deck", what="deck")
        with self._write() as connection:
            deck_id = connection.execute("INSERT INTO decks (title) VALUES (?)", (title,)).lastrowid
            _write_deck_views(connection, deck_id, _check_view_ids(connection, view_ids))
            return _fetch_deck(connection, deck_id)

    def rename_deck(self, deck_id: int, title: str) -> Deck:
        """Give a deck a new title.

        Parameters
        ----------
        deck_id
            The deck's id.
        title
            The new title.

        Returns
        -------
        Deck
        """
        title = _check_title(title, kind="bad_deck", what="deck")
        with self._write() as connection:
            _fetch_deck(connection, deck_id)
            connection.execute("UPDATE decks SET title = ? WHERE id = ?", (title, deck_id))
            return _fetch_deck(connection, deck_id)

    def delete_deck(self, deck_id: int) -> None:
        """Delete a deck; its views stay saved.

        Parameters
        ----------
        deck_id
            The deck's id.
        """
        with self._write() as connection:
            _fetch_deck(connection, deck_id)
            connection.execute("DELETE FROM decks WHERE id = ?", (deck_id,))

    def set_deck_views(self, deck_id: int, view_ids) -> Deck:
        """Replace a deck's views with ``view_ids``, in that order (repeats allowed).

        Parameters
        ----------
        deck_id
            The deck's id.
        view_ids
            The views in presentation order.

        Returns
        -------
        Deck

        Raises
        ------
        StoreError
            Kind ``not_found`` when the deck or one of the views does not exist; nothing is changed then.
        """
        with self._write() as connection:
            _fetch_deck(connection, deck_id)
            _write_deck_views(connection, deck_id, _check_view_ids(connection, view_ids))
            return _fetch_deck(connection, deck_id)

    def move_in_deck(self, deck_id: int, position: int, offset: int) -> Deck:
        """Move one entry of a deck up (``offset`` -1) or down (+1); it stops at either end.

        Parameters
        ----------
        deck_id
            The deck's id.
        position
            The entry's place, from 0.
        offset
            How many places to move it; negative is towards the start.

        Returns
        -------
        Deck
            The deck after the move.

        Raises
        ------
        StoreError
            Kind ``not_found`` when the deck has no such position.
        """
        with self._write() as connection:
            view_ids = list(_fetch_deck(connection, deck_id).view_ids)
            if not 0 <= position < len(view_ids):
                raise StoreError(f"Deck {deck_id} has no view at position {position}; it has {len(view_ids)}.",
                                 kind="not_found", deck_id=deck_id, position=position)
            target = max(0, min(len(view_ids) - 1, position + offset))
            view_ids.insert(target, view_ids.pop(position))
            _write_deck_views(connection, deck_id, view_ids)
            return _fetch_deck(connection, deck_id)

    # -- sharing -------------------------------------------------------------------------------------

    def export_deck(self, deck_id: int) -> str:
        """A deck with its views as JSON text, to share with someone who has another database.

        Parameters
        ----------
        deck_id
            The deck's id.

        Returns
        -------
        str
            ``{"format": "wijkverkenner-deck", "version": 1, "title": ..., "views": [...]}``, views in deck order.
        """
        with self._read() as connection:
            deck = _fetch_deck(connection, deck_id)
            views = [_fetch_view(connection, view_id) for view_id in deck.view_ids]
        document = {
            "format": DECK_FORMAT,
            "version": DECK_VERSION,
            "title": deck.title,
            "views": [{"title": view.title, "note": view.note, "settings": view.settings} for view in views],
        }
        return json.dumps(document, ensure_ascii=False, indent=2)

    def same_deck(self, text: str | bytes) -> Deck | None:
        """The deck already here with the title and views of an exported deck; None when there is none.

        Importing the same file twice would give two identical decks; the app asks first.

        Parameters
        ----------
        text
            The JSON text made by :meth:`export_deck`.

        Returns
        -------
        Deck or None
            The first deck with the same title and the same views (title, note and settings) in
            the same order.

        Raises
        ------
        StoreError
            Kind ``bad_deck`` when the text is not a valid deck, as :meth:`import_deck`.
        """
        title, views = _parse_deck(text)
        wanted = [(view_title, note, json.loads(settings)) for view_title, note, settings in views]
        with self._read() as connection:
            rows = connection.execute("SELECT id FROM decks WHERE title = ? ORDER BY id", (title,)).fetchall()
            for row in rows:
                deck = _fetch_deck(connection, row["id"])
                have = [_fetch_view(connection, view_id) for view_id in deck.view_ids]
                if [(view.title, view.note, view.settings) for view in have] == wanted:
                    return deck
        return None

    def import_deck(self, text: str | bytes) -> Deck:
        """Add an exported deck: new views (always, even if the same ones exist) and a deck with them in order.

        Parameters
        ----------
        text
            The JSON text made by :meth:`export_deck`.

        Returns
        -------
        Deck
            The new deck.

        Raises
        ------
        StoreError
            Kind ``bad_deck`` when the text is not a valid deck; nothing is written then.
        """
        title, views = _parse_deck(text)
        with self._write() as connection:
            now = _now()
            view_ids = [_insert_view(connection, *view, now) for view in views]
            deck_id = connection.execute("INSERT INTO decks (title) VALUES (?)", (title,)).lastrowid
            _write_deck_views(connection, deck_id, view_ids)
            return _fetch_deck(connection, deck_id)


@contextmanager
def _transaction(connection, write: bool = True):
    """One transaction: committed when the block ends, rolled back when it raises."""
    connection.execute("BEGIN IMMEDIATE" if write else "BEGIN")
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _fetch_view(connection, view_id) -> SavedView:
    """The view with this id, or StoreError ``not_found``."""
    row = connection.execute("SELECT * FROM views WHERE id = ?", (view_id,)).fetchone()
    if row is None:
        raise StoreError(f"There is no saved view with id {view_id}; it may have been deleted in another session.",
                         kind="not_found", view_id=view_id)
    return _row_to_view(row)


def _insert_view(connection, title: str, note: str, settings_text: str, now: str) -> int:
    """Insert a checked view and return its id."""
    return connection.execute(
        "INSERT INTO views (title, note, settings, created, updated) VALUES (?, ?, ?, ?, ?)",
        (title, note, settings_text, now, now)).lastrowid


def _deck_view_ids(connection, deck_id) -> list[int]:
    """The deck's view ids in order."""
    return [row[0] for row in connection.execute(
        "SELECT view_id FROM deck_views WHERE deck_id = ? ORDER BY position", (deck_id,))]


def _fetch_deck(connection, deck_id) -> Deck:
    """The deck with this id, or StoreError ``not_found``."""
    row = connection.execute("SELECT id, title FROM decks WHERE id = ?", (deck_id,)).fetchone()
    if row is None:
        raise StoreError(f"There is no deck with id {deck_id}; it may have been deleted in another session.",
                         kind="not_found", deck_id=deck_id)
    return Deck(id=row["id"], title=row["title"], view_ids=tuple(_deck_view_ids(connection, deck_id)))


def _check_view_ids(connection, view_ids) -> list[int]:
    """The view ids as a list, or StoreError ``not_found`` naming the first that does not exist."""
    view_ids = list(view_ids)
    for view_id in view_ids:
        _fetch_view(connection, view_id)
    return view_ids


def _write_deck_views(connection, deck_id, view_ids) -> None:
    """Store the deck's views in order, at positions 0..n-1."""
    connection.execute("DELETE FROM deck_views WHERE deck_id = ?", (deck_id,))
    connection.executemany("INSERT INTO deck_views (deck_id, position, view_id) VALUES (?, ?, ?)",
                           [(deck_id, position, view_id) for position, view_id in enumerate(view_ids)])


def _bad_deck(reason: str, **details) -> StoreError:
    """A StoreError ``bad_deck`` that says what was wrong and what to do."""
    return StoreError(f"This file is not a usable Wijkverkenner deck: {reason}. Export the deck again and "
                      "import that file.", kind="bad_deck", reason=reason, **details)


def _parse_deck(text: str | bytes) -> tuple[str, list[tuple[str, str, str]]]:
    """The deck's title and its views as (title, note, settings JSON), all checked; StoreError ``bad_deck`` if not."""
    if isinstance(text, str):
        size = len(text.encode("utf-8", errors="replace"))
    elif isinstance(text, (bytes, bytearray)):
        size = len(text)
    else:
        raise _bad_deck("it is not text")
    if size > MAX_DECK_BYTES:
        raise _bad_deck(f"it is {size} bytes, more than the {MAX_DECK_BYTES} allowed", size=size)
    try:
        if not isinstance(text, str):
            text = bytes(text).decode("utf-8-sig")
        document = json.loads(text)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise _bad_deck(f"it is not JSON ({error})") from error
    if not isinstance(document, dict) or document.get("format") != DECK_FORMAT:
        raise _bad_deck(f'it has no "format": "{DECK_FORMAT}"')
    version = document.get("version")
    if type(version) is not int or version != DECK_VERSION:
        raise _bad_deck(f"its version is {version!r}, this app reads version {DECK_VERSION}", version=version)
    views = document.get("views")
    if not isinstance(views, list):
        raise _bad_deck('it has no list of "views"')
    if len(views) > MAX_DECK_VIEWS:
        raise _bad_deck(f"it has {len(views)} views, more than the {MAX_DECK_VIEWS} allowed", count=len(views))
    try:
        title = _check_title(document.get("title"), what="deck")
    except StoreError as error:
        raise _bad_deck(str(error)) from error
    checked = []
    for number, view in enumerate(views, start=1):
        if not isinstance(view, dict) or "title" not in view or "settings" not in view:
            raise _bad_deck(f"view {number} has no title or settings", view=number)
        try:
            checked.append((_check_title(view["title"]), _check_note(view.get("note")),
                            _encode_settings(view["settings"])))
        except StoreError as error:
            raise _bad_deck(f"view {number}: {error}", view=number) from error
    return title, checked
