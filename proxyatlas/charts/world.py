"""The base map: Natural Earth 1:110m country outlines (TopoJSON) in ``static/``.

The browser fetches the file once from this server (Streamlit's static serving, at ``URL``
relative to the page) instead of receiving it inside every map's spec; a file export puts it
inline (render.inline). Which countries are shaded is data: a table of their numeric ISO codes,
the ``id`` each country carries in the file, looked up by the map.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd
import pycountry

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
WORLD_PATH = STATIC_DIR / "countries-110m.json"
URL = "app/static/countries-110m.json"  # relative: it also works under a proxy's path prefix
FORMAT = {"type": "topojson", "feature": "countries"}


@functools.lru_cache(maxsize=1)
def text() -> str:
    """The file's text, for specs that must carry the map (file exports)."""
    return WORLD_PATH.read_text(encoding="utf-8")


def highlight(codes: list[str] | tuple[str, ...] | None) -> pd.DataFrame:
    """The countries to shade (ISO alpha-3 codes) as the map's lookup table: their numeric `id`."""
    ids = []
    for code in codes or ():
        country = pycountry.countries.get(alpha_3=code)
        if country is not None:
            ids.append(country.numeric)
    return pd.DataFrame({"id": sorted(set(ids)), "highlight": True}, columns=["id", "highlight"]).astype(
        {"id": object, "highlight": bool})
