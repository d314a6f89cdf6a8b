"""Issue 15's ingest findings re-run on the default simulated LA: a good night, then a damaged one.

    .venv/bin/python scripts/rerun_findings.py --data-dir /tmp/findings

The default LA's drops of 24 October 2026 (the good night) and 31 October
2026 are simulated once. The good night is ingested into a raw history
(the nightly job's own ingest, `ingest_waiting`, with the volume gates and
the council's code). Then each finding's damage is applied to a copy of the
31 October drop of its source and ingested after the good night, on a copy
of that raw history. One line per finding: the outcome, what the reason
says, whether the raw history the warehouse is built from is unchanged (a
rejected drop leaves every published figure as it was), and whether the
clean 31 October drop, landed the day after, is then accepted (no frozen
night). The warehouse is not rebuilt: for a rejected drop, an unchanged raw
history is the published figures unchanged; an accepted drop's rows are
compared with the undamaged drop's.

Nothing read from a file (a hostile sheet name, a name in a header) may be
in a reason or a logged line: checked for every finding.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import logging
import random
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from contract import load_contract  # noqa: E402
from dagster_project.ingest.nightly import ingest_waiting  # noqa: E402
from dagster_project.raw_history import connect  # noqa: E402
from dagster_project.settings import DEFAULT_LA_CODE  # noqa: E402

GOOD, DAMAGED = dt.date(2026, 10, 24), dt.date(2026, 10, 31)
HOSTILE = "<!channel> Jayden Okafor"
HOSTILE_COLUMN = "Jayden Okafor C004512 14/03/2015"
SOCIAL_CARE_DATES = load_contract().source("social_care").date_format
NEEDLES = ("<!channel>", "Jayden", "Okafor", "C004512", "14/03/2015")


def _csv_rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.reader(handle))


def _write_rows(path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")


def truncate(file: str, share: float) -> Callable[[Path], None]:
    def damage(drop: Path) -> None:
        data = (drop / file).read_bytes()
        (drop / file).write_bytes(data[: data.index(b"\n", int(len(data) * share)) + 1])

    return damage


def header_only(file: str) -> Callable[[Path], None]:
    def damage(drop: Path) -> None:
        _write_rows(drop / file, _csv_rows(drop / file)[:1])

    return damage


def set_cell(file: str, column: str, line: int, value: str) -> Callable[[Path], None]:
    def damage(drop: Path) -> None:
        rows = _csv_rows(drop / file)
        rows[line - 1][rows[0].index(column)] = value
        _write_rows(drop / file, rows)

    return damage


def extra_column(file: str) -> Callable[[Path], None]:
    def damage(drop: Path) -> None:
        rows = _csv_rows(drop / file)
        _write_rows(
            drop / file, [[*r, HOSTILE_COLUMN if i == 0 else "x"] for i, r in enumerate(rows)]
        )

    return damage


def swap_days(file: str, columns: tuple[str, ...], count: int, fmt: str) -> Callable[[Path], None]:
    """`count` dates (day 12 or under, not equal to the month) written as their day-month swap."""

    def damage(drop: Path) -> None:
        rows = _csv_rows(drop / file)
        done = 0
        for row in rows[1:]:
            for column in columns:
                at = rows[0].index(column)
                if done < count and row[at]:
                    date = dt.datetime.strptime(row[at], fmt).date()
                    if date.day <= 12 and date.day != date.month:
                        row[at] = date.replace(day=date.month, month=date.day).strftime(fmt)
                        done += 1
        assert done == count, done
        _write_rows(drop / file, rows)

    return damage


def trailing_space(file: str, column: str, share: float) -> Callable[[Path], None]:
    def damage(drop: Path) -> None:
        rows = _csv_rows(drop / file)
        at = rows[0].index(column)
        for row in rows[1 : 1 + int((len(rows) - 1) * share)]:
            row[at] += " "
        _write_rows(drop / file, rows)

    return damage


def workbook(file: str, change: Callable) -> Callable[[Path], None]:
    def damage(drop: Path) -> None:
        from openpyxl import load_workbook

        book = load_workbook(drop / file)
        change(book)
        book.save(drop / file)

    return damage


def households_10_to_the_20(book) -> None:
    sheet = book["Households"]
    header_row = next(r for r in range(1, 5) if "places_approved" in [c.value for c in sheet[r]])
    column = [c.value for c in sheet[header_row]].index("places_approved") + 1
    sheet.cell(row=header_row + 4, column=column).value = 10**20


def rename_health_sheet(book) -> None:
    book["Assessments"].title = HOSTILE


def random_bytes(file: str) -> Callable[[Path], None]:
    def damage(drop: Path) -> None:
        data = bytearray((drop / file).read_bytes())
        middle = len(data) // 2
        data[middle : middle + 4096] = random.Random(15).randbytes(4096)
        (drop / file).write_bytes(bytes(data))

    return damage


def copy_good(drop: Path) -> None:
    shutil.rmtree(drop)
    shutil.copytree(drop.parent / GOOD.isoformat(), drop)


# (finding of the issue, source, what, damage)
FINDINGS = [
    (
        "1 truncated",
        "social_care",
        "episodes.csv cut at a line break after 60% of its bytes",
        truncate("episodes.csv", 0.6),
    ),
    (
        "1 header only",
        "social_care",
        "episodes.csv with its header only",
        header_only("episodes.csv"),
    ),
    ("1 identical copy", "social_care", "a byte-identical copy of the good night", copy_good),
    (
        "2 crash",
        "fostering",
        "a cell of 10**20 in the Households sheet",
        workbook("fostering_tracker.xlsx", households_10_to_the_20),
    ),
    (
        "2 crash",
        "health",
        "4 KB of random bytes inside the health workbook",
        random_bytes("health_assessments.xlsx"),
    ),
    (
        "2 crash",
        "virtual_school",
        "a 23-digit sessions_possible",
        set_cell("attendance.csv", "sessions_possible", 7, "1" * 23),
    ),
    (
        "3 untrusted text",
        "health",
        f"the health sheet renamed `{HOSTILE}`",
        workbook("health_assessments.xlsx", rename_health_sheet),
    ),
    (
        "3 untrusted text",
        "virtual_school",
        "a column headed with a name, id and date of birth",
        extra_column("peps.csv"),
    ),
    (
        "5 plausibility",
        "population",
        "a population of 0",
        lambda drop: None,
    ),  # replaced below: population rows differ by file
    (
        "5 plausibility",
        "virtual_school",
        "sessions missed greater than sessions possible",
        set_cell("attendance.csv", "sessions_missed", 9, "99999"),
    ),
    (
        "5 plausibility",
        "social_care",
        "30 day-month swapped episode dates (DECOM, DEC)",
        swap_days("episodes.csv", ("DEC", "DECOM"), 30, SOCIAL_CARE_DATES),
    ),
    (
        "5 plausibility",
        "social_care",
        "a trailing space on 1.5% of child ids (reviews)",
        trailing_space("reviews.csv", "CHILD", 0.015),
    ),
]


def _population_zero(drop: Path) -> None:
    rows = _csv_rows(drop / "population.csv")
    at = rows[0].index("population_0_17")
    for row in rows[1:]:
        row[at] = "0"
    _write_rows(drop / "population.csv", rows)


FINDINGS[8] = (*FINDINGS[8][:3], _population_zero)


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def snapshot(con, source: str) -> dict:
    return {
        t.qualified_name: con.execute(
            f'select count(*), max(_extract_date) from "{t.qualified_name}"'
        ).fetchall()
        for t in load_contract().source(source).tables
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    data = parser.parse_args().data_dir.resolve()
    pool = data / "pool"
    if not pool.exists():
        nights = f"{GOOD},{DAMAGED}"
        subprocess.run(
            [sys.executable, "-m", "simulator", "--out", str(pool), "--nights", nights],
            cwd=REPO,
            check=True,
        )
    primed = data / "primed"
    if not primed.exists():
        (primed / "landing").mkdir(parents=True)
        for source in load_contract().sources:
            # The annual population file is dropped once: the same file both nights.
            good = pool / source.name / GOOD.isoformat()
            shutil.copytree(
                good if good.exists() else pool / source.name / DAMAGED.isoformat(),
                primed / "landing" / source.name / GOOD.isoformat(),
            )
        con = connect(primed / "raw.duckdb")
        for source in load_contract().sources:
            statuses = [
                o.status
                for o in ingest_waiting(
                    con, primed / "landing", source.name, la_code=DEFAULT_LA_CODE
                )
            ]
            assert statuses == ["accepted"], (source.name, statuses)
        con.close()
    failures = 0
    print(
        "| finding | source | input | outcome | reason (first 160 characters) | raw history "
        "unchanged | clean drop next day |"
    )
    print("|---|---|---|---|---|---|---|")
    for number, (finding, source, what, damage) in enumerate(FINDINGS, 1):
        work = data / f"finding_{number}"
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(primed, work, symlinks=True)
        drop = work / "landing" / source / DAMAGED.isoformat()
        shutil.copytree(pool / source / DAMAGED.isoformat(), drop)
        damage(drop)
        con = connect(work / "raw.duckdb")
        before = snapshot(con, source)
        handler, log = Lines(), logging.getLogger(f"finding.{number}")
        log.addHandler(handler)
        outcomes = ingest_waiting(con, work / "landing", source, log, la_code=DEFAULT_LA_CODE)
        log.removeHandler(handler)
        status = ",".join(o.status for o in outcomes) or "not read"
        reason = " ".join(o.reason or "" for o in outcomes)
        warnings = [w for o in outcomes for t in o.tables.values() for w in t.warnings]
        said = " ".join([reason, *warnings, *handler.lines])
        leaked = [n for n in NEEDLES if n in said]
        unchanged = snapshot(con, source) == before
        later = DAMAGED + dt.timedelta(days=1)
        shutil.copytree(
            pool / source / DAMAGED.isoformat(), work / "landing" / source / later.isoformat()
        )
        next_day = [
            o.status for o in ingest_waiting(con, work / "landing", source, la_code=DEFAULT_LA_CODE)
        ]
        con.close()
        kept = [
            f"{t.file}: {t.rows_quarantined} row(s) dropped, {t.fields_nulled} field(s) nulled "
            f"({', '.join(sorted({str(f.get('rule')) for f in t.failed_rules}))})"
            for o in outcomes
            for t in o.tables.values()
            if o.accepted and (t.rows_quarantined or t.fields_nulled)
        ]
        shown = (reason or "; ".join(warnings + kept) or "-").replace("|", "\\|")[:160]
        failures += bool(leaked) + (next_day not in (["accepted"], ["no_change"]))
        print(
            f"| {finding} | {source} | {what} | {status} | {shown} | "
            f"{'yes' if unchanged else 'no (accepted)'} | {','.join(next_day)} |"
            + (f" LEAKED {leaked}" if leaked else "")
        )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
