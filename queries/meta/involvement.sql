-- Who each event involves (event_involvement: perpetrators, targets, claim subjects) as numbers, read once
-- per data: the actor's row in actor_id order (as meta/scope_actors numbers actors) and the event's rowid.
-- queries.event_scope finds the events of a sponsor's network among these in numpy.
SELECT a.actor_row, e.rowid AS event_row
FROM event_involvement i
JOIN (SELECT actor_id, (row_number() OVER (ORDER BY actor_id) - 1)::INTEGER AS actor_row FROM actors) a USING (actor_id)
JOIN events e USING (event_id)
ORDER BY event_row, actor_row
