"""The map's geometry as data: the frame it shows, and where events that share a place are drawn.

The frame is a table of one row (``lon_min``, ``lon_max``, ``lat_min``, ``lat_max``) that the map's
projection reads in the browser (event_map), so a new view changes the data, never the spec.
By default it is a robust extent of the events drawn, found on each axis (longitude, then latitude
among the events inside the longitude band): the core is the narrowest band between two quantiles
that holds ``COVERAGE`` of the events (the shortest of the intervals q..q+COVERAGE, so a cluster of
outliers on one side, such as designations in Washington, cannot widen it); the band then takes in
the events that continue it with no gap wider than the core itself (at least ``MIN_GAP``), so the
region's own edges (Yemen, south of the Levant) stay in while an event an ocean away does not; then
a margin, and at least ``MIN_SPAN`` degrees across. Events outside it are counted (``n_outside``).
Longitudes are taken as they are: a frame never wraps across the antimeridian.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import pandas as pd

from proxyatlas import by_content

Extent = tuple[float, float, float, float]  # lon_min, lon_max, lat_min, lat_max

DEFAULT_EXTENT: Extent = (25.0, 65.0, 10.0, 42.0)  # the Middle East, for a view with no events
WORLD: Extent = (-180.0, 180.0, -58.0, 80.0)  # every country but Antarctica
COVERAGE = 0.8
MIN_GAP = 5.0  # degrees: a smaller gap never cuts the band
MARGIN = 0.12  # of the band's width, on each side
MIN_PAD = 1.0  # degrees, on each side
MIN_SPAN = (8.0, 6.0)  # degrees of longitude, latitude
FRAME_COLUMNS = ["lon_min", "lon_max", "lat_min", "lat_max"]

PLACE_DECIMALS = 1  # events whose coordinates round to the same 0.1° (about 10 km) share a place
SPREAD_PX = 7.0  # the spacing of the spiral on which events at one place are drawn
_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
PLACE_LIST = 5  # events named in the tooltip of a place
PLACE_TITLE_LIMIT = 70


class MapFrame(NamedTuple):
    """What the map frames: its extent, and how many of the events given lie outside it."""

    extent: Extent
    n_outside: int
    whole_world: bool = False

    def table(self) -> pd.DataFrame:
        """The frame as the map's `frame` dataset: one row of corners, in degrees."""
        return pd.DataFrame([dict(zip(FRAME_COLUMNS, map(float, self.extent)))], columns=FRAME_COLUMNS)


def narrowest_band(values: np.ndarray, coverage: float = COVERAGE) -> tuple[float, float]:
    """The narrowest interval between two of `values` that holds at least `coverage` of them
    (all of them when there are fewer than 1/(1-coverage)); the first such interval on ties."""
    ordered = np.sort(np.asarray(values, dtype=float))
    k = max(1, math.ceil(coverage * len(ordered) - 1e-9))
    widths = ordered[k - 1:] - ordered[: len(ordered) - k + 1]
    start = int(np.argmin(widths))
    return float(ordered[start]), float(ordered[start + k - 1])


def band(values: np.ndarray, coverage: float = COVERAGE) -> tuple[float, float]:
    """The core band of `values` (narrowest_band), grown over the values that follow on from it
    with no gap wider than the core's width (or MIN_GAP)."""
    ordered = np.sort(np.asarray(values, dtype=float))
    lo, hi = narrowest_band(ordered, coverage)
    gap = max(hi - lo, MIN_GAP)
    breaks = np.flatnonzero(np.diff(ordered) > gap)  # a break after ordered[i]
    below = breaks[ordered[breaks] < lo]
    above = breaks[ordered[breaks] >= hi]
    first = below[-1] + 1 if below.size else 0
    last = above[0] if above.size else len(ordered) - 1
    return float(ordered[first]), float(ordered[last])


def _padded(lo: float, hi: float, min_span: float, limit: float) -> tuple[float, float]:
    pad = max((hi - lo) * MARGIN, MIN_PAD)
    lo, hi = lo - pad, hi + pad
    if hi - lo < min_span:
        mid = (lo + hi) / 2
        lo, hi = mid - min_span / 2, mid + min_span / 2
    return max(lo, -limit), min(hi, limit)


def robust_extent(lon: pd.Series, lat: pd.Series, coverage: float = COVERAGE) -> Extent:
    """The region that holds most of the points (see the module's docstring); the Middle East if none."""
    if len(lon) == 0:
        return DEFAULT_EXTENT
    lon_lo, lon_hi = band(lon.to_numpy(), coverage)
    lat_lo, lat_hi = band(lat[lon.between(lon_lo, lon_hi)].to_numpy(), coverage)
    return (*_padded(lon_lo, lon_hi, MIN_SPAN[0], 180.0), *_padded(lat_lo, lat_hi, MIN_SPAN[1], WORLD[3]))


def outside(lon: pd.Series, lat: pd.Series, extent: Extent) -> int:
    """How many of the points lie outside `extent`."""
    lon_min, lon_max, lat_min, lat_max = extent
    inside = lon.between(lon_min, lon_max) & lat.between(lat_min, lat_max)
    return int((~inside).sum())


def map_frame(events: pd.DataFrame, *, whole_world: bool = False) -> MapFrame:
    """The frame for `events` (their `lon` and `lat`): the whole world, or the region that holds most."""
    extent = WORLD if whole_world else robust_extent(events["lon"], events["lat"])
    return MapFrame(extent, outside(events["lon"], events["lat"], extent), whole_world)


@by_content.memo()
def spread(df: pd.DataFrame) -> pd.DataFrame:
    """Events with where to draw them around their place, and what the tooltip says about it.

    Events at one place (see PLACE_DECIMALS), taken by date, sit on a sunflower spiral around it:
    the first on its own coordinates, the k-th SPREAD_PX·√k pixels from its own at k golden angles,
    so none hides another at any zoom (`dx`, `dy`: pixel offsets; the map turns them into degrees
    at the present scale). `here` names, as plain text, the place's
    first PLACE_LIST events (date and title) and how many more there are."""
    if df.empty:
        return df.assign(dx=pd.Series(dtype=float), dy=pd.Series(dtype=float), here=pd.Series(dtype=object))
    place = (df["lat"].round(PLACE_DECIMALS).astype(str) + ","
             + df["lon"].round(PLACE_DECIMALS).astype(str)).astype(object)
    order = df.assign(_place=place).sort_values(["start", "title"], kind="stable")
    order["_rank"] = order.groupby("_place", sort=False).cumcount()
    rank = order["_rank"].reindex(df.index).to_numpy()
    count = place.map(place.value_counts())
    radius = SPREAD_PX * np.sqrt(rank)
    angle = rank * _GOLDEN_ANGLE
    title = order["title"].astype(str)
    title = title.where(title.str.len() <= PLACE_TITLE_LIMIT, title.str.slice(0, PLACE_TITLE_LIMIT - 1) + "…")
    # The first PLACE_LIST events of each shared place, joined in a plain loop over those few rows
    # (a groupby's join calls Python once per place, ~0.1 s for 5,000 events at 4,000 places).
    listed = (order["_rank"] < PLACE_LIST) & (count.reindex(order.index) > 1)
    joined: dict[str, str] = {}
    for key, text in zip(order["_place"][listed].tolist(),
                         (order["date"].astype(str) + " " + title)[listed].tolist()):
        joined[key] = f"{joined[key]}; {text}" if key in joined else text
    names = place.map(joined).fillna("").astype(object)
    more = (count - PLACE_LIST).clip(lower=0)
    here = count.astype(str) + " events: " + names + ("; and " + more.astype(str) + " more").where(more > 0, "")
    here = here.where(count > 1, "This event only").astype(object)
    return df.assign(dx=np.round(radius * np.cos(angle), 2), dy=np.round(radius * np.sin(angle), 2), here=here)
