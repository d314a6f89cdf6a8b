"""The landing zone's warning check and a no-change night, in Dagster.

Night 1: a good social care drop beside a misnamed folder; the run succeeds,
the social care landing check warns (naming the folder by its shape only),
the other sources' landing checks pass. Night 2: a byte-identical copy of
night 1; the run succeeds, the ingest check says there was no new drop, and
the log says why.
"""

from __future__ import annotations

import datetime as dt

import dagster as dg

from contract import load_contract
from dagster_project.assets.ingest_assets import build_ingest_assets, check_name
from dagster_project.assets.landing_checks import LANDING_CHECKS
from tests.ingest.drops import EXTRACT_DATE, write_drop
from tests.ingest.test_ingest_assets import INSTANCE, _resources, env  # noqa: F401 - the fixture

N = 10


def _materialize(root):
    return dg.materialize(
        [*build_ingest_assets(), *LANDING_CHECKS],
        instance=INSTANCE,
        resources=_resources(root),
        raise_on_error=False,
    )


def _logs(result) -> str:
    return "\n".join(entry.user_message for entry in INSTANCE.all_logs(result.run_id))


def test_landing_warnings_and_a_no_change_night(env):  # noqa: F811 - the fixture
    landing = env / "landing"
    write_drop(landing, "social_care", EXTRACT_DATE, n=N)
    (landing / "social_care" / "31-10-2026 Jayden").mkdir()

    night_1 = _materialize(env)
    assert night_1.success
    checks = {e.check_name: e for e in night_1.get_asset_check_evaluations()}
    landing_check = checks["landing_zone_social_care"]
    assert not landing_check.passed
    assert landing_check.severity == dg.AssetCheckSeverity.WARN
    assert landing_check.metadata["findings"].value == [
        "social_care: a folder whose name is not a YYYY-MM-DD date (1 of 1) is not a drop "
        "and was not read"
    ]
    assert all(checks[f"landing_zone_{s}"].passed for s in ("health", "fostering", "population"))
    assert "Jayden" not in _logs(night_1)
    assert "a folder whose name is not a YYYY-MM-DD date (1 of 1)" in _logs(night_1)

    copy = landing / "social_care" / (EXTRACT_DATE + dt.timedelta(days=1)).isoformat()
    copy.mkdir()
    for path in (landing / "social_care" / EXTRACT_DATE.isoformat()).iterdir():
        (copy / path.name).write_bytes(path.read_bytes())

    night_2 = _materialize(env)
    assert night_2.success
    checks = {e.check_name: e for e in night_2.get_asset_check_evaluations()}
    episodes = checks[check_name(load_contract().source("social_care").table("episodes"))]
    assert episodes.passed and episodes.metadata["status"].value == "no new drop"
    assert episodes.metadata["latest_accepted_extract"].value == EXTRACT_DATE.isoformat()
    assert f"byte-identical to the accepted extract of {EXTRACT_DATE}" in _logs(night_2)


def test_make_run_names_the_landing_check_plainly():
    from dagster_project.console import step_label

    label = step_label("raw__social_care__header_landing_zone_social_care")
    assert label == "Landing zone check social care"
