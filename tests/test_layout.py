"""The layout holds: imports only go down, between the packages and between the rooms of ``indicators/``.

Packages: indicators <- geo <- maps <- ui, app.py, cli.py, and Streamlit only in ui/ and app.py.
Rooms of ``indicators/``: core <- io, privacy <- microdata <- analysis (four floors). No module is
part of an import circle, and none imports a private name (``_name``) of another module.

Every import in every module is read with ``ast`` (also imports inside functions), so a shortcut
taken anywhere fails here before it becomes a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import PROJECT

# Package -> floor; a module may import packages on its own floor or below. The top floor holds
# entries that nothing imports: ui/ with app.py (the app), and cli.py (the command line).
FLOORS = {"indicators": 0, "geo": 1, "maps": 2, "ui": 3, "app": 3, "cli": 3}
# Room of indicators/ -> floor; a module imports its own room or rooms on a lower floor, never a
# room beside it (io and privacy stand apart: a reader knows no rule, a rule reads no file).
ROOMS = {"core": 0, "io": 1, "privacy": 1, "microdata": 2, "analysis": 3}
STREAMLIT = ("streamlit",)
ENGINE = ("indicators", "geo", "maps", "ui", "cli.py", "app.py")


def package_of(path: Path, root: Path) -> str:
    """'indicators', 'geo', 'maps', 'ui', 'app' or 'cli' for a file of the project."""
    return path.relative_to(root).parts[0].removesuffix(".py")


def module_of(path: Path, root: Path) -> str:
    """The dotted name a file is imported by: ``indicators/core/codes.py`` -> ``indicators.core.codes``."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def engine_files(root: Path) -> list[Path]:
    """Every Python file of the app, the command line and the engine (not tests, not benchmarks)."""
    files = []
    for name in ENGINE:
        target = root / name
        files += sorted(target.rglob("*.py")) if target.is_dir() else [target] if target.exists() else []
    return files


def imports_of(path: Path) -> list[tuple[int, str, list[str]]]:
    """(line, module, names taken from it) of every absolute import in a file, wherever it stands."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module, [alias.name for alias in node.names]))
    return found


def imported(path: Path) -> list[tuple[int, str]]:
    """(line, top-level module) of every import in a file, wherever it stands."""
    return [(line, module.split(".")[0]) for line, module, _ in imports_of(path)]


def layering_errors(root: Path) -> list[str]:
    """Every import that goes up a floor or sideways between the top entries, and Streamlit outside ui/ and app.py."""
    errors = []
    for path in engine_files(root):
        own = package_of(path, root)
        for line, module in imported(path):
            where = f"{path.relative_to(root)}:{line}"
            if module in STREAMLIT and own not in ("ui", "app"):
                errors.append(f"{where} imports {module}: Streamlit belongs in ui/ and app.py only")
            if module not in FLOORS or module == own:
                continue
            if FLOORS[module] > FLOORS[own]:
                errors.append(f"{where}: {own} imports {module}, a floor above it")
            elif FLOORS[module] == FLOORS[own] and not (own == "app" and module == "ui"):
                errors.append(f"{where}: {own} imports {module}; the app and the command line stand apart")
    return errors


def room_errors(root: Path) -> list[str]:
    """Every import inside ``indicators/`` that goes up a room or sideways; every module outside a room."""
    errors = []
    for path in sorted((root / "indicators").rglob("*.py")):
        parts = path.relative_to(root / "indicators").parts
        if len(parts) == 1:  # indicators/__init__.py says what the rooms are; nothing else stands outside them
            if parts[0] != "__init__.py":
                errors.append(f"indicators/{parts[0]} stands in no room: move it into one of {', '.join(ROOMS)}")
            continue
        own = parts[0]
        if own not in ROOMS:
            errors.append(f"indicators/{own}/ is not a room; the rooms are {', '.join(ROOMS)}")
            continue
        for line, module, _ in imports_of(path):
            dotted = module.split(".")
            if dotted[0] != "indicators" or len(dotted) < 2 or dotted[1] == own:
                continue
            other = dotted[1]
            where = f"{path.relative_to(root)}:{line}"
            if other not in ROOMS:
                errors.append(f"{where} imports indicators.{other}, which is no room")
            elif ROOMS[other] > ROOMS[own]:
                errors.append(f"{where}: room {own} imports room {other}, a floor above it")
            elif ROOMS[other] == ROOMS[own]:
                errors.append(f"{where}: room {own} imports room {other}, which stands beside it")
    return errors


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module -> the project's modules it imports (``from a.b import c`` is ``a.b.c`` where c is a module)."""
    files = {module_of(path, root): path for path in engine_files(root)}
    graph = {}
    for module, path in files.items():
        edges = set()
        for _, target, names in imports_of(path):
            taken = [f"{target}.{name}" for name in names if f"{target}.{name}" in files]
            edges.update(taken or ([target] if target in files else []))
        graph[module] = edges - {module}
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import circles: groups of modules that reach each other (strongly connected, Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def private_imports(root: Path) -> list[str]:
    """Every import of a private name (``_name``) of another module of the project."""
    project = {package_of(path, root) for path in engine_files(root)}
    errors = []
    for path in engine_files(root):
        for line, module, names in imports_of(path):
            if module.split(".")[0] not in project:
                continue
            hidden = [name for name in names if name.startswith("_")]
            hidden += [part for part in module.split(".") if part.startswith("_") and part != "__init__"]
            if hidden:
                errors.append(f"{path.relative_to(root)}:{line} imports {', '.join(hidden)} from {module}: "
                              "make it public where it is, or move it to the module that uses it")
    return errors


def test_imports_only_go_down_and_streamlit_stays_in_ui():
    assert layering_errors(PROJECT) == []


def test_the_rooms_of_indicators_import_only_downwards():
    assert room_errors(PROJECT) == []


@pytest.mark.slow
def test_no_module_is_part_of_an_import_circle():
    assert circles(import_graph(PROJECT)) == []


def test_no_module_imports_a_private_name_of_another():
    assert private_imports(PROJECT) == []


@pytest.mark.parametrize("module, line, expected", [
    ("indicators/analysis/rates.py", "from geo.join import join_indicators",
     "indicators imports geo, a floor above it"),
    ("geo/shapes.py", "import maps.choropleth", "geo imports maps, a floor above it"),
    ("maps/legend.py", "def f():\n    from ui.i18n import lang", "maps imports ui, a floor above it"),
    ("cli.py", "from ui.address import PAGES", "cli imports ui; the app and the command line stand apart"),
    ("maps/page.py", "import streamlit as st", "imports streamlit: Streamlit belongs in ui/ and app.py only"),
    ("geo/widget.py", "from streamlit.components.v2 import component", "Streamlit belongs in ui/ and app.py only"),
])
def test_an_upward_import_is_caught(tmp_path, module, line, expected):
    path = tmp_path / module
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(line + "\n", encoding="utf-8")
    errors = layering_errors(tmp_path)
    assert len(errors) == 1 and expected in errors[0]


def test_downward_imports_and_streamlit_in_ui_pass(tmp_path):
    for module, line in (("maps/a.py", "from geo.join import x\nfrom indicators.core.codes import y"),
                         ("ui/b.py", "import streamlit as st\nfrom maps.a import z"),
                         ("app.py", "from ui.b import st")):
        path = tmp_path / module
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(line + "\n", encoding="utf-8")
    assert layering_errors(tmp_path) == []


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("module, line, expected", [
    ("indicators/core/codes.py", "from indicators.io.readers import read_table", "room core imports room io, a floor"),
    ("indicators/io/readers.py", "from indicators.privacy.disclosure import protect", "which stands beside it"),
    ("indicators/privacy/crosstab.py", "def f():\n    from indicators.analysis import rates", "a floor above it"),
    ("indicators/microdata/aggregate.py", "import indicators.analysis.rates", "room microdata imports room analysis"),
    ("indicators/helpers.py", "X = 1", "stands in no room"),
    ("indicators/analysis/rates.py", "from indicators.misc.tools import x", "which is no room"),
])
def test_an_import_up_or_beside_a_room_is_caught(tmp_path, module, line, expected):
    _write(tmp_path, {module: line})
    errors = room_errors(tmp_path)
    assert len(errors) == 1 and expected in errors[0]


def test_imports_down_the_rooms_and_inside_one_pass(tmp_path):
    _write(tmp_path, {"indicators/__init__.py": '"""Rooms."""',
                      "indicators/analysis/rates.py": "from indicators.microdata.longtable import TOTAL\n"
                                                      "from indicators.analysis.derive import share",
                      "indicators/microdata/longtable.py": "from indicators.io.files import open_input\n"
                                                           "from indicators.privacy.disclosure import protect",
                      "indicators/io/files.py": "from indicators.core.errors import InputError"})
    assert room_errors(tmp_path) == []


def test_a_circle_is_caught_also_through_a_function_level_import(tmp_path):
    _write(tmp_path, {"geo/a.py": "from geo.b import x", "geo/b.py": "def f():\n    from geo.c import y",
                      "geo/c.py": "import geo.a", "geo/d.py": "from geo import a"})
    assert circles(import_graph(tmp_path)) == [["geo.a", "geo.b", "geo.c"]]


def test_a_private_name_taken_from_another_module_is_caught(tmp_path):
    _write(tmp_path, {"maps/report.py": "from maps.slides import _RC, draw\nfrom math import _private_ok",
                      "maps/slides.py": "_RC = 1"})
    errors = private_imports(tmp_path)
    assert len(errors) == 1 and "imports _RC from maps.slides" in errors[0]


# --- the app's state: listed in one place, none of it in a module global ------------------------------

_MUTATORS = {"append", "extend", "update", "pop", "popitem", "clear", "setdefault", "add", "discard", "remove",
             "insert"}
_CONTAINERS = {"dict", "list", "set", "defaultdict", "OrderedDict"}


def changing_globals(root: Path) -> list[str]:
    """Module-level containers that the module changes while it runs: state every session would share."""
    errors = []
    for path in engine_files(root):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = set()
        for node in tree.body:
            value = getattr(node, "value", None)
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
                node, ast.AnnAssign) else []
            called = getattr(value.func, "id", getattr(value.func, "attr", "")) if isinstance(value, ast.Call) else ""
            container = isinstance(value, (ast.Dict, ast.List, ast.Set)) or called in _CONTAINERS
            names |= {target.id for target in targets if isinstance(target, ast.Name) and container}
        for node in ast.walk(tree):
            changed = None
            if isinstance(node, (ast.Assign, ast.AugAssign, ast.Delete)):
                for target in (node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]):
                    if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
                        changed = target.value.id if target.value.id in names else changed
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _MUTATORS \
                    and isinstance(node.func.value, ast.Name) and node.func.value.id in names:
                changed = node.func.value.id
            if changed:
                errors.append(f"{path.relative_to(root)}:{node.lineno} changes the module global {changed}: keep it "
                              "in st.session_state (ui/state.py), a cache, or the object it belongs to")
    return errors


def literal_session_keys(root: Path) -> list[str]:
    """Every key of ``st.session_state`` spelled as a string outside ``ui/state.py``: it belongs in the one list."""
    errors = []
    for path in engine_files(root):
        if path.relative_to(root).as_posix() == "ui/state.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            key = None
            if isinstance(node, ast.Subscript) and _is_session_state(node.value):
                key = node.slice
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args and \
                    _is_session_state(node.func.value) and node.func.attr in ("get", "pop", "setdefault"):
                key = node.args[0]
            elif isinstance(node, ast.Compare) and any(_is_session_state(c) for c in node.comparators):
                key = node.left
            if isinstance(key, (ast.Constant, ast.JoinedStr)) and not (isinstance(key, ast.Constant) and
                                                                        not isinstance(key.value, str)):
                errors.append(f"{path.relative_to(root)}:{node.lineno} names a session key as a string: "
                              "use ui/state.py")
    return errors


def _is_session_state(node) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "session_state"


@pytest.mark.slow
def test_no_module_keeps_state_that_every_session_would_share():
    assert changing_globals(PROJECT) == []


def test_every_session_key_is_named_in_one_place():
    assert literal_session_keys(PROJECT) == []


def test_a_changing_global_and_a_literal_session_key_are_caught(tmp_path):
    _write(tmp_path, {"ui/caches.py": "_JUST_READ = {}\n_LIMIT = 3\ndef read(path):\n    _JUST_READ[path] = 1\n",
                      "indicators/analysis/benchmarks.py": "_CODES: dict = dict()\ndef f(t):\n    _CODES.pop(1)\n",
                      "ui/view.py": "import streamlit as st\nst.session_state['dataset'] = 1\n"
                                    "x = st.session_state.get(f'compare_{1}')\nok = st.session_state[KEY]\n"
                                    "gone = 'uploads' in st.session_state\n"})
    changing = changing_globals(tmp_path)
    assert len(changing) == 2 and "_JUST_READ" in changing[1] and "_CODES" in changing[0]
    assert len(literal_session_keys(tmp_path)) == 3
