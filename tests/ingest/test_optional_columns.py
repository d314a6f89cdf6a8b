"""A column the contract marks `may_be_absent` can be left out of an extract.

A council whose case system has no sibling-group id still loads its visits:
the column loads blank, the drop is accepted with a warning that the
sibling-visit check cannot check, and a column the contract needs is still
rejected when missing (tests/ingest/test_bad_drops.py).
"""

from __future__ import annotations

import pytest

from contract import ContractError, load_contract, validate_field_needs
from dagster_project.ingest.discovery import waiting_drops
from dagster_project.ingest.pipeline import ingest_drop
from tests.ingest.drops import EXTRACT_DATE, make_rows, write_csv, write_drop

N = 20


def _visits():
    return load_contract().source("social_care").table("visits")


def test_sibling_group_id_may_be_absent():
    visits = _visits()
    assert visits.column("SIBLING_GROUP_ID").may_be_absent
    # every other visits column must still be there
    assert [c.name for c in visits.columns if c.may_be_absent] == ["SIBLING_GROUP_ID"]


def test_visits_without_sibling_group_id_load_blank_with_a_warning(landing, con):
    folder = write_drop(landing, "social_care", EXTRACT_DATE, n=N)
    table = _visits()
    rows = make_rows(table, N)
    write_csv(
        folder / "visits.csv",
        table,
        rows,
        [c for c in table.column_names if c != "SIBLING_GROUP_ID"],
    )
    (drop,) = waiting_drops(landing, con, "social_care")
    outcome = ingest_drop(con, drop)
    assert outcome.accepted, outcome.reason
    warnings = outcome.tables["visits"].warnings
    assert any(
        "SIBLING_GROUP_ID" in w and "sibling_visits_recorded_once: cannot check" in w
        for w in warnings
    ), warnings
    loaded = con.execute(
        'select count(*), count("SIBLING_GROUP_ID") from social_care__visits'
    ).fetchone()
    assert loaded == (N, 0)


def test_only_a_field_used_if_recorded_may_be_absent():
    raw = {
        "sources": {
            "s": {
                "tables": {
                    "t": {
                        "key": ["ID"],
                        "columns": {
                            "ID": {"type": "string"},
                            "X": {
                                "type": "date",
                                "may_be_absent": True,
                                "required_by": ["sibling_visits_recorded_once"],
                            },
                        },
                    }
                }
            }
        }
    }
    with pytest.raises(ContractError, match="may_be_absent"):
        validate_field_needs(raw, load_contract())
