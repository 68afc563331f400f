"""An encoding change: the file saved in Windows-1252 (Excel's 'CSV (Comma delimited)') instead of UTF-8.

A byte-order mark is not damage (Excel's 'CSV UTF-8' always writes one, and the loader reads it).
A file that is not UTF-8 anywhere but reads as Windows-1252 was saved in that character set; the
problem line is shown as it reads in it, so the analyst sees which character it was. A file that is
UTF-8 in places and not in others was not re-saved whole, and gets no diagnosis.
"""

from __future__ import annotations

from . import GUIDE

_SAVE = ("Save it again as 'CSV UTF-8 (Comma delimited)' in Excel, or with the character set "
         "'Unicode (UTF-8)' in LibreOffice")


def diagnose(problem, evidence) -> str | None:
    blob = evidence.blobs.get(problem.file)
    if problem.problem != "file is not UTF-8" or not blob:
        return None
    if blob.startswith((b"\xff\xfe", b"\xfe\xff")):
        return f"the file is UTF-16 (Excel's 'Unicode Text'). {_SAVE} ({GUIDE})"
    if any(ord(c) > 127 and c != "\ufffd" for c in blob.decode("utf-8", errors="replace")):
        return None  # partly UTF-8: not one re-save in another character set
    try:
        text = blob.decode("cp1252")
    except UnicodeDecodeError:
        return None
    line = text.split("\n")[(problem.line or 1) - 1]
    at = next((i for i, c in enumerate(line) if ord(c) > 127), 0)
    shown = line[max(0, at - 20):at + 20]
    return (f"the file is in Windows-1252 (Excel's 'CSV (Comma delimited)', LibreOffice's 'Western Europe'), "
            f"in which line {problem.line} reads {shown!r}. {_SAVE} ({GUIDE})")
