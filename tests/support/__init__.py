"""Test helpers shared across test packages (fake services, fixtures)."""
