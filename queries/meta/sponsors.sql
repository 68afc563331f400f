-- Actors that sponsor, fund, arm, train or direct another: the sponsor filter's choices.
SELECT a.actor_id, a.name, a.kind
FROM actors a
WHERE a.actor_id IN (
    SELECT source_id FROM relationships WHERE type IN ('sponsors', 'funds', 'arms', 'trains', 'directs')
)
ORDER BY a.kind = 'state' DESC, a.kind = 'state_agency' DESC, a.name
