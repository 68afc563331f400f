-- Rows that repeat an earlier row in every column of a multi-column unique key (in claims.csv,
-- the same statement twice: same event, claimant, subject, stance, involvement and date).
WITH keyed AS (
    SELECT k.key_id, c._row, string_agg(trim(c.value), chr(31) ORDER BY k.position) AS key
    FROM contract_unique_keys k JOIN cells c USING (field_id)
    GROUP BY k.key_id, c._row
),
repeats AS (
    SELECT key_id, _row, min(_row) OVER (PARTITION BY key_id, key) AS first_row
    FROM keyed
)
SELECT f.resource, r._row, k.label AS field, NULL AS value,
       'one row for each ' || k.label || ' (a statement reported by several sources is one row citing them all)' AS expected,
       'repeats another row' AS problem, r.first_row AS other_row
FROM repeats r
JOIN contract_unique_keys k ON k.key_id = r.key_id AND k.position = 0
JOIN contract_fields f USING (field_id)
WHERE r._row > r.first_row
