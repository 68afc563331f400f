-- Every source with how many facts rest on it.
SELECT s.source_id, s.title, s.checkable, s.publisher, s.published, s.kind, s.affiliation, s.reliability, s.url,
       s.title_described,
       count(fs.fact_id) AS facts,
       count(fs.fact_id) FILTER (fs.fact_kind = 'claim') AS claims,
       count(fs.fact_id) FILTER (fs.fact_kind = 'event') AS events,
       count(fs.fact_id) FILTER (fs.fact_kind = 'relationship') AS relationships,
       count(fs.fact_id) FILTER (fs.fact_kind = 'actor') AS actors
FROM sources s
LEFT JOIN fact_sources fs USING (source_id)
GROUP BY ALL
ORDER BY facts DESC, s.published DESC, s.source_id
