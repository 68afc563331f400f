-- One event's dispute as a dated sequence of statements: who said what of whom, and every
-- source that reports it, the most reliable first (its weight is the statement's).
WITH cited AS (
    SELECT c.claim_id,
           list({'title': s.title, 'title_described': s.title_described, 'publisher': s.publisher,
                 'published': s.published, 'url': s.url, 'reliability': s.reliability}
                ORDER BY w.weight DESC, s.published, s.source_id) AS source_list
    FROM (SELECT claim_id, unnest(source_ids) AS source_id FROM claims WHERE event_id = $event_id::VARCHAR) c
    JOIN sources s USING (source_id)
    JOIN reliability_weights w USING (reliability)
    GROUP BY c.claim_id
)
SELECT c.claim_id, c.date, c.date_lo,
       ca.name AS claimant, su.name AS subject,
       c.stance, c.involvement, c.quote, c.note,
       cw.source_count AS sources, cw.reliability AS best_reliability, cw.weight,
       sl.sources AS reported_by, c.credibility,
       c.claimant_id, c.subject_id, c.source_ids, ci.source_list
FROM claims c
JOIN actors ca ON ca.actor_id = c.claimant_id
JOIN actors su ON su.actor_id = c.subject_id
JOIN claim_weights cw USING (claim_id)
JOIN cited ci USING (claim_id)
JOIN source_labels sl ON sl.fact_kind = 'claim' AND sl.fact_id = c.claim_id
WHERE c.event_id = $event_id::VARCHAR
ORDER BY c.date_lo, c.claim_id
