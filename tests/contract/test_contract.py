"""The contract is coherent, and its Markdown rendering is current."""

from __future__ import annotations

from pathlib import Path

from contract import load_contract
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
