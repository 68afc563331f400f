-- Every name and alias of every actor, for the fuzzy suggestions of the import report.
SELECT actor_id, name AS label FROM actors
UNION
SELECT actor_id, unnest(aliases) FROM actors
ORDER BY actor_id, label
