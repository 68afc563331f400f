-- Up the chain from an actor: who sponsors, funds, arms, trains or directs it, and what it
-- is a member of, and so on up to the state. One row per tie, with its level above the actor.
WITH RECURSIVE up(level, actor_id, parent_id, rel_id, path) AS (
    SELECT 0, $actor_id::VARCHAR, NULL::VARCHAR, NULL::VARCHAR, [$actor_id::VARCHAR]
    UNION ALL
    SELECT up.level + 1, p.patron_id, up.actor_id, p.rel_id, list_append(up.path, p.patron_id)
    FROM up
    JOIN patronage p ON p.client_id = up.actor_id
    WHERE NOT list_contains(up.path, p.patron_id) AND up.level < 6
)
-- Each tie once, at the lowest level it is reached; member_of is read from the parent's side.
SELECT min(up.level) AS level, pa.name AS sponsor, pa.kind AS sponsor_kind,
       CASE WHEN r.type = 'member_of' THEN 'has as member' ELSE replace(r.type, '_', ' ') END AS tie,
       ch.name AS of_actor, r.confidence, coalesce(sl.sources, '') AS sources,
       up.actor_id AS sponsor_id, up.parent_id AS of_actor_id
FROM up
JOIN actors pa ON pa.actor_id = up.actor_id
JOIN actors ch ON ch.actor_id = up.parent_id
JOIN relationships r ON r.rel_id = up.rel_id
LEFT JOIN source_labels sl ON sl.fact_kind = 'relationship' AND sl.fact_id = r.rel_id
WHERE up.level > 0
GROUP BY ALL
ORDER BY level, sponsor, of_actor, tie, sponsor_id, of_actor_id
