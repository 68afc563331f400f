"""Where actors sit and which community each belongs to, computed by igraph (C code).

igraph replaces a hand-written numpy Fruchterman-Reingold: its C layout places 5,000 actors in
about a second where networkx needs scipy and a minute (measured in README.md), and it brings the
Leiden community detection. Both are seeded, so the same data gives the same picture every time.
"""

from __future__ import annotations

import math
import random
import threading
import zlib
from dataclasses import dataclass

import igraph as ig
import networkx as nx
import numpy as np

SEED = 7
LAYOUT_SCALE = 1000.0  # positions in pixels, centred on 0, within about ±1000
LEIDEN_RESOLUTION = 1.0
LEIDEN_ITERATIONS = 10  # fixed, not "until stable": the same work, so the same answer, every time

# igraph draws random numbers from one process-wide generator: seed it and use it under a lock, so two
# sessions computing at once cannot interleave their draws.
_RNG_LOCK = threading.Lock()


def _simple(actors, ties) -> tuple[list[str], list[tuple[int, int]]]:
    """Actors in sorted order and one undirected edge per connected pair of them (as indices), no self-loops."""
    order = sorted(actors)
    index = {n: i for i, n in enumerate(order)}
    pairs = sorted({(i, j) if i < j else (j, i) for i, j in ((index.get(u), index.get(v)) for u, v in ties)
                    if i is not None and j is not None and i != j})
    return order, pairs


def layout(G: nx.MultiDiGraph, seed: int = SEED) -> dict[str, tuple[float, float]]:
    """Deterministic force-directed positions of G's actors (igraph's Fruchterman-Reingold), in pixels."""
    return arrange(G, G.edges(), seed)


def arrange(actors, ties, seed: int = SEED) -> dict[str, tuple[float, float]]:
    """`layout` of these actor ids and the (source, target) ties among them.

    The start is seeded from `seed` and igraph's generator is reseeded, so the result depends on the
    graph alone, not on row order or on what ran before.
    """
    order, pairs = _simple(actors, ties)
    if len(order) <= 1:
        return {n: (0.0, 0.0) for n in order}
    # igraph's own random start spans about sqrt(n); a start packed into a small square makes its grid
    # variant (used past 1,000 nodes) put everyone in one cell: 5,000 nodes took 77 s instead of 1 s.
    half = max(1.0, len(order) ** 0.5 / 2)
    start = np.random.default_rng(seed).uniform(-half, half, (len(order), 2)).tolist()
    g = ig.Graph(n=len(order), edges=pairs)
    with _RNG_LOCK:
        ig.set_random_number_generator(random.Random(seed))
        coords = np.array(g.layout_fruchterman_reingold(seed=start, grid="auto").coords)
    coords -= coords.mean(axis=0)
    top = np.abs(coords).max()
    coords = coords * (LAYOUT_SCALE / top) if top > 0 else coords
    return {n: (round(float(x), 1), round(float(y), 1)) for n, (x, y) in zip(order, coords)}


@dataclass(frozen=True)
class Communities:
    """Each actor's community, numbered from 0 by size (largest first, ties by the id it is named after), and each
    community's name: its most central member (most neighbours, ties by id)."""

    of: dict[str, int]  # actor id -> community number
    centres: list[str]  # community number -> the id of the actor it is named after
    names: list[str]  # community number -> that actor's name
    sizes: list[int]  # community number -> how many actors


def communities(G: nx.MultiDiGraph, seed: int = SEED) -> Communities:
    """Leiden communities (modularity) of the undirected simple view of G, seeded: the same data
    gives the same communities every time."""
    order, pairs = _simple(G, G.edges())
    if not order:
        return Communities({}, [], [], [])
    g = ig.Graph(n=len(order), edges=pairs)
    with _RNG_LOCK:
        ig.set_random_number_generator(random.Random(seed))
        membership = g.community_leiden(objective_function="modularity", resolution=LEIDEN_RESOLUTION,
                                        n_iterations=LEIDEN_ITERATIONS).membership
    degree = g.degree()
    groups: dict[int, list[int]] = {}
    for i, c in enumerate(membership):
        groups.setdefault(c, []).append(i)
    named = [(members, min(members, key=lambda i: (-degree[i], order[i]))) for members in groups.values()]
    named.sort(key=lambda m: (-len(m[0]), order[m[1]]))
    of = {order[i]: number for number, (members, _) in enumerate(named) for i in members}
    centres = [order[centre] for _, centre in named]
    return Communities(of, centres, [G.nodes[c].get("name") or c for c in centres], [len(m) for m, _ in named])


NEWCOMER_OFFSET = 24.0  # px: how far a newcomer sits from the mean of its placed neighbours


def _direction(actor: str) -> tuple[float, float]:
    """A unit vector of the actor's own: its angle from a CRC of its id, the same in every process
    (Python's str hash is salted per process)."""
    angle = zlib.crc32(actor.encode("utf-8")) / 2**32 * 2 * math.pi
    return math.cos(angle), math.sin(angle)


def place_newcomers(actors, ties, placed: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Every actor (ids; `ties` the (source, target) pairs among them) a place without laying it out again:
    an actor in `placed` keeps its place; a newcomer sits at the mean of its placed neighbours plus
    NEWCOMER_OFFSET in a direction of its own (in rounds: one whose neighbours are all newcomers waits until
    one of them is placed). Newcomers with no placed actor in reach get a layout of their own, shrunk and
    set to the right of the rest."""
    order = sorted(actors)
    waiting = [n for n in order if n not in placed]
    out = {n: placed[n] for n in order if n in placed}
    if not waiting:
        return out
    near: dict[str, set[str]] = {n: set() for n in order}
    for u, v in ties:
        if u != v and u in near and v in near:
            near[u].add(v)
            near[v].add(u)
    while waiting:
        ready = {}
        for n in waiting:
            known = [out[m] for m in near[n] if m in out]
            if known:
                dx, dy = _direction(n)
                ready[n] = (round(sum(x for x, _ in known) / len(known) + NEWCOMER_OFFSET * dx, 1),
                            round(sum(y for _, y in known) / len(known) + NEWCOMER_OFFSET * dy, 1))
        if not ready:
            break
        out |= ready  # a round's newcomers are placed from the previous rounds only: order does not matter
        waiting = [n for n in waiting if n not in ready]
    if not waiting:
        return out
    alone = arrange(waiting, [(u, v) for u in waiting for v in near[u]])
    if not out:
        return alone
    shrink = math.sqrt(len(waiting) / len(order))
    right = max(x for x, _ in out.values()) + 2 * NEWCOMER_OFFSET
    left = min(x for x, _ in alone.values()) * shrink
    return out | {n: (round(right + x * shrink - left, 1), round(y * shrink, 1)) for n, (x, y) in alone.items()}
