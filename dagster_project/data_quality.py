"""The night's data-quality findings: counts for the team, a list for the people who fix records.

Belongs here: reading the gate findings of the newest accepted extract of
each source from the raw history's `_quarantine`, and shaping them two ways
that never mix (DESIGN.md, "three kinds of output"):

- `finding_counts`: records per source, table, rule and action, with no id,
  no row number and no column: the frame the Slack summary is built from
  (`alerts.messages.data_quality_message`). Its columns are generic
  (`COUNT_COLUMNS`), so repair counts from the dbt side can be appended to it;
- `records_to_correct`: one row per finding with the source file, row number,
  child id, rule, action and column, sorted by rule: the restricted list
  `RESTRICTED_LIST_NAME`, written only through `restricted.write_restricted_list`.

Beside the gates' findings, the dbt side's repairs and sequence quarantines
of the same night (`dbt_findings`, from the working database's
`int_data_quality_findings`: copied end dates repaired, X1 chains held open,
starts before birth quarantined) go the same two ways, so the team hears of
every record a figure rests on that was changed or held back.

The newest accepted extract of each source is the state of its records as
they stand: a fault stays on the list night after night until someone
corrects it in the source system, and leaves it the night after they do.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from dagster_project.councils import council_clause

COUNT_COLUMNS = ["source", "table_name", "rule", "action", "records"]

RESTRICTED_LIST_NAME = "records_to_correct"
RESTRICTED_COLUMNS = [
    "rule",
    "action",
    "source",
    "table_name",
    "extract_date",
    "source_file",
    "row_number",
    "child_id",
    "column_name",
]

_LATEST_FINDINGS_SQL = """
with newest as (
    select source, max(extract_date) as extract_date
    from _extract_log
    where status = 'accepted'
    group by source
)
select
    q.source,
    q.table_name,
    q.extract_date,
    q.file_name as source_file,
    q.row_number,
    q.child_id,
    q.column_name,
    q.rule,
    q.action
from _quarantine as q
inner join newest
    on q.source = newest.source and q.extract_date = newest.extract_date
order by q.source, q.table_name, q.rule, q.row_number, q.column_name
"""


# The actions dbt takes itself; the gates' field_nulled and row_dropped
# findings, which int_data_quality_findings also carries, come from
# `latest_findings` and are not counted twice.
DBT_ACTIONS = ("repaired", "quarantined_sequence")
DBT_FINDING_COLUMNS = ["source", "table_name", "rule", "action", "child_id"]

_DBT_FINDINGS_SQL = f"""
select source, table_name, rule, action, child_id
from main.int_data_quality_findings
where action in {DBT_ACTIONS!r} /*council*/
order by source, table_name, rule, action, child_id
"""


def dbt_findings(build_db_path: Path, la_code: str | None = None) -> pd.DataFrame:
    """The dbt side's repairs and quarantines of tonight's build (child ids included).

    With `la_code`, one council's (the warehouse may hold several). Empty
    when there is no working database yet, or it predates the model.
    """
    if not build_db_path.exists():
        return pd.DataFrame(columns=DBT_FINDING_COLUMNS)
    with duckdb.connect(str(build_db_path), read_only=True) as con:
        # information_schema lists tables and views alike (the model's
        # materialisation is dbt's to choose).
        (known,) = con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = 'main' and table_name = 'int_data_quality_findings'"
        ).fetchone()
        if not known:
            return pd.DataFrame(columns=DBT_FINDING_COLUMNS)
        return con.execute(_DBT_FINDINGS_SQL.replace("/*council*/", council_clause(la_code))).df()


def with_dbt_findings(findings: pd.DataFrame, repairs: pd.DataFrame) -> pd.DataFrame:
    """The gates' findings and the dbt side's in one frame of the findings' columns."""
    if repairs.empty:
        return findings
    # The repairs have no file, row or column: those stay empty in the list.
    return pd.concat([findings, repairs], ignore_index=True).reindex(columns=findings.columns)


def latest_findings(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every finding of the newest accepted extract of each source (child ids included)."""
    return con.execute(_LATEST_FINDINGS_SQL).df()


def finding_counts(findings: pd.DataFrame) -> pd.DataFrame:
    """Records per source, table, rule and action: counts only, safe for a message."""
    if findings.empty:
        return pd.DataFrame(columns=COUNT_COLUMNS)
    counts = (
        findings.groupby(["source", "table_name", "rule", "action"], as_index=False)
        .size()
        .rename(columns={"size": "records"})
    )
    return counts[COUNT_COLUMNS].sort_values(
        ["source", "table_name", "rule", "action"], ignore_index=True
    )


def records_to_correct(findings: pd.DataFrame) -> pd.DataFrame:
    """The restricted list: where each finding is, by rule (child ids: restricted only)."""
    if findings.empty:
        return pd.DataFrame(columns=RESTRICTED_COLUMNS)
    return findings[RESTRICTED_COLUMNS].sort_values(
        ["rule", "source", "table_name", "row_number", "column_name"], ignore_index=True
    )
