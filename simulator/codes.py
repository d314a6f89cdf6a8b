"""The data contract's codes, as the simulator uses them.

What belongs here: the code groups the simulator decides by (which placements
are temporary or foster care, which reasons ceased are orders) read from
`code_groups` in contract/contract.yaml, the one home the pipeline's checks
read too; and the check that every code the profile draws is one the
contract lists. The simulator keeps no copy of a code list of its own.
"""

from __future__ import annotations

from contract import load_contract

_CONTRACT = load_contract()
_GROUPS = _CONTRACT.code_groups

TEMPORARY_PLACEMENTS = frozenset(_GROUPS["temporary_placement"])
FOSTER_PLACEMENTS = frozenset(_GROUPS["foster_placement"])
PLACED_FOR_ADOPTION = frozenset(_GROUPS["placed_for_adoption"])
SGO_REASONS_CEASED = frozenset(_GROUPS["sgo_reason_ceased"])
CAO_REASONS_CEASED = frozenset(_GROUPS["cao_reason_ceased"])
ORDER_REASONS_CEASED = SGO_REASONS_CEASED | CAO_REASONS_CEASED


def codes_of(name: str) -> tuple[str, ...]:
    """A contract code group (code_groups) or, failing that, code list (code_lists)."""
    if name in _GROUPS:
        return _GROUPS[name]
    return _CONTRACT.code_lists[name]


def check_codes(name: str, codes: tuple[str, ...]) -> None:
    """Raise if any of `codes` is not in the contract's group or list `name`."""
    unknown = [code for code in codes if code not in codes_of(name)]
    if unknown:
        raise ValueError(f"codes not in the contract's {name!r}: {unknown}")
