"""A lost leading zero: the id 0815 saved by a spreadsheet as the number 815.

The damage shows where the id is used: a reference that points at nothing although the file it points
into has the same id with more or fewer zeros in front. Whichever file lost them is named.
"""

from __future__ import annotations

from . import GUIDE


def diagnose(problem, evidence) -> str | None:
    ref = evidence.reference(problem)
    value = (problem.value or "").strip()
    if problem.problem != "refers to nothing" or ref is None or not value[:1].isdigit():
        return None
    target = evidence.package.resource(ref.resource).path
    same = sorted(k for k in evidence.keys(ref.resource, ref.ref_field)
                  if k != value and k.lstrip("0") == value.lstrip("0"))
    if not same:
        return None
    key = same[0]
    if len(key) < len(value):
        lost = f"{target} has {key!r}: a spreadsheet dropped the leading zeros of that id when {target} was saved"
    else:
        lost = f"{target} has {key!r}: a spreadsheet dropped the leading zeros of this cell when the file was saved"
    return f"{lost}. Put the zeros back, and open the files with the id columns as Text ({GUIDE})"
