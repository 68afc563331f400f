"""A file separated by semicolons: Excel saves CSV with the list separator of the system's region.

Where decimals are written with a comma (German, French, ...) that separator is ';', so the whole
header reads as one column and every column seems missing.
"""

from __future__ import annotations

from . import GUIDE

_HEADER_PROBLEMS = ("missing required column", "misspelled column", "missing header")


def diagnose(problem, evidence) -> str | None:
    blob = evidence.blobs.get(problem.file)
    res = next((r for r in evidence.package.resources if r.path == problem.file), None)
    if problem.line != 1 or problem.problem not in _HEADER_PROBLEMS or not blob or res is None:
        return None
    first = blob.decode("utf-8-sig", errors="replace").split("\n", 1)[0].strip()
    names = [name.strip().strip('"') for name in first.split(";")]
    if len(names) < 2 or not set(res.field_names) <= set(names):
        return None
    return ("the file is separated by semicolons, as Excel saves CSV where the region's list separator is ';' "
            "(German, French and other languages that write decimals with a comma). Save it with commas: set "
            "the list separator to ',' (Windows: Region settings) before saving, or save from LibreOffice with "
            f"the field delimiter ',' ({GUIDE})")
