-- Events in scope with what the timeline and the map draw.
SELECT e.event_id, e.title, e.type, e.date, e.date_precision, e.date_lo, e.date_hi,
       e.country, e.location, e.lat, e.lon, e.fatalities,
       f.lane, f.perpetrators, f.sources, f.status
FROM scoped_events($date_from::DATE, $date_to::DATE, $network::VARCHAR[], $countries::VARCHAR[], $kinds::VARCHAR[], $min_conf::INTEGER, $scope::BIT) e
JOIN event_facts f USING (event_id)
ORDER BY e.date_lo, e.event_id
