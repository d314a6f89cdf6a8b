"""The DfE XML return reads into the same tables as the CSV form of the same return."""

from __future__ import annotations

import pytest

from dagster_project.ssda903.layout import TABLES
from dagster_project.ssda903.problems import Ssda903ReadError
from dagster_project.ssda903.reader import read_return
from dagster_project.ssda903.write import write_csv_tables, write_xml_return

XML = """<?xml version='1.0' encoding='utf-8'?>
<EXPSSDA903>
 <CHILD>
  <HEADER>
   <CHILDID>C1</CHILDID><UPN>A123456789012</UPN><SEX>1</SEX><DOB>05/06/2010</DOB>
   <ETHNIC>WBRI</ETHNIC><UASC>1</UASC><DUC>04/06/2028</DUC>
   <AREVIEW><REVIEW>01/06/2023</REVIEW><REVIEW_CODE>PN1</REVIEW_CODE></AREVIEW>
   <AREVIEW><REVIEW>01/12/2023</REVIEW><REVIEW_CODE>PN3</REVIEW_CODE></AREVIEW>
   <MOTHER /><MC_DOB />
   <AMISSING><MISSING>M</MISSING><MIS_START>02/07/2023</MIS_START>
    <MIS_END>03/07/2023</MIS_END></AMISSING>
  </HEADER>
  <EPISODE><DECOM>01/05/2023</DECOM><RNE>S</RNE><LS>C2</LS><CIN>N1</CIN><PL>U1</PL>
   <PLACE_PROVIDER>PR1</PLACE_PROVIDER><DEC>01/09/2023</DEC><REC>X1</REC></EPISODE>
  <EPISODE><DECOM>01/09/2023</DECOM><RNE>P</RNE><LS>C2</LS><CIN>N1</CIN><PL>U4</PL>
   <PLACE_PROVIDER>PR1</PLACE_PROVIDER><DEC /><REC /></EPISODE>
 </CHILD>
</EXPSSDA903>
"""

CSV = {
    "header.csv": "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nC1,1,05/06/2010,WBRI,A123456789012,,\n",
    "episodes.csv": (
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,"
        "PL_POST,URN\nC1,01/05/2023,S,C2,N1,U1,PR1,01/09/2023,X1,,,,\n"
        "C1,01/09/2023,P,C2,N1,U4,PR1,,,,,,\n"
    ),
    "reviews.csv": (
        "CHILD,DOB,REVIEW,REVIEW_CODE\nC1,05/06/2010,01/06/2023,PN1\nC1,05/06/2010,01/12/2023,PN3\n"
    ),
    "uasc.csv": "CHILD,SEX,DOB,DUC\nC1,1,05/06/2010,04/06/2028\n",
    "missing.csv": "CHILD,DOB,MISSING,MIS_START,MIS_END\nC1,05/06/2010,M,02/07/2023,03/07/2023\n",
}


def dfe_columns(ret, name):
    return ret.tables[name][list(TABLES[name].columns)].reset_index(drop=True)


def test_the_xml_and_the_csv_of_one_return_give_identical_tables(tmp_path):
    (tmp_path / "xml" / "2024").mkdir(parents=True)
    (tmp_path / "xml" / "2024" / "return.xml").write_text(XML)
    for name, text in CSV.items():
        (tmp_path / "csv" / "2024").mkdir(parents=True, exist_ok=True)
        (tmp_path / "csv" / "2024" / name).write_text(text)
    from_xml, from_csv = read_return(tmp_path / "xml"), read_return(tmp_path / "csv")
    for name in TABLES:
        assert dfe_columns(from_xml, name).equals(dfe_columns(from_csv, name)), name
    assert len(from_xml.tables["reviews"]) == 2
    assert from_xml.tables["episodes"]["source_location"].tolist() == [
        "CHILD[1]/EPISODE[1]",
        "CHILD[1]/EPISODE[2]",
    ]


def test_malformed_xml_names_the_line_and_character(tmp_path):
    path = tmp_path / "2024.xml"
    path.write_text(XML.replace("</EPISODE>\n </CHILD>", "</EPISOD>\n </CHILD>"))
    with pytest.raises(
        Ssda903ReadError, match=r"2024.xml, line 16, character \d+: not well-formed"
    ):
        read_return(path)


def test_entity_declarations_are_refused(tmp_path):
    path = tmp_path / "2024.xml"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><EXPSSDA903>&b;</EXPSSDA903>'
    )
    with pytest.raises(Ssda903ReadError, match="declares entities"):
        read_return(path)


def test_a_bad_date_in_the_xml_names_the_element(tmp_path):
    path = tmp_path / "2024.xml"
    path.write_text(XML.replace("<DEC>01/09/2023</DEC>", "<DEC>2023-09-01</DEC>"))
    assert [str(p) for p in read_return(path).errors] == [
        "2024.xml, CHILD[1]/EPISODE[1], column DEC: not a dd/mm/yyyy date"
    ]


def test_the_dfe_sample_round_trips_through_csv_and_back_to_xml(samples, tmp_path):
    source = samples / "validator_fake" / "fake_903.xml"
    from_xml = read_return(source, collection_year=2018)
    # sizes counted from the sample's elements: 253 CHILD, 459 EPISODE, 1206 AREVIEW
    assert len(from_xml.tables["header"]) == 253
    assert len(from_xml.tables["episodes"]) == 459
    assert len(from_xml.tables["reviews"]) == 1206
    write_csv_tables(from_xml.tables, tmp_path / "csv")
    from_csv = read_return(tmp_path / "csv", collection_year=2018)
    write_xml_return(from_csv.tables, tmp_path / "again.xml")
    again = read_return(tmp_path / "again.xml", collection_year=2018)
    for name in TABLES:
        assert dfe_columns(from_xml, name).equals(dfe_columns(from_csv, name)), name
        assert dfe_columns(from_xml, name).equals(dfe_columns(again, name)), name
