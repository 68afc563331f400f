"""Replacing data files whole or not at all, so a running dashboard never reads half a write.

Each changed file is written to a temporary file beside it (same folder, same file system), flushed,
given the old file's permissions, and renamed over it. A file whose bytes are already the ones asked
for is left alone, so its fingerprint does not change and nothing reloads for it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_files(folder: Path, files: dict[str, bytes], order: tuple[str, ...] | None = None) -> list[str]:
    """Write `files` (name: bytes) into `folder`; returns the names that changed, in the order they were
    renamed into place (`order` if given, e.g. referenced files before the files that refer to them)."""
    changed = {name: blob for name, blob in files.items()
               if not (folder / name).exists() or (folder / name).read_bytes() != blob}
    names = sorted(changed, key=order.index) if order else list(changed)
    temps: dict[str, str] = {}
    try:
        for name in names:
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
            temps[name] = tmp
            with os.fdopen(fd, "wb") as fh:
                fh.write(changed[name])
                fh.flush()
                os.fsync(fh.fileno())
            target = folder / name
            os.chmod(tmp, (target.stat().st_mode if target.exists() else 0o644) & 0o777)
        for name in names:
            os.replace(temps.pop(name), folder / name)
    finally:
        for tmp in temps.values():
            Path(tmp).unlink(missing_ok=True)
    return names
