"""The sidebar's filters: to and from the URL, and what a hand-edited link falls back to."""

from __future__ import annotations

from datetime import date

import pytest

from proxyatlas.filters import Filters, described

from .conftest import TINY
from .test_pages import open_page

DEFAULT = Filters(date(2019, 1, 1), date(2024, 12, 31))


def test_filters_round_trip_through_the_url():
    f = Filters(date(2023, 10, 1), date(2024, 3, 31), "iran", ("LBN", "YEM"), ("armed_group",), "moderate")
    query = f.to_query(DEFAULT)
    assert query == {"from": "2023-10-01", "to": "2024-03-31", "sponsor": "iran", "country": ["LBN", "YEM"],
                     "kind": ["armed_group"], "conf": "moderate"}
    as_lists = {k: v if isinstance(v, list) else [v] for k, v in query.items()}
    assert Filters.from_query(as_lists, DEFAULT, {"iran"}) == f
    assert DEFAULT.to_query(DEFAULT) == {}


def test_bad_url_values_fall_back_to_the_default():
    f = Filters.from_query({"from": ["yesterday"], "to": ["2020-01-01"], "sponsor": ["nobody"], "conf": ["total"]},
                           DEFAULT, {"iran"})
    assert f == Filters(DEFAULT.date_from, date(2020, 1, 1))
    swapped = Filters.from_query({"from": ["2024-01-01"], "to": ["2023-01-01"]}, DEFAULT)
    assert (swapped.date_from, swapped.date_to) == (date(2023, 1, 1), date(2024, 1, 1))


def test_country_codes_from_the_url_are_upper_cased_deduplicated_and_sorted():
    f = Filters.from_query({"country": ["yem", "Lbn", "YEM", ""]}, DEFAULT)
    assert f.countries == ("LBN", "YEM")
    assert f.params()["countries"] == ["LBN", "YEM"]  # what the SQL compares with the upper-case ISO codes


def test_from_dates_before_1900_are_raised_to_1900_01_01():
    for early in ("0001-01-01", "1899-12-31", "1900-01-01"):
        assert Filters.from_query({"from": [early]}, DEFAULT).date_from == date(1900, 1, 1)
    assert Filters.from_query({"from": ["1900-01-02"]}, DEFAULT).date_from == date(1900, 1, 2)


def test_url_dates_are_held_inside_the_date_pickers_range_even_when_reversed():
    assert Filters.from_query({"to": ["2200-01-01"]}, DEFAULT).date_to == date(2100, 1, 1)
    f = Filters.from_query({"from": ["1850-06-01"], "to": ["1800-01-01"]}, DEFAULT)
    assert (f.date_from, f.date_to) == (date(1900, 1, 1), date(1900, 1, 1))
    f = Filters.from_query({"from": ["2300-01-01"], "to": ["2024-01-01"]}, DEFAULT)
    assert (f.date_from, f.date_to) == (date(2024, 1, 1), date(2100, 1, 1))


@pytest.mark.parametrize("query", [{"to": "2200-01-01"}, {"from": "1850-01-01", "to": "1800-01-01"}])
def test_a_link_with_dates_out_of_range_still_opens_the_page(query, monkeypatch):
    at = open_page("app.py", TINY, monkeypatch, **query)
    assert not at.exception, at.exception
    assert at.sidebar.date_input(key="f_from").value >= date(1900, 1, 1)
    assert at.sidebar.date_input(key="f_to").value <= date(2100, 1, 1)


def test_the_filters_in_words_name_the_chosen_kinds_by_their_labels():
    chosen = Filters(date(2023, 10, 7), date(2024, 1, 31), sponsor="irgc_qf", countries=("IQ", "LB"),
                     kinds=("armed_group", "state_agency"), min_confidence="moderate")
    assert described(chosen, "IRGC Quds Force") == [
        ["Window", "2023-10-07 to 2024-01-31"],
        ["Sponsor network", "IRGC Quds Force"],
        ["Countries", "IQ, LB"],
        ["Actor kinds", "Armed group, State agency"],
        ["Minimum confidence of ties", "moderate"],
    ]
    assert dict(described(DEFAULT, None))["Actor kinds"] == "All"
