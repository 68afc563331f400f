"""A run's figures as Markdown tables, with the targets judged: printed, and saved as bench/results.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import network, targets
from .apptests import PAGES, PageTimes
from .browser import Drawn, Memory
from .packs import PackTimes, section as pack_section
from .targets import Verdict, judge
from .timing import Sample

RESULTS = Path(__file__).with_name("results.md")
INTERACTIONS = {
    "date": 'move the "From" date by a day',
    "sponsor": 'move the "From" date and choose a sponsor network (one of the 5 busiest sponsors, the same on '
               "every page and the peer in a round)",
}


@dataclass
class Scale:
    """The figures at 1M events (the `scale` section)."""

    load: Sample | None = None
    reload: Sample | None = None
    interactions: dict[str, dict[str, Sample]] = field(default_factory=dict)  # kind: page: rerun
    memory: Memory | None = None


@dataclass
class Results:
    """Everything one `python -m bench` run measured (a section is empty when not run)."""

    machine: dict[str, str]
    reps: int
    datasets: dict[str, str] = field(default_factory=dict)  # label: what it holds
    load: dict[str, Sample] = field(default_factory=dict)  # dataset label: load + validate
    pages: dict[str, list[PageTimes]] = field(default_factory=dict)  # dataset label: per page
    interactions: dict[str, tuple[dict[str, Sample], Sample]] = field(default_factory=dict)  # kind: (ours, naive)
    networks: dict[int, Drawn] = field(default_factory=dict)  # about how many nodes: times
    timeline: Drawn | None = None
    memory: Memory | None = None
    reload: Sample | None = None
    network: network.Figures | None = None  # the Network component's own figures (bench/network.py)
    packs: dict[str, PackTimes] = field(default_factory=dict)  # dataset label: a briefing pack's times
    scale: Scale | None = None
    seconds: float = 0.0


def _name(page: str) -> str:
    return "Briefing (app.py)" if page == "app.py" else page.split("_", 1)[1].removesuffix(".py")


def _ms(value: float) -> str:
    return f"{value:,.0f}"


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(head) + " |", "|" + "---|" * len(head), *("| " + " | ".join(r) + " |" for r in rows), ""]


def _page_section(r: Results) -> list[str]:
    labels = list(r.pages)
    head = ["page"] + [f"{label}: {col}" for label in labels for col in ("warm ms", "bare ms", "page/bare", "cold ms")]
    rows = []
    for i, page in enumerate(PAGES):
        row = [_name(page)]
        for label in labels:
            t = r.pages[label][i]
            row += [str(t.warm), f"{t.bare.median:,.1f}", f"{t.ratio:,.0f}×", _ms(t.cold)]
        rows.append(row)
    return [
        f"## Each page's script under AppTest (median of {r.reps} warm reruns)", "",
        "Warm: a rerun of the page after its first run in this process (the store is loaded once per process "
        "and shared; query results cached as on the server). Bare: bench/bare_page.py (one `st.text`), rerun "
        "between the page's reruns. Cold: the page's first run (its queries not yet cached; the store already "
        "loaded, see the load figures).", "",
        *_table(head, rows),
    ]


def _interaction_section(r: Results) -> list[str]:
    out = [f"## Interactions at 100k events: ours vs the naive peer (median of {r.reps} reruns, interleaved)", "",
           "One rerun after a filter change, every page of ours and bench/peer_naive.py (pandas reads the five CSVs "
           "and filters on every rerun; no cache) alike. Every run uses a \"From\" date no run used before, so no "
           "cached query result serves it.", ""]
    for kind, (ours, naive) in r.interactions.items():
        out.append(f"**{kind}**: {INTERACTIONS[kind]}. Naive peer: {naive} ms.")
        out.append("")
        out += _table(["page", "ours ms", "naive ms", "ours / naive"],
                      [[_name(p), str(s), str(naive), f"{s.median / naive.median:.2f}"] for p, s in ours.items()])
    return out


def _browser_section(r: Results) -> list[str]:
    rows = [[f"Network, whole network ({n:,} nodes target)", f"{d.nodes:,}", _ms(d.cold), str(d.warm)]
            for n, d in r.networks.items()]
    if r.timeline:
        rows.append(["Timeline, 100k events", "—", _ms(r.timeline.cold), str(r.timeline.warm)])
    return [
        f"## In chromium against `streamlit run` (warm: median of {r.reps} visits)", "",
        "From navigation to the first animation frame where the page is finished (stApp notRunning, no skeleton) "
        "and drawn (network: the component's vis-network instance and canvas; timeline: "
        "the Vega chart's marks have a size). Each visit is a new session; the store is loaded by a visit to the "
        "Briefing first. Cold: the page's first visit (for the network: the layout not yet cached).", "",
        *_table(["view", "nodes drawn", "cold ms", "warm ms"], rows),
    ]


def _memory_section(m: Memory) -> list[str]:
    return [
        "## Server memory (VmRSS)", "",
        *_table(["page", "no session MB", "1 session MB", f"{m.sessions} sessions MB", "per extra session MB"],
                [[m.path, f"{m.idle_mb:,.0f}", f"{m.one_mb:,.0f}", f"{m.many_mb:,.0f}", f"{m.per_session_mb:,.2f}"]]),
        f"{m.sessions} tabs in one chromium context on the 100k-event data, each a session of its own, all open "
        "when read (after a few seconds' settling).", "",
    ]


def _growth(small: float | None, big: float | None) -> str:
    if not small or big is None:
        return "—"
    ratio = big / small
    return f"{ratio:.1f}×" + (" (faster than linear)" if ratio > 10 else "")


def _scale_section(r: Results) -> list[str]:
    s = r.scale
    rows = []
    if s.load:
        rows.append(["load and validate", str(r.load["100k"]) if "100k" in r.load else "—", str(s.load),
                     _growth(r.load["100k"].median if "100k" in r.load else None, s.load.median)])
    if s.reload:
        rows.append(["reload after a one-cell edit of events.csv", str(r.reload) if r.reload else "—", str(s.reload),
                     _growth(r.reload.median if r.reload else None, s.reload.median)])
    for kind, pages in s.interactions.items():
        ours = r.interactions.get(kind, ({}, None))[0]
        for page, sample in pages.items():
            small = ours.get(page)
            rows.append([f"{_name(page)}: {kind} change", str(small) if small else "—", str(sample),
                         _growth(small.median if small else None, sample.median)])
    if s.memory:
        m = r.memory
        rows.append(["server RSS, one session open (MB)", f"{m.one_mb:,.0f}" if m else "—", f"{s.memory.one_mb:,.0f}",
                     _growth(m.one_mb if m else None, s.memory.one_mb)])
        rows.append(["server RSS, no session (MB)", f"{m.idle_mb:,.0f}" if m else "—", f"{s.memory.idle_mb:,.0f}",
                     _growth(m.idle_mb if m else None, s.memory.idle_mb)])
        rows.append(["per extra session (MB)", f"{m.per_session_mb:,.2f}" if m else "—",
                     f"{s.memory.per_session_mb:,.2f}", "—"])
    return [
        "## At 1M events, and the growth from 100k", "",
        f"The 1M set is the 100k set times ten ({r.datasets.get('1M', '')}). Each 1M figure is the median of "
        f"{len(s.load.runs) if s.load else '?'} runs (a run there takes seconds); interactions as above, ours only "
        "(one run of the naive peer at 1M takes tens of seconds). Growth: time at 1M / time at 100k; data ×10, "
        "so above 10× is faster than linear. Memory at 1M: "
        f"{s.memory.sessions if s.memory else '?'} sessions.", "",
        *_table(["figure", "100k", "1M", "growth"], rows),
    ]


def verdicts(r: Results) -> list[Verdict]:
    out = []
    for kind, (ours, naive) in r.interactions.items():
        for page, s in ours.items():
            ratio = s.median / naive.median
            out.append(judge(f"{_name(page)} ≥ 10× faster than the naive peer ({kind})",
                             f"{s} ms vs {naive} ms ({ratio:.2f})", ratio <= targets.INTERACTION_RATIO,
                             f"interaction:{page}"))
    if r.reload:
        out.append(judge("reload after a one-cell edit at 100k events ≤ 1 s, quiet period included", f"{r.reload} ms",
                         r.reload.median <= targets.RELOAD_MS, "reload"))
    if r.scale and r.scale.load:
        out.append(judge("load at 1M events ≤ 15 s", f"{r.scale.load} ms",
                         r.scale.load.median <= targets.SCALE_LOAD_MS, "scale:load"))
    for kind, pages in (r.scale.interactions.items() if r.scale else ()):
        for page in PAGES:
            sample = pages.get(page)
            if sample is None:
                out.append(judge(f"{_name(page)} at 1M events ≤ 1 s ({kind})", "not measured", False, f"scale:{page}"))
                continue
            out.append(judge(f"{_name(page)} at 1M events ≤ 1 s ({kind})", f"{sample} ms",
                             sample.median <= targets.SCALE_INTERACTION_MS, f"scale:{page}"))
    for t in r.pages.get("bundled", []):
        out.append(judge(f"{_name(t.page)} on the bundled data < 150 ms", f"{t.warm} ms (bare {t.bare.median:.1f} ms)",
                         t.warm.median < targets.BUNDLED_PAGE_MS, f"bundled:{t.page}"))
    if 200 in r.networks and 2000 in r.networks:
        small, big = r.networks[200], r.networks[2000]
        growth = big.warm.median / small.warm.median
        out.append(judge("2,000-node network drawn within 5 s (cold and warm)",
                         f"cold {_ms(big.cold)} ms, warm {big.warm} ms",
                         max(big.cold, big.warm.median) <= targets.NETWORK_2000_MS, "network:2000"))
        out.append(judge("2,000-node network ≤ 5× the 200-node time (warm)", f"{growth:.1f}×",
                         growth <= targets.NETWORK_GROWTH, "network:growth"))
    if r.network:
        out += network.verdicts(r.network)
    if r.memory:
        out.append(judge("per-session memory increment < 30 MB", f"{r.memory.per_session_mb:.2f} MB",
                         r.memory.per_session_mb < targets.SESSION_MB, "memory"))
    return out


def render(r: Results) -> str:
    lines = ["# Proxy Atlas benchmarks", "",
             f"`python -m bench` took {r.seconds / 60:.1f} min; every figure is the median of {r.reps} runs "
             "unless it says cold (one run). Times in milliseconds.", "",
             *_table(["machine", ""], [[k, v] for k, v in r.machine.items()]),
             *_table(["dataset", "rows"], [[k, v] for k, v in r.datasets.items()])]
    if r.load:
        lines += [f"## Load and validate, CSV to a ready database (`loader.load`, median of {r.reps})", "",
                  *_table(["dataset", "ms"], [[k, str(s)] for k, s in r.load.items()])]
    if r.reload:
        lines += ["## Reload after an edit at 100k events", "",
                  f"A one-cell edit of events.csv (a copy), then `Store.state()` until the new snapshot is ready: "
                  f"**{r.reload} ms** (median of {r.reps}; runs {', '.join(_ms(x) for x in r.reload.runs)}).", ""]
    if r.pages:
        lines += _page_section(r)
    if r.interactions:
        lines += _interaction_section(r)
    if r.networks or r.timeline:
        lines += _browser_section(r)
    if r.network:
        lines += [network.render(r.network), ""]
    if r.memory:
        lines += _memory_section(r.memory)
    if r.packs:
        lines += pack_section(r.packs, r.reps)
    if r.scale:
        lines += _scale_section(r)
    lines += ["## Many viewers (load test)", "",
              "`make bench-load` (`python -m bench.load`: protocol-level viewers on one server and on replicas behind "
              "HAProxy, while the data is re-saved; `python -m bench.load_browser`: a few chromium sessions) "
              "is run on its own; its figures are in [load_results.md](load_results.md), a section per command. "
              "`python -m bench` neither runs nor rewrites it.", ""]
    judged = verdicts(r)
    if judged:
        met = sum(v.met for v in judged)
        lines += [f"## Targets: {met} of {len(judged)} met", "",
                  *_table(["target", "figure", "met", "cause of the miss (profiled)"],
                          [[v.target, v.figure, "met" if v.met else "**not met**", v.cause] for v in judged])]
    return "\n".join(lines)
