"""proxyatlas.by_content: results kept by what their tables hold."""

from __future__ import annotations

import numpy as np
import pandas as pd

from proxyatlas import by_content


def table(**columns) -> pd.DataFrame:
    return pd.DataFrame({"event_id": ["a", "b"], "title": ["One", "Two"], "fatalities": pd.array([1, None], "Int32"),
                         "date_lo": pd.to_datetime(["2023-10-07", "2024-01-01"]), **columns})


def test_equal_tables_have_one_digest_and_any_difference_changes_it():
    base = by_content.digest(table())
    assert by_content.digest(table()) == base
    assert by_content.digest(table(title=["One", "Twp"])) != base  # a cell
    assert by_content.digest(table().set_axis([5, 6])) != base  # the index
    assert by_content.digest(table().rename(columns={"title": "name"})) != base  # a column's name
    assert by_content.digest(table()[["title", "event_id", "fatalities", "date_lo"]]) != base  # their order
    assert by_content.digest(table().astype({"fatalities": "float64"})) != base  # a type
    assert by_content.digest(table(sources=[["s1", "s2"], ["s3"]])) == by_content.digest(table(sources=[["s1", "s2"], ["s3"]]))
    assert by_content.digest(table(sources=[["s1", "s2"], ["s3"]])) != by_content.digest(table(sources=[["s1"], ["s2", "s3"]]))
    assert by_content.digest(table(sources=[np.array(["s1"] * 2000), ["s3"]])) != by_content.digest(
        table(sources=[np.array(["s1"] * 1999 + ["s2"]), ["s3"]]))  # a long list by every item


def test_a_memoised_function_runs_once_per_content_and_argument():
    calls = []

    @by_content.memo(size=2)
    def marks(df: pd.DataFrame, limit: int) -> pd.DataFrame:
        calls.append(limit)
        return df.head(limit)

    first = marks(table(), 1)
    assert marks(table(), 1) is first and calls == [1]  # another object, the same rows
    assert marks(table(), limit=1) is not None and marks(table(), 2) is not first
    assert marks(table(title=["x", "y"]), 1)["title"].tolist() == ["x"]
    assert len(calls) == 4
    marks(table(), 1)  # evicted by the two since (size 2): worked out again
    assert len(calls) == 5
