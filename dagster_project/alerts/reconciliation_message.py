"""The nightly health reconciliation message: counts per assessment type, never a child.

Belongs here: the one Slack message the restricted health reconciliation
asset sends after each night. Like every builder in `messages.py` it is a pure
function from facts to an `AlertMessage`; its facts are counts and
percentages keyed by assessment type (a code list of our own), so nothing
read from a file reaches the text. The child-level list it counts is only in
the restricted folder.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from dagster_project.alerts.messages.format import (
    AlertMessage,
    alert_message,
    count_text,
    run_url,
)
from dagster_project.health_reconciliation import (
    IN_CASE_SYSTEM_ONLY,
    MIN_GAP_DENOMINATOR,
    ON_REGISTER_ONLY,
    GapFindings,
)

TYPE_NAMES = {"IHA": "Initial health", "RHA": "Review health", "DENTAL": "Dental"}


def _pct(value: float | None) -> str:
    return "?" if value is None else f"{float(value):.1f}%"


def health_reconciliation_message(
    *,
    as_of_date: dt.date | None,
    counts: Mapping[str, Mapping[str, int]],
    gaps: GapFindings,
    run_id: str | None,
    ui_base_url: str,
) -> AlertMessage:
    """`counts`: {type: {on_register_not_in_case_system: n, in_case_system_not_on_register: n}}."""
    listed = sum(sum(by_direction.values()) for by_direction in counts.values())
    title = f"Health reconciliation: {count_text(listed)} assessments in one system only"
    lines = [
        *([f"*As of:* {as_of_date.isoformat()}"] if as_of_date else []),
        "*In one system only, more than 20 working days after the assessment:*",
    ]
    for kind, by_direction in counts.items():
        name = TYPE_NAMES.get(kind, "Other")
        lines.append(
            f"• {name}: {count_text(by_direction.get(ON_REGISTER_ONLY, 0))} on the health team's "
            f"register only, {count_text(by_direction.get(IN_CASE_SYSTEM_ONLY, 0))} in the case "
            "system only"
        )
    if gaps.month is not None:
        lines.append(
            f"*Up to date in {gaps.month.strftime('%B %Y')}, register against case system* "
            f"(warning above {gaps.threshold_points:g} points):"
        )
        for gap in gaps.by_type:
            name = TYPE_NAMES.get(gap.assessment_type, "Other")
            detail = f"{_pct(gap.register_pct)} against {_pct(gap.case_system_pct)}"
            if gap.gap_points is not None:
                detail += f" ({gap.gap_points:+.1f} points)"
            if (gap.denominator or 0) < MIN_GAP_DENOMINATOR:
                detail += f", fewer than {MIN_GAP_DENOMINATOR} children: not judged"
            elif gap.exceeds(gaps.threshold_points):
                detail += ": above the warning"
            lines.append(f"• {name}: {detail}")
    lines.append(
        "Team managers: the child-level list is in the restricted folder "
        "(latest/health_reconciliation_exceptions.csv), never in Slack."
    )
    link = run_url(ui_base_url, run_id) if run_id else None
    emoji = ":warning:" if not gaps.passed else ":stethoscope:"
    return alert_message("health_reconciliation", title, lines, link, emoji)
