"""The 903 code lists of a collection year, from `contract/ssda903_codes.yaml`."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

CODES_FILE = Path(__file__).resolve().parents[2] / "contract" / "ssda903_codes.yaml"


@cache
def _document() -> dict:
    return yaml.safe_load(CODES_FILE.read_text())


def _version_for(versions: list[dict], year: int) -> dict | None:
    valid = [v for v in versions if v["from"] <= year]
    return max(valid, key=lambda v: v["from"]) if valid else None


def codes_for(field: str, year: int) -> frozenset[str]:
    """The valid codes of a 903 field (`PLACE`, `SEX`, ...) in a collection year."""
    versions = _document()["lists"].get(field)
    if versions is None:
        raise KeyError(f"no SSDA903 code list for {field}")
    version = _version_for(versions, year)
    if version is None:
        raise KeyError(f"no SSDA903 code list for {field} in collection year {year}")
    return frozenset(str(c) for c in version["codes"])


def placement_min_ages(year: int) -> dict[str, int]:
    """Placement codes that have a minimum age in this collection year."""
    version = _version_for(_document().get("placement_min_age", []), year)
    return dict(version["ages"]) if version else {}
