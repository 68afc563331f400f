-- The facts one source supports.
SELECT fact_kind, fact_id, fact
FROM fact_sources
WHERE source_id = $source_id::VARCHAR
ORDER BY fact_kind, fact_id
