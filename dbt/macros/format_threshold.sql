{#-
  A threshold as the papers print it: up to two decimals without trailing
  zeros, with % for percentages ("87%", "95.2", "22.7%").
-#}
{% macro format_threshold(number_expr, unit_expr) -%}
    (rtrim(rtrim(printf('%.2f', {{ number_expr }}), '0'), '.')
     || case when {{ unit_expr }} = 'percentage' then '%' else '' end)
{%- endmacro %}
