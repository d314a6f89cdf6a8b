"""The simulated LA's SSDA903 return: the same lives, in the DfE's layout (issue 10).

`python -m simulator --format ssda903` writes what a council that sends only
its 903 sends: on each extract night,
`<out>/ssda903/<extract date>/<collection year>/` (`2023-24`, ...) holds that
year's return, as DfE CSV tables (`--ssda903-form csv`, the default) or as one
DfE XML file (`--ssda903-form xml`), plus the population source; no social
care, health, fostering or Virtual School drop.

Collection years are written **per year**, one folder each, from the year of
the earliest episode the case system holds to the year of the extract night
(the in-year return, as councils run it monthly). A year's return holds its
state at 31 March (or on the night, for the year in progress): a date after
the year end is not known yet, so an episode, a missing period or a decision
to place for adoption still open at 31 March has its end (and reason) blank
there and filled in the next year's return. `current_view.latest_records`
over all the years gives back one row per record, as the case system holds
it on the night.

Each 903 table is the social care extract's table of the same night (same
rows, same defects, `simulator/writers.py`) mapped back along
docs/ssda903.md, "How the 903 maps onto the social care contract":

- header: the children with an episode open in the year, or an OC3 record;
  SEX 1/2 becomes M/F from 2024/25 (the year's code list); MOTHER and MC_DOB
  are not simulated (blank); a UPN blank in the case system stays blank;
- uasc: the header's children who have a social care uasc row;
- episodes, missing, placed_for_adoption: the rows open at any time in the
  year; reviews: the reviews dated in the year;
- ad1: the children adopted in the year (an episode ceasing E11/E12), with
  the case system's adoption dates (the 903 has no DATE_PLACEMENT_ORDER);
- oc3: one row per care leaver per year, for the 17th to 21st birthday in
  the year: the status of the latest contact on or before the birthday (else
  the first one after it, within the year);
- oc2: for complete years from the first one the case system's health
  records cover (they start at the cutoff), the children looked after
  continuously for 12 months at 31 March (the rules' own definition):
  HEALTH_ASSESSMENT 1 if a health assessment (IHA or RHA) and TEETH_CHECK 1
  if a dental check is dated in the year, else 0; immunisations, the
  under-5s' health check, SDQ, substance misuse and convictions are drawn
  at the DfE's national rates, within the DfE's per-year rules
  (simulator/oc2_items.py).

`_truth/oc2.parquet` (903 runs only) holds the drawn OC2 items of each
child and collection year of the last night's returns, as the simulator drew
them: defects never touch them.

The defect manifest (`_truth/defects.jsonl`) lists each social care defect
that reaches a 903 file, with source `ssda903`, the 903 table and the first
file (and its data row) holding it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dagster_project.ssda903.collection_year import CollectionYear
from dagster_project.ssda903.layout import TABLES
from dagster_project.ssda903.rules.helpers import looked_after_12_months
from dagster_project.ssda903.write import write_csv_tables, write_xml_return
from simulator.dates import from_day
from simulator.oc2_items import ITEMS, Oc2Items
from simulator.writers import ExtractWriter, _format

FORMS = ("csv", "xml")
XML_FILE = "ssda903.xml"
OC2_TRUTH_FILE = "oc2.parquet"
# The social care tables the 903 is built from.
SOCIAL_CARE_TABLES = (
    "header", "episodes", "reviews", "missing", "uasc", "ad1", "placed_for_adoption", "oc3",
    "health_assessments",
)  # fmt: skip
# The DfE's care leaver cohort (OC3): the 17th to 21st birthdays.
OC3_AGES = range(17, 22)
ADOPTED = ("E11", "E12")
HEALTH = ("IHA", "RHA")
DENTAL = ("DENTAL",)
# 2024/25 recoded SEX from 1/2 to the child's reported sex M/F/U
# (contract/ssda903_codes.yaml).
SEX_RECODED_FROM = 2025
SEX_CODES = {"1": "M", "2": "F"}
# Position of a row in its social care table, kept to point defects at 903 rows.
_POS = "_pos"


def _dates(text: pd.Series) -> pd.Series:
    return pd.to_datetime(text, format="%d/%m/%Y", errors="coerce")


def collection_year_of(day: dt.date) -> int:
    return day.year + 1 if day.month >= 4 else day.year


def folder_name(year: CollectionYear) -> str:
    """`2023-24` for the year ending 31 March 2024 (the reader takes the year from it)."""
    return f"{year.end_year - 1}-{str(year.end_year)[2:]}"


def _blank_after(frame: pd.DataFrame, when: pd.Series, end: pd.Timestamp, columns) -> None:
    later = (when > end).to_numpy()
    for column in columns:
        frame.loc[later, column] = ""


def _open_in_year(start: pd.Series, end: pd.Series, year: CollectionYear) -> pd.Series:
    return (start <= year.end) & (end.isna() | (end >= year.start))


def _in_header(name: str, frame: pd.DataFrame, header: pd.DataFrame) -> pd.DataFrame:
    """Rows of the header's children, carrying the header's DOB (and SEX), child by child."""
    people = header.drop_duplicates("CHILD").set_index("CHILD")
    kept = frame[frame["CHILD"].isin(people.index)].copy()
    kept["DOB"] = kept["CHILD"].map(people["DOB"])
    if "SEX" in TABLES[name].columns:
        kept["SEX"] = kept["CHILD"].map(people["SEX"])
    return kept


class Ssda903Builder:
    """One night's social care tables (as text) turned into each year's 903 tables."""

    def __init__(
        self, text: dict[str, pd.DataFrame], night: dt.date, cutoff: dt.date, oc2_items: Oc2Items
    ) -> None:
        self.text = text
        self.oc2_items = oc2_items
        self.night = pd.Timestamp(night)
        # the first collection year the health records cover whole
        whole = (cutoff.month, cutoff.day) == (4, 1)
        self.health_from = collection_year_of(cutoff) + (0 if whole else 1)
        eps = text["episodes"]
        self.decom, self.dec = _dates(eps["DECOM"]), _dates(eps["DEC"])

    def years(self) -> list[CollectionYear]:
        first = self.decom.min()
        if pd.isna(first):
            return []
        last = collection_year_of(self.night.date())
        return [CollectionYear(y) for y in range(collection_year_of(first.date()), last + 1)]

    def tables(self, year: CollectionYear) -> dict[str, pd.DataFrame]:
        episodes = self._episodes(year)
        oc3 = self._oc3(year)
        header = self._header(year, set(episodes["CHILD"]) | set(oc3["CHILD"]))
        tables = {
            "header": header,
            "episodes": episodes,
            "uasc": self.text["uasc"],
            "reviews": self._reviews(year),
            "missing": self._missing(year),
            "ad1": self._ad1(episodes, year),
            "placed_for_adoption": self._placed_for_adoption(year),
            "oc3": oc3,
            "oc2": self._oc2(episodes, year),
        }
        out = {}
        for name in TABLES:
            frame = tables.get(name)
            if frame is None:
                frame = pd.DataFrame(columns=["CHILD", _POS])
            elif name != "header":
                frame = _in_header(name, frame, header)
            for column in TABLES[name].columns:
                if column not in frame.columns:
                    frame[column] = ""
            # one order for both forms: the XML groups each child's rows under it
            frame = frame.sort_values("CHILD", kind="stable").reset_index(drop=True)
            out[name] = frame[[*TABLES[name].columns, _POS]]
        return out

    def _header(self, year: CollectionYear, children: set[str]) -> pd.DataFrame:
        header = self.text["header"]
        header = header[header["CHILD"].isin(children)].copy()
        if year.end_year >= SEX_RECODED_FROM:
            header["SEX"] = header["SEX"].map(lambda s: SEX_CODES.get(s, s))
        return header

    def _episodes(self, year: CollectionYear) -> pd.DataFrame:
        eps = self.text["episodes"]
        kept = _open_in_year(self.decom, self.dec, year)
        out = eps[kept].copy()
        _blank_after(out, self.dec[kept], year.end, ("DEC", "REC", "REASON_PLACE_CHANGE"))
        return out

    def _reviews(self, year: CollectionYear) -> pd.DataFrame:
        reviews = self.text["reviews"]
        return reviews[_dates(reviews["REVIEW"]).between(year.start, year.end)].copy()

    def _missing(self, year: CollectionYear) -> pd.DataFrame:
        missing = self.text["missing"]
        start, end = _dates(missing["MIS_START"]), _dates(missing["MIS_END"])
        kept = _open_in_year(start, end, year)
        out = missing[kept].copy()
        _blank_after(out, end[kept], year.end, ("MIS_END",))
        return out

    def _placed_for_adoption(self, year: CollectionYear) -> pd.DataFrame:
        decisions = self.text["placed_for_adoption"]
        placed = _dates(decisions["DATE_PLACED"])
        ceased = _dates(decisions["DATE_PLACED_CEASED"])
        kept = _open_in_year(placed, ceased, year)
        out = decisions[kept].copy()
        _blank_after(out, ceased[kept], year.end, ("DATE_PLACED_CEASED", "REASON_PLACED_CEASED"))
        return out

    def _ad1(self, episodes: pd.DataFrame, year: CollectionYear) -> pd.DataFrame:
        ceased = _dates(episodes["DEC"]).between(year.start, year.end)
        adopted = set(episodes.loc[ceased & episodes["REC"].isin(ADOPTED), "CHILD"])
        ad1 = self.text["ad1"]
        return ad1[ad1["CHILD"].isin(adopted)].copy()

    def _oc3(self, year: CollectionYear) -> pd.DataFrame:
        contacts = self.text["oc3"]
        if contacts.empty:
            return contacts.copy()
        people = self.text["header"].drop_duplicates("CHILD").set_index("CHILD")
        dob = _dates(contacts["CHILD"].map(people["DOB"]))
        when = _dates(contacts["CONTACT_DATE"])
        last_day = min(year.end, self.night)
        chosen = []
        for age in OC3_AGES:
            birthday = dob + pd.DateOffset(years=age)
            due = birthday.between(year.start, last_day)
            if not due.any():
                continue
            frame = contacts[due].assign(_BIRTHDAY=birthday[due], _WHEN=when[due])
            frame = frame[frame["_WHEN"].notna() & (frame["_WHEN"] <= last_day)]
            before = frame[frame["_WHEN"] <= frame["_BIRTHDAY"]].sort_values("_WHEN")
            after = frame[frame["_WHEN"] > frame["_BIRTHDAY"]].sort_values("_WHEN")
            # the latest contact by the birthday, else the first after it
            best = pd.concat(
                [before.groupby("CHILD").tail(1), after.groupby("CHILD").head(1)]
            ).drop_duplicates("CHILD", keep="first")
            chosen.append(best)
        if not chosen:
            return contacts.iloc[:0].copy()
        return pd.concat(chosen).drop(columns=["_BIRTHDAY", "_WHEN"])

    def _oc2(self, episodes: pd.DataFrame, year: CollectionYear) -> pd.DataFrame | None:
        # only complete years the case system's health records cover
        if year.end > self.night or year.end_year < self.health_from:
            return None
        normalised = episodes.assign(DECOM=_dates(episodes["DECOM"]), DEC=_dates(episodes["DEC"]))
        normalised = normalised.replace({"": None})
        cohort = sorted(looked_after_12_months(normalised, year.end))
        checks = self.text["health_assessments"]
        in_year = checks[_dates(checks["ASSESSMENT_DATE"]).between(year.start, year.end)]

        def had(types) -> pd.Series:
            children = set(in_year.loc[in_year["ASSESSMENT_TYPE"].isin(types), "CHILD"])
            return pd.Series(["1" if c in children else "0" for c in cohort], dtype=object)

        people = self.text["header"].drop_duplicates("CHILD").set_index("CHILD")
        dobs = _dates(pd.Series(cohort, dtype=object).map(people["DOB"])).tolist()
        drawn = self.oc2_items.frame(cohort, dobs, year)
        return pd.DataFrame(
            {
                "CHILD": cohort,
                "HEALTH_ASSESSMENT": had(HEALTH),
                "TEETH_CHECK": had(DENTAL),
                **{column: drawn[column] for column in drawn.columns},
                _POS: -1,
            }
        )


class Ssda903Writer:
    """Writes the 903 of each night asked, and logs the defects that reach it."""

    def __init__(self, writer: ExtractWriter, form: str) -> None:
        if form not in FORMS:
            raise ValueError(f"unknown 903 form {form!r}: one of {FORMS}")
        self.writer = writer
        self.form = form
        self.source = next(s for s in writer.contract.sources if s.name == "social_care")
        self.cutoff = from_day(writer.truth.world.cutoff)
        opts = writer.truth.world.opts
        self.oc2_items = Oc2Items(opts.seed, opts.la_code)
        # the drawn OC2 items of the last night written, by collection year
        self.drawn_oc2: dict[int, pd.DataFrame] = {}

    def _social_care_text(self, night: int) -> tuple[dict, dict]:
        tables = {t.name: t for t in self.source.tables}
        text, entries = {}, {}
        for name in SOCIAL_CARE_TABLES:
            df, found = self.writer._table_rows("social_care", tables[name], night)
            frame = _format(df, tables[name], self.source.date_format, self.source.datetime_format)
            text[name] = frame.assign(**{_POS: range(len(frame))})
            entries[name] = found
        return text, entries

    def write_night(self, night: int) -> None:
        text, entries = self._social_care_text(night)
        builder = Ssda903Builder(text, from_day(night), self.cutoff, self.oc2_items)
        folder = self.writer.out / "ssda903" / from_day(night).isoformat()
        # (social care table, row position) -> (903 table, file, data row), first year only
        where: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.drawn_oc2 = {}
        for year in builder.years():
            tables = builder.tables(year)
            if tables["episodes"].empty:
                continue  # a return without episodes is no return
            year_folder = folder / folder_name(year)
            if not tables["oc2"].empty:
                self.drawn_oc2[year.end_year] = tables["oc2"][["CHILD", *ITEMS]]
            dfe = {name: frame.drop(columns=[_POS]) for name, frame in tables.items()}
            if self.form == "csv":
                paths = write_csv_tables(dfe, year_folder)
                files = {p.stem: p for p in paths}
            else:
                path = write_xml_return(dfe, year_folder / XML_FILE)
                paths, files = [path], dict.fromkeys(tables, path)
            for path in paths:
                self.writer._note(path)
            for name, frame in tables.items():
                # the 903 table holds rows of the social care table of its name
                # (oc2 is derived from health_assessments: no row of its own)
                if name not in files or name not in text:
                    continue
                relative = files[name].relative_to(self.writer.out).as_posix()
                for row, pos in enumerate(frame[_POS].tolist(), start=1):
                    where.setdefault((name, pos), (name, relative, row))
        self._log(entries, where, night)

    def write_oc2_truth(self, truth_dir: Path) -> Path:
        """The drawn OC2 items of the last night's returns (blank: not due at that age)."""
        frames = [
            frame.assign(collection_year=end_year) for end_year, frame in self.drawn_oc2.items()
        ]
        columns = ["CHILD", "collection_year", *ITEMS]
        table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
        table = table[columns].replace({"": None})
        truth_dir.mkdir(parents=True, exist_ok=True)
        path = truth_dir / OC2_TRUTH_FILE
        pq.write_table(pa.Table.from_pandas(table, preserve_index=False, nthreads=1), path)
        return path

    def _log(self, entries: dict, where: dict, night: int) -> None:
        for source_table, found in entries.items():
            for e in found:
                place = where.get((source_table, e["_pos"]))
                if place is None:
                    continue  # the defective row is in no year's return
                table, file, row = place
                self.writer.manifest.append(
                    {
                        "kind": e["kind"],
                        "source": "ssda903",
                        "table": table,
                        "extract_date": from_day(night).isoformat(),
                        "file": file,
                        "sheet": None,
                        "row": row,
                        "column": e["column"],
                        "child": str(e.get("child", "")),
                        "description": e["description"],
                    }
                )
