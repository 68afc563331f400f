"""The Streamlit layer: what every page shares (data, sidebar filters, search, footer).

Pages import from here and from ``proxyatlas``; all logic lives in ``proxyatlas``.
"""
