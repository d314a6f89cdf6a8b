"""Rules between fields of a row: plausibility the contract's column types cannot say.

Belongs here: which columns are compared (an end not before its start, a
part not more than its whole, a denominator never 0), each with its reason,
as (rule, GX expectation, kwargs, why) rows that `build_suites` writes into
the suites. They compare the runner's parsed columns `<col>__parsed` (real
dates and numbers), never the text.
"""

from __future__ import annotations

PARSED_SUFFIX = "__parsed"

# End/start pairs: the end of a period is not before its start. The contract
# has no "ends" key, so the pairs are listed here by name; a test checks every
# pair names columns that exist in the contract.
DATE_PAIRS: dict[str, list[tuple[str, str]]] = {
    "social_care__episodes": [("DEC", "DECOM")],
    "social_care__missing": [("MIS_END", "MIS_START")],
    "social_care__placed_for_adoption": [("DATE_PLACED_CEASED", "DATE_PLACED")],
    "social_care__child_flags": [("END_DATE", "START_DATE")],
    "social_care__workers": [("END_DATE", "START_DATE")],
    "social_care__allocations": [("END_DATE", "START_DATE")],
    "fostering__households": [("deregistration_date", "approval_date")],
}

# Part/whole pairs of counts: the part is never more than the whole. A child
# cannot miss more half-day sessions than the term offered; a file that said
# so raised the LA's overall absence from 5.0% to 7.0% (issue 15).
AT_MOST_PAIRS: dict[str, list[tuple[str, str]]] = {
    "virtual_school__attendance": [("sessions_missed", "sessions_possible")],
}

# Counts that are never 0: a population of 0 children blanks the rate per
# 10,000 for every month (a division by zero), so it is a broken file, not a
# figure. One row of population.csv is one LA-year of 8 or so, far over the
# 2% that can be quarantined, so in practice the drop is rejected.
POSITIVE_COUNTS: dict[str, list[str]] = {
    "population__population": ["population_0_17"],
}

PAIR_RULE = "expect_column_pair_values_a_to_be_greater_than_b"


def _not_below(larger: str, smaller: str) -> dict:
    return {
        "column_A": larger + PARSED_SUFFIX,
        "column_B": smaller + PARSED_SUFFIX,
        "or_equal": True,
        "ignore_row_if": "either_value_is_missing",
    }


def cross_field_rules(qualified_name: str) -> list[tuple[str, str, dict, str]]:
    """(rule, expectation type, kwargs, why) for each cross-field rule of a table."""
    rules = [
        (
            "end_not_before_start",
            PAIR_RULE,
            _not_below(end, start),
            f"{end} ends the period {start} starts, so it is not before it",
        )
        for end, start in DATE_PAIRS.get(qualified_name, [])
    ]
    rules += [
        (
            "count_within",
            PAIR_RULE,
            _not_below(larger, smaller),
            f"{smaller} counts part of {larger}, so it is not greater than it",
        )
        for smaller, larger in AT_MOST_PAIRS.get(qualified_name, [])
    ]
    rules += [
        (
            "positive_count",
            "expect_column_values_to_be_between",
            {"column": c + PARSED_SUFFIX, "min_value": 1},
            f"{c} is a denominator: 0 blanks every rate built on it",
        )
        for c in POSITIVE_COUNTS.get(qualified_name, [])
    ]
    return rules
