-- Ties that began (new in the data), ended (an end date where the baseline had none) or changed
-- confidence since a baseline ($path: its relationships table). A tie removed from the data is
-- in changes/rows as removed.
WITH base AS (
    SELECT * FROM read_parquet($path::VARCHAR) WHERE marking_level <= $max_level::INTEGER
), now AS (
    SELECT * FROM relationships WHERE marking_level <= $max_level::INTEGER
)
SELECT n.rel_id,
       CASE WHEN b.rel_id IS NULL THEN 'began'
            WHEN b."end" IS NULL AND n."end" IS NOT NULL THEN 'ended'
            ELSE 'confidence changed' END AS change,
       s.name || ' ' || replace(n.type, '_', ' ') || ' ' || t.name AS tie,
       CASE WHEN b.rel_id IS NULL THEN coalesce(n.start, '')
            WHEN b."end" IS NULL AND n."end" IS NOT NULL THEN n."end"
            ELSE '' END AS date,
       b.confidence AS old_confidence, n.confidence AS confidence, n.marking
FROM now n
LEFT JOIN base b USING (rel_id)
JOIN actors s ON s.actor_id = n.source_id
JOIN actors t ON t.actor_id = n.target_id
WHERE b.rel_id IS NULL
   OR (b."end" IS NULL AND n."end" IS NOT NULL)
   OR b.confidence IS DISTINCT FROM n.confidence
ORDER BY CASE change WHEN 'ended' THEN 0 WHEN 'began' THEN 1 ELSE 2 END, tie
