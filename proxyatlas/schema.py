"""The data contract, read from ``data/datapackage.json`` (Frictionless Table Schema).

The package descriptor is the single place that says which files, columns, types,
enums, keys and references the data has: the loader and every validation check
are driven by it, and the Data page shows it to analysts.

What the Table Schema standard can say is said in its own words (types, patterns, enums,
keys), so that the reference validator (``frictionless validate``) checks the bundled data
too. What it has no word for lives in custom properties, which other validators ignore:
``proxyatlas:format`` on a field (a partial date that exists, an assigned country code),
``proxyatlas:listForeignKeys`` (references from each item of a ';' list),
``proxyatlas:uniqueKeys`` (columns that together name a row once: Table Schema v2's
``uniqueKeys``, which frictionless 5 does not read yet), ``proxyatlas:formerFields``
(a column of an older contract and how to convert it) and ``proxyatlas:optional`` on a
resource (a file a folder may leave out, e.g. the importers' crosswalk).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

PARTIAL_DATE = "partial-date"
COUNTRY = "iso3166-alpha3"
FORMAT = "proxyatlas:format"
LIST_FOREIGN_KEYS = "proxyatlas:listForeignKeys"
UNIQUE_KEYS = "proxyatlas:uniqueKeys"
FORMER_FIELDS = "proxyatlas:formerFields"
OPTIONAL = "proxyatlas:optional"
DESCRIPTOR = "datapackage.json"
# The contract ships with the code; a data folder may carry its own copy.
BUNDLED_DESCRIPTOR = Path(__file__).resolve().parent.parent / "data" / DESCRIPTOR


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str = ""
    format: str | None = None
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    delimiter: str | None = None  # set for list fields

    @property
    def expected(self) -> str:
        """What a valid value looks like, in words an analyst can act on."""
        if self.enum:
            return "one of " + ", ".join(self.enum)
        if self.format == PARTIAL_DATE:
            return "a date as YYYY, YYYY-MM or YYYY-MM-DD"
        if self.format == COUNTRY:
            return "an ISO 3166-1 alpha-3 country code (e.g. IRN)"
        if self.type == "integer":
            return "a whole number" + _range_text(self.minimum, self.maximum)
        if self.type == "number":
            return "a number" + _range_text(self.minimum, self.maximum)
        if self.delimiter:
            return f"one or more values separated by {self.delimiter}"
        if self.pattern == "[a-z0-9_]+":
            return "an id of lower-case letters, digits and _"
        return f"text matching {self.pattern}" if self.pattern else "text"


def _range_text(lo: float | None, hi: float | None) -> str:
    fmt = lambda v: f"{v:g}"  # noqa: E731
    if lo is not None and hi is not None:
        return f" from {fmt(lo)} to {fmt(hi)}"
    if lo is not None:
        return f" of at least {fmt(lo)}"
    if hi is not None:
        return f" of at most {fmt(hi)}"
    return ""


@dataclass(frozen=True)
class ForeignKey:
    field: str
    resource: str
    ref_field: str


@dataclass(frozen=True)
class FormerField:
    """A column an older version of the contract had, what replaced it and how to convert."""
    name: str
    replaced_by: str
    since: str
    convert: str


@dataclass(frozen=True)
class Resource:
    name: str
    path: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    former_fields: tuple[FormerField, ...] = ()
    unique_keys: tuple[tuple[str, ...], ...] = ()
    optional: bool = False  # a folder without the file is valid; the table is then empty

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


@dataclass(frozen=True)
class DateOrder:
    resource: str
    start: str
    end: str


@dataclass(frozen=True)
class Package:
    resources: tuple[Resource, ...]
    date_orders: tuple[DateOrder, ...] = field(default=())
    descriptor: dict = field(default_factory=dict, compare=False, hash=False)

    def resource(self, name: str) -> Resource:
        return next(r for r in self.resources if r.name == name)

    def field_ids(self) -> dict[tuple[str, str], int]:
        """A number for every (resource, field): the checks join cells on it."""
        return {(r.name, f.name): i for i, (r, f) in enumerate((r, f) for r in self.resources for f in r.fields)}

    def _ruled(self) -> set[tuple[str, str]]:
        """Fields some check looks at (free text such as descriptions has no rule)."""
        out = {(r.name, f.name) for r in self.resources for f in r.fields
               if f.required or f.unique or f.enum or f.pattern or f.format or f.type in ("number", "integer")}
        for r in self.resources:
            for fk in r.foreign_keys:
                out |= {(r.name, fk.field), (fk.resource, fk.ref_field)}
        for d in self.date_orders:
            out |= {(d.resource, d.start), (d.resource, d.end)}
        for r in self.resources:
            out |= {(r.name, f) for key in r.unique_keys for f in key}
        return out

    def fields_frame(self) -> pd.DataFrame:
        """One row per (resource, field): the rules the SQL checks join against."""
        ids, ruled = self.field_ids(), self._ruled()
        rows = [
            {
                "field_id": ids[(r.name, f.name)],
                "resource": r.name,
                "field": f.name,
                "position": i,
                "type": f.type,
                "format": f.format,
                "required": f.required,
                "is_unique": f.unique,
                "enum": list(f.enum) if f.enum else None,
                "pattern": f.pattern,
                "minimum": f.minimum,
                "maximum": f.maximum,
                "is_list": f.delimiter is not None,
                "checked": (r.name, f.name) in ruled,
                "expected": f.expected,
            }
            for r in self.resources
            for i, f in enumerate(r.fields)
        ]
        return pd.DataFrame(rows)

    def foreign_keys_frame(self) -> pd.DataFrame:
        ids = self.field_ids()
        rows = [
            {
                "field_id": ids[(r.name, fk.field)],
                "ref_field_id": ids[(fk.resource, fk.ref_field)],
                "ref_resource": fk.resource,
                "ref_field": fk.ref_field,
                "is_list": r.field(fk.field).delimiter is not None,
            }
            for r in self.resources
            for fk in r.foreign_keys
        ]
        return pd.DataFrame(rows)

    def unique_keys_frame(self) -> pd.DataFrame:
        """One row per field of each multi-column unique key, in the key's order."""
        ids = self.field_ids()
        rows = [{"key_id": k, "field_id": ids[(r.name, f)], "position": i, "label": ", ".join(key)}
                for k, (r, key) in enumerate((r, key) for r in self.resources for key in r.unique_keys)
                for i, f in enumerate(key)]
        return pd.DataFrame(rows, columns=["key_id", "field_id", "position", "label"])

    def date_orders_frame(self) -> pd.DataFrame:
        ids = self.field_ids()
        rows = [{"start_id": ids[(d.resource, d.start)], "end_id": ids[(d.resource, d.end)], "start": d.start}
                for d in self.date_orders]
        return pd.DataFrame(rows, columns=["start_id", "end_id", "start"])


def _field(spec: dict) -> Field:
    c = spec.get("constraints", {})
    return Field(
        name=spec["name"],
        type=spec.get("type", "string"),
        description=spec.get("description", ""),
        format=spec.get(FORMAT),
        required=bool(c.get("required", False)),
        unique=bool(c.get("unique", False)),
        enum=tuple(c["enum"]) if "enum" in c else None,
        pattern=c.get("pattern"),
        minimum=c.get("minimum"),
        maximum=c.get("maximum"),
        delimiter=spec.get("delimiter") if spec.get("type") == "list" else None,
    )


def parse(descriptor: dict) -> Package:
    resources = []
    for res in descriptor["resources"]:
        schema = res["schema"]
        fks = tuple(
            ForeignKey(fk["fields"][0], fk["reference"]["resource"], fk["reference"]["fields"][0])
            for fk in schema.get("foreignKeys", []) + schema.get(LIST_FOREIGN_KEYS, [])
        )
        former = tuple(FormerField(f["name"], f["replacedBy"], f["since"], f["convert"])
                       for f in schema.get(FORMER_FIELDS, []))
        resources.append(
            Resource(
                name=res["name"],
                path=res["path"],
                fields=tuple(_field(f) for f in schema["fields"]),
                primary_key=tuple(schema.get("primaryKey", [])),
                foreign_keys=fks,
                former_fields=former,
                unique_keys=tuple(tuple(k) for k in schema.get(UNIQUE_KEYS, [])),
                optional=bool(res.get(OPTIONAL, False)),
            )
        )
    orders = tuple(DateOrder(**d) for d in descriptor.get("proxyatlas", {}).get("dateOrder", []))
    return Package(tuple(resources), orders, descriptor)


@lru_cache(maxsize=4)
def load(path: Path = BUNDLED_DESCRIPTOR) -> Package:
    """The contract. The bundled descriptor is the contract the code is written against."""
    with open(path, encoding="utf-8") as fh:
        return parse(json.load(fh))
