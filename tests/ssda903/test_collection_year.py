from dagster_project.ssda903.collection_year import CollectionYear, year_from_name


def test_year_names_that_name_a_collection_year():
    assert year_from_name("2024") == 2024
    assert year_from_name("2023-24") == 2024
    assert year_from_name("2023_24") == 2024
    assert year_from_name("202324") == 2024
    assert year_from_name("SSDA903_2020_episodes.csv") == 2020
    assert year_from_name("1999-00") == 2000


def test_names_without_a_year_give_none():
    assert year_from_name("episodes.csv") is None
    assert year_from_name("validator_fake") is None
    # two candidate years: ambiguous, so no guess
    assert year_from_name("2019_to_2021") is None
    # a span whose second half does not follow the first is not a collection year
    assert year_from_name("2023-27") is None


def test_the_collection_year_runs_april_to_march():
    year = CollectionYear(2024)
    assert str(year.start.date()) == "2023-04-01"
    assert str(year.end.date()) == "2024-03-31"
    assert year.label == "2023/24"
