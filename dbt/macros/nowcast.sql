{#-
  The nowcast's two estimates, shared by tonight's nowcast and the
  leave-one-out nowcasts that measure its spread (int_indicator_nowcasts).
  Arguments are SQL expressions; sums are over the months settled by the
  night being nowcast, at the same lag.

  Denominator (cohorts: large, nearly complete at the first report):
  chain ladder, the recorded denominator times the completion factor
  sum(final) / sum(at this lag).

  Numerator (records typed in late): Bornhuetter-Ferguson. The part still to
  be recorded is the share a settled month still lacked at this lag
  (1 - sum(at this lag) / sum(final)) of a prior final numerator: the
  settled months' final rate (sum final numerators / sum final
  denominators) times the expected final denominator (for counts, the
  settled months' mean final count). Chain ladder would multiply the few
  records typed in so far by the factor, so a month whose first records
  happen to be few (initial health assessments: about 15 due a month, a
  third recorded at the first report) would be nowcast far too low; the
  back-test (scripts/backtest_nowcast.py) measured about half the error
  with BF for those and no loss for the large cohorts.
-#}
{% macro expected_final_denominator(denominator, sum_final_denominator, sum_denominator_at_lag) -%}
    ({{ denominator }} * {{ sum_final_denominator }} / nullif({{ sum_denominator_at_lag }}, 0))
{%- endmacro %}

{% macro expected_final_numerator(
    numerator, expected_denominator, sum_final_numerator, sum_numerator_at_lag, sum_final_denominator, settled_months
) -%}
    ({{ numerator }} + coalesce(
        (1 - ({{ sum_numerator_at_lag }}) / nullif({{ sum_final_numerator }}, 0))
        * case
            when {{ expected_denominator }} is null then ({{ sum_final_numerator }}) / nullif({{ settled_months }}, 0)
            else ({{ sum_final_numerator }}) / nullif({{ sum_final_denominator }}, 0) * {{ expected_denominator }}
        end,
        0
    ))
{%- endmacro %}
