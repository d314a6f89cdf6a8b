{#-
  postgres_compatibility(): DuckDB's scalar date and number functions that
  the models call by name, defined in PostgreSQL's `public` schema with
  DuckDB's meaning, so the same SQL builds on both (issue 13, part 6:
  the portability check, tests/postgres). Run once per PostgreSQL database
  before a build: `dbt run-operation postgres_compatibility --target postgres`.

  Why functions here rather than a macro at every call: they are plain
  function calls (year(d), last_day(d), datediff('day', a, b) ...), about 80
  of them; a PostgreSQL twin keeps the DuckDB SQL, and so the DuckDB
  figures, exactly as they were. What cannot be a function (syntax:
  intervals, qualify, `//`, list literals; and aggregates over two values,
  arg_max) is written portably in the models, or goes through the macros in
  macros/portable/aggregates.sql. DuckDB never runs this macro.
-#}
{% macro postgres_compatibility() %}
    {%- if target.type != 'postgres' -%}
        {{ exceptions.raise_compiler_error("postgres_compatibility: for the postgres target only") }}
    {%- endif -%}
    {%- set statements -%}
        -- DuckDB's year(), month(), day(): bigint, like DuckDB's.
        create or replace function public.year(d timestamp) returns bigint
            language sql immutable as $$ select cast(extract(year from d) as bigint) $$;
        create or replace function public.month(d timestamp) returns bigint
            language sql immutable as $$ select cast(extract(month from d) as bigint) $$;
        create or replace function public.day(d timestamp) returns bigint
            language sql immutable as $$ select cast(extract(day from d) as bigint) $$;
        -- The month's last day, as a date.
        create or replace function public.last_day(d timestamp) returns date
            language sql immutable as
            $$ select cast(date_trunc('month', d) + interval '1 month' - interval '1 day' as date) $$;
        -- DuckDB's datediff counts the boundaries of the part crossed
        -- between the two: days, months or years (the parts the models use).
        create or replace function public.datediff(part text, a timestamp, b timestamp) returns bigint
            language plpgsql immutable as $$
            begin
                case part
                    when 'day' then return cast(b as date) - cast(a as date);
                    when 'month' then return (extract(year from b) - extract(year from a)) * 12
                        + extract(month from b) - extract(month from a);
                    when 'year' then return extract(year from b) - extract(year from a);
                    else raise exception 'datediff: part % is not supported on PostgreSQL', part;
                end case;
            end $$;
        -- make_date on DuckDB's bigint years and months.
        create or replace function public.make_date(y bigint, m bigint, d bigint) returns date
            language sql immutable as
            $$ select make_date(cast(y as integer), cast(m as integer), cast(d as integer)) $$;
        create or replace function public.to_months(n bigint) returns interval
            language sql immutable as $$ select make_interval(months => cast(n as integer)) $$;
        -- strftime for the numeric fields the models use (%Y, %m, %d).
        create or replace function public.strftime(d timestamp, format text) returns text
            language sql immutable as
            $$ select to_char(d, replace(replace(replace(format, '%Y', 'YYYY'), '%m', 'MM'), '%d', 'DD')) $$;
        -- DuckDB rounds a double half away from zero at the given decimals
        -- (round(x * 10^n) / 10^n); PostgreSQL has round(numeric, n) only.
        create or replace function public.round(x double precision, n integer) returns double precision
            language sql immutable as
            $$ select sign(x) * floor(abs(x) * power(10, n) + 0.5) / power(10, n) $$;
        -- printf for the one format the models use, a number to N decimals ('%.2f').
        create or replace function public.printf(format text, x double precision) returns text
            language plpgsql immutable as $$
            begin
                if format !~ '^%[.][0-9]+f$' then
                    raise exception 'printf: format % is not supported on PostgreSQL', format;
                end if;
                return cast(round(cast(x as numeric), cast(substring(format from 3 for length(format) - 3) as integer)) as text);
            end $$;
        -- DuckDB's any_value: the first value that is not null.
        create or replace function public.any_value_step(state anyelement, value anyelement)
            returns anyelement language sql immutable as $$ select coalesce(state, value) $$;
        create or replace aggregate public.any_value(anyelement) (
            sfunc = public.any_value_step, stype = anyelement
        );
    {%- endset -%}
    {%- do run_query(statements) -%}
    {{ log("postgres_compatibility: DuckDB's functions defined in schema public", info=true) }}
{% endmacro %}
