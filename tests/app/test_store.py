"""Saved views and decks (ui/store.py): what a user saves is still there, in order, and bad files are refused."""

from __future__ import annotations

import json
import sqlite3
import threading

import pytest

from ui.store import DEFAULT_PATH, SCHEMA_VERSION, Deck, SavedView, StoreError, ViewStore, store_path

SETTINGS = {"dataset": "demo", "level": "wijk", "year": 2024, "indicator": "a_inw", "k": 5,
            "selected": ["WK191601", "WK191602"], "lang": "nl"}


@pytest.fixture
def store(tmp_path):
    return ViewStore(tmp_path / "views.sqlite")


def user_version(path) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("PRAGMA user_version").fetchone()[0]


def test_store_path_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("WIJKVERKENNER_VIEWS", raising=False)
    assert store_path() == DEFAULT_PATH
    assert DEFAULT_PATH.parts[-2:] == ("data", "views.sqlite")
    monkeypatch.setenv("WIJKVERKENNER_VIEWS", str(tmp_path / "elders.sqlite"))
    assert store_path() == tmp_path / "elders.sqlite"
    assert ViewStore().path == tmp_path / "elders.sqlite"


def test_database_and_folder_are_made_on_first_use(tmp_path):
    path = tmp_path / "nieuw" / "map" / "views.sqlite"
    store = ViewStore(path)
    assert store.list_views() == []
    assert path.is_file()
    assert user_version(path) == SCHEMA_VERSION


def test_saved_view_comes_back_as_saved(store):
    view = store.save_view("  Inwoners per wijk  ", SETTINGS, note="Voor de raad")
    assert isinstance(view, SavedView)
    assert view.title == "Inwoners per wijk"
    assert view.note == "Voor de raad"
    assert view.settings == SETTINGS
    assert view.created == view.updated and view.created.endswith("+00:00")
    assert store.get_view(view.id) == view


def test_views_are_listed_by_title(store):
    b = store.save_view("B", SETTINGS)
    a = store.save_view("A", {"k": 3})
    b2 = store.save_view("B", {"k": 4})
    assert [v.id for v in store.list_views()] == [a.id, b.id, b2.id]


def test_update_changes_only_the_given_fields(store):
    view = store.save_view("Titel", SETTINGS, note="eerste")
    updated = store.update_view(view.id, note="tweede")
    assert (updated.title, updated.note, updated.settings) == ("Titel", "tweede", SETTINGS)
    assert updated.created == view.created and updated.updated >= view.created
    updated = store.update_view(view.id, settings={"k": 7})
    assert (updated.title, updated.note, updated.settings) == ("Titel", "tweede", {"k": 7})
    assert store.get_view(view.id) == updated


def test_rename_view(store):
    view = store.save_view("Oud", SETTINGS)
    store.rename_view(view.id, "Nieuw")
    assert store.get_view(view.id).title == "Nieuw"
    assert store.get_view(view.id).settings == SETTINGS


def test_duplicate_makes_an_independent_copy(store):
    view = store.save_view("Kaart", SETTINGS, note="n")
    copy = store.duplicate_view(view.id)
    assert copy.id != view.id
    assert (copy.title, copy.note, copy.settings) == ("Kaart (kopie)", "n", SETTINGS)
    store.update_view(copy.id, settings={"k": 2})
    assert store.get_view(view.id).settings == SETTINGS


def test_missing_view_or_deck_is_not_found(store):
    for call in (lambda: store.get_view(42), lambda: store.delete_view(42), lambda: store.get_deck(42),
                 lambda: store.create_deck("D", [42])):
        with pytest.raises(StoreError) as caught:
            call()
        assert caught.value.kind == "not_found"
    assert store.list_decks() == []  # the failed create_deck left nothing behind


@pytest.mark.parametrize("title, note, settings", [
    ("   ", "", SETTINGS),
    ("x" * 201, "", SETTINGS),
    ("Titel", "x" * 5001, SETTINGS),
    ("Titel", "", ["geen", "dict"]),
    ("Titel", "", {"k": object()}),
    ("Titel", "", {"k": float("nan")}),
])
def test_bad_view_input_is_refused(store, title, note, settings):
    keep = store.save_view("Blijft", SETTINGS)
    with pytest.raises(StoreError) as caught:
        store.save_view(title, settings, note=note)
    assert caught.value.kind == "bad_view"
    assert str(caught.value)
    with pytest.raises(StoreError):
        store.update_view(keep.id, title=title, note=note, settings=settings)
    assert store.list_views() == [keep]


def test_decks_keep_their_order(store):
    a, b, c = (store.save_view(title, {"n": n}) for n, title in enumerate("ABC"))
    deck = store.create_deck("Presentatie", [a.id, b.id, c.id])
    assert isinstance(deck, Deck) and deck.view_ids == (a.id, b.id, c.id)
    assert store.move_in_deck(deck.id, 2, -1).view_ids == (a.id, c.id, b.id)
    assert store.move_in_deck(deck.id, 0, -1).view_ids == (a.id, c.id, b.id)  # already first
    assert store.move_in_deck(deck.id, 2, +1).view_ids == (a.id, c.id, b.id)  # already last
    assert store.move_in_deck(deck.id, 0, +1).view_ids == (c.id, a.id, b.id)
    assert store.set_deck_views(deck.id, [b.id, b.id, a.id]).view_ids == (b.id, b.id, a.id)
    with pytest.raises(StoreError) as caught:
        store.set_deck_views(deck.id, [a.id, 999])
    assert caught.value.kind == "not_found"
    assert store.get_deck(deck.id).view_ids == (b.id, b.id, a.id)
    store.rename_deck(deck.id, "Raad")
    assert store.list_decks() == [Deck(deck.id, "Raad", (b.id, b.id, a.id))]


def test_deleting_a_view_closes_up_the_decks(store, tmp_path):
    a, b, c = (store.save_view(title, {}) for title in "ABC")
    deck = store.create_deck("D", [a.id, b.id, c.id, b.id])
    other = store.create_deck("E", [b.id])
    store.delete_view(b.id)
    assert [v.title for v in store.list_views()] == ["A", "C"]
    assert store.get_deck(deck.id).view_ids == (a.id, c.id)
    assert store.get_deck(other.id).view_ids == ()
    with sqlite3.connect(tmp_path / "views.sqlite") as connection:
        positions = connection.execute("SELECT position FROM deck_views WHERE deck_id = ? ORDER BY position",
                                       (deck.id,)).fetchall()
    assert positions == [(0,), (1,)]
    assert store.move_in_deck(deck.id, 1, -1).view_ids == (c.id, a.id)


def test_deleting_a_deck_keeps_its_views(store):
    a = store.save_view("A", SETTINGS)
    deck = store.create_deck("D", [a.id])
    store.delete_deck(deck.id)
    assert store.list_decks() == []
    assert store.list_views() == [a]


def test_exported_deck_imports_into_another_database(store, tmp_path):
    a = store.save_view("Één", SETTINGS, note="met ü")
    b = store.save_view("Twee", {"k": 3})
    deck = store.create_deck("Raadsvergadering", [b.id, a.id, b.id])
    text = store.export_deck(deck.id)
    assert json.loads(text)["format"] == "wijkverkenner-deck" and "Één" in text

    elsewhere = ViewStore(tmp_path / "ander" / "views.sqlite")
    elsewhere.save_view("Al aanwezig", {})
    imported = elsewhere.import_deck(text.encode("utf-8"))
    assert imported.title == "Raadsvergadering"
    views = [elsewhere.get_view(view_id) for view_id in imported.view_ids]
    assert [(v.title, v.note, v.settings) for v in views] == [
        ("Twee", "", {"k": 3}), ("Één", "met ü", SETTINGS), ("Twee", "", {"k": 3})]
    assert len(set(imported.view_ids)) == 3  # always new rows
    again = elsewhere.import_deck(text)
    assert not set(again.view_ids) & set(imported.view_ids)
    assert len(elsewhere.list_views()) == 7


def test_a_deck_imported_before_is_recognised(store, tmp_path):
    a = store.save_view("Één", SETTINGS, note="met ü")
    b = store.save_view("Twee", {"k": 3})
    text = store.export_deck(store.create_deck("Raad", [b.id, a.id]).id)
    elsewhere = ViewStore(tmp_path / "ander" / "views.sqlite")
    assert elsewhere.same_deck(text) is None
    first = elsewhere.import_deck(text)
    assert elsewhere.same_deck(text.encode("utf-8")) == first
    # another title, or views that differ in order, note or settings: another deck
    document = json.loads(text)
    for changed in ({**document, "title": "Raad 2"}, {**document, "views": document["views"][::-1]},
                    {**document, "views": [{**document["views"][0], "note": "anders"}, document["views"][1]]},
                    {**document, "views": [{**document["views"][0], "settings": {"k": 4}}, document["views"][1]]}):
        assert elsewhere.same_deck(json.dumps(changed)) is None
    elsewhere.update_view(first.view_ids[0], note="later bijgewerkt")  # changed since: no longer the same
    assert elsewhere.same_deck(text) is None
    with pytest.raises(StoreError):
        elsewhere.same_deck("geen json")


def deck_text(**changes) -> str:
    document = {"format": "wijkverkenner-deck", "version": 1, "title": "D",
                "views": [{"title": "A", "note": "", "settings": {"k": 1}}]}
    document.update(changes)
    return json.dumps(document)


@pytest.mark.parametrize("text", [
    "this is not json",
    b"\xff\xfe not utf-8",
    "[1, 2, 3]",
    deck_text(format="iets-anders"),
    deck_text(version=2),
    deck_text(title=""),
    deck_text(views={"title": "A"}),
    deck_text(views=[{"note": "", "settings": {}}]),
    deck_text(views=[{"title": "A", "note": ""}]),
    deck_text(views=[{"title": "A", "settings": {}}, {"title": "  ", "settings": {}}]),
    deck_text(views=[{"title": "A", "settings": "k=1"}]),
    deck_text(views=[{"title": "A", "settings": {}}] * 201),
    deck_text(views=[{"title": "A", "settings": {"blob": "x" * (2 * 1024 * 1024)}}]),
])
def test_bad_deck_files_are_refused_and_nothing_is_written(store, text):
    keep = store.save_view("Blijft", SETTINGS)
    deck = store.create_deck("Blijft", [keep.id])
    with pytest.raises(StoreError) as caught:
        store.import_deck(text)
    assert caught.value.kind == "bad_deck"
    assert store.list_views() == [keep]
    assert store.list_decks() == [deck]


def test_older_schema_is_migrated_and_keeps_its_views(tmp_path):
    path = tmp_path / "views.sqlite"
    with sqlite3.connect(path) as connection:
        connection.executescript("""
            CREATE TABLE views (id INTEGER PRIMARY KEY, title TEXT NOT NULL, settings TEXT NOT NULL,
                                created TEXT NOT NULL, updated TEXT NOT NULL);
            CREATE TABLE decks (id INTEGER PRIMARY KEY, title TEXT NOT NULL);
            CREATE TABLE deck_views (deck_id INTEGER NOT NULL REFERENCES decks(id) ON DELETE CASCADE,
                                     position INTEGER NOT NULL,
                                     view_id INTEGER NOT NULL REFERENCES views(id) ON DELETE CASCADE,
                                     PRIMARY KEY (deck_id, position));
            INSERT INTO views VALUES (1, 'Oud', '{"k": 4}', '2024-01-01T00:00:00+00:00', '2024-01-01T00:00:00+00:00');
            INSERT INTO decks VALUES (1, 'Oude deck');
            INSERT INTO deck_views VALUES (1, 0, 1);
            PRAGMA user_version = 1;
        """)
    connection.close()
    store = ViewStore(path)
    view = store.get_view(1)
    assert (view.title, view.note, view.settings) == ("Oud", "", {"k": 4})
    assert store.get_deck(1).view_ids == (1,)
    assert user_version(path) == SCHEMA_VERSION == 2
    assert store.update_view(1, note="nu met notitie").note == "nu met notitie"


def test_newer_schema_is_refused_untouched(tmp_path):
    path = tmp_path / "views.sqlite"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE views (id INTEGER PRIMARY KEY)")
    connection.execute("PRAGMA user_version = 99")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer version") as caught:
        ViewStore(path).save_view("A", SETTINGS)
    assert caught.value.kind == "corrupt"
    assert path.read_bytes() == before


def test_corrupt_file_is_refused_and_not_overwritten(tmp_path):
    path = tmp_path / "views.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    store = ViewStore(path)
    for call in (store.list_views, lambda: store.save_view("A", SETTINGS)):
        with pytest.raises(StoreError) as caught:
            call()
        assert caught.value.kind == "corrupt"
    assert path.read_bytes() == b"this is not sqlite" * 100


def test_locked_database_gives_up_and_keeps_earlier_views(tmp_path):
    path = tmp_path / "views.sqlite"
    store = ViewStore(path, timeout=0.1)
    keep = store.save_view("Blijft", SETTINGS)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError) as caught:
            store.save_view("Te laat", SETTINGS)
        assert caught.value.kind == "locked"
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert store.list_views() == [keep]
    assert [v.title for v in store.list_views()] == ["Blijft"]
    store.save_view("Nu wel", SETTINGS)
    assert len(store.list_views()) == 2


def test_concurrent_sessions_all_get_saved(tmp_path):
    path = tmp_path / "views.sqlite"
    ViewStore(path).list_views()
    errors = []

    def save_many(name):
        store = ViewStore(path)
        try:
            for number in range(25):
                store.save_view(f"{name} {number}", {"n": number})
        except Exception as error:  # reported below; a thread's exception would otherwise be lost
            errors.append(error)

    threads = [threading.Thread(target=save_many, args=(name,)) for name in ("sessie-a", "sessie-b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    views = ViewStore(path).list_views()
    assert len(views) == 50
    assert len({view.id for view in views}) == 50
