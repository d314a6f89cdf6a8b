"""The run-status sensors: a real failed (or warned) run, evaluated, reaches the fake Slack."""

from __future__ import annotations

import dagster as dg

from dagster_project.alerts.run_sensors import slack_on_check_warnings, slack_on_run_failure
from dagster_project.alerts.sensors import ALL_SENSORS
from dagster_project.alerts.slack import SlackAlerter
from dagster_project.resources import LacSettings
from tests.support import pii
from tests.support.fake_slack import FakeSlack
from tests.support.sensors import run_failure_context

UI = "http://dagster.test:3000"  # the conftest's lac_settings


@dg.op
def load_header():
    # The kind of error pandas raises, quoting the offending value.
    raise ValueError(f"time data '14/03/2015' does not match format; {pii.pii_sentence()}")


@dg.op
def fine():
    return 1


@dg.job
def failing_job():
    fine()
    load_header()


def test_failed_op_run_alerts_step_reason_and_link(
    alerter: SlackAlerter, fake_slack: FakeSlack, lac_settings: LacSettings
) -> None:
    with dg.instance_for_test() as instance:
        result = failing_job.execute_in_process(instance=instance, raise_on_error=False)
        assert not result.success
        outcome = slack_on_run_failure(run_failure_context(result, instance, alerter, lac_settings))
    run_id = result.dagster_run.run_id
    assert isinstance(outcome, dg.SkipReason)
    assert len(fake_slack.messages) == 1
    text = fake_slack.messages[0]["text"]
    assert "Run failed: failing_job" in text
    assert "Step failed: load_header" in text
    assert "fine" not in text.split("Step failed:")[1]  # only the failed step
    assert "ValueError: time data &lt;value&gt; does not match format" in text  # escaped
    assert f"{UI}/runs/{run_id}" in text
    assert pii.leaked(fake_slack.texts()[0]) == []


@dg.asset
def social_care__header():
    return 1


@dg.asset_check(asset=social_care__header, blocking=True)
def gx_social_care__header():
    return dg.AssetCheckResult(
        passed=False,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            "source": "social_care",
            "table": "header",
            "file": "header.csv",
            "failed_rules": dg.MetadataValue.json(
                [{"rule": "expect_column_values_to_not_be_null", "column": "DOB", "rows": 7}]
            ),
            "rows_quarantined": 7,
            "rows_read": 480,
        },
    )


@dg.asset(deps=[social_care__header])
def stg_social_care__header():
    return 1


@dg.asset
def health__assessments():
    return 1


@dg.asset_check(asset=health__assessments)
def recording_lag():
    return dg.AssetCheckResult(
        passed=False,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "abnormal_record_types": dg.MetadataValue.json(["dental_checks"]),
            "record_types": dg.MetadataValue.json(
                {
                    "dental_checks": {
                        "baseline_nights": 56,
                        "tonight": {"n_recorded_7d": 0},
                        "baseline_median": {"n_recorded_7d": 12.0},
                    }
                }
            ),
        },
    )


def test_blocking_gate_failure_alerts_run_and_gate(
    alerter: SlackAlerter, fake_slack: FakeSlack, lac_settings: LacSettings
) -> None:
    defs = dg.Definitions(
        assets=[social_care__header, stg_social_care__header],
        asset_checks=[gx_social_care__header],
    )
    job = defs.resolve_implicit_global_asset_job_def()
    with dg.instance_for_test() as instance:
        result = job.execute_in_process(instance=instance, raise_on_error=False)
        assert not result.success  # a failed blocking check fails the run
        slack_on_run_failure(run_failure_context(result, instance, alerter, lac_settings))
    kinds = [m["text"].splitlines()[0] for m in fake_slack.messages]
    assert kinds[0].startswith("Run failed:")
    assert "Gate failed: social_care.header blocked" in kinds
    gate = fake_slack.messages[kinds.index("Gate failed: social_care.header blocked")]["text"]
    assert "expect_column_values_to_not_be_null on DOB: 7 rows" in gate
    assert "7 of 480 read" in gate
    assert f"/runs/{result.dagster_run.run_id}" in gate


def test_warning_check_on_a_successful_run_alerts_once(
    alerter: SlackAlerter, fake_slack: FakeSlack, lac_settings: LacSettings
) -> None:
    defs = dg.Definitions(assets=[health__assessments], asset_checks=[recording_lag])
    job = defs.resolve_implicit_global_asset_job_def()
    with dg.instance_for_test() as instance:
        result = job.execute_in_process(instance=instance)
        assert result.success
        context = dg.build_run_status_sensor_context(
            sensor_name="slack_on_check_warnings",
            dagster_instance=instance,
            dagster_run=result.dagster_run,
            dagster_event=result.get_run_success_event(),
            resources={"slack_alerter": alerter, "lac_settings": lac_settings},
        )
        slack_on_check_warnings(context)
    assert len(fake_slack.messages) == 1
    text = fake_slack.messages[0]["text"]
    assert text.startswith("Recording lag abnormal: dental checks")
    assert "recorded in the last 7 days: 0 (usually 12)" in text
    assert f"/runs/{result.dagster_run.run_id}" in text


def test_sensors_load_in_definitions_with_the_alerter_resource() -> None:
    defs = dg.Definitions(
        sensors=ALL_SENSORS,
        resources={
            "slack_alerter": SlackAlerter.from_settings(),
            "lac_settings": LacSettings.from_environment(),
        },
    )
    repo = defs.get_repository_def()
    names = {s.name for s in repo.sensor_defs}
    assert names == {
        "slack_on_run_failure",
        "slack_on_check_warnings",
        "slack_on_dead_runs",
        "late_source_sensor",
        "slack_on_indicators_turned_red",
    }
    for sensor in repo.sensor_defs:
        assert sensor.default_status == dg.DefaultSensorStatus.RUNNING
        assert {"slack_alerter", "lac_settings"} <= sensor.required_resource_keys
