"""The network drawing as the component is sent it: columns, each distinct string once.

A view's nodes and edges go as tables of columns, a cell per item, each distinct string (and arrowhead or
curve setting) once in a shared list; `unpacked` (and dashboard/network.js) rebuild the vis items.
"""

from __future__ import annotations

import re

import numpy as np

# What the component is sent: the drawing's nodes and edges as columns, each distinct string (and
# arrowhead or curve setting) once in a shared list. Tooltips are most of a view's bytes, and most of
# their text recurs (actors' names, "Confidence: high", the source labels of many ties), so a tooltip goes
# as the numbers of its pieces: its lines, cut at these separators (kept as pieces of their own).
_PIECES = re.compile(r"(; | — | → | – )")
NUMBER, TEXT, PIECES = "n", "t", "p"  # how a column's cells are sent: as they are, a text number, piece numbers


class Texts(dict):
    """The shared list of distinct values (`values`), as a dict from each string (or the repr of each other
    value: an arrowhead's or a curve's settings, built the same way every time) to its number in it."""

    def __init__(self) -> None:
        super().__init__()
        self.values: list = []
        self._lines: dict[str, list[int]] = {}

    def __missing__(self, key) -> int:
        self[key] = found = len(self.values)
        self.values.append(key)
        return found

    def number(self, value) -> int:
        if isinstance(value, str):
            return self[value]
        key = ("repr", repr(value))
        found = self.get(key)
        if found is None:
            found = self[key] = len(self.values)
            self.values.append(value)
        return found

    def pieces(self, title: str) -> list[int]:
        lines, known, split = self._lines, self, _PIECES.split
        out: list[int] = []
        for line in title.split("\n"):
            numbers = lines.get(line)
            if numbers is None:
                numbers = lines[line] = [known[p] for p in split(line) if p]
            out.extend(numbers)
            out.append(known["\n"])
        out.pop()
        return out


class Column:
    """One key of a table of items, a cell per item: NUMBER as floats (nan: the item has no such key), TEXT as
    numbers in the shared list (-1: none), PIECES as the flat numbers of every item's pieces and each item's
    start in them (`offsets`, one more than the items)."""

    def __init__(self, kind: str, cells: np.ndarray, offsets: np.ndarray | None = None):
        self.kind, self.cells, self.offsets = kind, cells, offsets

    @classmethod
    def of(cls, key: str, values: list, texts: Texts) -> "Column":
        """`values` (None: no such key) as a column, by their kind."""
        present = [v for v in values if v is not None]
        if key == "title":
            pieces = [[] if v is None else texts.pieces(v) for v in values]
            offsets = np.zeros(len(values) + 1, np.int64)
            np.cumsum([len(p) for p in pieces], out=offsets[1:])
            return cls(PIECES, np.fromiter((n for p in pieces for n in p), np.int32, int(offsets[-1])), offsets)
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
            return cls(NUMBER, np.array([np.nan if v is None else float(v) for v in values], np.float64))
        return cls(TEXT, np.array([-1 if v is None else texts.number(v) for v in values], np.int32))

    def numbers(self, rows: np.ndarray) -> np.ndarray:
        """The text numbers the cells of `rows` use."""
        if self.kind == TEXT:
            cells = self.cells[rows]
            return cells[cells >= 0]
        return self.cells[_spans(self.offsets, rows)] if self.kind == PIECES else np.empty(0, np.int32)

    def sent(self, rows: np.ndarray, renumber: np.ndarray) -> list:
        """The cells of `rows` as the component reads them, text numbers as `renumber` maps them."""
        if self.kind == NUMBER:
            cells = self.cells[rows]
            return [None if v != v else v for v in cells.tolist()]
        if self.kind == TEXT:
            cells = self.cells[rows]
            out = np.where(cells >= 0, renumber[np.maximum(cells, 0)], -1).tolist()
            return [None if v < 0 else v for v in out] if (cells < 0).any() else out
        lengths = self.offsets[rows + 1] - self.offsets[rows]
        return [renumber[self.cells[_spans(self.offsets, rows)]].tolist(), lengths.tolist()]


def _spans(offsets: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """The flat positions of `rows`' pieces, row after row (offsets as in _Column)."""
    starts, lengths = offsets[rows], offsets[rows + 1] - offsets[rows]
    ends = np.cumsum(lengths)
    return np.arange(int(ends[-1]) if len(ends) else 0) + np.repeat(starts - (ends - lengths), lengths)


def key_order(key: str) -> tuple[bool, str]:
    """The order of a table's columns: tooltips first (their pieces are most of the references, so they get
    the shortest numbers), then by name."""
    return key != "title", key


def columns(items: list[dict], texts: Texts, skip: tuple[str, ...] = ()) -> dict[str, Column]:
    """Items (vis-network's dicts) as columns, a column per key any of them has."""
    keys = sorted({key for item in items for key in item if key not in skip}, key=key_order)
    return {key: Column.of(key, [item.get(key) for item in items], texts) for key in keys}


def unpacked(sent: dict) -> dict:
    """The drawing a `graph_draw.Catalogue.sent` view is (what network.js rebuilds in the browser): vis items as dicts."""
    text = sent["text"]

    def items(table: dict) -> list[dict]:
        out: list[dict] = [{} for _ in range(table["count"])]
        for key, kind, cells in zip(table["keys"], table["kinds"], table["columns"]):
            if kind == PIECES:
                flat, lengths = cells
                at = 0
                for item, n in zip(out, lengths):
                    item[key] = "".join(text[i] for i in flat[at:at + n])
                    at += n
                continue
            for item, cell in zip(out, cells):
                if cell is not None:
                    item[key] = cell if kind == NUMBER else text[cell]
        return out

    return {"nodes": items(sent["nodes"]), "edges": items(sent["edges"]), "options": sent["options"]}
