"""Why a value is wrong, when it looks like known damage: a spreadsheet's open-and-save.

Validation says what is wrong with a cell; a diagnosis says what probably happened to it and how to
avoid it ("probably 25.937: a spreadsheet read the decimal point as a thousands separator ...").
Each kind of damage is one module in this package with a function ``diagnose(problem, evidence)``
that returns the diagnosis or None; a new kind is a new file. The rules are Python rather than
queries like the checks because they read one reported problem at a time (its value, the column's
contract, sometimes the file's bytes) and do string work SQL is poor at (the dates a reformatted
date can be, a file's text in another character set); what they need from the database, they ask
through named queries in ``queries/diagnoses/``.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, replace
from functools import cache
from types import ModuleType

import duckdb

from .. import queries, schema
from ..problems import Problem

# Where the analyst reads how to open and save the files without damage.
GUIDE = "see 'Editing in Excel or LibreOffice' in data/README.md"


@dataclass
class Evidence:
    """What a rule may look at beyond the problem: the contract, the files' bytes, the cells."""

    package: schema.Package
    blobs: dict[str, bytes | None]
    con: duckdb.DuckDBPyConnection

    def field(self, problem: Problem) -> schema.Field | None:
        res = next((r for r in self.package.resources if r.path == problem.file), None)
        return next((f for f in res.fields if f.name == problem.column), None) if res else None

    def reference(self, problem: Problem) -> schema.ForeignKey | None:
        res = next((r for r in self.package.resources if r.path == problem.file), None)
        return next((fk for fk in res.foreign_keys if fk.field == problem.column), None) if res else None

    def keys(self, resource: str, field: str) -> set[str]:
        """The values of a referenced column, as the references are compared with them."""
        found = queries.run(self.con, "diagnoses/keys", resource=resource, field=field)
        return set(found["key"])


@cache
def rules() -> tuple[ModuleType, ...]:
    """Every rule module of this package, by name."""
    return tuple(importlib.import_module(f"{__name__}.{m.name}")
                 for m in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name))


def explain(problems: list[Problem], evidence: Evidence) -> list[Problem]:
    """The problems, each with the diagnosis of the first rule that recognises its value."""
    out = []
    for problem in problems:
        said = next((d for d in (rule.diagnose(problem, evidence) for rule in rules()) if d), None)
        out.append(replace(problem, diagnosis=said) if said else problem)
    return out
