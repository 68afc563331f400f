"""Behaviour of proxyatlas.graph_layout: igraph's layout and Leiden communities, seeded."""

from __future__ import annotations

import pytest

from proxyatlas import graph, graph_layout

from .test_graph import DIAMOND_ACTORS, DIAMOND_TIES, frames, ring


@pytest.fixture
def diamond():
    return graph.build_graph(*frames(DIAMOND_ACTORS, DIAMOND_TIES))


def cliques(sizes, bridges=()):
    """Cliques of the given sizes (actors c<k>_<i>), joined by `bridges` (pairs of actor ids)."""
    actors = [(f"c{k}_{i}", f"Clique {k} member {i}", "armed_group") for k, n in enumerate(sizes) for i in range(n)]
    ties = [(f"r{k}_{i}_{j}", f"c{k}_{i}", f"c{k}_{j}", "allied_with", "high")
            for k, n in enumerate(sizes) for i in range(n) for j in range(i + 1, n)]
    ties += [(f"b{n}", u, v, "funds", "high") for n, (u, v) in enumerate(bridges)]
    return frames(actors, ties)


# layout


def test_layout_is_deterministic_and_ignores_row_order(diamond):
    nodes, edges = frames(DIAMOND_ACTORS, DIAMOND_TIES)
    shuffled = graph.build_graph(nodes.sample(frac=1, random_state=3), edges.sample(frac=1, random_state=5))

    first = graph_layout.layout(diamond)
    assert first == graph_layout.layout(diamond)
    assert first == graph_layout.layout(shuffled)
    assert first != graph_layout.layout(diamond, seed=8)


def test_layout_is_centred_and_scaled_to_about_a_thousand_pixels(diamond):
    positions = graph_layout.layout(diamond)

    assert set(positions) == set(diamond)
    coords = [c for xy in positions.values() for c in xy]
    assert max(abs(c) for c in coords) == pytest.approx(1000, abs=1)
    assert len(set(positions.values())) == len(positions)


def test_layout_puts_tied_actors_nearer_than_strangers():
    G = graph.build_graph(*cliques([6, 6], bridges=[("c0_0", "c1_0")]))
    p = graph_layout.layout(G)

    def dist(a, b):
        return ((p[a][0] - p[b][0]) ** 2 + (p[a][1] - p[b][1]) ** 2) ** 0.5

    within = max(dist(f"c{k}_{i}", f"c{k}_{j}") for k in (0, 1) for i in range(1, 6) for j in range(1, 6))
    across = min(dist(f"c0_{i}", f"c1_{j}") for i in range(1, 6) for j in range(1, 6))
    assert within < across


def test_layout_of_tiny_graphs():
    G = graph.build_graph(*frames([("iran", "Iran", "state")], []))
    assert graph_layout.layout(G) == {"iran": (0.0, 0.0)}
    assert graph_layout.layout(graph.build_graph(*frames([], []))) == {}


# communities


def test_communities_split_cliques_apart_and_are_named_by_their_most_central_member():
    # Two cliques of five and one of three, joined through c0_1 (so it has the most ties of its clique).
    G = graph.build_graph(*cliques([5, 3, 5], bridges=[("c0_1", "c1_0"), ("c0_1", "c2_0")]))
    found = graph_layout.communities(G)

    groups = {}
    for actor, number in found.of.items():
        groups.setdefault(number, set()).add(actor)
    assert sorted(map(sorted, groups.values())) == [[f"c{k}_{i}" for i in range(n)] for k, n in
                                                    enumerate([5, 3, 5])]
    assert found.sizes == [5, 5, 3]  # largest first
    assert found.centres[found.of["c0_0"]] == "c0_1"  # the most ties
    assert found.centres[found.of["c2_1"]] == "c2_0"  # a bridge end: 5 ties against 4
    assert found.names[found.of["c0_0"]] == "Clique 0 member 1"


def test_communities_are_the_same_every_time_whatever_the_row_order():
    nodes, edges = cliques([4, 4, 4], bridges=[("c0_0", "c1_0"), ("c1_1", "c2_0"), ("c2_1", "c0_1")])
    first = graph_layout.communities(graph.build_graph(nodes, edges))
    for seed in range(5):
        shuffled = graph.build_graph(nodes.sample(frac=1, random_state=seed), edges.sample(frac=1, random_state=seed))
        assert graph_layout.communities(shuffled) == first


def test_communities_of_a_ring_are_seeded():
    """A ring has many equally good splits, so Leiden's random choices decide: seeded, they repeat."""
    first = graph_layout.communities(ring(60))
    assert all(graph_layout.communities(ring(60)) == first for _ in range(3))
    assert graph_layout.communities(ring(60), seed=8) != first


def test_communities_of_an_empty_graph():
    assert graph_layout.communities(graph.build_graph(*frames([], []))) == graph_layout.Communities({}, [], [], [])
