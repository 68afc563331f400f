-- The latest $limit events in scope with what the timeline and the map draw, oldest first.
-- $placed: only events with coordinates (the map). The page's work stays bounded however many match.
WITH scoped AS NOT MATERIALIZED (
    SELECT * FROM scoped_events($date_from::DATE, $date_to::DATE, $network::VARCHAR[], $countries::VARCHAR[], $kinds::VARCHAR[], $min_conf::INTEGER, $scope::BIT)
    WHERE NOT $placed::BOOLEAN OR (lat IS NOT NULL AND lon IS NOT NULL)
),
-- The day of the $limit-th latest event: the scan keeps the events on or after it (a filter it applies
-- as it reads), so the ordering below sorts a few thousand rows with their text, not every event in scope.
cutoff AS (SELECT list_min(max(date_lo, greatest($limit::INTEGER, 1))) AS day FROM scoped),  -- max(x, 0) is an error
latest AS (
    SELECT s.* FROM scoped s JOIN cutoff ON s.date_lo >= cutoff.day
    ORDER BY s.date_lo DESC, s.event_id DESC
    LIMIT $limit::INTEGER
)
SELECT e.event_id, e.title, e.type, e.date, e.date_precision, e.date_lo, e.date_hi,
       e.country, e.location, e.lat, e.lon, e.fatalities,
       f.lane, f.perpetrators, f.sources, f.status
FROM latest e JOIN event_facts f USING (event_id)
ORDER BY e.date_lo, e.event_id
