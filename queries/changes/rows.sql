-- Rows of one table added, removed or changed since a baseline (its Parquet file), a changed row
-- once per field that differs, old -> new as text. Rows above $max_level are in neither version.
-- $table is checked against the baseline's table names before it gets here; $key is its key column,
-- $fields the contract's fields (derived columns are not compared).
WITH now AS (
    SELECT t.json ->> $key::VARCHAR AS id, t.json
    FROM (SELECT to_json(q) AS json FROM query_table($table::VARCHAR) q WHERE q.marking_level <= $max_level::INTEGER) t
), base AS (
    SELECT t.json ->> $key::VARCHAR AS id, t.json
    FROM (SELECT to_json(q) AS json FROM read_parquet($path::VARCHAR) q WHERE q.marking_level <= $max_level::INTEGER) t
), fields AS (
    SELECT unnest($fields::VARCHAR[]) AS field
), found AS (
    SELECT 'added' AS change, n.id, NULL::VARCHAR AS field, NULL::VARCHAR AS old, NULL::VARCHAR AS new, n.json
    FROM now n WHERE n.id NOT IN (SELECT id FROM base)
    UNION ALL
    SELECT 'removed', b.id, NULL, NULL, NULL, b.json
    FROM base b WHERE b.id NOT IN (SELECT id FROM now)
    UNION ALL
    SELECT 'changed', n.id, f.field, b.json ->> f.field, n.json ->> f.field, n.json
    FROM now n JOIN base b USING (id) CROSS JOIN fields f
    WHERE (n.json ->> f.field) IS DISTINCT FROM (b.json ->> f.field)
)
SELECT $table::VARCHAR AS "table", change, id,
       coalesce(json ->> 'title', json ->> 'name',
                concat_ws(' ', json ->> 'source_id', json ->> 'type', json ->> 'target_id'),
                concat_ws(' ', json ->> 'claimant_id', json ->> 'stance', json ->> 'subject_id')) AS what,
       field, old, new, json ->> 'marking' AS marking
FROM found
ORDER BY CASE change WHEN 'added' THEN 0 WHEN 'changed' THEN 1 ELSE 2 END, id, field
