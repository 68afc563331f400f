"""The sidebar's country filter in the scoped_* macros (``queries/model/30_scope.sql``), on results."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date, datetime, timezone

import pytest

from proxyatlas import queries
from proxyatlas.store import Snapshot

from .conftest import ALL_TIME, TINY, load_with_rows


def _scope_data(tmp_path_factory, name: str, **rows: list[str]):
    """The tiny data plus an actor and an event with no country (in no country's scope), and `rows`."""
    folder = tmp_path_factory.mktemp(name) / "data"
    shutil.copytree(TINY, folder)
    return load_with_rows(
        folder,
        actors=["stateless_group,Stateless Group,,armed_group,,,active,Test row.,,,seed_article,"],
        events=["sea_incident,2024-01-10,,day,Incident at sea,maritime_attack,,At sea,,,,stateless_group,,"
                "Test row.,seed_article,"], **rows)


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    return _scope_data(tmp_path_factory, "scope")


def actors(con, **filters) -> set[str]:
    f = replace(ALL_TIME, **filters)
    params = {k: v for k, v in f.params().items() if k in queries.parameters("actors/list")}
    return set(queries.run(con, "actors/list", **params)["actor_id"])


def events(con, **filters) -> set[str]:
    f = replace(ALL_TIME, **filters)
    params = {k: v for k, v in f.params().items() if k in queries.parameters("timeline/events")}
    return set(queries.run(con, "timeline/events", **params)["event_id"])


def test_no_country_chosen_keeps_everything_even_without_a_country(con):
    assert actors(con) == {"iran", "irgc", "hezbollah", "hamas", "kataib_hezbollah", "us_government", "wsj",
                           "stateless_group"}
    assert events(con) == {"soleimani_killing", "oct7_attack", "red_sea_campaign", "sea_incident"}


def test_actors_are_kept_by_their_own_country(con):
    assert actors(con, countries=("IRN",)) == {"iran", "irgc"}
    assert actors(con, countries=("IRN", "USA")) == {"iran", "irgc", "us_government", "wsj"}
    assert actors(con, countries=("FRA",)) == set()


def test_events_are_kept_by_where_they_happened(con):
    assert events(con, countries=("IRQ",)) == {"soleimani_killing"}
    assert events(con, countries=("IRQ", "YEM")) == {"soleimani_killing", "red_sea_campaign"}
    assert events(con, countries=("IRN",)) == set()


def test_country_of_an_event_not_of_its_actors_with_a_sponsor(con):
    # 7 October is in ISR, its perpetrator Hamas in PSE: with a sponsor chosen it stays in
    # scope for ISR (the actors are matched without the country filter) and not for PSE.
    assert events(con, sponsor="irgc", countries=("ISR",)) == {"oct7_attack"}
    assert events(con, sponsor="irgc", countries=("PSE",)) == set()
    assert events(con, kinds=("armed_group",), countries=("ISR",)) == {"oct7_attack"}
    # the sponsor filter alone: events that involve IRGC's network (Soleimani's killing targeted it)
    assert events(con, sponsor="irgc") == {"soleimani_killing", "oct7_attack"}


def test_the_sponsor_network_is_bound_as_a_list_not_recomputed(con):
    """The scoped_* macros scope by the list they are given ($network), whatever the sponsor says."""
    f = replace(ALL_TIME, sponsor="irgc")
    assert queries.network(con, "irgc", 0) == ["hamas", "hezbollah", "irgc", "kataib_hezbollah"]
    assert queries.network(con, None, 0) is None
    params = {k: v for k, v in f.params().items() if k in queries.parameters("actors/list")}
    assert "network" not in queries.parameters("actors/list") and "sponsor" in queries.parameters("actors/list")
    assert set(queries.run(con, "actors/list", **params)["actor_id"]) == {"hamas", "hezbollah", "irgc",
                                                                          "kataib_hezbollah"}
    assert set(queries.run(con, "actors/list", **params, network=["hamas"])["actor_id"]) == {"hamas"}


def test_a_snapshot_computes_the_network_once_per_sponsor(con, monkeypatch):
    calls = []
    real = queries.network
    monkeypatch.setattr(queries, "network", lambda *args: calls.append(args) or real(*args))
    snap = Snapshot(con, (), datetime.now(timezone.utc), 0.0, "TLP:CLEAR")
    for sponsor in ("irgc", "irgc", "iran"):
        params = replace(ALL_TIME, sponsor=sponsor).params()
        for name in ("timeline/totals", "briefing/headline", "actors/list", "timeline/latest_events"):
            snap.query(name, **params, limit=10, placed=False)
    assert calls == [(con, "irgc", 0), (con, "iran", 0)]
    assert snap.query("timeline/totals", **replace(ALL_TIME, sponsor="irgc").params()).iloc[0]["events"] == 2


def test_the_event_scope_is_a_bit_per_event_in_table_order(con):
    """$scope: bit i is set when the event at rowid i involves the network (perpetrator, target or claim subject)."""
    order = [r[0] for r in con.execute("SELECT event_id FROM events ORDER BY rowid").fetchall()]
    bits = queries.event_scope(con, queries.network(con, "irgc", 0), [], 0)
    assert {e for e, bit in zip(order, bits) if bit == "1"} == {"soleimani_killing", "oct7_attack"}
    assert len(bits) == len(order)
    assert queries.event_scope(con, None, [], 0) is None
    kinds = queries.event_scope(con, None, ["state"], 0)  # Soleimani's killing targeted the IRGC, a state agency
    assert {e for e, bit in zip(order, kinds) if bit == "1"} == {
        e for e, in con.execute("SELECT DISTINCT event_id FROM event_involvement JOIN actors USING (actor_id) "
                                "WHERE kind = 'state'").fetchall()}
    # a scope given to a query is the one it filters by, whatever the sponsor says
    none = "0" * len(order)
    params = {k: v for k, v in replace(ALL_TIME, sponsor="irgc").params().items()
              if k in queries.parameters("timeline/events")}
    assert queries.run(con, "timeline/events", **params, scope=none).empty


def test_a_snapshot_computes_the_event_scope_once_per_sponsor_and_kinds(con, monkeypatch):
    calls = []
    real = queries.event_scope
    monkeypatch.setattr(queries, "event_scope", lambda *args: calls.append(args[2:4]) or real(*args))
    snap = Snapshot(con, (), datetime.now(timezone.utc), 0.0, "TLP:CLEAR")
    for sponsor, kinds in (("irgc", ()), ("irgc", ()), ("irgc", ("armed_group",)), (None, ())):
        params = replace(ALL_TIME, sponsor=sponsor, kinds=kinds).params()
        for name in ("timeline/totals", "briefing/headline", "timeline/latest_events", "attribution/ranking"):
            snap.query(name, **params, limit=10, placed=False)
    assert calls == [([], 0), (["armed_group"], 0), ([], 0)]


def test_a_sponsor_chosen_over_data_with_no_events_scopes_nothing_and_the_pages_queries_run(tmp_path):
    """With no events, the event scope is the one-bit string "0" (a bit string cannot be empty): the
    scoped queries bind it and find nothing."""
    folder = tmp_path / "data"
    shutil.copytree(TINY, folder)
    for name in ("events", "claims"):  # claims are about events: both to their header row
        path = folder / f"{name}.csv"
        path.write_text(path.read_text(encoding="utf-8").splitlines(keepends=True)[0], encoding="utf-8")
    con = load_with_rows(folder)
    scope = queries.event_scope(con, ["iran", "hezbollah"], [], 0)
    assert scope == "0"
    assert events(con, sponsor="iran") == set()
    f = replace(ALL_TIME, sponsor="iran")
    params = {k: v for k, v in f.params().items() if k in queries.parameters("briefing/headline")}
    headline = queries.run(con, "briefing/headline", **params, network=["iran", "hezbollah"], scope=scope).iloc[0]
    assert (headline["events"], headline["contested_events"]) == (0, 0)


@pytest.fixture(scope="module")
def claims_con(tmp_path_factory):
    """The scope fixture's data plus claims about Soleimani's killing (IRQ) and the incident at sea (no country)."""
    return _scope_data(
        tmp_path_factory, "claims_scope",
        claims=["c_us_soleimani,soleimani_killing,us_government,us_government,asserts,responsibility,2020-01-03,,,"
                "seed_article,4,",
                "c_wsj_sea,sea_incident,wsj,stateless_group,asserts,responsibility,2024-01-11,,,seed_article,3,"])


def claims(con, **filters) -> set[str]:
    f = replace(ALL_TIME, **filters)
    params = {k: v for k, v in f.params().items() if k in queries.parameters("timeline/claims")}
    return set(queries.run(con, "timeline/claims", **params)["claim_id"])


OCT7_CLAIMS = {"c_irgc_asserts", "c_hamas_denies", "c_iran_denies", "c_wsj_planning", "c_us_no_evidence"}


@pytest.mark.parametrize(("filters", "kept"), [
    ({}, OCT7_CLAIMS | {"c_us_soleimani", "c_wsj_sea"}),
    ({"countries": ("IRQ",)}, {"c_us_soleimani"}),  # by the event's country, not the claimant's
    ({"countries": ("ISR", "USA")}, OCT7_CLAIMS),
    ({"sponsor": "irgc"}, OCT7_CLAIMS | {"c_us_soleimani"}),  # events involving IRGC's network
    ({"sponsor": "irgc", "countries": ("IRQ",)}, {"c_us_soleimani"}),
    ({"kinds": ("armed_group",)}, OCT7_CLAIMS | {"c_wsj_sea"}),
    ({"date_from": date(2023, 1, 1), "date_to": date(2023, 12, 31)}, OCT7_CLAIMS),  # the event's and the claim's dates
    ({"date_to": date(2023, 10, 31)}, {"c_iran_denies", "c_wsj_planning", "c_us_no_evidence", "c_us_soleimani"}),
    ({"date_from": date(2024, 1, 11)}, set()),  # made on 11 Jan 2024, about an event of the 10th: out of the window
])
def test_claims_are_those_about_the_events_in_scope(claims_con, filters, kept):
    assert claims(claims_con, **filters) == kept
    assert {e for e in queries.run(claims_con, "timeline/claims", **{
        k: v for k, v in replace(ALL_TIME, **filters).params().items()
        if k in queries.parameters("timeline/claims")})["event_id"]} <= events(claims_con, **filters)


@pytest.mark.parametrize("sponsor, kinds", [("iran", []), ("irgc", []), ("hezbollah", []), (None, ["armed_group"]),
                                            ("iran", ["state_agency", "person"]), ("iran", ["research"])])
def test_the_event_scope_holds_the_events_involving_a_kept_actor_and_no_other(bundled, sponsor, kinds):
    """On the bundled data, against the semi-join it is computed without: an event is in scope when one of its
    perpetrators, targets or claim subjects is an actor of the network of those kinds."""
    network = queries.network(bundled, sponsor, 0)
    bits = queries.event_scope(bundled, network, kinds, 0)
    expected = bundled.execute(
        "SELECT e.event_id IN (SELECT event_id FROM event_involvement WHERE actor_id IN "
        "(SELECT actor_id FROM scoped_actors($network::VARCHAR[], [], $kinds::VARCHAR[], 0))) FROM events e ORDER BY e.rowid",
        {"network": network, "kinds": kinds}).fetchall()
    assert bits == "".join("1" if kept else "0" for kept, in expected)
    assert "1" in bits or kinds == ["research"]
