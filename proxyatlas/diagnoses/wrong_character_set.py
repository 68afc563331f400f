"""UTF-8 opened as Windows-1252 and saved again as UTF-8: the text garbled, the ids intact.

The problem (proxyatlas.garbled) shows the garbled text; the diagnosis says what it was.
"""

from __future__ import annotations

from .. import garbled
from . import GUIDE


def diagnose(problem, evidence) -> str | None:
    was = garbled.undo(problem.value or "") if problem.problem == "text garbled by a wrong character set" else None
    if not was:
        return None
    return (f"the file was opened as Windows-1252 (LibreOffice's character set 'Western Europe', Excel's File Origin "
            f"1252) and saved as UTF-8: {problem.value!r} was {was!r}. Take the text from the last good file, and "
            f"open the file with the character set Unicode (UTF-8) ({GUIDE})")
