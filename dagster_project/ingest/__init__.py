"""Ingest: landing-zone drops into the raw history, one module per job.

`discovery` finds waiting (and re-delivered) drops, `landing` reports what
the landing zone holds that ingest does not read, `reading` (CSV) and `xlsx`
read a table's file as strings, a CSV in chunks (`header` checks its header,
`untrusted` says names from the file by place only), `held_reads` keeps a
drop's text frames between steps up to a budget, `volume` compares each table with the
previous accepted extract, `casting` types accepted rows (`cast_guard`
locates a value that will not type), `kept` applies the gate's verdict,
`staging` holds the typed rows in a DuckDB file until the drop is decided,
`writing` changes the raw history in one transaction, `pipeline.ingest_drop`
runs them in order with the gates, and `nightly.ingest_waiting` runs every
waiting drop of a source so that a bad one never freezes later nights.
"""
