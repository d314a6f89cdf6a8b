"""The night's report and exception lists, checked as the people who read them would.

One small simulated LA is run through the whole nightly job once (the e2e
test's helper); every test here reads what that run wrote: the HTML opened
in a real headless Chromium (Debian's package, driven by Playwright), the
workbook with openpyxl, the PDF with pypdf, and the restricted exception
lists, whose child ids must appear in no published output.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import unicodedata
import zipfile
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest
from playwright.sync_api import sync_playwright
from pypdf import PdfReader

from dagster_project.reporting.formatting import RAG_FILL, RAG_LABEL
from dagster_project.reporting.pdf import CHROMIUM_FLAGS, find_chromium
from dagster_project.reporting.themes import THEMES
from tests.support.first_night import AS_OF, first_night_copy

SUMMARY_SQL = """
select indicator_id, reference, indicator, rag
from marts.performance_summary
where period_end = (select max(period_end) from marts.performance_summary)
order by display_order nulls last, indicator_id
"""


@pytest.fixture(scope="module")
def night(tmp_path_factory):
    built = first_night_copy(tmp_path_factory, "report")
    settings = built["settings"]
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        summary = con.execute(SUMMARY_SQL).df()
        catalogue = con.execute("select count(*) from marts.indicators").fetchone()[0]
    # The report covers the whole catalogue, not just what happens to have a value.
    assert len(summary) == catalogue
    latest = settings.report_dir / "latest"
    screenshots = Path(os.environ.get("LAC_TEST_SCREENSHOTS", built["root"] / "screenshots"))
    screenshots.mkdir(parents=True, exist_ok=True)
    return {
        **built,
        "settings": settings,
        "summary": summary,
        "latest": latest,
        "screenshots": screenshots,
    }


def rgb(hex_colour: str) -> str:
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgb({r}, {g}, {b})"


def test_the_report_is_published_for_the_as_of_night(night):
    latest = night["latest"]
    assert latest.is_symlink() and os.readlink(latest) == AS_OF
    for name in ("report.html", "report.xlsx", "report.pdf"):
        assert (latest / name).stat().st_size > 1000, name
    # No half-written staging folders are left behind.
    assert not [p for p in latest.parent.iterdir() if p.name.startswith(".")]


def test_the_html_is_offline(night):
    html = (night["latest"] / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<script" not in html
    assert "@import" not in html


def test_chromium_shows_every_indicator_coloured_rag_and_charts(night):
    summary = night["summary"]
    with sync_playwright() as p:
        # timeout=0: Playwright's default 30 s limits are wall-clock limits
        # that a loaded machine can exceed; the page is a local file.
        browser = p.chromium.launch(
            executable_path=find_chromium(), args=[*CHROMIUM_FLAGS], timeout=0
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(0)
        page.goto((night["latest"] / "report.html").resolve().as_uri())

        rows = page.locator("table.summary tbody tr")
        assert rows.count() == len(summary)
        for record in summary.to_dict("records"):
            row = page.locator(f'table.summary tr[data-indicator="{record["indicator_id"]}"]')
            assert row.count() == 1, record["indicator_id"]
            assert record["indicator"] in row.inner_text()
            rag_cell = row.locator("td.rag-cell")
            colour = rag_cell.evaluate("cell => getComputedStyle(cell).backgroundColor")
            if record["rag"] in RAG_FILL:
                assert colour == rgb(RAG_FILL[record["rag"]]), record["indicator_id"]
                assert rag_cell.inner_text().strip() == RAG_LABEL[record["rag"]]
            else:
                assert colour not in {rgb(fill) for fill in RAG_FILL.values()}
        assert {r for r in summary["rag"] if r in RAG_FILL}, "no rated indicator to check"

        charts = page.locator("figure.chart svg")
        assert charts.count() == len(summary)
        for i in range(charts.count()):
            chart = charts.nth(i)
            box = chart.bounding_box()
            assert box and box["width"] > 100 and box["height"] > 50, i
            # A drawn line has a path with real coordinates, not an empty frame.
            assert chart.locator("path").count() > 3, i

        themes = page.locator("section.theme")
        assert themes.count() >= len(THEMES) - 1
        page.locator("#summary").screenshot(path=str(night["screenshots"] / "summary.png"))
        themes.first.screenshot(path=str(night["screenshots"] / "theme.png"))
        browser.close()
    assert (night["screenshots"] / "summary.png").stat().st_size > 10_000


def test_the_workbook_has_real_rag_fills_and_frozen_headers(night):
    book = openpyxl.load_workbook(night["latest"] / "report.xlsx")
    sheet = book["Summary"]
    assert sheet.freeze_panes == "C3"
    header = [c.value for c in sheet[2]]
    assert header[:2] == ["Ref", "Indicator"] and "RAG" in header and "DoT" in header
    rag_col = header.index("RAG") + 1
    by_title = {sheet.cell(r, 2).value: r for r in range(3, sheet.max_row + 1)}
    summary = night["summary"]
    checked = set()
    for record in summary.to_dict("records"):
        cell = sheet.cell(by_title[record["indicator"]], rag_col)
        if record["rag"] in RAG_FILL:
            assert cell.fill.fgColor.rgb == "FF" + RAG_FILL[record["rag"]].lstrip("#").upper()
            assert cell.value == RAG_LABEL[record["rag"]]
            checked.add(record["rag"])
        else:
            assert cell.fill.fgColor.rgb in (None, "00000000")
    assert checked >= {"red", "green"}, checked
    theme_sheets = [name for name in book.sheetnames if name != "Summary"]
    assert len(theme_sheets) >= len(THEMES) - 1
    for name in theme_sheets:
        assert book[name].freeze_panes == "D3"
        assert book[name].max_column >= 3 + 12  # 12 or 13 months of series


def test_the_pdf_is_a4_landscape_and_holds_the_table(night):
    reader = PdfReader(night["latest"] / "report.pdf")
    # Summary, on-a-page, one or more pages per theme, data quality.
    assert len(THEMES) + 3 <= len(reader.pages) <= 60
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    # NFKC: Chromium sets "fi" as a ligature, which the PDF's text keeps.
    text = unicodedata.normalize(
        "NFKC", " ".join(" ".join(page.extract_text().split()) for page in reader.pages[:4])
    )
    assert "Summary of performance" in text
    for record in night["summary"].to_dict("records"):
        assert record["indicator"][:30] in text, record["indicator"]


def restricted_child_ids(restricted_latest: Path) -> set[str]:
    ids = set()
    for workbook in restricted_latest.glob("*.xlsx"):
        frame = pd.read_excel(workbook, sheet_name="Children", dtype=str)
        ids |= set(frame["Child id (case system)"].dropna())
    return ids


def test_exception_lists_are_restricted_per_team(night):
    latest = night["settings"].restricted_dir / "latest"
    workbooks = sorted(latest.glob("exceptions_*.xlsx"))
    assert len(workbooks) >= 2
    assert stat.S_IMODE(latest.stat().st_mode) == 0o700
    for workbook in workbooks:
        assert stat.S_IMODE(workbook.stat().st_mode) == 0o600, workbook.name
        frame = pd.read_excel(workbook, sheet_name="Children")
        assert list(frame.columns) == [
            "Team",
            "Worker",
            "Child id (case system)",
            "Exception",
            "Due",
            "Last on record",
            "Days overdue",
        ]
        assert (frame["Days overdue"].dropna() > 0).all()
    assert restricted_child_ids(latest)


def published_text(night) -> str:
    """Every published output as text: the report files, the warehouse, the exports."""
    settings = night["settings"]
    parts = [(night["latest"] / "report.html").read_text(encoding="utf-8")]
    with zipfile.ZipFile(night["latest"] / "report.xlsx") as book:
        parts += [book.read(name).decode("utf-8", "ignore") for name in book.namelist()]
    parts += [page.extract_text() for page in PdfReader(night["latest"] / "report.pdf").pages]
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables"
        ).fetchall()
        for schema, table in tables:
            parts.append(con.execute(f'select * from "{schema}"."{table}"').df().to_csv())
    for path in settings.export_dir.rglob("*"):
        if path.is_file() and path.suffix == ".csv":
            parts.append(path.read_text(encoding="utf-8", errors="ignore"))
        elif path.is_file() and path.suffix == ".parquet":
            parts.append(pd.read_parquet(path).to_csv())
    return "\n".join(parts)


def run_messages(night) -> str:
    """What the run logged: every event's message and metadata (the Dagster run, the alerts)."""
    return "\n".join(
        f"{event.message} {event.event_specific_data}" for event in night["first"].all_events
    )


def test_no_child_on_an_exception_list_appears_in_any_published_output(night):
    child_ids = restricted_child_ids(night["settings"].restricted_dir / "latest")
    assert len(child_ids) >= 5
    text = published_text(night) + run_messages(night)
    tokens = set(re.findall(r"[A-Za-z0-9_]+", text))
    leaked = sorted(child_ids & tokens)
    assert not leaked, leaked[:5]
    # The scan itself works: the restricted workbooks do hold these ids.
    restricted = "".join(
        pd.read_excel(p, sheet_name="Children", dtype=str).to_csv()
        for p in (night["settings"].restricted_dir / "latest").glob("*.xlsx")
    )
    assert child_ids <= set(re.findall(r"[A-Za-z0-9_]+", restricted))


def test_provisional_months_and_data_quality_marts_are_shown(night, tmp_path):
    """A provisional month is marked, with its expected final value beside the
    recorded one; the data-quality marts have their own sections."""
    import shutil

    from dagster_project.reporting.html import render_html
    from dagster_project.reporting.loading import load_report_data

    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(night["settings"].warehouse_path, warehouse)
    with duckdb.connect(str(warehouse)) as con:
        # One provisional month, whatever the small night's own nowcast says.
        con.execute(
            "update marts.performance_summary set "
            "is_provisional = indicator_id = 'lac_health_assessment_up_to_date_pct', "
            "expected_final_value = 88.0, expected_final_low = 85.0, expected_final_high = 90.0"
        )
    data = load_report_data(warehouse, night["settings"].raw_db_path)
    assert data.provisional["indicator"].tolist() == [
        night["summary"]
        .set_index("indicator_id")
        .loc["lac_health_assessment_up_to_date_pct", "indicator"]
    ]
    html = render_html(data, dt.datetime(2024, 4, 1))
    assert "No figure is marked provisional." not in html
    assert html.count('class="provisional" title=') == 1  # the row's mark, not the legend's
    assert html.count('class="expected"') == 1
    assert "exp. 88.0%<br>(85.0%–90.0%)" in html
    assert "<h3>Health reconciliation</h3>" in html


def test_without_chromium_the_night_still_gets_html_and_xlsx(night, tmp_path, monkeypatch):
    import dataclasses

    from dagster_project.reporting.build import build_report

    monkeypatch.setenv("PATH", str(tmp_path))  # no browser on it
    settings = dataclasses.replace(
        night["settings"], report_dir=tmp_path / "reports", chromium=None
    )
    report = build_report(settings)
    assert report.pdf_missing and "chromium" in report.pdf_missing
    assert sorted(report.files) == ["report.html", "report.xlsx"]
    assert sorted(p.name for p in report.folder.iterdir()) == ["report.html", "report.xlsx"]
