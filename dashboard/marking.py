"""The marking at the top of every page: the highest marking of any row the page shows, as the
briefing pack shows it (TLP 2.0: the label in its colours on black).

``context.setup`` keeps the page's first slot for it and ``context.footer`` fills that slot, once the
page has said what it shows (``Page.shows_actor``): a named query per kind of view computes the level
from the rows themselves, with the view's filters bound, never from what the page chose to draw.
"""

from __future__ import annotations

from proxyatlas.markings import COLOURS, LEVELS, highest, loaded_level, view_level

# What a page shows: "view", the sidebar's view (what a briefing pack of it holds); "all", every row
# loaded (the pages the filters do not apply to); an actor's profile is added by Page.shows_actor.
SCOPES = ("view", "all")


def of_page(page) -> str:
    """The marking of what `page` shows, never above the deployment's ceiling."""
    snap = page.snap
    loaded = loaded_level(snap)
    levels = [loaded if page.scope == "all" else view_level(snap, page.params)]
    if loaded > 0:  # an actor's rows are some of the rows loaded
        levels += [snap.query("actors/marking", actor_id=a).iloc[0]["marking_level"] for a in page.actors]
    return highest([LEVELS[int(n)] for n in levels] + list(page.markings), snap.max_marking)


def label_html(marking: str) -> str:
    """The label as the HTML pack draws it: bold, in the marking's colour, on a black bar. Only the
    code's own constants go in (a marking is one of LEVELS), never text from the data."""
    colour = COLOURS[highest([marking])]
    return (f'<div class="pa-marking" role="note" aria-label="Marking: {marking}" data-marking="{marking}" '
            f'style="background:#000;padding:0.3rem 0.8rem;border-radius:0.25rem;display:flex;'
            f'justify-content:space-between;align-items:center;font-family:monospace">'
            f'<strong style="color:{colour};font-size:1.15em;letter-spacing:0.05em">{marking}</strong>'
            f'<small style="color:#fff;font-family:sans-serif">Highest marking of the rows on this page</small></div>')
