"""An edit of a few rows of events.csv in place, loaded as a new version in front of the last good one.

The edit an analyst makes most: a cell or two of some events changed, no row added, removed or moved,
no id or marking changed, every other file as it was. Such an edit changes the rows it touches and
nothing else: the other rows of every table, and every check they passed, are what they were. So
instead of a whole load (~2.2 s at 100k events) this one

1. finds the records the edit touched, by comparing the file's text with its last good read
   (`edited_span`), and reads those records alone, with the same reader and the same rules inside
   one file as a whole load (loader._read_file);
2. checks their references against the keys of the files they point into;
3. builds their typed rows and the derived rows about them with the model's own queries
   (queries.builds), splices those in, and builds again the two small tables that join events to
   claims; each table it writes goes into a catalog of its own in front of the last good database
   (proxyatlas/catalogs.py), which every table it does not write is read from.

Any other edit, or one whose rows have a problem, gets a whole load (`load` returns None), which
reports problems with their lines and keeps the last good data as always. tests/test_row_edit.py
holds a version built here equal, table for table, to a whole load of the same files.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from . import catalogs, loader, queries, schema

RESOURCE = "events"  # the file whose rows an edit may change in place
ROWS_AT_MOST = 1000  # an edit of more records than this is read whole: the saving is gone
# How each table the model builds from `events` is brought up to date (tests/test_row_edit.py holds
# this to the model scripts: every table whose query reads events is named here).
TYPED = "events"  # built again over the edited rows, which keep their positions (row_edit/events_*)
PER_EVENT = ("event_actors", "event_facts", "fact_sources", "event_involvement")  # rows about the edited events
WHOLE = ("claim_events",)  # one row per claim, in the claims' order: built again whole (~20 ms at 100k)
# Tables that read one of those but only what an edit in place keeps: the events' ids (claims), how many
# are hidden (hidden_counts), the sources of facts other than events (source_labels).
KEPT = ("claims", "hidden_counts", "source_labels")
# The model script each of those is built by, in the order they are built in.
BUILT = ((TYPED, "model/13_events"), ("event_actors", "model/20_derived"), ("fact_sources", "model/20_derived"),
         ("event_facts", "model/20_derived"), ("event_involvement", "model/30_scope"))


def edited_span(old: str, new: str, block: int = 1 << 16) -> tuple[int, int, int] | None:
    """Where `new` differs from `old`, widened to whole records: (start, old_end, new_end) such that
    old[:start] == new[:start], old[old_end:] == new[new_end:], and each cut is at the start of a line
    with an even number of quotes before it (outside any quoted cell, in a file that read with no
    problems) in both texts. None when the texts are equal or no such cut is found."""
    if old == new:
        return None
    n = min(len(old), len(new))
    start = 0
    while start + block <= n and old[start:start + block] == new[start:start + block]:
        start += block
    while start < n and old[start] == new[start]:
        start += 1
    tail = 0
    limit = n - start
    while tail + block <= limit and old[len(old) - tail - block:len(old) - tail] == new[len(new) - tail - block:len(new) - tail]:
        tail += block
    while tail < limit and old[len(old) - tail - 1] == new[len(new) - tail - 1]:
        tail += 1
    start = old.rfind("\n", 0, start) + 1
    quotes = old.count('"', 0, start)
    while quotes % 2:  # inside a quoted cell of several lines: back to the line its record starts on
        if start == 0:
            return None
        line = old.rfind("\n", 0, start - 1) + 1
        quotes -= old.count('"', line, start)
        start = line
    new_end = len(new) - tail
    old_end = len(old) - tail
    old_quotes = quotes + old.count('"', start, old_end)
    new_quotes = quotes + new.count('"', start, new_end)
    while True:  # forward, through the common end, to a line end outside quotes in both texts
        if new_end > start and new[new_end - 1] == "\n" and old_end >= start and (old_end == start or old[old_end - 1] == "\n") \
                and new_quotes % 2 == 0 and old_quotes % 2 == 0:
            return start, old_end, new_end
        if new_end == len(new):
            return (start, old_end, new_end) if new_quotes % 2 == 0 and old_quotes % 2 == 0 else None
        line_end = new.find("\n", new_end)
        line_end = len(new) if line_end < 0 else line_end + 1
        piece = new.count('"', new_end, line_end)
        old_end += line_end - new_end
        new_end = line_end
        new_quotes += piece
        old_quotes += piece


def load(previous: loader.Previous, package: schema.Package, fp: loader.Fingerprint, blobs: dict[str, bytes | None],
         digests: dict[str, bytes], max_level: int, data_dir: Path, tmp: Path, started: float) -> loader.LoadResult | None:
    """The load of an edit of some events in place, as a version in front of `previous`'s database;
    None when the edit is not one (or its rows have a problem): then the files get a whole load."""
    res = next(r for r in package.resources if r.name == RESOURCE)
    before = previous.files.get(res.path)
    if previous.con is None or previous.max_level != max_level or before is None or not before.clean \
            or before.digest != previous.digests.get(res.path) \
            or [r.path for r in package.resources if digests[r.path] != previous.digests.get(r.path)] != [res.path]:
        return None
    if blobs[res.path] is None:  # the file removed: the whole load says so
        return None
    try:
        text = blobs[res.path].decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    span = edited_span(before.text, text)
    header_end = text.find("\n") + 1
    if span is None or header_end == 0 or span[0] < header_end:
        return None
    start, old_end, new_end = span
    old_rows = list(csv.DictReader(io.StringIO(text[:header_end] + before.text[start:old_end])))
    if not 0 < len(old_rows) <= ROWS_AT_MOST:
        return None
    version = catalogs.Version(previous.con)
    try:
        built = _build(version, res, package, previous, before, text, text[:header_end] + text[start:new_end],
                       old_rows, digests[res.path], data_dir, tmp)
    except BaseException:
        version.close()
        raise
    if built is None:
        version.close()
        return None
    files = dict(previous.files)
    files[res.path] = built
    counts = {r.name: files[r.path].raw.num_rows for r in package.resources}
    return loader.LoadResult(fp, [], version, time.perf_counter() - started, counts, files, dict(digests),
                             patched=(TYPED, *PER_EVENT, *WHOLE))


def _build(version: catalogs.Version, res: schema.Resource, package: schema.Package, previous: loader.Previous,
           before: loader.FileRead, text: str, chunk: str, old_rows: list[dict], digest: bytes, data_dir: Path,
           tmp: Path) -> loader.FileRead | None:
    """Check the edited records (`chunk`: the header and them) and write the tables they change into
    `version`. None, with nothing written that matters, when the edit is not in place or not clean."""
    version.execute("CREATE TABLE cells (field_id INTEGER, _row BIGINT, value VARCHAR); "
                    "CREATE TABLE unreadable (resource VARCHAR)")
    read = loader._read_file(version, res, chunk.encode("utf-8"), digest, data_dir, tmp)
    if read.problems or read.rejected or not read.readable or read.raw.num_rows != len(old_rows) \
            or read.raw.column_names != before.raw.column_names:
        return None
    key, = res.primary_key
    ids = [row[key] for row in old_rows]
    fixed = [key, "marking", *(f.name for f in res.fields if f.unique)]
    for name in fixed:  # the edit keeps every row's id and marking: what other files and the ceiling see
        if read.raw[name].to_pylist() != [row.get(name) or None for row in old_rows]:
            return None
    at = pc.index(before.raw[key], ids[0]).as_py()
    if at < 0 or before.raw[key].slice(at, len(ids)).to_pylist() != ids:
        return None
    for ref in queries.run(version, "row_edit/referenced", resource=res.name)["resource"]:
        ref_res = next(r for r in package.resources if r.name == ref)
        loader._link_cells(version, ref_res, previous.files[ref_res.path].raw)
    lines = loader._Lines({}, {})
    if loader._run_checks(version, package, lines, queries.names("checks"), resources={res.name}):
        return None

    # Each step's tables are looked up on its own path: `patch` holds the edited rows alone, typed and
    # derived; a new table is created in the path's first catalog (USE only says where, and sets the path).
    main, patch = f"{version.name}.main", f"{version.name}.patch"
    earlier = ",".join(c + ".main" for c in version.path[1:])  # the earlier version's tables
    cur = version.cursor()
    try:
        def path(*schemas: str) -> None:
            cur.execute(f"SET search_path = '{','.join(schemas)}'")

        cur.execute(f"CREATE SCHEMA {patch}; USE {patch}")
        path(patch, main, earlier)  # raw_events (in main) is the edited records alone
        for table, query in BUILT:  # each over the edited rows alone, and kept as patch_<table> for the splice
            cur.sql(queries.builds(query)[table]).create(table)
            cur.table(table).create(f"patch_{table}")
        cur.execute(f"USE {main}")
        path(earlier, patch, main)  # the earlier version's tables first: the splices read them
        (first, last, count), = cur.execute(queries.sql("row_edit/edited_rows"), {"ids": ids}).fetchall()
        if count != cur.table(f"patch_{TYPED}").count("*").fetchall()[0][0] or (count and last - first + 1 != count):
            return None  # not one run of rows (cannot be, for an edit in place: a guard)
        spans = {"first": first if count else 0, "last": last if count else -1}
        with ThreadPoolExecutor(max_workers=2) as workers:  # the events, and the rest: ~40% of the time of one after the other
            for done in [workers.submit(_splice, version, (TYPED,), ids, spans, (main, patch, earlier)),
                         workers.submit(_splice, version, PER_EVENT, ids, spans, (main, patch, earlier))]:
                done.result()
        path(main, earlier)
        scope = queries.builds("model/30_scope")
        for table in WHOLE:
            cur.sql(scope[table]).create(table)
        cur.execute(f'DROP SCHEMA {patch} CASCADE; DROP TABLE cells; DROP TABLE unreadable; DROP TABLE "raw_{res.name}"')
    finally:
        cur.close()
    version.settle()

    edited = read.raw.set_column(0, "_row", before.raw["_row"].slice(at, len(ids))).cast(before.raw.schema)
    raw = pa.concat_tables([before.raw.slice(0, at), edited, before.raw.slice(at + len(ids))])
    return dataclasses.replace(read, text=text, raw=raw, changed=len(ids))


def _splice(version: catalogs.Version, tables: tuple[str, ...], ids: list[str], spans: dict[str, int],
            schemas: tuple[str, str, str]) -> None:
    """Each of `tables` in the version's main schema: the earlier table with the patch's rows in."""
    main, patch, earlier = schemas
    cur = version.cursor()
    try:
        for table in tables:  # each created empty in main, then filled from the earlier table (found first)
            cur.execute(f"SET search_path = '{main},{patch},{earlier}'")
            cur.table(f"patch_{table}").limit(0).create(f"spliced_{table}")
            cur.execute(f"SET search_path = '{earlier},{patch},{main}'")
            if table == TYPED:  # in the order of the earlier table: the rowids that scopes count by stay
                cur.sql(queries.sql("row_edit/events_before"), params={"first": spans["first"]}) \
                    .insert_into(f"spliced_{table}")
                cur.table(f"patch_{table}").insert_into(f"spliced_{table}")
                cur.sql(queries.sql("row_edit/events_after"), params={"last": spans["last"]}) \
                    .insert_into(f"spliced_{table}")
            else:
                cur.sql(queries.sql(f"row_edit/{table}"), params={"ids": ids}).insert_into(f"spliced_{table}")
            cur.execute(f"ALTER TABLE spliced_{table} RENAME TO {table}")
    finally:
        cur.close()
