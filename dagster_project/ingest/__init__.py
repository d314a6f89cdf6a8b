"""Ingest: landing-zone drops into the raw history, one module per job.

`discovery` finds waiting drops, `reading` reads a table's file as strings,
`casting` types accepted rows, `writing` changes the raw history in one
transaction, and `pipeline.ingest_drop` runs them in order with the gates.
"""
