{#-
  recorded_by(recorded_at, as_of_date, revision_aware): the join condition
  that keeps only records typed in by the end of the as-of night, for the
  indicator macros that are computed both for tonight (revision_aware=false:
  the staging models already hold only what was recorded by tonight, so no
  condition is added and tonight's SQL is unchanged) and for every earlier
  night of the revision history (revision_aware=true, int_indicator_revisions).
-#}
{% macro recorded_by(recorded_at, as_of_date, revision_aware) -%}
    {%- if revision_aware %}
        and {{ recorded_at }} < {{ as_of_date }} + interval '1 day'
    {%- endif %}
{%- endmacro %}
