"""Text garbled by a wrong character set: UTF-8 read as Windows-1252 and saved again as UTF-8.

A spreadsheet told the wrong character set on opening reads each byte of a UTF-8 character as a
character of its own (ایران becomes Ø§ÛŒØ±Ø§Ù†) and saves those in UTF-8: the file is valid UTF-8,
every id and date is intact, and only the free text has changed. A run of such characters whose
Windows-1252 bytes are again UTF-8 is that damage; real text practically never reads so.
"""

from __future__ import annotations

import re

from .problems import Problem

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
# A UTF-8 lead byte (C2-F4) then a continuation byte (80-BF), each read as a Windows-1252 character:
# found at the regex engine's speed, so that text in Arabic or Persian is not tried word by word.
_CONTINUATION = ("\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152"
                 "\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178")
_PAIR = re.compile(f"[\u00c2-\u00f4][{_CONTINUATION}]")
# The same pair in the file's UTF-8 bytes, loosely: the first character (C3 82 to C3 B4) then the first
# byte of any continuation character. A literal first byte lets the engine skip ahead as memchr does,
# some ten times faster than the pattern above over text; most files hold no such pair at all.
_PAIR_BYTES = re.compile(rb"\xc3[\x82-\xb4][\xc2\xc5\xc6\xcb\xe2]")


def possible(blob: bytes) -> bool:
    """False when the file's bytes hold no pair that starts garbled text (then `find` finds none)."""
    return _PAIR_BYTES.search(blob) is not None


def undo(run: str) -> str | None:
    """The text a garbled run was, or None if the run is not garbled."""
    try:
        # Bytes Windows-1252 leaves undefined (81, 8D, 8F, 90, 9D) come back as the code points of the same number.
        raw = b"".join(bytes([ord(c)]) if ord(c) < 256 else c.encode("cp1252") for c in run)
        was = raw.decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    return was if was != run else None


def find(file: str, text: str) -> Problem | None:
    """The first garbled text of a file, as one problem for the file (a re-save garbles it all)."""
    for pair in _PAIR.finditer(text):
        start = pair.start()
        while start > 0 and ord(text[start - 1]) > 127:
            start -= 1
        found = _NON_ASCII.match(text, start)
        if undo(found.group()):
            shown = found.group()[:40]
            while len(shown) > 1 and not undo(shown):  # shortened to whole characters of the text it was
                shown = shown[:-1]
            line = text.count("\n", 0, found.start()) + 1
            return Problem(file, line, None, shown, "text as it was written, in UTF-8",
                           "text garbled by a wrong character set")
    return None
