"""What a person reads in a table: column names, value labels and dates, defined once for every page.

The queries return raw columns (``sponsor_kind``, ``military_strike``, ISO partial dates, ids); the
downloads keep them as they are. ``screen(frame)`` is the same table as a briefing reads it: ids and
internal columns left out, values in the palette's words, dates as "7 Oct 2023", "Oct 2024" or "2019",
countries by name, empty cells blank.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

import numpy as np
import pandas as pd
import pycountry

from . import palette

# Column name -> what the table's header says. A column not listed reads as its name, spaced and capitalised.
COLUMNS: dict[str, str] = {
    "date": "Date", "title": "Title", "type": "Type", "country": "Country", "location": "Location",
    "lat": "Latitude", "lon": "Longitude", "fatalities": "Fatalities", "perpetrators": "Perpetrators",
    "status": "Status", "sources": "Sources", "change": "Change", "what": "What", "confidence": "Confidence",
    "source": "From", "target": "To", "start": "Start", "end": "End", "direction": "Direction",
    "event_title": "Event", "event": "Event", "claimant": "Claimant", "subject": "Subject", "stance": "Stance",
    "involvement": "Involvement", "quote": "Quote", "note": "Note", "best_reliability": "Best reliability",
    "reported_by": "Reported by", "credibility": "Credibility", "weight": "Weight",
    "contest_score": "Contest score", "claims": "Claims", "claimants": "Claimants", "asserts": "Assertions",
    "denials": "Denials", "retracts": "Retractions", "assessments": "Assessments",
    "level": "Level", "sponsor": "Sponsor", "sponsor_kind": "Sponsor kind", "tie": "Tie", "of_actor": "To",
    "role": "Role", "side": "Made by or about", "source_count": "Sources reporting it",
    "checkable": "Checkable", "publisher": "Publisher", "published": "Published", "kind": "Kind",
    "reliability": "Reliability", "affiliation": "Affiliation", "url": "Link", "facts": "Facts",
    "events": "Events", "relationships": "Ties", "actors": "Actors",
    "fact_kind": "Kind of fact", "fact": "Fact", "old": "Before", "new": "Now", "marking": "Marking",
    "table": "Table", "field": "Field", "added": "Added", "removed": "Removed", "changed": "Changed",
    "resource": "Table", "shown": "Rows shown", "hidden": "Rows hidden (above the marking ceiling)",
    "dataset": "Dataset", "release": "Release", "accessed": "Accessed", "file": "File",
    "unmatched_names": "Names matched to no actor", "licence": "Licence", "source_name": "Name in the import",
    "name": "Name", "founded": "Founded", "saved_at": "Saved at", "max_marking": "Marking ceiling",
    "from": "Saved from", "bytes": "Size (bytes)", "modified": "Modified", "required": "Required",
    "expected": "Expected", "line": "Line", "column": "Column", "value": "Value", "problem": "Problem",
    "diagnosis": "Diagnosis", "aliases": "Also known as", "description": "Description",
}

# Columns never shown on screen (the downloads keep them): ids, and what only the charts use.
INTERNAL = {"id", "date_lo", "date_hi", "date_precision", "lane", "day", "source_list", "title_described"}
DATE_COLUMNS = {"date", "start", "end", "end_date", "published", "accessed", "founded", "day"}
# Columns whose text carries source labels, "Publisher (2023-10-07)": their dates read like the others.
SOURCE_LABEL_COLUMNS = {"sources", "reported_by"}

SOURCE_KINDS = {"news": "News", "state_media": "State media", "government": "Government",
                "think_tank": "Think tank", "group_statement": "Group statement", "academic": "Academic",
                "other": "Other"}
FACT_KINDS = {"actor": "Actor", "relationship": "Tie", "event": "Event", "claim": "Claim"}
TABLES = {"sources": "Sources", "actors": "Actors", "relationships": "Ties", "events": "Events",
          "claims": "Claims", "crosswalk": "Crosswalk", "imports": "Imports"}


def _words(table: dict[str, tuple[str, str]]) -> dict[str, str]:
    return {key: lbl for key, (_, lbl) in table.items()}


_EVENT_TYPES = _words(palette.EVENT_TYPES)
_KINDS = {**_words(palette.ACTOR_KINDS), **SOURCE_KINDS}
_STANCES = _words(palette.STANCES)
# Column -> value labels (a value the table does not know is shown as it is).
VALUES: dict[str, dict[str, str]] = {
    "type": {**_EVENT_TYPES, **_words(palette.RELATIONSHIP_TYPES)},
    "kind": _KINDS, "sponsor_kind": _KINDS, "stance": _STANCES, "stances": _STANCES,
    "change": {"began": "Began", "ended": "Ended", "confidence changed": "Confidence changed", "added": "Added",
               "removed": "Removed", "political": "Political", "designation": "Designation"},
    "fact_kind": FACT_KINDS, "table": TABLES, "resource": TABLES,
    "direction": {"out": "from this actor", "in": "to this actor"},
    "status": {"active": "Active", "inactive": "Inactive", "defunct": "Defunct", "unknown": "Unknown"},
}

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_IN_LABEL = re.compile(r"\((\d{4}(?:-\d{2}(?:-\d{2})?)?)\)")


def column(name: str) -> str:
    """The header a table shows for a raw column."""
    return COLUMNS.get(name) or name.replace("_", " ").strip().capitalize()


def is_id(name: str) -> bool:
    return name == "id" or name.endswith("_id") or name.endswith("_ids")


def value(name: str, raw: object) -> object:
    """A raw value of column `name` in the words a reader knows (the value itself when none)."""
    return VALUES.get(name, {}).get(raw, raw) if isinstance(raw, str) else raw


def briefing_date(raw: object) -> str:
    """A date as a briefing writes it: '7 Oct 2023' for a day, 'Oct 2024' for a month, '2019' for a
    year (the data's partial ISO dates, YYYY, YYYY-MM, YYYY-MM-DD); '' for none. Text that is not
    such a date is returned as it is."""
    if raw is None or raw is pd.NaT or (isinstance(raw, float) and np.isnan(raw)):
        return ""
    if isinstance(raw, (datetime, date, pd.Timestamp, np.datetime64)):
        day = pd.Timestamp(raw)
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    text = str(raw).strip()
    found = _PARTIAL.match(text)
    if not found:
        return text
    year, month, day_ = found.groups()
    if month is None:
        return year
    if not 1 <= int(month) <= 12:
        return text
    return f"{MONTHS[int(month) - 1]} {year}" if day_ is None else f"{int(day_)} {MONTHS[int(month) - 1]} {year}"


def dates_in_text(text: object) -> object:
    """Source labels ('Reuters (2024-12-26)') with their dates as a briefing writes them."""
    return _IN_LABEL.sub(_label_date, text) if isinstance(text, str) else text


def _label_date(found: re.Match) -> str:
    return _in_words(found.group(1))


@lru_cache(maxsize=8192)
def _in_words(iso: str) -> str:
    """'(7 Oct 2023)' for '2023-10-07', once per date: a column of 5,000 source labels cites a few
    thousand dates many times over (briefing_date per match was most of a Timeline rerun's labelling)."""
    return f"({briefing_date(iso)})"


@lru_cache(maxsize=512)
def country(code: str | None) -> str:
    """A country's common name from its ISO 3166 alpha-3 code ('' for none; the code if unknown)."""
    if not code:
        return ""
    found = pycountry.countries.get(alpha_3=code)
    return (getattr(found, "common_name", None) or found.name) if found else code


def _missing(raw: object) -> bool:
    if isinstance(raw, (list, tuple, np.ndarray)):
        return False
    return raw is None or bool(pd.isna(raw))


def _by_value(values: pd.Series, fn) -> pd.Series:
    """`fn` of each cell, worked out once per distinct value (a column repeats its values: types,
    dates, countries, source labels), '' for a missing one. Plain Python over the cells: pandas'
    own map costs more than the work on a table of a few thousand rows."""
    out, seen = [], {}
    for raw in values.tolist():
        if raw is None or raw is pd.NA or raw is pd.NaT or (isinstance(raw, float) and raw != raw):
            out.append("")
            continue
        try:
            out.append(seen[raw])
        except KeyError:
            out.append(seen.setdefault(raw, fn(raw)))
        except TypeError:  # a list (unhashable): each is its own
            out.append(fn(raw))
    return pd.Series(out, index=values.index, dtype=object)


def dates(values: pd.Series) -> pd.Series:
    """A column of dates as a briefing writes them (once per distinct value)."""
    return _by_value(values, briefing_date)


def source_labels(values: pd.Series) -> pd.Series:
    """A column of source labels ('Reuters (2024-12-26)') with their dates written out."""
    return _by_value(values, dates_in_text)


def _cells(name: str, values: pd.Series) -> pd.Series:
    """One column as shown: its values labelled, dates and countries written out, lists joined."""
    if name in DATE_COLUMNS:
        return _by_value(values, briefing_date)
    if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return values  # numbers stay numbers (they sort); the table shows a missing one blank
    if pd.api.types.is_datetime64_any_dtype(values):
        return _by_value(values, briefing_date)
    if name == "country":
        return _by_value(values, lambda c: "" if _missing(c) else country(str(c)))

    def cell(raw: object) -> object:
        if isinstance(raw, (list, tuple, np.ndarray)):
            return "; ".join(str(value(name, v)) for v in raw)
        if _missing(raw):
            return ""
        if name in SOURCE_LABEL_COLUMNS:
            return dates_in_text(raw)
        if name in ("stances",):  # a list joined by the query: "denies, no_evidence"
            return ", ".join(str(value(name, v)) for v in str(raw).split(", "))
        return value(name, raw)

    return _by_value(values, cell)


def with_value_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """The table with its values in readers' words, its columns still raw (to pivot or filter on)."""
    return pd.DataFrame({name: _cells(name, frame[name]) for name in frame.columns}, index=frame.index)


def screen(frame: pd.DataFrame, hide: tuple[str, ...] | list[str] = ()) -> pd.DataFrame:
    """The table as a viewer reads it: ids, internal and `hide` columns left out, values labelled,
    columns named for people."""
    kept = [c for c in frame.columns if not (is_id(c) or c in INTERNAL or c in hide)]
    shown = with_value_labels(frame[kept])
    return shown.rename(columns={c: column(c) for c in kept})
