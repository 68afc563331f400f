-- Statements made by an actor and statements made about it, with every source that reports each.
SELECT CASE WHEN c.claimant_id = $actor_id::VARCHAR THEN 'made by' ELSE 'about' END AS side,
       c.date, e.title AS event, ca.name AS claimant, c.stance, su.name AS subject, c.involvement,
       c.quote, c.note, sl.sources, cw.source_count, cw.reliability AS best_reliability, c.credibility
FROM claims c
JOIN events e USING (event_id)
JOIN actors ca ON ca.actor_id = c.claimant_id
JOIN actors su ON su.actor_id = c.subject_id
JOIN claim_weights cw USING (claim_id)
JOIN source_labels sl ON sl.fact_kind = 'claim' AND sl.fact_id = c.claim_id
WHERE $actor_id::VARCHAR IN (c.claimant_id, c.subject_id)
ORDER BY c.date_lo, c.claim_id
