-- A dataset's actor names to our actors: the crosswalk's exact spelling first, then our own
-- names, ids and aliases compared as search compares them (norm: case, diacritics,
-- apostrophes, hyphens and spaces ignored, so Kata'ib = Kataib). A name that our own names
-- give to more than one actor is not applied: it comes back with the candidates.
WITH names AS (SELECT DISTINCT unnest($names::VARCHAR[]) AS source_name),
walked AS (
    SELECT n.source_name, c.actor_id
    FROM names n JOIN crosswalk c ON c.dataset = $dataset AND c.source_name = trim(n.source_name)
),
labels AS (
    SELECT actor_id, norm(name) AS label FROM actors
    UNION SELECT actor_id, norm(actor_id) FROM actors
    UNION SELECT actor_id, norm(unnest(aliases)) FROM actors
),
named AS (
    SELECT n.source_name, list(DISTINCT l.actor_id ORDER BY l.actor_id) AS candidates
    FROM names n JOIN labels l ON l.label = norm(n.source_name)
    WHERE l.label <> '' AND n.source_name NOT IN (SELECT source_name FROM walked)
    GROUP BY n.source_name
)
SELECT source_name, actor_id, 'crosswalk' AS how, NULL::VARCHAR[] AS candidates FROM walked
UNION ALL
SELECT source_name, CASE WHEN len(candidates) = 1 THEN candidates[1] END,
       CASE WHEN len(candidates) = 1 THEN 'name' ELSE 'ambiguous' END, candidates
FROM named
ORDER BY source_name
