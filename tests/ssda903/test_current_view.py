import pandas as pd

from dagster_project.ssda903.current_view import latest_records
from dagster_project.ssda903.reader import Ssda903Return
from tests.ssda903.conftest import hand_return
from tests.ssda903.rule_cases import ep


def two_cumulative_years() -> Ssda903Return:
    # 2022/23 holds the episode still open; 2023/24 repeats it, now ended, and adds the next
    earlier = hand_return(2023, episodes=[ep("A", "01/05/2022")])
    later = hand_return(
        2024,
        episodes=[ep("A", "01/05/2022", "01/06/2023", rec="X1"), ep("A", "01/06/2023", rne="P")],
    )
    tables = {
        name: pd.concat([earlier.tables[name], later.tables[name]], ignore_index=True)
        for name in earlier.tables
    }
    return Ssda903Return(tables, [])


def test_a_record_repeated_in_a_later_return_keeps_the_later_row():
    view = latest_records(two_cumulative_years().tables)
    eps = view["episodes"].sort_values("DECOM")
    assert len(eps) == 2
    assert eps["collection_year"].tolist() == [2024, 2024]
    assert eps["DEC"].notna().tolist() == [True, False]


def test_per_year_returns_lose_nothing():
    one_year = hand_return(2024, episodes=[ep("A", "01/05/2023"), ep("B", "01/05/2023")])
    assert len(latest_records(one_year.tables)["episodes"]) == 2
