"""Text from the CSVs in Markdown (`md`) and as links (`safe_url`): nothing in it may act."""

from __future__ import annotations

import re

import pytest

from proxyatlas.text import plain, WORD_JOINER as WJ
from proxyatlas.text import md, safe_url, source_title

MARKDOWN_SIGNIFICANT = "\\`*_{}[]()#+-.!|<>:~$&=\"'^"


def test_markdown_escaping_leaves_no_live_syntax():
    text = md("[click](javascript:alert(1)) <img src=x onerror=alert(1)> :red[x] **b** $x$ \x00end")
    assert "\x00" not in text
    # every character Markdown could act on is backslash-escaped
    assert re.search(r"(?<!\\)[\[\]()<>:*$]", text) is None
    assert text.startswith(r"\[click\]\(javascript\:alert")


@pytest.mark.parametrize("ch", list(MARKDOWN_SIGNIFICANT))
def test_each_markdown_character_is_escaped_once(ch):
    assert md(f"a{ch}b") == f"a\\{ch}b"


def test_plain_text_none_and_numbers():
    assert md("Hezbollah al-Hejaz 7") == "Hezbollah al\\-Hejaz 7"
    assert md(None) == ""
    assert md(0) == "0"
    assert md(-1.5) == "\\-1\\.5"


def test_plain_text_of_nothing_is_empty_and_text_of_exactly_the_cap_is_whole():
    assert plain(None, 10) == "" and plain("", 10) == ""
    assert plain("abc", 3) == "abc" and plain("abcd", 3) == "ab…"


def test_control_characters_are_dropped_but_tabs_stay_and_newlines_become_spaces():
    assert md("a\x00b\x07c\x1bd\x7fe") == "abcde"
    assert md("a\tb\nc\r\nd") == "a\tb c d"
    assert md("zero\u200bwidth é") == "zero\u200bwidth é"  # format characters are not control characters


def test_shortening_counts_characters_before_escaping():
    assert md("x" * 100, limit=10) == "x" * 9 + "…"
    assert md("abcdef", limit=6) == "abcdef"
    assert md("abcdefg", limit=6) == "abcde…"
    assert md("a.b.c.d", limit=4) == "a\\.b…"
    assert md("x" * 100) == "x" * 100


def test_markdown_escaping_defeats_autolinks():
    text = md("see http://evil.example, www.evil.example and someone@evil.example")
    assert "\\:/" not in text and "www\\." not in text.lower() and "e@" not in text
    assert "http\\:\u2060//evil" in text  # reads the same; the invisible joiner breaks the autolink


def test_the_word_joiner_goes_exactly_inside_each_autolink_trigger():
    assert md("https://a") == f"https\\:{WJ}//a"
    assert md("www.a") == f"www{WJ}\\.a"
    assert md("WWW.a") == f"WWW{WJ}\\.a"
    assert md("x@y") == f"x{WJ}@y"
    assert md("a.b c:d @e") == "a\\.b c\\:d @e"  # no trigger, no joiner


def test_only_http_urls_become_links():
    assert safe_url("https://www.state.gov/x") == "https://www.state.gov/x"
    assert safe_url("http://example.org") == "http://example.org"
    assert safe_url("  HTTPS://Example.org/x \n") == "HTTPS://Example.org/x"
    assert safe_url("https://en.wikipedia.org/wiki/A_(b)") == "https://en.wikipedia.org/wiki/A_%28b%29"
    assert safe_url("https://a.example/[x]") == "https://a.example/%5Bx%5D"
    for bad in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<b>", "ftp://x", "https://a b", None, "",
                "https://", "xhttps://a", 'https://a"b', "https://a'b", "https://a`b", "https://a\\b", "https://a<b",
                "https://a>b", 42):
        assert safe_url(bad) is None, bad


def test_a_source_title_is_a_quoted_headline_or_says_it_is_a_description():
    assert source_title("Hamas denies *claim*", False) == "“Hamas denies \\*claim\\*”"
    assert source_title("  [Reuters report: a strike]  ", True) == \
        "Reuters report\\: a strike (a description: the headline is not confirmed)"
    assert source_title("[Reuters report: a long one]", True, limit=10) == \
        "Reuters r… (a description: the headline is not confirmed)"
    assert source_title("Headline that runs on", False, limit=8) == "“Headlin…”"
    assert source_title(None, False) == "“”"
