"""Page setup shared by every page: the shared store, the sidebar, the foot line."""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from datetime import date
from typing import Callable, TypeVar

import pandas as pd
import streamlit as st

from proxyatlas import labels, palette, published
from proxyatlas.config import Settings
from proxyatlas.filters import CONFIDENCE, EARLIEST, LATEST, Filters
from proxyatlas.store import Snapshot, State, Store
from proxyatlas.text import md

from . import auth, marking, pages, present

T = TypeVar("T")
# The app's own CSS, on every page (constants, nothing from the data). Streamlit draws captions in its
# text colour at 60% (3.9:1 on white, under WCAG's 4.5:1): at 75% opacity of the text colour they read
# at 5.8:1 and stay lighter than the text, in the light and the dark theme alike.
_CSS = """<style>
[data-testid="stCaptionContainer"] { color: inherit; opacity: 0.75; }
</style>"""
FILTER_KEYS = ("from", "to", "sponsor", "country", "kind", "conf")
WIDGET_KEYS = ("f_from", "f_to", "f_sponsor", "f_country", "f_kind", "f_conf")


def store() -> Store:
    """The store for this deployment's settings, shared by every session of the process."""
    return _store(Settings.from_env())


@st.cache_resource(show_spinner=False)
def _store(settings: Settings) -> Store:
    return Store(settings)


@st.cache_resource(show_spinner=False)
def _freeze_heap() -> bool:
    """Once per process, when the first good data is loaded: what lives now (the modules of Streamlit,
    pandas, Altair and ours, and that data) is moved out of the garbage collector's sight (gc.freeze).
    A full collection of it took ~200 ms on this machine, and one fell into a rerun every few reruns
    (a Network rerun at 1M events: median ~1,090 -> ~930 ms). Objects freed by their reference count
    (nearly all) are still freed; only cycles among what is frozen now are never collected."""
    gc.collect()
    gc.freeze()
    return True


@dataclass(frozen=True)
class Page:
    snap: Snapshot
    state: State
    filters: Filters
    default: Filters
    scope: str = "view"  # what the page shows, for its marking (marking.SCOPES)
    presenting: bool = False
    top: object = field(default=None, compare=False, repr=False)  # the slot the marking is drawn in
    actors: list = field(default_factory=list, compare=False)  # actors whose profile the page shows
    markings: list = field(default_factory=list, compare=False)  # markings of other rows it shows

    @property
    def params(self) -> dict:
        return self.filters.params()

    def query(self, name: str, **extra) -> pd.DataFrame:
        """A named query with the sidebar's filters bound, plus any page parameters."""
        return self.snap.query(name, **self.params, **extra)

    def queries(self, *calls: tuple[str, dict]) -> list[pd.DataFrame]:
        """Several of `query` at once, side by side (Snapshot.queries): (name, page parameters) each."""
        return self.snap.queries(*((name, {**self.params, **extra}) for name, extra in calls))

    def cached(self, name: str, compute: Callable[[], T], **extra) -> T:
        """``compute()`` once per data, filters and page parameters, shared by all sessions
        (chart specs, graph pages: the slow parts of a page)."""
        return self.snap.memo((name, self.params, extra), compute)

    def link_params(self, **extra: str | None) -> dict:
        """Query parameters for a link that keeps this view's filters (and the presenter view, when
        on; ``present=None`` leaves it)."""
        wanted = {**self.filters.to_query(self.default), **({present.PARAM: "1"} if self.presenting else {}), **extra}
        return {k: v for k, v in wanted.items() if v is not None}

    def shows_actor(self, actor_id: str) -> None:
        """The page shows this actor's profile (whatever the filters): its rows count for the marking."""
        self.actors.append(actor_id)

    def shows_markings(self, markings) -> None:
        """The page shows rows beyond its scope whose markings are these (e.g. a baseline's rows)."""
        self.markings.extend(m for m in markings if isinstance(m, str) and m)


def country_name(code: str | None) -> str:
    """A country for a picker or a profile: its name and code ('Lebanon (LBN)'), '—' for none."""
    if not code:
        return "—"
    name = labels.country(code)
    return f"{name} ({code})" if name != code else code


def setup(title: str, shows: str = "view") -> Page:
    """Configure the page, load the data and draw the shared sidebar. Stops the page
    (after showing why) when there is no good data at all. `shows` says what the page shows, for
    the marking at its top: "view" (the sidebar's view) or "all" (the whole data; marking.SCOPES)."""
    presenting = present.presenting()
    # No page_icon: a Material icon as favicon is fetched from Google's font servers; the default is served locally.
    st.set_page_config(page_title=f"{title} · Proxy Atlas", layout="wide",
                       initial_sidebar_state="collapsed" if presenting else "auto")
    auth.require_sign_in()
    st.html(_CSS)
    top = st.empty()  # the marking of what the page shows, drawn by footer() once the page has said it
    st.sidebar.markdown("### Proxy Atlas")
    menu = st.sidebar.container()
    state = store().state()
    if state.good is None:
        st.title("Proxy Atlas")
        where = "publish the data again" if published.is_published(store().data_dir) else "fix the CSV files"
        st.error(f"No valid data could be loaded, so there is nothing to show yet. For the problems below, {where} "
                 "and reload the page.")
        problems_table(state)
        st.stop()
    snap = state.good
    _freeze_heap()
    extent = snap.query("meta/extent").iloc[0]
    default = Filters(_day(extent["first_day"]), _day(extent["last_day"]))
    filters = _sidebar(snap, default)
    page = Page(snap, state, filters, default, shows, presenting, top)
    _menu(menu, page)
    _search(page)
    if state.stale:
        what = ("The published folder was replaced by one this server refuses, with"
                if published.is_published(store().data_dir) else "The data files were edited and now have")
        st.warning(
            f"{what} {len(state.problems)} problem(s), so this page shows "
            f"the last good data (loaded {snap.loaded_at:%Y-%m-%d %H:%M:%S} UTC). "
            "The problems are listed at the foot of the page and on the Data page.",
            icon=":material/warning:",
        )
    if presenting:
        present.style()
        present.filters_line(page)
    st.title(title)
    return page


def _menu(container, page: Page) -> None:
    """The page menu. Its links carry the filters, so moving between pages keeps the view."""
    with container:
        for target, label, icon in pages.MENU:
            st.page_link(target, label=label, icon=icon, query_params=page.link_params())
    st.sidebar.divider()


def _day(value) -> date:
    return pd.Timestamp(value).date()


def _url_filters(snap: Snapshot, default: Filters) -> Filters | None:
    """The filters in the URL, or None when the URL carries none."""
    qp = st.query_params
    if not any(k in qp for k in FILTER_KEYS):
        return None
    known = snap.memo(("sponsor ids",), lambda: frozenset(snap.query("meta/sponsors")["actor_id"].tolist()))
    return Filters.from_query({k: qp.get_all(k) for k in FILTER_KEYS}, default, known)


def _sidebar(snap: Snapshot, default: Filters) -> Filters:
    """Filters from the URL (a shared link), else from this session, else the default view.
    Widgets are seeded from them; what the viewer picks goes back into the URL."""
    # A widget's identity includes its page: re-assigning the keys carries this session's
    # values to the same widgets on the page just opened (Streamlit's documented workaround).
    for key in WIDGET_KEYS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]
    from_url = _url_filters(snap, default)
    current: Filters = from_url or st.session_state.get("pa_filters") or default
    if from_url is not None and from_url != st.session_state.get("pa_filters"):
        _seed_widgets(current)
    elif "f_from" not in st.session_state:
        _seed_widgets(current)

    # The pickers' choices, once per data version (read cell by cell, they were a few ms of every rerun).
    sponsor_names = snap.memo(("sponsor names",), lambda: dict(zip(*(snap.query("meta/sponsors")[c].tolist()
                                                                      for c in ("actor_id", "name")))))
    countries = snap.memo(("country choices",), lambda: snap.query("meta/countries")["country"].tolist())
    sb = st.sidebar
    sb.header("Filters")
    lo = sb.date_input("From", key="f_from", min_value=EARLIEST, max_value=LATEST)
    hi = sb.date_input("To", key="f_to", min_value=EARLIEST, max_value=LATEST)
    sponsor = sb.selectbox(
        "Sponsor network", [None, *sponsor_names], key="f_sponsor",
        format_func=lambda a: "All actors" if a is None else sponsor_names.get(a, a), placeholder="All actors",
        help="Only the network downstream of this state or agency: what it sponsors, funds, arms, "
             "trains or directs, and their members, all the way down.",
    )
    chosen_countries = sb.multiselect("Countries", sorted(set(countries) | set(st.session_state.get("f_country", []))),
                                      key="f_country", format_func=country_name)
    kinds = sb.multiselect("Actor kinds", list(palette.ACTOR_KINDS), key="f_kind",
                           format_func=lambda k: palette.label(palette.ACTOR_KINDS, k))
    conf = sb.select_slider("Minimum confidence of ties", CONFIDENCE, key="f_conf")
    # A callback: it runs before the next run draws the widgets, the only time their values may be set.
    sb.button("Reset filters", key="f_reset", on_click=_reset, args=(default,))

    if lo and hi and hi < lo:
        lo, hi = hi, lo
    filters = Filters(lo or default.date_from, hi or default.date_to, sponsor,
                      tuple(sorted(chosen_countries)), tuple(sorted(kinds)), conf)
    st.session_state["pa_filters"] = filters
    _write_url(filters.to_query(default))
    return filters


def _reset(default: Filters) -> None:
    _seed_widgets(default)
    st.session_state["pa_filters"] = default
    st.query_params.clear()


def _seed_widgets(f: Filters) -> None:
    st.session_state.update({
        "f_from": f.date_from, "f_to": f.date_to, "f_sponsor": f.sponsor,
        "f_country": list(f.countries), "f_kind": list(f.kinds), "f_conf": f.min_confidence,
    })


def _write_url(wanted: dict) -> None:
    """Put the filters in the URL, keeping the page's own parameters (event=, actor=, …)."""
    qp = st.query_params
    for key in FILTER_KEYS:
        if key not in wanted and key in qp:
            del qp[key]
    for key, value in wanted.items():
        current = qp.get_all(key)
        if current != (value if isinstance(value, list) else [value]):
            qp[key] = value


SEARCH_LINKS = {  # kind of hit -> the page that shows it, its query parameter, its icon
    "actor": (pages.ACTORS, "actor", ":material/person:"),
    "event": (pages.ATTRIBUTION, "event", ":material/event:"),
    "claim": (pages.ATTRIBUTION, "event", ":material/format_quote:"),
    "source": (pages.SOURCES, "source", ":material/menu_book:"),
}


def _search_label(hit) -> str:
    """A hit as its link reads (Markdown-escaped: every part comes from the data)."""
    if hit.kind == "actor":
        alias = f" (as {md(hit.matched_alias, 40)})" if isinstance(hit.matched_alias, str) else ""
        return f"{md(hit.label, 60)}{alias}"
    if hit.kind == "event":
        return f"{md(hit.label, 60)} · {md(labels.briefing_date(hit.detail))}"
    if hit.kind == "claim":
        return f"“{md(hit.matched_alias, 60)}”, {md(hit.detail, 40)} · {md(hit.label, 50)}"
    return f"{md(hit.label, 60)} · {md(labels.dates_in_text(hit.detail), 60)}"


def _search(page: Page) -> None:
    """Find actors (name, alias), events (title), claims (quote, note) and sources (title, publisher),
    in the sidebar; each hit links to the page that shows it."""
    q = st.sidebar.text_input("Search actors, events, claims, sources", key="f_search",
                              placeholder="e.g. Hizballah, Kataib, حزب الله",
                              help="Actors by name or alias, events by title, claims by quote or note, "
                                   "sources by title or publisher.")
    if not q.strip():
        return
    hits = page.snap.query("meta/search", q=q)
    if hits.empty:
        st.sidebar.caption("No actor, event, claim or source matches.")
        return
    for hit in hits.itertuples():
        target, param, icon = SEARCH_LINKS[hit.kind]
        st.sidebar.page_link(target, label=_search_label(hit), query_params=page.link_params(**{param: hit.id}),
                             icon=icon)


def problems_table(state: State) -> None:
    # "diagnosis": the probable cause of spreadsheet damage, in the words the CLI prints after the problem.
    frame = pd.DataFrame([p.as_dict() for p in state.problems],
                         columns=["file", "line", "column", "value", "expected", "problem", "diagnosis"])
    # A missing file's problem names the folder it was looked for in: here as the pages name it, not its path.
    folder, named = str(store().settings.data_dir), store().settings.data_shown_as
    shown = frame.map(lambda v: v.replace(folder, named) if isinstance(v, str) else v)
    st.dataframe(labels.screen(shown), hide_index=True, width="stretch", placeholder="")


def footer(page: Page) -> None:
    """The data line at the foot of every page, and the marking at its top."""
    snap, state = page.snap, page.state
    page.top.html(marking.label_html(marking.of_page(page)))
    extent = snap.query("meta/extent").iloc[0]
    hidden = int(snap.query("meta/counts")["hidden"].sum())
    st.divider()
    st.caption(
        f"Data as of {_day(extent['latest_fact']):%d %B %Y} (latest fact) · loaded "
        f"{snap.loaded_at:%Y-%m-%d %H:%M:%S} UTC in {snap.load_seconds:.2f} s · data version {snap.version} · marking ceiling "
        f"{snap.max_marking}: {hidden} row(s) above it hidden · every fact cites its sources; "
        "claims are attributed to who made them, never the tool's own judgment."
    )
    if state.stale:
        what = ("The latest publication was refused" if published.is_published(store().data_dir)
                else "The latest edit of the data failed validation")
        with st.expander(f":material/warning: {what} ({len(state.problems)} problem(s)); "
                         "showing the last good data", expanded=False):
            problems_table(state)
