"""Shared fixtures: data folders to load, and the loaded tiny dataset."""

from __future__ import annotations

import json
import os
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


# Under mutmut, a mutant of the loader, of queries.run or of markings.level is judged by its module's own
# tests. Every page test loads data, runs queries and reads markings, so mutmut would run nearly the whole
# suite (~6 min) for each such mutant that survives, and for many it kills late; these files hold the
# modules' own cases (~80 s for the loader's, less for the others). A mutant that only another test would
# kill counts as surviving: the score is a lower bound.
JUDGED_BY = {
    "proxyatlas.loader.": ("test_loader.py", "test_validation.py", "test_reload.py", "test_store.py",
                           "test_contract.py", "test_markings.py"),
    "proxyatlas.queries.x_run_": ("test_queries.py", "test_scope.py", "test_search.py", "test_attribution_rules.py"),
    "proxyatlas.markings.x_level_": ("test_markings.py", "test_page_marking.py"),
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under mutmut (`make mutation`), run only the tests that judge the module (`JUDGED_BY`), the
    quickest first: a mutant is killed by its first failing test (pytest -x), so a quick unit test
    spares the slow page runs."""
    stats = Path("mutmut-stats.json")  # mutmut runs the tests from mutants/, where it keeps this
    mutant = os.environ.get("MUTANT_UNDER_TEST", "")
    if "__mutmut_" not in mutant or not stats.is_file():
        return
    judges = next((files for prefix, files in JUDGED_BY.items() if mutant.startswith(prefix)), None)
    if judges is not None:
        kept = [item for item in items if item.path.name in judges]
        config.hook.pytest_deselected(items=[item for item in items if item.path.name not in judges])
        items[:] = kept
    duration = json.loads(stats.read_text(encoding="utf-8"))["duration_by_test"]
    items.sort(key=lambda item: duration.get(item.nodeid, 0.0))


def load_with_rows(folder: Path, **rows: list[str]):
    """Append CSV rows to the named files of a data folder (``actors=[...]``), load it, return the database."""
    for name, lines in rows.items():
        with open(folder / f"{name}.csv", "a", encoding="utf-8") as fh:
            fh.write("".join(line + "\n" for line in lines))
    result = loader.load(folder)
    assert result.problems == [], "\n".join(map(str, result.problems))
    return result.con


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
