"""Every named query, on the tiny dataset (facts checked by hand) and on the bundled data."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from datetime import date

import duckdb
import pandas as pd
import pytest

from proxyatlas import loader, queries

from .conftest import ALL_TIME, load_with_rows

PAGE_PARAMS = {"limit": 10, "event_id": "oct7_attack", "actor_id": "hezbollah", "source_id": "seed_article",
               "as_of": None, "q": "hezbollah", "table": "actors", "placed": False}
APP_QUERIES = [n for folder in ("meta", "briefing", "network", "timeline", "attribution", "actors", "sources", "data")
               for n in queries.names(folder)]


def run(con, name, filters=ALL_TIME, **extra):
    wanted = queries.parameters(name)  # what a caller passes ($network is derived from sponsor and min_conf)
    params = {k: v for k, v in {**filters.params(), **PAGE_PARAMS, **extra}.items() if k in wanted}
    return queries.run(con, name, **params)


@pytest.mark.parametrize("name", APP_QUERIES)
def test_every_query_runs_on_tiny_and_bundled(name, tiny, bundled):
    for con in (tiny, bundled):
        frame = run(con, name)
        assert list(frame.columns), name


def _as_df(con, name, filters=ALL_TIME) -> pd.DataFrame:
    """The query's rows as DuckDB's own .df() gives them (queries.run makes its frame from Arrow)."""
    wanted = queries.binds(name)
    params = {k: v for k, v in {**filters.params(), **PAGE_PARAMS}.items() if k in queries.parameters(name)}
    if wanted & {"network", "scope"}:
        params["network"] = queries.network(con, params.get("sponsor"), params.get("min_conf", 0))
    if "scope" in wanted:
        params["scope"] = queries.event_scope(con, params["network"], params.get("kinds", []), params.get("min_conf", 0))
    cur = con.cursor()
    try:
        return cur.execute(queries.sql(name), {k: v for k, v in params.items() if k in wanted} or None).df()
    finally:
        cur.close()


@pytest.mark.parametrize("sponsor", [None, "iran"])
def test_every_page_query_gives_the_frame_duckdb_df_gives(bundled, tiny, sponsor):
    # Same columns, dtypes (numpy's or pandas' nullable ones, text with no value as object) and cells.
    for con in (tiny, bundled):
        filters = replace(ALL_TIME, sponsor=sponsor)
        for name in APP_QUERIES:
            pd.testing.assert_frame_equal(run(con, name, filters), _as_df(con, name, filters), obj=name)


def test_a_frame_from_arrow_has_the_dtypes_of_duckdb_df():
    con = duckdb.connect()
    for sql in ["SELECT 1::INTEGER i, NULL::INTEGER n, 7::UBIGINT u, true b, NULL::BOOLEAN bn, 1.5 dec, 5::HUGEINT h, "
                "2.5::DOUBLE d, DATE '2020-01-02' dt, TIMESTAMP '2020-01-01 10:00' ts, 'x' s, NULL::VARCHAR sn, "
                "['a', 'b'] l, {'k': 1} st",
                "SELECT * FROM (VALUES (1, 'a', true, DATE '2020-01-01'), (NULL, NULL, NULL, NULL)) t(i, s, b, dt)",
                "SELECT 1::INTEGER i, 'a' s, DATE '2020-01-01' dt WHERE false"]:
        pd.testing.assert_frame_equal(queries.frame(con.sql(sql).to_arrow_table()), con.execute(sql).df(), obj=sql)


def test_every_sql_file_is_a_named_query_with_bound_parameters_only():
    files = sorted(queries.QUERIES_DIR.rglob("*.sql"))
    names = [str(p.relative_to(queries.QUERIES_DIR).with_suffix("")) for p in files]
    assert {n.split("/")[0] for n in names} >= {"checks", "load", "model", "meta", "attribution"}
    assert set(APP_QUERIES) <= set(names)
    for name in names:
        text = queries.sql(name)  # reachable by its name
        # Python-style placeholders ({name}, %s, %(name)s) would mean SQL text built by formatting;
        # regex counts ({4}) and code points (\x{0640}) are not placeholders.
        assert not re.search(r"\{[A-Za-z_][A-Za-z0-9_]*\}|%s|%\(", text), f"{name} looks like a template"
    with pytest.raises(queries.UnknownQuery):
        queries.sql("../etc/passwd")


def test_attribution_of_7_october_reads_as_the_seed_article(tiny):
    seq = run(tiny, "attribution/sequence", event_id="oct7_attack")
    said = set(zip(seq["claimant"], seq["stance"], seq["subject"]))
    assert ("Islamic Revolutionary Guard Corps", "asserts", "Islamic Revolutionary Guard Corps") in said
    assert ("Hamas", "denies", "Islamic Revolutionary Guard Corps") in said
    assert ("US officials", "no_evidence", "Iran") in said
    assert ("The Wall Street Journal", "asserts", "Iran") in said
    assert list(seq["date_lo"]) == sorted(seq["date_lo"])  # a dated sequence
    ranking = run(tiny, "attribution/ranking")
    assert ranking.iloc[0]["event_id"] == "oct7_attack"
    assert ranking.iloc[0]["status"] == "claimed and denied"
    assert ranking.iloc[0]["contest_score"] > 0


def test_search_ignores_case_diacritics_apostrophes_and_reads_arabic(tiny):
    def ids(q):
        return set(run(tiny, "meta/search", q=q)["id"])
    assert "hezbollah" in ids("HIZBALLAH")  # through an alias
    assert "kataib_hezbollah" in ids("kataib")
    assert "kataib_hezbollah" in ids("Kata’ib")
    assert "kataib_hezbollah" in ids("Katāʾib")
    assert "hezbollah" in ids("حزب الله")
    assert "oct7_attack" in ids("7 october")
    assert run(tiny, "meta/search", q="   ").empty


def test_sponsor_filter_follows_the_network_down(tiny):
    f = replace(ALL_TIME, sponsor="irgc")
    nodes = set(run(tiny, "network/nodes", f)["actor_id"])
    assert nodes == {"irgc", "hezbollah", "hamas", "kataib_hezbollah"}
    assert "iran" not in nodes


def test_a_sponsor_network_is_followed_over_ties_of_the_chosen_confidence(tiny):
    # queries.run derives $network from sponsor and min_conf: over high-confidence ties alone, IRGC's
    # network stops at Hezbollah (its ties to Hamas and Kata'ib Hezbollah are of moderate confidence).
    f = replace(ALL_TIME, sponsor="irgc", min_confidence="high")
    assert set(run(tiny, "network/nodes", f)["actor_id"]) == {"irgc", "hezbollah"}
    assert set(run(tiny, "actors/list", f)["actor_id"]) == {"irgc", "hezbollah"}
    given = queries.run(tiny, "actors/list", **{k: v for k, v in f.params().items()
                                               if k in queries.parameters("actors/list")}, network=["hamas"])
    assert set(given["actor_id"]) == {"hamas"}  # a network given is used as it is


def test_confidence_and_as_of_filter_ties(tiny):
    high = run(tiny, "network/edges", replace(ALL_TIME, min_confidence="high"))
    assert set(high["confidence"]) == {"high"}
    then = run(tiny, "network/edges", as_of=date(2000, 1, 1))
    assert "r_irgc_kh" not in set(then["rel_id"])  # began in 2007
    assert "r_irgc_hezbollah" in set(then["rel_id"])


def test_month_precision_event_spans_its_month(tiny):
    ev = run(tiny, "timeline/events").set_index("event_id")
    assert str(ev.loc["red_sea_campaign", "date_lo"].date()) == "2023-11-01"
    assert str(ev.loc["red_sea_campaign", "date_hi"].date()) == "2024-12-31"


def test_date_window_overlaps(tiny):
    f = replace(ALL_TIME, date_from=date(2024, 6, 1), date_to=date(2024, 6, 30))
    assert set(run(tiny, "timeline/events", f)["event_id"]) == {"red_sea_campaign"}


def test_marking_ceiling_hides_rows_and_what_leans_on_them(tiny, tiny_red):
    counts = run(tiny, "meta/counts").set_index("resource")
    assert counts.loc["actors", "hidden"] == 1 and counts.loc["claims", "hidden"] == 1
    for con, visible in ((tiny, False), (tiny_red, True)):
        everything = " ".join(run(con, n).to_csv() for n in APP_QUERIES)
        assert ("secret_cell" in everything or "Hidden cell" in everything) is visible
        assert ("amber_note" in everything or "Analyst note" in everything) is visible
    assert run(tiny, "meta/search", q="hidden").empty


def test_sponsor_chain_goes_up_to_the_state(tiny):
    chain = run(tiny, "actors/sponsor_chain", actor_id="hezbollah")
    assert list(chain["sponsor_id"]) == ["irgc", "iran"]
    assert list(chain["level"]) == [1, 2]


def test_headline_counts(tiny):
    head = run(tiny, "briefing/headline").iloc[0]
    assert head["armed_groups"] == 3 and head["events"] == 3 and head["contested_events"] == 1


def values(frame, columns) -> list[list]:
    """The frame's rows as lists, missing values as None."""
    part = frame[columns].astype(object)
    return part.where(part.notna(), None).values.tolist()


def test_changes_are_the_ties_that_began_latest_first(tiny):
    frame = run(tiny, "briefing/changes")
    assert values(frame, ["date", "change", "what", "confidence", "sources"]) == [
        ["2007", "began", "Islamic Revolutionary Guard Corps arms Kata'ib Hezbollah", "moderate",
         "Unknown (seed article) (2023-12-27)"],
        ["1982", "began", "Islamic Revolutionary Guard Corps sponsors Hezbollah", "high",
         "Unknown (seed article) (2023-12-27)"],
        ["1979", "began", "Iran directs Islamic Revolutionary Guard Corps", "high",
         "Unknown (seed article) (2023-12-27)"],
    ]
    window = replace(ALL_TIME, date_from=date(1980, 1, 1), date_to=date(2000, 12, 31))
    assert list(run(tiny, "briefing/changes", window)["what"]) == ["Islamic Revolutionary Guard Corps sponsors Hezbollah"]
    assert len(run(tiny, "briefing/changes", limit=2)) == 2


def test_changes_name_ended_ties_and_designations(tiny_copy):
    con = load_with_rows(
        tiny_copy,
        actors=["test_group,Test Group,,armed_group,IRQ,,inactive,Test row.,,,seed_article,"],
        relationships=["r_irgc_test,irgc,test_group,arms,2010,2012-06,low,seed_article,,"],
        events=["test_designation,2015-03-01,,day,Test Group designated,designation,USA,,,,,,test_group,"
                "Test row.,wsj_2023_10_08,"])
    window = replace(ALL_TIME, date_from=date(2008, 1, 1), date_to=date(2020, 12, 31))
    frame = run(con, "briefing/changes", window)
    assert values(frame, ["date", "change", "what", "confidence", "sources"]) == [
        ["2015-03-01", "designation", "Test Group designated", None, "The Wall Street Journal (2023-10-08)"],
        ["2012-06", "ended", "Islamic Revolutionary Guard Corps arms Test Group", "low", "Unknown (seed article) (2023-12-27)"],
        ["2010", "began", "Islamic Revolutionary Guard Corps arms Test Group", "low", "Unknown (seed article) (2023-12-27)"],
    ]


def test_ties_of_an_actor_read_from_its_side(tiny):
    frame = run(tiny, "actors/ties", actor_id="irgc")
    assert values(frame, ["direction", "source", "type", "target", "confidence", "start", "end", "sources",
                          "other_id"]) == [
        ["out", "Islamic Revolutionary Guard Corps", "arms", "Kata'ib Hezbollah", "moderate", "2007", None,
         "Unknown (seed article) (2023-12-27)", "kataib_hezbollah"],
        ["in", "Iran", "directs", "Islamic Revolutionary Guard Corps", "high", "1979", None,
         "Unknown (seed article) (2023-12-27)", "iran"],
        ["out", "Islamic Revolutionary Guard Corps", "funds", "Hamas", "moderate", None, None,
         "The Wall Street Journal (2023-10-08); Unknown (seed article) (2023-12-27)", "hamas"],
        ["out", "Islamic Revolutionary Guard Corps", "sponsors", "Hezbollah", "high", "1982", None,
         "Unknown (seed article) (2023-12-27)", "hezbollah"],
    ]
    assert run(tiny, "actors/ties", actor_id="secret_cell").empty  # its tie is TLP:AMBER


def test_facts_a_source_supports(tiny, tiny_red):
    assert run(tiny, "sources/facts", source_id="wsj_2023_10_08").values.tolist() == [
        ["claim", "c_wsj_planning", "wsj asserts iran (planning)"],
        ["relationship", "r_irgc_hamas", "irgc funds hamas"],
    ]
    seed = run(tiny, "sources/facts", source_id="seed_article")
    assert [tuple(r) for r in seed[["fact_kind", "fact_id"]].values] == [
        ("actor", a) for a in ("hamas", "hezbollah", "iran", "irgc", "kataib_hezbollah", "us_government", "wsj")
    ] + [("claim", c) for c in ("c_hamas_denies", "c_iran_denies", "c_us_no_evidence")] + [
        ("event", e) for e in ("oct7_attack", "red_sea_campaign", "soleimani_killing")
    ] + [("relationship", r) for r in ("r_hezbollah_hamas", "r_iran_irgc", "r_irgc_hamas", "r_irgc_hezbollah", "r_irgc_kh")]
    assert set(seed.loc[seed["fact_kind"] == "event", "fact"]) == {
        "7 October attack on Israel", "Red Sea shipping attacks", "Qasem Soleimani killed in US strike"}
    assert run(tiny, "sources/facts", source_id="amber_note").empty
    assert set(run(tiny_red, "sources/facts", source_id="amber_note")["fact_id"]) == {
        "secret_cell", "r_irgc_secret", "secret_event", "c_secret"}


def test_a_query_name_is_a_path_of_lower_case_words_to_an_existing_file():
    assert queries.sql("actors/profile").startswith("SELECT a.actor_id")
    for bad in ("../etc/passwd", "actors/../actors/profile", "Actors/profile", "actors/profile.sql", "actors//profile",
                "/actors/profile", "actors/", "", "actors/no_such_query", "actors"):
        with pytest.raises(queries.UnknownQuery):
            queries.sql(bad)


def test_parameters_are_the_dollar_names_a_query_binds():
    assert queries.parameters("actors/profile") == {"actor_id"}
    assert queries.parameters("actors/list") == {"sponsor", "countries", "kinds", "min_conf"}
    assert queries.parameters("meta/sponsors") == frozenset()


def test_names_lists_a_folder_sorted_and_without_the_suffix():
    assert queries.names("model") == ["model/09_hidden", "model/10_sources", "model/11_actors", "model/12_relationships",
                                      "model/13_events", "model/14_claims", "model/19_hidden_counts", "model/20_derived",
                                      "model/30_scope",
                                      "model/40_crosswalk", "model/50_imports"]
    assert "meta/sponsors" in queries.names("meta")
    assert queries.names("no_such_folder") == []


def test_run_binds_what_the_query_uses_and_ignores_the_rest(tiny):
    profile = queries.run(tiny, "actors/profile", actor_id="hezbollah", limit=3, q="x")
    assert list(profile["actor_id"]) == ["hezbollah"]
    sponsors = queries.run(tiny, "meta/sponsors", actor_id="hezbollah")  # binds nothing
    assert "iran" in set(sponsors["actor_id"])
    with pytest.raises(duckdb.Error):
        queries.run(tiny, "actors/profile")  # a parameter it needs is missing


def test_script_runs_every_statement_of_a_file():
    con = duckdb.connect()
    queries.script(con, "load/macros")
    made = {r[0] for r in con.execute("SELECT function_name FROM duckdb_functions() WHERE NOT internal").fetchall()}
    assert {"pd_lo", "norm"} <= made  # the first statement and the last
    assert con.execute("SELECT blank('  ')").fetchone() == (None,)


def test_an_events_facts_name_its_perpetrators_by_actor_id_its_lane_by_the_first_named(tiny_copy):
    # perpetrators in the cell's order kataib_hezbollah;hamas;irgc: named in the order of their ids, the
    # lane the first in the cell; sources in order of publication, whatever the cell's order
    con = load_with_rows(
        tiny_copy,
        events=["test_raid,2015-03-01,,day,Test raid,attack,IRQ,,,,,kataib_hezbollah;hamas;irgc,,"
                "Test row.,seed_article;wsj_2023_10_08,"])
    facts = con.execute("SELECT perpetrators, lane, sources FROM event_facts WHERE event_id = 'test_raid'").fetchone()
    assert facts == ("Hamas; Islamic Revolutionary Guard Corps; Kata'ib Hezbollah", "Kata'ib Hezbollah",
                     "The Wall Street Journal (2023-10-08); Unknown (seed article) (2023-12-27)")


@pytest.mark.parametrize("cell, items", [
    ("", []), (" ", []), (";", []), (" ; ", []), ("a", ["a"]), ("a;b", ["a", "b"]), (" a ; b ", ["a", "b"]),
    ("a;;b", ["a", "b"]), (";a;", ["a"]), ("a;", ["a"]), (";a", ["a"]), ("a b;c", ["a b", "c"]), ("a ;  ; b", ["a", "b"]), (None, []),
])
def test_a_list_cell_splits_into_its_trimmed_items_with_no_empty_ones(tiny, cell, items):
    assert tiny.execute("SELECT split_list($cell)", {"cell": cell}).fetchone()[0] == items


@pytest.mark.parametrize("sponsor", [None, "iran"])
def test_every_page_query_answers_in_one_order_whatever_the_order_of_the_rows(bundled_copy, sponsor):
    # An analyst sorting a sheet in Excel changes no table on a page: each query's ORDER BY is total.
    filters = replace(ALL_TIME, sponsor=sponsor)
    as_given = {name: run(loader.load(bundled_copy).con, name, filters) for name in APP_QUERIES}
    for path in bundled_copy.glob("*.csv"):
        if path.name != "imports.csv":  # its rows are the order imports are applied in
            header, *rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
            out = io.StringIO()
            csv.writer(out, lineterminator="\n").writerows([header, *reversed(rows)])
            path.write_text(out.getvalue(), encoding="utf-8")
    reversed_con = loader.load(bundled_copy).con
    # The Data page shows a table as its file has it; meta/involvement numbers each event by its row.
    positional = {"data/table", "data/table_head", "meta/involvement"}
    unlike = [name for name in APP_QUERIES
              if name not in positional and not run(reversed_con, name, filters).equals(as_given[name])]
    assert unlike == []
