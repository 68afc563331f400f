-- Rows shown and rows the marking ceiling hides, per file.
SELECT h.resource,
       CASE h.resource
           WHEN 'sources' THEN (SELECT count(*) FROM sources)
           WHEN 'actors' THEN (SELECT count(*) FROM actors)
           WHEN 'relationships' THEN (SELECT count(*) FROM relationships)
           WHEN 'events' THEN (SELECT count(*) FROM events)
           WHEN 'claims' THEN (SELECT count(*) FROM claims)
           WHEN 'crosswalk' THEN (SELECT count(*) FROM crosswalk)
           WHEN 'imports' THEN (SELECT count(*) FROM imports)
       END AS shown,
       h.hidden
FROM hidden_counts h
ORDER BY h.resource
