"""Render the contract's code groups as a dbt macro, so SQL never restates a code list.

    python -m contract.dbt_code_groups

writes `dbt/macros/generated/code_groups.sql`: one macro, `contract_code_groups()`,
returning every group of `code_groups` in contract.yaml (name -> codes). Models
read it through `code_list(...)` (dbt/macros/code_list.sql), which renders the
SQL list. The file is committed so dbt needs no Python step to parse; a test
fails if it differs from what the contract generates.
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
  Read it through code_list() (macros/code_list.sql).
-#}
"""


def _sql_string(code: str) -> str:
    return "'" + code.replace("'", "''") + "'"


def render(contract: Contract) -> str:
    lines = [HEADER.rstrip("\n"), "{% macro contract_code_groups() %}", "    {{ return({"]
    for name, codes in contract.code_groups.items():
        listed = ", ".join(_sql_string(code) for code in codes)
        lines.append(f"        {_sql_string(name)}: [{listed}],")
    lines += ["    }) }}", "{% endmacro %}"]
    return "\n".join(lines) + "\n"


def main() -> None:
    MACRO_PATH.parent.mkdir(parents=True, exist_ok=True)
    MACRO_PATH.write_text(render(load_contract()))
    sys.stdout.write(f"wrote {MACRO_PATH.relative_to(REPO_ROOT)}\n")


if __name__ == "__main__":
    main()
