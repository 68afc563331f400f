"""Text from the CSVs, made safe for Streamlit's Markdown.

Streamlit renders Markdown in headers, captions and page links. A CSV string must not
become a link, an image, HTML, a colour directive (``:red[...]``), an emoji shortcode
or LaTeX there: every Markdown-significant character is backslash-escaped.
"""

from __future__ import annotations

import re
import unicodedata

WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"\\:/|www\\\.|\w@", re.IGNORECASE)
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>:~$&=\"'^])")


def md(value: object, limit: int | None = None) -> str:
    """Escape a value for Markdown, dropping control characters; optionally shorten it."""
    text = "" if value is None else str(value)
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    text = _MARKDOWN.sub(r"\\\1", text).replace("\n", " ")
    # GitHub-flavoured autolinks (http://…, www.…, name@host) ignore escapes and entities: an
    # invisible word joiner inside each trigger ("://", "www.", "x@y") keeps them plain text.
    return _AUTOLINK.sub(_join, text)


def _join(match: re.Match) -> str:
    s = match.group(0)
    at = 3 if s[:3].lower() == "www" else len(s) - 1  # www|\.  \:|/  x|@
    return s[:at] + WORD_JOINER + s[at:]


def safe_url(url: object) -> str | None:
    """The URL if it is a plain http(s) link, else None (javascript:, data:, … stay text)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not re.match(r"https?://[^\s<>\"'`\\]+$", url, flags=re.IGNORECASE):
        return None
    # Brackets would end a Markdown link early: percent-encode them.
    return url.translate({ord("("): "%28", ord(")"): "%29", ord("["): "%5B", ord("]"): "%5D"})


def source_title(title: object, described: bool, limit: int | None = None) -> str:
    """A source's title for Markdown. A headline goes in quotes; a bracketed description
    ('[Reuters report: ...]') is said to be one, never dressed as a headline."""
    text = "" if title is None else str(title).strip()
    if described:
        return f"{md(text[1:-1].strip(), limit)} (a description: the headline is not confirmed)"
    return f"“{md(text, limit)}”"


# Control characters (NUL included) and bidi overrides/isolates, which could reorder what a tooltip shows.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def plain(value: str | None, max_chars: int) -> str:
    """Untrusted text made safe to show as plain text (graph labels and tooltips, SVG, GraphML, packs):
    no control characters or bidi overrides, at most `max_chars` characters."""
    text = _CONTROL_CHARS.sub("", value or "")
    return text if len(text) <= max_chars else text[: max_chars - 1] + "…"
