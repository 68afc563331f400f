"""``python -m proxyatlas brief`` and ``python -m proxyatlas baseline``: packs and baselines from a shell.

Exit codes: 0 done; 1 the data folder does not validate; 2 bad input (a date, a sponsor, a
country, a marking, a baseline name that is not there), said in one line on stderr.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

import pandas as pd

from .. import baseline, diff, palette
from ..config import Settings
from ..filters import CONFIDENCE, Filters
from ..markings import BadMarking, level
from ..store import Snapshot, Store
from . import content, page, pdf


class BadInput(ValueError):
    pass


def add_parsers(sub) -> None:
    brief = sub.add_parser("brief", help="make a briefing pack (PDF and/or one offline HTML file) of a view")
    brief.add_argument("data_dir", type=Path, help="folder with the CSV files")
    brief.add_argument("--out", type=Path, help="write the pack as PDF here")
    brief.add_argument("--html", type=Path, help="write the pack as one offline HTML file here")
    brief.add_argument("--from", dest="date_from", help="first day of the window (YYYY-MM-DD; default: the data's first)")
    brief.add_argument("--to", dest="date_to", help="last day of the window (YYYY-MM-DD; default: the data's last)")
    brief.add_argument("--sponsor", help="only the network downstream of this actor id (e.g. iran)")
    brief.add_argument("--country", action="append", default=[], help="ISO 3166 alpha-3 code; repeat for several")
    brief.add_argument("--kind", action="append", default=[], help="actor kind (e.g. armed_group); repeat for several")
    brief.add_argument("--min-confidence", default="low", help="minimum confidence of ties: low, moderate or high")
    brief.add_argument("--max-marking", help="marking ceiling (default: $PROXYATLAS_MAX_MARKING or TLP:CLEAR)")
    brief.add_argument("--since", metavar="BASELINE", help="report what changed since this saved baseline")
    brief.add_argument("--baselines", type=Path, help="baselines folder (default: $PROXYATLAS_BASELINES or baselines/)")
    brief.add_argument("--top", type=int, default=content.TOP_DISPUTES, help="how many disputes in full (default 10)")
    base = sub.add_parser("baseline", help="save or list baselines of the validated data")
    action = base.add_subparsers(dest="action", required=True)
    save = action.add_parser("save", help="store the validated tables of now under NAME")
    save.add_argument("data_dir", type=Path, help="folder with the CSV files")
    save.add_argument("name", help="the baseline's name, e.g. 2026-12-01")
    save.add_argument("--max-marking", help="marking ceiling (default: $PROXYATLAS_MAX_MARKING or TLP:CLEAR)")
    save.add_argument("--baselines", type=Path, help="baselines folder (default: $PROXYATLAS_BASELINES or baselines/)")
    shown = action.add_parser("list", help="list the saved baselines")
    shown.add_argument("--baselines", type=Path, help="baselines folder (default: $PROXYATLAS_BASELINES or baselines/)")


def run(args: argparse.Namespace) -> int:
    try:
        if args.command == "brief":
            return _brief(args)
        return _baseline(args)
    except (BadInput, BadMarking, baseline.BaselineError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


def _ceiling(value: str | None) -> str:
    marking = (value or Settings.from_env().max_marking).strip().upper()
    level(marking)
    return marking


def _load(data_dir: Path, ceiling: str) -> Snapshot | None:
    if not data_dir.is_dir():
        raise BadInput(f"no data folder at {data_dir}")
    state = Store(Settings(data_dir.resolve(), ceiling)).state()
    for problem in state.problems:
        print(problem, file=sys.stderr)
    if state.good is None:
        print(f"{len(state.problems)} problem(s) in {data_dir}: fix them first", file=sys.stderr)
    return state.good


def _day(value: str | None, fallback: date, option: str) -> date:
    if value is None:
        return fallback
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadInput(f"{option} {value!r} is not a date: use YYYY-MM-DD, e.g. 2023-10-07") from None


def _filters(snap: Snapshot, args: argparse.Namespace) -> Filters:
    extent = snap.query("meta/extent").iloc[0]
    lo = _day(args.date_from, pd.Timestamp(extent["first_day"]).date(), "--from")
    hi = _day(args.date_to, pd.Timestamp(extent["last_day"]).date(), "--to")
    if hi < lo:
        raise BadInput(f"--to {hi} is before --from {lo}")
    sponsors = list(snap.query("meta/sponsors")["actor_id"])
    if args.sponsor is not None and args.sponsor not in sponsors:
        raise BadInput(f"unknown sponsor {args.sponsor!r}: choose one of {', '.join(sponsors)}")
    countries = sorted({c.upper() for c in args.country})
    bad = [c for c in countries if len(c) != 3 or not c.isalpha()]
    if bad:
        raise BadInput(f"bad country code {bad[0]!r}: use ISO 3166 alpha-3, e.g. IRN")
    unknown = [k for k in args.kind if k not in palette.ACTOR_KINDS]
    if unknown:
        raise BadInput(f"unknown actor kind {unknown[0]!r}: choose from {', '.join(palette.ACTOR_KINDS)}")
    if args.min_confidence not in CONFIDENCE:
        raise BadInput(f"--min-confidence {args.min_confidence!r}: choose low, moderate or high")
    return Filters(lo, hi, args.sponsor, tuple(countries), tuple(sorted(set(args.kind))), args.min_confidence)


def _brief(args: argparse.Namespace) -> int:
    if args.out is None and args.html is None:
        raise BadInput("say where to write the pack: --out PACK.pdf and/or --html PACK.html")
    if args.top < 0:
        raise BadInput("--top must be 0 or more")
    ceiling = _ceiling(args.max_marking)
    where = args.baselines or baseline.folder()
    base = baseline.load(args.since, where, ceiling) if args.since else None  # before the slow part
    snap = _load(args.data_dir, ceiling)
    if snap is None:
        return 1
    filters = _filters(snap, args)
    since = diff.compare(snap, base) if base else None
    pack = content.gather(snap, filters, top=args.top, since=since)
    if args.out:
        args.out.write_bytes(pdf.render(pack))
        print(f"wrote {args.out} ({pack['marking']})")
    if args.html:
        args.html.write_text(page.render(pack), encoding="utf-8")
        print(f"wrote {args.html} ({pack['marking']})")
    return 0


def _baseline(args: argparse.Namespace) -> int:
    where = args.baselines or baseline.folder()
    if args.action == "list":
        for b in baseline.listed(where):
            print(f"{b.name}\t{b.saved_at}\t{b.max_marking}\t{b.data_dir}")
        return 0
    ceiling = _ceiling(args.max_marking)
    snap = _load(args.data_dir, ceiling)
    if snap is None:
        return 1
    saved = baseline.save(snap, args.name, args.data_dir.resolve(), where)
    rows = ", ".join(f"{n} {t}" for t, n in saved.rows.items())
    print(f"saved baseline {saved.name!r} in {saved.path} under {ceiling} ({rows})")
    return 0
