"""The adoption path of one child: SHOBPA, placement order, match, placement, order.

Timings follow the papers' adoption scorecard (A10 average around 450-550
days from entering care to being placed for adoption or adopted; A2 from
placement order to match about 120-200 days). A share of decisions are
reversed (RD1-RD4) and the child's plan changes. Some children are adopted by
their own foster carers (FOSTER_CARE = 1, placement A5/A3 with the same carers).
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.world import World


@dataclass
class AdoptionPlan:
    shobpa: int
    placement_order: int
    match: int | None
    placed: int | None
    order: int | None
    reversed_on: int | None
    reversal_reason: str | None
    by_foster_carers: bool
    consent: bool  # placed with parental consent (A3/A4) rather than under an order (A5/A6)
    order_reason: str
    nb_adoptr: str
    sex_adoptr: str
    ls_adoptr: str


def plan(w: World, entered: int) -> AdoptionPlan:
    p = w.profile
    shobpa = entered + w.lognorm(p.shobpa_median_days, 0.45)
    po = shobpa + w.lognorm(p.placement_order_median_days, 0.5)
    fc = w.chance(p.foster_carer_adoption_share)
    if w.chance(0.5):
        nb, sex = "2", w.pick(("MF", "MM", "FF"), (0.84, 0.08, 0.08))
        ls = w.pick(("L11", "L12", "L2"), (0.7, 0.1, 0.2))
    else:
        nb, sex = "1", w.pick(("F1", "M1"), (0.85, 0.15))
        ls = "L0"
    if nb == "1":
        ls = "L0"
    if w.chance(p.adoption_reversal_share):
        rev = shobpa + w.lognorm(330, 0.5)
        return AdoptionPlan(
            shobpa,
            po,
            None,
            None,
            None,
            rev,
            w.pick(("RD1", "RD2", "RD3", "RD4")),
            fc,
            False,
            "",
            nb,
            sex,
            ls,
        )
    match = po + w.lognorm(p.match_median_days, 0.6)
    placed = match if fc else match + w.uniform_int(7, 42)
    order = placed + w.lognorm(p.adoption_order_median_days, 0.4)
    return AdoptionPlan(
        shobpa,
        po,
        match,
        placed,
        order,
        None,
        None,
        fc,
        w.chance(0.1),
        w.pick(("E11", "E12"), (0.7, 0.3)),
        nb,
        sex,
        ls,
    )
