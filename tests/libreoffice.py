"""Open CSV files in LibreOffice Calc (headless) and save them again as CSV, as an analyst would.

Each profile is what an analyst chooses: the locale LibreOffice runs in (Tools > Options > Language
Settings > Languages > Locale setting) and the choices of the Text Import dialog (Character set,
Language, Detect special numbers, Column type) and of the Export Text File dialog (Quote all text
cells). The CSV filter's option tokens are LibreOffice's (help: "CSV Filter Options"): 1 separator,
2 text delimiter, 3 character set (76 is UTF-8), 4 first line, 5 column formats (column/2 is Text),
6 language (a Microsoft language id, 0 the locale's), 7 quoted field as text on import and quote all
text cells on export, 8 detect special numbers on import, 13 evaluate formulas on import (left out,
LibreOffice 7.4 evaluates them: '=2+2' is saved as 4).
Every profile runs in its own user installation, so runs in parallel do not collide, and one soffice
run converts all files (its start-up is most of the cost).
"""

from __future__ import annotations

import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

SOFFICE = "soffice"
UTF8 = 76
WINDOWS_1252 = 1
LANGUAGE_IDS = {"en-US": 1033, "de-DE": 1031}
_LOCALE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>{locale}</value></prop></item>
</oor:items>
"""


@dataclass(frozen=True)
class Profile:
    name: str
    locale: str  # the locale setting LibreOffice runs in
    language: str | None = None  # Text Import: Language; None leaves it at the locale's (the default)
    special_numbers: bool = False  # Text Import: Detect special numbers
    as_text: bool = False  # Text Import: every column's type set to Text
    quote_all: bool = False  # Export Text File: Quote all text cells
    formulas: bool = True  # Text Import: Evaluate formulas
    save_charset: int = UTF8  # Export Text File: Character set
    read_charset: int = UTF8  # Text Import: Character set

    def import_options(self, width: int) -> str:
        formats = "/".join(f"{i}/2" for i in range(1, width + 1)) if self.as_text else ""
        language = LANGUAGE_IDS[self.language] if self.language else 0
        chosen = f"44,34,{self.read_charset},1,{formats},{language},false,{str(self.special_numbers).lower()}"
        return chosen if self.formulas else chosen + ",false,false,false,0,false"  # tokens 9-12 do not apply

    def export_options(self) -> str:
        return f"44,34,{self.save_charset},1,,0,{str(self.quote_all).lower()}"


def resave(files: list[Path], profile: Profile, out: Path, width: int) -> Path:
    """Open every file with the profile's choices and save it as CSV into ``out``; return ``out``."""
    user = out.parent / f"lo-user-{profile.name}"
    shutil.rmtree(user, ignore_errors=True)
    (user / "user").mkdir(parents=True)
    (user / "user" / "registrymodifications.xcu").write_text(_LOCALE.format(locale=profile.locale), encoding="utf-8")
    out.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={user.as_uri()}",
         f"--infilter=CSV:{profile.import_options(width)}",
         "--convert-to", f"csv:Text - txt - csv (StarCalc):{profile.export_options()}",
         "--outdir", str(out), *map(str, files)],
        capture_output=True, text=True, timeout=300)
    missing = [f.name for f in files if not (out / f.name).is_file()]
    assert done.returncode == 0 and not missing, (profile, done.stdout, done.stderr, missing)
    return out


def resave_all(files: list[Path], profiles: list[Profile], root: Path, width: int) -> dict[str, Path]:
    """Every profile's re-saved copy of the files, two soffice runs at a time (the machine has two cores)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        outs = pool.map(lambda p: resave(files, p, root / p.name, width), profiles)
        return {p.name: out for p, out in zip(profiles, outs)}
