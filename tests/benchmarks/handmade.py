"""Hand-made DfE releases for the benchmark tests: five LAs (801-805) in one
region, two indicators of opposite polarity, two releases that overlap on
2022, and a 2025-layout statistical-neighbour file for LA 803."""

from __future__ import annotations

import csv
from pathlib import Path

EES_HEADER = [
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "la_name",
    "new_la_code",
    "cla_group",
    "placement_stability",
    "children_count",
    "children_percent",
]
STABILITY = (
    "Children looked after continuously for at least 2.5 years on 31 March aged under 16 years",
    "Living with the same carer for at least 2 years",
)  # lac_placement_stability_2yrs_pct, high is good
THREE_PLUS = ("CLA on 31 March", "With 3 or more placements during the year")
# lac_3plus_placements_pct, low is good

LAS = ["801", "802", "803", "804", "805"]
REGION = ("E12000003", "Yorkshire and The Humber")

# release file -> year -> indicator -> values for LAs 801..805 (strings as published)
RELEASES = {
    "la_cla_placement_stability.csv": {
        "2021": {
            STABILITY: ["10", "20", "40", "30", "50"],
            THREE_PLUS: ["10", "20", "40", "30", "50"],
        },
        "2022": {
            STABILITY: ["40", "20", "10", "30", "50"],
            THREE_PLUS: ["40", "20", "c", "30", "50"],
        },
    },
    # A later release restates 2022 (LA 803's 'c' becomes 15) and adds 2023.
    "la_cla_placement_stability_2023.csv": {
        "2022": {
            STABILITY: ["40", "20", "10", "30", "50"],
            THREE_PLUS: ["40", "20", "15", "30", "50"],
        },
        "2023": {
            STABILITY: ["10", "20", "25", "40", "50"],
            THREE_PLUS: ["10", "x", "50", "30", "40"],
        },
    },
}
NATIONAL = {STABILITY: "35", THREE_PLUS: "11"}
REGIONAL = {STABILITY: "33", THREE_PLUS: "12"}
# 836 (Poole) merged into 839 (BCP) in 2019: read as 839. 909 (Cumbria) split
# in 2023: its own value is used while it was published.
NEIGHBOURS_OF_803 = ["801", "802", "804", "805", "836", "909", "808", "809", "810", "811"]

HEALTH_FILE = "la_conviction_health_outcome_cla.csv"
HEALTH_HEADER = [
    *EES_HEADER[:10],
    "characteristic",
    "breakdown",
    "children_count",
    "children_percent",
]
IMMUNISATIONS = (
    "Health assessments: Children looked after all ages",
    "Had their immunisations up to date",
)
# lac_immunisations_up_to_date_pct (high) for 2021, by LA
IMMUNISATION_VALUES = {"801": "90", "802": "80", "803": "70", "839": "60", "909": "50"}


def _rows(years: dict) -> list[list[str]]:
    rows = []
    for year, indicators in years.items():
        for (group, stability), values in indicators.items():
            base = [year, "Reporting year"]
            country = ["E92000001", "England"]
            rows.append(
                [
                    *base,
                    "National",
                    *country,
                    "",
                    "",
                    "",
                    "",
                    "",
                    group,
                    stability,
                    "1",
                    NATIONAL[(group, stability)],
                ]
            )
            rows.append(
                [
                    *base,
                    "Regional",
                    *country,
                    *REGION,
                    "",
                    "",
                    "",
                    group,
                    stability,
                    "1",
                    REGIONAL[(group, stability)],
                ]
            )
            for la, value in zip(LAS, values, strict=True):
                rows.append(
                    [
                        *base,
                        "Local authority",
                        *country,
                        *REGION,
                        la,
                        f"LA {la}",
                        f"E0{la}",
                        group,
                        stability,
                        "1",
                        value,
                    ]
                )
    return rows


def write_handmade_releases(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, years in RELEASES.items():
        with (folder / name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(EES_HEADER)
            writer.writerows(_rows(years))
    with (folder / HEALTH_FILE).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEALTH_HEADER)
        base = ["2021", "Reporting year"]
        country = ["E92000001", "England"]
        writer.writerow(
            [*base, "National", *country, "", "", "", "", "", *IMMUNISATIONS, "1", "85"]
        )
        for la, value in IMMUNISATION_VALUES.items():
            writer.writerow(
                [
                    *base,
                    "Local authority",
                    *country,
                    *REGION,
                    la,
                    f"LA {la}",
                    f"E0{la}",
                    *IMMUNISATIONS,
                    "1",
                    value,
                ]
            )
    header = ["old_la_code", "la_name", "region_ind", "region_name"]
    for rank in range(1, 11):
        header += [f"SN_{rank}", f"SN_{rank}P"]
    row = ["803", "LA 803", "9", REGION[1]]
    for neighbour in NEIGHBOURS_OF_803:
        row += [neighbour, "Very close"]
    with (folder / "sn_model_2025_wide.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerow(row)
    return folder
