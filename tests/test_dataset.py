"""The bundled dataset: valid, sourced, large enough, and true to the seed article on 7 October."""

from __future__ import annotations

import pytest

from proxyatlas import queries


def count(con, sql: str) -> int:
    return con.execute(sql).fetchone()[0]


def test_targets_hold(bundled):
    assert count(bundled, "SELECT count(*) FROM actors WHERE kind = 'armed_group'") >= 25
    assert count(bundled, "SELECT count(*) FROM relationships") >= 70
    assert count(bundled, "SELECT count(*) FROM events") >= 100
    assert count(bundled, "SELECT count(*) FROM claims") >= 30
    assert count(bundled, "SELECT count(*) FROM sources") >= 40


@pytest.mark.parametrize("table", ["relationships", "events", "actors", "claims"])
def test_every_row_cites_a_source_row(bundled, table):
    assert count(bundled, f"SELECT count(*) FROM {table} WHERE len(source_ids) = 0") == 0
    assert count(bundled, f"""SELECT count(*) FROM (SELECT unnest(source_ids) AS source_id FROM {table})
                              WHERE source_id NOT IN (SELECT source_id FROM sources)""") == 0


def test_located_events_have_coordinates_for_the_map(bundled):
    located = count(bundled, "SELECT count(*) FROM events WHERE lat IS NOT NULL AND lon IS NOT NULL")
    assert located >= 0.9 * count(bundled, "SELECT count(*) FROM events")


SEED_POSITIONS = [
    # (claimant, stance, subject): the seed article's account of 7 October
    ("irgc", "asserts", "irgc"),  # the IRGC claimed it as revenge for Soleimani (27 Dec 2023)
    ("hamas", "denies", "irgc"),  # Hamas rejected the IRGC's statement
    ("iran", "denies", "iran"),  # Iran had said it knew nothing
    ("wsj", "asserts", "iran"),  # the WSJ reported Iranian planning help and training
    ("us_government", "no_evidence", "iran"),  # US officials saw no evidence
    ("behnam_ben_taleblu", "assesses", "iran"),  # the FDD analyst's assessment
]


def test_seed_article_positions_on_7_october_are_all_there(bundled):
    claims = queries.run(bundled, "attribution/sequence", event_id="oct7_attack")
    said = set(zip(claims["claimant_id"], claims["stance"], claims["subject_id"]))
    assert set(SEED_POSITIONS) <= said
    seed = claims[claims["source_ids"].map(lambda ids: "seed_article" in ids)]
    assert set(SEED_POSITIONS) <= set(zip(seed["claimant_id"], seed["stance"], seed["subject_id"]))


def test_who_claimed_who_denied_who_saw_no_evidence_with_sources(bundled):
    """The question a viewer asks, answered from claims.csv joined to sources.csv."""
    rows = bundled.execute("""
        SELECT c.claimant_id, c.stance, c.date, s.publisher, s.reliability
        FROM (SELECT *, unnest(source_ids) AS source_id FROM claims) c JOIN sources s USING (source_id)
        WHERE c.event_id = 'oct7_attack' AND c.stance IN ('asserts', 'denies', 'no_evidence')
          AND c.claimant_id IN ('irgc', 'hamas', 'us_government')
    """).fetchall()
    by_stance = {(r[0], r[1]) for r in rows}
    assert {("irgc", "asserts"), ("hamas", "denies"), ("us_government", "no_evidence")} <= by_stance
    assert any(r[0] == "irgc" and r[2] == "2023-12-27" and r[3] == "Al Jazeera" for r in rows)


def test_al_jazeera_is_recorded_as_qatari_state_owned(bundled):
    assert "Qatari" in bundled.execute(
        "SELECT affiliation FROM sources WHERE publisher = 'Al Jazeera' LIMIT 1").fetchone()[0]


def test_soleimani_killing_is_dated_3_january_2020(bundled):
    assert bundled.execute("SELECT date FROM events WHERE event_id = 'soleimani_killing'").fetchone()[0] == "2020-01-03"


def test_quotes_are_attributed_and_never_in_the_datasets_voice(bundled):
    # a quote is always someone's: a claim row with a claimant and a source
    assert count(bundled, "SELECT count(*) FROM claims WHERE quote IS NOT NULL AND (claimant_id IS NULL OR len(source_ids) = 0)") == 0
