"""Run a table's GX suite on its string DataFrame and read back which rules failed.

Belongs here: the GX plumbing and the reading of a validation result into
one `RuleResult` per broken rule (rule, column, why, the rows it names);
`verdict.judge` decides what each one does. With the raw history's stored
outcomes (`outcomes.OutcomeStore`) GX validates only the rows not seen
before under the same suite, and the rest comes from what was stored
(`incremental` says why that is exact); the key rules run in DuckDB SQL on
every row (`table_rules`). `validate_table_full`, GX on every row, is the
reference the incremental result must equal. One ephemeral GX context, its
datasource and each table's batch definition are built once per thread
(`GxSession`) and reused by every validation: a catch-up validates a few
changed rows of many tables every night, and building them per call was
about a sixth of GX's cost there. GX first answers pass or fail for every
expectation; only the failing ones run again for the rows they name.

GX is imported lazily (about 4 s, once per process by Python's import
cache) and only here. Validation results contain the failing *values*; this
module keeps only row numbers and counts, so no value ever leaves it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
from pathlib import Path

import pandas as pd

from contract import Table, load_contract
from dagster_project.gates.build_suites import (
    EARLIEST,
    EARLIEST_PARAM,
    EXPECTATIONS_DIR,
    LATEST_DATE_PARAM,
    LATEST_DATETIME_PARAM,
    PARSED_SUFFIX,
    ROW_NUMBER,
    STRUCTURAL,
    suite_path,
)
from dagster_project.gates.incremental import TABLE, gx_order, kind_of, merge, plan
from dagster_project.gates.outcomes import OutcomeStore, Stored, fingerprint, row_hashes
from dagster_project.gates.table_rules import KEY_RULES, repeated_key_rows
from dagster_project.gates.verdict import (
    FIELD_NULLED,
    FIRST_ROWS,
    QUARANTINE_REJECT_SHARE,
    ROW_DROPPED,
    FailedRule,
    Finding,
    RuleResult,
    Verdict,
    describe_faults,
    finding_action,
    judge,
)
from dagster_project.ingest.casting import normalise_ids
from dagster_project.ingest.dates import parse_timestamps

# The names the ingest modules and tests import from here.
__all__ = [
    "FIELD_NULLED",
    "FIRST_ROWS",
    "QUARANTINE_REJECT_SHARE",
    "ROW_DROPPED",
    "FailedRule",
    "Finding",
    "Verdict",
    "describe_faults",
    "finding_action",
    "load_suite",
    "validate_table",
    "validate_table_full",
    "validation_frame",
]

# Extracts are taken overnight and can run past midnight, and case-system
# clocks drift: a recorded-at timestamp up to the end of the day after the
# extract date is plausible; anything later is a bad clock or a typo.
RECORDED_AT_GRACE = dt.timedelta(days=2)

# Stands in for text that does not parse, so the suite's "on or after 1900"
# rule fails it (GX skips nulls, and null already means blank).
UNPARSEABLE = pd.Timestamp("1800-01-01")

DUPLICATE_ROW_WHY = "the export repeated a row; the first copy is kept"

# What the runner feeds the suite besides the row: part of the stored
# outcomes' fingerprint, so changing one revalidates every row.
FINGERPRINT_SETTINGS = {
    "earliest": EARLIEST,
    "recorded_at_grace": str(RECORDED_AT_GRACE),
    "unparseable": str(UNPARSEABLE),
}


def load_suite(table: Table, directory: Path = EXPECTATIONS_DIR) -> dict:
    return json.loads(suite_path(table, directory).read_text())


def validation_frame(table: Table, frame: pd.DataFrame) -> pd.DataFrame:
    """The string frame, ids normalised, plus a parsed column per date, datetime or integer.

    A whole number that does not parse is left null there: the `integer` rule
    on the text already flags it, and the count rules skip it.
    """
    source = load_contract().source(table.source)
    out = normalise_ids(table, frame)
    # A missing column is left to the `columns_present` rule to report.
    for col in (c for c in table.columns if c.name in out.columns):
        if col.type == "integer":
            out[col.name + PARSED_SUFFIX] = pd.to_numeric(out[col.name], errors="coerce")
        elif col.type in ("date", "datetime"):
            fmt = source.date_format if col.type == "date" else source.datetime_format
            parsed = parse_timestamps(out[col.name], fmt, errors="coerce")
            unparsed = parsed.isna() & out[col.name].notna()
            out[col.name + PARSED_SUFFIX] = parsed.mask(unparsed, UNPARSEABLE)
    # One block per dtype, once: the columns added one by one above leave the
    # frame in many blocks, and GX's copies and row filters would otherwise
    # merge them again for every expectation (about a tenth of the gates' CPU).
    return out.copy()


def validate_table(
    table: Table, frame: pd.DataFrame, extract_date: dt.date, store: OutcomeStore | None = None
) -> Verdict:
    """Validate the reader's string frame of `table` and judge it.

    GX sees only the rows whose outcome is not stored in `store` (with no
    store: every row); the verdict is the one `validate_table_full` gives.
    """
    started = time.perf_counter()
    incremental = _incremental_results(table, frame, extract_date, store)
    results, validated = incremental or (_full_results(table, frame, extract_date), len(frame))
    verdict = judge(table, len(frame), results, time.perf_counter() - started)
    verdict.rows_validated = validated
    return verdict


def validate_table_full(table: Table, frame: pd.DataFrame, extract_date: dt.date) -> Verdict:
    """The reference: GX runs the whole suite on every row (what `validate_table` must equal).

    In a GX context of its own, in one pass naming the rows of every
    expectation: neither the shared session nor the pass/fail pass is used,
    so comparing with `validate_table` tests them too.
    """
    started = time.perf_counter()
    results = _full_results(table, frame, extract_date, reference=True)
    verdict = judge(table, len(frame), results, time.perf_counter() - started)
    verdict.rows_validated = len(frame)
    return verdict


def _full_results(
    table: Table, frame: pd.DataFrame, extract_date: dt.date, reference: bool = False
) -> list[RuleResult]:
    checked = validation_frame(table, frame)
    results = []
    expectations = load_suite(table)["expectations"]
    if reference:
        validated = _validate(GxSession(), table, checked, extract_date, expectations, NAMING_ROWS)
    else:
        validated = _run_suite(table, checked, extract_date, expectations)
    for r in validated:
        if not r.success:
            results.extend(_rule_results(table, checked, r))
    return results


def _incremental_results(
    table: Table, frame: pd.DataFrame, extract_date: dt.date, store: OutcomeStore | None
) -> tuple[list[RuleResult], int] | None:
    """(failed rules, rows GX ran on) from stored outcomes and GX on the other rows.

    None (validate in full) when the incremental rule does not hold for sure (a column
    missing, an expectation not classified, GX raising or failing without
    naming rows): the whole-table validation then decides, as before.
    """
    suite = load_suite(table)
    expectations = suite["expectations"]
    kinds = [kind_of(e) for e in expectations]
    if None in kinds or not set(table.column_names) <= set(frame.columns):
        return None
    ids = normalise_ids(table, frame)
    suite_print = fingerprint(table, suite, FINGERPRINT_SETTINGS)
    stored = store.load(table, suite_print) if store is not None else Stored.nothing()
    hashes = row_hashes(table, ids)
    the_plan = plan(kinds, hashes, ids, extract_date, stored)
    positions, rows = the_plan.to_validate()
    fresh: dict[int, tuple[int, ...]] = {}
    if positions:
        subset = [expectations[p] for p in positions]
        checked = validation_frame(table, frame[rows].reset_index(drop=True))
        validated = _run_suite(table, checked, extract_date, subset)
        if len(validated) != len(subset):
            return None
        for k, r in zip(gx_order(subset), validated, strict=True):
            position, expectation = positions[k], subset[k]
            config = r.expectation_config
            if (
                config.type != expectation["type"]
                or config.kwargs.get("column") != expectation["kwargs"].get("column")
                or _raised(r.exception_info)
            ):
                return None
            if not r.success:
                named = _rows_named(r)
                if not named:
                    return None
                fresh[position] = named
    outcome = merge(the_plan, positions, rows, fresh)
    failing = outcome.rows_failing()
    results = []
    for position in gx_order(expectations):
        expectation, kind = expectations[position], kinds[position]
        if kind == TABLE:
            # `columns_present` passed: every contract column is in the frame.
            if expectation["type"] not in KEY_RULES:
                continue
            named = repeated_key_rows(expectation, ids, store.con if store else None)
        else:
            named = failing.get(position, ())
        if named:
            rule, why, column = _described(
                expectation["meta"], expectation["type"], expectation["kwargs"]
            )
            results.extend(_named_rows(table, ids, RuleResult(rule, column, why, rows=named)))
    if store is not None:
        store.save(table, suite_print, extract_date, outcome.by_hash(), stored)
    return results, int(rows.sum()) if positions else 0


# The result format GX names rows in; asking for it costs about twice a
# pass/fail answer per expectation (the unexpected-row metrics), so GX first
# says which expectations fail (`PASS_FAIL`) and only those run again in full.
NAMING_ROWS = {
    "result_format": "COMPLETE",
    "unexpected_index_column_names": [ROW_NUMBER],
    "return_unexpected_index_query": False,
}
PASS_FAIL = {"result_format": "BOOLEAN_ONLY"}
# The meta key that carries an expectation's suite position through GX.
POSITION = "suite_position"


class GxSession:
    """One ephemeral GX context, its pandas datasource and a batch definition per table.

    Building them cost about 20 ms a table (the context saves its project
    config as YAML at each `add_*`), a fixed cost paid again on every night
    of a catch-up; validating with them is what a fresh context does (the
    context holds no results: `Batch.validate` returns them). One per thread
    (`session()`): GX's objects are not shared between threads.
    """

    def __init__(self) -> None:
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        logging.getLogger("great_expectations").setLevel(logging.ERROR)
        self.gx = gx
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(
            globally=False, metric_calculations=False
        )
        self.datasource = self.context.data_sources.add_pandas("raw_tables")
        self.batch_definitions: dict[str, object] = {}

    def batch(self, table: Table, frame: pd.DataFrame):
        name = table.qualified_name
        if name not in self.batch_definitions:
            asset = self.datasource.add_dataframe_asset(name)
            self.batch_definitions[name] = asset.add_batch_definition_whole_dataframe(name)
        return self.batch_definitions[name].get_batch(batch_parameters={"dataframe": frame})

    def release(self) -> None:
        """Let go of the frames validated: GX's execution engine keeps each batch it loaded.

        A fresh context per call dropped them with the context; a shared one
        would hold every table's last frame (a whole table's on a first night).
        """
        manager = self.datasource.get_execution_engine().batch_manager
        manager.reset_batch_cache()
        manager.batch_data_cache.clear()


_sessions = threading.local()
# How many shared sessions this process built (one a thread): what the tests read.
sessions_built = 0


def session() -> GxSession:
    """This thread's GX session, built on first use."""
    global sessions_built
    if getattr(_sessions, "gx", None) is None:
        _sessions.gx = GxSession()
        sessions_built += 1
    return _sessions.gx


def _run_suite(
    table: Table, frame: pd.DataFrame, extract_date: dt.date, expectations: list[dict]
) -> list:
    """GX's results for `expectations` (of `table`'s suite) on `frame`, in GX's order.

    A passing expectation's result is GX's pass/fail answer; a failing one's
    is GX's complete result (the rows it names), from a second validation of
    the failing expectations alone, on the same rows. An expectation that
    raised in the first pass is returned as it is (`_raised` reads it).
    """
    gx_session = session()
    # Each expectation carries its suite position in its meta, so a result
    # is matched to its expectation whatever order GX returns them in (it
    # groups them by column, and puts rules that raised first).
    tagged = [
        {**e, "meta": {**(e.get("meta") or {}), POSITION: k}} for k, e in enumerate(expectations)
    ]
    first = _validate(gx_session, table, frame, extract_date, tagged, PASS_FAIL)
    again = sorted(_position(r) for r in first if not r.success and not _raised(r.exception_info))
    if not again:
        return first
    named = _validate(
        gx_session, table, frame, extract_date, [tagged[k] for k in again], NAMING_ROWS
    )
    by_position = {_position(r): r for r in named}
    if sorted(by_position) != again:
        # not matched up for sure: one pass naming every expectation's rows
        return _validate(gx_session, table, frame, extract_date, tagged, NAMING_ROWS)
    return [by_position.get(_position(r), r) for r in first]


def _position(result) -> int | None:
    return (result.expectation_config.meta or {}).get(POSITION)


def _validate(
    gx_session: GxSession,
    table: Table,
    frame: pd.DataFrame,
    extract_date: dt.date,
    expectations: list[dict],
    result_format: dict,
) -> list:
    suite = gx_session.gx.ExpectationSuite(
        name=table.qualified_name, expectations=expectations, meta=load_suite(table).get("meta")
    )
    try:
        return (
            gx_session.batch(table, frame)
            .validate(
                suite,
                expectation_parameters={
                    EARLIEST_PARAM: pd.Timestamp(EARLIEST),
                    LATEST_DATE_PARAM: pd.Timestamp(extract_date),
                    LATEST_DATETIME_PARAM: pd.Timestamp(extract_date) + RECORDED_AT_GRACE,
                },
                result_format=result_format,
            )
            .results
        )
    finally:
        gx_session.release()


def _described(meta: dict | None, kind: str, kwargs: dict) -> tuple[str, str, str | None]:
    """(rule, why, column) of an expectation, as findings and alerts name it."""
    meta = meta or {}
    return meta.get("rule", kind), meta.get("why", ""), _column_of(kwargs)


def _rows_named(r) -> tuple[int, ...]:
    """The row numbers a failed expectation names (the index list also holds the values)."""
    return tuple(
        sorted({int(item[ROW_NUMBER]) for item in (r.result.get("unexpected_index_list") or [])})
    )


def _named_rows(table: Table, frame: pd.DataFrame, result: RuleResult) -> list[RuleResult]:
    if result.rule == "key_unique":
        return _split_exact_duplicates(table, frame, result)
    return [result]


def _rule_results(table: Table, frame: pd.DataFrame, r) -> list[RuleResult]:
    """What one failed expectation says: the rule, and the rows it names."""
    config = r.expectation_config
    meta = config.meta or {}
    rule, why, column = _described(meta, config.type, config.kwargs)
    if _raised(r.exception_info):
        # A rule that could not run proves nothing about the rows; treat it
        # as structural so the drop is held back rather than let through.
        return [RuleResult(rule, column, f"{meta.get('why')}: rule raised", structural=True)]
    rows = _rows_named(r)
    if rows:
        return _named_rows(table, frame, RuleResult(rule, column, why, rows=rows))
    if meta.get("level") != STRUCTURAL:
        # Failed without naming a row (an aggregate or a GX error): hold
        # the drop back rather than let unknown rows through.
        return [RuleResult(rule, column, f"{meta.get('why')}: no rows named", structural=True)]
    missing = r.result.get("details", {}).get("mismatched", {}).get("missing")
    if missing:
        why += f"; missing: {', '.join(sorted(missing))}"
    return [RuleResult(rule, column, why, structural=True)]


def _split_exact_duplicates(table: Table, frame: pd.DataFrame, key: RuleResult) -> list[RuleResult]:
    """Keep one copy of a row the export wrote twice.

    The key rule flags every row sharing a key. When the rows are identical
    in every column the export simply repeated a row: quarantining all the
    copies would make a child's episode vanish, so the first copy is kept
    (if no other rule holds it back) and the repeats are quarantined as
    `duplicate_row`. Rows sharing a key but differing stay `key_unique`:
    which one is right cannot be known here.
    """
    flagged = frame[frame[ROW_NUMBER].isin(key.rows)]
    # Each key's rows, and how many different rows (as text) it holds: at
    # once for every key (a loop over the keys cost 0.8 s a night).
    group = flagged.groupby(list(table.key), dropna=False, sort=False).ngroup().to_numpy()
    text = flagged[table.column_names].astype(str)
    text["_group"] = group
    different = text.drop_duplicates().groupby("_group").size()
    copies = pd.DataFrame({"group": group, "row": flagged[ROW_NUMBER].astype("int64").to_numpy()})
    copies = copies[copies["group"].isin(different.index[different == 1])]
    first = copies["row"] == copies.groupby("group")["row"].transform("min")
    kept = {int(n) for n in copies.loc[first, "row"]}
    repeats = {int(n) for n in copies.loc[~first, "row"]}
    clashing = tuple(n for n in key.rows if n not in kept and n not in repeats)
    out = []
    if clashing:
        out.append(RuleResult(key.rule, key.column, key.why, rows=clashing))
    if repeats:
        out.append(
            RuleResult(
                "duplicate_row", ",".join(table.key), DUPLICATE_ROW_WHY, rows=tuple(sorted(repeats))
            )
        )
    return out


def _column_of(kwargs: dict) -> str | None:
    if "column" in kwargs:
        return kwargs["column"].removesuffix(PARSED_SUFFIX)
    if "column_list" in kwargs:
        return ",".join(kwargs["column_list"])
    if "column_A" in kwargs:
        a = kwargs["column_A"].removesuffix(PARSED_SUFFIX)
        b = kwargs["column_B"].removesuffix(PARSED_SUFFIX)
        return f"{a},{b}"
    return None


def _raised(exception_info) -> bool:
    """GX reports an exception per expectation, or per metric in a nested dict."""
    if not exception_info:
        return False
    if "raised_exception" in exception_info:
        return bool(exception_info["raised_exception"])
    return any(isinstance(v, dict) and v.get("raised_exception") for v in exception_info.values())
