"""dbt/README.md tells the truth: its counts match the project and every file it names exists."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
DBT_DIR = REPO_ROOT / "dbt"
README = (DBT_DIR / "README.md").read_text()

FOLDER_ROW = re.compile(r"^\| `(models/[a-z_/]+)` \| (\d+) \|", re.MULTILINE)
# Backticked names that look like a path: no spaces, a slash, no placeholder.
PATH_TOKEN = re.compile(r"`([A-Za-z0-9_./-]+/[A-Za-z0-9_.-]+)`")
# Backticked file names without a folder: `_int_indicators__unit_tests.yml`.
FILE_TOKEN = re.compile(r"`([A-Za-z0-9_.-]+\.(?:sql|yml|csv))`")


def _count(label: str) -> int:
    match = re.search(label, README)
    assert match, f"dbt/README.md no longer says {label!r}"
    return int(match.group(1))


def test_the_folder_table_counts_every_model():
    rows = FOLDER_ROW.findall(README)
    assert len(rows) >= 3, "the folder table is gone from dbt/README.md"
    for folder, stated in rows:
        actual = len(list((DBT_DIR / folder).rglob("*.sql")))
        assert int(stated) == actual, f"{folder}: README says {stated}, the project has {actual}"
    listed = {folder for folder, _ in rows}
    folders = [p for p in (DBT_DIR / "models" / "intermediate").iterdir() if p.is_dir()]
    for folder in folders:
        assert f"models/intermediate/{folder.name}" in listed, f"{folder.name} not in the table"


def test_seed_indicator_and_unit_test_counts():
    assert _count(r"Seeds: (\d+)") == len(list((DBT_DIR / "seeds").glob("*.csv")))
    catalogue = len(pd.read_csv(DBT_DIR / "seeds" / "indicators.csv"))
    assert _count(r"Indicators in the\s+catalogue \(`seeds/indicators.csv`\): (\d+)") == catalogue
    unit_tests = sum(
        len((yaml.safe_load(path.read_text()) or {}).get("unit_tests", []))
        for path in (DBT_DIR / "models").rglob("*.yml")
    )
    assert _count(r"Unit tests: (\d+)") == unit_tests


def test_every_file_the_readme_names_exists():
    bases = (DBT_DIR, DBT_DIR / "models", DBT_DIR / "models" / "intermediate", REPO_ROOT)
    # ../data/... are the runtime defaults (made by a run, ignored by git):
    # not files of the project, and absent on a fresh clone.
    tokens = {t for t in PATH_TOKEN.findall(README) if not t.startswith(("shared/", "../data/"))}
    assert tokens, "no path found in dbt/README.md"
    missing = [
        token
        for token in sorted(tokens)
        if not any((base / name).exists() for base in bases for name in (token, token + ".sql"))
    ]
    assert missing == []


def test_every_file_name_the_readme_gives_is_in_the_project():
    names = set(FILE_TOKEN.findall(README)) - {"<folder>"}
    assert names, "no file name found in dbt/README.md"
    missing = [name for name in sorted(names) if not any(DBT_DIR.rglob(name))]
    assert missing == []
