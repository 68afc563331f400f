-- The chosen sponsor's network (downstream() in model/30_scope.sql): bound as the network parameter of every
-- query that starts from the scoped_* macros, so it is expanded once per data and sponsor.
SELECT actor_id FROM downstream($sponsor::VARCHAR, $min_conf::INTEGER) ORDER BY actor_id
