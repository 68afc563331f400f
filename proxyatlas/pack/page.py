"""The pack as one offline HTML file: charts inlined as SVG, marking bars fixed at top and bottom.

Every string of the content is HTML-escaped; the two images are SVG that this code or
vl-convert drew (their text escaped by the same rules). A Content-Security-Policy allows no
script at all and no request off the file, so even a string that slipped through could not act.
"""

from __future__ import annotations

from html import escape

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

STYLE = """
:root { --bar: 2.4rem; }
body { font-family: Georgia, 'Libertinus Serif', serif; margin: 0; padding: calc(var(--bar) + 1rem) 2rem;
       max-width: 60rem; line-height: 1.4; overflow-wrap: anywhere; }
.marking { position: fixed; left: 0; right: 0; height: var(--bar); background: #000; display: flex;
           align-items: center; justify-content: space-between; padding: 0 1rem; z-index: 10;
           font: bold 14pt 'DejaVu Sans Mono', monospace; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
.marking.top { top: 0; } .marking.bottom { bottom: 0; }
.marking small { color: #fff; font: 10pt sans-serif; }
table { border-collapse: collapse; margin: 0.5rem 0; }
td, th { border: 1px solid #bbb; padding: 0.2rem 0.4rem; text-align: left; vertical-align: top; }
figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; }
.muted { color: #555; font-size: 0.85em; }
.statement { margin: 0.6rem 0; break-inside: avoid; }
h1, h2 { break-after: avoid; }
@page { margin: 2.2cm 1.5cm;
        @bottom-center { content: "Page " counter(page) " of " counter(pages); font: 10pt sans-serif; } }
@media print { body { padding: 0.5rem 0; max-width: none; }
               .marking.top { top: -1.6cm; } .marking.bottom { bottom: -1.6cm; } }
"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _table(columns: list[str] | None, rows: list[list[str]]) -> str:
    head = "<tr>" + "".join(f"<th>{_e(c)}</th>" for c in columns) + "</tr>" if columns else ""
    body = "".join("<tr>" + "".join(f"<td>{_e(v)}</td>" for v in row) + "</tr>" for row in rows)
    return f"<table>{head}{body}</table>"


def _figure(image: dict) -> str:
    if not image["svg"]:
        return f"<p>{_e(image['caption'])}</p>"
    # The SVG is ours or vl-convert's, not data: it goes in as markup, labelled for screen readers.
    return (f'<figure role="img" aria-label="{_e(image["alt"])}">{image["svg"]}'
            f"<figcaption>{_e(image['caption'])}</figcaption></figure>")


def _statement(s: dict) -> str:
    parts = [f"<strong>{_e(s['date'])}</strong> · {_e(s['says'])}"]
    if s["quote"]:
        parts.append(f"<br><em>“{_e(s['quote'])}”</em>")
    if s["note"]:
        parts.append(f'<br><span class="muted">Note: {_e(s["note"])}</span>')
    cred = f" · credibility {_e(s['credibility'])}" if s["credibility"] else ""
    parts.append(f'<br><span class="muted">Best reliability {_e(s["reliability"])}{cred} · '
                 f'{_e("; ".join(s["sources"]))}</span>')
    return f'<div class="statement">{"".join(parts)}</div>'


def _disputes(d: dict) -> str:
    out = ['<p class="muted">The most contested disputes in the window, most contested first; each statement in '
           "order, with who said it, what, when, and the reliability of the sources reporting it.</p>"]
    if not d["disputes"]:
        out.append("<p>No claims about events in this window.</p>")
    for dispute in d["disputes"]:
        out.append(f"<h2>{_e(dispute['title'])} · {_e(dispute['date'])}</h2>")
        out.append(f'<p class="muted">{_e(dispute["status"])} · {dispute["claims"]} claims by '
                   f'{dispute["claimants"]} claimants · contest score {_e(dispute["score"])}</p>')
        out += [_statement(s) for s in dispute["statements"]]
    if d["more_disputes"]:
        out.append(f'<p class="muted">The window holds {d["more_disputes"]} more disputed events; '
                   "see the Attribution page.</p>")
    return "\n".join(out)


def _changes(c: dict) -> str:
    out = [f"<h1>{_e(c['title'])}</h1>"]
    if c["intro"]:
        out.append(f"<p>{_e(c['intro'])}</p>")
    for section in c["sections"]:
        out.append(f"<h2>{_e(section['heading'])}</h2>" + _table(section["columns"], section["rows"]))
    return "\n".join(out)


def _source(s: dict) -> str:
    title = f"{_e(s['title'])} (a description: the headline is not confirmed)" if s["described"] else f"“{_e(s['title'])}”"
    url = f'<br><code>{_e(s["url"])}</code>' if s["url"] else ""  # shown as text: a pack opens nothing
    return f"<li>{_e(s['publisher'])}, {_e(s['published'])}: {title} · reliability {_e(s['reliability'])}{url}</li>"


def render(d: dict) -> str:
    """The pack's content (``content.gather``) as a self-contained HTML document."""
    label = f'<span style="color:{_e(d["marking_colour"])}">{_e(d["marking"])}</span>'
    facts = d["filters"] + [["Data as of", f"{d['data_as_of']} (latest fact)"], ["Generated at", d["generated_at"]],
                            ["Marking", f"{d['marking']} (the highest marking of any row in this pack; "
                                        f"ceiling {d['ceiling']})"]]
    sources = "".join(_source(s) for s in d["sources"]) or "<li>No sources are cited in this pack.</li>"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="referrer" content="no-referrer">
<title>{_e(d['title'])} · {_e(d['window'])} · {_e(d['marking'])}</title>
<style>{STYLE}</style></head>
<body>
<div class="marking top" role="note" aria-label="Marking">{label}<small>Proxy Atlas briefing pack</small></div>
<main>
<h1>{_e(d['title'])}</h1>
<p>{_e(d['subject'])}</p>
{_table(None, facts)}
<p class="muted">Every fact cites its sources. Claims are attributed to who made them, never the tool's own judgment.</p>
<h1>Headline figures</h1>
{_table(None, d['headline'])}
<h1>The network</h1>
{_figure(d['network'])}
<h1>The timeline</h1>
{_figure(d['timeline'])}
<h1>Contested attributions</h1>
{_disputes(d)}
{_changes(d['changes'])}
<h1>Caveats</h1>
<ul>{''.join(f'<li>{_e(c)}</li>' for c in d['caveats'])}</ul>
<h1>Sources cited</h1>
<ul>{sources}</ul>
</main>
<div class="marking bottom" role="note" aria-label="Marking">{label}<small>{_e(d['marking'])} · Proxy Atlas</small></div>
</body></html>
"""
