"""Recording backlogs (--backlog): only the held-back timestamps move, they land
after the backlog, the truth lists each one, and the run stays deterministic."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
from sim_indicators import SMALL
from test_simulator_determinism import digests

from simulator.config import Backlog, Options
from simulator.la import run_la

BACKLOG = Backlog("visits", dt.date(2024, 2, 5), 3)  # a Monday; ends 2024-02-26
NIGHTS = (dt.date(2024, 2, 20), dt.date(2024, 3, 31))


def _run(out: Path, backlogs=()) -> Path:
    run_la(Options(out=str(out), nights=NIGHTS, backlogs=backlogs, **SMALL), out)
    return out


def _recorded(root: Path, night: dt.date) -> pd.Series:
    visits = pd.read_csv(root / "social_care" / night.isoformat() / "visits.csv")
    return pd.to_datetime(visits["RECORDED_AT"])


def test_a_backlog_holds_back_one_record_type_then_catches_up(tmp_path):
    plain = _run(tmp_path / "plain")
    held = _run(tmp_path / "held", (BACKLOG,))
    again = _run(tmp_path / "again", (BACKLOG,))
    assert digests(held) == digests(again)

    rows = [
        json.loads(line) for line in (held / "_truth" / "backlogs.jsonl").read_text().splitlines()
    ]
    assert len(rows) == 1
    row = rows[0]
    assert (row["record_type"], row["start"], row["end"]) == ("visits", "2024-02-05", "2024-02-26")
    assert row["records_delayed"] > 20
    assert (plain / "_truth" / "backlogs.jsonl").read_text() == ""

    # Mid-backlog: nothing recorded since it started; the plain run has those rows.
    mid = NIGHTS[0]
    start = pd.Timestamp(BACKLOG.start)
    assert (_recorded(held, mid) >= start).sum() == 0
    assert (_recorded(plain, mid) >= start).sum() > 20
    # After it: the held-back rows are there, recorded in the catch-up week.
    late = _recorded(held, NIGHTS[1])
    in_backlog = (late >= start) & (late < pd.Timestamp(BACKLOG.end))
    assert in_backlog.sum() == 0
    assert len(late) == len(_recorded(plain, NIGHTS[1]))
    catch_up = (late >= pd.Timestamp(BACKLOG.end)) & (
        late < pd.Timestamp(row["catch_up_last_day"]) + pd.Timedelta(days=1)
    )
    assert catch_up.sum() >= row["records_delayed"]

    # Every other file is as in the run without the backlog; the defect
    # manifest differs only in the visits rows the backlog held back.
    a, b = digests(plain), digests(held)
    changed = {k for k in a if a[k] != b[k]}
    assert changed == {
        "_truth/backlogs.jsonl",
        "_truth/defects.jsonl",
        f"social_care/{NIGHTS[0]}/visits.csv",
        f"social_care/{NIGHTS[1]}/visits.csv",
    }

    def not_visits(root: Path) -> list[str]:
        lines = (root / "_truth" / "defects.jsonl").read_text().splitlines()
        return [line for line in lines if json.loads(line)["table"] != "visits"]

    assert not_visits(plain) == not_visits(held)


def test_the_command_line_takes_backlogs():
    from simulator.cli import parser

    args = parser().parse_args(
        ["--backlog", "visits:2026-09-14:3", "--backlog", "peps:2026-10-05:2"]
    )
    assert args.backlog == [
        Backlog("visits", dt.date(2026, 9, 14), 3),
        Backlog("peps", dt.date(2026, 10, 5), 2),
    ]
    assert args.backlog[0].end == dt.date(2026, 10, 5)
    for bad in ("letters:2026-09-14:3", "visits:2026-09-14:0", "visits:2026-09-14"):
        try:
            Backlog.parse(bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad} accepted")
