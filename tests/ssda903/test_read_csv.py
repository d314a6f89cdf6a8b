"""Reading 903 CSV tables from hand-made files: layouts, years, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from dagster_project.ssda903.problems import Ssda903ReadError
from dagster_project.ssda903.reader import read_return

HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
EPISODES = (
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,"
    "PL_POST,URN\n"
)


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


def small_return(folder: Path, dec: str = "01/09/2023") -> Path:
    write(folder, "header.csv", HEADER + "C1,1,05/06/2010,WBRI,A123456789012,,\n")
    write(
        folder,
        "episodes.csv",
        EPISODES
        + f"C1,01/05/2023,S,c2 ,N1,U1,PR1,{dec},X1,,,,\n"
        + f"C1,{dec},P,C2,N1,U4,PR1,,,,,,\n",
    )
    return folder


def test_a_folder_of_tables_reads_into_typed_normalised_tables(tmp_path):
    ret = read_return(small_return(tmp_path / "2024"))
    eps = ret.tables["episodes"]
    assert ret.collection_years == [2024]
    assert str(eps["DECOM"].dtype) == "datetime64[ns]"
    assert eps["DECOM"].iloc[1].strftime("%d/%m/%Y") == "01/09/2023"
    assert eps["LS"].tolist() == ["C2", "C2"]  # trimmed and upper-cased
    assert eps["DEC"].isna().tolist() == [False, True]
    assert eps["source_location"].tolist() == ["line 2", "line 3"]
    assert ret.tables["reviews"].empty  # a table the return does not carry
    assert ret.problems == []


def test_a_bad_date_names_file_line_and_column_but_not_the_value(tmp_path):
    ret = read_return(small_return(tmp_path / "2024", dec="31/02/2023"))
    assert sorted(str(p) for p in ret.errors) == [
        "episodes.csv, line 2, column DEC: not a dd/mm/yyyy date",
        "episodes.csv, line 3, column DECOM: not a dd/mm/yyyy date",
    ]
    with pytest.raises(Ssda903ReadError) as raised:
        ret.raise_for_problems()
    assert "episodes.csv, line 2, column DEC" in str(raised.value)
    assert "31/02/2023" not in str(raised.value)


def test_a_ragged_row_is_refused_with_its_line(tmp_path):
    folder = small_return(tmp_path / "2024")
    write(folder, "header.csv", HEADER + "C1,1,05/06/2010,WBRI,A123456789012,,\nC2,1,,\n")
    with pytest.raises(
        Ssda903ReadError, match=r"header\.csv, line 3: 4 fields where the header has 7"
    ):
        read_return(folder)


def test_a_missing_dfe_column_is_named(tmp_path):
    folder = small_return(tmp_path / "2024")
    write(folder, "header.csv", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER\nC1,1,05/06/2010,WBRI,,\n")
    with pytest.raises(
        Ssda903ReadError, match=r"header\.csv, line 1: the header table needs column"
    ):
        read_return(folder)


def test_an_extra_column_is_a_warning_and_is_dropped(tmp_path):
    folder = small_return(tmp_path / "2024")
    write(folder, "header.csv", HEADER.strip() + ",LOCAL_FLAG\nC1,1,05/06/2010,WBRI,,,,x\n")
    ret = read_return(folder)
    assert [(p.severity, p.column) for p in ret.problems] == [("warning", "LOCAL_FLAG")]
    assert "LOCAL_FLAG" not in ret.tables["header"].columns
    ret.raise_for_problems()  # warnings alone do not stop a read


def test_a_file_named_by_the_case_system_is_recognised_by_its_columns(tmp_path):
    folder = small_return(tmp_path / "2024")
    (folder / "header.csv").rename(folder / "export_17.csv")
    assert len(read_return(folder).tables["header"]) == 1


def test_several_years_in_year_folders_keep_their_year(tmp_path):
    small_return(tmp_path / "2022-23")
    small_return(tmp_path / "2023-24")
    ret = read_return(tmp_path)
    assert ret.collection_years == [2023, 2024]
    assert ret.tables["episodes"]["collection_year"].tolist() == [2023, 2023, 2024, 2024]


def test_a_folder_can_be_named_as_text(tmp_path):
    assert read_return(str(small_return(tmp_path / "2024"))).collection_years == [2024]


def test_the_year_can_come_from_file_names(tmp_path):
    write(tmp_path, "SSDA903_2021_header.csv", HEADER + "C1,1,05/06/2010,WBRI,,,\n")
    write(tmp_path, "SSDA903_2021_episodes.csv", EPISODES + "C1,01/05/2020,S,C2,N1,U1,PR1,,,,,,\n")
    assert read_return(tmp_path).collection_years == [2021]


def test_without_a_year_the_reader_says_how_to_give_one(tmp_path):
    folder = small_return(tmp_path / "council")
    with pytest.raises(Ssda903ReadError, match="no collection year"):
        read_return(folder)
    assert read_return(folder, collection_year=2024).collection_years == [2024]


def test_two_files_for_one_table_and_year_are_refused(tmp_path):
    folder = small_return(tmp_path / "2024")
    write(folder, "header_copy.csv", HEADER + "C1,1,05/06/2010,WBRI,,,\n")
    with pytest.raises(Ssda903ReadError, match="a second header table for collection year 2024"):
        read_return(folder)


def test_a_return_without_episodes_is_refused(tmp_path):
    folder = tmp_path / "2024"
    write(folder, "header.csv", HEADER + "C1,1,05/06/2010,WBRI,,,\n")
    with pytest.raises(Ssda903ReadError, match="no episodes table"):
        read_return(folder)


def test_text_that_is_not_utf8_is_refused_with_advice(tmp_path):
    folder = small_return(tmp_path / "2024")
    (folder / "header.csv").write_bytes(
        HEADER.encode() + "C1,1,05/06/2010,WBRI,,,\n".encode("utf-16")
    )
    with pytest.raises(Ssda903ReadError, match=r"header\.csv: not UTF-8 text"):
        read_return(folder)
