"""Simulated identifiers that must never reach an alert or an alert log line.

All fake: NHS numbers use the 999 test range, the UPN and ids are made up,
postcodes are real formats but arbitrary.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

CHILD_IDS = ["C004512", "CH-0045127", "1004512"]
NHS_NUMBERS = ["9991234567", "999 123 4567"]
UPNS = ["A123456789012", "B98765432101C"]
DATES_OF_BIRTH = ["14/03/2015", "2015-03-14", "3/7/2012", "14 March 2015"]
POSTCODES = ["S60 2TH", "LS12 3AB", "LS12", "SW1A 1AA"]
QUOTED_NAMES = ["'Ellie-Mae Thornton'", '"Jayden Okafor"']

# Substrings to look for in output: the names without their quotes too.
NEEDLES = [
    *CHILD_IDS,
    *NHS_NUMBERS,
    "9991234567",
    *UPNS,
    *DATES_OF_BIRTH,
    *POSTCODES,
    *(part for name in QUOTED_NAMES for part in name.strip("'\"").split()),
]


def leaked(text: str) -> list[str]:
    """The simulated identifiers found in `text` (empty when clean)."""
    return [needle for needle in NEEDLES if needle in text]


def pii_sentence() -> str:
    """An error line of the kind pandas/duckdb/dbt write, quoting every kind of identifier."""
    return (
        "Could not convert row for child C004512 (also CH-0045127, 1004512), NHS 9991234567 /"
        " 999 123 4567, UPN A123456789012 B98765432101C, born 14/03/2015 = 2015-03-14 = 3/7/2012"
        " = 14 March 2015, home S60 2TH district LS12 LS12 3AB SW1A 1AA, name 'Ellie-Mae Thornton'"
        ' alias "Jayden Okafor"'
    )


def assert_no_child_ids_in_marts(warehouse: Path, child_ids: set[str]) -> None:
    """No text column of any published mart holds one of `child_ids`."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        columns = con.execute(
            "select table_name, column_name from duckdb_columns() "
            "where schema_name = 'marts' and data_type = 'VARCHAR'"
        ).fetchall()
        for table, column in columns:
            values = {
                r[0]
                for r in con.execute(f'select distinct "{column}" from marts."{table}"').fetchall()
            }
            assert not values & child_ids, f"marts.{table}.{column} holds child ids"
