-- 903 OC3, staged as stg_social_care__care_leaver_contacts. The 903 holds one
-- status per young person per collection year, taken "around the birthday":
-- contact_date = the birthday that falls in the collection year (1 April of
-- the year before COLLECTION_YEAR to 31 March of COLLECTION_YEAR).
-- recorded_at = the extract date.
with

source_rows as (

    {{ ssda903_latest_records(source('ssda903', 'oc3'), ['CHILD', 'COLLECTION_YEAR']) }}

),

birthdays as (

    select
        source_rows.*,
        {{ dbt.dateadd(
            'year',
            'cast(source_rows."COLLECTION_YEAR" as integer) - 1 - cast(extract(year from source_rows."DOB") as integer)',
            'source_rows."DOB"'
        ) }} as birthday_in_start_year
    from source_rows

),

renamed as (

    select
        {{ row_la_code('birthdays') }} as la_code,
        cast(birthdays."CHILD" as varchar) as child_id,
        -- a birthday before 1 April of the start year falls in the next calendar year
        cast(
            case
                when extract(month from birthdays."DOB") < 4
                    then {{ dbt.dateadd('year', 1, 'birthdays.birthday_in_start_year') }}
                else birthdays.birthday_in_start_year
            end as date
        ) as contact_date,
        cast(birthdays."IN_TOUCH" as varchar) as in_touch_code,
        cast(birthdays."ACTIV" as varchar) as activity_code,
        cast(birthdays."ACCOM" as varchar) as accommodation_code,
        cast(birthdays._extract_date as timestamp) as recorded_at,
        birthdays._extract_date as extract_date
    from birthdays

)

select * from renamed
