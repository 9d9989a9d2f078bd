"""Tables that say what they are: a Frictionless Data Package descriptor beside every table written.

Beside ``NAME.csv`` (or ``.xlsx``, ``.parquet``) comes ``NAME.datapackage.json``: a Data Package
(https://specs.frictionlessdata.io/data-package/) of one resource, the table, with its Table
Schema (https://specs.frictionlessdata.io/table-schema/). Each field has its ``name``, ``type``
and ``title`` (its label in Dutch), and what this product adds, as the specification allows any
further property: ``labels`` (Dutch and English), ``unit``, ``kind`` (what the column is: a count
of persons, a flag count, a share, a mean, an amount, a group, a status), ``decimals``, ``rule``
(the disclosure rule applied) and ``theme`` (where a map page lists it). A group column lists its
values (``constraints.enum``), a status column its words. The CSV's own conventions are stated as
the specification spells them (``;``, decimal comma, ``.`` for a withheld cell), so any
Frictionless reader reads it right.

This module knows descriptors, not tables: the owner of a format (the long table,
``indicators.microdata``) says what its columns are (``Field``), this module writes and reads the
JSON. Readers take the labels from here (``labels_of``); where there is no descriptor, they fall
back on the registry, as before.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from indicators.core.errors import InputError
from indicators.core.registry import THEMES
from indicators.core.table import ColumnInfo, Table
from indicators.io.files import atomic_output

SUFFIX = ".datapackage.json"
PROFILE = "tabular-data-package"
MISSING_VALUES = ["", "."]  # empty: no figure; ".": withheld (the StatLine symbol, as every export writes it)
TYPES = {"count": "integer", "flag_count": "integer", "total": "number", "share": "number", "mean": "number",
         "group": "string", "status": "string", "code": "string", "level": "string", "text": "string",
         "figure": "number"}
"""Each kind's Table Schema type."""


class DescriptorError(InputError):
    """A descriptor beside a table that cannot be read: the table is refused until it is mended or removed."""

    topic = "descriptor"


@dataclass
class Field:
    """One column as a descriptor tells it."""

    name: str
    kind: str
    label: str
    label_en: str = ""
    unit: str = ""
    decimals: int | None = None
    rule: str = ""
    values: list[str] = field(default_factory=list)
    theme: str = ""  # the sidebar theme the analyst chose (a key of the registry's [themes])

    def schema(self, csv: bool) -> dict:
        """The field's Table Schema descriptor (with this product's properties)."""
        out = {"name": self.name, "type": TYPES[self.kind], "title": self.label,
               "labels": {"nl": self.label, "en": self.label_en or self.label}, "kind": self.kind}
        if self.unit:
            out["unit"] = self.unit
        if self.decimals is not None:
            out["decimals"] = self.decimals
        if self.rule:
            out["rule"] = self.rule
        if self.theme:
            out["theme"] = self.theme
        if self.values:
            out["constraints"] = {"enum": list(self.values)}
        if csv and out["type"] == "number":
            out["decimalChar"] = ","
        return out


def descriptor_path(table_path) -> Path:
    """Where a table's descriptor goes: ``NAME.datapackage.json`` beside ``NAME.csv``."""
    path = Path(table_path)
    return path.with_name(path.stem + SUFFIX)


def table_descriptor(table_path, fields: list[Field], title: str, source: str = "", description: str = "",
                     keys: list[str] | None = None, extra: dict | None = None) -> dict:
    """The Data Package of one table: its file, format, fields and where its figures come from.

    ``keys``: the columns that together name a row (its primary key). ``extra``: properties of the
    package this product adds (the levels, the persons behind the table, a synthetic mark).
    """
    path = Path(table_path)
    fmt = path.suffix.lower().lstrip(".")
    csv = fmt == "csv"
    resource = {"name": _name(path.stem), "path": path.name, "profile": "tabular-data-resource", "format": fmt,
                "title": title, "schema": {"fields": [f.schema(csv) for f in fields], "missingValues": MISSING_VALUES}}
    if keys:
        resource["schema"]["primaryKey"] = list(keys)
    if csv:
        resource.update({"encoding": "utf-8-sig", "mediatype": "text/csv",
                         "dialect": {"delimiter": ";", "header": True, "doubleQuote": True}})
    if description:
        resource["description"] = description
    package = {"profile": PROFILE, "name": _name(path.stem), "title": title, "resources": [resource]}
    if source:
        package["sources"] = [{"title": source}]
    package.update(extra or {})
    return package


def write_descriptor(descriptor: dict, table_path) -> Path:
    """Write the descriptor beside its table, all-or-nothing (the one door out)."""
    path = descriptor_path(table_path)
    with atomic_output(path) as temporary:
        Path(temporary).write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def read_descriptor(table_path) -> dict | None:
    """The descriptor beside a table, or None where there is none; a broken one is refused with what to do."""
    path = descriptor_path(table_path)
    if not path.is_file():
        return None
    try:
        text = path.read_bytes()
    except OSError:
        text = b""
    return parse_descriptor(text, path.name)


def parse_descriptor(data: bytes, label: str) -> dict:
    """A descriptor from its bytes (a file, or an upload named ``label``); refused with what to do if broken."""
    try:
        descriptor = json.loads(data.decode("utf-8-sig"))
        fields = descriptor["resources"][0]["schema"]["fields"]
        if not all(isinstance(f, dict) and isinstance(f.get("name"), str) for f in fields):
            raise TypeError
    except (UnicodeDecodeError, ValueError, KeyError, IndexError, TypeError, AttributeError):
        raise DescriptorError(f"{label} is not a readable table descriptor (a Data Package with one resource and "
                              "its fields); remove it or write the table again", "bad_descriptor") from None
    return descriptor


def apply_descriptor(table: Table, descriptor: dict | None) -> Table:
    """The table with what its descriptor says: labels of every column it names, and each figure's unit and decimals.

    A figure's label then goes before the registry's (``indicators.core.describe``): the analyst named it.
    """
    if not descriptor:
        return table
    for item in descriptor["resources"][0]["schema"]["fields"]:
        name = item["name"]
        if name not in table.data.columns:
            continue
        labels = {lang: text for lang, text in labels_of_field(item).items()}
        if not labels:
            continue
        table.titles[name] = labels
        if name in table.columns:
            decimals = item.get("decimals")
            table.columns[name] = ColumnInfo(
                title=labels["nl"], unit=str(item.get("unit") or table.columns[name].unit),
                decimals=decimals if isinstance(decimals, int) else table.columns[name].decimals,
                description=str(item.get("rule") or ""), source_key=table.columns[name].source_key,
                title_en=labels.get("en", ""), described=True, kind=str(item.get("kind") or ""),
                theme=item["theme"] if item.get("theme") in THEMES else "")
    return table


def labels_of(descriptor: dict | None, lang: str = "nl") -> dict[str, str]:
    """Each field's label in the language (Dutch where the descriptor has no other), by column name."""
    if not descriptor:
        return {}
    out = {}
    for item in descriptor["resources"][0]["schema"]["fields"]:
        labels = labels_of_field(item)
        if labels:
            out[item["name"]] = labels.get(lang) or labels["nl"]
    return out


def labels_of_field(item: dict) -> dict[str, str]:
    """A field's labels by language: its ``labels``, else its ``title`` as the Dutch one; {} where it has none."""
    given = item.get("labels") if isinstance(item.get("labels"), dict) else {}
    out = {lang: text.strip() for lang, text in given.items() if isinstance(text, str) and text.strip()}
    title = item.get("title")
    if "nl" not in out and isinstance(title, str) and title.strip():
        out["nl"] = title.strip()
    return out if "nl" in out else {}


def _name(stem: str) -> str:
    """A package or resource name as the specification wants it: lower case, letters, digits, ``-._``."""
    name = "".join(c if c.isalnum() or c in "-._" else "-" for c in stem.lower())
    return name.strip("-") or "table"
