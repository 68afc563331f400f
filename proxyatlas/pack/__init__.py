"""Briefing packs: the current view as a PDF and as one offline HTML file, marked TLP 2.0.

``content.gather`` collects what the pack says from the named queries; ``pdf.render`` and
``page.render`` draw that same content in each format.
"""
