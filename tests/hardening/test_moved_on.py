"""A rejected drop does not hold up a newer good one: the corpus's `moved_on` cases in Dagster.

The ingest asset of the case's source runs in process after the good night,
with the damaged drop and a good drop of the day after both waiting. The
newer drop is accepted and the run goes on downstream in the same run; the
rejected drop is recorded, and its gate check fails as a warning, so the
run's own alerts (the same path as the sensors and `make run`) tell Slack of
the rejection exactly once: not again the next night.
"""

from __future__ import annotations

import dagster as dg
import pytest

from contract import load_contract
from dagster_project.alerts.run_sensors import tell_run_warnings
from dagster_project.assets.ingest_assets import build_ingest_asset, check_name, table_key
from dagster_project.raw_history import connect, latest_accepted_extract_dates
from dagster_project.resources import LacSettings, pipeline_resources
from tests.hardening.cases import CASES, HOSTILE_NEEDLES, NEWER, NEXT, Case
from tests.hardening.test_corpus import _land
from tests.ingest.drops import extract_statuses

MOVED_ON = [c for c in CASES if c.outcome == "moved_on"]


def _night(case: Case, settings: LacSettings, instance) -> dg.ExecuteInJobResult:
    source = load_contract().source(case.source)
    ran = []

    @dg.asset(deps=[table_key(source.tables[0])])
    def downstream() -> None:
        """Stands in for dbt staging: records that it ran."""
        ran.append(True)

    result = dg.materialize(
        [build_ingest_asset(source), downstream],
        instance=instance,
        raise_on_error=False,
        resources=pipeline_resources(settings),
    )
    assert result.success
    assert ran == [True], "the newer drop goes on downstream in the same run"
    return result


@pytest.mark.parametrize("case", MOVED_ON, ids=[c.id for c in MOVED_ON])
def test_a_newer_good_drop_is_taken_in_the_same_run_and_the_rejection_told_once(
    case: Case, primed, tmp_path, fake_slack
) -> None:
    con, landing = primed
    raw_db = tmp_path / "raw.duckdb"  # the fixture's copy of the good night
    con.close()  # the asset opens it itself
    _land(case, landing, tmp_path)
    settings = LacSettings(
        data_dir=str(tmp_path / "data"), landing_dir=str(landing), raw_db_path=str(raw_db)
    )
    alerter = fake_slack.alerter(channel="#lac")

    with dg.instance_for_test() as instance:
        first = _night(case, settings, instance)
        evaluations = first.get_asset_check_evaluations()
        failed = [e for e in evaluations if not e.passed]
        assert failed and all(e.severity == dg.AssetCheckSeverity.WARN for e in failed)
        names = {check_name(t) for t in load_contract().source(case.source).tables}
        assert {e.check_name for e in failed} <= names
        run = instance.get_run_by_id(first.run_id)
        tell_run_warnings(instance, run, alerter=alerter, settings=settings.settings)
        assert len(fake_slack.messages) == len(failed) == 1
        text = fake_slack.texts()[0]
        assert f"drop {NEXT} rejected" in text
        assert f"A newer drop ({NEWER}) was accepted in the same run" in text
        assert case.needles[-1] in text
        for needle in HOSTILE_NEEDLES:
            assert needle not in text

        # The next night nothing new waits: the rejection is not told again.
        second = _night(case, settings, instance)
        tell_run_warnings(
            instance,
            instance.get_run_by_id(second.run_id),
            alerter=alerter,
            settings=settings.settings,
        )
        assert len(fake_slack.messages) == 1

    with connect(raw_db) as check:
        assert extract_statuses(check, case.source, NEXT) == {"rejected"}
        assert extract_statuses(check, case.source, NEWER) == {"accepted"}
        assert latest_accepted_extract_dates(check)[case.source] == NEWER
