"""Encodings and marks the charts share: palette colours and legends, tooltips, event and claim marks.

Only names of data fields and text from the code go here: data values travel in the tables.
"""

from __future__ import annotations

import json

import altair as alt

from proxyatlas import palette

STANCE_SHAPES = {
    "asserts": "triangle-up",
    "denies": "triangle-down",
    "retracts": "diamond",
    "no_evidence": "square",
    "assesses": "circle",
}

_UNKNOWN_SIZE = 40  # marker area (a ring) for events without a fatality figure
_SIZE_RANGE = [50, 900]


def legend_labels(table: dict[str, tuple[str, str]]) -> str:
    """Vega expression that shows the palette's label for a legend value."""
    return f"{json.dumps({key: lbl for key, (_, lbl) in table.items()})}[datum.value] || datum.value"


def palette_color(field: str, table: dict[str, tuple[str, str]], title: str | None, orient: str = "right") -> alt.Color:
    """Colour by `field` with the palette's domain and range; no legend when title is None."""
    legend = alt.Legend(title=title, labelExpr=legend_labels(table), orient=orient) if title else None
    return alt.Color(f"{field}:N", scale=alt.Scale(**palette.altair_scale(table)), legend=legend)


EVENT_TOOLTIP = [
    alt.Tooltip("date:N", title="Date"),
    alt.Tooltip("title:N", title="Event"),
    alt.Tooltip("type_label:N", title="Type"),
    alt.Tooltip("location:N", title="Location"),
    alt.Tooltip("fatalities:Q", title="Fatalities"),
    alt.Tooltip("sources:N", title="Sources"),
    alt.Tooltip("status:N", title="Attribution"),
]

CLAIM_TOOLTIP = [
    alt.Tooltip("claimant:N", title="Claimant"),
    alt.Tooltip("stance_label:N", title="Stance"),
    alt.Tooltip("subject:N", title="Subject"),
    alt.Tooltip("involvement:N", title="Involvement"),
    alt.Tooltip("event_title:N", title="Event"),
    alt.Tooltip("date:N", title="Date"),
    alt.Tooltip("source:N", title="Source"),
]


def fatality_points(encoding: dict, where: str = "true", legend_orient: str = "right",
                    size_legend: bool = True) -> list[alt.Chart]:
    """Events (those matching the Vega expression `where`) as circles sized by fatalities.

    Events without a figure are drawn as small rings of one fixed size, never as zero:
    two layers, because Vega-Lite would map a missing size to the scale's zero.
    """
    size = alt.Size(
        "fatalities:Q",
        scale=alt.Scale(range=_SIZE_RANGE, zero=True),
        legend=alt.Legend(title="Fatalities", orient=legend_orient, tickMinStep=1) if size_legend else None,
    )
    known = (
        alt.Chart()
        .mark_circle(opacity=0.8, stroke="white", strokeWidth=0.5, clip=True)
        .encode(**encoding, size=size)
        .transform_filter(f"({where}) && isValid(datum.fatalities)")
    )
    unknown = (
        alt.Chart()
        .mark_point(shape="circle", filled=False, size=_UNKNOWN_SIZE, strokeWidth=1.5, opacity=0.9, clip=True)
        .encode(**encoding)
        .transform_filter(f"({where}) && !isValid(datum.fatalities)")
    )
    return [known, unknown]


def event_marks(x: alt.X, y: alt.Y | None = None, legend_orient: str = "right",
                size_legend: bool = True) -> list[alt.Chart]:
    """Multi-day events as bars over date_lo..date_hi, single-day events as points sized by fatalities."""
    encoding = {
        "x": x,
        "color": palette_color("type", palette.EVENT_TYPES, "Event type", legend_orient),
        "tooltip": EVENT_TOOLTIP,
    }
    if y is not None:
        encoding["y"] = y
    spans = (
        alt.Chart()
        .mark_bar(height=8, opacity=0.55, cornerRadius=2, clip=True)
        .encode(**encoding, x2="end:T")
        .transform_filter("datum.span")
    )
    return [spans, *fatality_points(encoding, "!datum.span", legend_orient, size_legend)]


def claim_marks(x: alt.X, y: alt.Y) -> list[alt.Chart]:
    """Claims on the time axis in their own lane: a rule for a partial date, a shape for a day."""
    color = palette_color("stance", palette.STANCES, "Stance")
    offset = alt.YOffset("stance:N", scale=alt.Scale(domain=list(palette.STANCES)))
    spans = (
        alt.Chart()
        .mark_rule(strokeWidth=3, opacity=0.7, clip=True)
        .encode(x=x, x2="end:T", y=y, yOffset=offset, color=color, tooltip=CLAIM_TOOLTIP)
        .transform_filter("datum.span")
    )
    shape = alt.Shape(
        "stance:N",
        scale=alt.Scale(domain=list(palette.STANCES), range=[STANCE_SHAPES[s] for s in palette.STANCES]),
        legend=alt.Legend(title="Stance", labelExpr=legend_labels(palette.STANCES)),
    )
    points = (
        alt.Chart()
        .mark_point(filled=True, size=70, opacity=0.9, clip=True)
        .encode(x=x, y=y, yOffset=offset, color=color, shape=shape, tooltip=CLAIM_TOOLTIP)
        .transform_filter("!datum.span")
    )
    return [spans, points]


def message(table: str = "note") -> alt.Chart:
    """A line of fixed text (the table `table`'s one `note`) in the top-left corner of an empty view."""
    return (
        alt.Chart(alt.NamedData(table))
        .mark_text(align="left", baseline="top", fontSize=13, color="#666666")
        .encode(x=alt.value(8), y=alt.value(8), text="note:N")
    )


def count_ticks(peak: int) -> tuple[int, ...] | None:
    """Axis ticks for counts up to `peak` that never show fractions (0, 1, …), or None for the default."""
    return tuple(range(peak + 1)) if peak < 5 else None


def count_axis(ticks: tuple[int, ...] | None) -> alt.Axis:
    """An axis for counts that never shows fractional ticks (such as 0.5 between 0 and 1)."""
    return alt.Axis(values=list(ticks), format="d") if ticks is not None else alt.Axis(tickMinStep=1, format="d")


def title(text: str, notes: list[str]) -> dict:
    """A chart title with its notes as the subtitle, as the plain dict a look carries."""
    return {"text": text, "subtitle": list(notes), "anchor": "start"} if notes else {"text": text, "anchor": "start"}
