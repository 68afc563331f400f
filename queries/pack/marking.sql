-- The highest marking level of any row a pack of this view holds: the actors and ties of its
-- network, its events and claims (the figures, the timeline, the disputes), and their sources.
-- Only rows marked above level 0 can raise the answer above 0, so each membership test starts from
-- those few rows (the marked claims, actors and sources) instead of joining every row of the view.
WITH ev AS (SELECT event_id, marking_level FROM scoped_events($date_from::DATE, $date_to::DATE, $network::VARCHAR[], $countries::VARCHAR[], $kinds::VARCHAR[], $min_conf::INTEGER, $scope::BIT)),
     rel AS (SELECT rel_id, source_id, target_id, marking_level FROM scoped_relationships($date_from::DATE, $date_to::DATE, $network::VARCHAR[], $countries::VARCHAR[], $kinds::VARCHAR[], $min_conf::INTEGER)),
     marked_act AS (SELECT actor_id, marking_level FROM scoped_actors($network::VARCHAR[], $countries::VARCHAR[], $kinds::VARCHAR[], $min_conf::INTEGER)
                    WHERE marking_level > 0),
     marked_cl AS (SELECT claim_id, event_id, marking_level FROM claims WHERE marking_level > 0),
     marked_src AS (SELECT source_id, marking_level FROM sources WHERE marking_level > 0),
     -- the facts citing a marked source, and the claims about the view's events (any marking) among them
     citing AS (SELECT f.fact_kind, f.fact_id, s.marking_level FROM fact_sources f JOIN marked_src s USING (source_id)),
     citing_claims AS (SELECT c.event_id, x.marking_level FROM citing x JOIN claims c ON x.fact_kind = 'claim' AND c.claim_id = x.fact_id)
SELECT greatest(
    (SELECT coalesce(max(marking_level), 0) FROM ev),
    (SELECT coalesce(max(marking_level), 0) FROM rel),
    (SELECT coalesce(max(marking_level), 0) FROM marked_act WHERE actor_id IN (
        SELECT source_id FROM rel
        UNION SELECT target_id FROM rel
        UNION SELECT actor_id FROM event_actors
              WHERE actor_id IN (SELECT actor_id FROM marked_act) AND event_id IN (SELECT event_id FROM ev))),
    (SELECT coalesce(max(marking_level), 0) FROM marked_cl WHERE event_id IN (SELECT event_id FROM ev)),
    (SELECT coalesce(max(marking_level), 0) FROM citing WHERE fact_kind = 'event' AND fact_id IN (SELECT event_id FROM ev)),
    (SELECT coalesce(max(marking_level), 0) FROM citing WHERE fact_kind = 'relationship' AND fact_id IN (SELECT rel_id FROM rel)),
    (SELECT coalesce(max(marking_level), 0) FROM citing_claims WHERE event_id IN (SELECT event_id FROM ev))
)::INTEGER AS marking_level
