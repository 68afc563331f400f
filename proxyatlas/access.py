"""Who may view a deployment behind the organisation's sign-in.

``PROXYATLAS_ALLOWED_USERS`` lists e-mail addresses and ``@domain`` entries, comma-separated.
Streamlit's OIDC sign-in (``st.login``) proves who the viewer is; this decides whether they
may see the data. An empty allowlist admits every signed-in user.
"""

from __future__ import annotations


def parse_allowlist(text: str | None) -> tuple[str, ...]:
    return tuple(e.strip().lower() for e in (text or "").split(",") if e.strip())


def allowed(email: str | None, allowlist: tuple[str, ...]) -> bool:
    if not allowlist:
        return True
    if not email or "@" not in email:
        return False
    email = email.strip().lower()
    domain = "@" + email.rsplit("@", 1)[1]
    return email in allowlist or domain in allowlist
