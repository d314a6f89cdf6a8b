"""The LA's 0-17 population (ONS mid-year estimates), the denominator of rates.

Children in care are drawn from this population: admissions scale with its
size (config.Options.population; the default 57,000 is the papers' borough).
The population grows slowly (ONS: about +0.3% a year for 0-17 in the 2010s
metropolitan boroughs).
"""

from __future__ import annotations

import pandas as pd

from simulator.world import World

GROWTH = 0.003


def mid_year_estimates(w: World) -> pd.DataFrame:
    first, last = w.opts.start.year - 1, w.opts.end.year
    rows = []
    for y in range(first, last + 1):
        n = round(w.opts.population * (1 + GROWTH) ** (y - last))
        rows.append((w.opts.la_code, y, n))
    return pd.DataFrame(rows, columns=["la_code", "mid_year", "population_0_17"])
