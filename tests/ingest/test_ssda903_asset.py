"""The SSDA903 ingest asset in Dagster: the DfE-rules gate blocks, findings stay restricted.

One in-process materialisation per scenario on a temporary landing zone that
holds only a 903 drop: an accepted return (the check passes, the child-level
findings go to the restricted folder only, the metadata carries rule numbers
and counts), a damaged return (the blocking check fails, nothing downstream
runs) and a night with no 903 at all (passes: a council may never send one).
"""

from __future__ import annotations

import dagster as dg
import pandas as pd
import pytest

from dagster_project.assets.ssda903_assets import CHECK_NAME, RESTRICTED_LIST, ingest_ssda903
from dagster_project.resources import LacSettings, pipeline_resources
from tests.ingest.test_ssda903_drop import EXTRACT, clean_rows, land
from tests.ssda903.rule_cases import ep, hd

HEADER = dg.AssetKey(["raw", "ssda903", "header"])
ran: list[str] = []


@dg.asset(deps=[dg.AssetKey(["raw", "ssda903", "episodes"])])
def downstream_of_903_episodes() -> None:
    """Stands in for the dbt 903 staging: records that it ran."""
    ran.append("downstream")


@pytest.fixture
def root(tmp_path):
    ran.clear()
    (tmp_path / "landing").mkdir()
    return tmp_path


def _materialize(root):
    resources = pipeline_resources(
        LacSettings(
            data_dir=str(root / "data"),
            landing_dir=str(root / "landing"),
            raw_db_path=str(root / "raw.duckdb"),
            restricted_dir=str(root / "restricted"),
        )
    )
    return dg.materialize(
        [ingest_ssda903, downstream_of_903_episodes],
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
        resources=resources,
    )


def _check(result) -> dg.AssetCheckEvaluation:
    (evaluation,) = result.get_asset_check_evaluations()
    assert evaluation.check_name == CHECK_NAME and evaluation.asset_key == HEADER
    return evaluation


def test_an_accepted_return_passes_and_its_findings_go_only_to_the_restricted_folder(root):
    rows = clean_rows()
    rows["header"][0]["SEX"] = "M"  # 101, a warning: passes
    rows["header"].append(hd("BADLS"))
    rows["episodes"].append(ep("BADLS", "01/05/2023", ls="C9"))  # 144: row dropped
    land(root / "landing", rows, "csv")
    result = _materialize(root)
    assert result.success and ran == ["downstream"]
    evaluation = _check(result)
    assert evaluation.passed
    failed = evaluation.metadata["failed_rules"].value
    by_rule = {r["rule"]: (r["severity"], r["rows"]) for r in failed}
    assert by_rule["101"] == ("warning", 1) and by_rule["144"] == ("quarantine", 1)
    assert evaluation.metadata["tables"].value["episodes"]["rows_dropped"] == 1
    listed = pd.read_csv(root / "restricted" / EXTRACT.isoformat() / f"{RESTRICTED_LIST}.csv")
    assert {"BADLS", "C000"} <= set(listed["child_id"])
    assert (root / "restricted" / "latest" / f"{RESTRICTED_LIST}.csv").is_file()
    # nothing child-level in what Dagster records (metadata, logs)
    events = " ".join(str(e) for e in result.all_events)
    assert "BADLS" not in events and "C000" not in events


def test_a_damaged_return_fails_the_blocking_check_and_blocks_downstream(root):
    folder = land(root / "landing", clean_rows(), "xml")
    (folder / "return.xml").write_text("<EXPSSDA903><CHILD>")  # not well-formed
    result = _materialize(root)
    assert not result.success and ran == []
    evaluation = _check(result)
    assert not evaluation.passed
    assert "cannot be read" in evaluation.metadata["reason"].value
    assert not (root / "restricted").exists()


def test_a_council_that_never_sends_a_903_passes_with_no_new_drop(root):
    result = _materialize(root)
    assert result.success and ran == ["downstream"]
    evaluation = _check(result)
    assert evaluation.passed and evaluation.metadata["status"].value == "no new drop"


def test_a_return_rejected_by_its_rules_lists_what_to_correct(root):
    rows = clean_rows()
    for i in range(5):  # 5 of 60 episodes (8%) with a legal status that is no code
        rows["episodes"][i] = ep(f"C{i:03d}", "01/05/2023", ls="C9")
    land(root / "landing", rows, "csv")
    result = _materialize(root)
    assert not result.success and ran == []
    evaluation = _check(result)
    assert not evaluation.passed
    failed = evaluation.metadata["failed_rules"].value
    expected = {"rule": "144", "collection_year": 2024, "severity": "quarantine", "rows": 5}
    assert expected | {"table": "episodes"} in failed
    listed = pd.read_csv(
        root / "restricted" / EXTRACT.isoformat() / f"{RESTRICTED_LIST}.csv", dtype=str
    )
    assert set(listed.loc[listed["rule"] == "144", "child_id"]) == {f"C{i:03d}" for i in range(5)}
