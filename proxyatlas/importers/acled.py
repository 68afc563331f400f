"""ACLED's CSV export, row by row, in the contract's terms.

- Ids: ``event_id_cnty`` (YEM12345) becomes ``acled_yem12345``.
- Dates: ``event_date`` as "16 May 2024" or 2024-05-16. ``time_precision`` 1 is the day; 2 and 3
  (ACLED: the week, or an estimate within it) keep only the month, ``YYYY-MM``, and the
  description keeps ACLED's own date.
- Actors: ACLED's actor 1 and actor 2 carry no direction (its codebook says so). Where the other
  side is civilians (``inter2`` 7 / "Civilians") or absent, actor 1 and its associates are the
  perpetrators and actor 2's associates the targets; in two-sided events (battles) the matched
  actors of both sides are listed as perpetrators, parties to the violence. Civilians are never
  looked up: they are not actors of ours, and not reported as unmatched.
- Fatalities: ACLED writes 0 both for none and for no figure reported, so 0 is left empty
  (unknown) and the description says ACLED coded 0; any other figure is kept.
- Country: ``iso`` is ISO 3166-1 numeric (887 Yemen) and becomes the alpha-3 code.
"""

from __future__ import annotations

from .cells import Row, iso3_from_numeric, number_text
from .records import PERPETRATOR, TARGET, Name, Parsed, slug

LABEL = "ACLED"
# The export's columns, as ACLED's codebook names them (the 2023 layout; assoc_actor_* and
# admin3, tags and timestamp included).
COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
NEEDED = (
    "event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
    "inter1", "actor2", "assoc_actor_2", "inter2", "iso", "admin1", "location", "latitude", "longitude", "notes",
    "fatalities",
)
CIVILIANS = {"7", "civilians"}  # inter codes: 7 in the numeric layout, "Civilians" in the text one
TYPES = {  # sub_event_type -> our type; the rest by event_type below
    "Air/drone strike": "military_strike",
    "Shelling/artillery/missile attack": "military_strike",
    "Abduction/forced disappearance": "hostage_taking",
}
EVENT_TYPES = {"Battles": "attack", "Explosions/Remote violence": "attack", "Violence against civilians": "attack"}


def _names(cell: str) -> list[str]:
    """An actor cell: assoc_actor_* lists several names separated by ';'."""
    return [n.strip() for n in cell.split(";") if n.strip()]


def parse(row: Row) -> Parsed | None:
    native = row.text("event_id_cnty")
    if not native:
        row.problem("event_id_cnty", "ACLED's event id, e.g. YEM12345", "missing event id")
        return None
    day = row.day_month_year("event_date")
    precision = row.integer("time_precision", minimum=1)
    if precision is not None and precision > 3:
        row.problem("time_precision", "1, 2 or 3", "value not allowed here")
    fatalities = row.integer("fatalities", minimum=0)
    iso = row.integer("iso", minimum=0)
    lat = row.number("latitude", -90, 90)
    lon = row.number("longitude", -180, 180)
    if day is None:
        return None
    if precision in (None, 1):
        date, date_precision, when = day.isoformat(), "day", ""
    else:
        date, date_precision = f"{day:%Y-%m}", "month"
        when = f" ACLED dates it {row.text('event_date')} with time precision {precision} (not the exact day)."
    one_sided = row.text("inter2").lower() in CIVILIANS or not row.text("actor2")
    names = [Name(n, PERPETRATOR) for n in [row.text("actor1"), *_names(row.text("assoc_actor_1"))] if n]
    if row.text("inter2").lower() not in CIVILIANS:
        names += [Name(n, PERPETRATOR) for n in _names(row.text("actor2"))]
    names += [Name(n, TARGET if one_sided else PERPETRATOR) for n in _names(row.text("assoc_actor_2"))]
    names = [n for n in names if not n.text.lower().startswith("civilians")]
    sub = row.text("sub_event_type")
    kind = TYPES.get(sub) or EVENT_TYPES.get(row.text("event_type"), "other")
    place = ", ".join(dict.fromkeys(x for x in (row.text("location"), row.text("admin1")) if x))
    reported = "" if fatalities == 0 else number_text(fatalities)
    deaths = " ACLED codes 0 fatalities, which may mean none were reported." if fatalities == 0 else ""
    description = (f"{row.text('notes')} [ACLED {native}: {row.text('event_type')}, {sub}.{when}{deaths}]").strip()
    event = {
        "date": date, "end_date": "", "date_precision": date_precision,
        "title": f"{row.text('event_type') if sub in ('', 'Other') else sub} in {place or 'an unnamed place'}",
        "type": kind, "country": iso3_from_numeric(iso), "location": place,
        "lat": number_text(lat), "lon": number_text(lon), "fatalities": reported,
        "description": description, "marking": "",
    }
    return Parsed(row.line, native, f"acled_{slug(native)}", event, names, dataset_label=LABEL)
