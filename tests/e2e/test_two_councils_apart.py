"""Two councils in one warehouse keep their figures apart, mart by mart.

scripts/two_council_check.py: two simulated councils whose ids collide (the
same seed numbers both councils' children alike) are each run alone, in a
data folder of their own, then the warehouse is built once over both
through the pooled raw history. Every mart's rows of each council must
equal that council's own warehouse, row for row: a join, window or group by
that forgot `la_code` mixes the councils and shows here. Minutes of work, so
it runs in `make test-councils` (CI calls it), not in `make test`.
"""

from __future__ import annotations

import pytest

from scripts import two_council_check as check

pytestmark = pytest.mark.councils


def test_each_councils_rows_of_the_pooled_warehouse_equal_its_own(tmp_path):
    landing = tmp_path / "landing"
    check.simulate(landing, population=10_000)
    alone = {code: check.run_alone(tmp_path, landing, code) for code in check.CODES}
    councils = [
        check.CouncilRaw(code, tmp_path / code / "raw" / "raw_history.duckdb", "", "372")
        for code in check.CODES
    ]
    pooled = check.build_pooled(tmp_path, councils)
    for code in check.CODES:
        sliced = tmp_path / f"pooled_{code}.duckdb"
        without_code = check.council_slice(pooled, alone[code], code, sliced)
        # only the catalogue seeds, the same for every council, lack la_code
        assert set(without_code) <= check.SEEDS_WITHOUT_COUNCIL
        assert check.compare(alone[code], sliced), f"council {code}'s figures differ"
