-- Actors by name or alias and events by title, ignoring case, diacritics and apostrophes.
WITH q AS (SELECT norm($q::VARCHAR) AS q)
SELECT 'actor' AS kind, a.actor_id AS id, a.name AS label,
       a.kind AS detail,
       CASE WHEN contains(norm(a.name), q.q) THEN NULL
            ELSE list_filter(a.aliases, lambda x: contains(norm(x), q.q))[1] END AS matched_alias
FROM actors a, q
WHERE q.q <> ''
  AND (contains(norm(a.name), q.q) OR contains(norm(a.actor_id), q.q)
       OR len(list_filter(a.aliases, lambda x: contains(norm(x), q.q))) > 0)
UNION ALL
SELECT 'event', e.event_id, e.title, e.date, NULL
FROM events e, q
WHERE q.q <> '' AND contains(norm(e.title), q.q)
ORDER BY kind, label
LIMIT 50
