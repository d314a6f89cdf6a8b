"""Score the two recording-defect checks against the simulator's truth manifest.

After a nightly run on simulated extracts, reads the working database dbt
built (child-level intermediate models, never published) and the truth
manifest `<landing>/_truth/defects.jsonl` of the newest social care extract,
and prints, counts only:

- SGO/CAO periods recorded with another reason ceased
  (`sgo_recorded_as_other_reason`) found by int_periods_reason_ceased_contradicted;
- sibling visits recorded against one child only (`sibling_visit_once`)
  found by int_sibling_visits_unrecorded.

For sibling visits it also prints the sibling groups flagged, and the
injected visits the check can be expected to see: those 60 working days old
(younger joint visits are not judged yet), and of them those whose sibling
has some visit row carrying a sibling group id. On a run on the clean twin
(`python -m simulator --clean`) nothing is injected, so every flag is a
false alarm.

    make run && .venv/bin/python scripts/measure_recording_checks.py
    LAC_DATA_DIR=<a run on --clean data> .venv/bin/python scripts/measure_recording_checks.py
"""

from __future__ import annotations

import json
import re

import duckdb
import numpy as np

from dagster_project.settings import load_settings


def _truth(kind: str) -> tuple[str, list[dict]]:
    settings = load_settings()
    rows = [
        json.loads(line)
        for line in (settings.landing_dir / "_truth" / "defects.jsonl").read_text().splitlines()
    ]
    rows = [r for r in rows if r["kind"] == kind and r["source"] == "social_care"]
    night = max((r["extract_date"] for r in rows), default="")
    return night, [r for r in rows if r["extract_date"] == night]


def _score(label: str, injected: set, found: set) -> None:
    caught = len(injected & found)
    print(
        f"{label}: injected {len(injected)}, caught {caught}"
        + (f" ({caught / len(injected):.0%})" if injected else "")
        + f", flagged but not injected {len(found - injected)}"
    )


def main() -> None:
    settings = load_settings()
    con = duckdb.connect(str(settings.build_db_path), read_only=True)
    try:
        night, sgo = _truth("sgo_recorded_as_other_reason")
        flagged = {
            r[0]
            for r in con.execute(
                "select child_id from main.int_periods_reason_ceased_contradicted"
            ).fetchall()
        }
        print(f"social care extract {night}")
        _score("SGO/CAO recorded with another reason", {r["child"] for r in sgo}, flagged)

        night, siblings = _truth("sibling_visit_once")
        pattern = re.compile(r"visit of (\d{4}-\d{2}-\d{2})")
        injected = {(r["child"], pattern.search(r["description"]).group(1)) for r in siblings}
        found = {
            (child, str(day))
            for child, day in con.execute(
                "select child_id, visit_date from main.int_sibling_visits_unrecorded"
            ).fetchall()
        }
        _score("sibling visits recorded against one child only", injected, found)
        groups = con.execute(
            "select count(distinct sibling_group_id) from main.int_sibling_visits_unrecorded"
        ).fetchone()[0]
        print(f"  sibling groups flagged: {groups}")
        if not injected:
            return
        # what the check cannot be expected to see: a joint visit under 60
        # working days old (not judged yet: the row may not be typed in), and
        # a sibling with no row at all carrying the group's id (never a
        # member the check knows of)
        due = {
            (child, day)
            for child, day in injected
            if np.busday_offset(np.datetime64(day), 60, roll="backward") <= np.datetime64(night)
        }
        visits = settings.landing_dir / "social_care" / night / "visits.csv"
        known = {
            r[0]
            for r in con.execute(
                'select distinct "CHILD" from read_csv(?, all_varchar = true) '
                "where nullif(trim(\"SIBLING_GROUP_ID\"), '') is not null",
                [str(visits)],
            ).fetchall()
        }
        visible = {(child, day) for child, day in due if child in known}
        _score("  of them due (60 working days old)", due, found)
        _score("  of them due, the sibling a known group member", visible, found)
    finally:
        con.close()


if __name__ == "__main__":
    main()
