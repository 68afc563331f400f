"""Briefing packs: the time to gather a pack's content (its queries, the network's layout and SVG, the
timeline's SVG), typeset the PDF, write the HTML, and compare the data with a baseline, on a freshly
loaded snapshot each run (so nothing is served from the snapshot's cache), as the CLI makes a pack."""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pypdf

from proxyatlas import baseline, diff
from proxyatlas.config import Settings
from proxyatlas.filters import Filters
from proxyatlas.pack import content, page, pdf
from proxyatlas.store import Store

from .timing import Sample, timed

WINDOW = Filters(date(1900, 1, 1), date(2100, 1, 1))


@dataclass(frozen=True)
class PackTimes:
    gather: Sample
    pdf: Sample
    html: Sample
    compare: Sample
    pages: int
    pdf_kb: float
    html_kb: float

    @property
    def total(self) -> float:
        """Median of a whole pack in both formats (gather + PDF + HTML)."""
        return self.gather.median + self.pdf.median + self.html.median


def measure(data: Path, reps: int) -> PackTimes:
    times: dict[str, list[float]] = {"gather": [], "pdf": [], "html": [], "compare": []}
    made: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        first = Store(Settings(data, "TLP:CLEAR")).state().good
        saved = baseline.save(first, "bench", data, Path(tmp))
        for _ in range(reps):
            snap = Store(Settings(data, "TLP:CLEAR")).state().good
            times["gather"].append(timed(lambda: made.update(pack=content.gather(snap, WINDOW))))
            times["pdf"].append(timed(lambda: made.update(pdf=pdf.render(made["pack"]))))
            times["html"].append(timed(lambda: made.update(html=page.render(made["pack"]))))
            times["compare"].append(timed(lambda: diff.compare(snap, saved)))
            snap.con.close()
    pages = len(pypdf.PdfReader(io.BytesIO(made["pdf"])).pages)
    return PackTimes(*(Sample(tuple(times[k])) for k in ("gather", "pdf", "html", "compare")), pages,
                     len(made["pdf"]) / 1024, len(made["html"].encode()) / 1024)


def section(packs: dict[str, PackTimes], reps: int) -> list[str]:
    """The Markdown section of bench/results.md."""
    head = ["dataset", "gather ms", "PDF ms", "HTML ms", "pack, both formats ms", "compare with a baseline ms",
            "PDF pages", "PDF KiB", "HTML KiB"]
    rows = [[label, str(t.gather), str(t.pdf), str(t.html), f"{t.total:,.0f}", str(t.compare), str(t.pages),
             f"{t.pdf_kb:,.0f}", f"{t.html_kb:,.0f}"] for label, t in packs.items()]
    return [f"## Briefing packs (bench/packs.py, median of {reps})", "",
            "The whole window of each dataset, on a freshly loaded snapshot each run (load not included; see "
            "above): gather = the pack's queries, the network laid out and drawn as SVG, the timeline rendered "
            "by vl-convert; PDF = typst typesetting the template; HTML = writing the offline file; compare = "
            "`diff.compare` with a baseline of the same data (what `--since` adds).", "",
            "| " + " | ".join(head) + " |", "|" + "---|" * len(head),
            *("| " + " | ".join(r) + " |" for r in rows), ""]
