"""Benchmarks at 100× the bundled data: `python -m bench` (or `make bench`) runs them all and
writes bench/results.md. Not part of the tests; speed is never asserted in a timed test.

Modules: generate (synthetic data in the contract), datasets (the sets used, cached under
bench/data/), loading (load and reload), apptests (pages under AppTest, the naive peer),
browser (the real server in chromium: drawing and memory), targets (what counts as met),
report (the table and results.md). peer_naive.py and bare_page.py are Streamlit pages.
"""
