"""docs/hardening_corpus.md is the corpus's case table, as generated."""

from __future__ import annotations

from pathlib import Path

from tests.hardening.cases import CASES
from tests.hardening.render_doc import FINDINGS, render

DOC = Path(__file__).resolve().parents[2] / "docs" / "hardening_corpus.md"


def test_the_corpus_doc_is_current() -> None:
    assert DOC.read_text() == render(), (
        "run: python -m tests.hardening.render_doc > docs/hardening_corpus.md"
    )


def test_the_doc_has_one_row_per_case() -> None:
    corpus = render().removesuffix(FINDINGS)  # the findings' own table follows the corpus's
    rows = [line for line in corpus.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) == len(CASES) + 1  # the header row
    for case in CASES:
        assert f"| {case.id} |" in render()
