-- Claims made by an actor and claims made about it.
SELECT CASE WHEN c.claimant_id = $actor_id::VARCHAR THEN 'made by' ELSE 'about' END AS side,
       c.date, e.title AS event, ca.name AS claimant, c.stance, su.name AS subject, c.involvement,
       c.quote, s.publisher || ' (' || s.published || ')' AS source, s.reliability, c.credibility
FROM claims c
JOIN events e USING (event_id)
JOIN actors ca ON ca.actor_id = c.claimant_id
JOIN actors su ON su.actor_id = c.subject_id
JOIN sources s USING (source_id)
WHERE $actor_id::VARCHAR IN (c.claimant_id, c.subject_id)
ORDER BY c.date_lo, c.claim_id
