-- Key changes in the window: ties that began or ended, designations and political turns
-- (fact_kind and fact_id name the row, for the sources a briefing pack lists).
SELECT * FROM (
    SELECT r.start AS date, r.start_lo AS day,
           'began' AS change,
           s.name || ' ' || replace(r.type, '_', ' ') || ' ' || t.name AS what,
           r.confidence, sl.sources, 'relationship' AS fact_kind, r.rel_id AS fact_id
    FROM scoped_relationships($date_from::DATE, $date_to::DATE, $network::VARCHAR[], $countries::VARCHAR[], $kinds::VARCHAR[], $min_conf::INTEGER) r
    JOIN actors s ON s.actor_id = r.source_id
    JOIN actors t ON t.actor_id = r.target_id
    LEFT JOIN source_labels sl ON sl.fact_kind = 'relationship' AND sl.fact_id = r.rel_id
    WHERE r.start_lo BETWEEN $date_from::DATE AND $date_to::DATE
    UNION ALL
    SELECT r."end", pd_lo(r."end"), 'ended',
           s.name || ' ' || replace(r.type, '_', ' ') || ' ' || t.name,
           r.confidence, sl.sources, 'relationship', r.rel_id
    FROM scoped_relationships($date_from::DATE, $date_to::DATE, $network::VARCHAR[], $countries::VARCHAR[], $kinds::VARCHAR[], $min_conf::INTEGER) r
    JOIN actors s ON s.actor_id = r.source_id
    JOIN actors t ON t.actor_id = r.target_id
    LEFT JOIN source_labels sl ON sl.fact_kind = 'relationship' AND sl.fact_id = r.rel_id
    WHERE r.end_hi BETWEEN $date_from::DATE AND $date_to::DATE
    UNION ALL
    SELECT e.date, e.date_lo, replace(e.type, '_', ' '), e.title, NULL, f.sources, 'event', e.event_id
    FROM (  -- only the latest $limit can be among the latest $limit changes: their facts alone are joined
        SELECT * FROM scoped_events($date_from::DATE, $date_to::DATE, $network::VARCHAR[], $countries::VARCHAR[], $kinds::VARCHAR[], $min_conf::INTEGER, $scope::BIT)
        WHERE type IN ('designation', 'political')
        ORDER BY date_lo DESC, title, event_id
        LIMIT $limit::INTEGER
    ) e
    JOIN event_facts f USING (event_id)
)
ORDER BY day DESC, what, change, fact_id
LIMIT $limit::INTEGER
