{#-
  relationships_within_council: dbt's relationships test, within each
  council. Every non-null value of the column is a value of `field` in `to`
  for the row's own council: ids are only unique within one, so another
  council's child with the same id must not satisfy it.
-#}
{% test relationships_within_council(model, column_name, to, field) %}

    select records.{{ column_name }} as unmatched_value
    from {{ model }} as records
    where
        records.{{ column_name }} is not null
        and not exists (
            select 1
            from {{ to }} as parents
            where
                parents.la_code = records.la_code
                and parents.{{ field }} = records.{{ column_name }}
        )

{% endtest %}
