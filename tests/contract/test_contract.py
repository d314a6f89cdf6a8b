"""The contract is coherent, and its Markdown rendering is current."""

from __future__ import annotations

from pathlib import Path

import pytest

from contract import (
    GATES_READING_FIELDS,
    Contract,
    ContractError,
    indicator_ids,
    load_contract,
    validate_field_needs,
)
from contract.render import render

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_every_code_column_names_a_code_list_and_every_key_is_a_column():
    contract = load_contract()
    for table in contract.tables():
        names = set(table.column_names)
        assert set(table.key) <= names, table.qualified_name
        for column in table.columns:
            if column.type == "code":
                assert column.codes in contract.code_lists, (table.qualified_name, column.name)
            if column.lag_of:
                assert column.lag_of in names, (table.qualified_name, column.name)


def test_code_groups_only_use_known_codes():
    contract = load_contract()
    known = {code for codes in contract.code_lists.values() for code in codes}
    for group, codes in contract.code_groups.items():
        if group != "suitable_accommodation_suffix":
            assert set(codes) <= known, group


def test_docs_data_contract_is_generated_from_the_yaml():
    on_disk = (REPO_ROOT / "docs" / "data_contract.md").read_text()
    assert on_disk == render(load_contract()), (
        "run: python -m contract.render > docs/data_contract.md"
    )


def test_named_cases_of_issue_12_are_nulled_not_dropped():
    """Fields no indicator reads are nulled; identifying and needed fields drop the row."""
    contract = load_contract()
    social, fostering = contract.source("social_care"), contract.source("fostering")
    peps = contract.source("virtual_school").table("peps")
    not_needed = [
        social.table("episodes").column("CIN"),
        social.table("visits").column("WORKER_ID"),
        peps.column("upn"),
        fostering.table("households").column("places_approved"),
    ]
    assert [c.name for c in not_needed if c.row_needs_it] == []
    episodes = social.table("episodes")
    assert episodes.column("PLACE").row_needs_it
    assert episodes.column("CHILD").identifies and episodes.column("DECOM").identifies
    assert social.table("visits").column("CHILD").identifies


def test_every_indicator_set_and_required_by_names_a_computed_indicator():
    contract = load_contract()
    known = indicator_ids()
    for name, ids in contract.indicator_sets.items():
        assert ids and set(ids) <= known, name
    for table in contract.tables():
        for column in table.columns:
            named = set(column.required_by) | set(column.used_if_recorded_by)
            assert named <= known | set(contract.indicator_sets) | GATES_READING_FIELDS


def _raw(**column) -> dict:
    return {
        "sources": {
            "s": {
                "tables": {
                    "t": {"columns": {"C": {"type": "string", "description": "x", **column}}}
                }
            }
        }
    }


@pytest.mark.parametrize(
    ("column", "message"),
    [
        ({"required_by": ["lac_count", "no_such_indicator"]}, "unknown indicators"),
        ({"required_by": "lac_count"}, "is a list"),
        ({"used_if_recorded_by": ["lac_cuont"]}, "unknown indicators"),
        ({"identifies": "yes"}, "true or false"),
        ({"required_by": ["lac_count"], "used_if_recorded_by": ["lac_count"]}, "not both"),
    ],
)
def test_field_needs_that_say_nothing_real_are_refused(column, message):
    contract = Contract(version=1, sources=(), code_lists={}, code_groups={})
    with pytest.raises(ContractError, match=message):
        validate_field_needs(_raw(**column), contract, frozenset({"lac_count"}))


def test_an_indicator_set_with_an_unknown_id_is_refused():
    contract = Contract(
        version=1, sources=(), code_lists={}, code_groups={}, indicator_sets={"x": ("nope",)}
    )
    with pytest.raises(ContractError, match=r"indicator_sets\.x"):
        validate_field_needs(_raw(), contract, frozenset({"lac_count"}))
