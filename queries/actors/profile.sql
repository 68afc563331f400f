SELECT a.actor_id, a.name, a.aliases, a.kind, a.country, a.founded, a.status, a.description,
       a.lat, a.lon, a.marking, coalesce(sl.sources, '') AS sources
FROM actors a
LEFT JOIN source_labels sl ON sl.fact_kind = 'actor' AND sl.fact_id = a.actor_id
WHERE a.actor_id = $actor_id::VARCHAR
