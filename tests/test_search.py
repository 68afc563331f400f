"""Search (``meta/search``, ``norm()``): what folds, what it matches on, what it returns, how many."""

from __future__ import annotations

import shutil

import pytest

from proxyatlas import queries

from .conftest import TINY, load_with_rows

# Test actors appended to a copy of the tiny data; every branch of the search has one.
ACTORS = [
    # a hyphen in the name
    "al_test_brigade,Al-Test Brigade,Testers,armed_group,IRQ,,active,Test row.,,,seed_article,",
    # a tatweel (U+0640) in an alias, none in the name
    "tatweel_group,Tatweel Group,كتـائب الاختبار,armed_group,IRQ,,active,Test row.,,,seed_article,",
    # an alias with no tatweel, to be found by a query that has one
    "plain_group,Plain Group,جماعة الاختبار,armed_group,IRQ,,active,Test row.,,,seed_article,",
] + [  # more hits for one query than the search returns
    f"many_{i:02d},Manyfold {i:02d},,armed_group,IRQ,,active,Test row.,,,seed_article," for i in range(60)
]


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    folder = tmp_path_factory.mktemp("search") / "data"
    shutil.copytree(TINY, folder)
    return load_with_rows(folder, actors=ACTORS)


def search(con, q):
    return queries.run(con, "meta/search", q=q)


def hits(con, q) -> dict[str, object]:
    """id -> matched_alias (None when the name or id matched)."""
    frame = search(con, q)
    return {row.id: (row.matched_alias if isinstance(row.matched_alias, str) else None)
            for row in frame.itertuples()}


def test_hyphens_are_ignored_both_ways(con):
    assert hits(con, "altest") == {"al_test_brigade": None}
    assert hits(con, "Al-Test") == {"al_test_brigade": None}
    assert hits(con, "Red-Sea") == {"red_sea_campaign": None}  # an event title without a hyphen


def test_arabic_tatweel_is_ignored_both_ways(con):
    assert hits(con, "كتائب الاختبار") == {"tatweel_group": "كتـائب الاختبار"}
    assert hits(con, "جمـاعة") == {"plain_group": "جماعة الاختبار"}


def test_the_actor_id_is_searched(con):
    # "us_gov" is in no name or alias (they fold to "usofficials", "unitedstatesgovernment")
    assert hits(con, "us_gov") == {"us_government": None}


def test_the_matched_alias_is_returned_only_when_the_name_did_not_match(con):
    assert hits(con, "hizballah") == {"hezbollah": "Hizballah"}
    assert hits(con, "sepah") == {"irgc": "Sepah"}
    found = hits(con, "hezbollah")  # by name: no alias to show, even where an alias matches too
    assert found["hezbollah"] is None and found["kataib_hezbollah"] is None


def test_at_most_50_results_first_by_kind_then_label(con):
    frame = search(con, "manyfold")
    assert len(frame) == 50
    assert list(frame["id"]) == [f"many_{i:02d}" for i in range(50)]
    assert set(frame["kind"]) == {"actor"} and set(frame["detail"]) == {"armed_group"}


def test_the_sidebar_names_the_alias_a_hit_was_found_by(monkeypatch):
    """The search box lists hits as links; one found through an alias says which."""
    from .test_pages import open_page

    at = open_page("app.py", TINY, monkeypatch)
    at.sidebar.text_input(key="f_search").input("hizballah").run()
    labels = [link.proto.label for link in at.sidebar.get("page_link")]
    assert "Hezbollah (as Hizballah)" in labels
    at.sidebar.text_input(key="f_search").input("hezbollah").run()
    labels = [link.proto.label for link in at.sidebar.get("page_link")]
    assert "Hezbollah" in labels and not any("(as " in label for label in labels)


def test_claims_are_found_by_quote_and_note_and_sources_by_title_and_publisher(tmp_path):
    """The folding applies to them too (hyphens, case); each hit names what it opens."""
    folder = tmp_path / "data"
    shutil.copytree(TINY, folder)
    con = load_with_rows(
        folder,
        claims=["c_quoted,oct7_attack,hamas,irgc,denies,planning,2023-12-28,We had no part-in it,,seed_article,,",
                "c_noted,oct7_attack,iran,iran,denies,planning,2023-12-29,,Read out on state TV,seed_article,,"],
        sources=["tv_2023,Evening bulletin,Islamic Republic News-Agency,2023-12-29,,state_media,D,,"],
    )
    quoted = search(con, "no partin")
    assert quoted[["kind", "id", "label", "detail", "matched_alias"]].values.tolist() == [
        ["claim", "oct7_attack", "7 October attack on Israel", "Hamas", "We had no part-in it"]]
    assert search(con, "STATE tv")[["kind", "matched_alias"]].values.tolist() == [["claim", "Read out on state TV"]]
    by_title = search(con, "evening bulletin")
    assert by_title[["kind", "id", "label", "detail"]].values.tolist() == [
        ["source", "tv_2023", "Evening bulletin", "Islamic Republic News-Agency (2023-12-29)"]]
    assert list(search(con, "news agency")["id"]) == ["tv_2023"]  # by publisher, its hyphen folded
