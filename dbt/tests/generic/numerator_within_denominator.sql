{#- Fails on every percentage row whose numerator is negative or above its
    denominator: a share cannot exceed the whole. -#}
{% test numerator_within_denominator(model, unit_column='unit', percentage_unit='percentage') %}

select *
from {{ model }}
where
    {{ unit_column }} = '{{ percentage_unit }}'
    and (numerator < 0 or numerator > denominator)

{% endtest %}
