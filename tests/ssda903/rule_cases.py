"""Hand-made rows for every rule: each case holds rows that break the rule and rows that don't.

A case is (rule, collection year, tables, the CHILD ids of the rows that must
fail). Children not listed must pass, so every case checks both directions.
Year 2024 is 1 April 2023 to 31 March 2024.
"""

from __future__ import annotations


def hd(child, dob="01/01/2010", sex="1", upn="A123456789012", ethnic="WBRI"):
    return {"CHILD": child, "SEX": sex, "DOB": dob, "ETHNIC": ethnic, "UPN": upn}


def ep(child, decom, dec="", rne="S", rec="", ls="C2", place="U1", cin="N1"):
    return {
        "CHILD": child,
        "DECOM": decom,
        "RNE": rne,
        "LS": ls,
        "CIN": cin,
        "PLACE": place,
        "PLACE_PROVIDER": "PR1",
        "DEC": dec,
        "REC": rec,
    }


def mis(child, start, end="", kind="M"):
    return {"CHILD": child, "MISSING": kind, "MIS_START": start, "MIS_END": end}


def oc2(child, filled=True):
    value = "1" if filled else ""
    return {
        "CHILD": child,
        "IMMUNISATIONS": value,
        "TEETH_CHECK": value,
        "HEALTH_ASSESSMENT": value,
        "SUBSTANCE_MISUSE": "0" if filled else "",
    }


def ad1(child, date_int, date_match="01/02/2024"):
    return {"CHILD": child, "DATE_INT": date_int, "DATE_MATCH": date_match}


def pfa(child, placed, ceased=""):
    return {"CHILD": child, "DATE_PLACED": placed, "DATE_PLACED_CEASED": ceased}


# Two children in care all year long, from before it started (the "passing" pair
# many cases reuse): looked after continuously for 12 months at 31 March 2024.
LONG_STAY = [ep("OK1", "01/01/2020", rne="S"), ep("OK2", "01/01/2021", rne="S")]

CASES = [
    ("101", 2024, {"header": [hd("A"), hd("B", sex="M"), hd("C", sex="")]}, ["B", "C"]),
    ("101", 2025, {"header": [hd("A", sex="M"), hd("B", sex="1"), hd("C", sex="U")]}, ["B"]),
    ("103", 2024, {"header": [hd("A"), hd("B", ethnic="XXXX")]}, ["B"]),
    (
        "143",
        2024,
        {
            "episodes": [
                ep("A", "01/05/2023", rne="Z"),
                ep("B", "01/05/2023"),
                ep("C", "01/05/2023", rne=""),
            ]
        },
        ["A", "C"],
    ),
    (
        "144",
        2024,
        {
            "episodes": [
                ep("A", "01/05/2023", ls="C9"),
                ep("B", "01/05/2023"),
                ep("C", "01/05/2023", ls=""),
            ]
        },
        ["A", "C"],
    ),
    ("145", 2024, {"episodes": [ep("A", "01/05/2023", cin="N9"), ep("B", "01/05/2023")]}, ["A"]),
    (
        "146",
        2024,
        {
            "episodes": [
                ep("A", "01/05/2023", place="K3"),
                ep("B", "01/05/2023"),
                ep("C", "01/05/2023", place=""),
            ]
        },
        ["A", "C"],
    ),
    (
        "146",
        2025,
        {"episodes": [ep("A", "01/05/2024", place="K3"), ep("B", "01/05/2024", place="Q1")]},
        ["B"],
    ),
    (
        "149",
        2024,
        {
            "episodes": [
                ep("A", "01/05/2023", "01/06/2023", rec="E99"),
                ep("B", "01/05/2023", "01/06/2023", rec="E11"),
            ]
        },
        ["A"],
    ),
    (
        "167",
        2024,
        {
            "reviews": [
                {"CHILD": "A", "REVIEW": "01/06/2023", "REVIEW_CODE": "PN9"},
                {"CHILD": "B", "REVIEW": "01/06/2023", "REVIEW_CODE": "PN1"},
                {"CHILD": "C", "REVIEW": "01/06/2023", "REVIEW_CODE": ""},
            ]
        },
        ["A", "C"],
    ),
    (
        "370",
        2024,
        {
            "header": [hd("A", "01/06/2008"), hd("B", "01/06/2006")],
            "episodes": [ep("A", "01/05/2023", place="P2"), ep("B", "01/07/2023", place="P2")],
        },
        ["A"],
    ),
    (
        "370",
        2023,
        {"header": [hd("A", "01/06/2008")], "episodes": [ep("A", "01/05/2022", place="P2")]},
        [],
    ),
    ("102", 2024, {"header": [hd("A", dob="31/02/2010"), hd("B", dob=""), hd("C")]}, ["A", "B"]),
    (
        "147",
        2024,
        {
            "episodes": [
                ep("A", "01/05/2023", "31/02/2024", rec="E11"),
                ep("B", "01/05/2023", "01/02/2024", rec="E11"),
            ]
        },
        ["A"],
    ),
    (
        "166",
        2024,
        {
            "reviews": [
                {"CHILD": "A", "REVIEW": "", "REVIEW_CODE": "PN1"},
                {"CHILD": "B", "REVIEW": "01/13/2023", "REVIEW_CODE": "PN1"},
                {"CHILD": "C", "REVIEW": "01/12/2023", "REVIEW_CODE": "PN1"},
            ]
        },
        ["A", "B"],
    ),
    ("112", 2024, {"ad1": [ad1("A", "2023-05-01"), ad1("B", "01/05/2023")]}, ["A"]),
    ("1004", 2024, {"missing": [mis("A", "1/5/23"), mis("B", "01/05/2023")]}, ["A"]),
    (
        "1005",
        2024,
        {"missing": [mis("A", "01/05/2023", "x"), mis("B", "01/05/2023", "02/05/2023")]},
        ["A"],
    ),
    ("301", 2024, {"header": [hd("A", dob="01/04/2024"), hd("B", dob="31/03/2024")]}, ["A"]),
    (
        "168",
        2024,
        {
            "header": [
                hd("A", upn="I123456789012"),
                hd("B", upn="A12345"),
                hd("C", upn="UN3"),
                hd("D", upn="A12345678901B"),
                hd("E", upn=""),
            ]
        },
        ["A", "B"],
    ),
    (
        "442",
        2024,
        {
            "header": [hd("A", upn=""), hd("B", upn=""), hd("C")],
            "episodes": [ep("A", "01/05/2023"), ep("C", "01/05/2023")],
        },
        ["A"],
    ),
    (
        "444",
        2024,
        {
            "header": [
                hd("A"),
                hd("B"),
                hd("C", upn="UN1"),
                hd("D", upn="UN1"),
                hd("E", upn="B123456789012"),
            ]
        },
        ["A", "B"],
    ),
    ("P01", 2024, {"header": [hd("A"), hd("A", dob="02/02/2012"), hd("B")]}, ["A", "A"]),
    (
        "142",
        2024,
        {
            "episodes": [
                ep("A", "01/05/2023"),
                ep("A", "01/06/2023", rne="P"),
                ep("B", "01/05/2023", "01/06/2023", rec="X1"),
                ep("B", "01/06/2023", rne="P"),
            ]
        },
        ["A"],
    ),
    ("353", 2024, {"episodes": [ep("A", "01/01/1990"), ep("B", "14/10/1991")]}, ["A"]),
    ("354", 2024, {"episodes": [ep("A", "01/04/2024"), ep("B", "31/03/2024")]}, ["A"]),
    (
        "385",
        2024,
        {
            "episodes": [
                ep("A", "01/05/2023", "01/04/2024", rec="E13"),
                ep("B", "01/05/2023", "31/03/2024", rec="E13"),
            ]
        },
        ["A"],
    ),
    (
        "355",
        2024,
        {
            "episodes": [
                ep("A", "01/05/2023", "01/05/2023", rec="E13"),
                ep("B", "01/05/2023", "02/05/2023", rec="E13"),
            ]
        },
        ["A"],
    ),
    (
        "356",
        2024,
        {
            "episodes": [
                ep("A", "01/05/2023", "30/04/2023", rec="E13"),
                ep("B", "01/05/2023", "02/05/2023", rec="E13"),
            ]
        },
        ["A"],
    ),
    (
        "357",
        2024,
        {
            "episodes": [
                ep("A", "01/05/2023", rne="P"),
                ep("B", "01/05/2023"),
                ep("C", "01/05/2020", rne="P"),
            ]
        },
        ["A"],
    ),
    (
        "388",
        2024,
        {
            "episodes": [
                ep("A", "01/05/2023", "01/06/2023", rec="X1"),
                ep("A", "02/06/2023", rne="S"),
                ep("B", "01/05/2023", "01/06/2023", rec="X1"),
                ep("C", "01/05/2023", "01/06/2023", rec="E13"),
                ep("C", "01/06/2023", rne="P"),
                ep("D", "01/05/2023", "01/06/2023", rec="X1"),
                ep("D", "01/06/2023", rne="P"),
            ]
        },
        ["A", "B", "C"],
    ),
    (
        "431",
        2024,
        {
            "episodes": [
                ep("A", "01/05/2023", "01/06/2023", rec="X1"),
                ep("A", "01/06/2023", rne="S"),
                ep("B", "01/05/2023", "01/06/2023", rec="E13"),
                ep("B", "01/08/2023", rne="S"),
            ]
        },
        ["A"],
    ),
    (
        "432",
        2024,
        {
            "episodes": [
                ep("A", "01/05/2023", "01/06/2023", rec="E13"),
                ep("A", "01/08/2023", rne="P"),
                ep("B", "01/05/2023", "01/06/2023", rec="E13"),
                ep("B", "01/08/2023", rne="S"),
            ]
        },
        ["A"],
    ),
    (
        "437",
        2024,
        {
            "episodes": [
                ep("A", "01/05/2023", "01/06/2023", rec="E2"),
                ep("A", "01/08/2023"),
                ep("B", "01/05/2023", "01/06/2023", rec="E2"),
            ]
        },
        ["A"],
    ),
    (
        "386",
        2024,
        {
            "header": [hd("A", "01/01/2005"), hd("B", "01/01/2010")],
            "episodes": [
                ep("A", "01/05/2023", "01/02/2024", rec="E11"),
                ep("B", "01/05/2023", "01/02/2024", rec="E11"),
            ],
        },
        ["A"],
    ),
    (
        "389",
        2024,
        {
            "header": [hd("A", "01/01/2010"), hd("B", "01/01/2007")],
            "episodes": [
                ep("A", "01/05/2023", "01/02/2024", rec="E7"),
                ep("B", "01/05/2023", "01/02/2024", rec="E7"),
            ],
        },
        ["A"],
    ),
    (
        "407",
        2024,
        {
            "header": [hd("A", "01/01/2005"), hd("B", "01/01/2010")],
            "episodes": [
                ep("A", "01/05/2023", "01/02/2024", rec="E45"),
                ep("B", "01/05/2023", "01/02/2024", rec="E45"),
            ],
        },
        ["A"],
    ),
    (
        "387",
        2024,
        {
            "header": [hd("A", "01/01/2012"), hd("B", "01/01/2007")],
            "episodes": [
                ep("A", "01/05/2023", "01/02/2024", rec="E5"),
                ep("B", "01/05/2023", "01/02/2024", rec="E5"),
            ],
        },
        ["A"],
    ),
    (
        "352",
        2024,
        {
            "header": [hd("A", "01/01/2005"), hd("B", "01/01/2010")],
            "episodes": [ep("A", "01/05/2023"), ep("B", "01/05/2023")],
        },
        ["A"],
    ),
    (
        "302",
        2024,
        {
            "header": [hd("A", "01/06/2023"), hd("B", "01/01/2023")],
            "episodes": [ep("A", "01/05/2023"), ep("B", "01/05/2023")],
        },
        ["A"],
    ),
    (
        "501",
        2024,
        {
            "episodes": [
                ep("A", "01/05/2023", "01/07/2023", rec="X1"),
                ep("A", "01/06/2023", rne="P"),
                ep("B", "01/05/2023", "01/07/2023", rec="X1"),
                ep("B", "01/07/2023", rne="P"),
            ]
        },
        ["A"],
    ),
]

CASES += [
    (
        "567",
        2024,
        {"missing": [mis("A", "10/05/2023", "01/05/2023"), mis("B", "01/05/2023", "10/05/2023")]},
        ["A"],
    ),
    ("570", 2024, {"missing": [mis("A", "01/04/2024"), mis("B", "31/03/2024")]}, ["A"]),
    (
        "571",
        2024,
        {
            "missing": [
                mis("A", "01/02/2023", "01/03/2023"),
                mis("B", "01/03/2024", "01/04/2024"),
                mis("C", "01/05/2023", "02/05/2023"),
            ]
        },
        ["A", "B"],
    ),
    (
        "574",
        2024,
        {
            "missing": [
                mis("A", "01/05/2023", "10/05/2023"),
                mis("A", "05/05/2023", "06/05/2023"),
                mis("B", "01/05/2023", "05/05/2023"),
                mis("B", "10/05/2023", "12/05/2023"),
                mis("C", "01/05/2023"),
                mis("C", "10/06/2023", "11/06/2023"),
            ]
        },
        ["A", "C"],
    ),
    (
        "577",
        2024,
        {
            "episodes": [ep("A", "01/05/2023", "01/02/2024", rec="E13"), ep("B", "01/05/2023")],
            "missing": [mis("A", "01/01/2024"), mis("B", "01/01/2024")],
        },
        ["A"],
    ),
    (
        "581",
        2024,
        {
            "episodes": [ep("A", "01/06/2023"), ep("B", "01/06/2023")],
            "missing": [mis("A", "01/05/2023", "02/05/2023"), mis("B", "01/07/2023", "02/07/2023")],
        },
        ["A"],
    ),
    (
        "586",
        2024,
        {
            "header": [hd("A", "01/06/2023"), hd("B", "01/01/2020")],
            "missing": [mis("A", "01/05/2023", "02/05/2023"), mis("B", "01/05/2023", "02/05/2023")],
        },
        ["A"],
    ),
    (
        "580",
        2024,
        {
            "episodes": [
                ep("A", "01/05/2023", "01/02/2024", rec="E13"),
                ep("B", "01/05/2023", "01/02/2024", rec="E8"),
                ep("C", "01/05/2023", "01/02/2024", rec="E13"),
            ],
            "missing": [
                mis("A", "01/01/2024"),
                mis("B", "01/01/2024"),
                mis("C", "01/01/2024", "05/01/2024"),
            ],
        },
        ["A"],
    ),
    ("333", 2024, {"ad1": [ad1("A", "01/03/2024"), ad1("B", "01/01/2024")]}, ["A"]),
    (
        "334",
        2024,
        {
            "episodes": [ep("A", "01/06/2023"), ep("B", "01/05/2023")],
            "ad1": [ad1("A", "01/05/2023"), ad1("B", "01/06/2023")],
        },
        ["A"],
    ),
    # a year's return may open on a move (RNE P) in a period that started
    # before the year: the latest period starts at the latest RNE S
    (
        "334",
        2024,
        {
            "episodes": [
                ep("A", "01/06/2023", rne="P"),
                ep("B", "01/03/2021"),
                ep("B", "01/05/2023", rne="P"),
            ],
            "ad1": [ad1("A", "01/05/2023"), ad1("B", "01/04/2023")],
        },
        [],
    ),
    (
        "551",
        2024,
        {
            "episodes": [
                ep("A", "01/05/2023", place="A4"),
                ep("B", "01/05/2023", place="A4"),
                ep("C", "01/05/2023"),
            ],
            "placed_for_adoption": [pfa("B", "01/04/2023")],
        },
        ["A"],
    ),
    (
        "523",
        2024,
        {
            "ad1": [ad1("A", "01/06/2023"), ad1("B", "01/06/2023"), ad1("C", "01/06/2023")],
            "placed_for_adoption": [pfa("A", "02/06/2023"), pfa("B", "01/06/2023")],
        },
        ["A"],
    ),
    (
        "602",
        2024,
        {
            "episodes": [
                ep("A", "01/05/2022", "01/02/2024", rec="E13"),
                ep("B", "01/05/2022", "01/02/2024", rec="E11"),
            ],
            "ad1": [ad1("A", "01/06/2023"), ad1("B", "01/06/2023")],
        },
        ["A"],
    ),
    (
        "601",
        2024,
        {
            "episodes": [
                ep("A", "01/05/2022", "01/02/2024", rec="E11"),
                ep("B", "01/05/2022", "01/02/2024", rec="E12"),
            ],
            "ad1": [ad1("B", "01/06/2023")],
        },
        ["A"],
    ),
    (
        "579",
        2024,
        {
            "placed_for_adoption": [
                pfa("A", "01/05/2023"),
                pfa("A", "01/07/2023"),
                pfa("B", "01/05/2023", "01/06/2023"),
                pfa("B", "01/07/2023"),
            ]
        },
        ["A"],
    ),
    (
        "190",
        2024,
        {
            "episodes": [*LONG_STAY, ep("C", "01/05/2023")],
            "oc2": [oc2("OK1"), oc2("C"), oc2("D", filled=False)],
        },
        ["C"],
    ),
    (
        "191",
        2024,
        {
            "episodes": [*LONG_STAY, ep("C", "01/05/2023")],
            "oc2": [oc2("OK1", filled=False), oc2("OK2"), oc2("C", filled=False)],
        },
        ["OK1"],
    ),
    (
        "187",
        2024,
        {
            "episodes": [*LONG_STAY, ep("C", "01/05/2020", "01/06/2022", rec="E13")],
            "oc3": [{"CHILD": "OK1", "IN_TOUCH": "YES"}, {"CHILD": "C", "IN_TOUCH": "YES"}],
        },
        ["OK1"],
    ),
    (
        "1007",
        2024,
        {
            # A: 17 on 01/06/2023, looked after that day; B: left care before turning 17;
            # C: looked after on the birthday but 20 at the year end (outside the 17-18 cohort)
            "header": [hd("A", "01/06/2006"), hd("B", "01/06/2006"), hd("C", "01/06/2003")],
            "episodes": [
                ep("A", "01/05/2020"),
                ep("B", "01/05/2020", "01/02/2023", rec="E13"),
                ep("C", "01/05/2020"),
            ],
            "oc3": [
                {"CHILD": "A", "IN_TOUCH": "YES"},
                {"CHILD": "B", "IN_TOUCH": "YES"},
                {"CHILD": "C", "IN_TOUCH": "YES"},
            ],
        },
        ["A"],
    ),
    (
        "P02",
        2024,
        {
            "episodes": [
                ep("A", "01/05/2023", "01/07/2023", rec="E13"),
                ep("B", "01/05/2023"),
                ep("C", "01/05/2023"),
            ],
            "reviews": [
                {"CHILD": "A", "REVIEW": "01/06/2023", "REVIEW_CODE": "PN1"},
                {"CHILD": "A", "REVIEW": "01/09/2023", "REVIEW_CODE": "PN1"},
                {"CHILD": "B", "REVIEW": "01/06/2023", "REVIEW_CODE": "PN1"},
                {"CHILD": "C", "REVIEW": "01/06/2030", "REVIEW_CODE": "PN1"},
                {"CHILD": "D", "REVIEW": "01/06/2023", "REVIEW_CODE": "PN1"},
            ],
        },
        ["A", "C", "D"],
    ),
    # a period of care whose last episode is still open runs to the year end,
    # even after an earlier episode of it closed with X1
    (
        "P02",
        2024,
        {
            "episodes": [
                ep("E", "01/05/2022", "01/06/2023", rec="X1"),
                ep("E", "01/06/2023", rne="P"),
            ],
            "reviews": [{"CHILD": "E", "REVIEW": "01/09/2023", "REVIEW_CODE": "PN1"}],
        },
        [],
    ),
    (
        "190",
        2024,
        {
            "episodes": [
                ep("E", "01/05/2021", "01/06/2023", rec="X1"),
                ep("E", "01/06/2023", rne="P"),
            ],
            "oc2": [oc2("E")],
        },
        [],
    ),
]
