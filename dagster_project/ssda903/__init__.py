"""Read the DfE SSDA903 return (children looked after) and check it with the DfE's rules.

A council's case-management system produces the 903 as eleven CSV tables or as
one XML file. This package turns either into the same normalised tables (one
pandas DataFrame per table, DfE column names, typed dates, the collection year
and the source position of every row attached), holds the code lists of each
collection year (`contract/ssda903_codes.yaml`) and runs the DfE validation
rules that protect the indicators, returning the failing rows.

The nightly pipeline lands, gates and keeps it (ingest/ssda903_drop.py,
assets/ssda903_assets.py); docs/ssda903.md says what comes next (dbt
staging adapters, annual measures).

Modules: `layout` (tables and columns), `collection_year`, `problems`,
`read_csv`, `read_xml`, `reader` (a folder of returns), `current_view`
(one row per record across cumulative years), `write` (tables back to CSV or
XML), `codes` (year-specific code lists), `rules/` (the DfE rules),
`raw_tables` (the `ssda903__<table>` raw-history tables).
"""
