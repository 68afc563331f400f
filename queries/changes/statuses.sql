-- Events whose attribution status moved since a baseline ($path: its attribution table;
-- $events: its events table), e.g. 'claimed and uncontested' -> 'claimed and denied'.
WITH base AS (
    SELECT a.event_id, a.status, e.title, e.date, e.marking_level
    FROM read_parquet($path::VARCHAR) a JOIN read_parquet($events::VARCHAR) e USING (event_id)
), now AS (
    SELECT a.event_id, a.status, a.contest_score, e.title, e.date, e.date_lo, e.marking_level, e.marking
    FROM attribution a JOIN events e USING (event_id)
)
SELECT coalesce(n.event_id, b.event_id) AS event_id, coalesce(n.title, b.title) AS title,
       coalesce(n.date, b.date) AS date, coalesce(b.status, 'no claims') AS old, coalesce(n.status, 'no claims') AS new,
       coalesce(n.contest_score, 0) AS contest_score, coalesce(n.marking, 'TLP:CLEAR') AS marking
FROM now n FULL JOIN base b USING (event_id)
WHERE n.status IS DISTINCT FROM b.status
  AND coalesce(n.marking_level, 0) <= $max_level::INTEGER AND coalesce(b.marking_level, 0) <= $max_level::INTEGER
ORDER BY contest_score DESC, n.date_lo DESC NULLS LAST, event_id
