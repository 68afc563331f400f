"""UCDP's Georeferenced Event Dataset (GED) CSV, row by row, in the contract's terms.

- Ids: ``id`` becomes ``ucdp_<id>``.
- Dates: ``date_prec`` 1 is the day ``date_start``; any other precision keeps what
  ``date_start`` and ``date_end`` share (the month, else the year; across years, the start and
  end years), never an invented day.
- Actors: in one-sided violence (``type_of_violence`` 3) side A is the perpetrator and side B,
  civilians, is not looked up. In state-based and non-state conflict (1 and 2) GED codes the two
  sides of the fighting, not who began it: the matched actors of both sides are listed as
  perpetrators, parties to the violence.
- Fatalities: ``best``, UCDP's best estimate; the description gives low and high.
- Country: GED has no ISO code. ``country_id`` is a Gleditsch-Ward state number, mapped to ISO
  3166-1 alpha-3 with ``gleditsch_ward.csv`` (the codes of the region this atlas covers, from
  Gleditsch & Ward 1999, "A revised list of independent states since the Congress of Vienna",
  International Interactions 25(4), list at http://ksgleditsch.com/data-4.html). A number not
  in the table leaves the country empty; the country is the state GED gives, whatever our own
  rows would say of disputed territory.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from .cells import Row, number_text, span
from .records import PERPETRATOR, Name, Parsed, slug

LABEL = "UCDP GED"
# The GED CSV's columns, as the GED codebook names them (49, gwnoa and gwnob last).
COLUMNS = (
    "id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_dset_id",
    "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id", "dyad_name", "side_a_dset_id",
    "side_a_new_id", "side_a", "side_b_dset_id", "side_b_new_id", "side_b", "number_of_sources",
    "source_article", "source_office", "source_date", "source_headline", "source_original", "where_prec",
    "where_coordinates", "where_description", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt",
    "priogrid_gid", "country", "country_id", "region", "event_clarity", "date_prec", "date_start", "date_end",
    "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low", "gwnoa", "gwnob",
)
NEEDED = (
    "id", "type_of_violence", "conflict_name", "dyad_name", "side_a", "side_b", "where_description", "adm_1",
    "latitude", "longitude", "country", "country_id", "date_prec", "date_start", "date_end", "best", "high", "low",
)
VIOLENCE = {1: "state-based conflict", 2: "non-state conflict", 3: "one-sided violence"}


@lru_cache(maxsize=1)
def gw_to_iso3() -> dict[int, str]:
    with open(Path(__file__).with_name("gleditsch_ward.csv"), encoding="utf-8", newline="") as fh:
        return {int(r["gw_code"]): r["iso3"] for r in csv.DictReader(fh)}


def parse(row: Row) -> Parsed | None:
    native = row.text("id")
    if not native:
        row.problem("id", "GED's event id", "missing event id")
        return None
    violence = row.integer("type_of_violence", minimum=1)
    if violence is not None and violence not in VIOLENCE:
        row.problem("type_of_violence", "1, 2 or 3", "value not allowed here")
    precision = row.integer("date_prec", minimum=1)
    start, end = row.iso_date("date_start"), row.iso_date("date_end")
    gw = row.integer("country_id", minimum=0)
    best, low, high = (row.integer(c, minimum=0) for c in ("best", "low", "high"))
    lat = row.number("latitude", -90, 90)
    lon = row.number("longitude", -180, 180)
    if start is None or end is None:
        return None
    if end < start:
        row.problem("date_end", f"a date on or after date_start ({start})", "ends before it starts")
        return None
    date, end_date, date_precision = (start.isoformat(), "", "day") if precision == 1 else span(start, end)
    names = [Name(row.text("side_a"), PERPETRATOR)]
    if violence != 3:
        names.append(Name(row.text("side_b"), PERPETRATOR))
    names = [n for n in names if n.text]
    place = row.text("where_description") or row.text("adm_1")
    when = "" if date_precision == "day" else f" GED dates it between {start} and {end} (date_prec {precision})."
    description = (f"[UCDP GED {native}: {row.text('conflict_name')}, {VIOLENCE.get(violence, 'violence')}; "
                   f"deaths: best {number_text(best) or 'unknown'}, low {number_text(low) or 'unknown'}, "
                   f"high {number_text(high) or 'unknown'}.{when}]")
    event = {
        "date": date, "end_date": end_date, "date_precision": date_precision,
        "title": f"{row.text('dyad_name') or row.text('conflict_name')}: {place or row.text('country')}",
        "type": "attack", "country": gw_to_iso3().get(gw, "") if gw is not None else "", "location": place,
        "lat": number_text(lat), "lon": number_text(lon), "fatalities": number_text(best),
        "description": description, "marking": "",
    }
    return Parsed(row.line, native, f"ucdp_{slug(native)}", event, names, dataset_label=LABEL)
