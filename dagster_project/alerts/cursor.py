"""The one way a sensor keeps its state: a JSON object in the sensor's cursor.

Dagster stores a sensor's cursor with its ticks, so state kept here survives
a daemon restart and shows in the UI; a cursor that is missing or not a JSON
object (a first tick, a cursor reset by hand) reads as empty state.
"""

from __future__ import annotations

import json
from typing import Any

import dagster as dg


def read_cursor(cursor: str | None) -> dict[str, Any]:
    """The state a previous tick left; {} on a first tick or an unreadable cursor."""
    try:
        state = json.loads(cursor) if cursor else {}
    except json.JSONDecodeError:
        return {}
    return state if isinstance(state, dict) else {}


def write_cursor(state: dict[str, Any]) -> str:
    """State as a cursor: sorted keys, so equal state is an equal string."""
    return json.dumps(state, sort_keys=True)


def end_tick(context: dg.SensorEvaluationContext, reason: str, cursor: str | None) -> dg.SkipReason:
    """Keep the new cursor (None keeps the old one) and say what the tick did.

    Alert sensors send their messages themselves and request no run, so every
    tick ends in a SkipReason: the UI shows the reason on the tick.
    """
    if cursor is not None and cursor != context.cursor:
        context.update_cursor(cursor)
    return dg.SkipReason(reason)
