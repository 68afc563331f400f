-- Rows that repeat an earlier row in every column of a multi-column unique key (in claims.csv,
-- the same statement twice: same event, claimant, subject, stance, involvement and date).
-- A row's key is the list of its trimmed cells in key order; the keys that repeat are found by
-- counting (usually none), and only their rows are looked at again.
WITH keyed AS (
    SELECT k.key_id, c._row, list_sort(list({'position': k.position, 'value': trim(c.value)})) AS key
    FROM contract_unique_keys k JOIN cells c USING (field_id)
    GROUP BY k.key_id, c._row
),
repeated AS (
    SELECT key_id, key, min(_row) AS first_row
    FROM keyed
    GROUP BY key_id, key
    HAVING count(*) > 1
)
SELECT f.resource, r._row, k.label AS field, NULL AS value,
       'one row for each ' || k.label || ' (a statement reported by several sources is one row citing them all)' AS expected,
       'repeats another row' AS problem, d.first_row AS other_row
FROM keyed r
JOIN repeated d USING (key_id, key)
JOIN contract_unique_keys k ON k.key_id = r.key_id AND k.position = 0
JOIN contract_fields f USING (field_id)
WHERE r._row > d.first_row
