"""The Global Terrorism Database's CSV, row by row, in the contract's terms.

- Ids: ``eventid`` (12 digits) becomes ``gtd_<eventid>``; its claims ``gtd_<eventid>_claim_<n>``.
- Dates: ``iyear``, ``imonth``, ``iday``; GTD writes 0 for an unknown month or day, which gives
  ``YYYY-MM`` or ``YYYY``, never the 1st. ``approxdate`` goes into the description.
- Perpetrators: ``gname``, ``gname2``, ``gname3`` ("Unknown" is not looked up). A group GTD
  marks as suspected (``guncertain1..3`` = 1) is not put in ``perpetrator_ids``; the
  description says so. Where GTD marks competing claims (``compclaim`` = 1) no group is.
- Claims: a group GTD codes as having claimed the attack (``claimed`` for the first group,
  ``claim2`` and ``claim3`` for the others, 1 = yes) gets a claims row: it asserts its own
  responsibility, with GTD's ``claimmode_txt`` in the note. GTD does not date claims, so the
  claim takes the event's date and the note says so. Two groups claiming the same attack show as
  "competing claims" on the Attribution page.
- Fatalities: ``nkill``; blank is unknown and stays empty.
- Country: ``country`` is GTD's own number, not ISO; ``country_txt`` is looked up by name
  (pycountry), with the few GTD names pycountry does not know in ``NAMES``.
"""

from __future__ import annotations

from .cells import Row, iso3_from_name, number_text, partial, valid_day
from .records import PERPETRATOR, Name, Parsed, slug

LABEL = "GTD"
# The GTD CSV's 135 columns, as the GTD codebook names them.
COLUMNS = tuple("""eventid iyear imonth iday approxdate extended resolution country country_txt region region_txt
provstate city latitude longitude specificity vicinity location summary crit1 crit2 crit3 doubtterr alternative
alternative_txt multiple success suicide attacktype1 attacktype1_txt attacktype2 attacktype2_txt attacktype3
attacktype3_txt targtype1 targtype1_txt targsubtype1 targsubtype1_txt corp1 target1 natlty1 natlty1_txt targtype2
targtype2_txt targsubtype2 targsubtype2_txt corp2 target2 natlty2 natlty2_txt targtype3 targtype3_txt targsubtype3
targsubtype3_txt corp3 target3 natlty3 natlty3_txt gname gsubname gname2 gsubname2 gname3 gsubname3 motive
guncertain1 guncertain2 guncertain3 individual nperps nperpcap claimed claimmode claimmode_txt claim2 claimmode2
claimmode2_txt claim3 claimmode3 claimmode3_txt compclaim weaptype1 weaptype1_txt weapsubtype1 weapsubtype1_txt
weaptype2 weaptype2_txt weapsubtype2 weapsubtype2_txt weaptype3 weaptype3_txt weapsubtype3 weapsubtype3_txt
weaptype4 weaptype4_txt weapsubtype4 weapsubtype4_txt weapdetail nkill nkillus nkillter nwound nwoundus nwoundte
property propextent propextent_txt propvalue propcomment ishostkid nhostkid nhostkidus nhours ndays divert
kidhijcountry ransom ransomamt ransomamtus ransompaid ransompaidus ransomnote hostkidoutcome hostkidoutcome_txt
nreleased addnotes scite1 scite2 scite3 dbsource INT_LOG INT_IDEO INT_MISC INT_ANY related""".split())
NEEDED = (
    "eventid", "iyear", "imonth", "iday", "approxdate", "country_txt", "provstate", "city", "latitude", "longitude",
    "summary", "attacktype1", "attacktype1_txt", "gname", "gname2", "gname3", "guncertain1", "guncertain2",
    "guncertain3", "claimed", "claimmode_txt", "claim2", "claimmode2_txt", "claim3", "claimmode3_txt", "compclaim",
    "nkill",
)
GROUPS = (("gname", "guncertain1", "claimed", "claimmode_txt"), ("gname2", "guncertain2", "claim2", "claimmode2_txt"),
          ("gname3", "guncertain3", "claim3", "claimmode3_txt"))
TYPES = {1: "assassination", 5: "hostage_taking", 6: "hostage_taking"}  # attacktype1; the rest are attacks
NAMES = {"West Bank and Gaza Strip": "PSE"}  # country_txt pycountry does not know


def parse(row: Row) -> Parsed | None:
    native = row.text("eventid")
    if not native:
        row.problem("eventid", "GTD's 12-digit event id", "missing event id")
        return None
    year, month, day = row.integer("iyear", minimum=1970), row.integer("imonth", 0), row.integer("iday", 0)
    lat = row.number("latitude", -90, 90)
    lon = row.number("longitude", -180, 180)
    nkill = row.integer("nkill", minimum=0)
    attack = row.integer("attacktype1", minimum=1)
    compclaim = row.integer("compclaim")
    flags = [(row.integer(u), row.integer(c)) for _, u, c, _ in GROUPS]
    if year is None:
        if not row.text("iyear"):
            row.problem("iyear", "the year, e.g. 2019", "missing required value")
        return None
    if month is not None and month > 12:
        row.problem("imonth", "a month 1 to 12, or 0 when unknown", "no such date")
        return None
    if month and day and not valid_day(year, month, day):
        row.problem("iday", f"a day of {year}-{month:02d}, or 0 when unknown", "no such date")
        return None
    date, precision = partial(year, month or None, (day or None) if month else None)
    competing = compclaim == 1
    names = []
    for (group, _, _, mode), (uncertain, claimed) in zip(GROUPS, flags):
        text = row.text(group)
        if not text or text.lower() == "unknown":
            continue
        claim = None
        if claimed == 1:
            how = row.text(mode)
            claim = ("GTD codes a claim of responsibility by this group" + (f" (mode: {how})" if how else "")
                     + (", one of competing claims" if competing else "")
                     + ". GTD does not date claims: the date is the event's.")
        names.append(Name(text, PERPETRATOR, suspected=uncertain == 1, claim=claim))
    place = ", ".join(dict.fromkeys(x for x in (row.text("city"), row.text("provstate")) if x and x.lower() != "unknown"))
    approx = f" GTD's approximate date: {row.text('approxdate')}." if row.text("approxdate") else ""
    description = f"{row.text('summary')} [GTD {native}: {row.text('attacktype1_txt')}.{approx}]".strip()
    country = row.text("country_txt")
    event = {
        "date": date, "end_date": "", "date_precision": precision,
        "title": f"{row.text('attacktype1_txt') or 'Attack'} in {place or country or 'an unknown place'}",
        "type": TYPES.get(attack, "attack"), "country": NAMES.get(country) or iso3_from_name(country),
        "location": place, "lat": number_text(lat), "lon": number_text(lon), "fatalities": number_text(nkill),
        "description": description, "marking": "",
    }
    return Parsed(row.line, native, f"gtd_{slug(native)}", event, names, competing=competing, dataset_label=LABEL)
