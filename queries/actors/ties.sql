-- Every tie of an actor, read from its side: down (it sponsors), up (sponsored by), across.
SELECT CASE WHEN r.source_id = $actor_id::VARCHAR THEN 'out' ELSE 'in' END AS direction,
       s.name AS source, replace(r.type, '_', ' ') AS type, t.name AS target,
       r.confidence, r.start, r."end", coalesce(sl.sources, '') AS sources,
       CASE WHEN r.source_id = $actor_id::VARCHAR THEN r.target_id ELSE r.source_id END AS other_id
FROM relationships r
JOIN actors s ON s.actor_id = r.source_id
JOIN actors t ON t.actor_id = r.target_id
LEFT JOIN source_labels sl ON sl.fact_kind = 'relationship' AND sl.fact_id = r.rel_id
WHERE $actor_id::VARCHAR IN (r.source_id, r.target_id)
ORDER BY r.type, source, target, r.rel_id
