"""The council registry of a multi-LA run: `<out>/councils.csv`.

One row per simulated council: its code, a name that says it is simulated,
and the real LA it is benchmarked as (`benchmark_la_code`): the warehouse
compares each council with that LA's DfE figures and statistical neighbours,
as it compares the default simulated LA 999 with Rotherham (372). The codes
come from the DfE statistical-neighbour file the project ships, and only LAs
that still exist in the 2025 model (so every benchmark LA has current
neighbours). Deterministic per council code: council 800, the first of
`--las N`, is benchmarked as 372, council 801 as the next LA in code order,
and so on round the list.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

DFE_DIR = Path(__file__).resolve().parents[1] / "reference_data" / "dfe"
SN_2021 = DFE_DIR / "New_Statistical_Neighbour_Groupings_April_2021.csv"
SN_2025 = DFE_DIR / "sn_model_2025_wide.csv"
# The default simulated LA is benchmarked as Rotherham (settings
# DEFAULT_BENCHMARK_LA_CODE); the first council of a multi-LA run is too.
FIRST_BENCHMARK_LA_CODE = "372"
FIRST_COUNCIL_CODE = 800
COLUMNS = ("la_code", "name", "benchmark_la_code")


def _first_column(path: Path) -> set[str]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = csv.reader(f)
        next(rows)
        return {row[0].strip() for row in rows if row and row[0].strip().isdigit()}


def benchmark_la_codes() -> list[str]:
    """Real LA codes in the shipped 2021 neighbour file and in the 2025 model, in code order."""
    return sorted(_first_column(SN_2021) & _first_column(SN_2025), key=int)


def benchmark_la_for(la_code: str, codes: list[str]) -> str:
    """The real LA a simulated council is benchmarked as: 800 -> 372, then on in code order."""
    start = codes.index(FIRST_BENCHMARK_LA_CODE)
    return codes[(start + int(la_code) - FIRST_COUNCIL_CODE) % len(codes)]


def council_rows(la_codes: Iterable[str]) -> list[dict[str, str]]:
    codes = benchmark_la_codes()
    return [
        {
            "la_code": code,
            "name": f"Simulated council {code}",
            "benchmark_la_code": benchmark_la_for(code, codes),
        }
        for code in la_codes
    ]


def write_councils_csv(out: Path, la_codes: Iterable[str]) -> Path:
    """Write `<out>/councils.csv` (la_code, name, benchmark_la_code)."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / "councils.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(council_rows(la_codes))
    return path
