"""Importers for the standard conflict-event datasets: ACLED, UCDP GED and GTD.

Each dataset has a module that maps its export's rows into the contract (``acled``, ``ucdp``,
``gtd``); what they share has a module of its own: reading an export with file/line/column
errors (``reading``), parsing its cells (``cells``), matching its actor names through the
crosswalk (``matching``), building contract rows (``records``), the release's source row
(``release``), merging and publishing the files atomically (``publish``), the unmatched-names
report (``report``) and the run that ties them together (``run``).
"""
