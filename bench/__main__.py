"""`python -m bench [--quick] [--reps N] [--only SECTION ...]`: run the benchmarks, print the
tables and, when every section ran, write bench/results.md.

Sections: load (CSV to database), pages (every page under AppTest beside a bare page),
interact (filter changes at 100k events, ours vs the naive peer), browser (network and
timeline drawn in chromium), memory (server RSS per session), reload (after an edit), network
(bench/network.py: layout times, bytes per view, 5,000 nodes drawn), pack (a briefing pack in PDF and
HTML, and the comparison with a baseline), scale (load, reload, every page's interactions and server
memory at 1M events, and the growth of each figure from 100k). The many-viewers load test is
`make bench-load` (bench/load.py, bench/load_browser.py; figures in bench/load_results.md, which results.md links to).
`python -m bench.publish` times loads from CSV against loads from a publication (its own section there).
Generated datasets are cached under bench/data/ (git-ignored) and made on first use.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time

import streamlit.logger
from streamlit import config

from . import apptests, browser, datasets, loading, network as network_figures, packs
from .report import RESULTS, Results, Scale, render
from .timing import machine

SECTIONS = ("load", "pages", "interact", "browser", "memory", "reload", "network", "pack", "scale")
SESSIONS = 20
LAST_RUN = datasets.DATA_ROOT / "last_run.pickle"  # the last full run's figures (git-ignored), for --render
SCALE_SESSIONS = 5  # sessions for the memory figure at 1M events
SCALE_REPS = 3  # at most this many runs of each 1M figure (a load takes seconds)
# Every page at 1M, the Network page too: its whole network's layout is limited to the 5,000 best-connected
# actors before igraph lays it out, once per data version (in the page's first, unmeasured run).
SCALE_PAGES = apptests.PAGES


def _say(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def run(sections: tuple[str, ...], reps: int) -> Results:
    started = time.monotonic()
    r = Results(machine(), reps)
    large = datasets.large()
    network = {n: datasets.network(n) for n in datasets.NETWORK_SCALES}
    r.datasets = {"bundled": datasets.describe(datasets.BUNDLED), "100k": datasets.describe(large)}
    r.datasets |= {f"network ~{n:,}": datasets.describe(d) for n, d in network.items()}
    if "load" in sections:
        _say("load")
        r.load = {"bundled": loading.load(datasets.BUNDLED, reps), "100k": loading.load(large, reps)}
    if "reload" in sections:
        _say("reload")
        r.reload = loading.reload_after_edit(large, reps)
    if "pages" in sections:
        for label, data in (("bundled", datasets.BUNDLED), ("100k", large)):
            _say(f"pages on {label}")
            r.pages[label] = apptests.pages(data, reps)
    if "interact" in sections:
        for kind, sponsors in (("date", None), ("sponsor", datasets.busiest_sponsors(large, 5))):
            _say(f"interactions: {kind}")
            r.interactions[kind] = apptests.interactions(large, reps, sponsors)
    huge = datasets.huge() if "scale" in sections else None
    if huge:
        r.datasets["1M"] = datasets.describe(huge)
        r.scale = Scale()
        few = min(reps, SCALE_REPS)
        _say("1M: load")
        r.scale.load = loading.load(huge, few)
        _say("1M: reload")
        r.scale.reload = loading.reload_after_edit(huge, few)
        for kind, sponsors in (("date", None), ("sponsor", datasets.busiest_sponsors(huge, 5))):
            _say(f"1M: interactions: {kind}")
            r.scale.interactions[kind] = apptests.interactions(huge, few, sponsors, naive=False, pages=SCALE_PAGES)[0]
    if "browser" in sections or "memory" in sections or huge:
        logs = datasets.LOGS
        with browser.chromium() as chromium:
            if huge:
                _say(f"1M: memory: {SCALE_SESSIONS} sessions")
                r.scale.memory = browser.memory(chromium, huge, "/", SCALE_SESSIONS, logs / "memory-1m.log")
            if "browser" in sections:
                for n, data in network.items():
                    _say(f"browser: network of ~{n} nodes")
                    r.networks[n] = browser.network(chromium, data, reps, logs / f"network-{n}.log")
                _say("browser: timeline at 100k")
                r.timeline = browser.timeline(chromium, large, reps, logs / "timeline.log")
            if "memory" in sections:
                _say(f"memory: {SESSIONS} sessions")
                r.memory = browser.memory(chromium, large, "/", SESSIONS, logs / "memory.log")
    if "network" in sections:
        _say("network: layout, bytes per view, 5,000 nodes in chromium")
        r.network = network_figures.run(reps)
    if "pack" in sections:
        _say("briefing packs")
        r.packs = {"bundled": packs.measure(datasets.BUNDLED, reps), "100k": packs.measure(large, reps)}
    r.seconds = time.monotonic() - started
    return r


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 runs of everything instead of 5")
    parser.add_argument("--reps", type=int, help="runs of everything (default 5; 2 with --quick)")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, help="run only these sections (results.md is not written)")
    parser.add_argument("--render", action="store_true",
                        help="write results.md again from the last full run's figures (the targets' causes as now)")
    args = parser.parse_args(argv)
    if args.render:
        RESULTS.write_text(render(pickle.loads(LAST_RUN.read_bytes())) + "\n", encoding="utf-8")
        _say(f"wrote {RESULTS} from {LAST_RUN}")
        return 0
    reps = args.reps or (2 if args.quick else 5)
    sections = tuple(args.only or SECTIONS)
    # AppTest runs scripts outside a server: its "missing ScriptRunContext" warnings are noise here.
    # The option outlives the config re-read of every AppTest run; set_log_level covers the time before it.
    config.set_option("logger.level", "error")
    streamlit.logger.set_log_level("error")
    results = run(sections, reps)
    text = render(results)
    print(text)
    if set(sections) == set(SECTIONS):
        LAST_RUN.write_bytes(pickle.dumps(results))
        RESULTS.write_text(text + "\n", encoding="utf-8")
        _say(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
