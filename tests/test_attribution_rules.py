"""The attribution rules pinned on a hand-made dataset in which every branch is taken.

`tests/fixtures/attribution` has one event per status, sources of every reliability grade, a
statement reported by two sources and a claim of credit beside a claim of responsibility. The status precedence, the weights, the contest score
and the ranking order below are written out by hand from `queries/model/20_derived.sql`'s
documented rules; a change to any rule must change this file in the same commit.
"""

from __future__ import annotations

import pytest

from proxyatlas import loader, queries

from .conftest import ALL_TIME, FIXTURES


@pytest.fixture(scope="module")
def con():
    result = loader.load(FIXTURES / "attribution")
    assert result.problems == []
    return result.con


def test_reliability_weights_are_the_documented_ones(con):
    weights = dict(con.execute("SELECT reliability, weight FROM reliability_weights").fetchall())
    assert weights == {"A": 1.0, "B": 0.8, "C": 0.6, "D": 0.4, "E": 0.2, "F": 0.5}


# event: (status, contest score, statements, claimants, asserts, denials, retracts, assessments)
EXPECTED = {
    # responsibility asserted for two subjects: competing, although it is also denied (precedence)
    "ev_competing": ("competing claims", 2.0, 3, 3, 2, 1, 0, 0),  # C 0.6 + D 0.4 + A 1.0
    # asserted and denied: ahead of the retraction that is also there (precedence)
    "ev_denied": ("claimed and denied", 1.9, 3, 2, 1, 1, 1, 0),  # max(B 0.8, E 0.2) + F 0.5 + C 0.6
    "ev_retracted": ("retracted", 1.2, 2, 1, 1, 0, 1, 0),  # D 0.4 + B 0.8
    # one subject claimed responsibility; the other assertion is of funding: not competing, no opposition
    "ev_uncontested": ("claimed and uncontested", 0.0, 2, 2, 2, 0, 0, 0),
    # an assessment and a denial, no assertion
    "ev_assessed": ("assessed but unclaimed", 0.0, 2, 2, 0, 1, 0, 1),
    # one group claims it did it, another claims it as its revenge (credit): an assertion, not a rival
    # claim of responsibility, so not competing
    "ev_credited": ("claimed and uncontested", 0.0, 2, 2, 2, 0, 0, 0),
}
COLUMNS = ["status", "contest_score", "claims", "claimants", "asserts", "denials", "retracts", "assessments"]


def test_every_status_score_and_count(con):
    table = con.execute(f"SELECT event_id, {', '.join(COLUMNS)} FROM attribution").fetchall()
    assert {row[0]: tuple(row[1:]) for row in table} == EXPECTED


def test_an_event_nobody_made_claims_about_has_no_status(con):
    status = con.execute("SELECT status, contest_score FROM event_facts WHERE event_id = 'ev_quiet'").fetchone()
    assert status == ("", 0)


def test_ranking_puts_the_most_contested_first_then_more_statements_then_the_latest(con):
    ranking = queries.run(con, "attribution/ranking", **ALL_TIME.params())
    # scores 2.0, 1.9, 1.2, then three at 0 with two statements each: the latest event (July) first
    assert list(ranking["event_id"]) == ["ev_competing", "ev_denied", "ev_retracted", "ev_credited", "ev_assessed",
                                         "ev_uncontested"]


def test_a_statement_weighs_as_its_most_reliable_source_and_counts_once(con):
    row = con.execute("SELECT source_count, weight, reliability FROM claim_weights "
                      "WHERE claim_id = 'den_a_claims'").fetchone()
    assert row == (2, 0.8, "B")
    seq = queries.run(con, "attribution/sequence", event_id="ev_denied").set_index("claim_id")
    assert seq.loc["den_a_claims", "sources"] == 2
    assert seq.loc["den_a_claims", "best_reliability"] == "B"
    # the page lists each source, the most reliable first
    assert [s["publisher"] for s in seq.loc["den_a_claims", "source_list"]] == ["Publisher B", "Publisher E"]
    assert len(seq) == 3  # three statements, not four rows


def test_claim_matrix_gives_each_claimant_subject_and_involvement_its_stances(con):
    matrix = queries.run(con, "attribution/matrix", event_id="ev_denied")
    got = set(zip(matrix["claimant"], matrix["subject"], matrix["involvement"], matrix["stances"]))
    assert got == {("Group A", "Group A", "responsibility", "asserts, retracts"),
                   ("Group B", "Group A", "responsibility", "denies")}


def test_actor_claims_lists_statements_by_and_about_the_actor(con):
    claims = queries.run(con, "actors/claims", actor_id="group_b")
    got = list(zip(claims["side"], claims["date"], claims["stance"], claims["subject"], claims["sources"]))
    assert got == [
        ("made by", "2024-01-03", "asserts", "Group B", "Publisher D (2024-01-01)"),
        ("made by", "2024-02-03", "denies", "Group A", "Publisher F (2024-01-01)"),
        ("made by", "2024-04-02", "asserts", "Group B", "Publisher A (2024-01-01)"),
        ("made by", "2024-05-03", "denies", "Group A", "Publisher D (2024-01-01)"),
    ]
    about_a = queries.run(con, "actors/claims", actor_id="group_a")
    two = about_a[about_a["date"] == "2024-02-02"].iloc[0]
    assert (two["side"], two["source_count"], two["sources"]) == (
        "made by", 2, "Publisher B (2024-01-01); Publisher E (2024-01-01)")
    assert set(about_a["side"]) == {"made by", "about"}
