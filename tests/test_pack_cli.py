"""``python -m proxyatlas brief`` and ``baseline``, run as a briefer runs them: exit codes, files, messages."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pypdf
import pytest

from .conftest import BROKEN, TINY

ROOT = Path(__file__).resolve().parent.parent


def cli(*args: str, baselines: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PROXYATLAS_")}
    environ.update({"PROXYATLAS_BASELINES": str(baselines), **(env or {})})
    return subprocess.run([sys.executable, "-m", "proxyatlas", *args], capture_output=True, text=True,
                          cwd=ROOT, env=environ, timeout=300)


def test_brief_writes_both_formats_with_the_filters_and_a_comparison(tmp_path):
    saved = cli("baseline", "save", str(TINY), "monday", baselines=tmp_path / "b")
    assert saved.returncode == 0, saved.stderr
    assert "saved baseline 'monday'" in saved.stdout and (tmp_path / "b" / "monday" / "events.parquet").is_file()
    ids = duckdb.connect().execute("SELECT list(actor_id) FROM read_parquet($p)",
                                   {"p": str(tmp_path / "b" / "monday" / "actors.parquet")}).fetchone()[0]
    assert "iran" in ids and "secret_cell" not in ids  # the AMBER actor stays off this disk
    listed = cli("baseline", "list", baselines=tmp_path / "b")
    assert listed.returncode == 0 and listed.stdout.startswith("monday\t")
    pdf, html = tmp_path / "pack.pdf", tmp_path / "pack.html"
    done = cli("brief", str(TINY), "--out", str(pdf), "--html", str(html), "--from", "2023-01-01", "--to", "2024-12-31",
               "--sponsor", "irgc", "--min-confidence", "low", "--since", "monday", "--top", "1",
               baselines=tmp_path / "b")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"wrote {pdf} (TLP:CLEAR)", f"wrote {html} (TLP:CLEAR)"]
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert "Window 2023-01-01 to 2024-12-31" in text and "Sponsor network Islamic Revolutionary Guard Corps" in text
    assert "What changed since the last briefing" in text and "Compared with baseline 'monday'" in text
    assert "Nothing changed." in text
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "What changed since the last briefing" in page


def test_brief_under_a_higher_ceiling_marks_the_pack_with_its_highest_row(tmp_path):
    pdf = tmp_path / "amber.pdf"
    done = cli("brief", str(TINY), "--out", str(pdf), "--max-marking", "tlp:amber", baselines=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"wrote {pdf} (TLP:AMBER)"
    first = pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages[0].extract_text()
    assert first.count("TLP:AMBER") >= 2


@pytest.mark.parametrize("args,message", [
    (["--since", "lastweek"], "error: no baseline named 'lastweek' in"),
    (["--from", "2023-02-30"], "error: --from '2023-02-30' is not a date: use YYYY-MM-DD"),
    (["--to", "yesterday"], "error: --to 'yesterday' is not a date"),
    (["--from", "2024-01-01", "--to", "2023-01-01"], "error: --to 2023-01-01 is before --from 2024-01-01"),
    (["--sponsor", "narnia"], "error: unknown sponsor 'narnia': choose one of iran, irgc"),
    (["--max-marking", "TLP:BLUE"], "error: unknown marking 'TLP:BLUE'"),
    (["--kind", "wizard"], "error: unknown actor kind 'wizard'"),
    (["--country", "Iran"], "error: bad country code 'IRAN'"),
    (["--since", "../etc"], "error: bad baseline name '../etc'"),
], ids=["missing-baseline", "bad-from", "bad-to", "reversed", "unknown-sponsor", "bad-marking", "bad-kind",
        "bad-country", "path-as-name"])
def test_bad_input_exits_2_with_one_clear_line_and_writes_nothing(args, message, tmp_path):
    out = tmp_path / "pack.pdf"
    done = cli("brief", str(TINY), "--out", str(out), *args, baselines=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.startswith(message), done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert not out.exists()


def test_brief_needs_an_output_and_a_data_folder_that_validates(tmp_path):
    done = cli("brief", str(TINY), baselines=tmp_path)
    assert done.returncode == 2 and "--out PACK.pdf and/or --html PACK.html" in done.stderr
    broken = cli("brief", str(BROKEN / "bad_enum"), "--out", str(tmp_path / "x.pdf"), baselines=tmp_path)
    assert broken.returncode == 1 and "problem(s) in" in broken.stderr and not (tmp_path / "x.pdf").exists()
    assert "Traceback" not in broken.stderr and "bad_enum" in broken.stderr
    missing = cli("brief", str(tmp_path / "nowhere"), "--out", str(tmp_path / "x.pdf"), baselines=tmp_path)
    assert missing.returncode == 2 and missing.stderr.startswith("error: no data folder at")


def test_baseline_save_refuses_a_name_taken_and_a_baseline_above_the_ceiling_is_not_read(tmp_path):
    assert cli("baseline", "save", str(TINY), "wk1", "--max-marking", "TLP:AMBER", baselines=tmp_path).returncode == 0
    again = cli("baseline", "save", str(TINY), "wk1", baselines=tmp_path)
    assert again.returncode == 2 and "a baseline named 'wk1' already exists" in again.stderr
    refused = cli("brief", str(TINY), "--out", str(tmp_path / "x.pdf"), "--since", "wk1", baselines=tmp_path)
    assert refused.returncode == 2 and "saved under TLP:AMBER, above this deployment's ceiling TLP:CLEAR" in refused.stderr
