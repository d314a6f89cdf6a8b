"""Row versions give back every stored night's extract exactly, as snapshots did.

Each test writes a sequence of nightly extracts of one small contract table
through `write_night` and compares, night by night, what the raw table (the
view) gives with the extracts themselves, duplicates counted: rows deleted,
rows changed and changed back, identical rows several times, nights
re-delivered, re-ingested or put in between older ones.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pandas as pd
import pytest

from contract import load_contract
from dagster_project import raw_history
from dagster_project.row_versions import nights_of, versions_table, write_night

POPULATION = load_contract().source("population").table("population")
NIGHT_0 = dt.date(2024, 1, 1)


def night(i: int) -> dt.date:
    return NIGHT_0 + dt.timedelta(days=i)


def frame(rows: list[tuple[int, int | None]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "la_code": ["999"] * len(rows),
            "mid_year": pd.array([r[0] for r in rows], dtype="Int64"),
            "population_0_17": pd.array([r[1] for r in rows], dtype="Int64"),
            "_row_number": range(1, len(rows) + 1),
        }
    )


@pytest.fixture
def con(tmp_path):
    con = raw_history.connect(tmp_path / "raw" / "raw_history.duckdb")
    yield con
    con.close()


def store(con, when: dt.date, rows) -> None:
    con.execute("begin transaction")
    write_night(con, POPULATION, when, frame(rows), f"population_{when}.csv")
    con.execute("commit")


def held(con, when: dt.date) -> Counter:
    return Counter(
        con.execute(
            "select mid_year, population_0_17 from population__population where _extract_date = ?",
            [when],
        ).fetchall()
    )


def assert_every_night(con, extracts: dict[dt.date, list]) -> None:
    assert nights_of(con, POPULATION) == sorted(extracts)
    for when, rows in extracts.items():
        assert held(con, when) == Counter(rows), when


def test_deletions_duplicates_and_rows_that_change_back(con):
    extracts = {
        night(0): [(2020, 1), (2021, 2), (2021, 2)],
        night(1): [(2020, 1), (2021, 2), (2021, 2), (2021, 2)],  # a third copy
        night(2): [(2020, 5), (2021, 2)],  # changed, and a copy gone
        night(3): [(2020, 1), (2021, 2)],  # changed back
        night(4): [],  # every row deleted
        night(5): [(2020, None), (2020, None)],  # nulls, twice
        night(6): [(2020, 1), (2021, 2), (2021, 2)],
    }
    for when, rows in extracts.items():
        store(con, when, rows)
    assert_every_night(con, extracts)
    # a version ends on the night it is missing, and only the current ones are open
    versions = versions_table(POPULATION)
    open_rows = con.execute(
        f"select mid_year, population_0_17, _copy from {versions} where _valid_to is null"
    ).fetchall()
    assert sorted(open_rows) == [(2020, 1, 1), (2021, 2, 1), (2021, 2, 2)]
    # the row number is the first night's: exact that night, unknown later
    assert con.execute(
        "select _row_number, _source_file from population__population "
        "where _extract_date = ? and population_0_17 = 5",
        [night(2)],
    ).fetchall() == [(1, f"population_{night(2)}.csv")]


def test_a_night_that_changes_one_row_adds_one_version(con):
    rows = [(2000 + i, i) for i in range(200)]
    store(con, night(0), rows)
    changed = [*rows[:-1], (2199, 999)]
    store(con, night(1), changed)
    versions = versions_table(POPULATION)
    assert con.execute(f"select count(*) from {versions}").fetchone()[0] == 201
    assert_every_night(con, {night(0): rows, night(1): changed})


def test_re_ingesting_or_re_delivering_an_older_night_keeps_every_other_night(con):
    extracts = {night(i): [(2020, i % 3), (2021, 7)] for i in (0, 1, 2, 4, 5)}
    for when, rows in extracts.items():
        store(con, when, rows)
    extracts[night(3)] = [(2021, 7), (2021, 7), (2022, 9)]  # re-delivered late, in between
    store(con, night(3), extracts[night(3)])
    assert_every_night(con, extracts)
    extracts[night(1)] = [(2030, 3)]  # an older night replaced
    store(con, night(1), extracts[night(1)])
    assert_every_night(con, extracts)
    extracts[night(5)] = [(2020, 0)]  # the newest night replaced
    store(con, night(5), extracts[night(5)])
    assert_every_night(con, extracts)


@pytest.mark.parametrize("seed", range(5))
def test_random_nights_in_random_order(con, seed):
    """Nights of random small changes, some written twice or out of order."""
    rng = random.Random(seed)
    rows = [(2000 + rng.randrange(6), rng.randrange(3)) for _ in range(12)]
    extracts: dict[dt.date, list] = {}
    for i in range(25):
        rows = list(rows)
        for _ in range(rng.randrange(4)):
            change = rng.random()
            if change < 0.3 and rows:
                rows.pop(rng.randrange(len(rows)))  # deleted
            elif change < 0.6 and rows:
                rows.append(rng.choice(rows))  # a duplicate
            elif rows:
                k = rng.randrange(len(rows))
                rows[k] = (rows[k][0], rng.randrange(3))  # changed (maybe back)
            else:
                rows.append((2000, 0))
        extracts[night(i)] = rows
    order = list(extracts)
    rng.shuffle(order)
    order += rng.sample(order, 5)  # re-ingested
    for when in order:
        store(con, when, extracts[when])
    assert_every_night(con, extracts)


# DuckDB's row group: 2.0.0 loses the rows of a table created empty by a
# `create table ... as select ... limit 0` in a transaction and filled by an
# INSERT of this many or more, once read (row_versions.write_night).
ROW_GROUP = 122_880


def test_a_night_of_more_rows_than_a_row_group_is_stored_whole(con):
    rows = [(2000 + i % 40, i) for i in range(ROW_GROUP + 1_000)]
    store(con, night(0), rows[:10])
    store(con, night(1), rows)  # from a frame
    con.register("_frame", frame(rows))
    con.execute("create table staged as select * from _frame")  # as ingest stages a table

    con.execute("begin transaction")
    write_night(con, POPULATION, night(2), "staged", "population.csv")
    con.execute("commit")

    for when in (night(1), night(2)):
        assert held(con, when) == Counter(rows), when


def test_a_night_stored_short_is_refused_and_its_transaction_undone(con, monkeypatch):
    from dagster_project import row_versions

    store(con, night(0), [(2020, 1), (2021, 2)])

    def drop_every_row(con, types, source):  # what the engine fault did
        handed_in = original_create(con, types, source)
        con.execute("delete from _night")
        return handed_in

    original_create = row_versions._create_night
    monkeypatch.setattr(row_versions, "_create_night", drop_every_row)
    con.execute("begin transaction")
    with pytest.raises(row_versions.NightNotStored, match="2 rows for 2024-01-02 but 0 stored"):
        write_night(con, POPULATION, night(1), frame([(2020, 1), (2021, 2)]), "population.csv")
    con.execute("rollback")

    assert nights_of(con, POPULATION) == [night(0)]
    assert held(con, night(0)) == Counter([(2020, 1), (2021, 2)])


def test_the_raw_history_connection_limits_duckdbs_memory(con):
    """Unlimited, DuckDB took 1.56 GB of the pipeline process at ten times the
    default population (raw_history.WRITE_MEMORY_LIMIT)."""
    import duckdb

    limited = duckdb.connect()
    limited.execute(f"set memory_limit = '{raw_history.WRITE_MEMORY_LIMIT}'")
    expected = limited.execute("select current_setting('memory_limit')").fetchone()[0]

    assert con.execute("select current_setting('memory_limit')").fetchone()[0] == expected
    assert duckdb.connect().execute("select current_setting('memory_limit')").fetchone()[0] != (
        expected
    )
