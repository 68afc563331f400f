"""The tables charts draw, from the data layer's frames: whole columns at a time, no per-row Python.

Text from the CSVs is untrusted: it is cleaned (control characters dropped, long strings cut
to ``TEXT_LIMIT``) and only ever carried as data values, read by tooltips and axis labels.
The marks' tables are kept by their rows' content (``by_content``): a new view that draws the same
latest events as the last one does not write them out again.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from proxyatlas import by_content, labels as words, palette

MAX_EVENTS = 5_000
# What a page's timeline or map draws of a view: its latest 2,000 events (and claims). A 520-pixel plot
# cannot tell 5,000 marks apart, and each mark is a row fetched, labelled and sent on every new view;
# the chart's subtitle and the page's caption say how many of the view's it shows, the downloads hold all.
SCREEN_EVENTS = 2_000
TEXT_LIMIT = 300
CLAIMS_LANE = "Claims and denials"
UNATTRIBUTED = "Unattributed"

_CONTROL_CHARS = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"  # an RE2 pattern (Arrow's)
EVENT_TEXT = ["title", "date", "location", "sources", "status", "lane"]
CLAIM_TEXT = ["event_title", "date", "claimant", "subject", "involvement", "source"]


def clean(values: pd.Series, limit: int = TEXT_LIMIT) -> pd.Series:
    """Untrusted text as safe data values: control characters dropped, cut to `limit` characters;
    missing stays missing. Arrow's string kernels do it a column at a time (no per-cell Python),
    and the result stays an Arrow column (Streamlit sends it on as it is)."""
    text = pa.array(values.astype("str"), type=pa.string(), from_pandas=True)
    text = pc.replace_substring_regex(text, _CONTROL_CHARS, "")
    cut = pc.binary_join_element_wise(pc.utf8_slice_codeunits(text, 0, limit - 1), "…", "")
    text = pc.if_else(pc.greater(pc.utf8_length(text), limit), cut, text)
    return pd.Series(pd.arrays.ArrowStringArray(text), index=values.index)


def labels(keys: pd.Series, table: dict[str, tuple[str, str]]) -> pd.Series:
    """The palette's label for each key (the key itself when the palette does not know it)."""
    return keys.map({key: lbl for key, (_, lbl) in table.items()}).fillna(keys)


def iso(times: pd.Series) -> pd.Series:
    """Datetimes as local-time ISO strings, the form Vega-Lite parses without a day shift."""
    days = times.to_numpy(dtype="datetime64[s]")
    text = np.datetime_as_string(days, unit="s")
    return pd.Series(text, index=times.index, dtype=object).where(times.notna().to_numpy(), None)


def for_readers(df: pd.DataFrame, date: str, sources: str) -> dict[str, pd.Series]:
    """Tooltip text as the tables write it (proxyatlas.labels): the date as a briefing writes it
    ('7 Oct 2023', 'Oct 2024'), and in the source labels. The marks are placed by start/end, not by these."""
    return {date: words.dates(df[date]), sources: words.source_labels(df[sources])}


def with_extent(df: pd.DataFrame) -> pd.DataFrame:
    """Add start/end (end exclusive: the day after date_hi) and `span` (more than one day)."""
    date_lo = pd.to_datetime(df["date_lo"])
    date_hi = pd.to_datetime(df["date_hi"]).fillna(date_lo)
    return df.assign(start=iso(date_lo), end=iso(date_hi + pd.Timedelta(days=1)),
                     span=(date_hi > date_lo).astype(bool))


def most_recent(df: pd.DataFrame, limit: int) -> pd.DataFrame:
    """At most `limit` rows, the latest by date_lo."""
    return df if len(df) <= limit else df.sort_values("date_lo", ascending=False).head(limit)


def plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def event_view(events: pd.DataFrame, limit: int, extra: tuple[str, ...] = (),
               total: int | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Event marks' columns (plus `extra`) for at most `limit` events, and a note if some were left out
    (of `total` events, when `events` holds only the latest of them)."""
    df = _event_marks(most_recent(events, limit), tuple(extra))
    total = len(events) if total is None else total
    notes = [f"Showing the {len(df):,} most recent of {total:,} events."] if len(df) < total else []
    return df, notes


@by_content.memo()
def _event_marks(df: pd.DataFrame, extra: tuple[str, ...]) -> pd.DataFrame:
    types = df["type"].where(df["type"].isin(palette.EVENT_TYPES), "other")
    df = with_extent(df).assign(
        type=types.astype(object),
        type_label=labels(types, palette.EVENT_TYPES).astype(object),
        fatalities=df["fatalities"].astype("Int64"),
        lane=df["lane"].fillna(UNATTRIBUTED),
    )
    df = df.assign(**{col: clean(df[col]) for col in EVENT_TEXT})
    df = df.assign(**for_readers(df, "date", "sources"))
    return df[["start", "end", "span", "type", "type_label", "fatalities", *EVENT_TEXT, *extra]]


def ring_note(points: pd.DataFrame) -> list[str]:
    """The subtitle note explaining hollow shapes, if some of the events drawn as points have no fatality figure."""
    return ["Hollow shapes: events with no fatality figure."] if points["fatalities"].isna().any() else []


def has_figures(event_df: pd.DataFrame) -> bool:
    """Whether any event has a fatality figure (else a size legend would be an empty title)."""
    return bool(event_df["fatalities"].notna().any())


def claim_view(claims: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The columns claim marks need, for at most `limit` claims (the most recent)."""
    return _claim_marks(most_recent(claims, limit))


@by_content.memo()
def _claim_marks(df: pd.DataFrame) -> pd.DataFrame:
    df = with_extent(df)
    df = df.assign(
        lane=CLAIMS_LANE,
        stance_label=labels(df["stance"], palette.STANCES).astype(object),
        **{col: clean(df[col]) for col in CLAIM_TEXT},
    )
    df = df.assign(**for_readers(df, "date", "source"))
    return df[["start", "end", "span", "lane", "stance", "stance_label", *CLAIM_TEXT]]


def lane_ranks(lanes: pd.Series) -> dict[str, int]:
    """Lane order: busiest network first, 'Unattributed' after the named ones."""
    counts = lanes.value_counts().to_dict()
    ordered = sorted(counts, key=lambda lane: (lane == UNATTRIBUTED, -counts[lane], lane))
    return {lane: rank for rank, lane in enumerate(ordered)}


def monthly_table(events: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Events per month and type (month of date_lo), and how many are dated only to a year."""
    yearly = events["date_precision"] == "year"
    dated = events[~yearly]
    types = dated["type"].where(dated["type"].isin(palette.EVENT_TYPES), "other")
    months = pd.to_datetime(dated["date_lo"]).dt.to_period("M").dt.to_timestamp()
    table = pd.DataFrame({"month": months, "type": types}).value_counts().rename("count").reset_index()
    return month_rows(table), int(yearly.sum())


def month_rows(table: pd.DataFrame) -> pd.DataFrame:
    """Counts per month (its first day) and type as the monthly bars read them."""
    table = table.sort_values(["month", "type"], ignore_index=True)
    month_start = pd.to_datetime(table["month"])
    return table.assign(
        month=iso(month_start),
        month_end=iso(month_start + pd.offsets.MonthBegin(1)),
        type_label=labels(table["type"], palette.EVENT_TYPES).astype(object),
    )


def time_extent(*frames: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """Whole months covering every date_lo..date_hi in `frames`, or None when there are no dates."""
    lows = pd.concat([pd.to_datetime(f["date_lo"]) for f in frames]).dropna()
    highs = pd.concat([pd.to_datetime(f["date_hi"]).fillna(pd.to_datetime(f["date_lo"])) for f in frames]).dropna()
    if lows.empty:
        return None
    return whole_months(lows.min(), highs.max())


def whole_months(first: pd.Timestamp, last: pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp]:
    return first.to_period("M").to_timestamp(), (last.to_period("M") + 1).to_timestamp()
