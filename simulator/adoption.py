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

# LS_ADOPTR of a single adopter.
SINGLE_ADOPTER_LEGAL_STATUS = "L0"


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
    """The adoption path of a child who entered care on `entered`."""
    p = w.profile
    shobpa = entered + w.lognorm(p.shobpa_median_days, 0.45)
    placement_order = shobpa + w.lognorm(p.placement_order_median_days, 0.5)
    by_foster_carers = w.chance(p.foster_carer_adoption_share)
    if w.chance(p.adopter_couple_share):
        adopters, sex = "2", w.draw(p.couple_adopters)
        legal_status = w.draw(p.couple_legal_status)
    else:
        adopters, sex = "1", w.draw(p.single_adopter)
        legal_status = SINGLE_ADOPTER_LEGAL_STATUS
    if w.chance(p.adoption_reversal_share):
        return AdoptionPlan(
            shobpa=shobpa,
            placement_order=placement_order,
            match=None,
            placed=None,
            order=None,
            reversed_on=shobpa + w.lognorm(330, 0.5),
            reversal_reason=w.pick(p.adoption_reversal_reasons),
            by_foster_carers=by_foster_carers,
            consent=False,
            order_reason="",
            nb_adoptr=adopters,
            sex_adoptr=sex,
            ls_adoptr=legal_status,
        )
    match = placement_order + w.lognorm(p.match_median_days, 0.6)
    # foster carers adopting are "placed" on the day of the match
    placed = match if by_foster_carers else match + w.uniform_int(7, 42)
    order = placed + w.lognorm(p.adoption_order_median_days, 0.4)
    return AdoptionPlan(
        shobpa=shobpa,
        placement_order=placement_order,
        match=match,
        placed=placed,
        order=order,
        reversed_on=None,
        reversal_reason=None,
        by_foster_carers=by_foster_carers,
        consent=w.chance(p.adoption_consent_share),
        order_reason=w.draw(p.adoption_reason_ceased),
        nb_adoptr=adopters,
        sex_adoptr=sex,
        ls_adoptr=legal_status,
    )
