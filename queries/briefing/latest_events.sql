-- The latest events in the window, with their attribution status.
SELECT e.event_id, e.date, e.title, e.type, e.country, e.location, e.fatalities,
       f.perpetrators, f.status, f.sources
FROM (  -- the latest first, then their facts: joining all events' facts before the LIMIT cost 3x as much
    SELECT * FROM scoped_events($date_from::DATE, $date_to::DATE, $network::VARCHAR[], $countries::VARCHAR[], $kinds::VARCHAR[], $min_conf::INTEGER, $scope::BIT)
    ORDER BY date_lo DESC, event_id
    LIMIT $limit::INTEGER
) e
JOIN event_facts f USING (event_id)
ORDER BY e.date_lo DESC, e.event_id
