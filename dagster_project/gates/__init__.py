"""Gates: Great Expectations suites on the raw tables, and the recording-lag gate.

`build_suites` generates `expectations/*.json` from the contract and the
rules between fields in `cross_field`, `runner`
validates a table's string frame and reads back which rules failed,
`verdict` decides quarantine or rejection (rules failing most rows first),
`outcomes` and `incremental` keep each row's outcome so GX sees only new rows,
`table_rules` runs the key rules in DuckDB SQL,
and `lag` keeps each record type's recording-lag figures night by night
and warns when tonight's are abnormal against the LA's own baseline.
"""
