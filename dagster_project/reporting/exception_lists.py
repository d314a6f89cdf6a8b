"""Team managers' exception lists: the children behind the figures, per team.

Child-level, so restricted (DESIGN.md): read from the build database's
child-level intermediate models (never the published warehouse, which holds
aggregates only) and written ONLY through dagster_project.restricted, one
workbook per team, source child ids only. Nothing here is logged but counts.

The due and overdue rules (health, dental, visits, reviews, PEPs, pathway
plans) are not re-implemented: each list reads the model that shares its
CTEs or due-date macro with the indicator it explains (dbt/macros/
child_status_ctes.sql), so a child is on a list exactly when the indicator
counts them as not up to date. Everything is for the latest month end the
build holds, the month the report shows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from dagster_project.pooled_raw import CouncilRaw, attach_councils
from dagster_project.restricted import write_restricted_workbook

UNALLOCATED = "Unallocated"

# One select per exception: child_id, what is wrong, when it fell due (null
# when the record has no date to count from) and the last one on record.
EXCEPTIONS_SQL = """
with latest as (
    select max(period_end) as period_end from main.int_visit_status_by_child
    where true /*council*/
),
exceptions as (
    select child_id, 'Health assessment overdue or missing' as exception,
        health_assessment_due_date as due_date, last_health_assessment_date as last_done_date
    from main.int_health_status_by_child
    where period_end = (select period_end from latest) /*council*/
        and not has_health_assessment_up_to_date
    union all
    select child_id, 'Dental check overdue or missing',
        dental_check_due_date, last_dental_check_date
    from main.int_health_status_by_child
    where period_end = (select period_end from latest) /*council*/
        and not has_dental_check_up_to_date
    union all
    select child_id, 'Statutory visit overdue (national minimum standard)',
        nms_due_date, last_visit_date
    from main.int_visit_status_by_child
    where period_end = (select period_end from latest) /*council*/
        and nms_due_date < (select period_end from latest)
    union all
    select child_id, 'Looked-after review overdue', next_review_due_date, last_review_date
    from main.int_review_status_by_child
    where period_end = (select period_end from latest) /*council*/
        and next_review_due_date < (select period_end from latest)    union all
    select child_id, 'No PEP meeting this term', null, null
    from main.int_pep_status_by_child
    where period_end = (select period_end from latest) /*council*/
        and not has_pep_this_term
    union all
    select child_id, 'No pathway plan', null, null
    from main.int_pathway_plan_status_by_child
    where period_end = (select period_end from latest) /*council*/
        and not has_pathway_plan
    union all
    select child_id, 'Care leaver not in touch', null, latest_contact_date
    from main.int_care_leavers_monthly
    where period_end = (select period_end from latest) /*council*/
        and not coalesce(is_in_touch, false)
),
allocated as (
    -- The child's worker at the month end: the latest allocation open then.
    select allocations.child_id, allocations.worker_id, workers.team_id, workers.team_name
    from main.stg_social_care__allocations as allocations
    left join main.stg_social_care__workers as workers
        on allocations.worker_id = workers.worker_id /*workers*/
    where allocations.allocation_start_date <= (select period_end from latest) /*allocations*/
        and (allocations.allocation_end_date is null
             or allocations.allocation_end_date > (select period_end from latest))
    qualify row_number() over (
        partition by allocations.child_id order by allocations.allocation_start_date desc
    ) = 1
)
select
    (select period_end from latest) as period_end,
    allocated.team_id,
    allocated.team_name,
    allocated.worker_id,
    exceptions.child_id,
    exceptions.exception,
    exceptions.due_date,
    exceptions.last_done_date,
    case when exceptions.due_date is not null
        then datediff('day', exceptions.due_date, (select period_end from latest))
    end as days_overdue
from exceptions
left join allocated on exceptions.child_id = allocated.child_id
order by allocated.team_id nulls last, allocated.worker_id nulls last,
    days_overdue desc nulls last, exceptions.child_id
"""

COLUMNS = {
    "team_name": "Team",
    "worker_id": "Worker",
    "child_id": "Child id (case system)",
    "exception": "Exception",
    "due_date": "Due",
    "last_done_date": "Last on record",
    "days_overdue": "Days overdue",
}


@dataclass(frozen=True)
class ExceptionListsResult:
    period_end: dt.date | None
    paths: list[Path]
    children: int
    exceptions: int
    teams: int


def exceptions_sql(la_code: str | None = None) -> str:
    """EXCEPTIONS_SQL, of one council with `la_code` (a warehouse of several councils).

    Every relation it reads is then that council's only, so the joins on
    child and worker ids stay within the council (ids are only unique there).
    """
    if la_code is None:
        return EXCEPTIONS_SQL
    if not (la_code.isdigit() and len(la_code) == 3):
        raise ValueError("an LA code is three digits")
    return (
        EXCEPTIONS_SQL.replace("/*council*/", f"and la_code = '{la_code}'")
        .replace("/*workers*/", f"and workers.la_code = '{la_code}'")
        .replace("/*allocations*/", f"and allocations.la_code = '{la_code}'")
    )


def load_exceptions(
    build_db_path: Path,
    raw_db_path: Path,
    councils: Sequence[CouncilRaw] = (),
    la_code: str | None = None,
) -> pd.DataFrame:
    """The exceptions of the build (of council `la_code` only, when given).

    `raw_db_path`: the pooled raw history dbt read, whose views need `councils` attached.
    """
    with duckdb.connect(str(build_db_path), read_only=True) as con:
        # Staging models are views over the raw history, attached as dbt does.
        attach_councils(con, councils)
        con.execute("attach ? as raw (read_only)", [str(raw_db_path)])
        return con.execute(exceptions_sql(la_code)).df()


def _file_name(team_id: object) -> str:
    """A fixed-pattern file name: team ids come from a file, so keep only safe characters."""
    if team_id is None or pd.isna(team_id):
        return "exceptions_unallocated"
    return "exceptions_team_" + re.sub(r"[^A-Za-z0-9]+", "_", str(team_id)).strip("_").lower()


def _team_sheets(rows: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """A summary sheet by worker, then every exception, worst first."""
    listing = rows[list(COLUMNS)].rename(columns=COLUMNS)
    by_worker = (
        rows.assign(worker_id=rows["worker_id"].fillna(UNALLOCATED))
        .groupby(["worker_id", "exception"])
        .size()
        .rename("children")
        .reset_index()
        .rename(columns={"worker_id": "Worker", "exception": "Exception", "children": "Children"})
    )
    return {"By worker": by_worker, "Children": listing}


def write_exception_lists(
    build_db_path: Path,
    raw_db_path: Path,
    restricted_dir: Path,
    as_of_date: dt.date,
    councils: Sequence[CouncilRaw] = (),
    la_code: str | None = None,
) -> ExceptionListsResult:
    """Each team's workbook, of council `la_code` when the build holds several."""
    exceptions = load_exceptions(build_db_path, raw_db_path, councils, la_code)
    paths = []
    for team_id, rows in exceptions.groupby(exceptions["team_id"].fillna(""), sort=True):
        paths.append(
            write_restricted_workbook(
                restricted_dir, as_of_date, _file_name(team_id or None), _team_sheets(rows)
            )
        )
    period_end = exceptions["period_end"].iloc[0] if not exceptions.empty else None
    return ExceptionListsResult(
        period_end=pd.Timestamp(period_end).date() if period_end is not None else None,
        paths=paths,
        children=exceptions["child_id"].nunique(),
        exceptions=len(exceptions),
        teams=len(paths),
    )
