"""Writes tests/mutation.md from mutmut's results in mutants/: the score per module and every
surviving mutant in the target modules with the reason it is equivalent.

`make mutation` runs mutmut, then this (``python -m tests.mutation_report``). The reasons live in
tests/mutation_equivalent.toml, keyed by the mutated lines rather than mutmut's numbering, which
shifts whenever a function changes. It exits non-zero when a target module kills fewer than
TARGET of its mutants or a survivor there has no recorded reason, so a missed target fails the run.
"""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

from mutmut.mutation.diff_apply import get_diff_for_mutant
from mutmut.stats import status_by_exit_code

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "proxyatlas"
TARGETS = ("filters", "export", "text", "markings", "access", "queries", "loader")
TARGET = 0.80
REASONS = ROOT / "tests" / "mutation_equivalent.toml"
REPORT = ROOT / "tests" / "mutation.md"


def results() -> dict[str, dict[str, str]]:
    """Status of every mutant, by module name then mutant name."""
    out = {}
    for meta in sorted((ROOT / "mutants" / PACKAGE).glob("*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        if codes:
            out[meta.name.removesuffix(".py.meta")] = {k: status_by_exit_code[v] for k, v in codes.items()}
    return out


def mutation(module: str, mutant: str) -> str:
    """The changed lines of a mutant ("-old" then "+new"), stripped of indentation."""
    diff = get_diff_for_mutant(mutant, path=Path(PACKAGE) / f"{module}.py").splitlines()
    changed = [line for line in diff[2:] if line[:1] in "+-"]
    return "\n".join(line[0] + line[1:].strip() for line in changed)


def reasons() -> dict[tuple[str, str], str]:
    """Why each listed survivor is left: equivalent, or (``bug = true``) kept alive by a reported bug.
    An entry names one mutation (``mutation``), or with ``line`` every mutation of that source line."""
    entries = tomllib.loads(REASONS.read_text(encoding="utf-8"))["equivalent"]
    return {(e["module"], e["mutation"].strip() if "mutation" in e else "-" + e["line"].strip()):
            ("NOT equivalent, a reported bug: " if e.get("bug") else "") + e["why"] for e in entries}


def reason(known: dict[tuple[str, str], str], module: str, change: str) -> str | None:
    """The reason recorded for this exact mutation, else for its source line."""
    return known.get((module, change)) or known.get((module, change.splitlines()[0]))


def score_rows(by_module: dict[str, dict[str, str]]) -> list[str]:
    rows = ["| module | killed | survived | other | not run | total | killed % |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    for module, statuses in by_module.items():
        count = {status: sum(s == status for s in statuses.values()) for status in ("killed", "survived", "not checked")}
        total = len(statuses)
        other = total - sum(count.values())
        mark = " (target)" if module in TARGETS else ""
        score = "not run" if count["not checked"] == total else f"{100 * count['killed'] / total:.1f}"
        rows.append(f"| `{module}.py`{mark} | {count['killed']} | {count['survived']} | {other} "
                    f"| {count['not checked']} | {total} | {score} |")
    return rows


def main() -> int:
    by_module = results()
    if not by_module:
        print("no mutmut results in mutants/: run `mutmut run` first", file=sys.stderr)
        return 2
    known = reasons()
    failures = []
    lines = [
        "# Mutation testing",
        "",
        "Written by `make mutation` (mutmut over `proxyatlas/`, the non-browser tests); do not edit by hand.",
        "\"Other\" counts mutants that timed out or that no test reaches; they are listed with the survivors",
        "below, as no test failed on them. The score is killed over total, so a mutant not run counts against it.",
        f"Target: at least {TARGET:.0%} killed in {', '.join(f'`{m}.py`' for m in TARGETS)}, and every",
        "survivor there equivalent to the original (the reasons are kept in `tests/mutation_equivalent.toml`).",
        "mutmut leaves decorated functions alone (but for static and class methods): the `lru_cache`d",
        "`queries.sql` and `queries.parameters` are tested in tests/test_queries.py but not mutated.",
        "",
        *score_rows(by_module),
        "",
        "## Surviving mutants in the target modules",
    ]
    for module in TARGETS:
        statuses = by_module.get(module)
        if not statuses:
            failures.append(f"{module}.py: no results")
            continue
        killed = sum(s == "killed" for s in statuses.values())
        if killed < TARGET * len(statuses):
            failures.append(f"{module}.py: {killed}/{len(statuses)} killed")
        unrun = sum(s == "not checked" for s in statuses.values())
        if unrun:
            failures.append(f"{module}.py: {unrun} mutants not run")
        survivors = sorted(k for k, s in statuses.items() if s not in ("killed", "not checked"))
        if survivors:
            lines += ["", f"### `{module}.py`", ""]
        for mutant in survivors:
            change = mutation(module, mutant)
            why = reason(known, module, change)
            if why is None:
                failures.append(f"{mutant}: {statuses[mutant]}, no reason recorded")
                why = "NOT EXPLAINED: needs a test that kills it, or a reason in tests/mutation_equivalent.toml"
            short = mutant.rpartition(".")[2].replace("ǁ", ".").lstrip("x.")
            lines += [f"- `{short}` ({statuses[mutant]})", "  ```diff", *(f"  {c}" for c in change.splitlines()),
                      "  ```", f"  {why}"]
    if failures:
        lines += ["", "## Target missed", "", *(f"- {f}" for f in failures)]
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {REPORT.relative_to(ROOT)}")
    for failure in failures:
        print("target missed:", failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
