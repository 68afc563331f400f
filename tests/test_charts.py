"""Tests for proxyatlas.charts: assertions on the Vega-Lite specs the charts produce."""

from __future__ import annotations

import json
import subprocess
import sys
from xml.etree import ElementTree

import altair as alt
import numpy as np
import pandas as pd
import pytest

from proxyatlas import charts, marked, palette
from proxyatlas.charts import figure, world
from proxyatlas.charts.timeline import ZOOM

EVENT_COLUMNS = (
    "event_id title type date date_precision date_lo date_hi country location lat lon fatalities lane sources status"
).split()
CLAIM_COLUMNS = "claim_id event_id event_title date date_lo date_hi claimant subject stance involvement source".split()
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>\u0000مرحبا" + "x" * 10_000


def make_events(rows: list[dict]) -> pd.DataFrame:
    """Events shaped like the data layer's query: defaults filled, the same dtypes."""
    defaults = {
        "title": "Event",
        "type": "attack",
        "date": "2024-01-01",
        "date_precision": "day",
        "country": "IRQ",
        "location": "Baghdad",
        "lat": 33.3,
        "lon": 44.4,
        "fatalities": None,
        "lane": "Kataib Hezbollah",
        "sources": "Reuters",
        "status": None,
    }
    records = []
    for i, row in enumerate(rows):
        record = {**defaults, "event_id": f"e{i}", **row}
        record.setdefault("date_lo", record["date"])
        record.setdefault("date_hi", record["date_lo"])
        records.append(record)
    df = pd.DataFrame(records, columns=EVENT_COLUMNS)
    return df.astype(
        {"lat": float, "lon": float, "fatalities": "Int64", "date_lo": "datetime64[us]", "date_hi": "datetime64[us]"}
    )


def make_claims(rows: list[dict]) -> pd.DataFrame:
    defaults = {
        "event_id": "e0",
        "event_title": "Event",
        "claimant": "Iran",
        "subject": "Iran",
        "involvement": "direction",
        "source": "IRNA",
    }
    records = []
    for i, row in enumerate(rows):
        record = {**defaults, "claim_id": f"c{i}", **row}
        record.setdefault("date_lo", record["date"])
        record.setdefault("date_hi", record["date_lo"])
        records.append(record)
    return pd.DataFrame(records, columns=CLAIM_COLUMNS).astype(
        {"date_lo": "datetime64[us]", "date_hi": "datetime64[us]"}
    )


EMPTY_EVENTS = make_events([])
EMPTY_CLAIMS = make_claims([])


@pytest.fixture
def events() -> pd.DataFrame:
    return make_events(
        [
            {
                "title": "Tower 22 drone attack",
                "date": "2024-01-28",
                "fatalities": 3,
                "lane": "Islamic Resistance in Iraq",
            },
            {
                "title": "Sanctions designation",
                "type": "designation",
                "date": "2024-02",
                "date_precision": "month",
                "date_lo": "2024-02-01",
                "date_hi": "2024-02-29",
                "lat": None,
                "lon": None,
                "lane": "Unattributed",
            },
            {
                "title": "Red Sea campaign",
                "type": "maritime_attack",
                "date": "2023-11-19",
                "date_lo": "2023-11-19",
                "date_hi": "2024-03-30",
                "lat": 15.0,
                "lon": 42.0,
                "lane": "Houthis",
            },
            {
                "title": "Strikes in Syria",
                "type": "military_strike",
                "date": "2024",
                "date_precision": "year",
                "date_lo": "2024-01-01",
                "date_hi": "2024-12-31",
                "fatalities": 12,
                "lane": "Unattributed",
            },
            {"title": "Statement", "type": "statement", "date": "2024-01-05", "lane": "Houthis"},
        ]
    )


@pytest.fixture
def claims() -> pd.DataFrame:
    return make_claims(
        [
            {
                "event_title": "Tower 22 drone attack",
                "date": "2024-01-28",
                "claimant": "Islamic Resistance in Iraq",
                "stance": "asserts",
            },
            {"event_title": "Tower 22 drone attack", "date": "2024-01-29", "stance": "denies"},
            {
                "event_title": "Red Sea campaign",
                "date": "2024-02",
                "date_lo": "2024-02-01",
                "date_hi": "2024-02-29",
                "claimant": "United States",
                "stance": "assesses",
                "involvement": "arming",
            },
        ]
    )


# ---------------------------------------------------------------- spec helpers


def walk(node, path=()):
    """Every (path, key, value) in a nested spec."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield path, key, value
            yield from walk(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, (*path, i))


def units(node, data=None):
    """Every single-view spec (one with a mark) and the name of the dataset it draws."""
    if isinstance(node, dict):
        data = node.get("data", {}).get("name", data) if isinstance(node.get("data"), dict) else data
        if "mark" in node:
            yield node, data
        for key in ("layer", "vconcat", "hconcat", "concat"):
            for child in node.get(key, []):
                yield from units(child, data)


def mark_type(unit: dict) -> str:
    return unit["mark"]["type"] if isinstance(unit["mark"], dict) else unit["mark"]


def filters(unit: dict) -> list[str]:
    return [t["filter"] for t in unit.get("transform", []) if "filter" in t]


def rows(spec: dict, name: str) -> list[dict]:
    return spec["datasets"][name]


def row_titled(spec: dict, title: str) -> dict:
    found = [
        row
        for values in spec["datasets"].values()
        if isinstance(values, list)
        for row in values
        if row.get("title") == title
    ]
    assert len(found) == 1, f"{title!r} found {len(found)} times"
    return found[0]


def color_scales(spec: dict) -> list[dict]:
    return [
        unit["encoding"]["color"] for unit, _ in units(spec) if "field" in unit.get("encoding", {}).get("color", {})
    ]


# ---------------------------------------------------------------- palette colours


def test_every_colour_scale_uses_the_palette(events, claims):
    specs = [
        charts.timeline(events, claims).to_dict(),
        charts.event_map(events).chart.to_dict(),
        charts.actor_timeline(events).to_dict(),
        charts.monthly_counts(events).to_dict(),
    ]
    tables = {"type": palette.EVENT_TYPES, "stance": palette.STANCES}
    seen = set()
    for spec in specs:
        for color in color_scales(spec):
            expected = palette.altair_scale(tables[color["field"]])
            assert color["scale"]["domain"] == expected["domain"]
            assert color["scale"]["range"] == expected["range"]
            seen.add(color["field"])
    assert seen == {"type", "stance"}


def test_legends_are_titled_and_show_palette_labels(events, claims):
    spec = charts.timeline(events, claims).to_dict()
    legends = {c["legend"]["title"]: c["legend"] for c in color_scales(spec) if c.get("legend")}
    assert set(legends) == {"Event type", "Stance"}
    assert '"military_strike": "Military strike"' in legends["Event type"]["labelExpr"]
    assert '"no_evidence": "sees no evidence"' in legends["Stance"]["labelExpr"]


def test_counts_bar_uses_palette_colours_and_labels():
    df = pd.DataFrame({"type": ["attack", "military_strike"], "n": [5, 2]})
    spec = charts.counts_bar(df, "type", "n", palette.EVENT_TYPES).to_dict()
    ((unit, data),) = units(spec)
    assert unit["encoding"]["color"]["scale"] == palette.altair_scale(palette.EVENT_TYPES)
    assert unit["encoding"]["y"]["field"] == "label" and unit["encoding"]["x"]["field"] == "count"
    assert rows(spec, data) == [
        {"category": "attack", "label": "Attack", "count": 5},
        {"category": "military_strike", "label": "Military strike", "count": 2},
    ]
    assert spec["width"] == "container" and isinstance(spec["height"], int)


def test_stance_shapes_cover_the_palette():
    assert list(charts.STANCE_SHAPES) == list(palette.STANCES)


# ---------------------------------------------------------------- timeline


def test_partial_dates_span_their_whole_period(events, claims):
    spec = charts.timeline(events, claims).to_dict()
    month = row_titled(spec, "Sanctions designation")
    assert (month["start"], month["end"], month["span"]) == ("2024-02-01T00:00:00", "2024-03-01T00:00:00", True)
    assert month["date"] == "Feb 2024"  # the date as a briefing writes it, for the tooltip
    year = row_titled(spec, "Strikes in Syria")
    assert (year["start"], year["end"], year["span"]) == ("2024-01-01T00:00:00", "2025-01-01T00:00:00", True)
    campaign = row_titled(spec, "Red Sea campaign")
    assert (campaign["start"], campaign["end"], campaign["span"]) == (
        "2023-11-19T00:00:00",
        "2024-03-31T00:00:00",
        True,
    )
    day = row_titled(spec, "Tower 22 drone attack")
    assert (day["start"], day["span"]) == ("2024-01-28T00:00:00", False)


def test_spans_are_bars_and_days_are_points(events, claims):
    upper = charts.timeline(events, claims).to_dict()["vconcat"][0]
    event_units = [u for u, _ in units(upper) if u.get("encoding", {}).get("color", {}).get("field") == "type"]
    bars = [u for u in event_units if mark_type(u) == "bar"]
    points = [u for u in event_units if mark_type(u) in ("circle", "point")]
    assert (
        len(bars) == 1 and bars[0]["encoding"]["x"]["field"] == "start" and bars[0]["encoding"]["x2"]["field"] == "end"
    )
    assert filters(bars[0]) == ["datum.span"]
    assert len(points) == 2 and all("x2" not in u["encoding"] for u in points)
    assert all(f.startswith("(!datum.span)") for u in points for f in filters(u))


def test_events_without_fatalities_get_a_fixed_size_not_zero(events, claims):
    spec = charts.timeline(events, claims).to_dict()
    points = [
        u for u, _ in units(spec) if mark_type(u) in ("circle", "point") and u["encoding"]["color"]["field"] == "type"
    ]
    known = [u for u in points if "isValid(datum.fatalities)" in filters(u)[0] and "!isValid" not in filters(u)[0]]
    unknown = [u for u in points if "!isValid(datum.fatalities)" in filters(u)[0]]
    assert len(known) == 1 and known[0]["encoding"]["size"]["field"] == "fatalities"
    # shapes by event type too, on filled (a figure) and hollow (none) points alike
    assert [u["encoding"]["shape"]["field"] for u in known + unknown] == ["type", "type"]
    assert known[0]["encoding"]["shape"]["scale"]["range"] == list(charts.EVENT_SHAPES.values())
    assert (known[0]["mark"]["filled"], unknown[0]["mark"]["filled"]) == (True, False)
    assert len(unknown) == 1 and "size" not in unknown[0]["encoding"] and unknown[0]["mark"]["size"] > 0
    statement = row_titled(spec, "Statement")
    assert statement["fatalities"] is None and statement["span"] is False


def test_tooltips_carry_the_event_fields(events, claims):
    spec = charts.timeline(events, claims).to_dict()
    point = next(u for u, _ in units(spec) if mark_type(u) == "point" and u["encoding"]["color"]["field"] == "type")
    fields = {t["field"] for t in point["encoding"]["tooltip"]}
    assert fields == {"date", "title", "type_label", "location", "fatalities", "sources", "status"}


def test_claims_are_drawn_in_their_lane_with_stance_colours(events, claims):
    spec = charts.timeline(events, claims).to_dict()
    claim_units = [(u, d) for u, d in units(spec) if u.get("encoding", {}).get("color", {}).get("field") == "stance"]
    assert {mark_type(u) for u, _ in claim_units} == {"point", "rule"}
    (data,) = {d for _, d in claim_units}
    drawn = rows(spec, data)
    assert [(r["stance"], r["claimant"], r["lane"]) for r in drawn] == [
        ("asserts", "Islamic Resistance in Iraq", charts.CLAIMS_LANE),
        ("denies", "Iran", charts.CLAIMS_LANE),
        ("assesses", "United States", charts.CLAIMS_LANE),
    ]
    assert drawn[2]["span"] is True and drawn[2]["end"] == "2024-03-01T00:00:00"
    point = next(u for u, _ in claim_units if mark_type(u) == "point")
    assert point["encoding"]["shape"]["scale"]["range"] == [charts.STANCE_SHAPES[s] for s in palette.STANCES]
    assert {t["field"] for t in point["encoding"]["tooltip"]} >= {
        "claimant",
        "stance_label",
        "subject",
        "involvement",
        "date",
        "source",
    }


def test_lanes_order_networks_then_unattributed_then_claims(events, claims):
    spec = charts.timeline(events, claims).to_dict()
    ranks = {}
    for values in spec["datasets"].values():
        for row in values if isinstance(values, list) else []:
            if "lane_rank" in row:
                ranks[row["lane"]] = row["lane_rank"]
    assert sorted(ranks, key=ranks.get) == ["Houthis", "Islamic Resistance in Iraq", "Unattributed", charts.CLAIMS_LANE]


def overview_bars(spec: dict) -> tuple[dict, str]:
    """The timeline's monthly bars (beneath the upper view) and the dataset they draw."""
    (found,) = [(u, d) for u, d in units(spec["vconcat"][1]) if mark_type(u) == "bar"]
    return found


def test_the_upper_view_zooms_and_pans_its_own_time_scale_and_the_overview_shades_its_period(events, claims):
    spec = charts.timeline(events, claims).to_dict()
    upper, lower = spec["vconcat"]
    (zoom,) = spec["params"]
    assert zoom["name"] == ZOOM and zoom["bind"] == "scales"
    assert zoom["select"] == {"type": "interval", "encodings": ["x"]}
    assert set(zoom["views"]) <= {u.get("name") for u, _ in units(upper)}  # the wheel and drag act on the lanes
    # Every selection is bound to scales: none draws a brush (unlabelled ARIA rectangles).
    selections = [p for _, key, value in walk(spec) if key == "params" for p in value if "select" in p]
    assert selections == [zoom]
    upper_x = [u["encoding"]["x"] for u, _ in units(upper) if "field" in u["encoding"].get("x", {})]
    assert upper_x and all("domain" not in x.get("scale", {}) for x in upper_x)
    bars, _ = overview_bars(spec)
    assert bars["encoding"]["x"]["field"] == "month"
    (band,) = [(u, d) for u, d in units(lower) if mark_type(u) == "rect"]
    assert band[1] == "extent" and filters(band[0]) == [f"isArray({ZOOM}.start)"]
    assert {t["as"]: t["calculate"] for t in band[0]["transform"] if "calculate" in t} == {
        "shown_lo": f"{ZOOM}.start[0]", "shown_hi": f"{ZOOM}.start[1]"}
    assert (band[0]["encoding"]["x"]["field"], band[0]["encoding"]["x2"]["field"]) == ("shown_lo", "shown_hi")


def test_both_views_span_the_same_whole_months(events, claims):
    spec = charts.timeline(events, claims).to_dict()
    upper, _ = spec["vconcat"]
    scale = overview_bars(spec)[0]["encoding"]["x"]["scale"]
    assert (scale["domainMin"], scale["domainMax"]) == (
        {"year": 2023, "month": 11, "date": 1},
        {"year": 2025, "month": 1, "date": 1},
    )
    extent = [rows(spec, d) for u, d in units(upper) if u["mark"]["type"] == "rule" and u["mark"].get("opacity") == 0]
    assert extent == [[{"start": "2023-11-01T00:00:00", "end": "2025-01-01T00:00:00"}]]


def test_monthly_counts_count_by_month_and_type():
    events = make_events(
        [
            {"date": "2024-01-03"},
            {"date": "2024-01", "date_precision": "month", "date_lo": "2024-01-01", "date_hi": "2024-01-31"},
            {"date": "2024-01-20", "type": "statement"},
            {"date": "2024-03-09"},
            {"date": "2024-03-10", "type": "no_such_type"},
            {"date": "2024", "date_precision": "year", "date_lo": "2024-01-01", "date_hi": "2024-12-31"},
        ]
    )
    spec = charts.monthly_counts(events).to_dict()
    counts = {(r["month"][:7], r["type"]): r["count"] for r in rows(spec, spec["data"]["name"])}
    assert counts == {
        ("2024-01", "attack"): 2,
        ("2024-01", "statement"): 1,
        ("2024-03", "attack"): 1,
        ("2024-03", "other"): 1,
    }
    assert spec["encoding"]["y"]["aggregate"] == "sum" and spec["encoding"]["y"]["field"] == "count"
    assert spec["title"]["subtitle"] == ["1 event dated only to a year not counted by month."]
    assert spec["encoding"]["y"]["axis"]["values"] == [0, 1, 2, 3]


def test_monthly_bars_span_their_month():
    spec = charts.monthly_counts(make_events([{"date": "2024-02-10"}])).to_dict()
    (row,) = rows(spec, spec["data"]["name"])
    assert (row["month"], row["month_end"]) == ("2024-02-01T00:00:00", "2024-03-01T00:00:00")
    assert spec["encoding"]["x2"]["field"] == "month_end"


def test_large_inputs_draw_the_most_recent_and_count_all():
    n = 6_000
    dates = pd.date_range("2000-01-01", periods=n, freq="D")
    events = make_events([{"date": d.strftime("%Y-%m-%d"), "title": f"Event {i}"} for i, d in enumerate(dates)])
    spec = charts.timeline(events, EMPTY_CLAIMS).to_dict()
    drawn = [values for values in spec["datasets"].values() if values and "title" in values[0]]
    assert len(drawn) == 1 and len(drawn[0]) == charts.MAX_EVENTS
    assert min(r["start"] for r in drawn[0]) == dates[n - charts.MAX_EVENTS].strftime("%Y-%m-%dT00:00:00")
    assert "Showing the 5,000 most recent of 6,000 events." in spec["vconcat"][0]["title"]["subtitle"]
    monthly = spec["datasets"][overview_bars(spec)[1]]
    assert sum(r["count"] for r in monthly) == n


# ---------------------------------------------------------------- map


def test_map_data_is_inline_and_counts_missing_coordinates(events):
    result = charts.event_map(events, ["IRN"])
    chart, n_missing, _ = result
    assert n_missing == result.n_missing == 1  # the designation has no coordinates
    spec = chart.to_dict()  # the form a file export renders: everything inline
    assert not [key for _, key, _ in walk(spec) if key == "url"]
    assert "1 event without coordinates not shown." in spec["title"]["subtitle"]
    world_unit = next(u for u, _ in units(spec) if mark_type(u) == "geoshape")
    assert world_unit["data"]["format"] == {"type": "topojson", "feature": "countries"}
    assert world_unit["data"]["values"] == world.WORLD_PATH.read_text(encoding="utf-8")  # TopoJSON text, parsed by Vega
    (lookup,) = [t for t in world_unit["transform"] if "lookup" in t]
    assert lookup["lookup"] == "id" and lookup["from"]["data"] == {"name": "highlight"}
    assert spec["datasets"]["highlight"] == [{"id": "364", "highlight": True}]  # Iran's numeric code
    drawn = [rows(spec, d) for u, d in units(spec) if u.get("encoding", {}).get("latitude")]
    assert {r["title"] for r in drawn[0]} == {
        "Tower 22 drone attack",
        "Red Sea campaign",
        "Strikes in Syria",
        "Statement",
    }


def test_page_spec_has_the_base_map_fetched_from_this_server(events):
    spec = charts.spec(charts.event_map(events, ["IRN"]).chart)
    urls = [value for _, key, value in walk(spec) if key == "url"]
    assert urls == [world.URL] and world.URL == "app/static/countries-110m.json"
    assert (world.STATIC_DIR / "countries-110m.json").is_file()
    outside = {k: v for k, v in spec.items() if k != "datasets"}
    assert len(json.dumps(outside)) < 20_000  # the 110 kB TopoJSON is not in it


def test_map_file_shades_the_highlighted_countries(events):
    def fills(codes):
        svg = charts.to_svg(charts.event_map(events, codes).chart)
        return svg.count('fill="#bdbdbd"')

    assert fills(None) == 0
    assert fills(["IRN"]) == 1 and fills(["IRN", "IRQ"]) == 2


def test_map_fits_the_events_or_the_middle_east(events):
    def corners(chart) -> tuple[float, ...]:
        projections = {json.dumps(value) for _, key, value in walk(chart.to_dict()) if key == "projection"}
        assert len(projections) == 1  # the base map and the events share one projection
        projection = json.loads(projections.pop())
        assert projection["type"] == "mercator"
        assert "data('frame')" in json.dumps(chart.to_dict()["params"])  # it is fitted to the frame's row
        (row,) = chart.tables["frame"].to_dict("records")
        return row["lon_min"], row["lon_max"], row["lat_min"], row["lat_max"]

    lon0, lon1, lat0, lat1 = corners(charts.event_map(events).chart)
    assert lon0 < 42.0 and lon1 > 44.4 and lat0 < 15.0 and lat1 > 35.0
    assert corners(charts.event_map(EMPTY_EVENTS).chart) == charts.DEFAULT_EXTENT


def test_highlight_table_names_countries_by_the_ids_the_map_file_uses():
    topology = json.loads(world.text())
    ids = {g["properties"]["name"]: g.get("id") for g in topology["objects"]["countries"]["geometries"]}
    table = world.highlight(["YEM", "IRN", "IRQ", "IRN", "XXX"])  # unknown codes are dropped, repeats once
    assert list(table["id"]) == sorted([ids["Iran"], ids["Iraq"], ids["Yemen"]]) and table["highlight"].all()
    assert world.highlight(None).empty and world.text() is world.text()  # read once


def test_bad_coordinates_are_counted_as_missing():
    events = make_events([{"lat": 95.0, "lon": 10.0}, {"lat": np.nan, "lon": 10.0}, {"lat": 30.0, "lon": 50.0}])
    assert charts.event_map(events).n_missing == 2


# ---------------------------------------------------------------- untrusted text, empties, sizes


def test_hostile_text_is_only_a_data_value(events, claims):
    events.loc[0, ["title", "lane", "location", "sources"]] = HOSTILE
    claims.loc[0, ["claimant", "event_title"]] = HOSTILE
    for chart in [charts.timeline(events, claims), charts.event_map(events).chart, charts.actor_timeline(events)]:
        spec = chart.to_dict()
        outside = {k: v for k, v in spec.items() if k != "datasets"}
        assert not [
            v for _, _, v in walk(outside) if isinstance(v, str) and ("<script" in v or "onerror" in v or "مرحبا" in v)
        ]
        carried = [v for _, _, v in walk(spec["datasets"]) if isinstance(v, str) and v.startswith("<script>")]
        assert carried and all(len(v) <= charts.TEXT_LIMIT and "\x00" not in v and "مرحبا" in v for v in carried)


@pytest.mark.parametrize("with_events", [True, False])
@pytest.mark.parametrize("with_claims", [True, False])
def test_timeline_handles_empty_inputs(events, claims, with_events, with_claims):
    chart = charts.timeline(events if with_events else EMPTY_EVENTS, claims if with_claims else EMPTY_CLAIMS)
    spec = chart.to_dict()
    assert "vconcat" in spec
    notes = [r for values in spec["datasets"].values() for r in values if "note" in r]
    assert notes == ([] if with_events or with_claims else [{"note": "No events in this view."}])
    assert charts.to_svg(chart).startswith("<svg")


def test_other_charts_handle_empty_inputs():
    chart, n_missing, _ = charts.event_map(EMPTY_EVENTS, [])
    assert n_missing == 0
    for empty in [
        chart,
        charts.actor_timeline(EMPTY_EVENTS),
        charts.monthly_counts(EMPTY_EVENTS),
        charts.counts_bar(pd.DataFrame({"type": [], "n": []}), "type", "n", palette.EVENT_TYPES),
    ]:
        assert charts.to_svg(empty).startswith("<svg")


def test_charts_fill_the_container_with_explicit_heights(events, claims):
    for view in charts.timeline(events, claims).to_dict()["vconcat"]:  # concatenated: fixed plot width
        assert view["width"] == charts.TIMELINE_PLOT_PX and isinstance(view.get("height", 110), int)
    specs = [
        charts.event_map(events).chart.to_dict(),
        charts.actor_timeline(events).to_dict(),
        charts.monthly_counts(events).to_dict(),
    ]
    for spec in specs:
        assert spec["width"] == "container" and isinstance(spec["height"], int)


# ---------------------------------------------------------------- export and isolation


def test_to_svg_and_to_png(events, claims):
    svg = charts.to_svg(charts.timeline(events, claims))
    assert svg.startswith("<svg") and "Houthis" in svg and 'width="container"' not in svg
    png = marked.svg_to_png(charts.to_svg(charts.event_map(events).chart), scale=1)  # as the downloads make it
    assert png.startswith(b"\x89PNG\r\n\x1a\n")


def test_svg_of_hostile_text_is_well_formed_and_inert(events, claims):
    events.loc[0, ["title", "lane"]] = HOSTILE
    root = ElementTree.fromstring(charts.to_svg(charts.timeline(events, claims)))
    assert not [el for el in root.iter() if el.tag.split("}")[-1] in ("script", "img", "foreignObject")]


def test_export_refuses_remote_data():
    remote = alt.Chart("https://example.com/data.json").mark_point()
    with pytest.raises(Exception, match="not allowed"):
        charts.to_svg(remote)


def test_charts_module_does_not_import_streamlit():
    code = "import sys, proxyatlas.charts; assert 'streamlit' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


# ---------------------------------------------------------------- layouts built once per shape


def views(events, claims):
    """Pairs of views of one shape whose looks differ (titles, notes, heights, extents, projections)."""
    fewer = events.iloc[[0, 2, 4]]
    moved = fewer.assign(lat=fewer["lat"] + 5, lon=fewer["lon"] - 3)
    return [
        (charts.timeline(events, claims), charts.timeline(events, claims.iloc[:1], max_events=3)),
        (charts.timeline(EMPTY_EVENTS, EMPTY_CLAIMS), charts.timeline(EMPTY_EVENTS, EMPTY_CLAIMS, max_events=1)),
        (charts.event_map(events, ["IRN"]).chart, charts.event_map(moved, ["IRQ", "YEM"]).chart),
        (charts.actor_timeline(events), charts.actor_timeline(events, max_events=2)),
        (charts.monthly_counts(events), charts.monthly_counts(events.drop(index=3))),  # no year-only event
        (charts.counts_bar(pd.DataFrame({"type": ["attack"], "n": [9]}), "type", "n", palette.EVENT_TYPES),
         charts.counts_bar(pd.DataFrame({"type": ["attack", "statement"], "n": [7, 8]}), "type", "n",
                           palette.EVENT_TYPES)),
    ]


def test_a_views_spec_is_what_altair_builds_for_it(events, claims):
    """The template with a view's look put in equals the spec Altair builds and validates for that view."""
    pairs = views(events, claims)
    assert sum(first.look != second.look for first, second in pairs) == len(pairs) - 1  # all but the empty pair
    for first, second in pairs:
        assert first.shape == second.shape
        for view in (first, second):  # the second one is put into the first one's template
            built = view.chart().to_dict()
            assert built.pop("datasets", {}) == {}  # every table is a named dataset the view supplies
            spec = charts.spec(view)
            assert {k: v for k, v in spec.items() if k != "datasets"} == built
            assert spec["datasets"] == dict(view.tables)


def test_layout_is_built_once_per_shape(events, claims):
    figure._template.cache_clear()
    specs = [charts.spec(charts.timeline(events, claims.iloc[i:], max_events=5 - i)) for i in range(3)]
    assert figure._template.cache_info().misses == 1 and figure._template.cache_info().hits == 2
    assert specs[0]["vconcat"][0]["title"] != specs[2]["vconcat"][0]["title"]  # each view's own notes
    assert specs[0]["vconcat"][0]["layer"] is specs[2]["vconcat"][0]["layer"]  # the layout's parts are shared


def test_tooltips_write_dates_as_a_briefing_does_in_the_sources_too():
    events = make_events([{"title": "Strike", "type": "military_strike", "date": "2024-01-28",
                           "sources": "Reuters (2024-01-29); IRNA (2024-02)"}])
    claims = make_claims([{"event_title": "Strike", "date": "2024-01-29", "stance": "denies",
                           "source": "IRNA (2024-01-30)"}])
    spec = charts.timeline(events, claims).to_dict()
    event = row_titled(spec, "Strike")
    assert (event["date"], event["sources"]) == ("28 Jan 2024", "Reuters (29 Jan 2024); IRNA (Feb 2024)")
    assert event["start"] == "2024-01-28T00:00:00"  # placed by the ISO date all the same
    (claim,) = [row for rows in spec["datasets"].values() for row in rows if row.get("event_title") == "Strike"]
    assert (claim["date"], claim["source"]) == ("29 Jan 2024", "IRNA (30 Jan 2024)")
