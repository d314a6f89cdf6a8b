"""Gates: Great Expectations suites on the raw tables, and the recording-lag gate.

`build_suites` generates `expectations/*.json` from the contract, `runner`
validates a table's string frame and decides quarantine or rejection,
`lag` keeps each record type's recording-lag figures night by night and
warns when tonight's are abnormal against the LA's own baseline, and
`summary` turns a check result into what an alert needs.
"""
