"""Gates: Great Expectations suites on the raw tables, and the recording-lag gate.

`build_suites` generates `expectations/*.json` from the contract, `runner`
validates a table's string frame and decides quarantine or rejection,
`lag_gate` compares the health team's register with the case system, and
`summary` turns a check result into what an alert needs.
"""
