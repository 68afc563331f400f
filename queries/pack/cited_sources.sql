-- Every source a pack cites: those behind the statements of its disputes and the facts of its
-- changes section, each once, the most reliable and latest first.
SELECT DISTINCT s.source_id, s.title, s.title_described, s.publisher, s.published, s.published_lo,
       s.reliability, s.url, s.marking
FROM fact_sources f
JOIN sources s USING (source_id)
WHERE (f.fact_kind = 'claim' AND list_contains($claim_ids::VARCHAR[], f.fact_id))
   OR (f.fact_kind = 'relationship' AND list_contains($rel_ids::VARCHAR[], f.fact_id))
   OR (f.fact_kind = 'event' AND list_contains($event_ids::VARCHAR[], f.fact_id))
ORDER BY s.publisher, s.published_lo DESC, s.source_id
