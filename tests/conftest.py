"""Shared fixtures: data folders to load, and the loaded tiny dataset."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from proxyatlas import loader
from proxyatlas.config import BUNDLED_DATA
from proxyatlas.filters import Filters

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TINY = FIXTURES / "tiny"
BROKEN = FIXTURES / "broken"
ALL_TIME = Filters(date(1900, 1, 1), date(2100, 12, 31))


@pytest.fixture
def tiny_copy(tmp_path: Path) -> Path:
    """A private, editable copy of the tiny dataset."""
    target = tmp_path / "data"
    shutil.copytree(TINY, target)
    return target


@pytest.fixture
def bundled_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(BUNDLED_DATA, target)
    return target


@pytest.fixture(scope="session")
def tiny():
    """The tiny dataset loaded at the default ceiling (TLP:CLEAR)."""
    result = loader.load(TINY)
    assert result.problems == []
    return result.con


@pytest.fixture(scope="session")
def tiny_red():
    result = loader.load(TINY, "TLP:RED")
    assert result.problems == []
    return result.con


@pytest.fixture(scope="session")
def bundled():
    result = loader.load(BUNDLED_DATA)
    assert result.problems == [], "\n".join(map(str, result.problems))
    return result.con
