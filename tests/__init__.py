"""The test suite; a package so that tests/dbt does not shadow the dbt module."""
