"""Every rule on the validator's fake return: the rows that break it, found without the rule's code.

One case per rule, keyed by its number. A case gives the return to check and
the rows (file, line) the rule must flag, no more, no fewer:

- where the fake data already holds rows that break the rule ("natural"),
  those rows are recomputed here from the files' text with the csv module
  and hand-written loops, a formulation independent of the rule's pandas code;
- where it holds none ("mutated"), a copy of one file has a few chosen rows
  broken the way the rule exists to catch, and those rows are expected; the
  test also checks the unbroken return gives no finding, so "those rows"
  means "nothing new elsewhere".

Two adoption rules (523, 579) are broken in the fake data's own
placed_for_adoption_errors.csv, read in place of the clean decisions file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

from dagster_project.ssda903.reader import Ssda903Return
from tests.ssda903.fake_data import (
    ERROR_DECISIONS,
    FAKE_YEAR,
    YEAR_END,
    YEAR_START,
    FakeData,
    age_on,
    code,
    day,
    line,
    shifted,
    text_of,
)

# How many rows a mutated case breaks: a few, in different children, so a
# rule that flagged a whole child or table would be seen.
BROKEN = 3
# The 2023/24 return, the first year rule 370 (P2 needs age 16) applies.
P2_AGE_RULE_YEAR = 2024


@dataclass
class Case:
    ret: Ssda903Return
    file: str
    expected: set[str]  # source locations ("line 12") in `file`
    # the unbroken return the rule must pass, for a mutated case
    baseline: Ssda903Return | None = None


CaseBuilder = Callable[[FakeData, Path], Case]
CASES: dict[str, CaseBuilder] = {}


def case(*codes: str):
    def register(builder: CaseBuilder) -> CaseBuilder:
        for c in codes:
            CASES[c] = builder
        return builder

    return register


def natural(fake: FakeData, file: str, indexes, decisions: str | None = None) -> Case:
    ret = fake.read(decisions=decisions) if decisions else fake.read()
    return Case(ret, file, {line(i) for i in indexes})


def pick(rows, wanted: Callable[[dict[str, str]], bool], n: int = BROKEN) -> list[int]:
    """The first `n` rows that qualify, one per child."""
    chosen, children = [], set()
    for i, r in enumerate(rows):
        if r.get("CHILD") not in children and wanted(r):
            chosen.append(i)
            children.add(r.get("CHILD"))
        if len(chosen) == n:
            return chosen
    raise AssertionError(f"the fake data has fewer than {n} rows to break")


def set_values(
    fake: FakeData, tmp_path: Path, file: str, values: list[dict[str, str]], rows: list[int],
    year: int = FAKE_YEAR,
) -> Case:  # fmt: skip
    """Row rows[k] gets values[k]; exactly those rows must be flagged."""
    ret = fake.mutated(tmp_path, file, dict(zip(rows, values, strict=True)), year)
    return Case(ret, file, {line(i) for i in rows}, baseline=fake.read(year))


def each(column: str, *texts: str) -> list[dict[str, str]]:
    return [{column: t} for t in texts]


def in_care_children(fake: FakeData) -> set[str]:
    return {r["CHILD"] for r in fake.rows["episodes.csv"]}


def eighteenth_birthday(dob: date) -> date:
    return dob.replace(year=dob.year + 18)


# ---------------------------------------------------------------- header


@case("101")
def sex_codes(fake, tmp_path):
    # M is a sex code only from 2024/25; the fake return is 2017/18
    rows = pick(fake.rows["header.csv"], lambda r: True)
    return set_values(fake, tmp_path, "header.csv", each("SEX", "3", "", "M"), rows)


@case("102")
def dob_invalid(fake, tmp_path):
    rows = pick(fake.rows["header.csv"], lambda r: True)
    return set_values(
        fake, tmp_path, "header.csv", each("DOB", "31/02/2010", "2010-01-05", ""), rows
    )


@case("103")
def ethnicity_codes(fake, tmp_path):
    rows = pick(fake.rows["header.csv"], lambda r: True)
    return set_values(fake, tmp_path, "header.csv", each("ETHNIC", "XXXX", "", "WHITE"), rows)


@case("301")
def dob_after_year(fake, tmp_path):
    rows = pick(fake.rows["header.csv"], lambda r: True)
    dates = each("DOB", "01/04/2018", "25/12/2019", "01/05/2018")
    return set_values(fake, tmp_path, "header.csv", dates, rows)


@case("442")
def upn_blank(fake, tmp_path):
    in_care = in_care_children(fake)
    rows = pick(fake.rows["header.csv"], lambda r: r["CHILD"] in in_care and r["UPN"].strip())
    return set_values(fake, tmp_path, "header.csv", each("UPN", "", "", ""), rows)


def _known_upn(r: dict[str, str]) -> bool:
    upn = code(r["UPN"])
    return bool(upn) and not upn.startswith("UN")


@case("444")
def upn_shared(fake, tmp_path):
    header = fake.rows["header.csv"]
    rows = pick(header, _known_upn, n=4)
    # the second child of each pair is given the first one's UPN: both are flagged
    changes = {rows[1]: {"UPN": header[rows[0]]["UPN"]}, rows[3]: {"UPN": header[rows[2]]["UPN"]}}
    ret = fake.mutated(tmp_path, "header.csv", changes)
    return Case(ret, "header.csv", {line(i) for i in rows}, baseline=fake.read())


@case("P01")
def child_repeated(fake, tmp_path):
    header = fake.rows["header.csv"]
    rows = pick(header, lambda r: True, n=2)
    ret = fake.mutated(tmp_path, "header.csv", {rows[1]: {"CHILD": header[rows[0]]["CHILD"]}})
    return Case(ret, "header.csv", {line(i) for i in rows}, baseline=fake.read())


def _upn_is_valid(upn: str) -> bool:
    """A check letter other than I, O or S, then 12 digits, or 11 digits and a letter."""
    if upn in {f"UN{n}" for n in range(1, 6)}:
        return True
    if len(upn) != 13:
        return False
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    first, body = upn[0], upn[1:]
    digits = all(c in "0123456789" for c in body[:11])
    last = body[11] in "0123456789" or body[11] in letters
    return first in letters and first not in "IOS" and digits and last


@case("168")
def upn_format(fake, tmp_path):
    rows = fake.rows["header.csv"]
    bad = [i for i, r in enumerate(rows) if code(r["UPN"]) and not _upn_is_valid(code(r["UPN"]))]
    return natural(fake, "header.csv", bad)


# ---------------------------------------------------------------- episodes


@case("143")
def rne_codes(fake, tmp_path):
    rows = pick(fake.rows["episodes.csv"], lambda r: True)
    return set_values(fake, tmp_path, "episodes.csv", each("RNE", "Z", "", "SS"), rows)


@case("144")
def ls_codes(fake, tmp_path):
    rows = pick(fake.rows["episodes.csv"], lambda r: True)
    return set_values(fake, tmp_path, "episodes.csv", each("LS", "C9", "", "X"), rows)


@case("145")
def cin_codes(fake, tmp_path):
    rows = pick(fake.rows["episodes.csv"], lambda r: True)
    return set_values(fake, tmp_path, "episodes.csv", each("CIN", "N9", "N0", "Q1"), rows)


@case("146")
def place_codes(fake, tmp_path):
    # K3 is a placement code only from 2024/25
    rows = pick(fake.rows["episodes.csv"], lambda r: True)
    return set_values(fake, tmp_path, "episodes.csv", each("PLACE", "K3", "ZZ", ""), rows)


@case("147")
def dec_invalid(fake, tmp_path):
    rows = pick(fake.rows["episodes.csv"], lambda r: True)
    dates = each("DEC", "32/01/2018", "2018-01-01", "31/04/2017")
    return set_values(fake, tmp_path, "episodes.csv", dates, rows)


@case("149")
def rec_codes(fake, tmp_path):
    rows = pick(fake.rows["episodes.csv"], lambda r: True)
    return set_values(fake, tmp_path, "episodes.csv", each("REC", "E99", "X9", "E1"), rows)


@case("302")
def starts_before_birth(fake, tmp_path):
    dob = fake.dob()
    rows = pick(fake.rows["episodes.csv"], lambda r: dob.get(r["CHILD"]) is not None)
    episodes = fake.rows["episodes.csv"]
    values = [{"DECOM": text_of(dob[episodes[i]["CHILD"]] - timedelta(days=30))} for i in rows]
    return set_values(fake, tmp_path, "episodes.csv", values, rows)


def _dob_known(dob: dict, r: dict[str, str]) -> bool:
    born = dob.get(r["CHILD"])
    return born is not None and (born.month, born.day) != (2, 29)


@case("352")
def started_at_18(fake, tmp_path):
    dob = fake.dob()
    episodes = fake.rows["episodes.csv"]
    rows = pick(episodes, lambda r: code(r["RNE"]) == "S" and _dob_known(dob, r))
    values = [{"DECOM": text_of(eighteenth_birthday(dob[episodes[i]["CHILD"]]))} for i in rows]
    return set_values(fake, tmp_path, "episodes.csv", values, rows)


@case("353")
def starts_before_1991(fake, tmp_path):
    rows = pick(fake.rows["episodes.csv"], lambda r: True)
    dates = each("DECOM", "13/10/1991", "01/01/1985", "01/06/1990")
    return set_values(fake, tmp_path, "episodes.csv", dates, rows)


@case("354")
def starts_after_year(fake, tmp_path):
    rows = pick(fake.rows["episodes.csv"], lambda r: True)
    dates = each("DECOM", "01/04/2018", "01/01/2019", "15/06/2018")
    return set_values(fake, tmp_path, "episodes.csv", dates, rows)


@case("355")
def zero_length(fake, tmp_path):
    episodes = fake.rows["episodes.csv"]
    rows = pick(episodes, lambda r: day(r["DECOM"]) is not None)
    values = [{"DEC": episodes[i]["DECOM"]} for i in rows]
    return set_values(fake, tmp_path, "episodes.csv", values, rows)


@case("356")
def ends_before_start(fake, tmp_path):
    episodes = fake.rows["episodes.csv"]
    rows = pick(episodes, lambda r: day(r["DECOM"]) is not None)
    values = [{"DEC": shifted(episodes[i]["DECOM"], -1)} for i in rows]
    return set_values(fake, tmp_path, "episodes.csv", values, rows)


@case("370")
def p2_under_16(fake, tmp_path):
    """The fake episodes read as a 2023/24 return (rule 370's first year), some moved to P2."""
    dob = fake.dob()
    episodes = fake.rows["episodes.csv"]

    def under_16(r):
        born, start = dob.get(r["CHILD"]), day(r["DECOM"])
        return born is not None and start is not None and age_on(born, start) < 16

    rows = pick(episodes, lambda r: under_16(r) and code(r["PLACE"]) != "P2")
    changes = {i: {"PLACE": "P2"} for i in rows}
    ret = fake.mutated(tmp_path, "episodes.csv", changes, year=P2_AGE_RULE_YEAR)
    changed = [dict(r, **changes.get(i, {})) for i, r in enumerate(episodes)]
    expected = [i for i, r in enumerate(changed) if code(r["PLACE"]) == "P2" and under_16(r)]
    return Case(ret, "episodes.csv", {line(i) for i in expected})


def _leaving_at_18(fake, tmp_path, reasons: tuple[str, ...]) -> Case:
    dob = fake.dob()
    episodes = fake.rows["episodes.csv"]
    rows = pick(episodes, lambda r: _dob_known(dob, r))
    values = [
        {"DEC": text_of(eighteenth_birthday(dob[episodes[i]["CHILD"]]) + timedelta(days=5)),
         "REC": reason}
        for i, reason in zip(rows, reasons, strict=True)
    ]  # fmt: skip
    return set_values(fake, tmp_path, "episodes.csv", values, rows)


@case("386")
def adopted_at_18(fake, tmp_path):
    return _leaving_at_18(fake, tmp_path, ("E11", "E12", "E11"))


@case("407")
def sgo_at_18(fake, tmp_path):
    return _leaving_at_18(fake, tmp_path, ("E45", "E46", "E48"))


def _ages_at_end(fake: FakeData, reasons: tuple[str, ...], under: int) -> list[int]:
    dob = fake.dob()
    out = []
    for i, r in enumerate(fake.rows["episodes.csv"]):
        born, ended = dob.get(r["CHILD"]), day(r["DEC"])
        if code(r["REC"]) in reasons and born and ended and age_on(born, ended) < under:
            out.append(i)
    return out


@case("387")
def independent_living_under_14(fake, tmp_path):
    return natural(fake, "episodes.csv", _ages_at_end(fake, ("E5", "E6"), 14))


@case("389")
def adult_services_under_16(fake, tmp_path):
    return natural(fake, "episodes.csv", _ages_at_end(fake, ("E7",), 16))


@case("385")
def ends_after_year(fake, tmp_path):
    rows = fake.rows["episodes.csv"]
    return natural(
        fake,
        "episodes.csv",
        [i for i, r in enumerate(rows) if (day(r["DEC"]) or date.min) > YEAR_END],
    )


def _consecutive(fake: FakeData):
    """(child's episodes in order, position) pairs of neighbouring episodes."""
    for eps in fake.episodes_by_child().values():
        yield from pairwise(eps)


@case("142")
def previous_not_ended(fake, tmp_path):
    flagged = [i for (i, r), _ in _consecutive(fake) if day(r["DEC"]) is None or not code(r["REC"])]
    return natural(fake, "episodes.csv", flagged)


@case("357")
def first_episode_not_s(fake, tmp_path):
    flagged = []
    for eps in fake.episodes_by_child().values():
        i, first = eps[0]
        if day(first["DECOM"]) >= YEAR_START and code(first["RNE"]) != "S":
            flagged.append(i)
    return natural(fake, "episodes.csv", flagged)


@case("388")
def x1_without_continuation(fake, tmp_path):
    flagged = set()
    for (i, r), (_, nxt) in _consecutive(fake):
        ended, reason = day(r["DEC"]), code(r["REC"])
        if ended is None or not reason:
            continue
        continues = ended == day(nxt["DECOM"])
        if (reason == "X1") != continues:
            flagged.add(i)
    for eps in fake.episodes_by_child().values():
        i, last = eps[-1]
        if day(last["DEC"]) is not None and code(last["REC"]) == "X1":
            flagged.add(i)
    return natural(fake, "episodes.csv", flagged)


@case("431")
def s_continuing_previous(fake, tmp_path):
    flagged = [
        j
        for (_, r), (j, nxt) in _consecutive(fake)
        if code(nxt["RNE"]) == "S" and day(r["DEC"]) and day(nxt["DECOM"]) <= day(r["DEC"])
    ]
    return natural(fake, "episodes.csv", flagged)


@case("432")
def restart_not_s(fake, tmp_path):
    flagged = [
        j
        for (_, r), (j, nxt) in _consecutive(fake)
        if code(r["REC"]) not in ("", "X1") and code(nxt["RNE"]) not in ("", "S")
    ]
    return natural(fake, "episodes.csv", flagged)


@case("437")
def episodes_after_final_reason(fake, tmp_path):
    flagged = [i for (i, r), _ in _consecutive(fake) if code(r["REC"]) in ("E2", "E15")]
    return natural(fake, "episodes.csv", flagged)


@case("501")
def overlapping_episodes(fake, tmp_path):
    flagged = [
        j
        for (_, r), (j, nxt) in _consecutive(fake)
        if day(r["DEC"]) and day(nxt["DECOM"]) < day(r["DEC"])
    ]
    return natural(fake, "episodes.csv", flagged)


# ---------------------------------------------------------------- reviews


@case("166")
def review_date_invalid(fake, tmp_path):
    rows = pick(fake.rows["reviews.csv"], lambda r: True)
    dates = each("REVIEW", "", "31/02/2017", "2017/05/01")
    return set_values(fake, tmp_path, "reviews.csv", dates, rows)


@case("167")
def participation_codes(fake, tmp_path):
    rows = pick(fake.rows["reviews.csv"], lambda r: True)
    return set_values(fake, tmp_path, "reviews.csv", each("REVIEW_CODE", "PN9", "", "P1"), rows)


def _periods(eps: list[tuple[int, dict[str, str]]]) -> list[tuple[date, date | None]]:
    """(start, end) of each period of care: an X1 ending on the next start continues it."""
    periods: list[list] = []
    previous = None
    for _, r in eps:
        continues = (
            previous is not None
            and code(previous["REC"]) == "X1"
            and day(previous["DEC"]) == day(r["DECOM"])
        )
        if continues:
            periods[-1][1] = day(r["DEC"])
        else:
            periods.append([day(r["DECOM"]), day(r["DEC"])])
        previous = r
    return [(start, end) for start, end in periods]


@case("P02")
def reviews_outside_care(fake, tmp_path):
    by_child = fake.episodes_by_child()
    flagged = []
    for i, r in enumerate(fake.rows["reviews.csv"]):
        when = day(r["REVIEW"])
        if when is None:
            continue
        inside = any(
            start <= when <= min(end or YEAR_END, YEAR_END)
            for start, end in _periods(by_child.get(r["CHILD"], []))
        )
        if not inside:
            flagged.append(i)
    return natural(fake, "reviews.csv", flagged)


# ---------------------------------------------------------------- OC2 and OC3 cohorts


def cohort_12_months(fake: FakeData) -> set[str]:
    """Children looked after (short breaks apart) for 12 months or more at 31 March."""
    year_before = YEAR_END.replace(year=YEAR_END.year - 1)
    cohort = set()
    for child, eps in fake.episodes_by_child().items():
        kept = [(i, r) for i, r in eps if code(r["LS"]) not in ("V3", "V4")]
        for start, end in _periods(kept):
            if (end is None or end > YEAR_END) and start <= year_before:
                cohort.add(child)
    return cohort


_OC2_ITEMS = (
    "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT",
    "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED",
)  # fmt: skip


@case("190")
def oc2_outside_cohort(fake, tmp_path):
    cohort = cohort_12_months(fake)
    flagged = [
        i
        for i, r in enumerate(fake.rows["oc2.csv"])
        if any(r[c].strip() for c in _OC2_ITEMS) and r["CHILD"] not in cohort
    ]
    return natural(fake, "oc2.csv", flagged)


@case("191")
def oc2_items_blank(fake, tmp_path):
    cohort = cohort_12_months(fake)
    rows = pick(fake.rows["oc2.csv"], lambda r: r["CHILD"] in cohort)
    return set_values(fake, tmp_path, "oc2.csv", each("TEETH_CHECK", "", "", ""), rows)


@case("187")
def oc3_for_child_in_care(fake, tmp_path):
    cohort = cohort_12_months(fake)
    flagged = [i for i, r in enumerate(fake.rows["oc3.csv"]) if r["CHILD"] in cohort]
    return natural(fake, "oc3.csv", flagged)


def _birthday(born: date, years: int) -> date:
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # born on 29 February: the birthday is 28 February in a common year
        return date(born.year + years, 2, 28)


@case("1007")
def oc3_still_looked_after(fake, tmp_path):
    dob = fake.dob()
    by_child = fake.episodes_by_child()
    flagged = []
    for i, r in enumerate(fake.rows["oc3.csv"]):
        born = day(r["DOB"]) or dob.get(r["CHILD"])
        if born is None or age_on(born, YEAR_END) not in (17, 18):
            continue
        birthday = _birthday(born, age_on(born, YEAR_END))
        looked_after = any(
            day(e["DECOM"]) <= birthday and (day(e["DEC"]) is None or day(e["DEC"]) > birthday)
            for _, e in by_child.get(r["CHILD"], [])
        )
        if looked_after:
            flagged.append(i)
    return natural(fake, "oc3.csv", flagged)


# ---------------------------------------------------------------- adoption


def _adopted_in_year(fake: FakeData) -> list[int]:
    return [
        i
        for i, r in enumerate(fake.rows["episodes.csv"])
        if code(r["REC"]) in ("E11", "E12")
        and YEAR_START <= (day(r["DEC"]) or date.min) <= YEAR_END
    ]


@case("112")
def date_int_invalid(fake, tmp_path):
    rows = pick(fake.rows["ad1.csv"], lambda r: True)
    dates = each("DATE_INT", "31/09/2016", "2016-09-01", "1/13/2016")
    return set_values(fake, tmp_path, "ad1.csv", dates, rows)


@case("333")
def decision_after_match(fake, tmp_path):
    ad1 = fake.rows["ad1.csv"]
    rows = pick(ad1, lambda r: day(r["DATE_MATCH"]) is not None)
    values = [{"DATE_INT": shifted(ad1[i]["DATE_MATCH"], 1)} for i in rows]
    return set_values(fake, tmp_path, "ad1.csv", values, rows)


@case("334")
def decision_before_care(fake, tmp_path):
    latest_start: dict[str, date] = {}
    for r in fake.rows["episodes.csv"]:
        start = day(r["DECOM"])
        if code(r["RNE"]) == "S" and start:
            latest_start[r["CHILD"]] = max(start, latest_start.get(r["CHILD"], start))
    flagged = [
        i
        for i, r in enumerate(fake.rows["ad1.csv"])
        if day(r["DATE_INT"]) and r["CHILD"] in latest_start
        and day(r["DATE_INT"]) < latest_start[r["CHILD"]]
    ]  # fmt: skip
    return natural(fake, "ad1.csv", flagged)


@case("551")
def placed_without_decision(fake, tmp_path):
    decided = {r["CHILD"] for r in fake.rows["placed_for_adoption.csv"] if day(r["DATE_PLACED"])}
    flagged = [
        i
        for i, r in enumerate(fake.rows["episodes.csv"])
        if code(r["PLACE"]) in ("A3", "A4", "A5", "A6") and r["CHILD"] not in decided
    ]
    return natural(fake, "episodes.csv", flagged)


@case("601")
def adoption_without_ad1(fake, tmp_path):
    with_ad1 = {r["CHILD"] for r in fake.rows["ad1.csv"]}
    episodes = fake.rows["episodes.csv"]
    flagged = [i for i in _adopted_in_year(fake) if episodes[i]["CHILD"] not in with_ad1]
    return natural(fake, "episodes.csv", flagged)


@case("602")
def ad1_without_adoption(fake, tmp_path):
    episodes = fake.rows["episodes.csv"]
    adopted = {episodes[i]["CHILD"] for i in _adopted_in_year(fake)}
    flagged = [i for i, r in enumerate(fake.rows["ad1.csv"]) if r["CHILD"] not in adopted]
    return natural(fake, "ad1.csv", flagged)


@case("523")
def decision_dates_differ(fake, tmp_path):
    placed: dict[str, set[date]] = {}
    for r in fake.rows[ERROR_DECISIONS]:
        if day(r["DATE_PLACED"]):
            placed.setdefault(r["CHILD"], set()).add(day(r["DATE_PLACED"]))
    flagged = [
        i
        for i, r in enumerate(fake.rows["ad1.csv"])
        if placed.get(r["CHILD"])
        and day(r["DATE_INT"])
        and day(r["DATE_INT"]) not in placed[r["CHILD"]]
    ]
    return natural(fake, "ad1.csv", flagged, decisions=ERROR_DECISIONS)


@case("579")
def overlapping_decisions(fake, tmp_path):
    by_child: dict[str, list[tuple[date, date | None, int]]] = {}
    for i, r in enumerate(fake.rows[ERROR_DECISIONS]):
        if day(r["DATE_PLACED"]):
            by_child.setdefault(r["CHILD"], []).append(
                (day(r["DATE_PLACED"]), day(r["DATE_PLACED_CEASED"]), i)
            )
    flagged = []
    for decisions in by_child.values():
        decisions.sort(key=lambda d: (d[0], d[2]))
        for (_, ceased, _), (placed, _, i) in pairwise(decisions):
            if ceased is None or placed < ceased:
                flagged.append(i)
    return natural(fake, ERROR_DECISIONS, flagged, decisions=ERROR_DECISIONS)


# ---------------------------------------------------------------- missing


@case("1004")
def missing_start_invalid(fake, tmp_path):
    rows = pick(fake.rows["missing.csv"], lambda r: True)
    dates = each("MIS_START", "31/11/2017", "2017-11-01", "00/01/2018")
    return set_values(fake, tmp_path, "missing.csv", dates, rows)


@case("1005")
def missing_end_invalid(fake, tmp_path):
    rows = pick(fake.rows["missing.csv"], lambda r: True)
    dates = each("MIS_END", "31/11/2017", "x", "2018-01-01")
    return set_values(fake, tmp_path, "missing.csv", dates, rows)


@case("567")
def missing_ends_before_start(fake, tmp_path):
    missing = fake.rows["missing.csv"]
    rows = pick(missing, lambda r: day(r["MIS_START"]) is not None)
    values = [{"MIS_END": shifted(missing[i]["MIS_START"], -1)} for i in rows]
    return set_values(fake, tmp_path, "missing.csv", values, rows)


@case("570")
def missing_starts_after_year(fake, tmp_path):
    rows = pick(fake.rows["missing.csv"], lambda r: True)
    dates = each("MIS_START", "01/04/2018", "01/06/2018", "31/12/2019")
    return set_values(fake, tmp_path, "missing.csv", dates, rows)


@case("571")
def missing_ends_outside_year(fake, tmp_path):
    rows = pick(fake.rows["missing.csv"], lambda r: True)
    dates = each("MIS_END", "01/04/2018", "31/03/2017", "01/12/2019")
    return set_values(fake, tmp_path, "missing.csv", dates, rows)


@case("574")
def missing_overlap(fake, tmp_path):
    by_child: dict[str, list[tuple[date, date | None, int]]] = {}
    for i, r in enumerate(fake.rows["missing.csv"]):
        if day(r["MIS_START"]):
            by_child.setdefault(r["CHILD"], []).append((day(r["MIS_START"]), day(r["MIS_END"]), i))
    flagged = []
    for periods in by_child.values():
        periods.sort(key=lambda p: (p[0], p[2]))
        for (_, end, _), (start, _, i) in pairwise(periods):
            if end is None or start < end:
                flagged.append(i)
    return natural(fake, "missing.csv", flagged)


def _ceased_children(fake: FakeData) -> set[str]:
    """Children whose latest episode ended other than by a new episode (X1)."""
    return {
        child
        for child, eps in fake.episodes_by_child().items()
        if day(eps[-1][1]["DEC"]) and code(eps[-1][1]["REC"]) != "X1"
    }


@case("577")
def missing_open_after_care(fake, tmp_path):
    ceased = _ceased_children(fake)
    rows = pick(fake.rows["missing.csv"], lambda r: r["CHILD"] in ceased)
    return set_values(fake, tmp_path, "missing.csv", each("MIS_END", "", "", ""), rows)


@case("581")
def missing_before_care(fake, tmp_path):
    first_start = {c: day(eps[0][1]["DECOM"]) for c, eps in fake.episodes_by_child().items()}
    missing = fake.rows["missing.csv"]
    rows = pick(missing, lambda r: r["CHILD"] in first_start)
    values = [
        {"MIS_START": text_of(first_start[missing[i]["CHILD"]] - timedelta(days=10))} for i in rows
    ]
    return set_values(fake, tmp_path, "missing.csv", values, rows)


@case("586")
def missing_before_birth(fake, tmp_path):
    missing = fake.rows["missing.csv"]
    rows = pick(missing, lambda r: day(r["DOB"]) is not None)
    values = [{"MIS_START": shifted(missing[i]["DOB"], -10)} for i in rows]
    return set_values(fake, tmp_path, "missing.csv", values, rows)


@case("580")
def missing_at_end_of_care(fake, tmp_path):
    missing_by_child: dict[str, list[tuple[date, date | None]]] = {}
    for r in fake.rows["missing.csv"]:
        if day(r["MIS_START"]):
            missing_by_child.setdefault(r["CHILD"], []).append(
                (day(r["MIS_START"]), day(r["MIS_END"]))
            )
    flagged = []
    for child, eps in fake.episodes_by_child().items():
        i, last = eps[-1]
        ended = day(last["DEC"])
        if ended is None or code(last["REC"]) == "E8":
            continue
        if any(
            start <= ended and (end is None or end > ended)
            for start, end in missing_by_child.get(child, [])
        ):
            flagged.append(i)
    return natural(fake, "episodes.csv", flagged)
