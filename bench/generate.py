"""Synthetic data in the contract (data/datapackage.json), at any scale, for the benchmarks.

    python -m bench.generate --scale 100 --out DIR                          # 2,500 actors, 7,000 ties, 10,000 events
    python -m bench.generate --scale 100 --events 100000 --claims 20000 --out DIR   # the large case
    python -m bench.generate --scale 1000 --events 1000000 --claims 200000 --out DIR   # the large case times ten

``--scale`` multiplies a unit of 25 actors, 70 relationships, 100 events, 20 claims and
15 sources; ``--actors``, ``--relationships``, ``--events``, ``--claims`` and ``--sources``
override one count each. The same arguments and ``--seed`` give the same bytes.

The shapes follow the bundled data: a few states and state agencies sponsor most armed
groups (Zipf-distributed, so one state and its agencies dominate), agencies and people are
members of states and groups, groups are allied, rival, splinter or members of umbrellas;
events from 2019 to 2024 with day, month and year precision, campaigns with end dates,
coordinates near the country, perpetrators drawn from the busy groups; claims with mixed
stances on a subset of events; a few sources cited by very many rows. Every reference
points at an existing row, so ``python -m proxyatlas validate DIR`` passes.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import shutil
import sys
from dataclasses import asdict, dataclass, replace
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

UNIT = {"actors": 25, "relationships": 70, "events": 100, "claims": 20, "sources": 15}
DATA_ROOT = Path(__file__).resolve().parent / "data"  # git-ignored cache of generated sets
STAMP = "bench-dataset.json"
LAST_DAY = date(2024, 12, 31)  # events, ties and claims end with 2024, as the bundled data does

# Countries where the bundled data's actors are based and its events happen, with a rough centre.
COUNTRIES = {
    "IRQ": (33.3, 44.4, 20), "IRN": (35.7, 51.4, 11), "LBN": (33.9, 35.5, 13), "ISR": (31.8, 35.2, 11),
    "SYR": (33.5, 36.3, 9), "PSE": (31.5, 34.45, 8), "YEM": (15.4, 44.2, 6), "USA": (38.9, -77.0, 7),
    "SAU": (24.7, 46.7, 2), "ARE": (24.5, 54.4, 2), "BHR": (26.2, 50.6, 2), "QAT": (25.3, 51.5, 1),
    "JOR": (31.9, 35.9, 1), "AFG": (34.5, 69.2, 1), "PAK": (33.7, 73.1, 1), "GBR": (51.5, -0.1, 1),
}
RED_SEA = "red sea"  # a place for events at sea, not a country
PLACES = {**COUNTRIES, RED_SEA: (15.0, 41.5, 0)}
ACTOR_KINDS = {  # kind: (share of actors, id prefix)
    "state": (0.02, "state"), "state_agency": (0.04, "agency"), "armed_group": (0.46, "group"),
    "person": (0.30, "person"), "political_movement": (0.05, "movement"), "media": (0.04, "media"),
    "government_body": (0.04, "gov"), "research": (0.03, "research"), "international_org": (0.02, "org"),
}
SPONSOR_TIES = {"sponsors": 45, "trains": 15, "arms": 15, "funds": 15, "directs": 10}
EVENT_TYPES = {"attack": 30, "military_strike": 26, "maritime_attack": 11, "political": 10, "designation": 9,
               "assassination": 8, "statement": 5, "hostage_taking": 2, "other": 1}
STANCES = {"asserts": 60, "denies": 15, "assesses": 10, "no_evidence": 10, "retracts": 5}
INVOLVEMENTS = {"responsibility": 70, "planning": 8, "training": 6, "direction": 5, "arming": 5, "funding": 3,
                "knowledge": 3}
SOURCE_KINDS = {"news": 65, "government": 25, "think_tank": 3, "state_media": 2, "academic": 2,
                "group_statement": 2, "other": 1}
RELIABILITY = {"A": 27, "B": 60, "C": 8, "D": 2, "E": 1, "F": 2}
WORDS = ["Nasr", "Fajr", "Haqq", "Awfiya", "Imam", "Sayyid", "Shuhada", "Badr", "Quds", "Ansar", "Ashtar",
         "Mukhtar", "Zainab", "Fatem", "Karbala", "Jihad", "Thar", "Wa'ad", "Hashd", "Muqawama"]
FORMS = ["Kata'ib", "Harakat", "Saraya", "Liwa", "Asa'ib", "Jaysh", "Firqat", "Tajammu"]
PUBLISHERS = ["Reuters", "Associated Press", "Agence France-Presse", "BBC News", "Al Jazeera", "Al Arabiya",
              "The Wall Street Journal", "The New York Times", "The Washington Post", "Financial Times",
              "US Department of State", "US Department of the Treasury", "US Department of Defense", "The White House",
              "UN Security Council", "IRNA", "Tasnim", "Fars", "Al-Manar", "Times of Israel", "Haaretz",
              "Long War Journal", "ISW", "FDD", "Washington Institute", "Crisis Group", "ACLED", "Al-Monitor"]


@dataclass(frozen=True)
class Counts:
    """How many rows of each file to write."""

    actors: int
    relationships: int
    events: int
    claims: int
    sources: int

    @classmethod
    def at_scale(cls, scale: float) -> "Counts":
        return cls(**{name: max(1, round(per_unit * scale)) for name, per_unit in UNIT.items()})


class Draw:
    """Seeded choices: by weight, Zipf-skewed over a list (the first items are picked most)."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def weighted(self, table: dict[str, float]) -> str:
        return self.rng.choices(list(table), weights=list(table.values()))[0]

    def zipf(self, items: list, k: int = 1, a: float = 1.0) -> list:
        """`k` distinct items, the i-th of `items` with weight 1/(i+1)^a."""
        weights = _zipf_weights(len(items), a)
        picked: list = []
        while len(picked) < min(k, len(items)):
            item = self.rng.choices(items, cum_weights=weights)[0]
            if item not in picked:
                picked.append(item)
        return picked

    def one(self, items: list, a: float = 1.0):
        return self.zipf(items, 1, a)[0]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def day(self, lo: date, hi: date) -> date:
        return lo + timedelta(days=self.rng.randrange((hi - lo).days + 1))

    def partial(self, day: date, shares=(0.9, 0.07, 0.03)) -> tuple[str, str]:
        """(text, precision) of a day as YYYY-MM-DD, YYYY-MM or YYYY, with the given shares."""
        precision = self.rng.choices(["day", "month", "year"], weights=shares)[0]
        text = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year)}[precision]
        return text, precision


_ZIPF_CACHE: dict[tuple[int, float], list[float]] = {}


def _zipf_weights(n: int, a: float) -> list[float]:
    """Cumulative Zipf weights for n items (cached: the same lists are drawn from many times)."""
    key = (n, a)
    if key not in _ZIPF_CACHE:
        _ZIPF_CACHE[key] = list(accumulate(1 / (i + 1) ** a for i in range(n)))
    return _ZIPF_CACHE[key]


def _ids(prefix: str, n: int) -> list[str]:
    width = max(3, len(str(n)))
    return [f"{prefix}_{i:0{width}d}" for i in range(1, n + 1)]


def _sources(d: Draw, n: int) -> list[dict]:
    rows = []
    for sid in _ids("src", n):
        publisher = d.one(PUBLISHERS, 0.8)
        published, _ = d.partial(d.day(date(2018, 6, 1), LAST_DAY), (0.92, 0.06, 0.02))
        rows.append({
            "source_id": sid,
            "title": f"{d.rng.choice(WORDS)} report {sid[4:]}: \"{d.rng.choice(FORMS)} {d.rng.choice(WORDS)}\", regional developments",
            "publisher": publisher,
            "published": published,
            "url": f"https://example.org/{sid}" if d.chance(0.6) else "",
            "kind": d.weighted(SOURCE_KINDS),
            "reliability": d.weighted(RELIABILITY),
            "affiliation": f"{publisher} Group" if d.chance(0.5) else "",
            "marking": "TLP:CLEAR" if d.chance(0.5) else "",
        })
    return rows


def _actors(d: Draw, n: int, source_ids: list[str]) -> tuple[list[dict], dict[str, list[str]]]:
    """Actor rows and the ids of each kind, the busiest first (the order Zipf draws favour)."""
    by_kind: dict[str, list[str]] = {}
    remaining = n
    kinds = list(ACTOR_KINDS.items())
    for i, (kind, (share, prefix)) in enumerate(kinds):
        count = remaining if i == len(kinds) - 1 else min(remaining, max(1, round(share * n)))
        by_kind[kind] = _ids(prefix, count)
        remaining -= count
    countries = list(COUNTRIES)
    country_weights = [w for _, _, w in COUNTRIES.values()]
    rows = []
    for kind, ids in by_kind.items():
        for i, aid in enumerate(ids):
            name = _actor_name(d, kind, i)
            country = d.rng.choices(countries, weights=country_weights)[0] if d.chance(0.93) else ""
            lat, lon = _near(d, country) if country and d.chance(0.5) else ("", "")
            founded = d.partial(d.day(date(1960, 1, 1), date(2022, 12, 31)), (0.3, 0.4, 0.3))[0] if d.chance(0.4) else ""
            rows.append({
                "actor_id": aid, "name": name,
                "aliases": f"{name.split()[-1]} {i};مجموعة {i}" if d.chance(0.6) else "",
                "kind": kind, "country": country, "founded": founded,
                "status": d.weighted({"active": 76, "inactive": 13, "unknown": 8, "defunct": 3}),
                "description": f"Synthetic {kind.replace('_', ' ')}, for benchmarks; \"not\" a real actor." if d.chance(0.8) else "",
                "lat": lat, "lon": lon,
                "source_ids": ";".join(d.zipf(source_ids, d.rng.randint(0, 2))),
                "marking": "",
            })
    return rows, by_kind


def _actor_name(d: Draw, kind: str, i: int) -> str:
    if kind == "armed_group":
        return f"{d.rng.choice(FORMS)} {d.rng.choice(WORDS)} {d.rng.choice(WORDS)} {i}"
    if kind == "person":
        return f"Abu {d.rng.choice(WORDS)} al-{d.rng.choice(WORDS)} {i}"
    return f"{kind.replace('_', ' ').title()} {d.rng.choice(WORDS)} {i}"


def _near(d: Draw, place: str) -> tuple[str, str]:
    lat, lon, _ = PLACES[place]
    return f"{lat + d.rng.uniform(-1.5, 1.5):.4f}", f"{lon + d.rng.uniform(-1.5, 1.5):.4f}"


def _relationships(d: Draw, n: int, by_kind: dict[str, list[str]], source_ids: list[str]) -> list[dict]:
    """First one tie that places every actor in the network, then extra ties up to n."""
    states, agencies, groups = by_kind["state"], by_kind["state_agency"], by_kind["armed_group"]
    sponsors = [states[0], *agencies, *states[1:]]  # the principal state and its agencies first
    umbrellas = groups[: max(1, len(groups) // 20)]
    seen: set[tuple[str, str, str]] = set()
    ties: list[tuple[str, str, str]] = []

    def tie(source: str, target: str, kind: str) -> None:
        if source != target and (source, target, kind) not in seen:
            seen.add((source, target, kind))
            ties.append((source, target, kind))

    for a in agencies:
        tie(a, d.one(states, 2.0), "member_of")
    for g in groups:
        tie(d.one(sponsors, 1.1), g, d.weighted(SPONSOR_TIES))
    for p in by_kind["person"]:
        tie(p, d.one(groups + agencies, 0.9), "member_of")
    for m in by_kind["political_movement"]:
        tie(m, d.one(groups), "allied_with")
    for m in by_kind["media"]:
        tie(m, d.one(agencies + groups), "member_of")
    for b in by_kind["government_body"] + by_kind["research"]:
        tie(b, d.one(states, 0.7), "member_of")
    for o in by_kind["international_org"]:
        tie(d.one(states), o, "hosts")
    for s in states[1:]:
        tie(s, states[0], "rival_of")

    extra = {"sponsor": 35, "umbrella": 15, "allied_with": 20, "rival_of": 10, "splinter_of": 5, "hosts": 5,
             "person": 10}
    for _ in range(20 * n):
        if len(ties) >= n:
            break
        what = d.weighted(extra)
        if what == "sponsor":
            tie(d.one(sponsors, 1.1), d.one(groups, 0.6), d.weighted(SPONSOR_TIES))
        elif what == "umbrella":
            tie(d.one(groups, 0.5), d.one(umbrellas), "member_of")
        elif what == "person":
            tie(d.one(by_kind["person"], 0.3), d.one(groups, 0.9), "member_of")
        elif what == "hosts":
            tie(d.one(states, 1.2), d.one(groups, 0.6), "hosts")
        else:
            tie(d.one(groups, 0.7), d.one(groups, 0.7), what)

    rows = []
    for rid, (source, target, kind) in zip(_ids("rel", len(ties)), ties[:n]):
        start = d.day(date(1979, 1, 1), date(2023, 12, 31)) if d.chance(0.6) else None
        earliest_end = max(start or date(2015, 1, 1), date(2015, 1, 1)) + timedelta(days=400)
        end = d.day(earliest_end, LAST_DAY) if d.chance(0.12) and earliest_end <= LAST_DAY else None
        rows.append({
            "rel_id": rid, "source_id": source, "target_id": target, "type": kind,
            # A year-only start and an end in that same year still order correctly (pd_hi(end) >= pd_lo(start)).
            "start": d.partial(start, (0.4, 0.3, 0.3))[0] if start else "",
            "end": end.isoformat() if end else "",
            "confidence": d.weighted({"high": 60, "moderate": 30, "low": 10}),
            "source_ids": ";".join(d.zipf(source_ids, d.rng.randint(1, 3))),
            "note": "Synthetic tie, for benchmarks." if d.chance(0.3) else "",
            "marking": "",
        })
    return rows


def _events(d: Draw, n: int, by_kind: dict[str, list[str]], source_ids: list[str]) -> list[dict]:
    perpetrators = by_kind["armed_group"] + by_kind["state_agency"] + by_kind["state"]
    targets = by_kind["state"] + by_kind["armed_group"] + by_kind["person"]
    countries = list(COUNTRIES)
    weights = [w for _, _, w in COUNTRIES.values()]
    lo, hi = date(2019, 1, 1), LAST_DAY
    rows = []
    for eid in _ids("ev", n):
        day = d.day(lo, hi) if d.chance(0.6) else d.day(date(2023, 10, 7), hi)  # busier since October 2023
        text, precision = d.partial(day)
        # A campaign: its end is never before the first day its (partial) start can mean.
        end = min(day + timedelta(days=d.rng.randint(30, 400)), hi).isoformat() if d.chance(0.04) else ""
        country = d.rng.choices(countries, weights=weights)[0] if d.chance(0.85) else ""
        if country:
            lat, lon = _near(d, country) if d.chance(0.92) else ("", "")
        else:  # international waters: half of them placed in the Red Sea
            lat, lon = _near(d, RED_SEA) if d.chance(0.5) else ("", "")
        kind = d.weighted(EVENT_TYPES)
        rows.append({
            "event_id": eid, "date": text, "end_date": end, "date_precision": precision,
            "title": f"{kind.replace('_', ' ').capitalize()} near {d.rng.choice(WORDS)} ({eid})",
            "type": kind, "country": country,
            "location": f"{d.rng.choice(WORDS)}, {country or 'at sea'}" if d.chance(0.8) else "",
            "lat": lat, "lon": lon,
            "fatalities": str(int(d.rng.expovariate(1 / 8))) if d.chance(0.25) else "",
            "perpetrator_ids": ";".join(d.zipf(perpetrators, 1 if d.chance(0.85) else 2, 1.05)) if d.chance(0.65) else "",
            "target_ids": ";".join(d.zipf(targets, 1, 0.8)) if d.chance(0.35) else "",
            "description": "Synthetic event, for benchmarks, with a comma, and \"quotes\"." if d.chance(0.5) else "",
            "source_ids": ";".join(d.zipf(source_ids, d.rng.randint(1, 3))),
            "marking": "TLP:GREEN" if d.chance(0.01) else "",
        })
    return rows


def _claims(d: Draw, n: int, events: list[dict], by_kind: dict[str, list[str]], source_ids: list[str]) -> list[dict]:
    """Claims in bursts of 1-8 per event, on as many events as it takes to write n."""
    claimants = by_kind["state"] + by_kind["state_agency"] + by_kind["government_body"] + by_kind["media"]
    groups = by_kind["armed_group"]
    rows = []
    said_before: set[tuple] = set()  # one row per statement (claims contract v2)
    ids = iter(_ids("cl", n))
    while len(rows) < n:
        event = d.rng.choice(events)
        subjects = event["perpetrator_ids"].split(";") if event["perpetrator_ids"] else d.zipf(groups, 2, 0.8)
        first = date.fromisoformat(_first_day(event["date"]))
        for _ in range(min(d.rng.randint(1, 8), n - len(rows))):
            subject = d.rng.choice(subjects)
            claimant = subject if d.chance(0.35) else d.one(claimants, 0.9)
            said = min(first + timedelta(days=d.rng.randint(0, 90)), LAST_DAY)
            stance, involvement = d.weighted(STANCES), d.weighted(INVOLVEMENTS)
            day = d.partial(said, (0.95, 0.05, 0.0))[0]
            key = (event["event_id"], claimant, subject, stance, involvement, day)
            if key in said_before:
                continue
            said_before.add(key)
            rows.append({
                "claim_id": next(ids), "event_id": event["event_id"], "claimant_id": claimant,
                "subject_id": subject, "stance": stance, "involvement": involvement, "date": day,
                "quote": "We did it, \"in revenge\"; more will follow." if d.chance(0.2) else "",
                "note": "Reported second-hand." if d.chance(0.1) else "",
                "source_ids": ";".join(dict.fromkeys(d.one(source_ids) for _ in range(d.rng.randint(1, 3)))),
                "credibility": str(d.rng.randint(1, 6)) if d.chance(0.7) else "",
                "marking": "TLP:GREEN" if d.chance(0.01) else "",
            })
    return rows


def _first_day(partial: str) -> str:
    return {4: partial + "-01-01", 7: partial + "-01"}.get(len(partial), partial)


def _write(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def generate(out: Path, counts: Counts, seed: int = 1) -> Path:
    """Write the five CSV files (and a stamp naming the arguments) into `out`."""
    d = Draw(seed)
    out.mkdir(parents=True, exist_ok=True)
    sources = _sources(d, counts.sources)
    source_ids = [s["source_id"] for s in sources]
    d.rng.shuffle(source_ids)  # which sources are cited most is independent of their dates
    actors, by_kind = _actors(d, counts.actors, source_ids)
    relationships = _relationships(d, counts.relationships, by_kind, source_ids)
    events = _events(d, counts.events, by_kind, source_ids)
    claims = _claims(d, counts.claims, events, by_kind, source_ids)
    for name, rows in (("sources", sources), ("actors", actors), ("relationships", relationships),
                       ("events", events), ("claims", claims)):
        _write(out / f"{name}.csv", rows)
    (out / STAMP).write_text(json.dumps(_stamp(counts, seed), indent=1), encoding="utf-8")
    return out


def _stamp(counts: Counts, seed: int) -> dict:
    """What a generated folder was made from, the generator's own source included."""
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    return {"counts": asdict(counts), "seed": seed, "generator": code}


def cached(counts: Counts, seed: int = 1, root: Path = DATA_ROOT) -> Path:
    """A generated folder under bench/data/, made again only if its arguments or this file changed."""
    out = root / f"a{counts.actors}_r{counts.relationships}_e{counts.events}_c{counts.claims}_s{counts.sources}_seed{seed}"
    stamp = out / STAMP
    if stamp.is_file() and json.loads(stamp.read_text(encoding="utf-8")) == _stamp(counts, seed):
        return out
    shutil.rmtree(out, ignore_errors=True)
    return generate(out, counts, seed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder to write the five CSV files into")
    parser.add_argument("--scale", type=float, default=1.0, help="multiple of " + ", ".join(f"{v} {k}" for k, v in UNIT.items()))
    for name in UNIT:
        parser.add_argument(f"--{name}", type=int, help=f"number of {name} (overrides --scale)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    counts = replace(Counts.at_scale(args.scale), **{k: getattr(args, k) for k in UNIT if getattr(args, k)})
    generate(args.out, counts, args.seed)
    print(f"wrote {args.out}: " + ", ".join(f"{v:,} {k}" for k, v in asdict(counts).items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
