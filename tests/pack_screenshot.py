"""A page of the briefing pack as a PNG for the README: `python -m tests.pack_screenshot` (or `make screenshots`).

Builds the pack of the bundled data's default view exactly as `python -m proxyatlas brief data --out ...`
does and renders one page with pdfium (pypdfium2) to docs/screenshots/pack-page-N.png.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd
import pypdfium2

from proxyatlas.config import BUNDLED_DATA, Settings
from proxyatlas.filters import Filters
from proxyatlas.pack import content, pdf
from proxyatlas.store import Store

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=BUNDLED_DATA, help="data folder (default: data/)")
    parser.add_argument("--page", type=int, default=3, help="which page, from 1 (default 3: the disputes begin)")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the PNG (default: docs/screenshots/)")
    args = parser.parse_args(argv)
    state = Store(Settings(args.data.resolve(), "TLP:CLEAR")).state()
    if state.good is None:
        print(f"{args.data} does not validate:\n" + "\n".join(map(str, state.problems)), file=sys.stderr)
        return 1
    snap = state.good
    extent = snap.query("meta/extent").iloc[0]
    view = Filters(pd.Timestamp(extent["first_day"]).date(), pd.Timestamp(extent["last_day"]).date())
    document = pypdfium2.PdfDocument(pdf.render(content.gather(snap, view)))
    if not 1 <= args.page <= len(document):
        print(f"the pack has {len(document)} pages", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / f"pack-page-{args.page}.png"
    document[args.page - 1].render(scale=1.5).to_pil().save(target)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
