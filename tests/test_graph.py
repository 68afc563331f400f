"""Behaviour of proxyatlas.graph: building, slicing, scoring, limiting, and the view a page draws."""

from __future__ import annotations


import pandas as pd
import pytest

from proxyatlas import graph, graph_layout, labels

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


# the ties table


def test_the_ties_table_names_the_ends_of_each_tie():
    table = graph.view(*frames(CHAIN_ACTORS, CHAIN_TIES)).table

    assert list(table.columns) == ["source", "type", "target", "confidence", "start", "end", "sources"]
    assert table[["source", "type", "target"]].values.tolist() == [
        ["IRGC", "directs", "Quds Force"],
        ["Iran", "directs", "IRGC"],
        ["Quds Force", "sponsors", "Hezbollah"],
    ]
    assert table.loc[0, "sources"] == "Reuters (2023-10-08)"
    assert table.loc[0, "end"] is None


def test_the_ties_table_of_an_empty_view_has_the_columns():
    table = graph.view(*frames([], [])).table
    assert table.empty and len(table.columns) == 7


def test_the_ties_table_of_a_view_drawn_from_the_whole_networks_catalogue_is_the_views_own():
    """A view drawn from the whole network's catalogue (built once per data version) lists only its own
    ties, in the same order as one drawn from its own frames, and sends the same drawing."""
    nodes, edges = frames(CHAIN_ACTORS, CHAIN_TIES)
    whole = graph.whole_network(nodes, edges)
    part = nodes, edges[edges["rel_id"] != "r2"]
    own = graph.view(*part, communities=whole.communities)
    shared = graph.view(*part, communities=whole.communities, catalogue=lambda: whole.catalogue)
    assert shared.table.values.tolist() == own.table.values.tolist()
    assert shared.table["source"].tolist() == ["Iran", "Quds Force"]
    assert shared.drawing == own.drawing and shared.sent == own.sent
    # the screen, labelled once for the whole catalogue, is the view's own table labelled
    assert shared.screen.values.tolist() == labels.screen(shared.table).values.tolist()
    assert list(shared.screen.columns) == list(labels.screen(shared.table).columns)


def test_view_slices_scores_limits_and_draws():
    nodes = pd.DataFrame({"actor_id": ["a", "b", "c", "d"], "name": list("ABCD"), "kind": ["state"] * 4,
                          "country": [None] * 4, "status": ["active"] * 4})
    edges = pd.DataFrame({"rel_id": ["1", "2", "3"], "source_id": ["a", "b", "c"], "target_id": ["b", "c", "d"],
                          "type": ["sponsors"] * 3, "confidence": ["high"] * 3, "start": [None] * 3,
                          "end": [None] * 3, "sources": ["S"] * 3})
    whole = graph.view(nodes, edges)
    assert (whole.nodes, whole.edges, whole.dropped, whole.paths) == (4, 3, 0, [])
    assert len(whole.drawing["nodes"]) == 4 and len(whole.drawing["edges"]) == 3 and len(whole.table) == 3
    assert set(whole.positions) == set("abcd")
    assert graph.view(nodes, edges, focus="a", hops=1).nodes == 2
    assert graph.view(nodes, edges, between=("a", "d")).paths == [["a", "b", "c", "d"]]
    limited = graph.view(nodes, edges, max_nodes=2)
    assert (limited.nodes, limited.dropped) == (2, 2)
    assert graph.view(nodes.iloc[:0], edges.iloc[:0]).drawing is None


def test_node_sizes_are_on_a_square_root_scale():
    assert graph.node_sizes({"a": 4.0, "b": 1.0, "c": 0.0}) == {"a": 40.0, "b": 24.0, "c": 8.0}
    assert graph.node_sizes({"a": 0.0}) == {"a": 8.0}


def test_large_views_keep_their_places_in_the_whole_network_and_small_ones_get_their_own():
    big = ring(graph.OWN_LAYOUT_MAX_NODES + 1)
    nodes = pd.DataFrame([(n, a["name"], a["kind"], a["country"], a["status"]) for n, a in big.nodes(data=True)],
                         columns=NODE_COLUMNS)
    edges = pd.DataFrame([(k, u, v, a["type"], a["confidence"], a["start"], a["end"], a["sources"])
                          for u, v, k, a in big.edges(keys=True, data=True)], columns=EDGE_COLUMNS)
    placed = {n: (float(i), 0.0) for i, n in enumerate(sorted(big))}
    asked = []
    kept = graph.view(nodes, edges, base=lambda: asked.append(1) or placed)
    assert kept.positions == placed and asked == [1]
    assert kept.drawing["nodes"][5]["x"] == 5.0
    small = graph.view(nodes, edges, focus="a0000", hops=1, base=lambda: asked.append(1) or placed)
    assert asked == [1]  # a small view never asks for the whole network's layout
    assert small.positions == graph_layout.layout(small.graph)
    partial = graph.view(nodes, edges, base=lambda: dict(list(placed.items())[:-1]))
    # an actor the base lacks is set beside its placed neighbours; no layout of the view's own
    assert partial.positions == graph_layout.place_newcomers(partial.graph, partial.graph.edges(), dict(list(placed.items())[:-1]))
    assert {n: partial.positions[n] for n in placed if n != "a0300"} == dict(list(placed.items())[:-1])
    x, y = partial.positions["a0300"]  # between its neighbours a0299 (299, 0) and a0000 (0, 0)
    assert abs(x - 149.5) <= graph_layout.NEWCOMER_OFFSET and abs(y) <= graph_layout.NEWCOMER_OFFSET


def test_whole_network_finds_communities_over_all_actors_but_lays_out_only_the_best_connected():
    G = ring(12)
    nodes = pd.DataFrame([(n, a["name"], a["kind"], None, "active") for n, a in G.nodes(data=True)],
                         columns=NODE_COLUMNS)
    edges = pd.DataFrame([(k, u, v, "allied_with", "high", None, None, "S")
                          for u, v, k in G.edges(keys=True)] + [("hub1", "a0000", "a0006", "allied_with", "high",
                                                                 None, None, "S")], columns=EDGE_COLUMNS)
    whole = graph.whole_network(nodes, edges, max_nodes=2)
    assert set(whole.positions) == {"a0000", "a0006"}  # the two with three ties each
    assert set(whole.communities.of) == set(G)
    assert whole.catalogue.rows(list(G), list(edges["rel_id"])) is not None  # every actor and tie drawn once


def test_a_limited_whole_view_is_limited_before_it_is_built_and_keeps_what_limit_nodes_keeps():
    """The whole view past max_nodes is limited on the tables (graph._degree_limit): the same actors, ties,
    sizes and count dropped as limiting the built graph, with self-loops, parallel ties, a tie either way
    and a tie to an unknown actor, which count no neighbour."""
    nodes = pd.DataFrame({"actor_id": list("abcdefg"), "name": list("ABCDEFG"), "kind": ["state"] * 7,
                          "country": [None] * 7, "status": ["active"] * 7})
    pairs = [("a", "b"), ("b", "a"), ("a", "b"), ("a", "c"), ("d", "d"), ("d", "e"), ("e", "f"), ("c", "x"),
             ("f", "g"), ("g", "e"), ("b", "c")]
    edges = pd.DataFrame({"rel_id": [str(i) for i in range(len(pairs))], "source_id": [p[0] for p in pairs],
                          "target_id": [p[1] for p in pairs], "type": ["sponsors"] * len(pairs),
                          "confidence": ["high"] * len(pairs), "start": [None] * len(pairs),
                          "end": [None] * len(pairs), "sources": ["S"] * len(pairs)})
    for max_nodes in (1, 3, 4, 6):
        G = graph.build_graph(nodes, edges)
        scores = graph.centrality(G, "degree")
        expected, dropped = graph.limit_nodes(G, max_nodes, scores)
        view = graph.view(nodes, edges, max_nodes=max_nodes)
        assert sorted(view.graph) == sorted(expected) and view.dropped == dropped == 7 - max_nodes
        assert sorted(view.graph.edges(keys=True)) == sorted(expected.edges(keys=True))
        sizes = graph.node_sizes({n: scores[n] for n in expected})
        assert {n["id"]: n["size"] for n in view.drawing["nodes"]} == sizes
