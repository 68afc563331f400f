"""The release an import brings in: its ``sources.csv`` row and its ``imports.csv`` row.

Every imported event and claim cites the release's source row, ``import_<dataset>_<release>``,
so the release can be taken back out and each imported row's provenance is one click away. The
licence and citation are the datasets' own terms, as their providers publish them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .records import slug


@dataclass(frozen=True)
class Dataset:
    key: str
    name: str
    publisher: str
    url: str
    kind: str
    licence: str
    citation: str  # {release} and {accessed} are filled in


DATASETS = {
    "acled": Dataset(
        "acled", "ACLED", "Armed Conflict Location & Event Data (ACLED)", "https://acleddata.com", "other",
        "ACLED Terms of Use (https://acleddata.com/terms-of-use/): the raw data may not be redistributed; "
        "attribute ACLED wherever the data are used.",
        "Armed Conflict Location & Event Data (ACLED), export {release}, accessed {accessed}, https://acleddata.com. "
        "Raleigh, C., Linke, A., Hegre, H. & Karlsen, J. (2010). Introducing ACLED: An Armed Conflict Location and "
        "Event Dataset. Journal of Peace Research 47(5): 651-660."),
    "ucdp": Dataset(
        "ucdp", "UCDP GED", "Uppsala Conflict Data Program (UCDP), Uppsala University", "https://ucdp.uu.se",
        "academic", "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)",
        "UCDP Georeferenced Event Dataset (GED), version {release}, accessed {accessed}, https://ucdp.uu.se. "
        "Sundberg, R. & Melander, E. (2013). Introducing the UCDP Georeferenced Event Dataset. Journal of Peace "
        "Research 50(4): 523-532."),
    "gtd": Dataset(
        "gtd", "GTD", "National Consortium for the Study of Terrorism and Responses to Terrorism (START), "
        "University of Maryland", "https://www.start.umd.edu/gtd", "academic",
        "GTD Terms of Use (https://www.start.umd.edu/gtd/terms-of-use/): the data may not be redistributed; "
        "cite START as the source.",
        "START (National Consortium for the Study of Terrorism and Responses to Terrorism). Global Terrorism "
        "Database, release {release} [data file], accessed {accessed}. https://www.start.umd.edu/gtd"),
}


@dataclass(frozen=True)
class Release:
    dataset: Dataset
    release: str
    accessed: str  # YYYY-MM-DD
    file: str
    sha256: str

    @property
    def source_id(self) -> str:
        return f"import_{self.dataset.key}_{slug(self.release) or 'release'}"

    def source_row(self) -> dict[str, str]:
        d = self.dataset
        return {
            "source_id": self.source_id,
            "title": f"[{d.name} export {self.file}, release {self.release}, accessed {self.accessed}]",
            "publisher": d.publisher, "published": self.accessed, "url": d.url, "kind": d.kind,
            # Admiralty B: research institutions that publish with cited sources and methods (data/README.md)
            "reliability": "B", "affiliation": "", "marking": "",
        }

    def log_row(self, events: int, claims: int, unmatched: list[str]) -> dict[str, str]:
        return {
            "source_id": self.source_id, "dataset": self.dataset.key, "release": self.release,
            "accessed": self.accessed, "file": self.file, "sha256": self.sha256, "licence": self.dataset.licence,
            "citation": self.dataset.citation.format(release=self.release, accessed=self.accessed),
            "events": str(events), "claims": str(claims),
            "unmatched": ";".join(n.replace(";", ",") for n in unmatched),
        }
