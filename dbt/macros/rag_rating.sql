{#-
  The Red/Amber/Green rules as expressions of a value, so indicator_rag
  (the recorded value) and performance_summary (the nowcast's expected final
  value) rate a figure one way. `t` prefixes the threshold columns
  (method, direction, green_threshold, amber_threshold, range_high,
  range_amber_margin, sn_average, national_value), e.g. 'rag.'.
  The rules themselves are described in models/marts/indicator_rag.sql.
-#}
{% macro meets_target(value, t='') -%}
    (case {{ t }}direction
        when 'higher_is_better' then {{ value }} >= {{ t }}green_threshold
        when 'lower_is_better' then {{ value }} < {{ t }}green_threshold
    end)
{%- endmacro %}

{% macro meets_average(value, average, t='') -%}
    (case {{ t }}direction
        when 'higher_is_better' then {{ value }} >= {{ t }}{{ average }}
        when 'lower_is_better' then {{ value }} <= {{ t }}{{ average }}
    end)
{%- endmacro %}

{% macro rag_tolerances(value, t='') -%}
    case
        when {{ value }} is null or {{ t }}method = 'none' then null
        when {{ t }}method = 'range'
            then
                case
                    when {{ value }} <= {{ t }}range_high then 'green'
                    when {{ value }} <= {{ t }}range_high + coalesce({{ t }}range_amber_margin, 0) then 'amber'
                    else 'red'
                end
        when {{ meets_target(value, t) }} then 'green'
        when
            {{ t }}method = 'three_band' and {{ t }}direction = 'higher_is_better'
            and {{ value }} >= {{ t }}amber_threshold
            then 'amber'
        when
            {{ t }}method = 'three_band' and {{ t }}direction = 'lower_is_better'
            and {{ value }} < {{ t }}amber_threshold
            then 'amber'
        else 'red'
    end
{%- endmacro %}

{% macro rag_three_way_2013(value, t='') -%}
    case
        when
            {{ value }} is null
            or {{ t }}method in ('none', 'range')
            or {{ t }}green_threshold is null
            or ({{ t }}sn_average is null and {{ t }}national_value is null)
            then null
        when
            {{ meets_target(value, t) }}
            and (
                coalesce({{ meets_average(value, 'sn_average', t) }}, false)
                or coalesce({{ meets_average(value, 'national_value', t) }}, false)
            )
            then 'green'
        when
            {{ meets_target(value, t) }}
            or coalesce({{ meets_average(value, 'sn_average', t) }}, false)
            or coalesce({{ meets_average(value, 'national_value', t) }}, false)
            then 'amber'
        else 'red'
    end
{%- endmacro %}

{#- The RAG by the method var rag_method picks (env LAC_RAG_METHOD). -#}
{% macro rag_by_method(value, t='') -%}
    {%- if var('rag_method') == 'three_way_2013' -%}
        {{ rag_three_way_2013(value, t) }}
    {%- else -%}
        {{ rag_tolerances(value, t) }}
    {%- endif -%}
{%- endmacro %}
