"""`--format ssda903`: the simulated LA as a 903-only council (simulator/ssda903_writer.py).

One small LA, run three ways with the same seed: the social care extract, the
903 as CSV tables and the 903 as XML (all clean), plus a 903 with defects.
The 903 is read with the project's own reader and checked with its DfE rules.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from dagster_project.ssda903.collection_year import CollectionYear
from dagster_project.ssda903.current_view import latest_records
from dagster_project.ssda903.layout import TABLES
from dagster_project.ssda903.reader import read_return
from dagster_project.ssda903.rules.helpers import age_at, looked_after_12_months
from dagster_project.ssda903.rules.registry import QUARANTINE
from dagster_project.ssda903.rules.runner import run_rules
from simulator.cli import parser
from simulator.config import Options
from simulator.la import run_la
from simulator.oc2_items import IMMUNISED, ITEMS, SDQ_RECEIVED, Oc2Items

# Two and a bit years ending in the 2024/25 collection year (the first with
# SEX coded M/F), big enough to hold adoptions, OC2 and OC3 cohorts.
RUN = {
    "population": 12000,
    "start": dt.date(2022, 4, 1),
    "end": dt.date(2024, 6, 30),
    "seed": 903,
}
NIGHT = RUN["end"].isoformat()
OTHER_SOURCES = ("social_care", "health", "fostering", "virtual_school")


def _run(tmp_path_factory, name: str, **options) -> Path:
    out = tmp_path_factory.mktemp(name)
    run_la(Options(out=str(out), **RUN, **options), out)
    return out


@pytest.fixture(scope="module")
def social_care(tmp_path_factory) -> Path:
    return _run(tmp_path_factory, "social_care", clean=True)


@pytest.fixture(scope="module")
def csv_903(tmp_path_factory) -> Path:
    return _run(tmp_path_factory, "csv_903", clean=True, extract_format="ssda903")


@pytest.fixture(scope="module")
def xml_903(tmp_path_factory) -> Path:
    return _run(
        tmp_path_factory, "xml_903", clean=True, extract_format="ssda903", ssda903_form="xml"
    )


@pytest.fixture(scope="module")
def dirty_903(tmp_path_factory) -> Path:
    return _run(tmp_path_factory, "dirty_903", extract_format="ssda903")


def _return(out: Path):
    return read_return(out / "ssda903" / NIGHT)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_flag_selects_the_903_and_its_form():
    args = parser().parse_args(["--format", "ssda903", "--ssda903-form", "xml"])
    assert (args.format, args.ssda903_form) == ("ssda903", "xml")
    assert parser().parse_args([]).format == "social_care"


def test_a_903_only_council_sends_its_903_and_the_population_only(csv_903):
    sent = {p.name for p in csv_903.iterdir()}
    assert {"ssda903", "population", "_truth"} == sent
    assert not any((csv_903 / s).exists() for s in OTHER_SOURCES)
    years = sorted(p.name for p in (csv_903 / "ssda903" / NIGHT).iterdir())
    # one folder per collection year, up to the one in progress on the night
    assert years[-3:] == ["2022-23", "2023-24", "2024-25"]
    assert {p.name for p in (csv_903 / "ssda903" / NIGHT / "2023-24").glob("*.csv")} >= {
        "header.csv", "episodes.csv", "reviews.csv", "missing.csv", "uasc.csv", "oc2.csv",
        "oc3.csv",
    }  # fmt: skip


def test_the_903_reads_whole_with_no_read_problem(csv_903, xml_903):
    for out in (csv_903, xml_903):
        ret = _return(out)
        assert ret.problems == []
        assert ret.collection_years[-1] == 2025
        for name in ("header", "episodes", "reviews", "missing", "uasc", "oc2", "oc3", "ad1"):
            assert len(ret.tables[name]) > 0, name


def test_the_csv_and_the_xml_form_read_into_identical_tables(csv_903, xml_903):
    from_csv, from_xml = _return(csv_903), _return(xml_903)
    assert sorted(p.name for p in (xml_903 / "ssda903" / NIGHT / "2023-24").iterdir()) == [
        "ssda903.xml"
    ]
    for name in TABLES:
        left = from_csv.tables[name].drop(columns=["source_file", "source_location"])
        right = from_xml.tables[name].drop(columns=["source_file", "source_location"])
        pd.testing.assert_frame_equal(left.reset_index(drop=True), right.reset_index(drop=True))


def test_the_clean_903_breaks_no_quarantine_rule(csv_903):
    findings = run_rules(_return(csv_903))
    assert findings[findings["severity"] == QUARANTINE].empty


def test_the_903_with_defects_breaks_quarantine_rules_and_lists_each_defect(dirty_903):
    findings = run_rules(_return(dirty_903))
    assert not findings[findings["severity"] == QUARANTINE].empty
    entries = [json.loads(line) for line in (dirty_903 / "_truth" / "defects.jsonl").open()]
    assert entries and {e["source"] for e in entries} == {"ssda903"}
    for e in entries:
        row = _rows(dirty_903 / e["file"])[e["row"] - 1]
        assert (e["file"].split("/")[-1], row["CHILD"]) == (f"{e['table']}.csv", e["child"])


def test_sex_is_coded_by_the_collection_years_own_list(csv_903):
    ret = _return(csv_903)
    header = ret.tables["header"]
    assert set(header.loc[header["collection_year"] < 2025, "SEX"]) == {"1", "2"}
    assert set(header.loc[header["collection_year"] == 2025, "SEX"]) == {"M", "F"}


def _as_text(frame: pd.DataFrame, columns: list[str]) -> set[tuple[str, ...]]:
    """Rows of a normalised 903 table as the social care extract writes them."""
    out = frame[columns].copy()
    for column in columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%d/%m/%Y")
    return set(out.fillna("").itertuples(index=False, name=None))


def _extract_rows(extract: Path, table: str, columns: list[str]) -> set[tuple[str, ...]]:
    return {tuple(r[c] for c in columns) for r in _rows(extract / f"{table}.csv")}


def _collection_year(text: str) -> int:
    d = dt.datetime.strptime(text, "%d/%m/%Y").date()
    return d.year + 1 if d.month >= 4 else d.year


def test_the_903_holds_the_social_care_extracts_lives(social_care, csv_903):
    """Read across every year (the latest return wins), the 903 is the case system's extract."""
    extract = social_care / "social_care" / NIGHT
    ret = _return(csv_903)
    tables = latest_records(ret.tables)
    for table in ("episodes", "missing", "placed_for_adoption"):
        columns = [c for c in TABLES[table].columns if c != "DOB"]
        expected = _extract_rows(extract, table, columns)
        assert expected and _as_text(tables[table], columns) == expected, table
    children = {r["CHILD"] for r in _rows(extract / "header.csv")}
    assert set(tables["header"]["CHILD"]) == children
    uasc = {r["CHILD"] for r in _rows(extract / "uasc.csv")}
    assert set(tables["uasc"]["CHILD"]) == uasc & children
    # a review sits in the return of its year, among the children looked after then
    in_care = set(
        zip(ret.tables["episodes"]["CHILD"], ret.tables["episodes"]["collection_year"], strict=True)
    )
    reviews = [r for r in _rows(extract / "reviews.csv")]
    expected = {
        (r["CHILD"], r["REVIEW"], r["REVIEW_CODE"])
        for r in reviews
        if (r["CHILD"], _collection_year(r["REVIEW"])) in in_care
    }
    found = _as_text(tables["reviews"], ["CHILD", "REVIEW", "REVIEW_CODE"])
    assert expected and found == expected
    # AD1 is the adopted children's (the 903 has no AD1 before the adoption)
    adopted = {r["CHILD"] for r in _rows(extract / "episodes.csv") if r["REC"] in ("E11", "E12")}
    columns = [c for c in TABLES["ad1"].columns if c != "DOB"]
    expected = {row for row in _extract_rows(extract, "ad1", columns) if row[0] in adopted}
    assert expected and _as_text(tables["ad1"], columns) == expected


def test_oc3_holds_one_status_per_care_leaver_and_year_from_their_contacts(social_care, csv_903):
    oc3 = _return(csv_903).tables["oc3"]
    assert not oc3.duplicated(["CHILD", "collection_year"]).any()
    contacts = _rows(social_care / "social_care" / NIGHT / "oc3.csv")
    statuses = {(r["CHILD"], r["IN_TOUCH"], r["ACTIV"], r["ACCOM"]) for r in contacts}
    written = set(oc3[["CHILD", "IN_TOUCH", "ACTIV", "ACCOM"]].itertuples(index=False, name=None))
    assert written and written <= statuses


# --- OC2: the items drawn at the DfE's national rates (simulator/oc2_items.py) ---

DFE_OUTCOMES = (
    Path(__file__).resolve().parents[2]
    / "reference_data"
    / "dfe"
    / "la_conviction_health_outcome_cla.csv"
)
OC2_FLAGS = (
    "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT",
    "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED",
)  # fmt: skip
OC2_REQUIRED = ("IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE")


def _birthday(dob: pd.Series, age: int) -> pd.Series:
    return dob + pd.DateOffset(years=age)


def _dfe_oc2_rules(oc2: pd.DataFrame, cla: pd.Series, year: CollectionYear) -> dict[str, pd.Series]:
    """The DfE's OC2 rules, each as the rows that break it (read from the rules' public
    descriptions in data-to-insight/csc-validator-be-903; the project gates 190 and 191).

    `oc2` as the reader normalises it (blank cells None, DOB a date); `cla` marks the
    children looked after continuously for 12 months at 31 March.
    """
    s, e = year.start, year.end
    dob = oc2["DOB"]
    score, reason = oc2["SDQ_SCORE"], oc2["SDQ_REASON"]
    no_sdq = score.isna() & reason.isna()
    any_sdq = score.notna() | reason.notna()
    b4, b5, b10 = _birthday(dob, 4), _birthday(dob, 5), _birthday(dob, 10)
    b16, b17 = _birthday(dob, 16), _birthday(dob, 17)
    required_blank = oc2[list(OC2_REQUIRED)].isna().any(axis=1)
    others_filled = (
        oc2[["CONVICTED", "HEALTH_CHECK", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"]]
        .notna()
        .any(axis=1)
    )
    numeric = pd.to_numeric(score, errors="coerce")
    return {
        # SDQ1 (under 4 or over 16 at the assessment) for a child 4 at the start, not 16 by the end
        "157": cla & (b4 <= s) & (b16 >= e) & score.isna() & (reason == "SDQ1"),
        "158": (oc2["INTERVENTION_RECEIVED"] == "1") & oc2["INTERVENTION_OFFERED"].notna(),
        "159": (oc2["SUBSTANCE_MISUSE"] == "1")
        & (oc2["INTERVENTION_RECEIVED"] == "0")
        & oc2["INTERVENTION_OFFERED"].isna(),
        "180": score.notna() & ~numeric.isin(range(41)),
        "181": (oc2[list(OC2_FLAGS)].notna() & ~oc2[list(OC2_FLAGS)].isin(["0", "1"])).any(axis=1),
        "182": required_blank & others_filled,
        # aged 4 at the start and under 17 at the end: a score, or the reason there is none
        "186": cla & (b4 <= s) & (b17 > e) & no_sdq,
        "188": (b4 > e) & any_sdq,
        "189": (b17 <= s) & any_sdq,
        "192": (oc2["SUBSTANCE_MISUSE"] == "1") & oc2["INTERVENTION_RECEIVED"].isna(),
        "193": (oc2["SUBSTANCE_MISUSE"] != "1")
        & (oc2["INTERVENTION_RECEIVED"].notna() | oc2["INTERVENTION_OFFERED"].notna()),
        "196": reason.notna() & ~reason.isin(["SDQ1", "SDQ2", "SDQ3", "SDQ4", "SDQ5"]),
        "197a": score.notna() & reason.notna(),
        # turned 4 or 17 in the year (a 17th birthday on 1 April is 189's: 17 at the start)
        "197B": cla & (b4.between(s, e) | ((b17 > s) & (b17 <= e))) & no_sdq,
        "542": (b10 > e) & oc2["CONVICTED"].notna(),
        "544": (oc2["CONVICTED"] == "1") & required_blank,
        "545": cla & (b5 > e) & oc2["HEALTH_CHECK"].isna(),
        "546": cla & (b5 <= e) & oc2["HEALTH_CHECK"].notna(),
        "547": (oc2["HEALTH_CHECK"] == "1") & required_blank,
    }


def _national(characteristic: str, breakdown_starts: str) -> dict[int, float]:
    """The count (or the average, for the SDQ score) of an England row of the DfE's
    outcomes file, for 2024 and 2025."""
    frame = pd.read_csv(DFE_OUTCOMES, dtype=str)
    rows = frame[
        (frame["geographic_level"] == "National")
        & (frame["characteristic"] == characteristic)
        & frame["breakdown"].str.startswith(breakdown_starts)
        & frame["time_period"].isin(["2024", "2025"])
    ]
    assert len(rows) == 2, (characteristic, breakdown_starts)
    return {int(r.time_period): float(r.children_count) for r in rows.itertuples()}


def _dfe_share(part: tuple[str, str], whole: tuple[str, str]) -> tuple[float, float]:
    """The lowest and highest of the 2024 and 2025 England shares part/whole."""
    parts, wholes = _national(*part), _national(*whole)
    shares = [parts[y] / wholes[y] for y in (2024, 2025)]
    return min(shares), max(shares)


SYNTHETIC_YEARS = [CollectionYear(y) for y in range(2021, 2026)]


@pytest.fixture(scope="module")
def synthetic_oc2() -> dict[int, pd.DataFrame]:
    """One child born on every day of the 18 years before 31 March 2025, over five years:
    every age and every birthday position in the year, as the reader normalises it."""
    last = pd.Timestamp("2025-03-31")
    dobs = pd.date_range(last - pd.DateOffset(years=18) + pd.Timedelta(days=1), last)
    children = [f"S{i}" for i in range(len(dobs))]
    draws = Oc2Items(seed=903, la_code="999")
    out = {}
    for year in SYNTHETIC_YEARS:
        born = dobs <= year.end
        frame = draws.frame([c for c, b in zip(children, born, strict=True) if b],
                            list(dobs[born]), year)  # fmt: skip
        frame = frame.replace({"": None})
        frame.insert(0, "DOB", dobs[born])
        out[year.end_year] = frame.assign(
            TEETH_CHECK="1", HEALTH_ASSESSMENT="1", AGE=age_at(frame["DOB"], year.end)
        )
    return out


def test_the_drawn_oc2_items_keep_every_dfe_oc2_rule_at_every_age(synthetic_oc2):
    for end_year, oc2 in synthetic_oc2.items():
        year = CollectionYear(end_year)
        cla = pd.Series(True, index=oc2.index)
        broken = {code: int(mask.sum()) for code, mask in _dfe_oc2_rules(oc2, cla, year).items()}
        assert broken == dict.fromkeys(broken, 0), end_year
        # the rules are not kept by leaving things out: each item is there where it is due
        assert set(oc2.loc[oc2["AGE"] < 5, "HEALTH_CHECK"]) == {"0", "1"}
        assert set(oc2.loc[oc2["AGE"] >= 10, "CONVICTED"]) == {"0", "1"}
        assert (oc2["SDQ_REASON"] == "SDQ1").any() and oc2["SDQ_SCORE"].notna().any()
        assert (oc2["INTERVENTION_RECEIVED"] == "1").any()
        assert (oc2["INTERVENTION_OFFERED"] == "1").any()


def test_the_drawn_oc2_rates_are_the_dfes_national_rates(synthetic_oc2):
    """Each rate within a tolerance of the DfE's England figure for 2024 or 2025
    (reference_data/dfe/la_conviction_health_outcome_cla.csv): about four standard
    errors of the synthetic cohort's share, so the check can fail but chance cannot."""
    oc2 = pd.concat(synthetic_oc2.values(), ignore_index=True)

    def within(share: float, bounds: tuple[float, float], n: int) -> bool:
        tolerance = 4 * (bounds[1] * (1 - bounds[1]) / n) ** 0.5 + 0.005
        return bounds[0] - tolerance <= share <= bounds[1] + tolerance

    health = "Health assessments: Children looked after all ages"
    total = (health, "Total all ages")
    immunised = (oc2["IMMUNISATIONS"] == "1").mean()
    assert within(immunised, _dfe_share((health, "Had their immunisations"), total), len(oc2))

    under_5 = oc2[oc2["AGE"] < 5]
    development = "Development assessments: Children looked after ages 0 to 4 years"
    checked = (under_5["HEALTH_CHECK"] == "1").mean()
    expected = _dfe_share((development, "Development assessments up to date"),
                          (development, "Total ages 0 to 4"))  # fmt: skip
    assert within(checked, expected, len(under_5))

    # SDQ: ages 5 to 16 at 31 March, the DfE's own band
    sdq_age = oc2[oc2["AGE"].between(5, 16)]
    sdq = "Ages 5 to 16 years with SDQ score"
    received = sdq_age["SDQ_SCORE"].notna().mean()
    assert within(received, _dfe_share((sdq, "SDQ score was received"),
                                       (sdq, "Total ages 5 to 16")), len(sdq_age))  # fmt: skip
    scores = pd.to_numeric(sdq_age["SDQ_SCORE"]).dropna()
    averages = list(_national(sdq, "SDQ average score").values())
    # the average of thousands of scores (spread about 9): within 0.5 of the DfE's
    assert min(averages) - 0.5 <= scores.mean() <= max(averages) + 0.5
    bands = {
        "SDQ score is normal": scores <= 13,
        "SDQ score is borderline": scores.between(14, 16),
        "SDQ score is a cause for concern": scores >= 17,
    }
    for band, mask in bands.items():
        expected = _dfe_share((sdq, band), (sdq, "SDQ score was received"))
        assert within(mask.mean(), expected, len(scores)), band

    # substance misuse: all ages, the DfE's figure, for a cohort aged as England's
    # (the synthetic cohort is uniform in age: reweight the 10+ and under-10 rates)
    misuse = "Substance misuse: Children looked after all ages"
    ten_plus = oc2["AGE"] >= 10
    rate_10_plus = (oc2.loc[ten_plus, "SUBSTANCE_MISUSE"] == "1").mean()
    assert (oc2.loc[~ten_plus, "SUBSTANCE_MISUSE"] == "0").all()
    convictions = "Convictions: Children looked after Ages 10 to 17 years"
    share_10_plus = [
        _national(convictions, "Total ages 10 to 17")[y] / _national(misuse, "Total all ages")[y]
        for y in (2024, 2025)
    ]
    england_like = rate_10_plus * sum(share_10_plus) / 2
    expected = _dfe_share((misuse, "Identified as having"), (misuse, "Total all ages"))
    assert within(england_like, expected, int(ten_plus.sum()))
    misusing = oc2[oc2["SUBSTANCE_MISUSE"] == "1"]
    problem = (misuse, "Identified as having")
    for characteristic, column in (
        ("Received an intervention", "INTERVENTION_RECEIVED"),
        ("Offered intervention but refused", "INTERVENTION_OFFERED"),
    ):
        share = (misusing[column] == "1").mean()
        assert within(share, _dfe_share((misuse, characteristic), problem), len(misusing))

    convicted = (oc2.loc[ten_plus, "CONVICTED"] == "1").mean()
    expected = _dfe_share((convictions, "Convicted"), (convictions, "Total ages 10 to 17"))
    assert within(convicted, expected, int(ten_plus.sum()))


def test_a_child_year_gets_the_same_items_from_a_fresh_stream():
    year = CollectionYear(2024)
    dob = pd.Timestamp("2010-06-01")
    first = Oc2Items(seed=1, la_code="999").items("C1", dob, year)
    assert Oc2Items(seed=1, la_code="999").items("C1", dob, year) == first
    others = [Oc2Items(seed=s, la_code="999").items("C1", dob, year) for s in range(2, 40)]
    assert any(o != first for o in others)


def _oc2_by_year(ret) -> list[tuple[CollectionYear, pd.DataFrame, pd.Series]]:
    out = []
    for end_year, oc2 in ret.tables["oc2"].groupby("collection_year"):
        year = CollectionYear(int(end_year))
        episodes = ret.tables["episodes"]
        cohort = looked_after_12_months(episodes[episodes["collection_year"] == end_year], year.end)
        out.append((year, oc2, oc2["CHILD"].isin(cohort)))
    return out


def test_the_clean_903s_oc2_breaks_no_oc2_rule(csv_903):
    ret = _return(csv_903)
    findings = run_rules(ret)
    # rule 191 (cohort items left blank) warned on every OC2 row before the items were drawn
    assert findings[findings["table"] == "oc2"].empty
    assert len(ret.tables["oc2"]) > 0
    for year, oc2, cla in _oc2_by_year(ret):
        assert cla.all(), year
        broken = {code: int(mask.sum()) for code, mask in _dfe_oc2_rules(oc2, cla, year).items()}
        assert broken == dict.fromkeys(broken, 0), year.end_year


def test_the_clean_903s_oc2_rates_are_near_the_national_ones(csv_903):
    """A small LA (about 90 children a year in the cohort): the items are filled in
    and each headline rate is within five standard errors of the calibration."""
    oc2 = _return(csv_903).tables["oc2"]
    immunised = (oc2["IMMUNISATIONS"] == "1").mean()
    assert abs(immunised - IMMUNISED) <= 5 * (IMMUNISED * (1 - IMMUNISED) / len(oc2)) ** 0.5
    age = age_at(oc2["DOB"], pd.to_datetime(oc2["collection_year"].astype(str) + "-03-31"))
    sdq_age = oc2[age.between(5, 16)]
    received = sdq_age["SDQ_SCORE"].notna().mean()
    spread = 5 * (SDQ_RECEIVED * (1 - SDQ_RECEIVED) / len(sdq_age)) ** 0.5
    assert abs(received - SDQ_RECEIVED) <= spread
    assert oc2[list(OC2_REQUIRED)].notna().all().all()


def test_the_903_with_defects_still_reads_its_oc2(dirty_903):
    ret = _return(dirty_903)
    assert [p for p in ret.problems if p.table == "oc2"] == []
    oc2 = ret.tables["oc2"]
    assert len(oc2) > 0 and oc2["IMMUNISATIONS"].notna().all()


def test_the_truth_holds_the_drawn_oc2_items_the_903_sends(dirty_903, social_care):
    """`_truth/oc2.parquet`: the items as drawn; the 903's defects never touch them."""
    truth = pd.read_parquet(dirty_903 / "_truth" / "oc2.parquet")
    oc2 = _return(dirty_903).tables["oc2"]
    columns = ["CHILD", "collection_year", *ITEMS]
    sent = oc2[columns].astype(object).where(oc2[columns].notna(), None)
    truth = truth[columns].astype(object).where(truth[columns].notna(), None)
    assert len(truth) == len(oc2)
    assert set(truth.itertuples(index=False, name=None)) == set(
        sent.itertuples(index=False, name=None)
    )
    # only a 903 run draws them
    assert not (social_care / "_truth" / "oc2.parquet").exists()
