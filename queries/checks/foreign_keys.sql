-- References that point at no row, inside ';' lists too: each item is checked on its own.
-- References into a file that could not be read at all are left to that file's own error.
-- The items a column refers to are looked up once each (most repeat: a few thousand actors and sources
-- cited by a million events), and only the rows of an item found nowhere (usually none) are looked at
-- again ("refs" is not materialized: the second reading scans only the columns of such items). Keys need
-- no DISTINCT: an anti join stops at the first match.
-- (Splitting with string_split and trimming after the unnest, tried for speed, made DuckDB 2.0 fail with an
-- internal error, "dict-surviving cache: global dictionary column changed identity", on a reload at 1M
-- events; split_list's plain-list path is as fast.)
WITH refs AS NOT MATERIALIZED (
    SELECT c.field_id, c._row, k.ref_field_id,
           unnest(CASE WHEN k.is_list THEN split_list(c.value) ELSE [trim(c.value)] END) AS item
    FROM cells c JOIN contract_foreign_keys k USING (field_id)
    WHERE filled(c.value)
      AND k.ref_resource NOT IN (SELECT resource FROM unreadable)
),
keys AS (
    SELECT field_id AS ref_field_id, trim(value) AS item
    FROM cells
    WHERE field_id IN (SELECT ref_field_id FROM contract_foreign_keys)
),
missing AS (
    SELECT field_id, item
    FROM (SELECT DISTINCT field_id, ref_field_id, item FROM refs)
    ANTI JOIN keys USING (ref_field_id, item)
)
SELECT f.resource, r._row, f.field, r.item AS value,
       'an existing ' || k.ref_field || ' from ' || k.ref_resource || '.csv' AS expected,
       'refers to nothing' AS problem, NULL::BIGINT AS other_row
FROM refs r
SEMI JOIN missing m ON m.field_id = r.field_id AND m.item = r.item
JOIN contract_fields f ON f.field_id = r.field_id
JOIN contract_foreign_keys k ON k.field_id = r.field_id
