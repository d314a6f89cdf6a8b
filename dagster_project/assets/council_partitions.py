"""The `councils` partitions: each council's ingest is its own partition.

Belongs here: the partitions definition every council-level asset shares
(ingest of each source and the 903, the DfE load, their checks) and how a
step finds the council it runs for.

Dynamic, not static: a static partitions definition is read when the code
location loads, so a council whose folder appears in the landing zone would
wait for someone to reload the code location (and a folder gone would leave a
partition nobody can run). The nightly schedule and `python -m dagster_project
run` add the landing zone's councils as partitions when they start the night
(`register_councils`), so a new council's first drop is ingested that night,
and the partitions view of the ingest assets shows each council's status.

A step run without a partition key (a test materialising the ingest assets,
the `nightly` job in the single layout) is the single layout's one council,
exactly as before councils existed; in the multi layout it is refused, as
nobody could say which council it was for.
"""

from __future__ import annotations

import dagster as dg

from dagster_project.councils import (
    Council,
    CouncilRegistryError,
    Councils,
    build_councils,
    find_councils,
)
from dagster_project.ingest.council import CouncilMismatch
from dagster_project.settings import Settings

COUNCILS_PARTITIONS_NAME = "councils"
councils_partitions = dg.DynamicPartitionsDefinition(name=COUNCILS_PARTITIONS_NAME)

# Run tags: the council a run ingests (also Dagster's own dagster/partition),
# and the night a set of council runs and their build belong to.
COUNCIL_TAG = "lac/council"
NIGHT_TAG = "lac/night"
NIGHT_SIZE_TAG = "lac/night_councils"


def councils_or_failure(settings: Settings) -> Councils:
    """`find_councils`, its refusals (mixed layout, bad councils.csv) as a step failure."""
    try:
        return find_councils(settings)
    except (CouncilMismatch, CouncilRegistryError) as error:
        raise dg.Failure(description=str(error)) from None


def register_councils(instance: dg.DagsterInstance, councils: Councils) -> list[str]:
    """Add the councils not yet partitions; return the ones added."""
    known = set(instance.get_dynamic_partitions(COUNCILS_PARTITIONS_NAME))
    new = [code for code in councils.codes if code not in known]
    if new:
        instance.add_dynamic_partitions(COUNCILS_PARTITIONS_NAME, new)
    return new


def _partition_key(context) -> str | None:
    op_context = getattr(context, "op_execution_context", context)
    return op_context.partition_key if op_context.has_partition_key else None


def step_council(context, settings: Settings) -> Council:
    """The council a step (asset or check) runs for: its partition's, or the single layout's."""
    councils = councils_or_failure(settings)
    key = _partition_key(context)
    if key is None:
        if councils.is_multi:
            raise dg.Failure(
                description=f"The landing folder {settings.landing_dir} holds "
                f"{len(councils.councils)} councils (<la_code>/<source>/<date>/): each is "
                "ingested in its own partition of the councils partitions. Run `python -m "
                "dagster_project run` (make run), or the council_ingest job with a council's "
                "partition key; nothing was read."
            )
        return councils.councils[0]
    try:
        return councils.get(key)
    except KeyError:
        # The key is Dagster's (added from a 3-digit folder name), but say only
        # its shape if it is not an LA code.
        named = key if key.isdigit() and len(key) == 3 else "this partition"
        raise dg.Failure(
            description=f"Council {named} has no landing folder in {settings.landing_dir} "
            f"(councils found: {', '.join(councils.codes[:10]) or 'none'}); nothing was read."
        ) from None


def night_councils(settings: Settings) -> list[Council]:
    """The councils tonight's build reads (councils.build_councils), refusals as a step failure."""
    try:
        councils = build_councils(settings)
    except (CouncilMismatch, CouncilRegistryError) as error:
        raise dg.Failure(description=str(error)) from None
    if not councils:
        raise dg.Failure(
            description=f"No council of {settings.landing_dir} has a raw history yet (every "
            "council's first drop was rejected, or none was ingested): nothing to build."
        )
    return councils
