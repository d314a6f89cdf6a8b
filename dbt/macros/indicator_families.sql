{#-
  The indicator family models: every model tagged `indicator_family` (in its
  folder's models YAML), each giving rows in the indicator_rows() shape.
  indicator_values unions them; a new family joins by its tag.

  The tags are read from the graph, which dbt fills only once every file is
  parsed (execute); a model's dependencies, though, are fixed while it is
  parsed. So the model using this names each family once more in a
  `-- depends_on:` line, and indicator_families() stops compilation if the
  two disagree, naming the line to add or the tag to set.
-#}
{% macro indicator_families(tag='indicator_family') -%}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- if graph.nodes is not defined -%}
        {#- A unit test compiles the model with no graph: its families are
            the int_indicators_* inputs the test gives. -#}
        {%- set inputs = [] -%}
        {%- for unique_id in model.depends_on.nodes if unique_id.split('.')[-1].startswith('int_indicators_') -%}
            {%- do inputs.append(unique_id.split('.')[-1]) -%}
        {%- endfor -%}
        {{ return(inputs | sort) }}
    {%- endif -%}
    {%- set tagged = [] -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' and tag in node.tags -%}
        {%- do tagged.append(node) -%}
    {%- endfor -%}
    {%- set depended = model.depends_on.nodes -%}
    {%- for node in tagged if node.unique_id not in depended -%}
        {{ exceptions.raise_compiler_error(
            node.name ~ " is tagged " ~ tag ~ " but " ~ model.name ~ " does not depend on it: add "
            ~ "`-- depends_on: {{ ref('" ~ node.name ~ "') }}` to " ~ model.original_file_path
        ) }}
    {%- endfor -%}
    {%- set tagged_ids = tagged | map(attribute='unique_id') | list -%}
    {%- for unique_id in depended
        if unique_id.startswith('model.') and unique_id.split('.')[-1].startswith('int_indicators_')
        and unique_id not in tagged_ids -%}
        {{ exceptions.raise_compiler_error(
            model.name ~ " depends on " ~ unique_id.split('.')[-1] ~ ", which is not tagged " ~ tag
        ) }}
    {%- endfor -%}
    {{ return(tagged | map(attribute='name') | sort) }}
{%- endmacro %}
