"""Render the indicator catalogue as Markdown for the performance team.

    python -m dagster_project.catalogue_doc > docs/indicators.md

The dbt seeds stay the single source (indicators, indicator_targets,
indicators_not_computed); a test fails if the Markdown falls behind them.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict

from dagster_project.settings import REPO_ROOT

SEEDS = REPO_ROOT / "dbt" / "seeds"

HEADER = """# The indicator catalogue

Generated from `dbt/seeds/indicators.csv`, `indicator_targets.csv` and
`indicators_not_computed.csv` by `python -m dagster_project.catalogue_doc`;
edit the seeds, not this page. The same tables are published as
`marts.indicators`, `marts.indicator_targets` and `marts.indicators_not_computed`.

References are the table numbers in the 2022/23 (4.x), 2019 and 2017 (6.x-11.x)
papers. Units: count; percentage (100 x numerator / denominator); rate per
10,000 children aged 0-17; average days or cases (numerator / denominator).
Period types: `month` (as at the month end, or in the month), `fytd` (April to
the month end, counted from the records), `rolling_12_months`, `term` (the end
of the autumn, spring and summer terms). Targets: each paper's tolerances apply
to its own financial year and the latest paper's to every other year; the RAG
is judged on the latest month's value.
"""


def _read(name: str) -> list[dict[str, str]]:
    with (SEEDS / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _cell(text: str) -> str:
    return " ".join((text or "").split()).replace("|", "\\|")


def _references(row: dict[str, str]) -> str:
    papers = [("2022/23", row["ref_2022"]), ("2019", row["ref_2019"]), ("2017", row["ref_2017"])]
    found = [f"{ref} ({paper})" for paper, ref in papers if ref]
    return ", ".join(found) or "narrative only"


def _targets_by_indicator() -> dict[str, list[str]]:
    """Each paper's own tolerances, as the notes quote them (one line per paper)."""
    notes: dict[str, dict[str, str]] = defaultdict(dict)
    for row in _read("indicator_targets.csv"):
        # the shipped targets of every council, not one council's own (la_code set)
        if row["method"] != "none" and row["note"] and not row.get("la_code"):
            notes[row["indicator_id"]].setdefault(row["paper_financial_year"], row["note"])
    return {key: [notes[key][year] for year in sorted(notes[key])] for key in notes}


def _targets_text(notes: list[str]) -> str:
    return "; ".join(_cell(note) for note in notes) or "none (information, or none printed)"


def render() -> str:
    targets = _targets_by_indicator()
    lines = [HEADER, "## Computed indicators", ""]
    by_domain: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in _read("indicators.csv"):
        by_domain[row["domain"]].append(row)
    for domain in sorted(by_domain):
        lines += [f"### {domain.replace('_', ' ').capitalize()}", ""]
        for row in by_domain[domain]:
            lines += [
                f"#### `{row['indicator_id']}`: {_cell(row['title'])}",
                "",
                f"- **References:** {_references(row)}",
                f"- **Unit / good performance is:** {row['unit']} / {row['polarity']}",
                f"- **Timeline / period types:** {row['timeline']} / {row['period_types']}",
                f"- **Source:** {_cell(row['source'])}",
                f"- **Definition:** {_cell(row['definition'])}",
                f"- **Targets:** {_targets_text(targets.get(row['indicator_id'], []))}",
                "",
            ]
    lines += [
        "## Indicators of the papers' tables not computed",
        "",
        "| indicator | reference | why not |",
        "| --- | --- | --- |",
    ]
    for row in _read("indicators_not_computed.csv"):
        lines.append(
            f"| `{row['indicator_id']}`: {_cell(row['title'])} | {_cell(row['reference'])} "
            f"| {_cell(row['reason'])} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    sys.stdout.write(render())


if __name__ == "__main__":
    main()
