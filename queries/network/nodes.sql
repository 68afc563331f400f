-- Actors in scope that take part in a tie in scope.
SELECT a.actor_id, a.name, a.kind, a.country, a.status
FROM scoped_actors($network::VARCHAR[], $countries::VARCHAR[], $kinds::VARCHAR[], $min_conf::INTEGER) a
WHERE a.actor_id IN (
    SELECT source_id FROM scoped_relationships($date_from::DATE, $date_to::DATE, $network::VARCHAR[], $countries::VARCHAR[], $kinds::VARCHAR[], $min_conf::INTEGER)
    UNION SELECT target_id FROM scoped_relationships($date_from::DATE, $date_to::DATE, $network::VARCHAR[], $countries::VARCHAR[], $kinds::VARCHAR[], $min_conf::INTEGER)
)
ORDER BY a.actor_id
