-- Actors in scope, for the profile picker.
SELECT actor_id, name, kind, country
FROM scoped_actors($network::VARCHAR[], $countries::VARCHAR[], $kinds::VARCHAR[], $min_conf::INTEGER)
ORDER BY name
