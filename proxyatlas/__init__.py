"""Proxy Atlas core: data loading, validation, named queries, graph and chart building.

This package never imports streamlit (an import-linter contract in pyproject.toml
holds it to that), so everything here is tested without a server.
"""

__version__ = "0.1.0"
