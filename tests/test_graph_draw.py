"""Behaviour of proxyatlas.graph_draw and graph_export: the graph as data for the browser, and as GraphML."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from proxyatlas import graph, graph_draw, graph_export, graph_layout, graph_wire, palette

from .test_graph import DIAMOND_ACTORS, DIAMOND_TIES, EDGE_COLUMNS, NODE_COLUMNS, frames
from .test_graph_layout import cliques

COMPONENT_JS = Path(__file__).resolve().parents[1] / "dashboard" / "network.js"
HOSTILE_SCRIPT = "</script><script>window.__pwned=1</script>"
HOSTILE_IMG = "<img src=x onerror=alert(1)>"
HOSTILE_LINK = '<a href="javascript:alert(2)">see href</a>'


@pytest.fixture
def diamond():
    return graph.build_graph(*frames(DIAMOND_ACTORS, DIAMOND_TIES))


@pytest.fixture
def hostile():
    nodes = pd.DataFrame(
        [
            ("iran", HOSTILE_SCRIPT, "state", "IRN", "active"),
            ("proxy", HOSTILE_IMG, "armed_group", '"><svg onload=alert(3)>', "javascript:alert(4)"),
            ("linker", HOSTILE_LINK, "person", None, "active"),
            ("long", "حزب‌الله 🚀 zero\u200bwidth nul\x00byte \u202eflip " + "x" * 10_000, "media", None,
             "ok"),
        ],
        columns=NODE_COLUMNS,
    )
    edges = pd.DataFrame(
        [
            ("r1", "iran", "proxy", "sponsors", "high", "1982", None, HOSTILE_LINK),
            ("r2", "iran", "proxy", "funds", "low", HOSTILE_SCRIPT, None, "y" * 10_000),
            ("r3", "linker", "long", "allied_with", "moderate", None, "2020", HOSTILE_IMG),
        ],
        columns=EDGE_COLUMNS,
    )
    return graph.build_graph(nodes, edges)


def drawing(G, positions, sizes, *, colour_by="kind", communities=None) -> dict:
    """G drawn whole as the browser rebuilds it: the unpacked view of all of G from a catalogue of G."""
    catalogue = graph_draw.Catalogue(*graph_draw.frames(G), communities)
    return graph_wire.unpacked(catalogue.sent(*catalogue.rows(G, [k for *_, k in G.edges(keys=True)]), positions,
                                              sizes, colour_by=colour_by))


def draw(G, **kwargs):
    """(nodes by id, edges by id, options) as the component is sent them."""
    data = drawing(G, graph_layout.layout(G), {n: 10 for n in G}, **kwargs)
    assert json.loads(json.dumps(data)) == data  # plain JSON: strings, numbers, lists, objects
    return {n["id"]: n for n in data["nodes"]}, {e["id"]: e for e in data["edges"]}, data["options"]


# what is drawn


def test_nodes_and_edges_are_styled_from_the_palette(hostile):
    nodes, edges, _ = draw(hostile)

    assert nodes["iran"]["color"] == palette.colour(palette.ACTOR_KINDS, "state")
    assert nodes["iran"]["size"] == 10
    assert (edges["r1"]["from"], edges["r1"]["to"]) == ("iran", "proxy")
    assert edges["r1"]["color"] == palette.colour(palette.RELATIONSHIP_TYPES, "sponsors")
    # Only what differs from the options' defaults (straight, solid, 1.5 px) is sent with a tie.
    _, _, options = draw(hostile)
    assert (options["edges"]["dashes"], options["edges"]["width"], options["edges"]["smooth"]) == (False, 1.5, False)
    assert [edges[r].get("dashes", False) for r in ("r1", "r2", "r3")] == [False, True, False]
    assert [edges[r].get("width", 1.5) for r in ("r1", "r2", "r3")] == [2.5, 1.5, 1.5]
    # each tie type its own arrowhead (colour is not the only cue); a symmetric tie has it at both ends
    assert edges["r1"]["arrows"] == {"to": {"enabled": True, "type": "arrow"}}
    assert edges["r3"]["arrows"] == {"to": {"enabled": True, "type": "circle"}, "from": {"enabled": True, "type": "circle"}}
    assert "smooth" not in edges["r1"]  # the first tie of a pair is straight; the second curves off it
    assert edges["r2"]["smooth"] == {"enabled": True, "type": "curvedCW", "roundness": 0.2}
    assert "shape" not in nodes["iran"] and options["nodes"]["shape"] == "dot"


def test_nodes_sit_at_the_given_positions_with_the_given_sizes(diamond):
    positions = graph_layout.layout(diamond)
    data = drawing(diamond, positions, {"a": 33.0})
    nodes = {n["id"]: n for n in data["nodes"]}

    assert {n: (node["x"], node["y"]) for n, node in nodes.items()} == positions
    assert nodes["a"]["size"] == 33.0 and nodes["b"]["size"] == graph_draw.DEFAULT_NODE_SIZE
    assert sorted(e["id"] for e in data["edges"]) == [f"r{i}" for i in range(1, 9)]


def test_options_draw_without_physics_on_straight_edges_hidden_while_moving(diamond):
    _, _, options = draw(diamond)

    assert options["physics"]["enabled"] is False
    assert options["edges"]["smooth"] is False
    assert options["interaction"]["hideEdgesOnDrag"] is True and options["interaction"]["hideEdgesOnZoom"] is True
    assert options["interaction"]["hover"] is True


def test_an_empty_graph_draws_nothing():
    data = drawing(graph.build_graph(*frames([], [])), {}, {})
    assert (data["nodes"], data["edges"]) == ([], [])


def test_unknown_colour_by_is_an_error(diamond):
    with pytest.raises(ValueError):
        draw(diamond, colour_by="country")


# escaping: every label and tooltip is the data's text, for the browser to set as text


def test_labels_and_tooltips_are_the_data_as_plain_text(hostile):
    nodes, edges, _ = draw(hostile)

    assert nodes["proxy"]["label"] == HOSTILE_IMG
    assert nodes["proxy"]["title"] == "\n".join(
        [HOSTILE_IMG, "Kind: Armed group", 'Country: "><svg onload=alert(3)>', "Status: javascript:alert(4)"])
    assert nodes["linker"]["title"].startswith(HOSTILE_LINK)  # "href" as it is: no pyvis template reads it
    assert edges["r2"]["title"].startswith(f"{HOSTILE_SCRIPT} — funds → {HOSTILE_IMG}\nConfidence: low\n"
                                           f"Period: {HOSTILE_SCRIPT} – ongoing")
    assert edges["r1"]["title"].endswith("Sources: " + HOSTILE_LINK)


def test_long_text_is_capped_and_control_and_bidi_characters_dropped(hostile):
    nodes, edges, _ = draw(hostile)
    long = nodes["long"]

    assert len(long["label"]) == graph_draw.LABEL_MAX_CHARS and long["label"].endswith("…")
    assert long["label"].startswith("حزب‌الله 🚀 zero\u200bwidth nulbyte flip ")
    first_line = long["title"].split("\n")[0]
    assert len(first_line) == graph_draw.TOOLTIP_FIELD_MAX_CHARS and first_line.endswith("…")
    sources = [line for line in edges["r2"]["title"].split("\n") if line.startswith("Sources: ")]
    assert sources == ["Sources: " + "y" * 499 + "…"]


# what the component is sent (Catalogue.sent): each distinct string once, only what the view uses


def test_sent_is_the_drawing_in_columns_with_each_string_sent_once(hostile):
    G = hostile
    G.add_edge("linker", "proxy", key="r4", type="sponsors", confidence="high", start="1982", end=None,
               sources=HOSTILE_LINK)  # a second tie whose tooltip shares its name, date and sources
    ties = [k for *_, k in sorted(G.edges(keys=True))]
    catalogue = graph_draw.Catalogue(*graph_draw.frames(G))
    sent = catalogue.sent(*catalogue.rows(G, ties), graph_layout.layout(G), {n: 10 for n in G})
    assert json.loads(json.dumps(sent)) == sent  # plain JSON
    rebuilt = graph_wire.unpacked(sent)
    assert rebuilt == drawing(G, graph_layout.layout(G), {n: 10 for n in G})
    assert [n["id"] for n in rebuilt["nodes"]] == sorted(G) and [e["id"] for e in rebuilt["edges"]] == ties
    strings = [t for t in sent["text"] if isinstance(t, str)]
    assert len(strings) == len(set(strings))  # each once
    assert HOSTILE_LINK in strings and strings.count(HOSTILE_SCRIPT) == 1  # a name, and a date, shared
    # tooltips go as the numbers of their pieces, cut at the separators, which are pieces too
    assert {" — ", " → ", " – ", "\n", "Confidence: high"} <= set(strings)
    assert not any("\n" in t and t != "\n" for t in strings)
    kinds = dict(zip(sent["nodes"]["keys"], sent["nodes"]["kinds"]))
    assert (kinds["title"], kinds["x"], kinds["label"]) == (graph_wire.PIECES, graph_wire.NUMBER, graph_wire.TEXT)
    link = json.dumps(HOSTILE_LINK)[1:-1]  # six times in labels and tooltips; sent as the name and as "Sources: …"
    assert json.dumps(rebuilt).count(link) == 6 and json.dumps(sent).count(link) == 2


def test_a_view_is_sent_only_the_text_it_uses_and_curves_only_its_own_second_ties():
    nodes, edges = frames(DIAMOND_ACTORS, DIAMOND_TIES + [("r9", "a", "b", "funds", "low")])
    catalogue = graph_draw.Catalogue(nodes, edges)
    whole = catalogue.sent(*catalogue.rows(nodes["actor_id"], edges["rel_id"]), {}, {})
    pair = [e for e in graph_wire.unpacked(whole)["edges"] if {e["from"], e["to"]} == {"a", "b"}]
    assert [("smooth" in e) for e in pair] == [False, True]  # the second tie of the pair curves off the first
    second = next(e["id"] for e in pair if "smooth" in e)
    alone = catalogue.sent(*catalogue.rows(["a", "b"], [second]), {}, {})
    (edge,) = graph_wire.unpacked(alone)["edges"]
    assert "smooth" not in edge  # its pair's first tie is not in this view: nothing to curve off
    names = set(nodes.set_index("actor_id")["name"])
    assert names & {t for t in alone["text"] if isinstance(t, str)} == {nodes.set_index("actor_id")["name"][a] for a in "ab"}
    assert len(json.dumps(alone)) < len(json.dumps(whole)) / 2
    assert catalogue.rows(["a", "nobody"], []) is None and catalogue.rows([], ["r99"]) is None
    nothing = graph_draw.Catalogue(*frames([], []))
    empty = nothing.sent(*nothing.rows([], []), {}, {})
    assert graph_wire.unpacked(empty) == {"nodes": [], "edges": [], "options": empty["options"]}


def test_the_component_never_makes_html_from_data():
    """The browser half of the escaping: network.js hands vis-network strings (which it shows with
    innerText) and builds no markup from what it is sent."""
    js = COMPONENT_JS.read_text(encoding="utf-8")
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function", js)


# communities


@pytest.fixture
def three_cliques():
    G = graph.build_graph(*cliques([5, 3, 5], bridges=[("c0_1", "c1_0"), ("c0_1", "c2_0")]))
    return G, graph_layout.communities(G)


def test_colour_by_community_and_tooltips_name_the_community(three_cliques):
    G, found = three_cliques
    nodes, _, _ = draw(G, colour_by="community", communities=found)

    assert nodes["c0_3"]["color"] == palette.COMMUNITIES[found.of["c0_3"]]
    assert nodes["c0_3"]["color"] != nodes["c2_3"]["color"]
    assert nodes["c1_2"]["color"] == palette.COMMUNITIES[2]  # the smallest community, third
    assert nodes["c0_3"]["title"].endswith("\nCommunity: Clique 0 member 1 (5 actors)")
    by_kind, _, _ = draw(G, colour_by="kind", communities=found)
    assert by_kind["c0_3"]["color"] == palette.colour(palette.ACTOR_KINDS, "armed_group")
    assert by_kind["c0_3"]["title"] == nodes["c0_3"]["title"]  # the tooltip names it either way


def test_communities_past_the_palette_are_grey_and_the_legend_says_so():
    G = graph.build_graph(*cliques([3] * (len(palette.COMMUNITIES) + 2)))
    found = graph_layout.communities(G)
    nodes, _, _ = draw(G, colour_by="community", communities=found)

    grey = [n for n, node in nodes.items() if node["color"] == palette.OTHER_COMMUNITY]
    assert len(grey) == 2 * 3
    legend = graph_draw.community_legend(found, G)
    assert len(legend) == len(palette.COMMUNITIES) + 1
    assert legend["other"] == (palette.OTHER_COMMUNITY, "smaller communities")
    assert legend["0"] == (palette.COMMUNITIES[0], graph_draw.community_label(found, found.centres[0]))
    assert graph_draw.community_legend(found, ["c0_0"]) == {"0": legend["0"]}  # only what the view shows


# GraphML


def test_graphml_holds_the_view_with_positions_colours_communities_and_clean_text(hostile):
    nodes = pd.DataFrame([(n, a["name"], a["kind"], a["country"], a["status"]) for n, a in hostile.nodes(data=True)],
                         columns=NODE_COLUMNS)
    edges = pd.DataFrame([(k, u, v, a["type"], a["confidence"], a["start"], a["end"], a["sources"])
                          for u, v, k, a in hostile.edges(keys=True, data=True)], columns=EDGE_COLUMNS)
    found = graph_layout.communities(hostile)
    shown = graph.view(nodes, edges, colour_by="community", communities=found)

    read = nx.read_graphml(io.BytesIO(graph_export.to_graphml(shown)), force_multigraph=True)
    assert sorted(read) == sorted(hostile)
    assert sorted(k for _, _, k in read.edges(keys=True)) == ["r1", "r2", "r3"]
    iran = read.nodes["iran"]
    assert iran["name"] == HOSTILE_SCRIPT and iran["kind"] == "state"
    assert (iran["x"], iran["y"]) == shown.positions["iran"]
    assert iran["colour"] == palette.community_colour(found.of["iran"])
    assert iran["community"] == graph_draw.community_label(found, "iran")
    assert "country" not in read.nodes["linker"]  # missing stays missing
    assert "\x00" not in read.nodes["long"]["name"] and "\u202e" not in read.nodes["long"]["name"]
    assert read.edges["iran", "proxy", "r1"]["sources"] == HOSTILE_LINK
