"""docs/hardening_corpus.md from the corpus's case table (`cases.CASES`).

Run `python -m tests.hardening.render_doc > docs/hardening_corpus.md` after
changing a case; `test_corpus_doc.py` fails while the two differ.
"""

from __future__ import annotations

from pathlib import Path

from tests.hardening.cases import CASES, NEXT, PRIMED_DATE, N

OUTCOMES = {
    "rejected": "rejected whole; nothing written; logged; Slack gets the gate's alert",
    "quarantined": "accepted; the faulty field nulled or row dropped (see _quarantine)",
    "accepted": "accepted as the file says",
    "no_change": "recorded as no change; nothing written",
    "reported": "not read; reported by the landing-zone check (a warning)",
    "moved_on": "rejected, and the good drop of the next day, waiting too, accepted in the same "
    "run; the run's alerts tell Slack of the rejection once",
}


# Issue 15's findings re-run on the default simulated LA: measured, not
# generated (re-run the scripts it names and edit findings.md by hand).
FINDINGS = (Path(__file__).parent / "findings.md").read_text()


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render() -> str:
    lines = [
        "# The bad-input corpus",
        "",
        "Generated from `tests/hardening/cases.py` by `python -m tests.hardening.render_doc`;",
        "`tests/hardening/test_corpus_doc.py` fails when this file is out of date.",
        "",
        f"Each case lands after a good night ({PRIMED_DATE}, {N} rows a table, every source)",
        f"a damaged or unusual drop of one source dated {NEXT}, and ingests it as the nightly job",
        "does. `tests/hardening/test_corpus.py` asserts, for every row:",
        "",
        "- the outcome below, and that the message holds the text quoted (file, line or row",
        "  and column, or by how much);",
        "- rejected, no change or reported: the raw history the warehouse is built from is",
        "  exactly as before, the drop is never retried on its own, and a good drop the next",
        "  day is accepted (nothing freezes);",
        "- rejected: what the fake Slack received (the gate's alert, escaped, holding the",
        "  message's first part), with no mention and no link from the data;",
        "- accepted unchanged: the night's rows equal the good night's, however the file's bytes",
        "  were laid out;",
        "- every case: no sheet or column name, child's name, id, date of birth or cell value",
        "  from the file in the reason, the warnings, or any line ingest logged.",
        "",
        "Whole nights (the published warehouse byte for byte, Slack from the run's own alerts)",
        "are run by `make test-hardening` (`tests/hardening/test_whole_nights.py`) and by",
        "`tests/ingest/test_hostile_nights.py`.",
        "",
        "Outcomes:",
        "",
        *(f"- **{key}**: {value}" for key, value in OUTCOMES.items()),
        "",
        f"{len(CASES)} cases.",
        "",
        "| # | case | kind | source | input | outcome | message holds |",
        "|---|---|---|---|---|---|---|",
    ]
    for number, case in enumerate(CASES, 1):
        unchanged = " (rows unchanged)" if case.unchanged else ""
        message = " … ".join(f"`{_cell(n)}`" for n in case.needles) or "—"
        lines.append(
            f"| {number} | {case.id} | {case.kind} | {case.source} | {_cell(case.what)} "
            f"| {case.outcome}{unchanged} | {message} |"
        )
    return "\n".join(lines) + "\n\n" + FINDINGS


if __name__ == "__main__":
    print(render(), end="")
