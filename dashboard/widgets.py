"""Presentation helpers: tables and charts that can always be taken away."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from proxyatlas import by_content, charts, export, labels, marked
from proxyatlas.markings import highest

from . import context

STATUS_BADGES = {
    "competing claims": ("red", ":material/swords:"),
    "claimed and denied": ("orange", ":material/balance:"),
    "retracted": ("violet", ":material/undo:"),
    "claimed and uncontested": ("green", ":material/check:"),
    "assessed but unclaimed": ("gray", ":material/search:"),
}


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "table"


SHOWN_ROWS = 2000  # a browser table beyond this is slow to send and no one reads it; the CSV has all
# A page whose table is a chart's chronology (Timeline, Map) shows only its latest rows: a reader scrolls a
# few hundred, and labelling and sending them is each new view's cost; the CSV download has every row.
LATEST_ROWS = 500
# The Data page's look at each raw table (the download has every row): five tables of SHOWN_ROWS were
# most of its rerun at 100k events.
FIRST_ROWS = 500


def ceiling() -> str:
    """The deployment's marking ceiling: the label of a download whose rows carry no marking column."""
    return context.store().settings.max_marking


def marking_of(frame: pd.DataFrame) -> str:
    """The highest marking of a table's rows (its `marking` column), else the ceiling they are under."""
    if "marking" in frame.columns:
        return highest(frame["marking"].dropna(), ceiling())
    return ceiling()


# The screen of a table, kept by its rows' content (proxyatlas.by_content): labelling the same rows again
# on every rerun was a tenth of a large Network view's, and a new view often shows the rows the last one
# did (the Timeline's latest 500 when its "From" date moves back).
@by_content.memo(size=32)
def _screen_of(head: pd.DataFrame, hide: tuple[str, ...]) -> pd.DataFrame:
    return labels.screen(head, hide)


def _screen(frame: pd.DataFrame, latest: bool, hide: tuple[str, ...]) -> pd.DataFrame:
    return _screen_of(frame.tail(LATEST_ROWS) if latest else frame.head(SHOWN_ROWS), tuple(hide))


def table(frame: pd.DataFrame, name: str, *, height: int | str = "auto", column_config: dict | None = None,
          key: str | None = None, rows: int | None = None, everything=None, hide: tuple[str, ...] = (),
          raw: bool = False, latest: bool = False, screened: pd.DataFrame | None = None, **kwargs) -> None:
    """A table as a briefing reads it (``labels.screen``: no ids, values and dates in words, columns
    named for people; `hide` leaves more columns off the screen) and a CSV download of all its raw rows,
    ids and ISO dates kept (cells made inert for spreadsheets), its marking in the file's name. `raw`
    shows the rows as they are (the Data page's tables, for analysts). When `frame` holds only some of
    the rows, `rows` says how many there are and `everything()` returns them all. `column_config` is
    keyed by raw column names. `latest`: `frame` is in date order and the screen shows its last LATEST_ROWS
    rows (else its first SHOWN_ROWS). `screened`: the screen of the whole `frame`, when the caller has it."""
    rows = len(frame) if rows is None else rows
    head = frame.tail(LATEST_ROWS) if latest else frame.head(SHOWN_ROWS)
    if screened is not None:
        shown = screened.tail(LATEST_ROWS) if latest else screened.head(SHOWN_ROWS)
    else:
        shown = head if raw else _screen(frame, latest, hide)
    config = None if column_config is None else {
        (k if raw else labels.column(k)): v for k, v in column_config.items()}
    st.dataframe(shown, hide_index=True, width="stretch", height=height, placeholder="",
                 column_config=config, key=key, **kwargs)
    if rows > len(head):
        st.caption(f"Showing {'the latest ' if latest else ''}{len(head):,} of {rows:,} rows; "
                   "the download has them all.")
    st.download_button(
        f"Download {name} (CSV)", data=lambda: export.to_csv(everything() if everything else frame),
        file_name=marked.file_name(_slug(name), marking_of(frame), "csv"),
        mime="text/csv", key=f"dl-{key or _slug(name)}", icon=":material/download:", on_click="ignore",
    )


def shown(frame: pd.DataFrame, hide: tuple[str, ...] = ()) -> None:
    """A small table with no download (a page's own facts: files, schema, baselines), as ``table`` draws it."""
    st.dataframe(_screen_of(frame, tuple(hide)), hide_index=True, width="stretch", placeholder="")


def chart(spec: dict, name: str, *, key: str) -> None:
    """A chart from its Vega-Lite spec (``charts.spec``), with SVG and PNG downloads rendered
    on demand, offline, each with the marking in its name and its label in the image's corner."""
    # A concatenated chart has fixed plot widths (Vega-Lite cannot fit it to a container).
    concat = any(k in spec for k in ("vconcat", "hconcat", "concat"))
    st.vega_lite_chart(spec, width="content" if concat else "stretch", key=key)
    c1, c2, _ = st.columns([1, 1, 4])
    marking = ceiling()

    def svg() -> str:
        return marked.stamp_svg(charts.to_svg(spec), marking)

    c1.download_button("Save as SVG", data=svg, file_name=marked.file_name(_slug(name), marking, "svg"),
                       mime="image/svg+xml", key=f"svg-{key}", on_click="ignore")
    c2.download_button("Save as PNG", data=lambda: marked.svg_to_png(svg()),
                       file_name=marked.file_name(_slug(name), marking, "png"),
                       mime="image/png", key=f"png-{key}", on_click="ignore")


def badge(status: str | None) -> None:
    """The attribution status of an event, as a coloured badge."""
    if not status:  # nobody made claims about the event
        return
    colour, icon = STATUS_BADGES.get(status, ("gray", None))
    st.badge(status, color=colour, icon=icon)


def legend(table_: dict[str, tuple[str, str]], title: str) -> None:
    """The palette as a legend, the same on every page (labels come from code, not CSVs)."""
    st.caption(title)
    cols = st.columns(min(len(table_), 5))
    for i, (colour, label) in enumerate(table_.values()):
        cols[i % len(cols)].html(
            f'<span style="display:inline-block;width:0.8em;height:0.8em;border-radius:50%;'
            f'background:{colour};margin-right:0.4em"></span>{_html_escape(label)}'
        )


def _html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
