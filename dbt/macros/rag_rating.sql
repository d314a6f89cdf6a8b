{#-
  The Red/Amber/Green rules as expressions of a value, so indicator_rag
  (the recorded value) and performance_summary (the nowcast's expected final
  value) rate a figure one way, and the threshold labels the summary prints
  ("95%+", "<87%", "up to 1 above range") are written from the same
  comparisons. `t` prefixes the threshold columns (method, direction,
  green_threshold, amber_threshold, range_low, range_high,
  range_amber_margin, sn_average, national_value), e.g. 'rag.'.
  The rules themselves are described in models/marts/indicator_rag.sql.
-#}

{#- A threshold reached in the better direction: at or above it when higher
    is better, below it when lower is better (the papers print
    "Green <8%", "Red 16%+"); null when the direction is none. -#}
{% macro reaches(value, threshold, t='') -%}
    (case {{ t }}direction
        when 'higher_is_better' then {{ value }} >= {{ threshold }}
        when 'lower_is_better' then {{ value }} < {{ threshold }}
    end)
{%- endmacro %}

{% macro meets_target(value, t='') -%}
    {{ reaches(value, t ~ 'green_threshold', t) }}
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
        when {{ t }}method = 'three_band' and {{ reaches(value, t ~ 'amber_threshold', t) }} then 'amber'
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


{#- The labels of the comparisons above as the papers print them: a
    threshold reached ("95%+" when higher is better, "<8%" when lower is
    better) and a threshold fallen short of ("<95%", "8%+"). -#}
{% macro reaches_label(threshold, unit, t='') -%}
    (case {{ t }}direction
        when 'higher_is_better' then {{ format_threshold(threshold, unit) }} || '+'
        when 'lower_is_better' then '<' || {{ format_threshold(threshold, unit) }}
    end)
{%- endmacro %}

{% macro short_of_label(threshold, unit, t='') -%}
    (case {{ t }}direction
        when 'higher_is_better' then '<' || {{ format_threshold(threshold, unit) }}
        when 'lower_is_better' then {{ format_threshold(threshold, unit) }} || '+'
    end)
{%- endmacro %}

{#- The red / amber / green columns of the published table, band by band
    as rag_tolerances draws them. -#}
{% macro green_threshold_label(unit, t='') -%}
    case
        when {{ t }}method = 'range'
            then {{ format_threshold(t ~ 'range_low', "''") }} || '-' || {{ format_threshold(t ~ 'range_high', "''") }}
        when {{ t }}method in ('three_band', 'two_band')
            then {{ reaches_label(t ~ 'green_threshold', unit, t) }}
    end
{%- endmacro %}

{#- Amber is printed as its band's lower edge: from the amber threshold up
    when higher is better, from the green threshold up when lower is better;
    two_band has no amber ('-'). -#}
{% macro amber_threshold_label(unit, t='') -%}
    case
        when {{ t }}method = 'range'
            then 'up to ' || {{ format_threshold(t ~ 'range_amber_margin', "''") }} || ' above range'
        when {{ t }}method = 'three_band' and {{ t }}direction = 'higher_is_better'
            then {{ reaches_label(t ~ 'amber_threshold', unit, t) }}
        when {{ t }}method = 'three_band' and {{ t }}direction = 'lower_is_better'
            then {{ short_of_label(t ~ 'green_threshold', unit, t) }}
        when {{ t }}method = 'two_band' then '-'
    end
{%- endmacro %}

{% macro red_threshold_label(unit, t='') -%}
    case
        when {{ t }}method = 'range'
            then 'more than ' || {{ format_threshold(t ~ 'range_amber_margin', "''") }} || ' above range'
        when {{ t }}method = 'three_band' then {{ short_of_label(t ~ 'amber_threshold', unit, t) }}
        when {{ t }}method = 'two_band' then {{ short_of_label(t ~ 'green_threshold', unit, t) }}
    end
{%- endmacro %}
