-- Which events the sponsor and kind filters keep, one row per event in the table's own order (rowid):
-- events whose perpetrators, targets or claim subjects are in the network and of the kinds
-- chosen. queries.py packs it into the bit string bound as the scope parameter of scoped_events (bit i: rowid i).
SELECT e.event_id IN (
           SELECT event_id FROM event_involvement
           WHERE actor_id IN (SELECT actor_id FROM scoped_actors($network::VARCHAR[], [], $kinds::VARCHAR[], $min_conf::INTEGER))
       ) AS in_scope
FROM events e
ORDER BY e.rowid
