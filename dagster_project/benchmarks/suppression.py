"""EES value cells -> (number, suppression code).

The DfE publishes a symbol instead of a number where a value is withheld or
does not exist (GSS / EES conventions, as used in the children looked after
and care leavers releases):

- `c`   confidential: suppressed to protect individuals (small numbers);
- `x`   not available / not collected for this area or year;
- `z`   not applicable (e.g. an LA that did not exist that year);
- `low` rounds to zero but is not zero;
- `k`   older DfE symbol for "less than 0.5%" (same idea as `low`);
- `u`   low reliability;
- `:` / `..` / `.` / `-`  older "not available" symbols.

Every symbol is kept as `suppression_code` (lower case) with a null value, so
averages and quartiles exclude it and the mart can say why a value is missing.
A cell that is not a number and not a known symbol is kept the same way (its
text lower-cased), never guessed at.
"""

from __future__ import annotations

import math
import re

# "01:07" = 1 year 7 months: how the adoption-timing release prints averages.
_YEARS_MONTHS = re.compile(r"^(\d{1,3}):(\d{1,2})$")


def parse_value(text: str | None) -> tuple[float | None, str | None]:
    """Return (value, suppression_code); exactly one of them is not None,
    except for an empty cell, which is (None, "blank")."""
    if text is None:
        return None, "blank"
    cell = text.strip()
    if cell == "":
        return None, "blank"
    number = cell.replace(",", "")
    try:
        value = float(number)
    except ValueError:
        value = None
    # float() also accepts "nan" and "inf": those are not published numbers.
    if value is not None and math.isfinite(value):
        return value, None
    match = _YEARS_MONTHS.match(cell)
    if match:
        years, months = int(match.group(1)), int(match.group(2))
        return float(years * 12 + months), None
    return None, cell.lower()
