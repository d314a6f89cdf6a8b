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
outside its list or a date that does not parse quarantines the row; a missing
file or column, an empty or truncated file or a broken spreadsheet rejects the
source's whole drop. Columns marked PII identify a child: they never reach a
log line, an alert or the published marts.
"""


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
                "| column | type | mandatory | codes | PII | meaning |",
                "| --- | --- | --- | --- | --- | --- |",
            ]
            for c in table.columns:
                codes = f"`{c.codes}`" if c.codes else ""
                lines.append(
                    f"| `{c.name}` | {c.type} | {'yes' if c.mandatory else ''} | {codes} | "
                    f"{'yes' if c.pii else ''} | {c.description} |"
                )
            lines.append("")
    lines += ["## Code lists", ""]
    for name, codes in contract.code_lists.items():
        lines.append(f"- `{name}`: {', '.join(codes)}")
    lines += ["", "## Code groups used by the indicators", ""]
    for name, codes in contract.code_groups.items():
        lines.append(f"- `{name}`: {', '.join(codes)}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render(load_contract()))
