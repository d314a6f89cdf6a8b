"""A warning is told once, again when it changes or weekly: real runs, sensor, fake Slack."""

from __future__ import annotations

import datetime as dt
import json

import dagster as dg
import pytest

from dagster_project.alerts.in_process import report_in_process_run
from dagster_project.alerts.late_sources import local_today
from dagster_project.alerts.run_sensors import slack_on_check_warnings
from dagster_project.alerts.slack import SlackAlerter
from dagster_project.alerts.warning_memory import REMINDER_DAYS, memory_path
from dagster_project.resources import LacSettings
from tests.support.fake_slack import FakeSlack

# What tonight's checks find; each test sets it before a night runs.
TONIGHT: dict = {}


@dg.asset
def stg_social_care__episodes():
    return 1


@dg.asset_check(asset=stg_social_care__episodes)
def warn_episodes_overlap():
    rows = TONIGHT["overlaps"]
    return dg.AssetCheckResult(
        passed=rows == 0,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"dagster_dbt/failed_row_count": rows},
    )


@dg.asset
def health__assessments():
    return 1


@dg.asset_check(asset=health__assessments)
def recording_lag():
    abnormal = TONIGHT["lag_abnormal"]
    return dg.AssetCheckResult(
        passed=not abnormal,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "abnormal_record_types": dg.MetadataValue.json(abnormal),
            "record_types": dg.MetadataValue.json(
                {
                    name: {
                        "baseline_nights": 56,
                        # Tonight's figures move every night; only the types matter.
                        "tonight": {"n_recorded_7d": TONIGHT["recorded"]},
                        "baseline_median": {"n_recorded_7d": 12.0},
                    }
                    for name in abnormal
                }
            ),
        },
    )


NIGHTLY = dg.Definitions(
    assets=[stg_social_care__episodes, health__assessments],
    asset_checks=[warn_episodes_overlap, recording_lag],
).resolve_implicit_global_asset_job_def()


def _titles(fake_slack: FakeSlack) -> list[str]:
    return [m["text"].splitlines()[0] for m in fake_slack.messages]


def _text(fake_slack: FakeSlack, title_start: str, nth: int = -1) -> str:
    """The nth message (latest by default) whose title starts so."""
    return [m["text"] for m in fake_slack.messages if m["text"].startswith(title_start)][nth]


@pytest.fixture
def instance():
    with dg.instance_for_test() as instance:
        yield instance


@pytest.fixture
def night(instance, alerter: SlackAlerter, lac_settings: LacSettings):
    """Run the job on tonight's findings; the sensor evaluates it as the daemon would."""

    def _night(overlaps: int, lag_abnormal: list[str], recorded: int = 0) -> dg.DagsterRun:
        TONIGHT.update(overlaps=overlaps, lag_abnormal=lag_abnormal, recorded=recorded)
        result = NIGHTLY.execute_in_process(instance=instance)
        assert result.success
        slack_on_check_warnings(
            dg.build_run_status_sensor_context(
                sensor_name="slack_on_check_warnings",
                dagster_instance=instance,
                dagster_run=result.dagster_run,
                dagster_event=result.get_run_success_event(),
                resources={"slack_alerter": alerter, "lac_settings": lac_settings},
            )
        )
        return result.dagster_run

    return _night


def test_the_same_warnings_every_night_are_told_once(night, fake_slack: FakeSlack) -> None:
    night(18, ["dental_checks"], recorded=0)
    assert sorted(_titles(fake_slack)) == [
        "Check failed: warn_episodes_overlap on stg_social_care__episodes",
        "Recording lag abnormal: dental checks",
    ]
    assert "Rows failing: 18" in _text(fake_slack, "Check failed")
    night(18, ["dental_checks"], recorded=2)  # lag figures moved, the finding did not
    night(18, ["dental_checks"], recorded=1)
    assert len(fake_slack.messages) == 2


def test_a_warning_that_changes_is_told_again(night, fake_slack: FakeSlack) -> None:
    night(18, ["dental_checks"])
    night(25, ["dental_checks"])
    assert len(fake_slack.messages) == 3
    assert "Rows failing: 25" in fake_slack.messages[2]["text"]  # only the one that changed
    night(25, ["dental_checks", "visits"])
    assert _titles(fake_slack)[3] == "Recording lag abnormal: dental checks, visits"
    assert len(fake_slack.messages) == 4


def test_a_warning_that_cleared_and_returned_is_news(night, fake_slack: FakeSlack) -> None:
    night(18, [])
    night(0, [])  # the overlaps were corrected: the check passes
    assert len(fake_slack.messages) == 1
    night(18, [])
    assert len(fake_slack.messages) == 2


def test_an_unchanged_warning_is_listed_in_a_weekly_reminder(
    night, instance, fake_slack: FakeSlack, lac_settings: LacSettings
) -> None:
    night(18, ["dental_checks"])
    path = memory_path(instance)
    told = json.loads(path.read_text())
    today = local_today(lac_settings.settings.timezone)
    first = today - dt.timedelta(days=REMINDER_DAYS + 3)
    for entry in told.values():
        entry["first_told"] = first.isoformat()
        entry["last_told"] = (today - dt.timedelta(days=REMINDER_DAYS)).isoformat()
    path.write_text(json.dumps(told))

    night(18, ["dental_checks"])
    assert len(fake_slack.messages) == 3
    reminder = fake_slack.messages[2]["text"]
    assert reminder.startswith("Warnings still open: 2 unchanged (weekly reminder)")
    assert (
        f"warn_episodes_overlap on stg_social_care__episodes: unchanged since {first.isoformat()}"
    ) in reminder
    assert f"recording_lag on health__assessments: unchanged since {first}" in reminder
    night(18, ["dental_checks"])  # reminded today: quiet for another week
    assert len(fake_slack.messages) == 3


def test_make_run_shares_the_memory_with_the_sensor(
    night, instance, alerter: SlackAlerter, fake_slack: FakeSlack, lac_settings: LacSettings
) -> None:
    night(18, ["dental_checks"])  # told by the sensor
    TONIGHT.update(overlaps=18, lag_abnormal=["dental_checks"], recorded=0)
    result = NIGHTLY.execute_in_process(instance=instance)
    sent = report_in_process_run(
        instance, result.run_id, alerter=alerter, settings=lac_settings.settings
    )
    assert sent == 0 and len(fake_slack.messages) == 2
    TONIGHT.update(overlaps=40)
    result = NIGHTLY.execute_in_process(instance=instance)
    sent = report_in_process_run(
        instance, result.run_id, alerter=alerter, settings=lac_settings.settings
    )
    assert sent == 1
    assert "Rows failing: 40" in fake_slack.messages[2]["text"]  # the changed one only


def test_a_warning_slack_refused_is_tried_again_the_next_night(
    night, fake_slack: FakeSlack
) -> None:
    fake_slack.mode = "api_error"
    night(18, [])
    assert fake_slack.messages == []  # refused: not delivered, so not remembered
    fake_slack.mode = "ok"
    night(18, [])
    assert _titles(fake_slack) == [
        "Check failed: warn_episodes_overlap on stg_social_care__episodes"
    ]


def test_a_nightly_summary_is_sent_when_it_is_news_or_weekly():
    """The data-quality and reconciliation summaries: same counts, no repeat until a week on."""
    from dagster_project.alerts.warning_memory import tell_summary

    sent: list[str] = []

    def night(day: int, substance: str | None, delivered: bool = True) -> bool:
        def send() -> bool:
            sent.append(f"day {day}: {substance}")
            return delivered

        return tell_summary(instance, "summary", substance, dt.date(2026, 11, day), send)

    with dg.instance_for_test() as instance:
        assert night(1, "3 rows")  # news
        assert not night(2, "3 rows")  # the same counts: not repeated
        assert not night(3, "4 rows", delivered=False)  # news, but Slack refused it
        assert night(4, "4 rows")  # so it is tried again
        assert not night(4 + REMINDER_DAYS - 1, "4 rows")
        assert night(4 + REMINDER_DAYS, "4 rows")  # the weekly reminder
        assert not night(12, None)  # nothing to report: forgotten
        assert night(13, "4 rows")  # so its return is news
    assert sent == [
        "day 1: 3 rows",
        "day 3: 4 rows",
        "day 4: 4 rows",
        f"day {4 + REMINDER_DAYS}: 4 rows",
        "day 13: 4 rows",
    ]
