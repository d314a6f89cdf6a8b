{#-
  code_list(groups, exclude=none): a SQL list of the codes in one or more of
  the contract's code groups (contract/contract.yaml code_groups, rendered
  into macros/generated/code_groups.sql), for `column in {{ code_list(...) }}`.
  `groups` is a group name or a list of them (their codes joined, in order,
  each once); `exclude` names a group whose codes are left out. An unknown
  group stops compilation, so a misspelt name cannot match nothing quietly.
-#}
{% macro code_list(groups, exclude=none) -%}
    {%- set known = contract_code_groups() -%}
    {%- set names = [groups] if groups is string else groups -%}
    {%- set excluded = [] -%}
    {%- if exclude is not none -%}
        {%- if exclude not in known -%}
            {{ exceptions.raise_compiler_error("code_list: no code group '" ~ exclude ~ "' in the contract") }}
        {%- endif -%}
        {%- do excluded.extend(known[exclude]) -%}
    {%- endif -%}
    {%- set codes = [] -%}
    {%- for name in names -%}
        {%- if name not in known -%}
            {{ exceptions.raise_compiler_error("code_list: no code group '" ~ name ~ "' in the contract") }}
        {%- endif -%}
        {%- for code in known[name] if code not in codes and code not in excluded -%}
            {%- do codes.append(code) -%}
        {%- endfor -%}
    {%- endfor -%}
    ({%- for code in codes -%}'{{ code }}'{{ ", " if not loop.last }}{%- endfor -%})
{%- endmacro %}
