-- Rows that repeat an earlier row in every column of a multi-column unique key (in claims.csv,
-- the same statement twice: same event, claimant, subject, stance, involvement and date).
-- A row's key is the list of its trimmed cells in key order. Building that list for every row was
-- most of this rule's cost, so rows are first grouped by a hash of their key (the sum of a hash of each
-- cell and its position: a number, cheap to group). Only the rows whose hash repeats (usually none;
-- a hash shared by two different keys too) have their lists built, and the keys that repeat are
-- found among them by counting.
WITH hashed AS (
    SELECT k.key_id, c._row, sum(hash(k.position, trim(c.value))::HUGEINT) AS h
    FROM contract_unique_keys k JOIN cells c USING (field_id)
    GROUP BY k.key_id, c._row
),
candidates AS (
    SELECT key_id, _row
    FROM hashed
    SEMI JOIN (SELECT key_id, h FROM hashed GROUP BY key_id, h HAVING count(*) > 1) USING (key_id, h)
),
keyed AS (
    SELECT k.key_id, c._row, list_sort(list({'position': k.position, 'value': trim(c.value)})) AS key
    FROM contract_unique_keys k
    JOIN cells c USING (field_id)
    SEMI JOIN candidates d ON d.key_id = k.key_id AND d._row = c._row
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
