-- The latest $limit events in scope with what the timeline and the map draw, oldest first.
-- $placed: only events with coordinates (the map). The page's work stays bounded however many match.
SELECT * FROM (
    SELECT e.event_id, e.title, e.type, e.date, e.date_precision, e.date_lo, e.date_hi,
           e.country, e.location, e.lat, e.lon, e.fatalities,
           f.lane, f.perpetrators, f.sources, f.status
    FROM (
        SELECT * FROM scoped_events($date_from::DATE, $date_to::DATE, $network::VARCHAR[], $countries::VARCHAR[], $kinds::VARCHAR[], $min_conf::INTEGER, $scope::BIT)
        WHERE NOT $placed::BOOLEAN OR (lat IS NOT NULL AND lon IS NOT NULL)
        ORDER BY date_lo DESC, event_id DESC
        LIMIT $limit::INTEGER
    ) e
    JOIN event_facts f USING (event_id)
)
ORDER BY date_lo, event_id
