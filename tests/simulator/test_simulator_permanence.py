"""Permanence orders (legal statuses) and long-term fostering matches."""

from __future__ import annotations

import json

import pandas as pd

NIGHT = "2026-10-31"
SGO_CAO = {"E41", "E43", "E44", "E45", "E46", "E47", "E48"}
FOSTER = {"U1", "U2", "U3", "U4", "U5", "U6"}


def _truth(run, name: str) -> pd.DataFrame:
    return pd.read_parquet(run / "_truth" / f"{name}.parquet")


def _extract(run, table: str) -> pd.DataFrame:
    path = run / "social_care" / NIGHT / f"{table}.csv"
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _financial_year(dates: pd.Series) -> pd.Series:
    d = pd.to_datetime(dates)
    return d.dt.year - (d.dt.month < 4).astype(int)


def test_legal_status_orders_outnumber_periods_ceased_by_order(default_run):
    orders = _truth(default_run, "legal_statuses")
    periods = _truth(default_run, "periods")
    ceased = periods[(periods["short_break"] == 0) & periods["reason"].isin(SGO_CAO)]
    years = range(2021, 2026)
    by_order = _financial_year(orders["ORDER_DATE"]).isin(years).sum()
    by_reason = _financial_year(ceased["end"]).isin(years).sum()
    print(f"\nFY2021-25: {by_order} orders (legal status), {by_reason} ceased E41/E43-E48")
    # the papers: 85 against 42 in 2021/22
    assert by_reason > 0
    assert 1.3 <= by_order / by_reason <= 2.6
    # every period ended by an order has one; it is never granted after the period ended
    merged = ceased.merge(orders, on=["idx", "period"], how="left")
    assert merged["ORDER_DATE"].notna().all()
    assert (merged["ORDER_DATE"] <= merged["end"]).all()
    assert (merged["ORDER_DATE"] > merged["start"]).all()
    cao = merged["reason"] == "E41"
    assert (merged.loc[cao, "ORDER_TYPE"] == "CAO").all()
    assert (merged.loc[~cao, "ORDER_TYPE"] == "SGO").all()
    assert set(orders["how"]) == {"at_end", "before_end", "after_leaving"}


def test_matches_point_at_the_childs_foster_placement(default_run):
    matches = _truth(default_run, "permanence_matches")
    episodes = _truth(default_run, "episodes")
    assert len(matches) > 100
    foster = episodes[episodes["PLACE"].isin(FOSTER)][["idx", "period", "URN", "DECOM"]]
    m = matches.merge(foster, on=["idx", "period", "URN"], how="left")
    m = m[m["DECOM"] <= m["MATCH_DATE"]]
    assert set(zip(m["idx"], m["MATCH_DATE"], strict=True)) == set(
        zip(matches["idx"], matches["MATCH_DATE"], strict=True)
    )
    # in the extract too: the URN is one of the child's episodes' URNs
    pm = _extract(default_run, "permanence_matches")
    eps = _extract(default_run, "episodes")
    assert len(pm) > 0 and pm["MATCH_ID"].is_unique
    known = set(zip(eps["CHILD"], eps["URN"], strict=True))
    assert all((c, u) in known for c, u in zip(pm["CHILD"], pm["URN"], strict=True))


def test_orders_in_extract_are_the_truths_recorded_ones(default_run):
    ls = _extract(default_run, "legal_statuses")
    assert len(ls) > 0
    assert set(ls["ORDER_TYPE"]) == {"SGO", "CAO"}
    assert not ls.duplicated(["CHILD", "ORDER_TYPE", "ORDER_DATE"]).any()
    order = pd.to_datetime(ls["ORDER_DATE"], format="%d/%m/%Y")
    recorded = pd.to_datetime(ls["RECORDED_AT"], format="%Y-%m-%dT%H:%M:%S")
    assert (recorded >= order).all()


def test_sgo_recorded_as_other_reason_keeps_the_legal_status(default_run):
    lines = (default_run / "_truth" / "defects.jsonl").read_text().splitlines()
    entries = [json.loads(x) for x in lines]
    hits = [e for e in entries if e["kind"] == "sgo_recorded_as_other_reason"]
    assert hits
    eps = _extract(default_run, "episodes")
    with_order = set(_truth(default_run, "legal_statuses")["child"].astype(str))
    for e in hits:
        row = eps.iloc[e["row"] - 1]
        assert row["REC"] == "E8" and row["CHILD"] == e["child"]
        assert e["child"] in with_order
