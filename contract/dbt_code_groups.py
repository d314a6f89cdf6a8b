"""Render the contract's code groups and lists as dbt macros, so dbt never restates a code.

    python -m contract.dbt_code_groups

writes `dbt/macros/generated/code_groups.sql` with two macros:
`contract_code_groups()`, every group of `code_groups` in contract.yaml (name
-> codes), which models read through `code_list(...)` (dbt/macros/code_list.sql);
and `contract_code_lists()`, every list of `code_lists` (the valid codes of a
column), which the staging tests read through the generic test
`in_contract_code_list` (dbt/tests/generic). The file is committed so dbt
needs no Python step to parse; a test fails if it differs from what the
contract generates.
"""

from __future__ import annotations

import sys
from pathlib import Path

from contract import Contract, load_contract

REPO_ROOT = Path(__file__).resolve().parents[1]
MACRO_PATH = REPO_ROOT / "dbt" / "macros" / "generated" / "code_groups.sql"

HEADER = """\
{#-
  Generated from contract/contract.yaml (code_groups) by
  `python -m contract.dbt_code_groups`; edit the YAML, not this file.
  Read the groups through code_list() (macros/code_list.sql), the lists
  through the generic test in_contract_code_list (tests/generic).
-#}
"""


def _sql_string(code: str) -> str:
    return "'" + code.replace("'", "''") + "'"


def _macro(name: str, lists: dict[str, list[str]]) -> list[str]:
    lines = [f"{{% macro {name}() %}}", "    {{ return({"]
    for list_name, codes in lists.items():
        listed = ", ".join(_sql_string(str(code)) for code in codes)
        lines.append(f"        {_sql_string(list_name)}: [{listed}],")
    return [*lines, "    }) }}", "{% endmacro %}"]


def render(contract: Contract) -> str:
    lines = [
        HEADER.rstrip("\n"),
        *_macro("contract_code_groups", contract.code_groups),
        "",
        *_macro("contract_code_lists", contract.code_lists),
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    MACRO_PATH.parent.mkdir(parents=True, exist_ok=True)
    MACRO_PATH.write_text(render(load_contract()))
    sys.stdout.write(f"wrote {MACRO_PATH.relative_to(REPO_ROOT)}\n")


if __name__ == "__main__":
    main()
