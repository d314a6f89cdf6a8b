"""Every alert sensor of the code location, grouped by what it watches.

- runs finishing (run_sensors.py): `slack_on_run_failure`,
  `slack_on_check_warnings`; runs that died without finishing
  (dead_run_sensor.py): `slack_on_dead_runs`;
- the sources' deliveries (late_source_sensor.py): `late_source_sensor`;
- the published figures (red_indicator_sensor.py): `slack_on_indicators_turned_red`.

Each sends through the `slack_alerter` resource and reads its settings from
the `lac_settings` resource; `ALL_SENSORS` is what definitions.py includes.
"""

from __future__ import annotations

from collections.abc import Sequence

import dagster as dg

from dagster_project.alerts.dead_run_sensor import slack_on_dead_runs
from dagster_project.alerts.late_source_sensor import late_source_sensor
from dagster_project.alerts.red_indicator_sensor import slack_on_indicators_turned_red
from dagster_project.alerts.run_sensors import slack_on_check_warnings, slack_on_run_failure

ALL_SENSORS: Sequence[dg.SensorDefinition] = [
    slack_on_run_failure,
    slack_on_check_warnings,
    slack_on_dead_runs,
    late_source_sensor,
    slack_on_indicators_turned_red,
]
