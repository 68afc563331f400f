-- The actors the sponsor network and the kinds keep, by their row in actor_id order (as meta/involvement
-- numbers them): the events involving one of them are the event scope (queries.event_scope).
SELECT actor_row
FROM (SELECT actor_id, (row_number() OVER (ORDER BY actor_id) - 1)::INTEGER AS actor_row FROM actors) a
WHERE actor_id IN (SELECT actor_id FROM scoped_actors($network::VARCHAR[], [], $kinds::VARCHAR[], $min_conf::INTEGER))
