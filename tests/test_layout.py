"""The layout holds: imports only go down (indicators <- geo <- maps <- ui, app.py, cli.py), Streamlit only in ui/.

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
STREAMLIT = ("streamlit",)
ENGINE = ("indicators", "geo", "maps", "ui", "cli.py", "app.py")


def package_of(path: Path, root: Path) -> str:
    """'indicators', 'geo', 'maps', 'ui', 'app' or 'cli' for a file of the project."""
    return path.relative_to(root).parts[0].removesuffix(".py")


def imported(path: Path) -> list[tuple[int, str]]:
    """(line, top-level module) of every import in a file, wherever it stands."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module.split(".")[0]))
    return found


def layering_errors(root: Path) -> list[str]:
    """Every import that goes up a floor or sideways between the top entries, and Streamlit outside ui/ and app.py."""
    errors = []
    for name in ENGINE:
        target = root / name
        files = sorted(target.rglob("*.py")) if target.is_dir() else [target] if target.exists() else []
        for path in files:
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


def test_imports_only_go_down_and_streamlit_stays_in_ui():
    assert layering_errors(PROJECT) == []


@pytest.mark.parametrize("module, line, expected", [
    ("indicators/rates.py", "from geo.join import join_indicators", "indicators imports geo, a floor above it"),
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
    for module, line in (("maps/a.py", "from geo.join import x\nfrom indicators.codes import y"),
                         ("ui/b.py", "import streamlit as st\nfrom maps.a import z"),
                         ("app.py", "from ui.b import st")):
        path = tmp_path / module
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(line + "\n", encoding="utf-8")
    assert layering_errors(tmp_path) == []
