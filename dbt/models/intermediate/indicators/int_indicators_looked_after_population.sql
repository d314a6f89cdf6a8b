-- As-at-month-end indicators on the looked-after cohort: how many, the rate
-- per 10,000 children aged 0-17, and where they are placed.
-- Rate: the ONS mid-year estimate for the LA whose 30 June is the latest on
-- or before the month end (before the first estimate, the first one).
-- Placement groups follow the contract's code_groups: family based = foster
-- (U1-U6), placed for adoption (A3-A6) and placed with parents (P1), as the
-- papers define it; kinship = U1-U3; fostering placement = U4-U6 (the 2019
-- paper excludes family and friends carers), counted (9.1) and as a share
-- (9.2). Commissioned (8.5, "external: IFA / external residential"):
-- placement provider PR4 (private) or PR5 (voluntary / third sector), the
-- independent sector the LA buys places from. PR2 (another LA) and PR3
-- (other public: NHS, secure estate, YOI) are left out: they are public
-- provision, mostly health, custody and inter-agency adoption placements,
-- not the IFA and external residential market the papers mean.
with

spine as (

    select * from {{ ref('int_month_spine') }}

),

cohort as (

    select * from {{ ref('int_children_looked_after_monthly') }}

),

populations as (

    select * from {{ ref('stg_population__populations') }}

),

month_totals as (

    select
        spine.la_code,
        spine.period_end,
        count(cohort.child_id) as looked_after,
        count(cohort.child_id) filter (
            where cohort.placement_type in {{ code_list('family_based_placement') }}
        ) as family_based,
        count(cohort.child_id) filter (where cohort.is_uasc) as uasc,
        count(cohort.child_id) filter (where cohort.placement_type = 'P1') as placed_with_parents,
        count(cohort.child_id) filter (where cohort.placement_type in {{ code_list('kinship_placement') }}) as kinship,
        count(cohort.child_id) filter (
            where cohort.placement_type in {{ code_list('foster_placement', exclude='kinship_placement') }}
        ) as fostered,
        count(cohort.child_id) filter (
            where cohort.placement_provider in {{ code_list('commissioned_placement_provider') }}
        ) as commissioned
    from spine
    left join cohort
        on
            spine.la_code = cohort.la_code
            and spine.period_end = cohort.period_end
    group by spine.la_code, spine.period_end

),

population_at as (

    select
        spine.la_code,
        spine.period_end,
        coalesce(
            {{ arg_max(
                'populations.population_0_17', 'populations.mid_year',
                where='make_date(cast(populations.mid_year as integer), 6, 30) <= spine.period_end'
            ) }},
            {{ arg_min('populations.population_0_17', 'populations.mid_year') }}
        ) as population_0_17
    from spine
    inner join populations
        on spine.la_code = populations.population_la_code
    group by spine.la_code, spine.period_end

),

totals as (

    select
        month_totals.*,
        population_at.population_0_17
    from month_totals
    left join population_at
        on
            month_totals.la_code = population_at.la_code
            and month_totals.period_end = population_at.period_end

)

{{ indicator_rows('totals', {
    'lac_count': 'looked_after',
    'lac_rate_per_10k': ['looked_after', 'population_0_17'],
    'lac_family_based_pct': ['family_based', 'looked_after'],
    'lac_uasc_count': 'uasc',
    'lac_placed_with_parents_p1_pct': ['placed_with_parents', 'looked_after'],
    'lac_kinship_care_pct': ['kinship', 'looked_after'],
    'lac_in_fostering_placement_pct': ['fostered', 'looked_after'],
    'lac_in_fostering_placement_count': 'fostered',
    'lac_commissioned_placement_pct': ['commissioned', 'looked_after'],
}, period_type='month') }}
