"""The pack as a PDF, typeset by the typst compiler that the ``typst`` wheel carries (fonts inside).

The template (pack.typ) is in the repo and imports no package, so nothing is downloaded. The
content goes in as one JSON string through ``sys.inputs``: data, never markup.
"""

from __future__ import annotations

import json
from pathlib import Path

import typst

TEMPLATE = Path(__file__).with_name("pack.typ")


def render(content: dict) -> bytes:
    """PDF bytes of the pack. typst tags it (headings, paragraphs, tables, lists, figures with alt text;
    header and footer as pagination artifacts). Not checked as PDF/UA-1: typst's check refuses any text
    its bundled fonts cannot draw (an emoji, a script they lack), and data may hold such text."""
    return typst.compile(TEMPLATE, root=TEMPLATE.parent, ignore_system_fonts=True,
                         sys_inputs={"data": json.dumps(content, ensure_ascii=False)})
