-- One event's dispute as a dated sequence: who said what of whom, on which source.
SELECT c.claim_id, c.date, c.date_lo,
       ca.name AS claimant, su.name AS subject,
       c.stance, c.involvement, c.quote,
       s.title AS source_title, s.publisher, s.published, s.url, s.kind AS source_kind,
       s.affiliation, s.reliability, c.credibility, c.claimant_id, c.subject_id, c.source_id
FROM claims c
JOIN actors ca ON ca.actor_id = c.claimant_id
JOIN actors su ON su.actor_id = c.subject_id
JOIN sources s USING (source_id)
WHERE c.event_id = $event_id::VARCHAR
ORDER BY c.date_lo, c.claim_id
