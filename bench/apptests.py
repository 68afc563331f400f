"""The pages' scripts under Streamlit's AppTest, in this process, as the server would run them.

Every page is opened as the tests open it (``AppTest.from_file(app.py)`` then ``switch_page``)
with $PROXYATLAS_DATA set. The store is one per process (``st.cache_resource``), so it is
loaded once per dataset before any page is timed (its cost is the load figure); a page's
first run is reported as *cold* (its queries not yet cached, the store already loaded) and
the reruns after it as *warm*. The bare one-line page runs between the page's reruns, so
page and bare meet the same noise. An *interaction* changes the sidebar's filters (a new
"From" date, and optionally a sponsor network) and reruns, on our pages and the naive peer alike.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import count
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard import context

from .timing import Sample, timed

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
PAGES = ["app.py", "pages/1_Network.py", "pages/2_Timeline.py", "pages/3_Attribution.py", "pages/4_Actors.py",
         "pages/5_Map.py", "pages/6_Sources.py", "pages/7_Data.py"]
BARE = Path(__file__).with_name("bare_page.py")
NAIVE = Path(__file__).with_name("peer_naive.py")
TIMEOUT_S = 600


@dataclass(frozen=True)
class PageTimes:
    page: str
    cold: float
    warm: Sample
    bare: Sample

    @property
    def ratio(self) -> float:
        return self.warm.median / self.bare.median


def use_data(data: Path) -> None:
    """Point the pages at `data` and load its store (once per process, as on the server)."""
    os.environ["PROXYATLAS_DATA"] = str(data)
    os.environ.pop("PROXYATLAS_MAX_MARKING", None)
    state = context.store().state()  # the same st.cache_resource the pages' runs use
    if state.good is None or state.stale:
        raise RuntimeError(f"{data} did not load: {state.problems[:3]}")


def _open(script: Path, page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(script), default_timeout=TIMEOUT_S)
    if page and page != "app.py":
        at.switch_page(page)
    return at


def _run(at: AppTest) -> float:
    ms = timed(at.run)
    if at.exception:
        raise RuntimeError(f"the page raised: {at.exception[0].message}")
    return ms


def pages(data: Path, reps: int) -> list[PageTimes]:
    """Cold and warm runs of every page on `data`, each beside the bare page."""
    use_data(data)
    bare = _open(BARE)
    _run(bare)
    out = []
    for page in PAGES:
        at = _open(APP, page)
        cold = _run(at)
        warm, floor = [], []
        for _ in range(reps):
            warm.append(_run(at))
            floor.append(_run(bare))
        out.append(PageTimes(page, cold, Sample(tuple(warm)), Sample(tuple(floor))))
    return out


def interactions(data: Path, reps: int, sponsors: list[str] | None = None, naive: bool = True,
                 pages: list[str] = PAGES) -> tuple[dict[str, Sample], Sample | None]:
    """Reruns after a filter change, on each page of ours and on the naive peer, interleaved.

    Every run moves the "From" date to a day no run has used (so no cached query result
    serves it). With `sponsors`, round i also picks sponsors[i] as the sponsor network, the
    same one on every page and the peer, so the round's figures compare like with like.
    Without `naive` the peer is left out (at 1M events one of its runs takes tens of seconds).
    """
    use_data(data)
    days = count(1)
    first = date(2019, 1, 1)
    apps = {page: _open(APP, page) for page in pages} | ({"naive": _open(NAIVE)} if naive else {})
    runs: dict[str, list[float]] = {name: [] for name in apps}
    for at in apps.values():
        _run(at)
    for i in range(reps):
        for name, at in apps.items():
            at.sidebar.date_input(key="f_from").set_value(first + timedelta(days=next(days)))
            if sponsors:
                at.sidebar.selectbox(key="f_sponsor").set_value(sponsors[i % len(sponsors)])
            runs[name].append(_run(at))
    peer = Sample(tuple(runs.pop("naive"))) if naive else None
    return {page: Sample(tuple(r)) for page, r in runs.items()}, peer
