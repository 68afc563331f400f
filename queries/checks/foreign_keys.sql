-- References that point at no row, inside ';' lists too: each item is checked on its own.
-- References into a file that could not be read at all are left to that file's own error.
WITH refs AS (
    SELECT c.resource, c._row, c.field, k.ref_resource, k.ref_field,
           unnest(CASE WHEN k.is_list THEN split_list(c.value) ELSE [trim(c.value)] END) AS item
    FROM cells c JOIN contract_foreign_keys k USING (resource, field)
    WHERE blank(c.value) IS NOT NULL
      AND k.ref_resource NOT IN (SELECT resource FROM unreadable)
),
keys AS (
    SELECT DISTINCT resource AS ref_resource, field AS ref_field, trim(value) AS item
    FROM cells
    WHERE (resource, field) IN (SELECT ref_resource, ref_field FROM contract_foreign_keys)
)
SELECT r.resource, r._row, r.field, r.item AS value,
       'an existing ' || r.ref_field || ' from ' || r.ref_resource || '.csv' AS expected,
       'refers to nothing' AS problem, NULL::BIGINT AS other_row
FROM refs r
ANTI JOIN keys k USING (ref_resource, ref_field, item)
