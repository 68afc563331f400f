"""The palette reads for colour-blind viewers: event types are Okabe-Ito, every two of them stay apart under
simulated colour-vision deficiencies, and wherever colour carries meaning something else carries it too."""

from __future__ import annotations

import itertools
import math

import pytest

from proxyatlas import charts, graph_draw, graph_svg, palette

# Machado, Oliveira & Fernandes (2009), "A physiologically-based model for simulation of color vision
# deficiency", severity 1.0 (dichromacy), applied to linear RGB.
MACHADO = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}
MIN_DELTA_E = 15  # CIE76 distance in CIELAB; about 2.3 is "just noticeable", 15+ tells marks apart at a glance
OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}  # Okabe & Ito 2008


def _linear(hex_colour: str) -> tuple[float, ...]:
    def one(c: int) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    h = hex_colour.lstrip("#")
    return tuple(one(int(h[i:i + 2], 16)) for i in (0, 2, 4))


def _lab(rgb: tuple[float, ...]) -> tuple[float, float, float]:
    r, g, b = (min(max(v, 0.0), 1.0) for v in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116
    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def seen(hex_colour: str, deficiency: str | None) -> tuple[float, float, float]:
    rgb = _linear(hex_colour)
    if deficiency:
        rgb = tuple(sum(m * c for m, c in zip(row, rgb)) for row in MACHADO[deficiency])
    return _lab(rgb)


def closest_pair(colours: list[str], deficiency: str | None) -> tuple[float, str, str]:
    return min((math.dist(seen(a, deficiency), seen(b, deficiency)), a, b) for a, b in itertools.combinations(colours, 2))


def test_the_simulation_is_sane():
    assert seen("#FFFFFF", None)[0] == pytest.approx(100, abs=0.1) and seen("#000000", None)[0] == pytest.approx(0, abs=0.1)
    # red and green, far apart to most eyes, nearly meet for a deuteranope
    assert math.dist(seen("#FF0000", None), seen("#00A000", None)) > 80
    assert math.dist(seen("#D62728", "deuteranopia"), seen("#7F7F00", "deuteranopia")) < 15


def test_event_types_are_okabe_ito_and_a_grey_for_other():
    colours = [c for c, _ in palette.EVENT_TYPES.values()]
    assert len(set(colours)) == len(colours)
    assert set(colours) - OKABE_ITO == {palette.OTHER_GREY} and palette.EVENT_TYPES["other"][0] == palette.OTHER_GREY
    assert set(palette.OKABE_ITO) == OKABE_ITO


@pytest.mark.parametrize("deficiency", [None, *MACHADO])
def test_every_two_event_types_stay_apart_for_colour_blind_viewers(deficiency):
    distance, a, b = closest_pair([c for c, _ in palette.EVENT_TYPES.values()], deficiency)
    assert distance >= MIN_DELTA_E, f"{a} and {b} are {distance:.1f} apart under {deficiency or 'normal vision'}"


def test_event_types_have_shapes_of_their_own_on_the_timeline_and_map():
    assert set(charts.EVENT_SHAPES) == set(palette.EVENT_TYPES)
    assert len(set(charts.EVENT_SHAPES.values())) == len(charts.EVENT_SHAPES)


def test_tie_types_have_arrowheads_of_their_own_and_never_dashes():
    assert set(graph_draw.TIE_ARROWS) == set(palette.RELATIONSHIP_TYPES)
    heads = [head for head, _ in graph_draw.TIE_ARROWS.values()]
    assert len(set(heads)) == len(heads)
    assert set(heads) <= set(graph_svg._HEADS)  # the SVG (downloads, the pack) draws the same heads
