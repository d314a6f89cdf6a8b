{#-
  Windows that end at a month end, counted back in whole months.
  N months back from a month end is the same month end N months earlier
  (last_day), never the same day number: 28 February 2025 minus 12 months is
  29 February 2024, not 28 February 2024. Plain date arithmetic
  (`d - interval '12 month'`) clamps 29 February to the 28th and, from a 28
  February month end, stops at the 28th of a leap February, so a window
  would be 12 months and a day long and an event on 29 February 2024 would
  count in two rolling years.

  month_end_months_before(month_end, n): the month end n months earlier.
  rolling_window_start(month_end, n): the first day of the n months ending
  at month_end (the day after month_end_months_before).
-#}
{% macro month_end_months_before(month_end, n) -%}
    cast(last_day({{ month_end }} - interval '{{ n }} month') as date)
{%- endmacro %}

{% macro rolling_window_start(month_end, n=12) -%}
    cast(last_day({{ month_end }} - interval '{{ n }} month') + interval '1 day' as date)
{%- endmacro %}
