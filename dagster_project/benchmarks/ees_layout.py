"""The expected layout of each DfE file, and the error for a file that breaks it.

A release is recognised by its file name (the DfE keeps the EES file stem from
year to year, e.g. `la_cla_placement_stability.csv`; a dropped file may add a
suffix such as `_2026`), then its header is checked against the layout below.
Checking by name first and columns second means a renamed or re-shaped column
is reported as exactly that, instead of the file being silently skipped.

EES standard columns: `time_period, time_identifier, geographic_level,
country_code, country_name` then, for LA-level files, `region_code,
region_name, old_la_code, la_name, new_la_code`; then the dataset's breakdown
(filter) columns and its value (indicator) columns. Column order is not
checked (the ONS population file puts new_la_code before la_name); names are.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

TIME_COLUMNS = ("time_period", "time_identifier")
NATIONAL_COLUMNS = ("geographic_level", "country_code", "country_name")
LA_COLUMNS = ("region_code", "region_name", "old_la_code", "la_name", "new_la_code")


class MalformedReleaseError(ValueError):
    """A DfE file that cannot be loaded as it stands. Nothing is written."""

    def __init__(self, file_name: str, reason: str, missing=(), unexpected=()):
        self.file_name = file_name
        self.missing = tuple(missing)
        self.unexpected = tuple(unexpected)
        detail = [reason]
        if self.missing:
            detail.append(f"missing columns: {', '.join(self.missing)}")
        if self.unexpected:
            detail.append(f"unexpected columns: {', '.join(self.unexpected)}")
        super().__init__(f"{file_name}: " + "; ".join(detail))


@dataclass(frozen=True)
class EesDataset:
    """One DfE open-data file family."""

    dataset: str  # our short name, used in dfe__values and the indicator map
    file_stem: str  # the DfE's file name stem
    breakdown_columns: tuple[str, ...]
    value_columns: tuple[str, ...]
    la_level: bool = True  # False: national-only file, no region / LA columns

    @property
    def expected_columns(self) -> tuple[str, ...]:
        geo = NATIONAL_COLUMNS + (LA_COLUMNS if self.la_level else ())
        return TIME_COLUMNS + geo + self.breakdown_columns + self.value_columns


DATASETS: tuple[EesDataset, ...] = (
    EesDataset(
        "cla_number_and_rate",
        "cla_number_and_rate_per_10k_children",
        ("population_type",),
        ("population_estimate", "children_count", "rate_per_10000"),
    ),
    EesDataset(
        "cla_placement_stability",
        "la_cla_placement_stability",
        ("cla_group", "placement_stability"),
        ("children_count", "children_percent"),
    ),
    EesDataset(
        "cla_health_outcomes",
        "la_conviction_health_outcome_cla",
        ("characteristic", "breakdown"),
        ("children_count", "children_percent"),
    ),
    EesDataset(
        "care_leavers_accommodation",
        "la_care_leavers_accommodation_suitability",
        ("care_leaver_age", "breakdown"),
        ("care_leaver_count", "care_leaver_percent"),
    ),
    EesDataset(
        "care_leavers_activity",
        "la_care_leavers_activity",
        ("care_leaver_age", "breakdown"),
        ("care_leaver_count", "care_leaver_percent"),
    ),
    EesDataset(
        "adoption_stage_times",
        "national_cla_adopted_average_time_between_adoption_process_stages",
        ("cla_group", "stage_of_adoption_process", "age_start_poc"),
        ("number",),
        la_level=False,
    ),
    EesDataset(
        "ons_population",
        "ons_mid-year_population_estimates",
        ("age_group",),
        ("population_estimate",),
    ),
)

# Statistical-neighbour model files: not EES layout; see sn_model.
SN_MODEL_STEMS = ("new_statistical_neighbour_groupings", "sn_model_")


def _normalise(name: str) -> str:
    return name.strip().lstrip("\ufeff").strip()


def dataset_for(path: Path) -> EesDataset | None:
    """The dataset a file belongs to, by name; None if not a known EES file."""
    stem = path.stem.lower()
    # Longest stem first, so a longer DfE stem is never shadowed by a prefix.
    for spec in sorted(DATASETS, key=lambda d: -len(d.file_stem)):
        if stem.startswith(spec.file_stem.lower()):
            return spec
    return None


def is_sn_model_file(path: Path) -> bool:
    stem = path.stem.lower()
    return any(stem.startswith(s) for s in SN_MODEL_STEMS)


def check_header(file_name: str, header: list[str], spec: EesDataset) -> list[str]:
    """Return the normalised header, or raise naming missing/unexpected columns."""
    columns = [_normalise(c) for c in header]
    if len(set(columns)) != len(columns):
        dupes = sorted({c for c in columns if columns.count(c) > 1})
        raise MalformedReleaseError(
            file_name, f"not the EES layout of {spec.file_stem}: duplicate columns {dupes}"
        )
    expected = spec.expected_columns
    missing = [c for c in expected if c not in columns]
    unexpected = [c for c in columns if c not in expected]
    if missing or unexpected:
        raise MalformedReleaseError(
            file_name,
            f"not the EES layout of {spec.file_stem}",
            missing=missing,
            unexpected=unexpected,
        )
    return columns
