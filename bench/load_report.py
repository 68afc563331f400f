"""The figures of a `python -m bench.load` run, as a section of bench/load_results.md.

Each kind of run owns one section, found by its heading ("## " line) and replaced when the run is
repeated; other sections (the browser check's, the publish step's) are left as they are.
"""

from __future__ import annotations

import os
import statistics
from pathlib import Path

from .timing import machine

RESULTS = Path(__file__).resolve().parent / "load_results.md"
HEADER = ("# Load tests\n\nEach section is written by the command it names, which replaces its own section "
          "when it runs again.\n")
TARGET_P95_S = 2.0


def replace_section(path: Path, heading: str, text: str) -> None:
    """Put `text` (which starts with `heading`) in place of the section under `heading`, or append it."""
    old = path.read_text(encoding="utf-8") if path.exists() else HEADER
    lines = old.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.rstrip("\n") == heading), None)
    body = text.rstrip("\n") + "\n\n"
    if start is None:
        new = old.rstrip("\n") + "\n\n" + body
    else:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        new = "".join(lines[:start]) + body + "".join(lines[end:])
    path.write_text(new.rstrip("\n") + "\n", encoding="utf-8")


def settings() -> str:
    """Streamlit settings this run gave the servers through the environment (STREAMLIT_*)."""
    return ", ".join(f"{k}={v}" for k, v in sorted(os.environ.items())
                     if k.startswith("STREAMLIT_") and k != "STREAMLIT_SERVER_COOKIE_SECRET")


def where(run) -> str:
    n = run.args.replicas
    return ("one server" if not n else f"{n} replicas behind HAProxy") + (f", {settings()}" if settings() else "")


def heading(run) -> str:
    if run.mode == "ramp":
        return f"## Protocol load: most viewers under {TARGET_P95_S:g} s p95, {where(run)}"
    if run.killed_at is not None:
        return f"## Protocol load: failover, {where(run)}, r1 killed mid-run"
    return f"## Protocol load: viewers while the data is re-published, {where(run)}"


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def _s(values: list[float]) -> str:
    if not values:
        return "—"
    return f"{percentile(values, 50):.2f} / {percentile(values, 95):.2f} s (n={len(values):,})"


def _cpu(cpu: dict) -> str:
    return ", ".join(f"{name} {c:.2f}" for name, c in cpu.items())


def held(run) -> int:
    """The most viewers of a step that held the target (p95 under 2 s, nothing failed)."""
    return max((s.viewers for s in run.steps if s.held), default=0)


def met(run) -> bool:
    views = [v for _, v in run.tally.views]
    if run.mode == "ramp":
        return held(run) > 0
    bad = [v for v in views if v.error or v.mixed] or run.tally.version_clashes
    elsewhere = [f for f in run.tally.failures if run.killed_at is None or f.viewer not in run.on_killed]
    return not bad and not elsewhere


def ramp_rows(run) -> list[str]:
    lines = ["| viewers | page views | p50 / p95 | error pages | failed views | server CPU (cores) | load average |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for s in run.steps:
        lines.append(f"| {s.viewers} | {len(s.views):,} | {s.p50:.2f} / {s.p95:.2f} s"
                     f"{'' if s.held else ' (miss)'} | {sum(1 for v in s.views if v.error)} | {s.failures} | "
                     f"{_cpu(s.cpu)} | {s.load:.1f} |")
    last = run.steps[-1] if run.steps else None
    lines += ["", f"**Most concurrent viewers held with p95 under {TARGET_P95_S:g} s: {held(run)}**"
              + (f" (the next step, {last.viewers}, missed)." if last and not last.held else ".")]
    if last:
        lines += ["", "The last step's page views by kind, p50 / p95:", ""]
        lines += [f"- {kind}: {_s(times)}" for kind, times in sorted(_by(last.views, "kind").items())]
        lines += [f"- page {page}: {_s(times)}" for page, times in sorted(_by(last.views, "page").items())]
    return lines


def _by(views, what: str) -> dict:
    out: dict = {}
    for v in views:
        key = v.kind if what == "kind" else (v.path.split("?")[0] or "/")
        out.setdefault(key if what == "page" or key in ("open", "menu") else "filter: " + key, []).append(v.seconds)
    return out


def soak_rows(run) -> list[str]:
    t, w, a = run.tally, run.writer, run.args
    views = [v for _, v in t.views]
    errors = [v for v in views if v.error]
    mixed = [v for v in views if v.mixed]
    opens = [v.seconds for v in views if v.kind == "open"]
    reruns = [v.seconds for v in views if v.kind != "open"]
    versions = sorted({int(x) for v in views for s in v.marks.values() for x in s})
    rows = [
        ("viewers (Streamlit sessions at once)", f"{a.viewers}"),
        ("duration", f"{a.minutes:g} min, think time 0–{2 * a.think:g} s between actions"),
        ("data re-" + ("published" if a.republish else "saved"),
         f"{w.saves} times, every {a.save_every:g} s" + (f" ({w.half_saves} written half first)" if w.half_saves else "")
         + (f"; publish p50 {percentile(w.publish_seconds, 50):.2f} s" if w.publish_seconds else "")),
        ("page views", f"{len(views):,} ({len(opens):,} opened by address, {len(reruns):,} reruns in a session)"),
        ("**error pages** (exception, no data, no title; target 0)", f"**{len(errors)}**"),
        ("**views mixing two versions** (target 0)", f"**{len(mixed)}**"),
        ("data versions seen with two versions of a row (target 0)", str(len(t.version_clashes))),
        ("versions of the renamed rows seen", f"{versions[0]}..{versions[-1]} of 0..{w.written}" if versions else "none"),
        ("data versions (foot line) seen", str(len(t.by_version))),
        ("failed views (dropped or not finished within the timeout)",
         f"{len(t.failures)}" + (f" ({causes(t.failures)})" if t.failures else "")),
        ("page time p50 / p95, all views", _s([v.seconds for v in views])),
        ("– opened by address (new session)", _s(opens)),
        ("– reruns (menu, filters)", _s(reruns)),
    ]
    for name in run.sampler.pids:
        rows.append((f"RSS {name}: peak / at the end", f"{run.sampler.peak[name]:,.0f} / {run.sampler.last[name]:,.0f} MB"))
    rows.append(("server CPU (cores busy, of " f"{os.cpu_count()})", _cpu(run.cpu)))
    rows.append(("writer problems / server log problems / driver problems",
                 f"{1 if w.error else 0} / {len(run.log_problems)} / {len(t.driver)}"))
    if run.killed_at is not None:
        rows += failover_rows(run)
    lines = ["| figure | value |", "| --- | --- |"] + [f"| {k} | {v} |" for k, v in rows]
    problems = [f"{v.kind} {v.path}: {v.error}" for v in errors] + [f"mixed {v.kind} {v.path}: {v.versions} {v.marks}"
                                                                    for v in mixed]
    problems += [f"failed at {f.at:.1f} s, viewer {f.viewer} on {f.replica}, {f.kind}: {f.why}" for f in t.failures]
    problems += run.log_problems + ([f"writer: {w.error}"] if w.error else [])
    if run.proxy_events:
        lines += ["", f"HAProxy's health checks ({len(run.proxy_events)} changes; first 10):", ""]
        lines += [f"- `{e}`" for e in run.proxy_events[:10]]
    if problems:
        lines += ["", "Problems (first 15):", ""] + [f"- `{p[:240]}`" for p in problems[:15]]
    return lines


def failover_rows(run) -> list[tuple[str, str]]:
    t = run.tally
    before = [f for f in t.failures if f.at < run.killed_at]
    after = [f for f in t.failures if f.at >= run.killed_at]
    on_killed = [f for f in after if f.viewer in run.on_killed]
    elsewhere = [f for f in after if f.viewer not in run.on_killed]
    recovered = [f.recovered_after for f in on_killed if f.recovered_after is not None]
    ends = [f.at + f.recovered_after for f in on_killed if f.recovered_after is not None]
    return [
        ("r1 killed (SIGKILL) at", f"{run.killed_at:.1f} s, {len(run.on_killed)} viewers' sessions on it"),
        ("failed views before the kill", f"{len(before)} ({causes(before)})" if before else "0"),
        ("**page views that failed on r1's viewers** after the kill",
         f"**{len(on_killed)}** ({len({f.viewer for f in on_killed})} viewers; {causes(on_killed)})"),
        ("**failed views of the other viewers** after the kill (target 0)",
         f"**{len(elsewhere)}**" + (f" ({causes(elsewhere)})" if elsewhere else "")),
        ("a failed viewer's next good view: median / max after its failure",
         f"{statistics.median(recovered):.1f} / {max(recovered):.1f} s" if recovered else "—"),
        ("**seconds to recover** (kill to the last failed viewer's next good view)",
         f"**{max(ends) - run.killed_at:.1f} s**" if ends else "—"),
        ("viewers that never recovered", str(sum(1 for f in on_killed if f.recovered_after is None))),
    ]


def causes(failures) -> str:
    """How many failed for each reason: the error's kind (an HTTP status, a closed socket, a timeout)."""
    counts: dict = {}
    for f in failures:
        why = f.why.split(":", 1)[0] if not f.why.startswith("GET ") else "HTTP " + f.why.rsplit("HTTP ", 1)[-1]
        counts[why] = counts.get(why, 0) + 1
    return ", ".join(f"{n} {why}" for why, n in sorted(counts.items(), key=lambda kv: -kv[1]))


def markdown(run, command: str) -> str:
    box = machine()
    load0, load1 = run.load
    lines = [heading(run), "", f"`{command}` ({box['date']}), on a copy of {run.args.data_described}.", ""]
    lines += ramp_rows(run) if run.mode == "ramp" else soak_rows(run)
    lines += ["", f"Load average (1, 5, 15 min) at the start {load0[0]:.2f}, {load0[1]:.2f}, {load0[2]:.2f}; "
              f"at the end {load1[0]:.2f}, {load1[1]:.2f}, {load1[2]:.2f}. Wall time {run.wall_s / 60:.1f} min.",
              "Machine: " + "; ".join(f"{k} {v}" for k, v in box.items() if k not in ("date",)) + "."]
    if run.profile:
        lines += ["", f"Where the server process spent its samples (py-spy, {run.args.profile:g} s from the start "
                  "of the load; share of samples in or under each function):", "", "```", run.profile, "```"]
    return "\n".join(lines) + "\n"


# Frames every thread sits under, and Streamlit's config-file poller (a thread asleep in time.sleep
# between polls, which py-spy's --nonblocking sampling does not always see as idle).
SKIP = ("polling_path_watcher", "threading.py", "asyncio/", "selectors.py", "concurrent/futures", "<module>", "runpy.py",
        "click/", "uvicorn/", "bootstrap.py", "cli.py", "web/server/server.py")


def profile_summary(raw: Path, top: int = 14) -> str:
    """The busiest functions in py-spy's collapsed stacks: the share of samples in or under each,
    leaving out the frames every thread sits under (threading, asyncio, the server's start-up)."""
    if not raw.exists():
        return "(no profile written)"
    inclusive: dict[str, int] = {}
    total = 0
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        if "polling_path_watcher" in stack:
            continue
        total += n
        for frame in set(stack.split(";")):
            if not any(s in frame for s in SKIP):
                inclusive[frame] = inclusive.get(frame, 0) + n
    if not total:
        return "(no samples)"
    rows = sorted(inclusive.items(), key=lambda kv: -kv[1])
    return "\n".join(f"{100 * n / total:5.1f}%  {frame.replace(str(Path.home()), '~')[:150]}"
                     for frame, n in rows[:top])
