"""Sign-in, when the deployment configures it (an ``[auth]`` section in .streamlit/secrets.toml)."""

from __future__ import annotations

import os

import streamlit as st

from proxyatlas.access import allowed, parse_allowlist


def _configured() -> bool:
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # no secrets.toml: a local or public deployment
        return False


def require_sign_in() -> None:
    """Stop the page unless the viewer is signed in and on the allowlist (if sign-in is set up)."""
    if not _configured():
        return
    if not st.user.is_logged_in:
        st.title("Proxy Atlas")
        st.info("Sign in with your organisation's account to view this briefing.")
        st.button("Sign in", on_click=st.login, icon=":material/login:")
        st.stop()
    if not allowed(st.user.get("email"), parse_allowlist(os.environ.get("PROXYATLAS_ALLOWED_USERS"))):
        st.error("Your account is signed in but not allowed to view this deployment.")
        st.button("Sign out", on_click=st.logout)
        st.stop()
