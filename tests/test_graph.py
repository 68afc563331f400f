"""Behaviour of proxyatlas.graph: building, slicing, scoring, layout and the HTML it draws."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from proxyatlas import graph, palette

NODE_COLUMNS = ["actor_id", "name", "kind", "country", "status"]
EDGE_COLUMNS = ["rel_id", "source_id", "target_id", "type", "confidence", "start", "end", "sources"]


def frames(actors, ties):
    """nodes/edges DataFrames from (id, name, kind) actors and (rel, source, target, type, confidence)."""
    nodes = pd.DataFrame(
        [(a, name, kind, "IRN" if kind == "state" else None, "active") for a, name, kind in actors],
        columns=NODE_COLUMNS,
    )
    edges = pd.DataFrame(
        [(r, s, t, kind, conf, "2019", None, "Reuters (2023-10-08)") for r, s, t, kind, conf in ties],
        columns=EDGE_COLUMNS,
    )
    return nodes, edges


CHAIN_ACTORS = [
    ("iran", "Iran", "state"),
    ("irgc", "IRGC", "state_agency"),
    ("quds_force", "Quds Force", "state_agency"),
    ("hezbollah", "Hezbollah", "armed_group"),
]
CHAIN_TIES = [
    ("r1", "iran", "irgc", "directs", "high"),
    ("r2", "irgc", "quds_force", "directs", "high"),
    ("r3", "quds_force", "hezbollah", "sponsors", "moderate"),
]


@pytest.fixture
def chain():
    return graph.build_graph(*frames(CHAIN_ACTORS, CHAIN_TIES))


def ring(n):
    """A cycle of n actors, to stand in for a graph of a given size."""
    actors = [(f"a{i:04d}", f"Actor {i}", "armed_group") for i in range(n)]
    ties = [(f"r{i}", f"a{i:04d}", f"a{(i + 1) % n:04d}", "allied_with", "high") for i in range(n)]
    return graph.build_graph(*frames(actors, ties))


def _json_after(html, marker, nth=0):
    """Decode the JSON literal that follows the nth occurrence of marker in the page."""
    at = -1
    for _ in range(nth + 1):
        at = html.index(marker, at + 1)
    value, _ = json.JSONDecoder().raw_decode(html, at + len(marker))
    return value


def drawn(html):
    """(nodes by id, edges, options) as the page hands them to vis-network."""
    nodes = {n["id"]: n for n in _json_after(html, "new vis.DataSet(", 0)}
    edges = _json_after(html, "new vis.DataSet(", 1)
    return nodes, edges, _json_after(html, "var options = ")


def render(G, **kwargs):
    return graph.to_html(G, graph.layout(G), {n: 10 for n in G}, **kwargs)


# build_graph


def test_build_graph_keeps_attributes_and_drops_dangling_edges():
    nodes, edges = frames(
        CHAIN_ACTORS,
        CHAIN_TIES
        + [("r9", "hezbollah", "nobody", "allied_with", "low"), ("r8", "ghost", "iran", "funds", "low")],
    )
    G = graph.build_graph(nodes, edges)

    assert sorted(G) == ["hezbollah", "iran", "irgc", "quds_force"]
    assert sorted(k for _, _, k in G.edges(keys=True)) == ["r1", "r2", "r3"]
    assert G.nodes["iran"] == {"name": "Iran", "kind": "state", "country": "IRN", "status": "active"}
    assert G.nodes["hezbollah"]["country"] is None
    assert G.edges["quds_force", "hezbollah", "r3"] == {
        "type": "sponsors",
        "confidence": "moderate",
        "start": "2019",
        "end": None,
        "sources": "Reuters (2023-10-08)",
    }


def test_build_graph_keeps_parallel_ties_and_reads_missing_cells_as_none():
    ties = [("r1", "iran", "hezbollah", "sponsors", "high"), ("r2", "iran", "hezbollah", "arms", "low")]
    nodes, edges = frames(CHAIN_ACTORS, ties)
    edges.loc[1, "start"] = float("nan")
    G = graph.build_graph(nodes, edges)

    assert G.number_of_edges("iran", "hezbollah") == 2
    assert G.edges["iran", "hezbollah", "r2"]["start"] is None


# ego


def test_ego_one_hop_follows_ties_both_ways(chain):
    assert set(graph.ego(chain, "irgc", 1)) == {"iran", "irgc", "quds_force"}
    assert set(graph.ego(chain, "hezbollah", 1)) == {"hezbollah", "quds_force"}


def test_ego_two_hops_stops_at_the_radius(chain):
    two = graph.ego(chain, "hezbollah", 2)

    assert set(two) == {"hezbollah", "quds_force", "irgc"}
    assert "iran" not in two
    assert sorted(k for _, _, k in two.edges(keys=True)) == ["r2", "r3"]
    assert two.nodes["irgc"]["name"] == "IRGC"
    assert set(graph.ego(chain, "hezbollah", 3)) == set(chain)


def test_ego_of_unknown_actor_is_empty_and_hops_are_checked(chain):
    assert len(graph.ego(chain, "nobody", 2)) == 0
    with pytest.raises(ValueError):
        graph.ego(chain, "iran", 0)
    with pytest.raises(ValueError):
        graph.ego(chain, "iran", 4)


# connections

DIAMOND_ACTORS = [(a, a.upper(), "armed_group") for a in ["a", "b", "c", "d", "e", "f", "x", "y"]]
DIAMOND_TIES = [
    ("r1", "a", "b", "funds", "high"),
    ("r2", "c", "a", "member_of", "high"),  # against the direction of travel
    ("r3", "b", "d", "arms", "high"),
    ("r4", "d", "c", "allied_with", "high"),
    ("r5", "a", "e", "funds", "high"),  # a longer way round: a-e-f-d
    ("r6", "e", "f", "funds", "high"),
    ("r7", "f", "d", "funds", "high"),
    ("r8", "x", "y", "funds", "high"),  # a separate component
]


@pytest.fixture
def diamond():
    return graph.build_graph(*frames(DIAMOND_ACTORS, DIAMOND_TIES))


def test_connections_returns_every_shortest_path_ignoring_direction(diamond):
    spanned, paths = graph.connections(diamond, "a", "d")

    assert paths == [["a", "b", "d"], ["a", "c", "d"]]
    assert set(spanned) == {"a", "b", "c", "d"}
    assert sorted(k for _, _, k in spanned.edges(keys=True)) == ["r1", "r2", "r3", "r4"]
    assert spanned.nodes["c"]["name"] == "C"


def test_connections_caps_the_number_of_paths(diamond):
    _, paths = graph.connections(diamond, "a", "d", limit=1)
    assert len(paths) == 1


def test_connections_is_empty_when_not_connected(diamond):
    for a, b in [("a", "x"), ("a", "nobody")]:
        spanned, paths = graph.connections(diamond, a, b)
        assert paths == []
        assert len(spanned) == 0


# centrality


@pytest.fixture
def star():
    leaves = ["l1", "l2", "l3", "l4"]
    actors = [("hub", "Hub", "state")] + [(leaf, leaf, "armed_group") for leaf in leaves]
    ties = [(f"r{leaf}", "hub", leaf, "sponsors", "high") for leaf in leaves]
    ties.append(("extra", "hub", "l1", "funds", "high"))  # a parallel tie adds no new neighbour
    return graph.build_graph(*frames(actors, ties))


def test_degree_centrality_of_a_star(star):
    scores = graph.centrality(star, "degree")
    assert scores["hub"] == pytest.approx(1.0)
    assert all(scores[leaf] == pytest.approx(0.25) for leaf in ["l1", "l2", "l3", "l4"])


def test_betweenness_centrality_of_a_star(star):
    scores = graph.centrality(star, "betweenness")
    assert scores["hub"] == pytest.approx(1.0)
    assert all(scores[leaf] == 0.0 for leaf in ["l1", "l2", "l3", "l4"])


def test_betweenness_on_a_big_graph_is_sampled_and_repeatable():
    G = ring(1100)
    first = graph.centrality(G, "betweenness")
    assert first == graph.centrality(G, "betweenness")
    assert len(first) == 1100


def test_unknown_centrality_measure_is_an_error(star):
    with pytest.raises(ValueError):
        graph.centrality(star, "pagerank")


# layout


def test_layout_is_deterministic_and_ignores_row_order(diamond):
    nodes, edges = frames(DIAMOND_ACTORS, DIAMOND_TIES)
    shuffled = graph.build_graph(nodes.sample(frac=1, random_state=3), edges.sample(frac=1, random_state=5))

    first = graph.layout(diamond)
    assert first == graph.layout(diamond)
    assert first == graph.layout(shuffled)
    assert first != graph.layout(diamond, seed=8)


def test_layout_is_centred_and_scaled_to_about_a_thousand_pixels(diamond):
    positions = graph.layout(diamond)

    assert set(positions) == set(diamond)
    coords = [c for xy in positions.values() for c in xy]
    assert max(abs(c) for c in coords) == pytest.approx(1000, abs=1)
    assert len(set(positions.values())) == len(positions)


def test_layout_of_tiny_graphs():
    G = graph.build_graph(*frames([("iran", "Iran", "state")], []))
    assert graph.layout(G) == {"iran": (0.0, 0.0)}
    assert graph.layout(graph.build_graph(*frames([], []))) == {}


# limit_nodes


def test_limit_nodes_keeps_the_top_scores_and_counts_the_rest(diamond):
    scores = {"a": 5, "d": 4, "b": 1, "c": 1, "e": 1}
    kept, dropped = graph.limit_nodes(diamond, 4, scores)

    assert set(kept) == {"a", "d", "b", "c"}  # ties broken by id: b and c before e; unscored f/x/y last
    assert dropped == 4
    assert sorted(k for _, _, k in kept.edges(keys=True)) == ["r1", "r2", "r3", "r4"]


def test_limit_nodes_above_the_size_drops_nothing(diamond):
    kept, dropped = graph.limit_nodes(diamond, 100, {})
    assert (len(kept), dropped) == (len(diamond), 0)


# to_html

HOSTILE_SCRIPT = "</script><script>window.__pwned=1</script>"
HOSTILE_IMG = "<img src=x onerror=alert(1)>"
HOSTILE_LINK = '<a href="javascript:alert(2)">see href</a>'
REMOTE = re.compile(
    r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|@import|url\(\s*["']?\s*(?:https?:)?//""",
    re.I,
)


@pytest.fixture
def hostile():
    nodes = pd.DataFrame(
        [
            ("iran", HOSTILE_SCRIPT, "state", "IRN", "active"),
            ("proxy", HOSTILE_IMG, "armed_group", '"><svg onload=alert(3)>', "javascript:alert(4)"),
            ("linker", HOSTILE_LINK, "person", None, "active"),
            ("long", "حزب‌الله 🚀 zero\u200bwidth nul\x00byte " + "x" * 10_000, "media", None, "ok"),
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


def test_html_is_self_contained(chain):
    html = render(chain)

    assert html.startswith("<!DOCTYPE html>")
    assert not REMOTE.search(html)
    assert "<link" not in html
    assert "cdn." not in html
    assert "new vis.Network(" in html and "vis-network" in html  # the library is inlined


def test_html_never_takes_pyvis_innerhtml_tooltip_path(hostile):
    html = render(hostile)
    nodes, _, _ = drawn(html)

    assert "innerHTML = nodeData" not in html and "popup.innerHTML" not in html
    assert 'className = "popup"' not in html and "className = 'popup'" not in html
    assert not any("href" in node["title"] for node in nodes.values())
    assert "see hre\u2060f" in nodes["linker"]["title"]  # still reads as "href" on screen


def test_hostile_text_appears_only_escaped(hostile, chain, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    html = render(hostile)

    for raw in ["<script>window.__pwned", "<img src=x", "<svg onload", '<a href="javascript', "\x00"]:
        assert raw not in html
    assert html.count("</script>") == render(chain).count("</script>")  # no script closed early
    assert "\\u003c/script\\u003e\\u003cscript\\u003ewindow.__pwned=1" in html
    assert list(tmp_path.iterdir()) == []  # nothing written to the working directory


def test_tooltips_are_plain_text_from_the_data(hostile):
    nodes, edges, _ = drawn(render(hostile))

    assert nodes["proxy"]["label"] == HOSTILE_IMG
    assert nodes["proxy"]["title"] == "\n".join(
        [HOSTILE_IMG, "Kind: Armed group", 'Country: "><svg onload=alert(3)>', "Status: javascript:alert(4)"]
    )
    funds = next(e for e in edges if e["title"].startswith(HOSTILE_SCRIPT + " — funds → "))
    assert f"Period: {HOSTILE_SCRIPT} – ongoing" in funds["title"]
    assert "Confidence: low" in funds["title"]


def test_long_labels_are_truncated_and_tooltips_capped_without_nul(hostile):
    nodes, edges, _ = drawn(render(hostile))
    long = nodes["long"]

    assert len(long["label"]) == 60 and long["label"].endswith("…")
    assert long["label"].startswith("حزب‌الله 🚀 zero\u200bwidth nulbyte ")
    first_line = long["title"].split("\n")[0]
    assert len(first_line) == 500 and first_line.endswith("…")
    sources = [line for e in edges for line in e["title"].split("\n") if line.startswith("Sources: y")]
    assert len(sources) == 1 and len(sources[0]) == len("Sources: ") + 500


def test_nodes_and_edges_are_styled_from_the_palette(hostile):
    html = render(hostile)
    nodes, edges, _ = drawn(html)
    by_type = {e["title"].split(" — ")[1].split(" ")[0]: e for e in edges}

    assert nodes["iran"]["color"] == palette.colour(palette.ACTOR_KINDS, "state")
    assert nodes["iran"]["size"] == 10
    assert by_type["sponsors"]["color"] == palette.colour(palette.RELATIONSHIP_TYPES, "sponsors")
    assert [by_type[t]["dashes"] for t in ("sponsors", "funds", "allied")] == [False, True, False]
    assert (by_type["sponsors"]["arrows"], by_type["allied"]["arrows"]) == ("to", "")
    assert {by_type["sponsors"]["smooth"]["enabled"], by_type["funds"]["smooth"]["enabled"]} == {False, True}


def test_nodes_sit_at_the_layout_positions(diamond):
    positions = graph.layout(diamond)
    nodes, _, _ = drawn(graph.to_html(diamond, positions, {}))

    assert {n: (node["x"], node["y"]) for n, node in nodes.items()} == positions
    assert nodes["a"]["size"] == graph.DEFAULT_NODE_SIZE


def test_counts_are_exposed_for_browser_tests(diamond):
    html = render(diamond)

    assert '<body data-node-count="8" data-edge-count="8">' in html
    assert '<div id="pa-graph-meta" hidden data-node-count="8" data-edge-count="8">' in html


def test_an_empty_graph_still_makes_a_page():
    html = graph.to_html(graph.build_graph(*frames([], [])), {}, {})
    assert '<body data-node-count="0" data-edge-count="0">' in html
    assert drawn(html)[:2] == ({}, [])


def test_graph_fills_the_width_at_the_asked_height(diamond):
    html = render(diamond, height_px=480)
    assert re.search(r"#mynetwork \{\s*width: 100%;\s*height: 480px;", html)


def test_physics_only_for_small_graphs():
    _, _, small = drawn(render(ring(10)))
    _, _, big = drawn(render(ring(300)))
    _, _, forced = drawn(render(ring(10), physics=False))

    assert small["physics"]["enabled"] is True
    assert small["physics"]["stabilization"]["iterations"] <= 500
    assert big["physics"]["enabled"] is False
    assert forced["physics"]["enabled"] is False


def test_cached_html_sizes_nodes_by_score_and_reuses_the_page(diamond):
    scores = {"a": 4.0, "b": 1.0, "c": 0.0}
    html = graph.cached_html(diamond, scores)
    nodes, _, _ = drawn(html)

    assert (nodes["a"]["size"], nodes["b"]["size"], nodes["c"]["size"]) == (40.0, 24.0, 8.0)
    assert {n: (node["x"], node["y"]) for n, node in nodes.items()} == graph.layout(diamond)
    assert graph.cached_html(graph.build_graph(*frames(DIAMOND_ACTORS, DIAMOND_TIES)), scores) is html
    assert graph.cached_html(diamond, {"a": 1.0}) != html


# edges_table


def test_edges_table_names_the_ends_of_each_tie(chain):
    table = graph.edges_table(chain)

    assert list(table.columns) == ["source", "type", "target", "confidence", "start", "end", "sources"]
    assert table[["source", "type", "target"]].values.tolist() == [
        ["IRGC", "directs", "Quds Force"],
        ["Iran", "directs", "IRGC"],
        ["Quds Force", "sponsors", "Hezbollah"],
    ]
    assert table.loc[0, "sources"] == "Reuters (2023-10-08)"
    assert table.loc[0, "end"] is None


def test_edges_table_of_an_empty_graph_has_the_columns():
    table = graph.edges_table(graph.build_graph(*frames([], [])))
    assert table.empty and len(table.columns) == 7


def test_view_slices_scores_limits_and_draws():
    nodes = pd.DataFrame({"actor_id": ["a", "b", "c", "d"], "name": list("ABCD"), "kind": ["state"] * 4,
                          "country": [None] * 4, "status": ["active"] * 4})
    edges = pd.DataFrame({"rel_id": ["1", "2", "3"], "source_id": ["a", "b", "c"], "target_id": ["b", "c", "d"],
                          "type": ["sponsors"] * 3, "confidence": ["high"] * 3, "start": [None] * 3,
                          "end": [None] * 3, "sources": ["S"] * 3})
    whole = graph.view(nodes, edges)
    assert (whole.nodes, whole.edges, whole.dropped, whole.paths) == (4, 3, 0, [])
    assert 'data-node-count="4"' in whole.html and len(whole.table) == 3
    assert graph.view(nodes, edges, focus="a", hops=1).nodes == 2
    assert graph.view(nodes, edges, between=("a", "d")).paths == [["a", "b", "c", "d"]]
    limited = graph.view(nodes, edges, max_nodes=2)
    assert (limited.nodes, limited.dropped) == (2, 2)
    assert graph.view(nodes.iloc[:0], edges.iloc[:0]).html is None
