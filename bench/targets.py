"""The targets of issue "Benchmarks at 100× the bundled data", judged on a run's figures.

A missed target names its cause where profiling found one (``CAUSES``, by subject); the
proposed fixes and their before/after figures are in the engineer's report.
"""

from __future__ import annotations

from dataclasses import dataclass

INTERACTION_RATIO = 0.1  # ours / naive: at least 10x faster
RELOAD_MS = 1000
BUNDLED_PAGE_MS = 150
NETWORK_2000_MS = 5000
NETWORK_GROWTH = 5.0  # 2,000-node time / 200-node time
SESSION_MB = 30

# What profiling (py-spy on AppTest reruns, DuckDB timings of each statement) found behind each miss.
CAUSES = {
    "interaction:app.py": "its four queries start from scoped_events/scoped_relationships: with no sponsor the "
                          "sponsor/kind sub-query is still computed (~18 ms a use); with one, the recursive "
                          "downstream() joins on an OR condition (nested loop, ~150 ms a use, several uses a query)",
    "interaction:pages/1_Network.py": "a filter change that alters the visible graph lays all of it out again "
                                      "(Fruchterman-Reingold, ~2 s for 2,000 nodes; caches only serve repeats) and "
                                      "rebuilds the 3.5 MB pyvis page (~0.35 s); with a sponsor, downstream() as above",
    "interaction:pages/2_Timeline.py": "every filter change fetches all ~100k events and 20k claims into pandas "
                                       "(~0.3 s) and prepares the chart from all of them before keeping 5,000; Altair "
                                       "then builds and validates the chart (~0.2 s at any size) and, with its default "
                                       "data transformer, turns every drawn row into a dict and walks it",
    "interaction:pages/3_Attribution.py": "attribution/ranking starts from scoped_events (see the Briefing)",
    "interaction:pages/4_Actors.py": "actors/list starts from scoped_actors: downstream()'s nested-loop recursion",
    "interaction:pages/5_Map.py": "as the Timeline: all ~100k events fetched and prepared on every filter change, and "
                                  "the 110 kB world TopoJSON, a nested dict in the chart, deep-copied by Altair",
    "interaction:pages/7_Data.py": "alone it reruns in ~70 ms, but the snapshot's 256 MB memo holds only a dozen "
                                   "100k-row results (timeline/events for Timeline and Map, the raw events table): "
                                   "the other pages' runs evict its events table, fetched again each time",
    "bundled:pages/2_Timeline.py": "Altair itself: alt.layer/vconcat/properties deep-copy the chart and to_dict() "
                                   "validates the whole spec against the Vega-Lite JSON schema on every rerun",
    "bundled:pages/5_Map.py": "the Natural Earth TopoJSON sits in the chart as a nested dict, which Altair deep-copies "
                              "on each alt.layer/.properties/to_dict and validates on every rerun",
    "reload": "a one-cell edit reloads everything from scratch: reading the five files (~0.2-0.4 s), the checks over "
              "~1.9M long-form cells (~0.8 s), the whole model (~0.7 s; source_labels' ordered string_agg and "
              "event_facts ~0.2 s each) and ~0.3 s more in Store.state; nothing is reused from the last good load",
}


@dataclass(frozen=True)
class Verdict:
    target: str
    figure: str
    met: bool
    cause: str = ""


def judge(target: str, figure: str, met: bool, subject: str) -> Verdict:
    return Verdict(target, figure, met, "" if met else CAUSES.get(subject, "not profiled"))
