"""Events per month, stacked by type: alone, and as the timeline's overview."""

from __future__ import annotations

from typing import Mapping

import altair as alt
import pandas as pd

from proxyatlas import palette

from . import frames, marks
from .figure import Figure, Layout

TABLE = "monthly"


def bars(ticks: tuple[int, ...] | None, title: Mapping, legend: bool = True) -> alt.Chart:
    """Bars of the `monthly` table (see frames.month_rows); `ticks` from marks.count_ticks."""
    return (
        alt.Chart(alt.NamedData(TABLE), title=dict(title))
        .mark_bar()
        .encode(
            x=alt.X("month:T", title=None),
            x2="month_end:T",
            y=alt.Y("sum(count):Q", title="Events", axis=marks.count_axis(ticks)),
            color=marks.palette_color("type", palette.EVENT_TYPES, "Event type" if legend else None),
            tooltip=[
                alt.Tooltip("month:T", title="Month", format="%B %Y"),
                alt.Tooltip("type_label:N", title="Type"),
                alt.Tooltip("sum(count):Q", title="Events"),
            ],
        )
        .properties(width="container", height=110)
    )


def bars_title(n_yearly: int) -> dict:
    notes = [f"{frames.plural(n_yearly, 'event')} dated only to a year not counted by month."] if n_yearly else []
    return marks.title("Events per month", notes)


def ticks_of(table: pd.DataFrame) -> tuple[int, ...] | None:
    totals = table.groupby("month")["count"].sum()
    return marks.count_ticks(int(totals.max()) if len(totals) else 0)


def _build(shape, look) -> alt.Chart:
    return bars(shape, look["title"])


LAYOUT = Layout(_build, {"title": {"text": "\x00monthly", "anchor": "start"}})


def monthly_counts(events: pd.DataFrame) -> Figure:
    """Bars of events per month (the month of date_lo), stacked by type.

    Counted in pandas, so the spec holds one row per month and type whatever the
    number of events. Events dated only to a year cannot be put in a month: they
    are left out and the subtitle says how many.
    """
    table, n_yearly = frames.monthly_table(events)
    return Figure(LAYOUT, ticks_of(table), {"title": bars_title(n_yearly)}, {TABLE: table})
