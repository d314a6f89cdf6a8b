"""dbt reads the contract's code groups from a generated macro, never from its own copies."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from contract import load_contract
from contract.dbt_code_groups import MACRO_PATH, render

REPO_ROOT = Path(__file__).resolve().parents[2]
DBT_SQL = sorted(
    path
    for folder in ("models", "macros", "tests")
    for path in (REPO_ROOT / "dbt" / folder).rglob("*.sql")
    if path != MACRO_PATH
)
# A parenthesised list of two or more quoted strings: `in ('E11', 'E12')`.
QUOTED_LIST = re.compile(r"\(\s*('[^']*'(?:\s*,\s*'[^']*')+)\s*\)")


def test_the_code_groups_macro_is_generated_from_the_contract():
    assert MACRO_PATH.read_text() == render(load_contract()), (
        "run: python -m contract.dbt_code_groups"
    )


def test_every_group_is_rendered_with_its_codes():
    text = render(load_contract())
    for name, codes in load_contract().code_groups.items():
        listed = ", ".join(f"'{code}'" for code in codes)
        assert f"'{name}': [{listed}]," in text, name


def test_the_guard_finds_a_restated_group():
    """The scan below is not vacuous: a restated list is found."""
    assert QUOTED_LIST.findall("where reason_ceased in ('E11', 'E12')") == ["'E11', 'E12'"]


def test_no_dbt_sql_restates_a_code_group():
    """A list made only of grouped codes is a copy of a group: use code_list() instead."""
    grouped = {code for codes in load_contract().code_groups.values() for code in codes}
    assert DBT_SQL, "no dbt SQL found"
    restated = []
    for path in DBT_SQL:
        for listed in QUOTED_LIST.findall(path.read_text()):
            codes = {code.strip().strip("'") for code in listed.split(",")}
            if codes <= grouped:
                restated.append(f"{path.relative_to(REPO_ROOT)}: ({listed})")
    assert restated == []


def test_every_code_list_is_rendered_with_its_codes():
    text = render(load_contract())
    for name, codes in load_contract().code_lists.items():
        listed = ", ".join(f"'{code}'" for code in codes)
        assert f"'{name}': [{listed}]," in text, name


def test_no_dbt_yaml_restates_a_code_list():
    """An accepted_values test listing a contract code list is a copy: use in_contract_code_list."""
    lists = [{str(code) for code in codes} for codes in load_contract().code_lists.values()]
    restated = []
    for path in sorted((REPO_ROOT / "dbt" / "models").rglob("*.yml")):
        for model in yaml.safe_load(path.read_text()).get("models", []):
            for column in model.get("columns", []):
                for test in column.get("data_tests") or []:
                    if isinstance(test, dict) and "accepted_values" in test:
                        values = test["accepted_values"]["arguments"]["values"]
                        if {str(v) for v in values} in lists:
                            restated.append(f"{model['name']}.{column['name']}")
    assert restated == []
