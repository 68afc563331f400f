-- The sidebar search: actors by name, alias or id, events by title, claims by quote or note, sources
-- by title or publisher, ignoring case, diacritics, apostrophes, hyphens and tatweel (norm()).
-- Rows above the marking ceiling are not in these tables, so they are never found.
-- kind, id (what the hit opens: the actor, the event, the claim's event, the source), label, detail
-- (an actor's kind, an event's date, a claim's claimant, a source's publisher and date) and matched_alias
-- (the alias, or the claim's quote or note, the query was found in; none when an actor's name matched).
WITH q AS (SELECT norm($q::VARCHAR) AS q)
SELECT * FROM (
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
    UNION ALL
    SELECT 'claim', c.event_id, e.title, ca.name,
           CASE WHEN contains(norm(c.quote), q.q) THEN c.quote ELSE c.note END
    FROM claims c
    JOIN events e ON e.event_id = c.event_id
    JOIN actors ca ON ca.actor_id = c.claimant_id
    CROSS JOIN q
    WHERE q.q <> '' AND (contains(norm(c.quote), q.q) OR contains(norm(c.note), q.q))
    UNION ALL
    SELECT 'source', s.source_id, s.title, s.publisher || ' (' || s.published || ')', NULL
    FROM sources s, q
    WHERE q.q <> '' AND (contains(norm(s.title), q.q) OR contains(norm(s.publisher), q.q))
)
ORDER BY kind, label, id, matched_alias
LIMIT 50
