-- References that point at no row, inside ';' lists too: each item is checked on its own.
-- References into a file that could not be read at all are left to that file's own error.
-- The lists are split with string_split and their items trimmed after unnesting: split_list's lambdas
-- over every list cost three times as much (at 1M events, seconds).
WITH refs AS (
    SELECT field_id, _row, ref_field_id, trim(item) AS item
    FROM (SELECT c.field_id, c._row, k.ref_field_id,
                 unnest(CASE WHEN k.is_list THEN string_split(c.value, ';') ELSE [c.value] END) AS item
          FROM cells c JOIN contract_foreign_keys k USING (field_id)
          WHERE k.ref_resource NOT IN (SELECT resource FROM unreadable))
    WHERE trim(item) <> ''
),
keys AS (
    SELECT DISTINCT field_id AS ref_field_id, trim(value) AS item
    FROM cells
    WHERE field_id IN (SELECT ref_field_id FROM contract_foreign_keys)
),
missing AS (
    SELECT * FROM refs ANTI JOIN keys USING (ref_field_id, item)
)
SELECT f.resource, r._row, f.field, r.item AS value,
       'an existing ' || k.ref_field || ' from ' || k.ref_resource || '.csv' AS expected,
       'refers to nothing' AS problem, NULL::BIGINT AS other_row
FROM missing r
JOIN contract_fields f ON f.field_id = r.field_id
JOIN contract_foreign_keys k ON k.field_id = r.field_id
