"""Dagster assets, one module per area: ingest, benchmarks, dbt, publish."""
