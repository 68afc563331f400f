"""Who may see a deployment behind sign-in: the allowlist of addresses and @domains."""

from __future__ import annotations

from proxyatlas.access import allowed, parse_allowlist


def test_allowlist_by_address_and_domain():
    allow = parse_allowlist(" analyst@agency.example, @briefing.example ,")
    assert allow == ("analyst@agency.example", "@briefing.example")
    assert allowed("Analyst@Agency.example", allow)
    assert allowed("anyone@briefing.example", allow)
    assert allowed("  Anyone@BRIEFING.example ", allow)
    assert not allowed("other@agency.example", allow)
    assert not allowed("x@briefing.example.evil", allow)
    assert not allowed("briefing.example", allow)
    assert not allowed(None, allow)
    assert not allowed("", allow)
    assert allowed("anyone@anywhere.example", ())


def test_an_empty_or_missing_allowlist_admits_every_signed_in_user():
    assert parse_allowlist(None) == ()
    assert parse_allowlist("") == ()
    assert parse_allowlist(" , ,") == ()
    assert allowed(None, parse_allowlist(None))


def test_the_domain_is_what_follows_the_last_at_sign():
    allow = parse_allowlist("@briefing.example")
    assert allowed('"a@x"@briefing.example', allow)  # a quoted local part may hold an @
    assert not allowed('"a@briefing.example"@evil.example', allow)
