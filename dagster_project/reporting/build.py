"""Build the night's report: load the marts once, write HTML, XLSX and PDF.

This is what the Dagster asset calls; it knows nothing about Dagster so it
can be run and tested on its own.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

from dagster_project.councils import Council, council_report_dir
from dagster_project.reporting.html import render_html
from dagster_project.reporting.loading import ReportData, load_report_data
from dagster_project.reporting.pdf import ChromiumMissing, find_chromium, print_pdf
from dagster_project.reporting.publishing import new_staging_dir, publish_dir
from dagster_project.reporting.xlsx import write_xlsx
from dagster_project.settings import Settings

HTML_NAME = "report.html"
XLSX_NAME = "report.xlsx"
PDF_NAME = "report.pdf"


@dataclass(frozen=True)
class BuiltReport:
    folder: Path
    latest: Path
    as_of_date: dt.date
    period_end: dt.date
    indicators: int
    files: dict[str, Path]
    pdf_missing: str | None = None


def _late_sources(
    settings: Settings, as_of_date: dt.date, raw_db_path: Path, landing_dir: Path
) -> list[dict]:
    """Each source's newest accepted extract, late or on time as at the as-of night."""
    from contract import load_contract
    from dagster_project.alerts.late_sources import (
        RawHistoryUnavailable,
        newest_accepted_extracts,
        source_statuses,
    )

    try:
        newest = newest_accepted_extracts(raw_db_path)
    except RawHistoryUnavailable:
        return []
    return [
        {
            "source": status.source,
            "newest": status.newest_extract_date.isoformat()
            if status.newest_extract_date
            else ("never" if status.is_sent else "not sent"),
            "cadence_days": status.cadence_days,
            "days_overdue": status.days_overdue,
            "is_late": status.is_late,
            "is_sent": status.is_sent,
        }
        # Judged the morning after the as-of night, once its run is over.
        for status in source_statuses(
            newest, load_contract(), as_of_date + dt.timedelta(days=1), landing_dir
        )
    ]


def load(settings: Settings, council: Council | None = None) -> ReportData:
    """The report's data: the single layout's council, or `council`'s of several."""
    raw_db = council.raw_db_path if council else settings.raw_db_path
    landing = council.landing_dir if council else settings.landing_dir
    la_code = council.la_code if council and council.multi else None
    data = load_report_data(settings.warehouse_path, raw_db, la_code)
    data.late_sources = _late_sources(settings, data.as_of_date, raw_db, landing)
    return data


def build_report(
    settings: Settings, *, with_pdf: bool = True, council: Council | None = None
) -> BuiltReport:
    """Write the night's report. Without Chromium on the machine the PDF is
    left out (and `pdf_missing` says why) rather than failing the night: the
    HTML and the workbook are what most readers open.

    With `council` (councils.py), that council's report, in its own folder
    in the multi-council layout (`<reports>/<la_code>/<date>/`)."""
    data = load(settings, council)
    report_dir = council_report_dir(settings, council) if council else settings.report_dir
    pdf_missing = chromium = None
    if with_pdf:
        try:
            chromium = find_chromium(settings.chromium)
        except ChromiumMissing as exc:
            with_pdf, pdf_missing = False, str(exc)
    staging = new_staging_dir(report_dir, data.as_of_date)
    try:
        html_path = staging / HTML_NAME
        html_path.write_text(render_html(data, dt.datetime.now()), encoding="utf-8")
        write_xlsx(data, staging / XLSX_NAME)
        if chromium:
            print_pdf(html_path, staging / PDF_NAME, chromium)
        folder = publish_dir(staging, report_dir, data.as_of_date)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    names = [HTML_NAME, XLSX_NAME] + ([PDF_NAME] if with_pdf else [])
    return BuiltReport(
        folder=folder,
        latest=report_dir / "latest",
        as_of_date=data.as_of_date,
        period_end=data.period_end,
        indicators=len(data.summary),
        files={name: folder / name for name in names},
        pdf_missing=pdf_missing,
    )
