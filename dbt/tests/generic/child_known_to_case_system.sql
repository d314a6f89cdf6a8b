{#-
  child_known_to_case_system: every child id of the column is a child the
  case system knows, in the SSDA903 header or allocated a social worker.
  The defect it exists for is a record against an id that matches no child
  (mistyped, or from another system). Why allocations count as known: the
  header lists children with an episode, and an episode can be typed in
  weeks after the child was allocated a worker, visited, reviewed and
  assessed (on the simulator's clean twin one child is visited for two
  months before the episode is recorded); such records are recording lag,
  measured by the lag gate, not broken ids. A mistyped id is in neither.
  Known to the record's own council: ids are only unique within one.
-#}
{% test child_known_to_case_system(model, column_name) %}

    select records.{{ column_name }} as unknown_child_id
    from {{ model }} as records
    where
        records.{{ column_name }} is not null
        and not exists (
            select 1
            from {{ ref('stg_social_care__children') }} as children
            where
                children.la_code = records.la_code
                and children.child_id = records.{{ column_name }}
        )
        and not exists (
            select 1
            from {{ ref('stg_social_care__allocations') }} as allocations
            where
                allocations.la_code = records.la_code
                and allocations.child_id = records.{{ column_name }}
        )

{% endtest %}
