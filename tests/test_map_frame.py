"""The Map's frame and its spread of events at one place: geo.py on hand-made points, the chart's
tables and its spec across views, and the Map page under AppTest on the bundled data."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from proxyatlas import charts
from proxyatlas.charts import geo
from proxyatlas.config import BUNDLED_DATA

from .test_charts import make_events
from .test_pages import open_page, texts

# A region of 71 events: a grid over lon 30..50, lat 28..38, and a sparser southern edge down to 13°N
# (as Yemen is to the Levant); outside it six designations in Washington, an agreement in Beijing,
# and an event far south at a longitude the region has (Johannesburg).
REGION = [(float(lon), float(lat)) for lon in range(30, 51, 2) for lat in range(28, 39, 2)] + \
    [(44.0, float(lat)) for lat in (13, 16, 19, 22, 25)]
OUTLIERS = [(-77.04, 38.9)] * 6 + [(116.4, 39.9), (28.0, -26.2)]


def points(pairs) -> pd.DataFrame:
    lon, lat = zip(*pairs) if pairs else ((), ())
    return pd.DataFrame({"lon": np.array(lon, dtype=float), "lat": np.array(lat, dtype=float)})


def test_the_frame_is_the_region_of_most_events_not_their_min_and_max():
    frame = geo.map_frame(points(REGION + OUTLIERS))
    # The region and a margin of 12%: its southern edge is part of it, a continuation of the grid's
    # spacing; Washington and Beijing are not, nor Johannesburg (in the longitudes, 28°, not the latitudes).
    assert frame.extent == pytest.approx((28 - 0.12 * 22, 50 + 0.12 * 22, 13 - 0.12 * 25, 38 + 0.12 * 25))
    assert frame.n_outside == len(OUTLIERS) and not frame.whole_world
    # Events an ocean away change nothing (min and max would have spanned the world):
    assert geo.map_frame(points(REGION + OUTLIERS[:7])).extent == geo.map_frame(points(REGION)).extent


def test_the_core_band_lies_between_quantiles_and_ignores_a_one_sided_cluster():
    values = np.array([-77.0] * 14 + list(np.linspace(34, 64, 94)) + [116.0])  # the bundled data's longitudes
    lo, hi = geo.narrowest_band(values)  # 80% of 109 values: 88 of them, all in the evenly spread region
    assert 34.0 <= lo and hi <= 64.0 and hi - lo == pytest.approx(30 * 87 / 93)
    assert geo.band(values) == pytest.approx((34.0, 64.0))  # grown over the region's own spacing


@pytest.mark.parametrize("pairs, n_outside", [
    ([], 0),
    ([(35.5, 33.85)], 0),
    ([(35.5, 33.85)] * 3, 0),
    ([(35.5, 33.85), (-77.0, 38.9)], 0),  # two events: both are the region
])
def test_the_frame_is_sane_with_few_events(pairs, n_outside):
    frame = geo.map_frame(points(pairs))
    lon_min, lon_max, lat_min, lat_max = frame.extent
    if not pairs:
        assert frame.extent == geo.DEFAULT_EXTENT
    else:
        assert lon_max - lon_min >= geo.MIN_SPAN[0] and lat_max - lat_min >= geo.MIN_SPAN[1]
        assert all(lon_min < lon < lon_max and lat_min < lat < lat_max for lon, lat in pairs)
    assert frame.n_outside == n_outside


def test_whole_world_frames_every_country_and_leaves_nothing_outside():
    frame = geo.map_frame(points(REGION + OUTLIERS), whole_world=True)
    assert frame.extent == charts.WORLD == (-180.0, 180.0, -58.0, 80.0) and frame.n_outside == 0
    assert frame.whole_world


def test_events_at_one_place_are_spread_on_a_spiral_and_each_tooltip_lists_the_place():
    rows = [{"title": f"Designation {i}", "date": f"2020-01-{i + 1:02d}", "lat": 38.8951, "lon": -77.0364}
            for i in range(7)]
    rows.append({"title": "Strike", "date": "2020-02-01", "lat": 33.85, "lon": 35.51})
    events = make_events(rows)
    chart, _, _ = charts.event_map(events)
    drawn = chart.tables["events"].set_index("title")
    washington = drawn.loc[[f"Designation {i}" for i in range(7)]]
    assert (washington.loc["Designation 0", ["dx", "dy"]] == 0).all()  # the first by date sits on the place
    offsets = washington[["dx", "dy"]].to_numpy()
    gaps = [np.hypot(*(a - b)) for i, a in enumerate(offsets) for b in offsets[i + 1:]]
    assert min(gaps) > 5  # pixels: no mark hides another
    assert washington["here"].nunique() == 1
    here = washington["here"].iloc[0]
    assert here.startswith("7 events: 1 Jan 2020 Designation 0; 2 Jan 2020 Designation 1;")
    assert "Designation 4" in here and "Designation 5" not in here and here.endswith("; and 2 more")
    assert drawn.loc["Strike", "here"] == "This event only" and drawn.loc["Strike", "dx"] == 0


def test_the_frame_is_data_and_the_spec_is_built_once_across_views():
    spread = make_events([{"title": t, "lat": lat, "lon": lon} for t, (lon, lat) in
                          zip((f"e{i}" for i in range(200)), REGION + OUTLIERS)])
    framed, _, frame = charts.event_map(spread)
    world, _, _ = charts.event_map(spread, whole_world=True)
    fewer, _, _ = charts.event_map(spread.iloc[:5], ["IRN"])
    specs = [charts.spec(view) for view in (framed, world, fewer)]
    assert framed.shape == world.shape == fewer.shape
    for spec in specs[1:]:  # the template's parts are the very same objects: one spec, built once
        assert spec["layer"] is specs[0]["layer"] and spec["params"] is specs[0]["params"]
    frames = [spec["datasets"]["frame"].to_dict("records")[0] for spec in specs]
    assert frames[0] == dict(zip(geo.FRAME_COLUMNS, frame.extent))
    assert frames[1] == dict(zip(geo.FRAME_COLUMNS, charts.WORLD)) and frames[2] != frames[0]
    assert "8 events outside this frame." in framed.look["title"]["subtitle"]
    assert not any("outside" in note for note in world.look["title"].get("subtitle", []))
    outside = {k: v for k, v in specs[0].items() if k != "datasets"}
    assert "data('frame')" in json.dumps(outside)  # the projection reads the frame from its table


def _dataset(chart_proto, name: str) -> pd.DataFrame:
    (found,) = [d for d in chart_proto.datasets if d.name == name]
    return pa.ipc.open_stream(found.data.data).read_all().to_pandas()


def test_the_map_page_counts_the_events_outside_its_frame_and_whole_world_shows_them(monkeypatch):
    at = open_page("pages/5_Map.py", BUNDLED_DATA, monkeypatch)
    assert "The map frames the region that holds most of them; 15 lie outside it" in texts(at)
    chart = at.get("vega_lite_chart")[0].proto
    lon_min, lon_max, lat_min, lat_max = _dataset(chart, "frame").iloc[0]
    assert 28 < lon_min < 35 and 60 < lon_max < 70 and 8 < lat_min < 12.4 and 36.5 < lat_max < 42
    framed_spec = json.loads(chart.spec)

    at.toggle(key="map_world").set_value(True).run()
    assert "lie outside" not in texts(at)
    chart = at.get("vega_lite_chart")[0].proto
    assert tuple(_dataset(chart, "frame").iloc[0]) == charts.WORLD
    world_spec = json.loads(chart.spec)
    assert {k: v for k, v in world_spec.items() if k != "title"} == \
        {k: v for k, v in framed_spec.items() if k != "title"}  # the same spec, other data


def test_an_exported_map_is_framed_like_the_screen(bundled):
    from proxyatlas import queries
    from .conftest import ALL_TIME

    events = queries.run(bundled, "timeline/latest_events", **ALL_TIME.params(), limit=charts.MAX_EVENTS, placed=True)
    spec = charts.spec(charts.event_map(events).chart)  # what the page's download renders
    # The marks are hidden from screen readers (the chart reads as its description); labelled here, so
    # that each event's mark can be found in the SVG by its title.
    # (A spec's parts are shared with every view of its shape: labelled on a copy, not in place.)
    spec = {**spec, "config": {**spec["config"], "aria": True, "mark": {**spec["config"]["mark"], "aria": True}}}
    svg = charts.to_svg(spec)

    def x_of(title: str) -> float:
        (found,) = re.findall(r'<path aria-label="[^"]*Event: ' + re.escape(title) + r';[^"]*"[^>]*'
                              r'transform="translate\(([-\d.]+),', svg)
        return float(found)

    # Inside the plot (0..EXPORT_WIDTH, minus the legend) or off it, to the left or right.
    assert 0 < x_of("Hamas deputy leader Saleh al-Arouri killed in Beirut") < charts.EXPORT_WIDTH / 2
    assert x_of("US Treasury designates Fatemiyoun Division and Zaynabiyoun Brigade") < 0
    assert x_of("Saudi Arabia and Iran agree to restore diplomatic relations") > charts.EXPORT_WIDTH
