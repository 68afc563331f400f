"""Deployment settings, from the environment (the CLI and tests pass them explicitly)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .markings import DEFAULT_CEILING, level

APP_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_DATA = APP_ROOT / "data"


def folder_label(path: Path | str, label: str = "") -> str:
    """A folder as a viewer may read its name: `label` when one is configured, else relative to the
    app ('data/'), else its last part alone. Never the server's absolute path."""
    if label.strip():
        return label.strip()
    path = Path(path)
    try:
        return f"{path.resolve().relative_to(APP_ROOT).as_posix()}/"
    except ValueError:
        return f"{path.name}/" if path.name else "the data folder"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    max_marking: str
    data_label: str = ""  # what the pages call the data folder (PROXYATLAS_DATA_LABEL)

    @property
    def data_shown_as(self) -> str:
        """The data folder as the pages name it (``folder_label``)."""
        return folder_label(self.data_dir, self.data_label)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "Settings":
        env = os.environ if environ is None else environ
        data_dir = Path(env.get("PROXYATLAS_DATA") or BUNDLED_DATA).expanduser().resolve()
        marking = (env.get("PROXYATLAS_MAX_MARKING") or DEFAULT_CEILING).strip().upper()
        level(marking)  # raises BadMarking with a clear message
        return cls(data_dir, marking, (env.get("PROXYATLAS_DATA_LABEL") or "").strip())
