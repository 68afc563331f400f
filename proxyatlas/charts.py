"""Altair charts for the dashboard: pure functions, DataFrame in, chart out.

Every chart embeds its data inline (no URLs, so the dashboard works offline) and
takes its colours and legend labels from :mod:`proxyatlas.palette`.

Text from the CSVs is untrusted: it is cleaned (control characters dropped,
long strings cut to ``TEXT_LIMIT``) and only ever carried as data values, read
by tooltips and axis labels, never placed in titles, expressions or other spec
fields.

Large inputs: the event marks of a chart (timeline, actor strip, map) come from
at most ``MAX_EVENTS`` events, the most recent by ``date_lo``, and the chart's
subtitle says so; monthly counts are aggregated in pandas first, so they cover
every event at the cost of one row per month and type. Chart data are DataFrames,
which altair serialises once into the spec's top-level ``datasets`` (Streamlit
sends them as Arrow). ``MAX_EVENTS`` is also altair's default row limit for a
plain ``chart.to_dict()``; Streamlit and :func:`to_svg`/:func:`to_png` have none.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from pathlib import Path
from typing import NamedTuple

import altair as alt
import pandas as pd
import pycountry
import vl_convert as vlc

from proxyatlas import palette

MAX_EVENTS = 5_000
TEXT_LIMIT = 300
EXPORT_WIDTH = 900
CLAIMS_LANE = "Claims and denials"
UNATTRIBUTED = "Unattributed"
DEFAULT_EXTENT = (25.0, 65.0, 10.0, 42.0)  # lon_min, lon_max, lat_min, lat_max: the Middle East
WORLD_PATH = Path(__file__).with_name("assets") / "countries-110m.json"

STANCE_SHAPES = {
    "asserts": "triangle-up",
    "denies": "triangle-down",
    "retracts": "diamond",
    "no_evidence": "square",
    "assesses": "circle",
}

_UNKNOWN_SIZE = 40  # marker area (a ring) for events without a fatality figure
_SIZE_RANGE = [50, 900]
_LANE_HEIGHT = 30
_COUNTRY_FILL, _HIGHLIGHT_FILL = "#e6e6e6", "#bdbdbd"
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_VL_VERSION = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])

_EVENT_TEXT = ["title", "date", "location", "sources", "status", "lane"]
_CLAIM_TEXT = ["event_title", "date", "claimant", "subject", "involvement", "source"]


class Overview(NamedTuple):
    """The whole view when the frames given to `timeline` hold only its latest events and claims
    (as the page fetches them, so its work does not grow with the data): events per month and type
    (month: the first day, type, count; events dated to a day or a month), how many events are
    dated only to a year, how many events there are, and the first and last day of any event or claim."""

    monthly: pd.DataFrame
    n_yearly: int
    n_events: int
    first_day: pd.Timestamp | None
    last_day: pd.Timestamp | None


class EventMap(NamedTuple):
    """What :func:`event_map` returns: the chart and how many events had no usable coordinates."""

    chart: alt.LayerChart
    n_missing: int


# ---------------------------------------------------------------- data preparation


def _clean(value: object, limit: int = TEXT_LIMIT) -> str | None:
    """Untrusted text as a safe data value: control characters dropped, cut to `limit`."""
    if not isinstance(value, str) and pd.isna(value):
        return None
    text = _CONTROL_CHARS.sub("", str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _iso(times: pd.Series) -> pd.Series:
    """Datetimes as local-time ISO strings, the form Vega-Lite parses without a day shift."""
    return times.dt.strftime("%Y-%m-%dT%H:%M:%S")


def _with_extent(df: pd.DataFrame) -> pd.DataFrame:
    """Add start/end (end exclusive: the day after date_hi) and `span` (more than one day)."""
    date_lo = pd.to_datetime(df["date_lo"])
    date_hi = pd.to_datetime(df["date_hi"]).fillna(date_lo)
    return df.assign(
        start=_iso(date_lo),
        end=_iso(date_hi + pd.Timedelta(days=1)),
        span=(date_hi > date_lo).astype(bool),
    )


def _most_recent(df: pd.DataFrame, limit: int) -> pd.DataFrame:
    """At most `limit` rows, the latest by date_lo."""
    return df if len(df) <= limit else df.sort_values("date_lo", ascending=False).head(limit)


def _event_view(events: pd.DataFrame, limit: int, extra: tuple[str, ...] = (),
                total: int | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Event marks' columns (plus `extra`) for at most `limit` events, and a note if some were left out
    (of `total` events, when `events` holds only the latest of them)."""
    df = _most_recent(events, limit)
    total = len(events) if total is None else total
    notes = [f"Showing the {len(df):,} most recent of {total:,} events."] if len(df) < total else []
    types = df["type"].where(df["type"].isin(palette.EVENT_TYPES), "other")
    df = _with_extent(df).assign(
        type=types,
        type_label=types.map(lambda t: palette.label(palette.EVENT_TYPES, t)),
        fatalities=df["fatalities"].astype("Int64"),
        lane=df["lane"].fillna(UNATTRIBUTED),
    )
    df = df.assign(**{col: df[col].map(_clean) for col in _EVENT_TEXT})
    return df[["start", "end", "span", "type", "type_label", "fatalities", *_EVENT_TEXT, *extra]], notes


def _ring_note(points: pd.DataFrame) -> list[str]:
    """The subtitle note explaining rings, if some of the events drawn as points have no fatality figure."""
    return ["Rings: events with no fatality figure."] if points["fatalities"].isna().any() else []


def _claim_view(claims: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The columns claim marks need, for at most `limit` claims (the most recent)."""
    df = _with_extent(_most_recent(claims, limit))
    df = df.assign(
        lane=CLAIMS_LANE,
        stance_label=df["stance"].map(lambda s: palette.label(palette.STANCES, s)),
        **{col: df[col].map(_clean) for col in _CLAIM_TEXT},
    )
    return df[["start", "end", "span", "lane", "stance", "stance_label", *_CLAIM_TEXT]]


def _lane_ranks(lanes: pd.Series) -> dict[str, int]:
    """Lane order: busiest network first, 'Unattributed' after the named ones."""
    counts = lanes.value_counts()
    ordered = sorted(counts.index, key=lambda lane: (lane == UNATTRIBUTED, -counts[lane], lane))
    return {lane: rank for rank, lane in enumerate(ordered)}


def _monthly_table(events: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Events per month and type (month of date_lo), and how many are dated only to a year."""
    yearly = events["date_precision"] == "year"
    dated = events[~yearly]
    types = dated["type"].where(dated["type"].isin(palette.EVENT_TYPES), "other")
    months = pd.to_datetime(dated["date_lo"]).dt.to_period("M").dt.to_timestamp()
    table = pd.DataFrame({"month": months, "type": types}).value_counts().rename("count").reset_index()
    return _month_rows(table), int(yearly.sum())


def _month_rows(table: pd.DataFrame) -> pd.DataFrame:
    """Counts per month (its first day) and type as the monthly bars read them."""
    table = table.sort_values(["month", "type"], ignore_index=True)
    month_start = pd.to_datetime(table["month"])
    return table.assign(
        month=_iso(month_start),
        month_end=_iso(month_start + pd.offsets.MonthBegin(1)),
        type_label=table["type"].map(lambda t: palette.label(palette.EVENT_TYPES, t)),
    )


# ---------------------------------------------------------------- encodings


def _legend_labels(table: dict[str, tuple[str, str]]) -> str:
    """Vega expression that shows the palette's label for a legend value."""
    return f"{json.dumps({key: lbl for key, (_, lbl) in table.items()})}[datum.value] || datum.value"


def _palette_color(
    field: str, table: dict[str, tuple[str, str]], title: str | None, orient: str = "right"
) -> alt.Color:
    """Colour by `field` with the palette's domain and range; no legend when title is None."""
    legend = alt.Legend(title=title, labelExpr=_legend_labels(table), orient=orient) if title else None
    return alt.Color(f"{field}:N", scale=alt.Scale(**palette.altair_scale(table)), legend=legend)


_EVENT_TOOLTIP = [
    alt.Tooltip("date:N", title="Date"),
    alt.Tooltip("title:N", title="Event"),
    alt.Tooltip("type_label:N", title="Type"),
    alt.Tooltip("location:N", title="Location"),
    alt.Tooltip("fatalities:Q", title="Fatalities"),
    alt.Tooltip("sources:N", title="Sources"),
    alt.Tooltip("status:N", title="Attribution"),
]

_CLAIM_TOOLTIP = [
    alt.Tooltip("claimant:N", title="Claimant"),
    alt.Tooltip("stance_label:N", title="Stance"),
    alt.Tooltip("subject:N", title="Subject"),
    alt.Tooltip("involvement:N", title="Involvement"),
    alt.Tooltip("event_title:N", title="Event"),
    alt.Tooltip("date:N", title="Date"),
    alt.Tooltip("source:N", title="Source"),
]


def _fatality_points(
    encoding: dict, where: str = "true", legend_orient: str = "right", size_legend: bool = True
) -> list[alt.Chart]:
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


def _has_figures(event_df: pd.DataFrame) -> bool:
    """Whether any event has a fatality figure (else a size legend would be an empty title)."""
    return bool(event_df["fatalities"].notna().any())


def _event_marks(
    x: alt.X, y: alt.Y | None = None, legend_orient: str = "right", size_legend: bool = True
) -> list[alt.Chart]:
    """Multi-day events as bars over date_lo..date_hi, single-day events as points sized by fatalities."""
    encoding = {
        "x": x,
        "color": _palette_color("type", palette.EVENT_TYPES, "Event type", legend_orient),
        "tooltip": _EVENT_TOOLTIP,
    }
    if y is not None:
        encoding["y"] = y
    spans = (
        alt.Chart()
        .mark_bar(height=8, opacity=0.55, cornerRadius=2, clip=True)
        .encode(**encoding, x2="end:T")
        .transform_filter("datum.span")
    )
    return [spans, *_fatality_points(encoding, "!datum.span", legend_orient, size_legend)]


def _claim_marks(x: alt.X, y: alt.Y) -> list[alt.Chart]:
    """Claims on the time axis in their own lane: a rule for a partial date, a shape for a day."""
    color = _palette_color("stance", palette.STANCES, "Stance")
    offset = alt.YOffset("stance:N", scale=alt.Scale(domain=list(palette.STANCES)))
    spans = (
        alt.Chart()
        .mark_rule(strokeWidth=3, opacity=0.7, clip=True)
        .encode(x=x, x2="end:T", y=y, yOffset=offset, color=color, tooltip=_CLAIM_TOOLTIP)
        .transform_filter("datum.span")
    )
    shape = alt.Shape(
        "stance:N",
        scale=alt.Scale(domain=list(palette.STANCES), range=[STANCE_SHAPES[s] for s in palette.STANCES]),
        legend=alt.Legend(title="Stance", labelExpr=_legend_labels(palette.STANCES)),
    )
    points = (
        alt.Chart()
        .mark_point(filled=True, size=70, opacity=0.9, clip=True)
        .encode(x=x, y=y, yOffset=offset, color=color, shape=shape, tooltip=_CLAIM_TOOLTIP)
        .transform_filter("!datum.span")
    )
    return [spans, points]


def _message(text: str) -> alt.Chart:
    """A line of fixed text in the top-left corner of a view (for empty views)."""
    return (
        alt.Chart(pd.DataFrame({"note": [text]}))
        .mark_text(align="left", baseline="top", fontSize=13, color="#666666")
        .encode(x=alt.value(8), y=alt.value(8), text="note:N")
    )


def _count_axis(totals: pd.Series) -> alt.Axis:
    """An axis for counts up to max(totals) that never shows fractional ticks (such as 0.5 between 0 and 1)."""
    peak = int(totals.max()) if len(totals) else 0
    return alt.Axis(values=list(range(peak + 1)), format="d") if peak < 5 else alt.Axis(tickMinStep=1, format="d")


def _plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def _title(text: str, notes: list[str]) -> alt.TitleParams:
    return alt.TitleParams(text, subtitle=notes, anchor="start") if notes else alt.TitleParams(text, anchor="start")


# ---------------------------------------------------------------- charts


def monthly_counts(events: pd.DataFrame) -> alt.Chart:
    """Bars of events per month (the month of date_lo), stacked by type.

    Counted in pandas, so the spec holds one row per month and type whatever the
    number of events. Events dated only to a year cannot be put in a month: they
    are left out and the subtitle says how many.
    """
    return _monthly_bars(*_monthly_table(events))


def _monthly_bars(table: pd.DataFrame, n_yearly: int) -> alt.Chart:
    """The monthly bars from their table (see _month_rows)."""
    notes = [f"{_plural(n_yearly, 'event')} dated only to a year not counted by month."] if n_yearly else []
    return (
        alt.Chart(table, title=_title("Events per month", notes))
        .mark_bar()
        .encode(
            x=alt.X("month:T", title=None),
            x2="month_end:T",
            y=alt.Y("sum(count):Q", title="Events", axis=_count_axis(table.groupby("month")["count"].sum())),
            color=_palette_color("type", palette.EVENT_TYPES, "Event type"),
            tooltip=[
                alt.Tooltip("month:T", title="Month", format="%B %Y"),
                alt.Tooltip("type_label:N", title="Type"),
                alt.Tooltip("sum(count):Q", title="Events"),
            ],
        )
        .properties(width="container", height=110)
    )


def _time_extent(*frames: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """Whole months covering every date_lo..date_hi in `frames`, or None when there are no dates."""
    lows = pd.concat([pd.to_datetime(f["date_lo"]) for f in frames]).dropna()
    highs = pd.concat([pd.to_datetime(f["date_hi"]).fillna(pd.to_datetime(f["date_lo"])) for f in frames]).dropna()
    if lows.empty:
        return None
    return _whole_months(lows.min(), highs.max())


def _whole_months(first: pd.Timestamp, last: pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp]:
    return first.to_period("M").to_timestamp(), (last.to_period("M") + 1).to_timestamp()


def _datetime(moment: pd.Timestamp) -> alt.DateTime:
    return alt.DateTime(year=moment.year, month=moment.month, date=moment.day)


# Vega-Lite sizes a concatenated view's plot to the container and then adds the axis and
# legends beside it, so "container" overflows the page: the timeline's plots get a fixed width
# that leaves room for lane labels (LANE_LABEL_PX) and legends in Streamlit's wide layout.
TIMELINE_PLOT_PX = 520
LANE_LABEL_PX = 170


def timeline(events: pd.DataFrame, claims: pd.DataFrame, *, max_events: int = MAX_EVENTS,
             overview: Overview | None = None) -> alt.VConcatChart:
    """Events in lanes by network over time, claims in their own lane, monthly counts beneath.

    Dragging across the monthly bars (the interval selection ``brush``) zooms the
    upper view; both views span the same whole months until then. The upper view
    draws at most `max_events` events and as many claims (the most recent); the
    monthly counts cover every event.
    """
    brush = alt.selection_interval(encodings=["x"], name="brush")
    event_df, notes = _event_view(events, max_events, total=overview.n_events if overview else None)
    notes += _ring_note(event_df[~event_df["span"]])
    claim_df = _claim_view(claims, max_events)
    ranks = _lane_ranks(event_df["lane"])
    event_df = event_df.assign(lane_rank=event_df["lane"].map(ranks))
    claim_df = claim_df.assign(lane_rank=len(ranks))

    x = alt.X("start:T", title=None, scale=alt.Scale(domain=brush))
    y = alt.Y("lane:N", title=None, sort=alt.EncodingSortField("lane_rank", op="min"),
              axis=alt.Axis(labelLimit=LANE_LABEL_PX))
    layers = [
        alt.layer(*_event_marks(x, y, size_legend=_has_figures(event_df)), data=event_df),
        alt.layer(*_claim_marks(x, y), data=claim_df),
    ]
    if overview is None:
        bars, extent = monthly_counts(events), _time_extent(events, claims)
    else:
        bars = _monthly_bars(_month_rows(overview.monthly), overview.n_yearly)
        extent = None if overview.first_day is None else _whole_months(overview.first_day, overview.last_day)
    overview = bars.encode(color=_palette_color("type", palette.EVENT_TYPES, None))
    if extent is None:
        layers.append(_message("No events in this view."))
    else:
        # An invisible rule over the whole months makes the upper view start and end where the bars do.
        lo, hi = extent
        span = pd.DataFrame({"start": [lo.isoformat()], "end": [hi.isoformat()]})
        layers.append(alt.Chart(span).mark_rule(opacity=0).encode(x=x, x2="end:T"))
        overview = overview.encode(
            x=alt.X("month:T", title=None, scale=alt.Scale(domainMin=_datetime(lo), domainMax=_datetime(hi)))
        )
    n_lanes = len(ranks) + (not claim_df.empty)
    notes.append("Drag across the monthly bars to zoom; double-click to reset.")
    upper = (
        alt.layer(*layers, title=_title("Events by network", notes))
        .resolve_scale(color="independent", shape="independent")
        .properties(width=TIMELINE_PLOT_PX, height=max(120, _LANE_HEIGHT * n_lanes))
    )
    overview = overview.add_params(brush).properties(width=TIMELINE_PLOT_PX)
    return alt.vconcat(upper, overview, spacing=12)


def actor_timeline(events: pd.DataFrame, *, max_events: int = MAX_EVENTS) -> alt.LayerChart:
    """A compact one-lane strip of an actor's events, with the timeline's encodings (legends below)."""
    event_df, notes = _event_view(events, max_events)
    notes += _ring_note(event_df[~event_df["span"]])
    x = alt.X("start:T", title=None, scale=alt.Scale(padding=10))
    layers = _event_marks(x, legend_orient="bottom", size_legend=_has_figures(event_df))
    if event_df.empty:
        layers.append(_message("No events in this view."))
    return alt.layer(
        *layers,
        data=event_df,
        title=_title("Events", notes),
    ).properties(width="container", height=70)


def counts_bar(df: pd.DataFrame, category: str, count: str, palette_table: dict[str, tuple[str, str]]) -> alt.Chart:
    """Horizontal bars of `count` per `category` (e.g. events by type), in palette colours and labels."""
    data = pd.DataFrame(
        {
            "category": df[category].astype(str),
            "label": df[category].map(lambda key: palette.label(palette_table, str(key))).map(_clean),
            "count": df[count],
        }
    )
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", title=None, sort="-x", axis=alt.Axis(labelLimit=200)),
            x=alt.X("count:Q", title=count.replace("_", " ").capitalize(), axis=_count_axis(data["count"])),
            color=_palette_color("category", palette_table, None),
            tooltip=[
                alt.Tooltip("label:N", title=category.replace("_", " ").capitalize()),
                alt.Tooltip("count:Q", title="Count"),
            ],
        )
        .properties(width="container", height=max(40, 24 * len(data)))
    )


@functools.lru_cache(maxsize=1)
def _world() -> dict:
    """Bundled Natural Earth 1:110m countries (TopoJSON), each tagged with its ISO alpha-3 code.

    Cached and shared: callers must copy before changing anything.
    """
    topology = json.loads(WORLD_PATH.read_text(encoding="utf-8"))
    countries = topology["objects"]["countries"]
    for geometry in countries["geometries"]:
        country = pycountry.countries.get(numeric=geometry["id"]) if "id" in geometry else None
        geometry["properties"]["iso_a3"] = country.alpha_3 if country else None
    topology["objects"] = {"countries": countries}
    return topology


@functools.lru_cache(maxsize=16)
def _world_text(codes: frozenset[str]) -> str:
    """The highlighted world topology as JSON text. Vega parses inline text by the data's format;
    Altair copies and validates a string at no cost, where the nested dict cost it ~100 ms a chart."""
    return json.dumps(_world_highlighting(codes), separators=(",", ":"))


def _world_highlighting(codes: frozenset[str]) -> dict:
    """A copy of the world topology with `properties.highlight` set on the countries in `codes`."""
    topology = _world()
    countries = topology["objects"]["countries"]
    geometries = [
        {**g, "properties": {**g["properties"], "highlight": g["properties"]["iso_a3"] in codes}}
        for g in countries["geometries"]
    ]
    return {**topology, "objects": {"countries": {**countries, "geometries": geometries}}}


def _map_extent(lon: pd.Series, lat: pd.Series) -> tuple[float, float, float, float]:
    """The events' bounding box with a margin (at least 10° across), or the Middle East if empty."""
    if lon.empty:
        return DEFAULT_EXTENT

    def padded(lo: float, hi: float, limit: float) -> tuple[float, float]:
        half = max((hi - lo) / 2 * 1.15 + 2, 5.0)
        mid = (lo + hi) / 2
        return max(mid - half, -limit), min(mid + half, limit)

    return (*padded(lon.min(), lon.max(), 180.0), *padded(lat.min(), lat.max(), 80.0))


def event_map(
    events: pd.DataFrame, highlight_countries: list[str] | None = None, *, max_events: int = MAX_EVENTS,
    others_missing: int = 0, total_placed: int | None = None,
) -> EventMap:
    """Events as circles on a map of the bundled country outlines, fitted to where they are.

    Returns ``EventMap(chart, n_missing)``; unpack it as ``chart, n_missing = event_map(...)``.
    `n_missing` counts the events left off for want of usable coordinates (also said in
    the chart's subtitle). Countries in `highlight_countries` (ISO alpha-3) are shaded darker.
    At most `max_events` events (the most recent) are drawn. When `events` holds only the latest
    events with coordinates (as the page fetches them), `others_missing` counts the events left
    without coordinates and `total_placed` those with them.
    """
    placed = events["lat"].between(-90, 90) & events["lon"].between(-180, 180)
    n_missing = int((~placed).sum()) + others_missing  # others_missing: not in `events`, fetched as a count
    event_df, notes = _event_view(events[placed], max_events, extra=("lat", "lon"), total=total_placed)
    notes += _ring_note(event_df)  # the map draws every event as a point
    if n_missing:
        notes.append(f"{_plural(n_missing, 'event')} without coordinates not shown.")
    lon_min, lon_max, lat_min, lat_max = _map_extent(event_df["lon"], event_df["lat"])
    corners = {"type": "MultiPoint", "coordinates": [[lon_min, lat_min], [lon_max, lat_max]]}
    projection = {"type": "mercator", "fit": {"type": "Feature", "properties": {}, "geometry": corners}}

    world = {
        "values": _world_text(frozenset(highlight_countries or ())),
        "format": {"type": "topojson", "feature": "countries"},
    }
    countries = (
        alt.Chart(world)
        .mark_geoshape(stroke="white", strokeWidth=0.6, clip=True)
        .encode(
            color=alt.condition("datum.properties.highlight", alt.value(_HIGHLIGHT_FILL), alt.value(_COUNTRY_FILL)),
            tooltip=alt.Tooltip("properties.name:N", title="Country"),
        )
        .project(**projection)
    )
    if event_df.empty:
        events_layer = _message("No events with coordinates in this view.")
    else:
        encoding = {
            "longitude": "lon:Q",
            "latitude": "lat:Q",
            "color": _palette_color("type", palette.EVENT_TYPES, "Event type"),
            "tooltip": _EVENT_TOOLTIP,
        }
        points = _fatality_points(encoding, size_legend=_has_figures(event_df))
        events_layer = alt.layer(*points, data=event_df).project(**projection)
    chart = alt.layer(countries, events_layer, title=_title("Where events happened", notes))
    return EventMap(chart.properties(width="container", height=420), n_missing)


# ---------------------------------------------------------------- export


_STASH = threading.local()  # the tables of the spec being built on this thread (see spec)


def _stash_table(data: pd.DataFrame) -> dict:
    """Altair data transformer: the table goes to the spec's datasets as it is, not as JSON rows."""
    name = f"table-{len(_STASH.tables)}"
    _STASH.tables[name] = data
    return {"name": name}


alt.data_transformers.register("proxyatlas_stash", _stash_table)


def spec(chart: alt.TopLevelMixin) -> dict:
    """The chart's Vega-Lite spec: what the dashboard draws (st.vega_lite_chart) and exports.

    Building it is the costly part of a chart (Altair copies and validates the whole chart), so
    pages build it once per view (Page.chart). Tables stay DataFrames in the top-level ``datasets``
    (Streamlit sends them as Arrow; Altair's default would turn each row into a dict and walk it);
    a dataset that is text (the map's TopoJSON) goes back inline into the views that name it.
    """
    _STASH.tables = {}
    try:
        with alt.data_transformers.enable("proxyatlas_stash"):
            out = chart.to_dict()
        tables = _STASH.tables
    finally:
        del _STASH.tables
    texts = {name: v for name, v in out.get("datasets", {}).items() if isinstance(v, str)}

    def inline(node: object) -> object:
        if isinstance(node, dict):
            data = node.get("data")
            if isinstance(data, dict) and data.get("name") in texts:
                node = {**node, "data": {"values": texts[data["name"]],
                                         **{k: v for k, v in data.items() if k != "name"}}}
            return {k: v if k == "datasets" else inline(v) for k, v in node.items()}
        if isinstance(node, list):
            return [inline(v) for v in node]
        return node

    if texts:
        out = inline(out)
    out["datasets"] = {**{n: v for n, v in out.get("datasets", {}).items() if n not in texts}, **tables}
    return out


def _export_spec(chart: alt.TopLevelMixin | dict) -> dict:
    """The chart's spec for a file: tables as JSON rows, and EXPORT_WIDTH wherever the width is 'container'."""

    def fixed(node: object) -> object:
        if isinstance(node, dict):
            return {k: EXPORT_WIDTH if k == "width" and v == "container" else fixed(v) for k, v in node.items()}
        if isinstance(node, list):
            return [fixed(v) for v in node]
        return node

    out = chart if isinstance(chart, dict) else spec(chart)
    datasets = {n: alt.utils.data.to_values(v)["values"] if isinstance(v, pd.DataFrame) else v
                for n, v in out.get("datasets", {}).items()}
    return fixed({**out, "datasets": datasets})


def to_svg(chart: alt.TopLevelMixin | dict) -> str:
    """The chart as an SVG document, rendered offline by vl-convert (no network access allowed)."""
    return vlc.vegalite_to_svg(_export_spec(chart), vl_version=_VL_VERSION, allowed_base_urls=[])


def to_png(chart: alt.TopLevelMixin | dict, scale: float = 2) -> bytes:
    """The chart as PNG bytes at `scale` times its size, rendered offline by vl-convert."""
    return vlc.vegalite_to_png(_export_spec(chart), vl_version=_VL_VERSION, scale=scale, allowed_base_urls=[])
