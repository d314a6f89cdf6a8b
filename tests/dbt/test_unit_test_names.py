"""dbt unit test names fit PostgreSQL's 63-character identifier limit.

dbt names the relation a unit test builds after the test, and PostgreSQL
refuses identifiers longer than 63 characters, so a longer name fails only
in `make test-postgres`: this catches it in `make test`.
"""

from __future__ import annotations

from pathlib import Path

import yaml

DBT = Path(__file__).resolve().parents[2] / "dbt"
POSTGRES_IDENTIFIER_LIMIT = 63


def test_every_unit_test_name_fits_a_postgres_identifier():
    names = [
        test["name"]
        for path in sorted(DBT.glob("models/**/*.yml"))
        for test in (yaml.safe_load(path.read_text()) or {}).get("unit_tests", [])
    ]
    assert len(names) > 50
    too_long = [name for name in names if len(name) > POSTGRES_IDENTIFIER_LIMIT]
    assert too_long == []
