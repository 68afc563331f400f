-- Claimant × subject × involvement: the stances taken, for one event.
SELECT ca.name AS claimant, su.name AS subject, c.involvement,
       string_agg(DISTINCT c.stance, ', ' ORDER BY c.stance) AS stances
FROM claims c
JOIN actors ca ON ca.actor_id = c.claimant_id
JOIN actors su ON su.actor_id = c.subject_id
WHERE c.event_id = $event_id::VARCHAR
GROUP BY ALL
ORDER BY claimant, subject, c.involvement
