"""The sign-in gate, the sidebar's reset and date swap, and links into the Actors page, under AppTest.

The gate is Streamlit's own: an ``[auth]`` section in the secrets turns it on, ``st.user`` says who
signed in (AppTest seeds both), ``PROXYATLAS_ALLOWED_USERS`` says who may look.
"""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from .conftest import TINY
from .test_pages import ROOT, texts

AUTH = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "not-a-secret",
                 "client_id": "proxy-atlas", "client_secret": "not-a-secret",
                 "server_metadata_url": "https://idp.example.org/.well-known/openid-configuration"}}
ALLOWED = "analyst@example.org,@agency.example"


def gated(page: str, user: dict, monkeypatch) -> AppTest:
    """A page of the app with sign-in configured, as `user` sees it."""
    monkeypatch.setenv("PROXYATLAS_DATA", str(TINY))
    monkeypatch.delenv("PROXYATLAS_MAX_MARKING", raising=False)
    monkeypatch.setenv("PROXYATLAS_ALLOWED_USERS", ALLOWED)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets.update(AUTH)
    at.user = user
    if page != "app.py":
        at.switch_page(page)
    return at.run()


def shows_data(at: AppTest) -> bool:
    return "Data as of" in texts(at) or bool(at.dataframe) or bool(at.get("bidi_component"))


@pytest.mark.parametrize("page", ["app.py", "pages/1_Network.py", "pages/7_Data.py"])
def test_signed_out_viewer_is_asked_to_sign_in_and_sees_no_data(page, monkeypatch):
    at = gated(page, {"is_logged_in": False}, monkeypatch)
    assert not at.exception, at.exception
    assert "Sign in with your organisation's account" in texts(at)
    assert [b.label for b in at.button] == ["Sign in"]
    assert not shows_data(at) and not at.sidebar.get("date_input")


@pytest.mark.parametrize("email", ["intruder@example.org", "analyst@example.org.evil", None])
def test_signed_in_viewer_outside_the_allowlist_is_refused(email, monkeypatch):
    user = {"is_logged_in": True, "name": "Someone"} | ({"email": email} if email else {})
    at = gated("pages/1_Network.py", user, monkeypatch)
    assert not at.exception, at.exception
    assert "not allowed to view this deployment" in texts(at)
    assert [b.label for b in at.button] == ["Sign out"]
    assert not shows_data(at)


@pytest.mark.parametrize("email", ["analyst@example.org", "Field.Officer@Agency.Example"])
def test_signed_in_viewer_on_the_allowlist_sees_the_page(email, monkeypatch):
    at = gated("pages/1_Network.py", {"is_logged_in": True, "email": email}, monkeypatch)
    assert not at.exception, at.exception
    shown = texts(at)
    assert "Sign in" not in shown and "not allowed" not in shown
    assert "Network" in [t.value for t in at.title] and at.get("bidi_component") and "Data as of" in shown


# --- the sidebar ------------------------------------------------------------------------------------

def open_tiny(page: str, monkeypatch, **query) -> AppTest:
    monkeypatch.setenv("PROXYATLAS_DATA", str(TINY))
    monkeypatch.delenv("PROXYATLAS_MAX_MARKING", raising=False)
    monkeypatch.delenv("PROXYATLAS_ALLOWED_USERS", raising=False)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page(page)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def test_reset_filters_brings_back_the_whole_view_and_a_clean_url(monkeypatch):
    at = open_tiny("pages/2_Timeline.py", monkeypatch)
    default = {k: at.sidebar.get(w)[0].value for k, w in
               [("from", "date_input"), ("sponsor", "selectbox"), ("conf", "select_slider")]}
    default["to"] = at.sidebar.date_input(key="f_to").value
    at.sidebar.selectbox(key="f_sponsor").set_value("irgc").run()
    at.sidebar.select_slider(key="f_conf").set_value("high").run()
    at.sidebar.multiselect(key="f_kind").set_value(["armed_group"]).run()
    at.sidebar.date_input(key="f_from").set_value(date(2023, 10, 8)).run()
    assert at.query_params.get("sponsor") == "irgc"
    at.sidebar.button(key="f_reset").click().run()
    assert not at.exception, at.exception
    sb = at.sidebar
    assert sb.selectbox(key="f_sponsor").value is None and sb.select_slider(key="f_conf").value == default["conf"]
    assert sb.multiselect(key="f_kind").value == [] and sb.multiselect(key="f_country").value == []
    assert (sb.date_input(key="f_from").value, sb.date_input(key="f_to").value) == (default["from"], default["to"])
    assert not any(k in at.query_params for k in ("from", "to", "sponsor", "kind", "conf", "country"))
    assert at.session_state["pa_filters"].params() == open_tiny("pages/2_Timeline.py", monkeypatch).session_state[
        "pa_filters"].params()


def test_to_before_from_is_read_as_the_same_window_swapped(monkeypatch):
    at = open_tiny("pages/2_Timeline.py", monkeypatch)
    at.sidebar.date_input(key="f_from").set_value(date(2023, 12, 31)).run()
    at.sidebar.date_input(key="f_to").set_value(date(2023, 1, 1)).run()
    assert not at.exception, at.exception
    filters = at.session_state["pa_filters"]
    assert (filters.date_from, filters.date_to) == (date(2023, 1, 1), date(2023, 12, 31))
    assert (at.query_params["from"], at.query_params["to"]) == ("2023-01-01", "2023-12-31")
