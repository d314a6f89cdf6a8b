"""Render the contract as Markdown for the people who map their systems onto it.

    python -m contract.render > docs/data_contract.md

The YAML stays the single source; tests fail if the Markdown falls behind.
"""

from __future__ import annotations

import sys

from contract import Contract, load_contract

HEADER = """# The data contract

Generated from `contract/contract.yaml` by `python -m contract.render`; edit the
YAML, not this page. Each source drops one folder per night:
`<landing>/<source>/<YYYY-MM-DD>/<file>`. A mandatory column left blank, a code
outside its list or a date that does not parse is a finding, recorded in the
raw history's `_quarantine` table. The smallest thing is quarantined: in a
column that identifies the row (the key, the child's id) or that an indicator
needs (column "needed by") the whole row is dropped; in any other column only
that value is set to null and the row is kept. A missing file or column, an
empty or truncated file or a broken spreadsheet rejects the source's whole
drop. Columns marked PII identify a child: they never reach a log line, an
alert or the published marts.
"""


def _needs(column) -> str:
    """The "needed by" cell: what a rejected value in this column does."""
    parts = []
    if column.identifies:
        parts.append("identifies the row")
    if column.required_by:
        parts.append(", ".join(f"`{i}`" for i in column.required_by))
    if column.used_if_recorded_by:
        listed = ", ".join(f"`{i}`" for i in column.used_if_recorded_by)
        parts.append(f"if recorded: {listed}")
    return "; ".join(parts)


def render(contract: Contract) -> str:
    lines = [HEADER]
    for source in contract.sources:
        lines += [
            f"## `{source.name}`",
            "",
            " ".join(source.description.split()),
            "",
            f"Format {source.format.upper()}; dates `{source.date_format}`, "
            f"timestamps `{source.datetime_format}`; expected every "
            f"{source.cadence_days} day(s).",
            "",
        ]
        for table in source.tables:
            where = f"`{table.file}`"
            if table.sheet:
                where += f", sheet `{table.sheet}`, header on row {table.header_row}"
            lines += [
                f"### `{source.name}.{table.name}`: {where}",
                "",
                table.description,
                "",
                f"Key: {', '.join(f'`{k}`' for k in table.key)}",
                "",
                "| column | type | mandatory | codes | PII | needed by | meaning |",
                "| --- | --- | --- | --- | --- | --- | --- |",
            ]
            for c in table.columns:
                codes = f"`{c.codes}`" if c.codes else ""
                mandatory = "yes" if c.mandatory else "may be absent" if c.may_be_absent else ""
                lines.append(
                    f"| `{c.name}` | {c.type} | {mandatory} | {codes} | "
                    f"{'yes' if c.pii else ''} | {_needs(c)} | {c.description} |"
                )
            lines.append("")
    lines += ["## Code lists", ""]
    for name, codes in contract.code_lists.items():
        lines.append(f"- `{name}`: {', '.join(codes)}")
    lines += ["", "## Code groups used by the indicators", ""]
    for name, codes in contract.code_groups.items():
        lines.append(f"- `{name}`: {', '.join(codes)}")
    lines += [
        "",
        '## Indicator sets named in "needed by"',
        "",
        "A rejected value in a column needed by a set drops the row for every indicator in it.",
        "",
    ]
    for name, ids in contract.indicator_sets.items():
        lines.append(f"- `{name}`: {', '.join(f'`{i}`' for i in ids)}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render(load_contract()))
