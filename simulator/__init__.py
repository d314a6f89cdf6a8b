"""A simulated local authority's children-in-care services.

Writes realistic nightly source extracts (social care CSVs, the health team's
register, the fostering tracker, Virtual School CSVs, population estimates)
with recording lag and known defects, plus a truth manifest. It shares
nothing with the pipeline but the data contract (contract/contract.yaml).
Run `python -m simulator --help`; see docs/simulator.md.
"""
