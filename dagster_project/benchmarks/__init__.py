"""DfE published statistics, loaded as benchmarks for the council's own figures.

What belongs here: reading the DfE Explore Education Statistics (EES) open-data
CSVs and the DfE children's services statistical-neighbour model from the folder
a user drops releases into (settings.dfe_dir), checking their layout, parsing
suppression codes, and storing them in the raw history as `dfe__*` tables. The
comparators themselves (national, regional, statistical-neighbour average and
best, top quartile, quartile band) are computed in dbt
(models/marts/benchmarks), so that BI can trace every figure to a release file.

Modules:
- `suppression`: EES value cells -> (number, suppression code);
- `ees_layout`: the expected column layout of each known DfE file, and the
  error raised when a file does not match;
- `ees_reader`: one EES file -> tidy long rows (one per published value);
- `sn_model`: the 2021 and 2025 statistical-neighbour files -> long rows;
- `la_codes`: LA code changes (mergers and splits) the benchmarks must know;
- `store`: the `dfe__*` tables, `ensure_schema`, and loading a folder of
  releases, one transaction per file.
"""
