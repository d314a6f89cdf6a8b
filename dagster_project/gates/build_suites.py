"""Generate one Great Expectations suite per raw table from the data contract.

Belongs here: the mapping from contract rules (columns, mandatory, codes,
types, keys, an event not dated after the extract) to GX expectations; the
rules between fields (an end not before its start, a part not above its
whole) are listed in `cross_field`. Nothing here runs a validation (see `runner`).

The suites are written as JSON to `expectations/<source>__<table>.json` and
committed, so a reviewer sees every rule in one place; a test fails if the
committed files differ from what the contract generates. Regenerate with

    python -m dagster_project.gates.build_suites

The suites validate the *string* DataFrame the reader produces (blank cells
are nulls), plus one parsed column `<col>__parsed` per date, datetime or
integer column that the runner adds, so order and range rules can compare
real dates and numbers.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from contract import Table, load_contract
from dagster_project.gates.cross_field import PARSED_SUFFIX, cross_field_rules

REPO_ROOT = Path(__file__).resolve().parents[2]
EXPECTATIONS_DIR = REPO_ROOT / "expectations"

ROW_NUMBER = "_row_number"

# Booleans as the contract's sources write them. Case systems export 1/0 or
# Y/N; spreadsheets and some exports true/false. Anything else is a defect.
BOOLEAN_VALUES = ["1", "0", "true", "false", "TRUE", "FALSE", "True", "False", "Y", "N"]

# Integers in the contract are counts and years, never negative.
INTEGER_REGEX = r"^\d+$"

# Excel's formula error values. Other types catch them anyway (a code list or
# a date format rejects "#REF!"); free-text columns need this rule.
SPREADSHEET_ERROR_REGEX = r"^#(?:REF!|VALUE!|N/A|DIV/0!|NAME\?|NUM!|NULL!|SPILL!|CALC!)$"

# Dates that may legitimately lie after the extract date: DUC is set to the
# child's 18th birthday when UASC status is recorded (SSDA903 guidance), and an
# END_DATE can be a planned end (a worker's notice, an allocation ending, an
# EHCP review date). Every other date records something that has happened.
MAY_BE_FUTURE = {"DUC", "END_DATE"}

# No date in children's services records precedes this; a parse failure is
# mapped below it (see runner.UNPARSEABLE).
EARLIEST = "1900-01-01"

# Parameters the runner supplies per drop (GX suite parameters).
EARLIEST_PARAM = "earliest_date"
LATEST_DATE_PARAM = "latest_event_date"
LATEST_DATETIME_PARAM = "latest_recorded_at"

# Row-level rules quarantine rows; structural rules reject the drop.
STRUCTURAL = "structural"
ROW_LEVEL = "row"


def _exp(rule: str, kind: str, kwargs: dict, why: str, level: str = ROW_LEVEL) -> dict:
    """One expectation; `meta.rule` is the short name quarantine and alerts use."""
    return {
        "type": kind,
        "kwargs": kwargs,
        "meta": {"rule": rule, "why": why, "level": level},
        "severity": "critical",
    }


def build_suite(table: Table) -> dict:
    """The suite for one contract table, as a JSON-able dict (GX suite format)."""
    contract = load_contract()
    source = contract.source(table.source)
    q = table.qualified_name
    exps: list[dict] = [
        _exp(
            "columns_present",
            "expect_table_columns_to_match_set",
            {"column_set": sorted(table.column_names), "exact_match": False},
            f"contract: {q} has these columns; a missing column means the export changed",
            STRUCTURAL,
        )
    ]
    for col in table.columns:
        c = col.name
        if col.mandatory:
            exps.append(
                _exp(
                    "mandatory",
                    "expect_column_values_to_not_be_null",
                    {"column": c},
                    f"contract: {c} is mandatory",
                )
            )
        if col.type == "code":
            exps.append(
                _exp(
                    "code_list",
                    "expect_column_values_to_be_in_set",
                    {"column": c, "value_set": list(contract.code_lists[col.codes])},
                    f"contract: {c} takes codes from list '{col.codes}'",
                )
            )
        elif col.type == "boolean":
            exps.append(
                _exp(
                    "boolean",
                    "expect_column_values_to_be_in_set",
                    {"column": c, "value_set": BOOLEAN_VALUES},
                    f"contract: {c} is a boolean (1/0, Y/N or true/false)",
                )
            )
        elif col.type == "integer":
            exps.append(
                _exp(
                    "integer",
                    "expect_column_values_to_match_regex",
                    {"column": c, "regex": INTEGER_REGEX},
                    f"contract: {c} is a whole number (a count or a year)",
                )
            )
        elif col.type == "string" and source.format == "xlsx":
            exps.append(
                _exp(
                    "no_spreadsheet_error",
                    "expect_column_values_to_not_match_regex",
                    {"column": c, "regex": SPREADSHEET_ERROR_REGEX},
                    f"{c} holds a spreadsheet error (a broken formula), not a value",
                )
            )
        elif col.type in ("date", "datetime"):
            fmt = source.date_format if col.type == "date" else source.datetime_format
            # The runner parses the text into `<col>__parsed`: null where the
            # text is blank, UNPARSEABLE (a date before 1900) where it does not
            # parse with the source's format. So one "on or after 1900" rule is
            # the format rule and also catches a mistyped century. (A
            # row_condition would say it more directly but costs GX a pandas
            # query per expectation.)
            exps.append(
                _exp(
                    "date_format",
                    "expect_column_values_to_be_between",
                    {"column": c + PARSED_SUFFIX, "min_value": {"$PARAMETER": EARLIEST_PARAM}},
                    f"contract: {c} is a {col.type} written {fmt}, after {EARLIEST[:4]}",
                )
            )
            if c not in MAY_BE_FUTURE:
                param = LATEST_DATE_PARAM if col.type == "date" else LATEST_DATETIME_PARAM
                exps.append(
                    _exp(
                        "not_after_extract",
                        "expect_column_values_to_be_between",
                        {"column": c + PARSED_SUFFIX, "max_value": {"$PARAMETER": param}},
                        f"{c} records something that has happened, so it is not after "
                        "the extract was taken",
                    )
                )
    if len(table.key) == 1:
        exps.append(
            _exp(
                "key_unique",
                "expect_column_values_to_be_unique",
                {"column": table.key[0]},
                f"contract: {table.key[0]} is the key of {q}",
            )
        )
    elif table.key:
        exps.append(
            _exp(
                "key_unique",
                "expect_compound_columns_to_be_unique",
                {"column_list": list(table.key)},
                f"contract: ({', '.join(table.key)}) is the key of {q}",
            )
        )
    exps += [_exp(*rule) for rule in cross_field_rules(q)]
    return {
        "name": q,
        "expectations": exps,
        "meta": {
            "generated_from": "contract/contract.yaml",
            "contract_version": contract.version,
            "regenerate_with": "python -m dagster_project.gates.build_suites",
        },
    }


def render(suite: dict) -> str:
    return json.dumps(suite, indent=2, sort_keys=False) + "\n"


def suite_path(table: Table, directory: Path = EXPECTATIONS_DIR) -> Path:
    return directory / f"{table.qualified_name}.json"


def write_suites(directory: Path = EXPECTATIONS_DIR) -> list[Path]:
    """Write every table's suite; return the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for table in load_contract().tables():
        path = suite_path(table, directory)
        path.write_text(render(build_suite(table)))
        paths.append(path)
    return paths


def main() -> int:
    paths = write_suites()
    print(f"wrote {len(paths)} suites to {EXPECTATIONS_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
