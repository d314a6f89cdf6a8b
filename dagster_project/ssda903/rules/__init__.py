"""The DfE's SSDA903 validation rules that protect the indicators.

Each rule is a function over one collection year's normalised tables that
returns the failing rows of one table; `registry.Rule` holds its DfE number,
the columns it concerns, what it protects and whether a failing row is
unusable (quarantine) or a likely recording error (warning). Importing this
package registers every rule; `runner.run_rules` runs them.
"""

from dagster_project.ssda903.rules import (  # noqa: F401  (imported to register the rules)
    adoption_rules,
    age_rules,
    code_rules,
    cohort_rules,
    episode_rules,
    field_rules,
    missing_rules,
    review_rules,
)
