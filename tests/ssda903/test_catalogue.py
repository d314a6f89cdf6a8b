from pathlib import Path

from dagster_project.ssda903.rules.catalogue import rules_table_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "ssda903.md"


def test_the_docs_list_every_rule_as_the_registry_has_it():
    text = DOC.read_text()
    start = text.index("-->", text.index("<!-- rules:start")) + len("-->\n")
    end = text.index("<!-- rules:end -->")
    assert text[start:end] == rules_table_markdown(), (
        "docs/ssda903.md's rule table is stale: paste rules_table_markdown() between the markers"
    )
