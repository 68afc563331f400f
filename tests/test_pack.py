"""Briefing packs, read back: the PDF with pypdf (its text, its tags) and pypdfium2 (its pixels), the
HTML pack as text (the browser test opens it in chromium), on the bundled, markings and hostile data."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pypdf
import pypdfium2
import pytest

from proxyatlas.config import BUNDLED_DATA, Settings
from proxyatlas.filters import Filters
from proxyatlas.markings import COLOURS
from proxyatlas.pack import content, page, pdf
from proxyatlas.store import Store

from .conftest import FIXTURES

MARKINGS = FIXTURES / "markings"
HOSTILE = FIXTURES / "hostile"
IRGC = "Islamic Revolutionary Guard Corps"
WINDOW = Filters(date(1900, 1, 1), date(2100, 1, 1))


def gathered(data: Path, ceiling: str = "TLP:CLEAR", filters: Filters = WINDOW) -> dict:
    snap = Store(Settings(data, ceiling)).state().good
    assert snap is not None
    return content.gather(snap, filters)


def pages_text(pdf_bytes: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(pdf_bytes)).pages]


@pytest.fixture(scope="module")
def bundled_pack() -> tuple[dict, bytes]:
    pack = gathered(BUNDLED_DATA)
    return pack, pdf.render(pack)


def test_every_page_has_the_label_in_header_and_footer_and_says_page_i_of_n(bundled_pack):
    _, data = bundled_pack
    texts = pages_text(data)
    assert len(texts) > 3
    for i, text in enumerate(texts, start=1):
        assert text.count("TLP:CLEAR") >= 2, f"page {i}: {text[:80]!r} … {text[-80:]!r}"
        assert text.startswith("TLP:CLEAR Proxy Atlas briefing pack"), f"page {i} has no header band first"
        assert text.endswith(f"TLP:CLEAR Page {i} of {len(texts)}"), f"page {i} ends {text[-60:]!r}"


def test_the_7_october_dispute_is_in_the_pack_with_assertion_denial_and_no_evidence(bundled_pack):
    pack, data = bundled_pack
    text = " ".join(pages_text(data))
    assert "Hamas-led attack on southern Israel · 2023-10-07" in text
    assert f"2023-12-27 · {IRGC} asserts responsibility by {IRGC}" in text  # as the seed article reads it
    assert f"2023-12-27 · {IRGC} asserts credit by {IRGC}" in text  # what the spokesman said (issue 17)
    assert f"2023-12-27 · Hamas denies credit by {IRGC}" in text
    assert "2023-10-08 · US government officials sees no evidence of direction by Iran" in text
    # in order, with the reliability of the sources
    first = pack["disputes"][0]
    assert first["title"] == "Hamas-led attack on southern Israel"
    dates = [s["date"] for s in first["statements"]]
    assert dates == sorted(dates, key=lambda d: d[:7])
    assert "Best reliability C · credibility 4" in text  # the IRGC's claim, reported by Al Arabiya English and others


def test_the_pack_has_every_section_and_the_sources_it_cites(bundled_pack):
    pack, data = bundled_pack
    text = " ".join(pages_text(data))
    for heading in ("Headline figures", "The network", "The timeline", "Contested attributions",
                    "Key changes in the window", "Caveats", "Sources cited"):
        assert heading in text
    assert "claims are attributed to who made them, never the tool's own judgment".lower() in text.lower()
    assert len(pack["disputes"]) == 10 and pack["more_disputes"] > 0
    assert f"The window holds {pack['more_disputes']} more disputed events" in text
    publishers = {s["publisher"] for s in pack["sources"]}
    assert {"The Wall Street Journal", "Al Jazeera", "Reuters"} <= publishers


def test_the_packs_timeline_has_the_charts_titles_but_not_the_screens_zoom_note(bundled_pack):
    pack, _ = bundled_pack
    svg = pack["timeline"]["svg"]
    assert "Events by network" in svg and "Events per month" in svg
    assert not re.search(r"zoom|drag|double-click", svg, re.IGNORECASE)


def test_the_pdf_is_tagged_with_headings_and_figures_with_alt_text(bundled_pack):
    _, data = bundled_pack
    root = pypdf.PdfReader(io.BytesIO(data)).trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and root["/Lang"] == "en"
    tags: list[tuple[str, str | None]] = []

    def walk(node) -> None:
        node = node.get_object()
        if isinstance(node, dict) and "/S" in node:
            tags.append((str(node["/S"]), node.get("/Alt")))
        kids = node.get("/K") if isinstance(node, dict) else None
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            if hasattr(kid, "get_object") and isinstance(kid.get_object(), dict):
                walk(kid)

    walk(root["/StructTreeRoot"])
    names = [t for t, _ in tags]
    assert "/H1" in names and "/H2" in names
    figures = [alt for t, alt in tags if t == "/Figure"]
    assert len(figures) == 2 and all(figures), figures
    assert any("Network diagram of" in a for a in figures) and any("Timeline of" in a for a in figures)


@pytest.mark.parametrize("ceiling,label", [("CLEAR", "TLP:CLEAR"), ("GREEN", "TLP:GREEN"), ("AMBER", "TLP:AMBER")])
def test_no_row_above_the_ceiling_is_in_the_pack_and_the_label_is_the_highest_row(ceiling, label):
    pack = gathered(MARKINGS, f"TLP:{ceiling}")
    assert pack["marking"] == label
    data = pdf.render(pack)
    text = "\n".join(pages_text(data))
    html = page.render(pack)
    allowed = ["CLEAR", "GREEN", "AMBER", "RED"][: ["CLEAR", "GREEN", "AMBER", "RED"].index(ceiling) + 1]
    for level in ("GREEN", "AMBER", "RED"):
        if level not in allowed:
            assert f"MARK{level}" not in text and f"MARK{level}" not in html, f"a TLP:{level} row under TLP:{ceiling}"
    for i, t in enumerate(pages_text(data), start=1):
        assert " ".join(t.split()).count(label) >= 2, i


def test_the_label_is_the_highest_marking_in_the_view_not_the_ceiling():
    # Under an AMBER ceiling, 2019 holds only CLEAR rows (the first marked tie begins in 2020).
    early = Filters(date(2019, 1, 1), date(2019, 12, 31))
    assert gathered(MARKINGS, "TLP:AMBER", early)["marking"] == "TLP:CLEAR"
    assert gathered(MARKINGS, "TLP:AMBER")["marking"] == "TLP:AMBER"


def test_the_header_band_is_black_with_the_label_in_its_tlp_colour():
    pack = gathered(MARKINGS, "TLP:AMBER")
    document = pypdfium2.PdfDocument(pdf.render(pack))
    image = document[1].render(scale=2).to_pil().convert("RGB")
    width, height = image.size
    # Rows of the top tenth of the page that are black across the middle (the band between label and title).
    middle = range(int(width * 0.4), int(width * 0.6))
    rows = [y for y in range(int(height * 0.1)) if all(max(image.getpixel((x, y))) < 20 for x in middle[::4])]
    assert len(rows) > 0.012 * height, "no black header band at the top of the page"  # > 3.5 mm tall
    band = image.crop((0, rows[0], width // 2, rows[-1] + 1))
    amber = tuple(int(COLOURS["TLP:AMBER"][i:i + 2], 16) for i in (1, 3, 5))
    near = sum(n for n, rgb in band.getcolors(maxcolors=100_000) if all(abs(a - b) < 24 for a, b in zip(rgb, amber)))
    assert near > 200, "no TLP:AMBER-coloured label in the header band"
    # 12 pt or more: the label's letters are at least 12/72 inch * 0.7 (cap height) tall at 144 dpi
    label_rows = {y for y in range(band.height) for x in range(0, band.width, 2)
                  if all(abs(a - b) < 60 for a, b in zip(band.getpixel((x, y)), amber))}
    assert max(label_rows) - min(label_rows) + 1 >= 12 / 72 * 144 * 0.65


HOSTILE_TEXT = ['<img src=x onerror="window.__pwned=1">', '<a href="javascript:window.__pwned=1">href link</a>']


def test_hostile_strings_print_as_text_in_the_pdf_and_stay_escaped_in_the_html():
    pack = gathered(HOSTILE)
    text = " ".join(pages_text(pdf.render(pack)))
    for payload in HOSTILE_TEXT:
        assert payload in text, f"{payload!r} is not in the PDF as text"
    html = page.render(pack)
    for raw in ("<script", "<img src=x", "<svg onload", '<a href="javascript'):
        assert raw not in html, f"raw {raw!r} in the HTML pack"
    assert "&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;" in html
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'none'" in csp and "script-src" not in csp
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", html), "the HTML pack refers off the file"


# One row of each table marked TLP:AMBER in a copy of the tiny data without its other marked rows.
ONE_MARKED = {
    "claims.csv": "c_wsj_planning,",
    "events.csv": "red_sea_campaign,",
    "relationships.csv": "r_irgc_kh,",
    "actors.csv": "kataib_hezbollah,",
    "sources.csv": "wsj_2023_10_08,",
}


@pytest.mark.parametrize("file", ONE_MARKED)
def test_one_amber_row_of_any_table_in_the_view_marks_the_pack_amber(file, tmp_path):
    import shutil

    from .conftest import TINY

    data = tmp_path / "data"
    shutil.copytree(TINY, data)
    for name in ONE_MARKED:
        lines = (data / name).read_text(encoding="utf-8").splitlines()
        kept = [line for line in lines if "TLP:AMBER" not in line]
        kept = [line + "TLP:AMBER" if name == file and line.startswith(ONE_MARKED[file]) else line
                for line in kept]
        (data / name).write_text("\n".join(kept) + "\n", encoding="utf-8")
    assert gathered(data, "TLP:AMBER")["marking"] == "TLP:AMBER"
    assert gathered(data, "TLP:CLEAR")["marking"] == "TLP:CLEAR"
