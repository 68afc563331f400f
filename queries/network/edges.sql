-- Ties in scope; with an as-of date, only those standing on that day.
SELECT r.rel_id, r.source_id, r.target_id, r.type, r.confidence, r.start, r."end",
       coalesce(sl.sources, '') AS sources, r.note
FROM scoped_relationships($date_from::DATE, $date_to::DATE, $network::VARCHAR[], $countries::VARCHAR[], $kinds::VARCHAR[], $min_conf::INTEGER) r
LEFT JOIN source_labels sl ON sl.fact_kind = 'relationship' AND sl.fact_id = r.rel_id
WHERE $as_of::DATE IS NULL
   OR ((r.start_lo IS NULL OR r.start_lo <= $as_of::DATE) AND (r.end_hi IS NULL OR r.end_hi >= $as_of::DATE))
ORDER BY r.rel_id
