"""Fake identifiers: well-formed but plainly not real.

CHILD ids are 6-7 digit numbers; NHS numbers start 999 (the range reserved
for testing) with a valid modulus-11 check digit; UPNs carry the LA part
"999" whatever the LA; postcodes use ZZ99, the NHS pseudo-postcode area.
"""

from __future__ import annotations

import numpy as np


def child_ids(rng: np.random.Generator, n: int) -> list[str]:
    ids: list[int] = []
    seen: set[int] = set()
    while len(ids) < n:
        for v in rng.integers(100_000, 9_999_999, size=max(16, 2 * (n - len(ids)))):
            v = int(v)
            if v not in seen:
                seen.add(v)
                ids.append(v)
                if len(ids) == n:
                    break
    return [str(v) for v in ids]


def nhs_check_digit(nine: str) -> int | None:
    total = sum(int(c) * (10 - i) for i, c in enumerate(nine))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def nhs_numbers(rng: np.random.Generator, n: int) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < n:
        nine = "999" + f"{int(rng.integers(0, 1_000_000)):06d}"
        c = nhs_check_digit(nine)
        if c is None or nine in seen:
            continue
        seen.add(nine)
        out.append(nine + str(c))
    return out


def upns(rng: np.random.Generator, n: int) -> list[str]:
    """13 characters: a letter, LA part 999, establishment 9999-ish, then serial."""
    letters = "ABCDEFGHJKLMNPQRTUVWXYZ"
    out = []
    for i in range(n):
        out.append(f"{letters[int(rng.integers(0, len(letters)))]}999{i:09d}")
    return out
