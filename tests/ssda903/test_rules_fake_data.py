"""Every rule, on the validator's fake return: it flags the rows that break it, and no other.

The rules come from the registry, so a rule added without a case in
fake_rule_cases.py fails here. The fake data (tests/fixtures/ssda903, a copy
of ../shared/data/ssda903/validator_fake with its provenance) is read once per
session.
"""

from __future__ import annotations

import pytest

from dagster_project.ssda903.rules.registry import RULES
from dagster_project.ssda903.rules.runner import run_rules
from tests.ssda903.fake_data import FakeData
from tests.ssda903.fake_rule_cases import CASES


@pytest.fixture(scope="session")
def fake_data(samples) -> FakeData:
    return FakeData.load(samples / "validator_fake")


def test_every_rule_has_a_fake_data_case():
    assert set(RULES) == set(CASES)


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_flags_exactly_the_fake_rows_that_break_it(code, fake_data, tmp_path):
    if code not in CASES:
        pytest.fail(f"rule {code} has no case on the validator's fake data (fake_rule_cases.py)")
    case = CASES[code](fake_data, tmp_path)
    findings = run_rules(case.ret, codes=[code])
    assert case.expected, "a case must hold rows that break the rule"
    assert set(findings["source_file"]) <= {case.file}
    assert sorted(findings["source_location"]) == sorted(case.expected)
    if case.baseline is not None:
        # the rows broken on purpose are the only ones: the unbroken return passes
        assert run_rules(case.baseline, codes=[code]).empty
