"""The profile draws only codes the data contract lists, and its derived numbers agree."""

from __future__ import annotations

import dataclasses

import pytest

from contract import load_contract
from simulator.profile import Mix, Profile, mix

CODE_LISTS = load_contract().code_lists

# Codes drawn uniformly from a tuple (not a Mix), and the contract list each belongs to.
UNIFORM_CODES = {
    "uasc_ethnicities": "ethnicity",
    "unsuitable_accommodation": "accommodation",
    "not_in_touch": "in_touch",
    "adoption_reversal_reasons": "reason_placed_ceased",
}


# Mixes of things that are not contract codes (kinds of placement before the
# carers are chosen, places approved, a worker's FTE).
NOT_CONTRACT_CODES = {
    "placement_under_1",
    "placement_1_to_9",
    "placement_10_to_15",
    "placement_16_plus",
    "placement_uasc_16_plus",
    "places_approved",
    "worker_fte",
}


def _mixes(profile: Profile) -> dict[str, Mix]:
    values = {f.name: getattr(profile, f.name) for f in dataclasses.fields(profile)}
    return {name: value for name, value in values.items() if isinstance(value, Mix)}


@pytest.mark.parametrize("name", sorted(_mixes(Profile())))
def test_every_mix_names_its_contract_code_list(name: str) -> None:
    drawn = _mixes(Profile())[name]
    assert (drawn.code_list is None) == (name in NOT_CONTRACT_CODES), name
    assert drawn.codes and len(set(drawn.codes)) == len(drawn.codes), name
    assert all(weight >= 0 for weight in drawn.weights) and sum(drawn.weights) > 0, name


@pytest.mark.parametrize(("field", "code_list"), sorted(UNIFORM_CODES.items()))
def test_uniform_codes_are_contract_codes(field: str, code_list: str) -> None:
    codes = getattr(Profile(), field)
    assert set(codes) <= set(CODE_LISTS[code_list]), (field, codes)


def test_a_code_outside_the_contract_is_refused() -> None:
    with pytest.raises(ValueError, match="reason_ceased"):
        mix({"E4A": 0.5, "E99": 0.5}, "reason_ceased")


def test_mix_needs_one_weight_per_code() -> None:
    with pytest.raises(ValueError, match="weights"):
        Mix(("E4A", "E4B"), (1.0,), "reason_ceased")


def test_mean_sibling_group_size_follows_the_pair_share() -> None:
    profile = Profile()
    pairs = profile.sibling_pair_share
    assert profile.mean_sibling_group_size == pytest.approx(2 * pairs + 3 * (1 - pairs))
