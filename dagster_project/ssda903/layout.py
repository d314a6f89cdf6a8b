"""The 903 tables: their DfE column names, which columns are dates, and their keys.

Column names are the DfE's own (as in the 903 guidance and the CSV export of
every case-management system), so a council's files need no mapping. The XML
return uses the same names except for two tags (`CHILDID` and `PL`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TableLayout:
    name: str
    columns: tuple[str, ...]
    date_columns: tuple[str, ...]
    # the columns that identify one record of the table across returns: a
    # cumulative file repeats a record every year, and the latest year wins
    natural_key: tuple[str, ...]
    # optional tables may be absent from a return (sw_episodes and dolo are
    # recent additions; a council with no adoptions sends no ad1)
    optional: bool = True


TABLES: dict[str, TableLayout] = {
    t.name: t
    for t in (
        TableLayout(
            "header",
            ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
            ("DOB", "MC_DOB"),
            ("CHILD",),
            optional=False,
        ),
        TableLayout(
            "episodes",
            (
                "CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC",
                "REC", "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN",
            ),
            ("DECOM", "DEC"),
            ("CHILD", "DECOM"),
            optional=False,
        ),
        TableLayout("reviews", ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"), ("DOB", "REVIEW"),
                    ("CHILD", "REVIEW")),
        TableLayout("uasc", ("CHILD", "SEX", "DOB", "DUC"), ("DOB", "DUC"), ("CHILD",)),
        TableLayout(
            "oc2",
            (
                "CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK",
                "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE",
                "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED",
            ),
            ("DOB",),
            ("CHILD",),
        ),
        TableLayout("oc3", ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"), ("DOB",), ("CHILD",)),
        TableLayout(
            "ad1",
            ("CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR",
             "SEX_ADOPTR", "LS_ADOPTR"),
            ("DOB", "DATE_INT", "DATE_MATCH"),
            ("CHILD",),
        ),
        TableLayout(
            "placed_for_adoption",
            ("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"),
            ("DOB", "DATE_PLACED", "DATE_PLACED_CEASED"),
            ("CHILD", "DATE_PLACED"),
        ),
        TableLayout(
            "previous_permanence",
            ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"),
            # DATE_PERM may be a partial date (the DfE allows "zz/mm/yyyy"
            # when the day is unknown), so it stays text here
            ("DOB",),
            ("CHILD",),
        ),
        TableLayout("missing", ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
                    ("DOB", "MIS_START", "MIS_END"), ("CHILD", "MIS_START")),
        TableLayout(
            "sw_episodes",
            ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"),
            ("DOB", "SW_DECOM", "SW_DEC"),
            ("CHILD", "SW_DECOM"),
        ),
        TableLayout("dolo", ("CHILD", "DOB", "DOLO_START", "DOLO_END"),
                    ("DOB", "DOLO_START", "DOLO_END"), ("CHILD", "DOLO_START")),
    )
}  # fmt: skip

# Columns every normalised table carries besides the DfE ones.
COLLECTION_YEAR = "collection_year"
SOURCE_FILE = "source_file"
SOURCE_LOCATION = "source_location"

# The XML return names two fields differently from the CSV tables.
XML_TAG_TO_COLUMN = {"CHILDID": "CHILD", "PL": "PLACE"}
COLUMN_TO_XML_TAG = {v: k for k, v in XML_TAG_TO_COLUMN.items()}

DATE_FORMAT = "%d/%m/%Y"


def empty_table(name: str):
    """A normalised table with no rows (for a table a return does not carry)."""
    import pandas as pd

    layout = TABLES[name]
    frame = pd.DataFrame({c: pd.Series(dtype="object") for c in layout.columns})
    for column in layout.date_columns:
        frame[column] = pd.Series(dtype="datetime64[ns]")
    frame[COLLECTION_YEAR] = pd.Series(dtype="int64")
    frame[SOURCE_FILE] = pd.Series(dtype="object")
    frame[SOURCE_LOCATION] = pd.Series(dtype="object")
    return frame
