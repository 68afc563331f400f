"""The presenter view (``?present=1``): for a briefing on a projector.

The sidebar starts collapsed and the filters are one line of text at the top, the type is larger,
the marking of the view stands at the top as on every page, and the Briefing page shows one section
per screen (``&slide=N``), moved through with the arrow keys (a small Components v2 component that
listens for them, slide_keys.js) or the links beneath it. Links between pages keep ``present=1``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence, Union

import streamlit as st

from proxyatlas.filters import described

from . import pages

PARAM, SLIDE = "present", "slide"
# Larger type for a room: the app's own CSS constants, nothing from the data.
_CSS = """<style>
.stMain { font-size: 1.35rem; }
.stMain h1 { font-size: 3.6rem; } .stMain h2, .stMain h3 { font-size: 2.3rem; }
.stMain [data-testid="stMetricValue"] { font-size: 3.4rem; }
.stMain [data-testid="stMetricLabel"] p, .stMain [data-testid="stCaptionContainer"],
.stMain [data-testid="stMarkdownContainer"] p { font-size: 1.35rem; }
.stMain [data-testid="stDataFrame"] { --gdg-font-size: 18px; }
</style>"""

_keys = st.components.v2.component(
    "proxy_atlas_slide_keys", html='<span class="pa-slide-keys"></span>',
    js=(Path(__file__).with_name("slide_keys.js")).read_text(encoding="utf-8"),
)

Draw = Callable[[], None]
Section = tuple[str, Draw]
# A row of the desk layout: one section across the page, or several side by side.
Row = Union[Section, Sequence[Section]]


def presenting() -> bool:
    return st.query_params.get(PARAM) == "1"


def style() -> None:
    st.html(_CSS)


def filters_line(page) -> None:
    """The view's filters as one line of text (the briefing pack's table of them, in a row)."""
    sponsors = page.snap.query("meta/sponsors")
    names = dict(zip(sponsors["actor_id"], sponsors["name"]))
    line = " · ".join(f"{label}: {value}" for label, value in
                      described(page.filters, names.get(page.filters.sponsor)))
    st.text(line, help="The sidebar's filters; open the sidebar (top left) to change them.")


def _flat(rows: Sequence[Row]) -> list[Section]:
    return [s for row in rows for s in (row if isinstance(row[0], tuple) else [row])]


def _slide(count: int) -> int:
    try:
        wanted = int(st.query_params.get(SLIDE, "1"))
    except ValueError:
        wanted = 1
    return min(max(wanted, 1), count)


def _set_slide(key: str) -> None:
    result = st.session_state.get(key)
    if result is not None and result.get("slide"):
        st.query_params[SLIDE] = str(int(result["slide"]))


def sections(page, rows: Sequence[Row]) -> None:
    """Draw a page's sections: at a desk, row by row (a row of several side by side); presenting,
    the one of ``&slide=N``, with links to the previous and next and the arrow keys bound to them."""
    if not presenting():
        for row in rows:
            if isinstance(row[0], tuple):
                for col, (_, draw) in zip(st.columns(len(row)), row):
                    with col:
                        draw()
            else:
                row[1]()
        return
    flat = _flat(rows)
    at = _slide(len(flat))
    title, draw = flat[at - 1]
    st.caption(f"Slide {at} of {len(flat)}: {title}. Arrow keys or the links below move between slides.")
    draw()
    st.divider()
    back, here, ahead = st.columns(3)
    if at > 1:
        back.page_link(pages.BRIEFING, label=f"Previous: {flat[at - 2][0]}", icon=":material/arrow_back:",
                       query_params=page.link_params(slide=str(at - 1)))
    here.page_link(pages.BRIEFING, label="Leave the presenter view", icon=":material/close_fullscreen:",
                   query_params=page.link_params(present=None))
    if at < len(flat):
        ahead.page_link(pages.BRIEFING, label=f"Next: {flat[at][0]}", icon=":material/arrow_forward:",
                        query_params=page.link_params(slide=str(at + 1)))
    _keys(key="pa_slide_keys", data={"slide": at, "count": len(flat)},
          on_slide_change=lambda: _set_slide("pa_slide_keys"))
