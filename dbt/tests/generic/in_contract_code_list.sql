{#-
  in_contract_code_list(code_list): every non-blank value of the column is a
  code of the contract's list `code_list` (contract/contract.yaml
  code_lists, rendered into macros/generated/code_groups.sql). The staging
  models test their code columns with it instead of restating the codes,
  so a code added to the contract is valid here the same night. An unknown
  list name stops compilation.
-#}
{% test in_contract_code_list(model, column_name, code_list) %}
    {%- set lists = contract_code_lists() -%}
    {%- if code_list not in lists -%}
        {{ exceptions.raise_compiler_error("in_contract_code_list: no code list '" ~ code_list ~ "' in the contract") }}
    {%- endif %}

    select {{ column_name }} as value_not_in_contract
    from {{ model }}
    where
        {{ column_name }} is not null
        and cast({{ column_name }} as varchar) not in (
            {%- for code in lists[code_list] -%}
                '{{ code }}'{{ ", " if not loop.last }}
            {%- endfor -%}
        )

{% endtest %}
