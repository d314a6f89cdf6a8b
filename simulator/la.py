"""Run one simulated LA: simulate, then write each night's extracts and the truth.

Sources and cadences come from the contract: social care every night; weekly
sources on nights a whole number of weeks before the end date (so the final
night has every source); population on the final night and on any night
that is 1 July.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from contract import load_contract
from simulator.backlog import write_backlog_truth
from simulator.config import Options
from simulator.dates import to_day
from simulator.profile import Profile
from simulator.ssda903_writer import Ssda903Writer
from simulator.truth import simulate
from simulator.writers import ExtractWriter, write_event_truth


@dataclass
class RunStats:
    la_code: str
    files: int
    bytes: int
    defects: int
    children: int


def sources_for_night(night, end, final: bool) -> list[str]:
    out = []
    for s in load_contract().sources:
        if s.name == "population":
            if final or (night.month, night.day) == (7, 1):
                out.append(s.name)
        elif s.cadence_days <= 1 or (end - night).days % s.cadence_days == 0:
            out.append(s.name)
    return out


def run_la(opts: Options, out: Path, profile: Profile | None = None) -> RunStats:
    truth = simulate(opts, profile)
    writer = ExtractWriter(truth, out)
    ssda903 = None
    if opts.extract_format == "ssda903":
        ssda903 = Ssda903Writer(writer, opts.ssda903_form)
    nights = opts.extract_nights()
    for night in nights:
        final = night == nights[-1]
        sources = sources_for_night(night, opts.end, final)
        if ssda903 is not None:
            # a 903-only council sends its 903 (every night, like the case
            # system's extract) and the population, nothing else
            ssda903.write_night(to_day(night))
            sources = [s for s in sources if s == "population"]
        writer.write_night(to_day(night), sources)
    files, nbytes = writer.files, writer.bytes
    if opts.write_truth:
        writer.write_manifest(out / "_truth")
        f, b = write_event_truth(truth, out / "_truth")
        backlogs = write_backlog_truth(truth.backlogs, out / "_truth")
        files += f + 2
        nbytes += b + backlogs.stat().st_size
        if ssda903 is not None:
            drawn = ssda903.write_oc2_truth(out / "_truth")
            files += 1
            nbytes += drawn.stat().st_size
    return RunStats(
        opts.la_code,
        files,
        nbytes,
        len(writer.manifest),
        len(truth.events["children"]),
    )
