-- Statements added since a baseline ($path: its claims table), latest first, with who said what of whom.
SELECT c.claim_id, c.date, e.title AS event, ca.name AS claimant, c.stance, c.involvement, su.name AS subject,
       sl.sources, c.marking
FROM claims c
JOIN events e USING (event_id)
JOIN actors ca ON ca.actor_id = c.claimant_id
JOIN actors su ON su.actor_id = c.subject_id
LEFT JOIN source_labels sl ON sl.fact_kind = 'claim' AND sl.fact_id = c.claim_id
WHERE c.marking_level <= $max_level::INTEGER
  AND c.claim_id NOT IN (SELECT claim_id FROM read_parquet($path::VARCHAR))
ORDER BY c.date_lo DESC, c.claim_id
