-- Every source behind an actor's profile: its row, its ties, its events, the claims.
WITH facts AS (
    SELECT 'actor' AS fact_kind, $actor_id::VARCHAR AS fact_id
    UNION ALL SELECT 'relationship', rel_id FROM relationships WHERE $actor_id::VARCHAR IN (source_id, target_id)
    UNION ALL SELECT 'event', event_id FROM event_actors WHERE actor_id = $actor_id::VARCHAR
    UNION ALL SELECT 'claim', claim_id FROM claims WHERE $actor_id::VARCHAR IN (claimant_id, subject_id)
)
SELECT s.source_id, s.title, s.checkable, s.publisher, s.published, s.kind, s.reliability, s.affiliation, s.url,
       count(*) AS facts
FROM facts JOIN fact_sources fs USING (fact_kind, fact_id)
JOIN sources s ON s.source_id = fs.source_id
GROUP BY ALL
ORDER BY facts DESC, s.published DESC, s.source_id
