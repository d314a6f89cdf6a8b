{#-
  unique_within_council: the column's values are unique within each council
  (la_code). Child, episode, household, worker and record ids are the
  council's own case system's, so two councils in one warehouse may use the
  same id; within one council each is one record.
-#}
{% test unique_within_council(model, column_name) %}

    select
        records.la_code,
        records.{{ column_name }},
        count(*) as copies
    from {{ model }} as records
    where records.{{ column_name }} is not null
    group by records.la_code, records.{{ column_name }}
    having count(*) > 1

{% endtest %}
