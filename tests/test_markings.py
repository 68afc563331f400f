"""A marking ceiling really hides what is above it: on every page, in the graph, the charts,
the tables (which are exactly what the CSV downloads contain), search results and counts."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from proxyatlas import export, loader, markings

from .conftest import FIXTURES
from .test_pages import PAGES, open_page

MARKINGS = FIXTURES / "markings"
LEVELS = ["CLEAR", "GREEN", "AMBER", "RED"]
# Every row of the fixture above TLP:CLEAR carries MARK<LEVEL> in its text fields.
MARKED = ["GREEN", "AMBER", "RED"]


def everything_shown(at: AppTest) -> str:
    """All text a viewer could see or take away from a page run."""
    parts = []
    for kind in ("markdown", "caption", "text", "title", "header", "subheader", "info", "success",
                 "warning", "error", "metric", "badge"):
        for el in at.get(kind):
            parts.append(str(getattr(el, "value", "")) + " " + str(getattr(el, "label", "") or ""))
    for df in at.get("arrow_data_frame") + at.get("dataframe"):
        parts.append(export.to_csv(df.value).decode("utf-8-sig"))
    for chart in at.get("vega_lite_chart"):
        parts.append(chart.proto.spec)
        parts += [d.data.data.decode("utf-8", "ignore") for d in chart.proto.datasets]
    for drawn in at.get("bidi_component"):  # the network graph's data
        parts.append(drawn.proto.bytes.decode("utf-8"))
    for link in at.get("page_link"):
        parts.append(link.proto.label)
    for box in at.get("selectbox"):
        parts += [str(o) for o in box.options]
    return "\n".join(parts)


def run_page(page: str, ceiling: str, monkeypatch, **query) -> str:
    at = open_page(page, MARKINGS, monkeypatch, marking=f"TLP:{ceiling}", **query)
    assert not at.exception, at.exception
    at.sidebar.text_input(key="f_search").input("MARK").run()  # search must not leak either
    return everything_shown(at)


VISITS = [(page, {}) for page in PAGES] + [
    ("pages/3_Attribution.py", {"event": "oct7_attack"}),
    *[("pages/4_Actors.py", {"actor": f"group_{level.lower()}"}) for level in MARKED],
    *[("pages/6_Sources.py", {"source": f"src_{level.lower()}"}) for level in MARKED],
    *[("pages/3_Attribution.py", {"event": f"event_{level.lower()}"}) for level in MARKED],
]


@pytest.mark.parametrize("ceiling", LEVELS)
def test_rows_above_the_ceiling_appear_nowhere(ceiling, monkeypatch):
    shown = "\n".join(run_page(page, ceiling, monkeypatch, **query) for page, query in VISITS)
    allowed = LEVELS[: LEVELS.index(ceiling) + 1]
    for level in MARKED:
        if level in allowed:
            assert f"MARK{level}ACT" in shown and f"MARK{level}EVT" in shown, f"{level} rows should show"
        else:
            assert f"MARK{level}" not in shown, f"a TLP:{level} row leaked under TLP:{ceiling}"
    # the foot line says how many rows the ceiling hides
    hidden = {"CLEAR": 27, "GREEN": 20, "AMBER": 8, "RED": 0}[ceiling]
    assert f"{hidden} row(s) above it hidden" in shown


# Visible rows of the fixture whose ';' lists also name hidden ids.
LISTS = {
    ("actors", "mixed_lists_actor", "source_ids"): ["seed_article", "src_amber", "src_red"],
    ("relationships", "r_mixed_lists", "source_ids"): ["seed_article", "src_green", "src_red"],
    ("events", "mixed_lists_event", "perpetrator_ids"): ["hamas", "group_red"],
    ("events", "mixed_lists_event", "target_ids"): ["irgc", "group_amber"],
    ("events", "mixed_lists_event", "source_ids"): ["seed_article", "src_green", "src_red"],
}
KEYS = {"actors": "actor_id", "relationships": "rel_id", "events": "event_id"}
LIST_LEVELS = {"seed_article": 0, "hamas": 0, "irgc": 0, "src_green": 1, "src_amber": 2, "group_amber": 2,
               "src_red": 3, "group_red": 3}


@pytest.mark.parametrize("ceiling", LEVELS)
def test_lists_in_visible_rows_name_no_hidden_id(ceiling):
    result = loader.load(MARKINGS, f"TLP:{ceiling}")
    assert result.problems == []
    for (table, row_id, column), full in LISTS.items():
        got = result.con.execute(f'SELECT "{column}" FROM {table} WHERE {KEYS[table]} = $id', {"id": row_id}).fetchone()
        expected = [item for item in full if LIST_LEVELS[item] <= LEVELS.index(ceiling)]
        assert got is not None and list(got[0]) == expected, (table, row_id, column)


def test_the_highest_marking_of_no_rows_is_clear():
    assert markings.highest([]) == "TLP:CLEAR" and markings.highest([], "TLP:RED") == "TLP:CLEAR"
    assert markings.highest(["TLP:GREEN", None]) == "TLP:GREEN"


def test_marking_levels_read_case_and_spacing_loosely_and_empty_as_clear():
    assert [markings.level(m) for m in markings.LEVELS] == [0, 1, 2, 3]
    assert markings.level(None) == 0 and markings.level("") == 0
    assert markings.level("  tlp:amber ") == 2
    assert markings.level("TLP:WHITE") == 0 and markings.level("tlp:white") == 0  # TLP 1.0's CLEAR


@pytest.mark.parametrize("bad", ["TLP:BLACK", "AMBER", "TLP:REDD"])
def test_an_unknown_marking_is_refused_with_the_choices(bad):
    with pytest.raises(markings.BadMarking, match=r"unknown marking .*TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:RED"):
        markings.level(bad)
    assert issubclass(markings.BadMarking, ValueError)
