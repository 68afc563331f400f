-- The highest marking level of any row a pack of this view holds: the actors and ties of its
-- network, its events and claims (the figures, the timeline, the disputes), and their sources.
WITH ev AS (SELECT event_id, marking_level FROM scoped_events($date_from::DATE, $date_to::DATE, $network::VARCHAR[], $countries::VARCHAR[], $kinds::VARCHAR[], $min_conf::INTEGER)),
     rel AS (SELECT rel_id, marking_level FROM scoped_relationships($date_from::DATE, $date_to::DATE, $network::VARCHAR[], $countries::VARCHAR[], $kinds::VARCHAR[], $min_conf::INTEGER)),
     act AS (SELECT actor_id, marking_level FROM scoped_actors($network::VARCHAR[], $countries::VARCHAR[], $kinds::VARCHAR[], $min_conf::INTEGER)),
     cl AS (SELECT claim_id, marking_level FROM claims WHERE event_id IN (SELECT event_id FROM ev)),
     cited AS (
         SELECT source_id FROM fact_sources
         WHERE (fact_kind = 'event' AND fact_id IN (SELECT event_id FROM ev))
            OR (fact_kind = 'relationship' AND fact_id IN (SELECT rel_id FROM rel))
            OR (fact_kind = 'claim' AND fact_id IN (SELECT claim_id FROM cl))
     )
SELECT greatest(
    (SELECT coalesce(max(marking_level), 0) FROM ev),
    (SELECT coalesce(max(marking_level), 0) FROM rel),
    (SELECT coalesce(max(marking_level), 0) FROM act WHERE actor_id IN (
        SELECT source_id FROM scoped_relationships($date_from::DATE, $date_to::DATE, $network::VARCHAR[], $countries::VARCHAR[], $kinds::VARCHAR[], $min_conf::INTEGER)
        UNION SELECT target_id FROM scoped_relationships($date_from::DATE, $date_to::DATE, $network::VARCHAR[], $countries::VARCHAR[], $kinds::VARCHAR[], $min_conf::INTEGER)
        UNION SELECT actor_id FROM event_actors WHERE event_id IN (SELECT event_id FROM ev))),
    (SELECT coalesce(max(marking_level), 0) FROM cl),
    (SELECT coalesce(max(marking_level), 0) FROM sources WHERE source_id IN (SELECT source_id FROM cited))
)::INTEGER AS marking_level
