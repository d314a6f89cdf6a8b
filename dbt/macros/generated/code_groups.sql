{#-
  Generated from contract/contract.yaml (code_groups) by
  `python -m contract.dbt_code_groups`; edit the YAML, not this file.
  Read it through code_list() (macros/code_list.sql).
-#}
{% macro contract_code_groups() %}
    {{ return({
        'short_break_legal_status': ['V3', 'V4'],
        'family_based_placement': ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'A3', 'A4', 'A5', 'A6', 'P1'],
        'foster_placement': ['U1', 'U2', 'U3', 'U4', 'U5', 'U6'],
        'kinship_placement': ['U1', 'U2', 'U3'],
        'temporary_placement': ['T0', 'T1', 'T2', 'T3', 'T4'],
        'placed_for_adoption': ['A3', 'A4', 'A5', 'A6'],
        'adopted_reason_ceased': ['E11', 'E12'],
        'sgo_reason_ceased': ['E43', 'E44', 'E45', 'E46', 'E47', 'E48'],
        'cao_reason_ceased': ['E41'],
        'eet_activity': ['F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'F5', 'P5'],
        'suitable_accommodation_suffix': ['1'],
        'died_reason_ceased': ['E2'],
        'foster_carer_adoption_placement': ['A3', 'A5'],
        'commissioned_placement_provider': ['PR4', 'PR5'],
    }) }}
{% endmacro %}
