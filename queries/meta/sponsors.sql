-- The sponsor filter's choices: actors that sponsor, fund, arm, train or direct another,
-- and organisations that others are members of (a state over its agencies, an umbrella).
SELECT a.actor_id, a.name, a.kind
FROM actors a
WHERE a.actor_id IN (
    SELECT source_id FROM relationships WHERE type IN ('sponsors', 'funds', 'arms', 'trains', 'directs')
    UNION
    SELECT target_id FROM relationships WHERE type = 'member_of'
)
ORDER BY a.kind = 'state' DESC, a.kind = 'state_agency' DESC, a.name, a.actor_id
