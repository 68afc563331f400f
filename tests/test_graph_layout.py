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


# newcomers: actors a view draws that the whole network's layout lacks


def test_newcomers_sit_beside_their_placed_neighbours_the_same_way_every_time():
    G = ring(8)  # a0000 ... a0007 in a cycle
    placed = {"a0000": (0.0, 0.0), "a0002": (100.0, 0.0), "a0003": (200.0, 0.0), "a0004": (300.0, 0.0),
              "a0005": (400.0, 0.0), "a0006": (500.0, 0.0), "a0007": (600.0, 0.0), "elsewhere": (9.0, 9.0)}
    positions = graph_layout.place_newcomers(G, G.edges(), placed)
    assert set(positions) == set(G)  # the base's other actors are not drawn
    assert all(positions[n] == placed[n] for n in G if n != "a0001")  # the placed stay put
    x, y = positions["a0001"]  # between a0000 (0, 0) and a0002 (100, 0): their mean, offset a little
    offset = ((x - 50.0) ** 2 + y ** 2) ** 0.5
    assert offset == pytest.approx(graph_layout.NEWCOMER_OFFSET, abs=0.2)
    again = graph_layout.place_newcomers(ring(8), ring(8).edges(), dict(reversed(list(placed.items()))))
    assert again == positions  # neither row order nor the base's order moves anyone


def test_newcomers_next_to_newcomers_are_placed_in_rounds_and_strangers_get_a_layout_beside():
    G = ring(6)  # a0000 placed; a0001 and a0005 beside it; a0002 and a0004 beside them; a0003 last
    positions = graph_layout.place_newcomers(G, G.edges(), {"a0000": (0.0, 0.0)})
    assert positions["a0000"] == (0.0, 0.0)
    step = graph_layout.NEWCOMER_OFFSET
    for n in ("a0001", "a0005"):
        assert (positions[n][0] ** 2 + positions[n][1] ** 2) ** 0.5 == pytest.approx(step, abs=0.2)
    x1, y1 = positions["a0001"]
    x2, y2 = positions["a0002"]  # beside a0001 alone (a0003 was not yet placed)
    assert ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5 == pytest.approx(step, abs=0.2)
    # a second ring no placed actor reaches: laid out on its own, to the right of the placed ones
    both = graph.build_graph(*frames([(f"a{i:04d}", f"A{i}", "state") for i in range(6)]
                                     + [(f"b{i}", f"B{i}", "state") for i in range(4)],
                                     [(f"r{i}", f"a{i:04d}", f"a{(i + 1) % 6:04d}", "allied_with", "high")
                                      for i in range(6)]
                                     + [(f"s{i}", f"b{i}", f"b{(i + 1) % 4}", "allied_with", "high")
                                        for i in range(4)]))
    placed = {f"a{i:04d}": (float(10 * i), 0.0) for i in range(6)}
    positions = graph_layout.place_newcomers(both, both.edges(), placed)
    assert {n: positions[n] for n in placed} == placed
    assert min(positions[f"b{i}"][0] for i in range(4)) > max(x for x, _ in placed.values())
    assert graph_layout.place_newcomers(both, both.edges(), {}) == graph_layout.layout(both)  # nothing placed: a layout
