"""Alert messages: pure functions from facts to a Slack message, one module per subject.

- `format`: the `AlertMessage` shape, links, and the formatters every builder
  shares (`plain` unwraps a Dagster metadata value, the one way to do so);
- `runs`: a run failed, or died without saying so;
- `gates`: a blocking gate rejected an extract;
- `lag`: the recording-lag check found a record type abnormal;
- `checks`: any other failed check (dbt tests, the reconciliation gap), and
  the weekly reminder of warnings still open;
- `sources`: a source is late;
- `indicators`: an indicator turned Red;
- `data_quality`: the nightly data-quality summary.

Nothing here sends anything or reads settings, so the builders can be tested
and reused (from sensors, or from inside an asset) without Dagster running.
Every string that did not come from our own code (error text, rule names,
file names, a rejection reason) goes through `redaction.scrub`.
"""

from dagster_project.alerts.messages.checks import (
    check_failure_message,
    warnings_reminder_message,
)
from dagster_project.alerts.messages.data_quality import data_quality_message
from dagster_project.alerts.messages.format import (
    AlertMessage,
    for_council,
    run_url,
    with_report_link,
)
from dagster_project.alerts.messages.gates import gate_failure_message
from dagster_project.alerts.messages.indicators import indicator_red_message
from dagster_project.alerts.messages.lag import lag_warning_message
from dagster_project.alerts.messages.runs import run_died_message, run_failure_message
from dagster_project.alerts.messages.sources import late_source_message

__all__ = [
    "AlertMessage",
    "check_failure_message",
    "data_quality_message",
    "for_council",
    "gate_failure_message",
    "indicator_red_message",
    "lag_warning_message",
    "late_source_message",
    "run_died_message",
    "run_failure_message",
    "run_url",
    "warnings_reminder_message",
    "with_report_link",
]
