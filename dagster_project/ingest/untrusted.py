"""Names read from a drop, said without repeating them.

Belongs here: how ingest messages mention a sheet, column or file name that
came from the file. A name the contract knows is ours and is shown as it is;
any other name is untrusted text (a sheet renamed `<!channel> Jayden
Okafor`, a column headed with a child's name and date of birth) and is shown
only by its place: "an unexpected sheet (1 of 3)", "an unexpected column at
position 7". Messages built here reach the Dagster log and Slack; the names
themselves never do.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def unexpected(kind: str, index: int, total: int) -> str:
    """'an unexpected sheet (1 of 3)'."""
    return f"an unexpected {kind} ({index} of {total})"


def known_or_unexpected(names: Sequence[object], known: Iterable[str], kind: str) -> list[str]:
    """Each name as it is if the contract knows it, else by its place among the others."""
    known = set(known)
    strangers = [n for n in names if n not in known]
    out = []
    for name in names:
        if name in known:
            out.append(str(name))
        else:
            out.append(unexpected(kind, strangers.index(name) + 1, len(strangers)))
    return out


def positions_of(kind: str, positions: Sequence[int]) -> str:
    """'2 columns not in the contract (positions 7, 9)': where, never what."""
    places = ", ".join(str(p) for p in positions)
    if len(positions) == 1:
        return f"1 {kind} not in the contract (position {places})"
    return f"{len(positions)} {kind}s not in the contract (positions {places})"
