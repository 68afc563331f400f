"""Deployment settings, from the environment (the CLI and tests pass them explicitly)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .markings import DEFAULT_CEILING, level

BUNDLED_DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    max_marking: str

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "Settings":
        env = os.environ if environ is None else environ
        data_dir = Path(env.get("PROXYATLAS_DATA") or BUNDLED_DATA).expanduser().resolve()
        marking = (env.get("PROXYATLAS_MAX_MARKING") or DEFAULT_CEILING).strip().upper()
        level(marking)  # raises BadMarking with a clear message
        return cls(data_dir, marking)
