{#-
  Generated from contract/contract.yaml (code_groups) by
  `python -m contract.dbt_code_groups`; edit the YAML, not this file.
  Read the groups through code_list() (macros/code_list.sql), the lists
  through the generic test in_contract_code_list (tests/generic).
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

{% macro contract_code_lists() %}
    {{ return({
        'sex': ['1', '2'],
        'ethnicity': ['WBRI', 'WIRI', 'WIRT', 'WOTH', 'WROM', 'MWBC', 'MWBA', 'MWAS', 'MOTH', 'AIND', 'APKN', 'ABAN', 'AOTH', 'BCRB', 'BAFR', 'BOTH', 'CHNE', 'OOTH', 'REFU', 'NOBT'],
        'rne': ['S', 'L', 'P', 'T', 'U', 'B'],
        'legal_status': ['C1', 'C2', 'D1', 'E1', 'J1', 'J2', 'J3', 'L1', 'L2', 'L3', 'V2', 'V3', 'V4'],
        'cin': ['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8'],
        'placement_type': ['A3', 'A4', 'A5', 'A6', 'H5', 'K1', 'K2', 'P1', 'P2', 'P3', 'R1', 'R2', 'R3', 'R5', 'S1', 'T0', 'T1', 'T2', 'T3', 'T4', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'Z1'],
        'place_provider': ['PR0', 'PR1', 'PR2', 'PR3', 'PR4', 'PR5'],
        'reason_ceased': ['E11', 'E12', 'E13', 'E14', 'E15', 'E16', 'E17', 'E2', 'E3', 'E41', 'E43', 'E44', 'E45', 'E46', 'E47', 'E48', 'E4A', 'E4B', 'E5', 'E6', 'E7', 'E8', 'E9', 'X1'],
        'reason_place_change': ['ALLEG', 'APPL', 'CARPL', 'CHILD', 'CLOSE', 'CREQB', 'CREQO', 'CUSTOD', 'LAREQ', 'OTHER', 'PLACE', 'STAND'],
        'review_code': ['PN0', 'PN1', 'PN2', 'PN3', 'PN4', 'PN5', 'PN6', 'PN7'],
        'missing_type': ['M', 'A'],
        'permanence_order': ['SGO', 'CAO'],
        'yes_no_01': ['0', '1'],
        'nb_adoptr': ['1', '2'],
        'sex_adoptr': ['M1', 'F1', 'MM', 'FF', 'MF'],
        'ls_adoptr': ['L0', 'L11', 'L12', 'L2', 'L3', 'L4'],
        'reason_placed_ceased': ['E11', 'E12', 'RD1', 'RD2', 'RD3', 'RD4'],
        'in_touch': ['YES', 'NO', 'DIED', 'REFU', 'NREQ', 'RHOM'],
        'activity': ['F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'F5', 'P5', 'G4', 'G5', 'G6', '0'],
        'accommodation': ['B1', 'B2', 'C1', 'C2', 'D1', 'D2', 'E1', 'E2', 'G1', 'G2', 'H1', 'H2', 'K1', 'K2', 'R1', 'R2', 'S1', 'S2', 'T1', 'T2', 'U1', 'U2', 'V1', 'V2', 'W1', 'W2', 'X1', 'X2', 'Y1', 'Y2', 'Z1', 'Z2', '0'],
        'plan_type': ['CARE_PLAN', 'PATHWAY_PLAN'],
        'assessment_type': ['IHA', 'RHA', 'DENTAL'],
        'child_flag': ['YOS', 'EHCP'],
        'health_outcome': ['COMPLETED', 'DECLINED', 'DNA'],
        'carer_type': ['MAINSTREAM', 'FAMILY_AND_FRIENDS'],
        'household_status': ['ACTIVE', 'DEREGISTERED'],
        'approval_stage': ['ENQUIRY', 'IN_ASSESSMENT', 'APPROVED', 'WITHDRAWN'],
        'deregistration_reason': ['RETIRED', 'CHANGE_IN_CIRCUMSTANCES', 'MOVED_AREA', 'TRANSFERRED_AGENCY', 'SGO_OR_ADOPTION', 'STANDARDS_OF_CARE', 'OTHER'],
        'school_term': ['AUTUMN', 'SPRING', 'SUMMER'],
        'exclusion_type': ['SUSPENSION', 'PERMANENT'],
    }) }}
{% endmacro %}
