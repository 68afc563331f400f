-- Events an actor carried out, was targeted by, or is the subject of claims about.
SELECT e.event_id, e.title, e.type, e.date, e.date_precision, e.date_lo, e.date_hi,
       e.country, e.location, e.lat, e.lon, e.fatalities,
       f.lane, f.perpetrators, f.sources, f.status,
       string_agg(DISTINCT r.role, ', ' ORDER BY r.role) AS role  -- in one order whatever the tables' row order
FROM events e
JOIN event_facts f USING (event_id)
JOIN (
    SELECT event_id, role FROM event_actors WHERE actor_id = $actor_id::VARCHAR
    UNION ALL
    SELECT event_id, 'claim subject' FROM claims WHERE subject_id = $actor_id::VARCHAR
) r USING (event_id)
GROUP BY ALL
ORDER BY e.date_lo, e.event_id
