"""The DfE reference data ships with the project, unchanged and documented."""

import hashlib
import re

from dagster_project.resources import LacSettings
from tests.benchmarks.conftest import DFE_DIR

PROVENANCE = DFE_DIR / "PROVENANCE.md"
ROW = re.compile(r"^\| (\S+\.csv) \| .* \| ([0-9a-f]{64}) \|$", re.MULTILINE)


def test_the_default_dfe_folder_is_inside_the_repository():
    # No dfe_dir configured: the default, whatever this machine's environment says.
    assert LacSettings().settings.dfe_dir == DFE_DIR


def test_every_shipped_file_is_listed_with_its_checksum():
    listed = dict(ROW.findall(PROVENANCE.read_text()))
    shipped = {path.name for path in DFE_DIR.glob("*.csv")}
    assert shipped, f"no DfE files in {DFE_DIR}"
    assert set(listed) == shipped
    for name, sha256 in listed.items():
        assert hashlib.sha256((DFE_DIR / name).read_bytes()).hexdigest() == sha256, name


def test_the_licence_is_stated():
    assert "Open Government Licence v3.0" in " ".join(PROVENANCE.read_text().split())
